/**
 * Analysis `prove`: IR program × properties → one result per property (proved, violated with a
 * witness flow, or unknown with a reason). The verifier layer over the SMT stage: the program is
 * encoded once (`smt/encode.ts`), each property kind is a short `verify*` function that states its
 * claim as asserts, the solver (`smt/solver.ts`) decides them, and every model is decoded and
 * replayed through the oracle (`smt/decode.ts`) and checked against the property's scope
 * (`prove/inScope.ts`) before it is returned.
 *
 * Contract:
 * - `proved` rests only on `unsat` answers about `allowed`/`denied`, never on a flow whose verdict
 *   is unknown and never on a solver `unknown` or timeout;
 * - a claim refuted only by flows whose verdict is unknown (unmodelled fields) is `unknown`, with
 *   such a flow as the witness and the unmodelled reasons;
 * - `some` is proved with a witness (an allowed flow); violated means no such flow exists;
 * - universal mode quantifies over every realisable pod and external address (`smt/axioms.ts`),
 *   snapshot mode over the snapshot's endpoints and every external address.
 */
import { progress } from '../util/progress.js';
import type { Program } from '../ir/ast.js';
import type { Flow } from '../ir/flow.js';
import type { Evaluation, Verdict } from '../oracle/index.js';
import type { Property } from '../property/ast.js';
import { isParseError, parseCidr, type Cidr } from '../util/cidr.js';
import { realisable } from '../smt/axioms.js';
import { decodeWitness, OracleDisagreement, type Witness } from '../smt/decode.js';
import { encodeProgram, type Encoding } from '../smt/encode.js';
import { TermFactory } from '../smt/factory.js';
import { encodeEndpointSpec, encodeOn } from '../smt/property.js';
import { SolverSession } from '../smt/solver.js';
import type { Term } from '../smt/term.js';
import { endpointInSpec, flowOn } from './prove/inScope.js';

export type ProveMode = 'universal' | 'snapshot';
export type ProveStatus = 'proved' | 'violated' | 'unknown';

export interface ProveOptions {
  mode: ProveMode;
  /** Per solver query (a property takes one or two); default `DEFAULT_TIMEOUT_MS` of the solver. */
  timeoutMs?: number;
  /** Universal mode: namespaces of the snapshot may carry any labels, not only their own. */
  anyNamespaceLabels?: boolean;
  /** Every pod address lies inside this CIDR, and every external address outside it. */
  podCidr?: string;
}

export interface ProveResult {
  name: string;
  status: ProveStatus;
  /** `violated`: a flow that refutes the claim; `proved` (`some`): an allowed flow; `unknown`: a flow with an unknown verdict, when one is the reason. */
  witness?: Flow;
  /** The oracle's trace of the witness. */
  evaluation?: Evaluation;
  reason?: string;
}

/** The program's encoding, shared by every property of one `prove` call. */
export interface Query {
  enc: Encoding;
  f: TermFactory;
  program: Program;
}

/** `S -> D on P` as asserts; `only` negates `S`. */
function scope(q: Query, p: Property, negateSource = false): Term[] {
  const { f, enc } = q;
  const v = enc.flow.vars;
  const s = encodeEndpointSpec(f, v, p.src, enc.flow.src);
  return [negateSource ? f.not(s) : s, encodeEndpointSpec(f, v, p.dst, enc.flow.dst), encodeOn(f, v, p.on)];
}

/** Returns asserts that are unsatisfiable iff every flow from S to D on P is denied (a model is a flow that is not). */
export function verifyDeny(q: Query, p: Property): Term[] {
  return [...scope(q, p), q.f.not(q.enc.denied)];
}

/** Returns asserts that are unsatisfiable iff every flow from S to D on P is allowed (a model is a flow that is not). */
export function verifyAllow(q: Query, p: Property): Term[] {
  return [...scope(q, p), q.f.not(q.enc.allowed)];
}

/** Returns asserts that are unsatisfiable iff every flow into D on P from outside S is denied (a model is one that is not). */
export function verifyOnly(q: Query, p: Property): Term[] {
  return [...scope(q, p, true), q.f.not(q.enc.denied)];
}

/** Returns asserts that are unsatisfiable iff no flow from S to D on P is allowed, i.e. iff `some` fails (a model is the witness that it holds). */
export function verifySome(q: Query, p: Property): Term[] {
  return [...scope(q, p), q.enc.allowed];
}

type Solved = { sat: false } | { sat: true; w: Witness } | { unknown: string };

function unmodelled(e: Evaluation): string {
  const reasons = [e.egress.decision, e.ingress.decision].flatMap((d) => ('reasons' in d ? d.reasons : []));
  return `the verdict of the witness depends on what netpolc does not model: ${[...new Set(reasons)].join('; ')}`;
}

class Prover {
  constructor(
    private readonly q: Query,
    private readonly session: SolverSession,
    private readonly opts: ProveOptions,
    private readonly podCidr: Cidr | null,
  ) {}

