/**
 * Lint, the shared vocabulary: what a check is, what it reports, and the context it runs in.
 *
 * A check (`checks/*.ts`, registered in `registry.ts`) is one module with a stable id, the most
 * severe level it reports, a one-line summary, the upstream source whose meaning it follows, and
 * what it needs:
 * - `structure`: the IR alone (a selector no label map satisfies, a port range that is empty);
 *   its findings hold for every cluster and say mode `structural`;
 * - `flows`: a way to search the flow space (`FlowQueries`): the cells of a snapshot now, the Z3
 *   encoding of every possible pod later; its findings say the mode that searched;
 * - `cluster`: the pods of a snapshot (a selector that selects none of them, pods DNS cannot
 *   reach); these exist in snapshot mode only.
 * Contract: a check never throws for a program the lowering produced; every finding that names a
 * flow carries it as a witness replayed through the oracle.
 */
import type { Direction, Program } from '../../ir/ast.js';
import type { Flow } from '../../ir/flow.js';
import type { Verdict } from '../../oracle/index.js';
import type { CellSpace } from '../cells.js';
import type { ProgramIndex } from './programIndex.js';
import type { Edit, FlowQueries } from './queries.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** How a finding was established. */
export type LintMode = 'structural' | 'snapshot' | 'universal';

export interface PolicyRef {
  tier: string;
  policy: string;
}

export interface RuleRef extends PolicyRef {
  direction: Direction;
  /** Position in `policy[direction]`, 0-based. */
  position: number;
}

export interface Location {
  file: string;
  line: number;
  column: number;
  /** Field path inside the document, e.g. `spec.ingress[0].from[1]`. */
  path: string;
}

/** Another rule or policy a finding involves (the blocking rule, the covering policy, …). */
export interface Related {
  message: string;
  location: Location | null;
}

/** A flow that shows the finding, with what the oracle says about it. */
export interface Witness {
  flow: Flow;
  /** `prod/web -> prod/db tcp 5432` (`ir/flowText.ts`). */
  text: string;
  verdict: Verdict;
  /** One line per direction evaluated: which rule or default decided. */
  trace: string[];
  /** For findings about a change (a rule removed, two policies swapped): the verdict after it. */
  changed?: { what: string; verdict: Verdict; trace: string[] };
}

export interface Finding {
  check: string;
  severity: Severity;
  mode: LintMode;
  /** Lowercase, no final period, user input in backticks, one line. */
  message: string;
  location: Location | null;
  /** The policy the finding is about, when there is one (its IR name). */
  policy?: PolicyRef;
  rule?: RuleRef;
  related: Related[];
  witness?: Witness;
  hint?: string;
}

export type CheckNeeds = 'structure' | 'flows' | 'cluster';

/** Facts earlier checks established, so that one problem is reported once (see `registry.ts`). */
export interface SharedFacts {
  /** Rules (by `ruleKey`) already reported as matching nothing, shadowed or redundant. */
  deadRules: Set<string>;
  /** Policies (by `policyKey`) already reported as selecting nothing or redundant. */
  deadPolicies: Set<string>;
  /** The policy set as a whole changes no verdict. */
  vacuous: boolean;
}

export interface LintContext {
  program: Program;
  index: ProgramIndex;
  /** The mode flow searches run in. */
  mode: 'snapshot' | 'universal';
  /** `null` when the flow space cannot be searched (no snapshot and no universal back end). */
  queries: FlowQueries | null;
  /** The snapshot's cells, when there is a cluster with pods (snapshot mode). */
  cells: CellSpace | null;
  facts: SharedFacts;
  /** Replays a flow through the oracle, optionally also on the program changed by `edit`. */
  witness(flow: Flow, edit?: Edit): Witness;
}

export interface LintCheck {
  id: string;
  /** The most severe level the check reports (SARIF `defaultConfiguration.level`). */
  severity: Severity;
  summary: string;
  /** The upstream document whose semantics the check follows. */
  upstream: string;
  needs: CheckNeeds;
  run(ctx: LintContext): Promise<Finding[]> | Finding[];
}
