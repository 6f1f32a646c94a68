/**
 * Universal diff: two versions → the regions of flows (over every realisable pod and external
 * address) whose verdict differs, each with a witness, and the relation between the versions.
 *
 * Stage: analysis (diff, universal), over `sharedEncoding.ts` and the solver. The loop: ask Z3 for
 * a flow whose verdicts differ and that lies in no region found so far; decode it and replay it
 * through the oracle in both versions; pin every variable the encodings read to the witness's
 * value (a class on which both verdicts are constant), then widen — port ranges, address blocks,
 * dropping one condition at a time — keeping a widening only when Z3 answers that no realisable
 * flow of the wider region is decided otherwise; then drop a condition more where one or two
 * exceptions carve out what no longer fits (`carve.ts`); swap the witness's arbitrary values for
 * readable ones (`polish.ts`, checked by the oracle); block the region and repeat. Regions that
 * differ only in adjacent port ranges or in their services are merged at the end.
 * Contract: every region's flows all get `change` (each widening rests on an `unsat`, and a solver
 * `unknown` only keeps the narrower region); `complete` only after Z3 answered `unsat` to "a
 * differing flow outside every region"; a solver `unknown` there makes the result `unknown`,
 * never equal. Relation: over the allowed flows, `old ⊆ new` iff no flow is allowed only by old.
 */
import { progress } from '../../../util/progress.js';
import type { Program } from '../../../ir/ast.js';
import { SolverSession } from '../../../smt/solver.js';
import type { Term } from '../../../smt/term.js';
import type { Relation, UniversalDiff, UniversalRegion } from '../types.js';
import { DiffQueries, type UniversalDiffOptions } from './diffQueries.js';
import { generalise, witnessConds } from './generalise.js';
import { mergeRegions } from './merge.js';
import { carve } from './carve.js';
import { polishWitness } from './polish.js';
import { deciding, decidingSource, defaultSource } from '../witness.js';
import { evaluate } from '../../../oracle/index.js';
import { sharedEncoding } from './sharedEncoding.js';

export type { UniversalDiffOptions } from './diffQueries.js';

/** Returns asserts that are unsatisfiable iff every realisable flow one version allows (the old one when `oldSide`) the other allows too. */
function allowedOnly(q: DiffQueries, oldSide: boolean): Term[] {
  const { f, old, newAllowed } = q.enc;
  return oldSide ? [old.allowed, f.not(newAllowed)] : [newAllowed, f.not(old.allowed)];
}

/** The relation over the allowed flows of `q`'s encoding: two queries; `null` when the solver gave up on either. */
export async function solverRelation(q: DiffQueries): Promise<{ relation: Relation | null; reason?: string }> {
  const lost = await q.check(allowedOnly(q, true));
  const gained = await q.check(allowedOnly(q, false));
  for (const r of [lost, gained]) if (r.status === 'unknown') return { relation: null, reason: `the solver gave up: ${r.reason}` };
  const oldInNew = lost.status === 'proved';
  const newInOld = gained.status === 'proved';
  return { relation: oldInNew && newInOld ? 'equivalent' : oldInNew ? 'old-subset-new' : newInOld ? 'new-subset-old' : 'incomparable' };
}

/** The universal diff of two programs (see the file contract). */
export async function diffUniversal(oldProgram: Program, newProgram: Program, opts: UniversalDiffOptions = {}): Promise<UniversalDiff> {
  const enc = sharedEncoding(oldProgram, newProgram, opts.anyNamespaceLabels !== undefined ? { anyNamespaceLabels: opts.anyNamespaceLabels } : {});
  const session = await SolverSession.open(enc.f);
  try {
    const q = new DiffQueries(enc, session, opts);
    const rel = await solverRelation(q);
    const regions: UniversalRegion[] = [];
    const done = (status: UniversalDiff['status'], reason?: string): UniversalDiff => ({
      mode: 'universal',
      status,
      ...(reason !== undefined ? { reason } : {}),
      regions: mergeRegions(regions),
      relation: rel.relation,
      ...(rel.reason !== undefined ? { relationReason: rel.reason } : {}),
      stats: { queries: q.queries },
    });
    if (opts.relationOnly) return done(rel.relation === null ? 'unknown' : 'truncated', 'only the relation was asked for');
    const { f, old, newAllowed, newDenied } = enc;
    const differ = f.or(f.not(f.eq(old.allowed, newAllowed)), f.not(f.eq(old.denied, newDenied)));
    const maxRegions = opts.maxRegions ?? 32;
    const maxQueries = opts.maxQueries ?? 2000;
    for (;;) {
      progress(`diff (universal): ${regions.length} regions, ${q.queries} solver queries`);
      const found = await q.check([differ, ...regions.map((r) => f.not(q.region(r.conds, r.except)))]);
      if (found.status === 'proved') return done('complete');
      if (found.status === 'unknown') return done('unknown', `the solver gave up: ${found.reason}`);
      if (regions.length >= maxRegions)
        return done('truncated', `the difference is too fragmented: stopped after ${maxRegions} regions (more remain)`);
      if (q.queries >= maxQueries) return done('truncated', `stopped after ${q.queries} solver queries (more regions remain)`);
      const w = q.witness(found.model.values, found.model.observed);
      const widened = await generalise(q, witnessConds(enc, w.flow), w.change);
      const { conds, except } = await carve(q, widened, w.change);
      const shape = { conds, ...(except.length > 0 ? { except } : {}) };
      const witness = polishWitness(oldProgram, newProgram, shape, w.change, w.flow);
      const [n, o] = [evaluate(newProgram, witness), evaluate(oldProgram, witness)];
      const decidedBy = deciding(n, o, newProgram, oldProgram);
      const newSource = decidingSource(n, 'new') ?? defaultSource(n, 'new', newProgram);
      regions.push({ change: w.change, ...shape, witness, ...(decidedBy ? { decidedBy } : {}), ...(newSource ? { newSource } : {}) });
    }
  } finally {
    await session.close();
  }
}
