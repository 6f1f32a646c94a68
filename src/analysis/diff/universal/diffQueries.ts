/**
 * Universal diff, the solver side: both versions' shared encoding (`sharedEncoding.ts`) under one
 * Z3 session, with counted queries, the verdict-change term, the confirmation of a region and the
 * decoding of a witness replayed through the oracle in both versions.
 *
 * Stage: analysis (diff, universal), over `smt/solver.ts` and `smt/decode.ts`.
 * Contract: `confirms` and `excludes` are true only on an `unsat` answer (a solver `unknown` is false, so a region
 * is never widened on one); `witness` throws `OracleDisagreement` when the oracle's verdict in
 * either version differs from the encoding's in the model.
 */
import type { Flow } from '../../../ir/flow.js';
import { evaluate, type Verdict } from '../../../oracle/index.js';
import { decodeWitness, OracleDisagreement, verdictOf } from '../../../smt/decode.js';
import type { SolverResult, SolverSession } from '../../../smt/solver.js';
import type { Term, Value } from '../../../smt/term.js';
import { condTerm, type Cond, type VerdictChange } from './region.js';
import type { SharedEncoding } from './sharedEncoding.js';

export interface UniversalDiffOptions {
  /** Stop after this many regions (default 32): the difference is then too fragmented to list. */
  maxRegions?: number;
  /** Stop after this many solver queries (default 2,000). */
  maxQueries?: number;
  /** Per query (default 10 s). */
  timeoutMs?: number;
  anyNamespaceLabels?: boolean;
  /** Only the relation (two queries), no regions. */
  relationOnly?: boolean;
}

/** The solver side of one diff: shared encoding, counted and bounded queries. */
export class DiffQueries {
  queries = 0;
  constructor(
    readonly enc: SharedEncoding,
    private readonly session: SolverSession,
    private readonly opts: UniversalDiffOptions,
    /** Keep the axioms on one solver, a push/pop scope per query (many small queries); false: a fresh solver each time. */
    private readonly incremental = true,
  ) {}

  get observed(): Term[] {
    const { old, newAllowed, newDenied } = this.enc;
    return [old.allowed, old.denied, newAllowed, newDenied];
  }

  async check(asserts: Term[]): Promise<SolverResult> {
    this.queries++;
    const timeoutMs = this.opts.timeoutMs ?? 10_000;
    if (!this.incremental) return this.session.check([...this.enc.axioms, ...asserts], { observe: this.observed, timeoutMs });
    return this.session.check(asserts, { base: this.enc.axioms, observe: this.observed, timeoutMs });
  }

  term(c: Cond): Term {
    const { f, old } = this.enc;
    return condTerm(f, old.flow.vars, { src: old.flow.src, dst: old.flow.dst }, c);
  }

  region(conds: readonly Cond[], except: readonly (readonly Cond[])[] = []): Term {
    const { f } = this.enc;
    return f.and(...conds.map((c) => this.term(c)), ...except.map((e) => f.not(f.and(...e.map((c) => this.term(c))))));
  }

  private is(allowed: Term, denied: Term, v: Verdict): Term {
    const { f } = this.enc;
    return v === 'allow' ? allowed : v === 'deny' ? denied : f.and(f.not(allowed), f.not(denied));
  }

  /** Holds iff the old version decides `change.old` and the new one `change.new`. */
  changeTerm(ch: VerdictChange): Term {
    const { f, old, newAllowed, newDenied } = this.enc;
    return f.and(this.is(old.allowed, old.denied, ch.old), this.is(newAllowed, newDenied, ch.new));
  }

  /** True iff Z3 answers that every realisable flow of the region is decided as `change` (an `unknown` is false). */
  async confirms(conds: readonly Cond[], ch: VerdictChange, except: readonly (readonly Cond[])[] = []): Promise<boolean> {
    const r = await this.check([this.region(conds, except), this.enc.f.not(this.changeTerm(ch))]);
    return r.status === 'proved';
  }

  /** True iff Z3 answers that no realisable flow of the region is decided as `change` (an `unknown` is false). */
  async excludes(conds: readonly Cond[], ch: VerdictChange): Promise<boolean> {
    const r = await this.check([this.region(conds), this.changeTerm(ch)]);
    return r.status === 'proved';
  }

  /** A flow of the region not decided as `change`, replayed; `none` only on an `unsat` answer. */
  async counterexample(
    conds: readonly Cond[],
    ch: VerdictChange,
    except: readonly (readonly Cond[])[],
  ): Promise<{ flow: Flow; change: VerdictChange } | 'none' | 'unknown'> {
    const r = await this.check([this.region(conds, except), this.enc.f.not(this.changeTerm(ch))]);
    return r.status === 'violated' ? this.witness(r.model.values, r.model.observed) : r.status === 'proved' ? 'none' : 'unknown';
  }

  /** Decodes a model, replays it in both versions and checks both against the encodings. */
  witness(values: Map<string, Value>, observed: Value[]): { flow: Flow; change: VerdictChange } {
    const { enc } = this;
    const w = decodeWitness(enc.old, values, observed.slice(0, 2), { anyNamespaceLabels: this.opts.anyNamespaceLabels ?? false });
    const smtNew = verdictOf(observed[2]!, observed[3]!);
    const replay = evaluate(enc.newProgram, w.flow).verdict;
    if (replay !== smtNew)
      throw new OracleDisagreement(`internal error: the new version's encoding says \`${smtNew}\` but the oracle says \`${replay}\`\n${JSON.stringify(w.flow)}`);
    return { flow: w.flow, change: { old: w.evaluation.verdict, new: replay } };
  }
}
