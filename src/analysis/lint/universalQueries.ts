/**
 * Lint, universal back end: `FlowQueries` answered by Z3 over every flow that could exist — a
 * symbolic pod of any namespace, labels and service account, or any external address, at each
 * end (`smt/party.ts`, mode `universal`, under the realisability axioms of `smt/axioms.ts`).
 *
 * Input → output: program + index → an object that answers `find(condition)`:
 * - the condition becomes one term (`universal/symbolicConditions.ts`), edits by encoding the
 *   edited program over the same flow;
 * - `unsat` is `none`, a proof for every cluster; Z3's `unknown` or a timeout is `unknown`, never
 *   `none` (STYLE: solver unknown is not a result);
 * - every model is decoded into a concrete flow (`smt/decode.ts` `decodeWitness`, which replays it
 *   through the oracle and checks the encoding's verdict), and the condition is checked on that
 *   flow without the solver (`universal/conditionHolds.ts`); a flow that fails is a bug in netpolc
 *   (`OracleDisagreement`), never returned.
 * Further witnesses (`limit` > 1) are asked for one at a time, each differing from the earlier
 * ones in its ends' kinds, protocol or destination port; at most `MAX_WITNESSES`, since each costs
 * a solver call and checks only sample them to name related rules.
 */
import type { Program } from '../../ir/ast.js';
import { realisable } from '../../smt/axioms.js';
import { decodeWitness, OracleDisagreement } from '../../smt/decode.js';
import { TermFactory } from '../../smt/factory.js';
import { SolverSession, type Model } from '../../smt/solver.js';
import { TCP } from '../../ir/protocol.js';
import type { Term, Value } from '../../smt/term.js';
import type { ProgramIndex } from './programIndex.js';
import type { Condition, FlowQueries, Search } from './queries.js';
import { ConcreteFlow } from './universal/conditionHolds.js';
import { SymbolicConditions } from './universal/symbolicConditions.js';

export interface UniversalOptions {
  /** Per solver call (default 10 s: lint asks several questions per rule). */
  timeoutMs?: number;
  /** Namespaces of the snapshot may carry any labels, not only their own. */
  anyNamespaceLabels?: boolean;
}

export const MAX_WITNESSES = 3;
const DEFAULT_TIMEOUT_MS = 10_000;

export class UniversalQueries implements FlowQueries {
  readonly mode = 'universal' as const;
  private readonly f = new TermFactory();
  private sym: SymbolicConditions | null = null;
  private session: Promise<SolverSession> | null = null;
  /** Solver calls made, for tests that keep the work bounded. */
  calls = 0;

  constructor(
    readonly program: Program,
    readonly index: ProgramIndex,
    private readonly opts: UniversalOptions = {},
  ) {}

  private symbolic(): SymbolicConditions {
    return (this.sym ??= new SymbolicConditions(this.f, this.program, this.index));
  }

  async find(cond: Condition, limit = 1): Promise<Search> {
    const sym = this.symbolic();
    const { f } = this;
    const goal = sym.conditionTerm(cond);
    if (goal === f.F) return { status: 'none' };
    this.session ??= SolverSession.open(f);
    const session = await this.session;
    const flows = [];
    const others: Term[] = [];
    while (flows.length < Math.min(limit, MAX_WITNESSES)) {
      // After the goal: the axioms cover the label keys and named ports the goal mentions.
      const axioms = realisable(f, this.program, sym.flow, { anyNamespaceLabels: this.opts.anyNamespaceLabels ?? false });
      this.calls++;
      const r = await session.check([goal, ...others, ...axioms], {
        timeoutMs: this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        observe: [sym.base.allowed, sym.base.denied],
      });
      if (r.status === 'proved') break;
      if (r.status === 'unknown') {
        if (flows.length > 0) break;
        return { status: 'unknown', reason: `the solver gave up: ${r.reason}` };
      }
      const model = (await this.preferTcp(session, [goal, ...others, ...axioms])) ?? r.model;
      const w = decodeWitness(sym.base, model.values, model.observed, { anyNamespaceLabels: this.opts.anyNamespaceLabels ?? false });
      if (!new ConcreteFlow(this.program, this.index, w.flow).holds(cond))
        throw new OracleDisagreement(`internal error: the solver's flow does not satisfy the lint condition\n${JSON.stringify(w.flow)}\n${JSON.stringify(cond)}`);
      flows.push(w.flow);
      others.push(f.not(this.shape(model.values)));
    }
    return flows.length > 0 ? { status: 'found', flows } : { status: 'none' };
  }

  /**
   * A model of `asserts` on TCP with real ports, when there is one: Z3 tends to pick protocol 0,
   * a valid witness but not one a reader recognises. One more call, only once a flow was found.
   */
  private async preferTcp(session: SolverSession, asserts: Term[]): Promise<Model | null> {
    const { f } = this;
    const sym = this.symbolic();
    this.calls++;
    const v = sym.flow.vars;
    // A real connection: a destination port, from an ephemeral source port.
    const tcp = f.and(f.eq(v.protocol, f.bv(TCP, 8)), f.inRange(v.dstPort, 1, 65535), f.inRange(v.srcPort, 32768, 65535));
    const r = await session.check([...asserts, tcp], {
      timeoutMs: this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      observe: [sym.base.allowed, sym.base.denied],
    });
    return r.status === 'violated' ? r.model : null;
  }

  /** The model's ends' kinds, protocol and destination port, as a term (to ask for another). */
  private shape(values: ReadonlyMap<string, Value>): Term {
    const { f } = this;
    const v = this.symbolic().flow.vars;
    const parts: Term[] = [];
    for (const p of [this.symbolic().flow.src, this.symbolic().flow.dst])
      if (p.select) parts.push(f.eq(p.select, f.bv((values.get(p.select.name) as bigint | undefined) ?? 0n, (p.select.sort as { width: number }).width)));
    parts.push(f.eq(v.protocol, f.bv((values.get('flow.protocol') as bigint | undefined) ?? 0n, 8)));
    parts.push(f.eq(v.dstPort, f.bv((values.get('flow.dstPort') as bigint | undefined) ?? 0n, 16)));
    return f.and(...parts);
  }

  /** Frees the solver context (Z3 itself stays up until `shutdownSolver`). */
  async close(): Promise<void> {
    if (this.session) await (await this.session).close();
    this.session = null;
  }
}
