/**
 * Model stage: a positioned `LabelSelector` (apimachinery meta/v1) → the typed `LabelSelector`,
 * validated as `ValidateLabelSelector` in apimachinery `pkg/apis/meta/v1/validation` does it.
 *
 * Rules (each reported at the offending node, with its field path):
 * - only `matchLabels` and `matchExpressions` (strict decoding);
 * - `matchLabels` keys are qualified names and values are label values;
 * - a requirement has `key` (a qualified name) and `operator`, one of `In`, `NotIn`, `Exists`,
 *   `DoesNotExist`; `In`/`NotIn` need at least one value, `Exists`/`DoesNotExist` none;
 * - requirement values are label values, unless `allowInvalidValues` (the API server's
 *   `AllowInvalidLabelValueInSelector`, which it only sets for objects that already hold one).
 *
 * Contract: returns `undefined` when the node is absent or null (the field was not given), `{}`
 * gives a selector with no requirements (it selects everything); on a problem it still returns
 * what it could read, so the caller can decide, and every problem is in the reader.
 */
import type { YNode } from '../../yaml/node.js';
import { joinPath, type Reader } from '../read.js';
import { labelKeyProblem, labelValueProblem } from '../labels.js';
import type { LabelSelector, LabelSelectorOperator, LabelSelectorRequirement } from '../labelSelector.js';

const SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'] as const;
const REQUIREMENT_FIELDS = ['key', 'operator', 'values'] as const;
const OPERATORS: readonly LabelSelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export interface LabelSelectorOptions {
  /** Accept requirement values that are not valid label values (default false). */
  allowInvalidValues?: boolean;
}

export function readLabelSelector(
  r: Reader,
  node: YNode | undefined,
  path: string,
  opts: LabelSelectorOptions = {},
): LabelSelector | undefined {
  const f = r.object(node, path, SELECTOR_FIELDS, 'a label selector object');
  if (!f) return undefined;
  const matchLabels = readLabelMap(r, f.get('matchLabels'), f.at('matchLabels'));
  const matchExpressions = r.list(f.get('matchExpressions'), f.at('matchExpressions'), (item, p) =>
    readRequirement(r, item, p, opts),
  );
  return { matchLabels, matchExpressions };
}

/**
 * A map of label keys to values (`matchLabels`, a pod template's `labels`, a Service's
 * `selector`): every key a qualified name, every value a label value (apimachinery
 * `ValidateLabels`). Absent or null gives `{}`.
 */
export function readLabelMap(r: Reader, node: YNode | undefined, path: string): Record<string, string> {
  const labels = r.stringMap(node, path) ?? {};
  if (node?.kind !== 'map') return labels;
  for (const p of node.pairs) {
    const k = String(p.key.value);
    const at = joinPath(path, k);
    const kp = labelKeyProblem(k);
    if (kp) r.report('invalid-label-key', p.key, at, `label key \`${k}\` is not valid: ${kp}`);
    const v = labels[k];
    const vp = v === undefined ? undefined : labelValueProblem(v);
    if (vp) r.report('invalid-label-value', p.value, at, `label value \`${v}\` is not valid: ${vp}`);
  }
  return labels;
}

function readRequirement(
  r: Reader,
  node: YNode,
  path: string,
  opts: LabelSelectorOptions,
): LabelSelectorRequirement | undefined {
  const f = r.object(node, path, REQUIREMENT_FIELDS, 'a selector requirement object');
  if (!f) {
    if (node.kind === 'scalar' && node.value === null)
      r.report('invalid-selector', node, path, 'a selector requirement cannot be null');
    return undefined;
  }
  const keyNode = r.required(f, 'key');
  const key = r.string(keyNode, f.at('key'));
  if (key !== undefined && keyNode) {
    const kp = labelKeyProblem(key);
    if (kp) r.report('invalid-label-key', keyNode, f.at('key'), `label key \`${key}\` is not valid: ${kp}`);
  }
  const opNode = r.required(f, 'operator');
  const opText = r.string(opNode, f.at('operator'));
  let operator: LabelSelectorOperator | undefined;
  if (opText !== undefined && opNode) {
    operator = OPERATORS.find((o) => o === opText);
    if (!operator) {
      const ci = OPERATORS.find((o) => o.toLowerCase() === opText.toLowerCase());
      r.report('invalid-selector', opNode, f.at('operator'), `operator \`${opText}\` is not a selector operator`,
        ci ? `did you mean \`${ci}\`?` : `use one of ${OPERATORS.join(', ')}`);
    }
  }
  const valuesNode = f.get('values');
  const values = r.strings(valuesNode, f.at('values')) ?? [];
  if (!opts.allowInvalidValues && valuesNode?.kind === 'seq') {
    valuesNode.items.forEach((item, i) => {
      if (item.kind !== 'scalar' || typeof item.value !== 'string') return;
      const vp = labelValueProblem(item.value);
      if (vp) r.report('invalid-label-value', item, joinPath(f.at('values'), i), `value \`${item.value}\` is not valid: ${vp}`);
    });
  }
  // apimachinery ValidateLabelSelectorRequirement: the operator decides whether values are needed.
  const given = valuesNode?.kind === 'seq' ? valuesNode.items.length : 0;
  if ((operator === 'In' || operator === 'NotIn') && given === 0)
    r.report('invalid-selector', valuesNode ?? f.node, f.at('values'), `\`values\` must not be empty when the operator is \`${operator}\``);
  if ((operator === 'Exists' || operator === 'DoesNotExist') && given > 0)
    r.report('invalid-selector', valuesNode!, f.at('values'), `\`values\` must be empty when the operator is \`${operator}\``,
      operator === 'Exists' ? 'to match given values use `In`' : 'to exclude given values use `NotIn`');
  if (key === undefined || operator === undefined) return undefined;
  return { key, operator, values };
}
