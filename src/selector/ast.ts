/**
 * One selector model for both languages: Calico selector expressions and Kubernetes
 * `LabelSelector`s lower into this AST, so the IR, the oracle and the SMT encoding handle a single
 * kind of selector.
 *
 * Semantics over a label map `L` (Calico reference, "Selectors"; libcalico-go
 * `lib/selector/parser/ast.go` for the exact behaviour):
 * - `all`: true.
 * - `global`: true for non-namespaced endpoints (global network sets, host endpoints). The selector
 *   engine itself does not know an endpoint's scope: libcalico-go's `global()` node evaluates to
 *   true, and the policy converter rewrites a `namespaceSelector` of `global()` to
 *   `!has(projectcalico.org/namespace)` (libcalico-go
 *   `lib/backend/syncersv1/updateprocessors/rules.go`). Evaluation therefore takes an optional
 *   `isGlobal` flag beside the labels: when given it decides `global`; when absent `global` is true,
 *   as in the engine.
 * - `has k`: `k ∈ L`.  `eq k v`: `L[k] = v`.  `neq k v`: `k ∉ L ∨ L[k] ≠ v`.
 * - `in k vs`: `k ∈ L ∧ L[k] ∈ vs`.  `notin k vs`: `k ∉ L ∨ L[k] ∉ vs`.
 * - `contains`, `startswith`, `endswith`: `k ∈ L` and the string test on `L[k]`.
 * - `not`, `and`, `or`: as in logic; `and []` is true, `or []` is false.
 *
 * `L` is the label map's own properties: inherited properties never count as labels.
 *
 * INVARIANT (kept by the parser, `fromLabelSelector` and the constructors in `build.ts`): the
 * `values` of `in`/`notin` are sorted by code point (Go's byte order on UTF-8, as libcalico-go's
 * string sets) and free of duplicates, so structural equality is set equality.
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

/** The label map a selector is evaluated against (Kubernetes and Calico labels are strings). */
export type Labels = Readonly<Record<string, string>>;