  /** Solves `asserts` under the realisability axioms; a model is decoded, replayed and checked. */
  private async solve(p: Property, asserts: Term[], want: (v: Verdict) => boolean): Promise<Solved> {
    const { f, enc, program } = this.q;
    const axioms = realisable(f, program, enc.flow, { anyNamespaceLabels: this.opts.anyNamespaceLabels ?? false, podCidr: this.podCidr });
    const check: Parameters<SolverSession['check']>[1] = { observe: [enc.allowed, enc.denied] };
    if (this.opts.timeoutMs !== undefined) check.timeoutMs = this.opts.timeoutMs;
    const r = await this.session.check([...asserts, ...axioms], check);
    if (r.status === 'proved') return { sat: false };
    if (r.status === 'unknown') return { unknown: `the solver gave up: ${r.reason}` };
    const w = decodeWitness(enc, r.model.values, r.model.observed, { anyNamespaceLabels: this.opts.anyNamespaceLabels ?? false });
    const inSrc = endpointInSpec(program, w.flow, w.flow.src, p.src);
    const inScope = (p.kind === 'only' ? !inSrc : inSrc) && endpointInSpec(program, w.flow, w.flow.dst, p.dst) && flowOn(w.flow, p.on);
    if (!inScope || !want(w.evaluation.verdict))
      throw new OracleDisagreement(`internal error: the witness for \`${p.name}\` is outside its query (verdict \`${w.evaluation.verdict}\`)\n${JSON.stringify(w.flow)}`);
    return { sat: true, w };
  }

  async prove(p: Property): Promise<ProveResult> {
    const { enc } = this.q;
    const result = (status: ProveStatus, w: Witness, reason?: string): ProveResult => {
      const r: ProveResult = { name: p.name, status, witness: w.flow, evaluation: w.evaluation };
      if (reason !== undefined) r.reason = reason;
      return r;
    };
    if (p.kind === 'some') {
      const found = await this.solve(p, verifySome(this.q, p), (v) => v === 'allow');
      if ('unknown' in found) return { name: p.name, status: 'unknown', reason: found.unknown };
      if (found.sat) return result('proved', found.w);
      const maybe = await this.solve(p, verifyDeny(this.q, p), (v) => v !== 'deny');
      if ('unknown' in maybe) return { name: p.name, status: 'unknown', reason: maybe.unknown };
      if (!maybe.sat) return { name: p.name, status: 'violated', reason: 'no flow in scope is allowed' };
      return result('unknown', maybe.w, unmodelled(maybe.w.evaluation));
    }
    // deny / only refute with a flow that is not denied, allow with one that is not allowed.
    const first = p.kind === 'allow' ? verifyAllow(this.q, p) : p.kind === 'deny' ? verifyDeny(this.q, p) : verifyOnly(this.q, p);
    const bad: Verdict = p.kind === 'allow' ? 'deny' : 'allow';
    const found = await this.solve(p, first, (v) => v === bad || v === 'unknown');
    if ('unknown' in found) return { name: p.name, status: 'unknown', reason: found.unknown };
    if (!found.sat) return { name: p.name, status: 'proved' };
    if (found.w.evaluation.verdict === bad) return result('violated', found.w);
    // Only flows of unknown verdict found so far: look for a definite refutation.
    const definite = [...first.slice(0, -1), bad === 'allow' ? enc.allowed : enc.denied];
    const sure = await this.solve(p, definite, (v) => v === bad);
    if ('unknown' in sure) return result('unknown', found.w, sure.unknown);
    if (sure.sat) return result('violated', sure.w);
    return result('unknown', found.w, unmodelled(found.w.evaluation));
  }
}

/** Proves each property over the program (see the file contract). */
export async function prove(program: Program, properties: Property[], opts: ProveOptions): Promise<ProveResult[]> {
  const fail = (reason: string) => properties.map((p): ProveResult => ({ name: p.name, status: 'unknown', reason }));
  if (opts.mode === 'snapshot' && !program.snapshot) return fail('snapshot mode needs a cluster snapshot, and the program has none');
  let podCidr: Cidr | null = null;
  if (opts.podCidr !== undefined) {
    const c = parseCidr(opts.podCidr, { strict: false });
    if (isParseError(c)) return fail(`the pod CIDR \`${opts.podCidr}\` is not a CIDR: ${c.error}`);
    podCidr = c;
  }
  const f = new TermFactory();
  const enc = encodeProgram(program, opts.mode, f);
  const session = await SolverSession.open(f);
  try {
    const prover = new Prover({ enc, f, program }, session, opts, podCidr);
    const out: ProveResult[] = [];
    for (const [i, p] of properties.entries()) {
      progress(`prove (${opts.mode}): ${p.name} (${i + 1}/${properties.length})`);
      out.push(await prover.prove(p));
    }
    return out;
  } finally {
    await session.close();
  }
}
