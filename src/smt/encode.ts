/**
 * SMT stage, the encoder: IR program × symbolic flow → the verdict as terms. The symbolic
 * counterpart of the oracle's `evaluate` (`oracle/evaluate.ts`), following the same order
 * (DESIGN §3; the contract in `ir/ast.ts`).
 *
 * One direction at one end is encoded once per case of that end (so in snapshot mode a subject
 * selector folds to true or false per endpoint and only the applying policies remain), as a chain
 * built from the last tier backwards. With `A`/`D` the "allowed"/"denied" terms of what follows:
 *   rule r (not `log`), applying guard g:  A := (g∧def_r ∧ act_A) ∨ (¬(g∧pos_r) ∧ A),  D likewise,
 * where a `pass` action's outcome is that of the next tier, `allow` is (⊤,⊥), `deny` (⊥,⊤) and a
 * possible-but-uncertain match (`pos ∧ ¬def`) gives (⊥,⊥): unknown. A policy with `unknown`
 * markers is (⊥,⊥) when it applies; a tier that does not apply is skipped; the end of a tier is its
 * default action; after the last tier, `program.final`.
 *
 * Contract: for every flow, `allowed` holds iff the oracle's verdict is `allow`, `denied` iff it is
 * `deny` (so neither is `unknown`); a proof may rest only on `allowed`/`denied`, never on the
 * absence of an unknown. Flows whose source and destination are both external are allowed, as in
 * the oracle: nothing enforces them.
 */
import type { Direction, Program, Tier } from '../ir/ast.js';
import type { ConstructId } from '../ir/constructs.js';
import { TermFactory } from './factory.js';
import { ruleHolds, subjectSelects, type MatchContext } from './match.js';
import { buildFlow, type Case, type Mode, type SymFlow } from './party.js';
import type { Term } from './term.js';

export interface Outcome {
  allowed: Term;
  denied: Term;
}

export interface Encoding {
  f: TermFactory;
  program: Program;
  flow: SymFlow;
  egress: Outcome;
  ingress: Outcome;
  /** The flow's verdict: egress at a pod source ∧ ingress at a pod destination. */
  allowed: Term;
  denied: Term;
  /** Every IR construct the encoder gave meaning to while encoding this program. */
  constructs: Set<ConstructId>;
}

const name = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * The positions of the tier's policies that govern `dir` and could select `local`, in order. For a
 * snapshot endpoint, a policy of another namespace cannot (its subject would fold to false), and a
 * cluster has many namespaces: an index by namespace name keeps the encoding linear in the policies
 * that can apply rather than in endpoints × policies.
 */
function candidatesAt(c: MatchContext, tier: Tier, dir: Direction, local: Case): number[] {
  c.mark('policy.types');
  c.mark('policy.subject');
  type Index = { byNs: Map<string, number[]>; rest: number[]; all: number[] };
  let perTier = c.cache.get(tier);
  if (!perTier) c.cache.set(tier, (perTier = new Map()));
  let ix = perTier.get(dir) as Index | undefined;
  if (!ix) {
    const built: Index = { byNs: new Map(), rest: [], all: [] };
    tier.policies.forEach((p, i) => {
      if (!p.types.includes(dir)) return;
      built.all.push(i);
      const ns = p.subject.namespace?.kind === 'name' ? p.subject.namespace.name : null;
      if (ns === null) built.rest.push(i);
      else built.byNs.set(ns, [...(built.byNs.get(ns) ?? []), i]);
    });
    perTier.set(dir, (ix = built));
  }
  if (!local.endpoint) return ix.all;
  return [...(ix.byNs.get(local.endpoint.namespace) ?? []), ...ix.rest].sort((a, b) => a - b);
}

