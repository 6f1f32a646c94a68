/**
 * The relation between two versions over one snapshot, proved with Z3: over every flow between
 * the snapshot's endpoints and external addresses, with every field the policies read (source
 * ports, ICMP type and code, any protocol), where the connectivity matrix (`snapshotDiff.ts`)
 * leaves connections undecided because its partition does not cut those fields.
 *
 * Stage: analysis (diff), over `universal/sharedEncoding.ts` and the solver.
 * Contract: null when the versions do not share one snapshot (the flows are then not the same
 * set). Ports range over 1–65535, as in the matrix (`connectivity/connset.ts`), source ports too.
 * Otherwise two queries, "a flow old allows and new does not" and the converse, each
 * `unsat` or not, after a first query that no flow is undecided in either version (unmodelled
 * constructs: then `relation: null`). A solver `unknown` on any query gives `relation: null` with
 * the reason, never a relation.
 */
import type { Program } from '../../ir/ast.js';
import { PORT_CARRIERS } from '../../ir/protocol.js';
import { protocolIn } from '../../smt/party.js';
import { SolverSession } from '../../smt/solver.js';
import type { Relation } from './types.js';
import { DiffQueries } from './universal/diffQueries.js';
import { sharedSnapshotEncoding } from './universal/sharedEncoding.js';
import { solverRelation } from './universal/universalDiff.js';

export interface SolverRelation {
  relation: Relation | null;
  reason?: string;
}

export async function snapshotRelation(oldProgram: Program, newProgram: Program, opts: { timeoutMs?: number } = {}): Promise<SolverRelation | null> {
  const shared = sharedSnapshotEncoding(oldProgram, newProgram);
  if (!shared) return null;
  // The matrix's port space: 1–65535, for the source port too (no socket sends from port 0).
  const { f } = shared;
  const v = shared.old.flow.vars;
  const carries = protocolIn(f, v, PORT_CARRIERS);
  const enc = { ...shared, axioms: [...shared.axioms, f.implies(carries, f.and(f.inRange(v.dstPort, 1, 65535), f.inRange(v.srcPort, 1, 65535)))] };
  const session = await SolverSession.open(enc.f);
  try {
    // Three queries: a fresh solver each lets Z3 preprocess the snapshot encoding (`smt/solver.ts`).
    const q = new DiffQueries(enc, session, opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}, false);
    const { old, newAllowed, newDenied } = enc;
    const undecided = (allowed: typeof newAllowed, denied: typeof newDenied) => f.and(f.not(allowed), f.not(denied));
    const open = await q.check([f.or(undecided(old.allowed, old.denied), undecided(newAllowed, newDenied))]);
    if (open.status === 'unknown') return { relation: null, reason: `the solver gave up: ${open.reason}` };
    if (open.status === 'violated') return { relation: null, reason: 'some flows depend on constructs netpolc does not model' };
    return await solverRelation(q);
  } finally {
    await session.close();
  }
}
