/**
 * `diff` in snapshot mode: two IR programs (old, new), each with its cluster snapshot → the pairs
 * of endpoints whose allowed connections differ, the relation between the versions, and a
 * witness flow per change.
 *
 * Stage: analysis (diff). Input → output: two `Program`s → `SnapshotDiff`.
 * Contract:
 * - Each version's connectivity is `computeConnectivity`'s (the oracle on equivalence classes), so
 *   the diff sees exactly what `netpolc connectivity` prints for each version; the comparison is
 *   `diffConnections` (netpol-analyzer's conventions). Only the pairs a change can touch are
 *   decided (`scope.ts`): the others have equal connections in both versions.
 * - Connections whose verdict is `unknown` are not compared; they are returned per version, and
 *   the caller must not call the versions equivalent while any exist.
 * - Every change carries a witness (unless `witnesses: false`), evaluated in both versions.
 */
import type { Program } from '../../ir/ast.js';
import { computeConnectivity, type ConnectivityOptions, type ConnectivityResult } from '../../connectivity/compute.js';
import { sortConnections } from '../../report/connlist/connection.js';
import { diffConnections } from './diffConnections.js';
import { relationOf } from './relation.js';
import { changeReach } from './scope.js';
import { progress } from '../../util/progress.js';
import { witnessFor, type WitnessVersion } from './witness.js';
import type { SnapshotDiff } from './types.js';

export interface SnapshotDiffOptions extends Omit<ConnectivityOptions, 'touching'> {
  /** Decide every pair, also those the change cannot touch (for tests of `scope.ts`). */
  wholeSnapshot?: boolean;
  /** Find and replay a witness flow per change (default true). */
  witnesses?: boolean;
}

export function diffSnapshots(oldProgram: Program, newProgram: Program, opts: SnapshotDiffOptions = {}): SnapshotDiff {
  // Pairs a change cannot touch have equal connections in both versions: leave them undecided.
  const reach = opts.wholeSnapshot ? null : changeReach(oldProgram, newProgram);
  const connOpts: ConnectivityOptions = { ...(opts.otherProtocols ? { otherProtocols: true } : {}), ...(reach ? { touching: reach } : {}) };
  const inReach = reach ? ` (pairs touching ${new Set([...reach.src, ...reach.dst]).size} endpoints)` : '';
  progress(`diff (snapshot): the old version's connections${inReach}`);
  const oldC = computeConnectivity(oldProgram, connOpts);
  const oldConnections = oldC.connections;
  progress(`diff (snapshot): the new version's connections${inReach}`);
  const newC = computeConnectivity(newProgram, connOpts);
  const newConnections = newC.connections;
  progress('diff (snapshot): comparing');
  const oldV = version(oldProgram, oldC);
  const newV = version(newProgram, newC);
  const { changes, pairs } = diffConnections(
    { connections: oldConnections, workloads: new Set(oldV.endpointOf.keys()) },
    { connections: newConnections, workloads: new Set(newV.endpointOf.keys()) },
  );
  let evaluations = oldC.stats.evaluations + newC.stats.evaluations;
  const withWitnesses =
    opts.witnesses === false
      ? changes
      : changes.map((c) => {
          progress('diff (snapshot): witnesses');
          const w = witnessFor(c, oldV, newV, () => evaluations++);
          return w ? { ...c, witness: w } : c;
        });
  return {
    mode: 'snapshot',
    changes: withWitnesses,
    relation: relationOf(changes),
    unknown: { old: sortConnections(oldC.unknown), new: sortConnections(newC.unknown) },
    stats: {
      endpoints: { old: oldC.stats.endpoints, new: newC.stats.endpoints },
      pairs,
      evaluations,
    },
  };
}

/** Display name → first endpoint, for every endpoint of the snapshot (connected or not). */
function version(program: Program, c: ConnectivityResult): WitnessVersion {
  const endpointOf = new Map<string, string>();
  const endpointIds = new Set<string>();
  for (const e of program.snapshot?.endpoints ?? []) {
    endpointIds.add(e.id);
    const name = c.displayOf({ kind: 'endpoint', id: e.id }, 'src');
    if (name !== undefined && !endpointOf.has(name)) endpointOf.set(name, e.id);
  }
  return { program, endpointOf, endpointIds };
}
