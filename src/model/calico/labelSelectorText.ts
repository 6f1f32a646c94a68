/**
 * Kubernetes `LabelSelector` object → the equivalent Calico selector string, for hints.
 *
 * Calico selector fields take an expression string, never a `{matchLabels, matchExpressions}`
 * object (Calico reference, "Selectors"); users coming from Kubernetes NetworkPolicy often write
 * the object. This builds the string they meant, from any object of that shape: `matchLabels`
 * entries become `k == "v"`, `In`/`NotIn` become `k in {…}`/`k not in {…}`, `Exists`/`DoesNotExist`
 * become `has(k)`/`!has(k)`, all joined with `&&` (Kubernetes ANDs them too); `{}` is `all()`.
 *
 * Contract: pure; returns undefined when the object is not a well-formed label selector (the
 * caller still reports the type error, just without a suggestion).
 */
import type { YMap, YNode } from '../../yaml/node.js';

/** A Calico string literal for `v`: double-quoted unless it contains `"` (no escapes exist). */
export function calicoLiteral(v: string): string | undefined {
  if (!v.includes('"')) return `"${v}"`;
  if (!v.includes("'")) return `'${v}'`;
  return undefined;
}

function str(n: YNode | undefined): string | undefined {
  if (!n || n.kind !== 'scalar' || n.value === null) return undefined;
  // Label values such as `80` or `true` are strings to the user even when YAML typed them.
  return String(n.value);
}

function field(m: YMap, key: string): YNode | undefined {
  return m.pairs.find((p) => p.key.value === key)?.value;
}

/** True when `node` is a mapping whose keys are all label-selector keys. */
export function looksLikeLabelSelector(node: YNode): node is YMap {
  return node.kind === 'map' && node.pairs.every((p) => p.key.value === 'matchLabels' || p.key.value === 'matchExpressions');
}

/** The Calico selector equivalent to a Kubernetes label selector object, or undefined. */
export function labelSelectorToCalicoText(node: YMap): string | undefined {
  if (!looksLikeLabelSelector(node)) return undefined;
  const terms: string[] = [];
  const ml = field(node, 'matchLabels');
  if (ml && !(ml.kind === 'scalar' && ml.value === null)) {
    if (ml.kind !== 'map') return undefined;
    for (const p of ml.pairs) {
      const v = str(p.value);
      const lit = v === undefined ? undefined : calicoLiteral(v);
      if (lit === undefined) return undefined;
      terms.push(`${String(p.key.value)} == ${lit}`);
    }
  }
  const me = field(node, 'matchExpressions');
  if (me && !(me.kind === 'scalar' && me.value === null)) {
    if (me.kind !== 'seq') return undefined;
    for (const item of me.items) {
      if (item.kind !== 'map') return undefined;
      const key = str(field(item, 'key'));
      const op = str(field(item, 'operator'));
      if (key === undefined || op === undefined) return undefined;
      const valuesNode = field(item, 'values');
      const values: string[] = [];
      if (valuesNode && valuesNode.kind === 'seq') {
        for (const v of valuesNode.items) {
          const s = str(v);
          if (s === undefined) return undefined;
          values.push(s);
        }
      }
      const lits = values.map(calicoLiteral);
      if (lits.some((l) => l === undefined)) return undefined;
      const set = `{${lits.join(', ')}}`;
      switch (op) {
        case 'In':
          terms.push(`${key} in ${set}`);
          break;
        case 'NotIn':
          terms.push(`${key} not in ${set}`);
          break;
        case 'Exists':
          terms.push(`has(${key})`);
          break;
        case 'DoesNotExist':
          terms.push(`!has(${key})`);
          break;
        default:
          return undefined;
      }
    }
  }
  return terms.length === 0 ? 'all()' : terms.join(' && ');
}