/** One direction at one case of the local end. */
function directionAt(c: MatchContext, program: Program, flow: SymFlow, dir: Direction, local: Case): Outcome {
  const { f } = c;
  const tag = `${dir}.${name(local.label)}`;
  c.mark(`direction.${dir}`);
  c.mark('program.final');
  c.mark(`final.${program.final}`);
  let next: Outcome = { allowed: f.bool(program.final === 'allow'), denied: f.bool(program.final === 'deny') };
  const src = dir === 'egress' ? local : flow.src;
  const dst = dir === 'ingress' ? local : flow.dst;
  for (let ti = program.tiers.length - 1; ti >= 0; ti--) {
    const tier = program.tiers[ti]!;
    c.mark('program.tiers');
    c.mark('tier.policies');
    c.mark('tier.defaultAction');
    c.mark(`tierDefault.${tier.defaultAction}`);
    const afterTier = next;
    let out: Outcome = tier.defaultAction === 'deny' ? { allowed: f.F, denied: f.T } : afterTier;
    const applying: Term[] = [];
    const candidates = candidatesAt(c, tier, dir, local);
    for (let ci = candidates.length - 1; ci >= 0; ci--) {
      const pi = candidates[ci]!;
      const p = tier.policies[pi]!;
      const g = f.name(subjectSelects(c, p.subject, local), `${tag}.t${ti}.p${pi}.applies`, `policy ${JSON.stringify(p.name)} applies`);
      if (g === f.F) continue;
      applying.push(g);
      if (p.unknown.length > 0) {
        c.mark('policy.unknown');
        out = { allowed: f.and(f.not(g), out.allowed), denied: f.and(f.not(g), out.denied) };
        continue;
      }
      const rules = p[dir];
      if (rules.length > 0) c.mark(`policy.${dir}`);
      for (let ri = rules.length - 1; ri >= 0; ri--) {
        const r = rules[ri]!;
        c.mark('rule.action');
        c.mark(`action.${r.action}`);
        // A log rule decides nothing, so whether it matches cannot change the verdict.
        if (r.action === 'log') continue;
        const m = ruleHolds(c, r, src, dst);
        const o = r.origin;
        const where = `policy ${JSON.stringify(p.name)} ${dir} rule ${ri} (${r.action}; ${o.file}:${o.line}:${o.column})`;
        const def = f.name(f.and(g, m.def), `${tag}.t${ti}.p${pi}.r${ri}.match`, where);
        const pos = f.name(f.and(g, m.pos), `${tag}.t${ti}.p${pi}.r${ri}.may`, `${where} may match`);
        const act: Outcome = r.action === 'allow' ? { allowed: f.T, denied: f.F } : r.action === 'deny' ? { allowed: f.F, denied: f.T } : afterTier;
        const keep = f.not(pos);
        const at = `${tag}.t${ti}.p${pi}.r${ri}`;
        out = {
          allowed: f.name(f.or(f.and(def, act.allowed), f.and(keep, out.allowed)), `${at}.allow`, `allowed once evaluation reaches ${where}`),
          denied: f.name(f.or(f.and(def, act.denied), f.and(keep, out.denied)), `${at}.deny`, `denied once evaluation reaches ${where}`),
        };
      }
    }
    const applies = f.name(f.or(...applying), `${tag}.t${ti}.applies`, `tier ${JSON.stringify(tier.name)} applies`);
    next = {
      allowed: f.name(f.ite(applies, out.allowed, afterTier.allowed), `${tag}.t${ti}.allow`, `allowed from tier ${JSON.stringify(tier.name)} on`),
      denied: f.name(f.ite(applies, out.denied, afterTier.denied), `${tag}.t${ti}.deny`, `denied from tier ${JSON.stringify(tier.name)} on`),
    };
  }
  return next;
}

/** One direction at the end it is enforced at (`egress` at the source, `ingress` at the destination). */
function direction(c: MatchContext, program: Program, flow: SymFlow, dir: Direction): Outcome {
  const { f } = c;
  const end = dir === 'egress' ? flow.src : flow.dst;
  const per = end.cases.map((k) => ({ g: k.guard, o: k.pod ? directionAt(c, program, flow, dir, k) : { allowed: f.T, denied: f.F } }));
  return {
    allowed: f.name(f.or(...per.map((x) => f.and(x.g, x.o.allowed))), `${dir}.allowed`, `allowed by the ${dir} policies`),
    denied: f.name(f.or(...per.map((x) => f.and(x.g, x.o.denied))), `${dir}.denied`, `denied by the ${dir} policies`),
  };
}

/**
 * Encodes the program's verdict over a symbolic flow of the given mode. `shared`: an existing flow
 * of the same factory and mode, so that several programs (a program and its edits) are encoded
 * over one and the same flow: symbolic label maps number their keys per flow, so two flows of one
 * factory would give one variable two meanings.
 */
export function encodeProgram(program: Program, mode: Mode, f: TermFactory = new TermFactory(), shared?: SymFlow): Encoding {
  const constructs = new Set<ConstructId>();
  const flow = shared ?? buildFlow(f, program, mode);
  const c: MatchContext = { f, v: flow.vars, mark: (id) => constructs.add(id), cache: new Map() };
  if (program.snapshot) {
    constructs.add('program.snapshot');
    noteSnapshot(program, constructs, mode);
  }
  const egress = direction(c, program, flow, 'egress');
  const ingress = direction(c, program, flow, 'ingress');
  return {
    f,
    program,
    flow,
    egress,
    ingress,
    allowed: f.name(f.and(egress.allowed, ingress.allowed), 'allowed', 'the flow is allowed'),
    denied: f.name(f.or(egress.denied, ingress.denied), 'denied', 'the flow is denied'),
    constructs,
  };
}

/** The snapshot's parts that give endpoints and network sets their meaning in the cases. */
function noteSnapshot(program: Program, used: Set<ConstructId>, mode: Mode): void {
  const snap = program.snapshot!;
  if (snap.namespaces.length > 0) used.add('snapshot.namespaces').add('namespace.name').add('namespace.labels');
  if (snap.networkSets.length > 0)
    used.add('snapshot.networkSets').add('networkSet.nets').add('networkSet.labels').add('networkSet.namespace');
  if (mode !== 'universal' && snap.endpoints.length > 0)
    for (const k of ['namespace', 'labels', 'ips', 'ports', 'serviceAccount'] as const) used.add(`endpoint.${k}`).add('snapshot.endpoints');
}
