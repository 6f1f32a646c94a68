/**
 * Emit, iptables: translation validation with Z3. IR program + the emitted text → `equivalent`
 * (unsat: no flow in scope where the IR and the rules disagree), a counterexample (sat: decoded,
 * replayed through the oracle and the simulator, which must disagree on it), or an error (the
 * rules use something the encoding cannot model, or Z3 answered unknown — never a proof).
 *
 * The query, one per family: `scope ∧ (allowed ≠ accept)`, where `allowed` is the IR's verdict
 * from `smt/encode.ts` in snapshot mode and `accept` the symbolic walk of the parsed text
 * (`encodeRules.ts`) over the same variables. The scope is `validate.ts`'s: each end is a
 * snapshot endpoint with an address of the family (the packet carries its first one) or an
 * external address that is no endpoint's first address of the family; not both ends external;
 * not one endpoint to itself; conntrack state NEW; for IPv6 a protocol that is no extension
 * header. The assumptions of `validate.ts` (the simulator is the kernel, addresses not spoofed)
 * hold here too: `encodeRules.ts` is proved against nothing but `simulate.ts`'s contract, and a
 * counterexample is checked against `simulate` itself.
 */
import type { Program } from '../../../ir/ast.js';
import type { Flow, FlowParty } from '../../../ir/flow.js';
import { printFlowText } from '../../../ir/flowText.js';
import { evaluate, type Verdict } from '../../../oracle/index.js';
import { decodeFlow, verdictOf } from '../../../smt/decode.js';
import { encodeProgram, type Encoding } from '../../../smt/encode.js';
import { TermFactory } from '../../../smt/factory.js';
import { SolverSession } from '../../../smt/solver.js';
import type { Term } from '../../../smt/term.js';
import { isParseError, parseIp, type IpFamily } from '../../../util/cidr.js';
import type { IptablesRules } from '../emitIptables.js';
import { IPV6_EXTENSION_HEADERS } from '../matches.js';
import { RulesError } from '../parseRules.js';
import { loadRules, simulate, type LoadedRules, type Packet } from '../simulate.js';
import { U32Error } from '../u32.js';
import type { ValidationResult } from '../validate.js';
import { FAMILIES } from '../world.js';
import { Z3Unsupported } from './encodeMatch.js';
import { encodeTable } from './encodeRules.js';
import { symbolicPacket, type SymPacket } from './packet.js';

export const Z3_METHOD = 'Z3';

export interface ProveOptions {
  /** Per query (one per family); default 60 s. */
  timeoutMs?: number;
}

/** What one family's query cost, for reports and benchmarks. */
export interface FamilyStats {
  family: IpFamily;
  /** Distinct terms of the query. */
  terms: number;
  rulesWalked: number;
  encodeMs: number;
  solveMs: number;
  answer: 'unsat' | 'sat' | 'unknown' | 'skipped';
}

/** The endpoint's address of the family that the oracle and the dispatch use: its first. */
function firstAddress(ips: readonly string[] | null, family: IpFamily): bigint | null {
  for (const t of ips ?? []) {
    const a = parseIp(t, { strict: false });
    if (!isParseError(a) && a.family === family) return a.addr;
  }
  return null;
}

/** The scope's asserts; `null` when no flow is in scope (no endpoint has an address of the family). */
function scopeOf(f: TermFactory, enc: Encoding, p: SymPacket, family: IpFamily): Term[] | null {
  const { src, dst } = enc.flow;
  if (!src.select || !dst.select) return null;
  const width = family === 4 ? 32 : 128;
  const podAddrs = (enc.program.snapshot?.endpoints ?? []).map((e) => firstAddress(e.ips, family)).filter((a): a is bigint => a !== null);
  if (podAddrs.length === 0) return null;
  const out: Term[] = [family === 6 ? enc.flow.vars.v6 : f.not(enc.flow.vars.v6)];
  for (const [end, addr] of [[src, p.src], [dst, p.dst]] as const) {
    out.push(f.or(...end.cases.map((k) => k.guard)));
    for (const k of end.cases) {
      if (k.endpoint) {
        const a = firstAddress(k.endpoint.ips, family);
        out.push(a === null ? f.not(k.guard) : f.implies(k.guard, f.eq(addr, f.bv(a, width))));
      } else out.push(f.implies(k.guard, f.not(f.or(...podAddrs.map((a) => f.eq(addr, f.bv(a, width)))))));
    }
  }
  const external = (end: typeof src) => end.cases.find((k) => k.kind === 'external')!.guard;
  out.push(f.not(f.and(external(src), external(dst))), f.not(f.eq(src.select, dst.select)));
  if (family === 6) out.push(...[...IPV6_EXTENSION_HEADERS].map((h) => f.not(f.eq(enc.flow.vars.protocol, f.bv(h, 8)))));
  return out;
}

function addressOf(program: Program, party: FlowParty, family: IpFamily): bigint {
  if (party.kind === 'external') return (parseIp(party.ip, { strict: false }) as { addr: bigint }).addr;
  const id = party.kind === 'endpoint' ? party.id : '';
  return firstAddress(program.snapshot?.endpoints.find((e) => e.id === id)?.ips ?? null, family) ?? 0n;
}

