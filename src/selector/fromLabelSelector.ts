/**
 * Selector stage, Kubernetes side: typed `LabelSelector` (`model/labelSelector.ts`) → the one
 * selector AST, so Kubernetes and Calico selectors share the oracle and the SMT encoding.
 *
 * Semantics (Kubernetes "Labels and Selectors", set-based requirements, and the API reference for
 * `LabelSelector`/`LabelSelectorRequirement`): every `matchLabels` entry and every
 * `matchExpressions` requirement must hold (AND); the empty selector `{}` selects everything.
 * - `matchLabels: {k: v}` → `k == "v"` (the key present with that value);
 * - `In` → `k in {…}`: the key present with one of the values;
 * - `NotIn` → `k not in {…}`: the key absent, or present with none of the values;
 * - `Exists` → `has(k)`; `DoesNotExist` → `!has(k)`.
 * Calico's operators have exactly these meanings (`ast.ts`), so the translation is one node each.
 *
 * Contract: deterministic output: `matchLabels` in key order (code points), then the expressions as
 * written; one requirement is returned bare, none is `all()`. Validity (non-empty `values` for
 * `In`/`NotIn`, none for `Exists`) is checked where the YAML is read; here `In` with no values
 * simply matches nothing, as its definition says.
 */
import type { LabelSelector } from '../model/labelSelector.js';
import type { Selector } from './ast.js';
import { and, compareCodePoints, eq, has, inSet, not, notInSet } from './build.js';

export function fromLabelSelector(ls: LabelSelector): Selector {
  const parts: Selector[] = [];
  for (const key of Object.keys(ls.matchLabels).sort(compareCodePoints)) {
    parts.push(eq(key, ls.matchLabels[key]!));
  }
  for (const req of ls.matchExpressions) {
    switch (req.operator) {
      case 'In':
        parts.push(inSet(req.key, req.values));
        break;
      case 'NotIn':
        parts.push(notInSet(req.key, req.values));
        break;
      case 'Exists':
        parts.push(has(req.key));
        break;
      case 'DoesNotExist':
        parts.push(not(has(req.key)));
        break;
    }
  }
  return and(...parts);
}
