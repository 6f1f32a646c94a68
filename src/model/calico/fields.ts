/**
 * Strict reading of Calico objects with targeted hints for fields that belong to another API.
 *
 * Calico's types are decoded strictly like any other (unknown fields are errors); many unknown
 * fields in Calico YAML are Kubernetes NetworkPolicy habits (`podSelector`, `policyTypes`,
 * `from`/`to`, `ipBlock`, rule-level `ports`). For those the generic "did you mean" is replaced by
 * the Calico way to say the same thing, generated from what the user wrote where possible.
 *
 * Contract: same as `Reader.object` — every unknown key is reported at the key, with a hint.
 */
import type { YMap, YNode } from '../../yaml/node.js';
import type { Fields, Reader } from '../read.js';
import { joinPath } from '../read.js';

/** A hint for a field the Calico type does not have: fixed text, or built from the object and value. */
export type FieldHint = string | ((obj: YMap, value: YNode) => string);

/**
 * Like `r.object`, but fields named in `hints` (and not in `known`) are reported as unknown with
 * the given hint instead of a "did you mean".
 */
export function readObject(
  r: Reader,
  node: YNode | undefined,
  path: string,
  known: readonly string[],
  hints: Readonly<Record<string, FieldHint>> = {},
): Fields | undefined {
  if (!node || node.kind !== 'map') return r.object(node, path, known);
  const hinted = node.pairs.filter((p) => !known.includes(String(p.key.value)) && Object.hasOwn(hints, String(p.key.value)));
  for (const p of hinted) {
    const k = String(p.key.value);
    const h = hints[k]!;
    r.report('unknown-field', p.key, joinPath(path, k), `unknown field \`${k}\` in ${path || 'document'}`,
      typeof h === 'string' ? h : h(node, p.value));
  }
  if (hinted.length === 0) return r.object(node, path, known);
  const rest: YMap = { kind: 'map', span: node.span, pairs: node.pairs.filter((p) => !hinted.includes(p)) };
  const f = r.object(rest, path, known);
  return f && { ...f, node };
}

/** `[53, "8000:8080"]` from whatever the user put in a Kubernetes-style `ports` list. */
function calicoPortsText(value: YNode): { list: string; protocols: Set<string> } {
  const out: string[] = [];
  const protocols = new Set<string>();
  const items = value.kind === 'seq' ? value.items : [value];
  for (const it of items) {
    if (it.kind === 'scalar' && it.value !== null) {
      out.push(typeof it.value === 'number' ? String(it.value) : JSON.stringify(String(it.value)));
      continue;
    }
    if (it.kind !== 'map') continue;
    const get = (k: string) => {
      const v = it.pairs.find((p) => p.key.value === k)?.value;
      return v && v.kind === 'scalar' && v.value !== null ? v.value : undefined;
    };
    const port = get('port');
    const end = get('endPort');
    const proto = get('protocol');
    if (proto !== undefined) protocols.add(String(proto));
    if (port === undefined) continue;
    if (end !== undefined) out.push(JSON.stringify(`${port}:${end}`));
    else out.push(typeof port === 'number' ? String(port) : JSON.stringify(String(port)));
  }
  return { list: `[${out.join(', ')}]`, protocols };
}

/** The hint for `ports`/`notPorts` written on a rule instead of in its `destination`. */
function rulePortsHint(field: 'ports' | 'notPorts'): FieldHint {
  return (rule, value) => {
    const { list, protocols } = calicoPortsText(value);
    const protoNode = rule.pairs.find((p) => p.key.value === 'protocol')?.value;
    const ruleProto = protoNode && protoNode.kind === 'scalar' && protoNode.value !== null ? String(protoNode.value) : undefined;
    let hint =
      `Calico ${field} belong in \`destination.${field}\`, as a list of numbers or "from:to" strings, ` +
      `e.g. \`destination: {${field}: ${list === '[]' ? '[80]' : list}}\`; the protocol comes from the rule's \`protocol\``;
    if (protocols.size > 1) hint += `; use one rule per protocol (${[...protocols].join(', ')})`;
    else if (protocols.size === 1 && ruleProto === undefined) hint += ` (set \`protocol: ${[...protocols][0]}\` on the rule)`;
    else if (protocols.size === 1 && ruleProto !== undefined && ruleProto !== [...protocols][0])
      hint += ` (the rule says \`${ruleProto}\`, the ports say \`${[...protocols][0]}\`)`;
    return hint;
  };
}

/** Kubernetes NetworkPolicy fields in a Calico policy `spec`. */
export const SPEC_HINTS: Readonly<Record<string, FieldHint>> = {
  podSelector: 'Calico policies pick endpoints with `selector`, a selector string such as `app == "web"`',
  policyTypes: 'Calico calls this field `types`',
};

/** Kubernetes NetworkPolicy fields in a Calico rule. */
export const RULE_HINTS: Readonly<Record<string, FieldHint>> = {
  from: 'Calico rules match the peer with `source` (and `destination`), each an entity rule with `selector`, `nets`, `ports`, …',
  to: 'Calico rules match the peer with `destination` (and `source`), each an entity rule with `selector`, `nets`, `ports`, …',
  ports: rulePortsHint('ports'),
  notPorts: rulePortsHint('notPorts'),
};

/** Kubernetes NetworkPolicy peer fields in a Calico entity rule. */
export const ENTITY_HINTS: Readonly<Record<string, FieldHint>> = {
  podSelector: 'Calico entity rules use `selector`, a selector string such as `app == "web"`',
  ipBlock: 'Calico entity rules use `nets` (a list of CIDRs); put `except` entries in `notNets`',
};