/** Replays a decoded flow; anything but a real disagreement is an internal error. */
function replay(program: Program, loaded: LoadedRules, flow: Flow, said: { ir: Verdict; accept: boolean }): ValidationResult {
  const { src, dst, ipVersion: family, ...fields } = flow;
  const packet: Packet = { family, src: addressOf(program, src, family), dst: addressOf(program, dst, family), ...fields, ctstate: 'NEW' };
  const oracle = evaluate(program, flow).verdict;
  const sim = simulate(loaded, packet);
  const text = printFlowText(flow);
  const fail = (why: string): ValidationResult => ({ status: 'error', method: Z3_METHOD, message: `internal error: ${why} on the counterexample ${text}` });
  if (oracle !== said.ir) return fail(`the IR encoding says ${said.ir} but the oracle says ${oracle}`);
  if ((sim.verdict === 'ACCEPT') !== said.accept) return fail(`the rule encoding says ${said.accept ? 'ACCEPT' : 'DROP'} but the simulator says ${sim.verdict}`);
  if ((oracle === 'allow' && sim.verdict === 'ACCEPT') || (oracle === 'deny' && sim.verdict === 'DROP')) return fail('the oracle and the simulator agree');
  return { status: 'counterexample', method: Z3_METHOD, cells: 0, counterexample: { flow, text, oracle, emitted: sim.verdict, trace: sim.trace } };
}

/** One family's two verdicts over the same variables, and the scope (`null`: nothing in scope). */
export interface FamilyQuery {
  f: TermFactory;
  enc: Encoding;
  packet: SymPacket;
  accept: Term;
  scope: Term[] | null;
  rulesWalked: number;
}

/** Encodes both sides for one family; throws `Z3Unsupported` for rules it cannot model. */
export function encodeFamily(program: Program, loaded: LoadedRules, family: IpFamily): FamilyQuery {
  const f = new TermFactory();
  const enc = encodeProgram(program, 'snapshot', f);
  const packet = symbolicPacket(f, enc.flow.vars, family);
  const { accept, rulesWalked } = encodeTable(f, loaded.tables[family], loaded.sets, packet);
  return { f, enc, packet, accept, scope: scopeOf(f, enc, packet, family), rulesWalked };
}

export async function proveIptablesWithStats(program: Program, rules: IptablesRules, o: ProveOptions = {}): Promise<{ result: ValidationResult; stats: FamilyStats[] }> {
  const stats: FamilyStats[] = [];
  const error = (message: string) => ({ result: { status: 'error', method: Z3_METHOD, message } as ValidationResult, stats });
  let loaded: LoadedRules;
  try {
    loaded = loadRules(rules);
  } catch (e) {
    if (e instanceof RulesError || e instanceof U32Error) return error(`the emitted rules do not load: ${e.message}`);
    throw e;
  }
  let queries = 0;
  for (const family of FAMILIES) {
    const t0 = performance.now();
    const s: FamilyStats = { family, terms: 0, rulesWalked: 0, encodeMs: 0, solveMs: 0, answer: 'skipped' };
    stats.push(s);
    let q: FamilyQuery;
    try {
      q = encodeFamily(program, loaded, family);
    } catch (e) {
      if (e instanceof Z3Unsupported) return error(`IPv${family}: ${e.message}`);
      throw e;
    }
    const { f, enc, scope, accept } = q;
    if (scope === null) continue;
    s.rulesWalked = q.rulesWalked;
    // As `validate.ts` compares: the rules agree when they accept what the IR allows and drop what
    // it denies; an IR verdict of `unknown` agrees with nothing.
    const differ = f.not(f.or(f.and(enc.allowed, accept), f.and(enc.denied, f.not(accept))));
    s.terms = f.size;
    s.encodeMs = performance.now() - t0;
    const t1 = performance.now();
    const session = await SolverSession.open(f);
    let answer;
    try {
      answer = await session.check([...scope, differ], { timeoutMs: o.timeoutMs ?? 60_000, observe: [enc.allowed, enc.denied, accept] });
    } finally {
      await session.close();
    }
    s.solveMs = performance.now() - t1;
    queries++;
    if (answer.status === 'unknown') {
      s.answer = 'unknown';
      return error(`IPv${family}: Z3 answered unknown (${answer.reason}): not proved`);
    }
    if (answer.status === 'violated') {
      s.answer = 'sat';
      const [allowed, denied, acc] = answer.model.observed;
      const said = { ir: verdictOf(allowed!, denied!), accept: acc === true };
      return { result: replay(program, loaded, decodeFlow(enc, answer.model.values), said), stats };
    }
    s.answer = 'unsat';
  }
  return { result: { status: 'equivalent', method: Z3_METHOD, cells: queries }, stats };
}

/** The `EquivalenceChecker`: `cells` counts the solver queries (one per family with endpoints). */
export async function proveIptables(program: Program, rules: IptablesRules): Promise<ValidationResult> {
  return (await proveIptablesWithStats(program, rules)).result;
}
