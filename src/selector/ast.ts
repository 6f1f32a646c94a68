/**
 * One selector model for both languages: Calico selector expressions and Kubernetes
 * `LabelSelector`s lower into this AST, so the IR, the oracle and the SMT encoding handle a single
 * kind of selector.
 *
 * Semantics over a label map `L` (Calico reference, "Selectors"):
 * - `all`: true.  `global`: true only for non-namespaced endpoints (global network sets, host
 *   endpoints); evaluation takes that as a flag beside the labels.
 * - `has k`: `k ∈ L`.  `eq k v`: `L[k] = v`.  `neq k v`: `k ∉ L ∨ L[k] ≠ v`.
 * - `in k vs`: `k ∈ L ∧ L[k] ∈ vs`.  `notin k vs`: `k ∉ L ∨ L[k] ∉ vs`.
 * - `contains`, `startswith`, `endswith`: `k ∈ L` and the string test on `L[k]`.
 * - `not`, `and`, `or`: as in logic; `and []` is true, `or []` is false.
 */

export type Selector =
  | { op: 'all' }
  | { op: 'global' }
  | { op: 'has'; key: string }
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'contains' | 'startswith' | 'endswith'; key: string; value: string }
  | { op: 'not'; arg: Selector }
  | { op: 'and' | 'or'; args: Selector[] };

export type SelectorOp = Selector['op'];
