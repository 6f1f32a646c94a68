/**
 * The result of `diff`: what changed between two versions of a set of policies, as the types every
 * diff stage and format shares.
 *
 * Stage: analysis (diff). Declarations only.
 * Contract:
 * - `mode` says over which flows the result holds. `snapshot`: over the given cluster snapshots
 *   (endpoints, their workloads and the external address blocks, as `connectivity` shows them).
 *   `universal` (every pod that could exist): `UniversalDiff`, regions found with Z3. It is kept
 *   apart from `DiffResult`, which the snapshot formats take.
 * - A `Change` is one (source, destination) pair whose allowed connections differ. `old`/`new` are
 *   never both empty, and never equal; an empty set prints as `No Connections`.
 * - `changes` are in canonical order: `changed`, `added`, `removed`; within a type by source,
 *   then destination (Go string order). Formats that sort their own lines may refine this.
 */
import type { ConnSet } from '../../connectivity/connset.js';
import type { Connection } from '../../report/connlist/connection.js';
import type { Verdict } from '../../oracle/trace.js';
import type { Flow } from '../../ir/flow.js';
import type { Cond, VerdictChange } from './universal/region.js';

export type ChangeType = 'changed' | 'added' | 'removed';
export const CHANGE_TYPES: readonly ChangeType[] = ['changed', 'added', 'removed'];

/**
 * How the new version relates to the old one over the compared flows:
 * `old-subset-new` — every old connection is still allowed and some are new (only more permissive);
 * `new-subset-old` — nothing new is allowed and some old connections are gone (only stricter).
 */
export type Relation = 'equivalent' | 'old-subset-new' | 'new-subset-old' | 'incomparable';
export const RELATIONS: readonly Relation[] = ['equivalent', 'old-subset-new', 'new-subset-old', 'incomparable'];

export interface Change {
  readonly type: ChangeType;
  /** Display names, as `connectivity` prints them (`ns/name[Kind]`, `a.b.c.d-w.x.y.z[External]`). */
  readonly src: string;
  readonly dst: string;
  /** Allowed in the old version (empty: none). */
  readonly old: ConnSet;
  /** Allowed in the new version (empty: none). */
  readonly new: ConnSet;
  /**
   * Which ends are workloads that exist only in the version holding the connection (an `added`
   * pair whose workload is new, a `removed` pair whose workload is gone): netpol-analyzer's
   * `workloads-diff-info`. Always false for `changed` and for external blocks.
   */
  readonly onlyInOneVersion: { readonly src: boolean; readonly dst: boolean };
  /** A concrete flow on which the two versions disagree, replayed through the oracle. */
  readonly witness?: Witness;
}

/** An end of a witness flow: a snapshot endpoint id, or an external address. */
export type WitnessParty = { kind: 'endpoint'; id: string } | { kind: 'external'; ip: string };

/** What a version says about the witness flow; `absent` when an end does not exist in it. */
export type WitnessVerdict = Verdict | 'absent';

export interface Witness {
  readonly src: WitnessParty;
  readonly dst: WitnessParty;
  /** `TCP`, `UDP`, `SCTP`, or a protocol number for the others. */
  readonly protocol: string;
  /** For TCP, UDP and SCTP. */
  readonly port?: number;
  readonly old: WitnessVerdict;
  readonly new: WitnessVerdict;
  /**
   * The rule (or policy) that decided the flow in the version that matters (the new one, unless it
   * has no deciding rule there), for pointing at the change in the sources.
   */
  readonly decidedBy?: DecidingSource;
}

export interface DecidingSource {
  readonly version: 'old' | 'new';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** `Kind name`, e.g. `NetworkPolicy prod/web`. */
  readonly resource: string;
  /** The field path of the rule, when known (`spec.ingress[0]`). */
  readonly path: string;
  /** No rule decided: the tier's default did, for the flows this policy selects (`path` is empty). */
  readonly byDefault?: boolean;
}

export interface SnapshotDiff {
  readonly mode: 'snapshot';
  /** In canonical order (see the file doc). */
  readonly changes: readonly Change[];
  readonly relation: Relation;
  /**
   * Connections whose verdict is `unknown` (constructs netpolc does not model), per version, among
   * the pairs the change can touch (`scope.ts`; elsewhere both versions decide alike, undecided
   * or not). They are left out of `changes`; while any exist, the versions are not shown to be
   * equivalent.
   */
  readonly unknown: { readonly old: readonly Connection[]; readonly new: readonly Connection[] };
  /**
   * Set by the `diff` command when some connections are undecided and both versions share one
   * snapshot: the relation over every flow of it, proved with Z3 (`snapshotRelation.ts`; `null`
   * with a reason when the solver could not, or unmodelled constructs decide some flows).
   */
  readonly proved?: { readonly relation: Relation | null; readonly reason?: string };
  readonly stats: DiffStats;
}

export interface DiffStats {
  /** Endpoints (pods) in each version's snapshot. */
  readonly endpoints: { readonly old: number; readonly new: number };
  /** Pairs with some connection in either version, after external blocks were refined. */
  readonly pairs: number;
  /** Oracle evaluations spent (both connectivity computations and the witnesses). */
  readonly evaluations: number;
}

/** The one variant today; universal mode adds its own. */
export type DiffResult = SnapshotDiff;

/**
 * Universal mode (`universal/universalDiff.ts`): over every realisable pod and external address.
 * A region is a conjunction of conditions, less any exceptions, on which every flow gets the same
 * pair of verdicts (`change`), confirmed by Z3; its witness is one such flow, replayed through the oracle in both
 * versions. `status`: `complete` — every differing flow lies in some region; `truncated` — a bound
 * was hit (`reason` says which) and more differences may exist; `unknown` — the solver gave up, so
 * nothing is claimed about the flows outside the regions. Never `complete` after a solver unknown.
 */
export interface UniversalRegion {
  readonly change: VerdictChange;
  readonly conds: readonly Cond[];
  /** Flows carved out of `conds` (each a conjunction); none of them gets `change`. Absent: none. */
  readonly except?: readonly (readonly Cond[])[];
  readonly witness: Flow;
  /** The rule that decided the witness (new version first), else the policy whose tier default did. */
  readonly decidedBy?: DecidingSource;
  /** What decided the witness in the new version (a rule, or a policy under its tier's default): where a review comment goes. */
  readonly newSource?: DecidingSource;
}

export interface UniversalDiff {
  readonly mode: 'universal';
  readonly status: 'complete' | 'truncated' | 'unknown';
  readonly reason?: string;
  readonly regions: readonly UniversalRegion[];
  /** Over the allowed flows (two Z3 queries); `null` when the solver could not decide it. */
  readonly relation: Relation | null;
  readonly relationReason?: string;
  readonly stats: { readonly queries: number };
}

/** Per-type counts, for summaries. */
export function countChanges(changes: readonly Change[]): Record<ChangeType, number> {
  const n: Record<ChangeType, number> = { changed: 0, added: 0, removed: 0 };
  for (const c of changes) n[c.type]++;
  return n;
}
