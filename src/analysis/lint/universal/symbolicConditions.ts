/**
 * Lint, universal back end, the symbolic side: a `Condition` as one Boolean term over the
 * symbolic flow of `smt/party.ts` (mode `universal`: each end a symbolic pod of any namespace and
 * labels, or an external address).
 *
 * Input → output: program + index → `conditionTerm(cond)`. Verdicts come from the prover's own
 * encoder (`smt/encode.ts`) run on the edited program (`editedProgram.ts`); every program is
 * encoded over one shared flow, so one variable means one thing in every term. `applies` and
 * `matches` are the encoder's subject and rule terms (`smt/match.ts`); `reaches` and `decides`
 * need where evaluation is *before* a rule, which the encoder's backward chain does not say, so a
 * forward walk (`walkTerms`) states the first-match order of `../views.ts` `walk` as terms.
 * Contract: for every realisable flow, the term holds iff `ConcreteFlow.holds` does — the back end
 * checks this on every model, and the differential test on every case file.
 */
import type { Direction, Program } from '../../../ir/ast.js';
import type { Verdict } from '../../../oracle/index.js';
import { encodeProgram, type Encoding, type Outcome } from '../../../smt/encode.js';
import type { TermFactory } from '../../../smt/factory.js';
import { ruleHolds, subjectSelects, type MatchContext } from '../../../smt/match.js';
import { buildFlow, type Case, type SymFlow } from '../../../smt/party.js';
import type { Term } from '../../../smt/term.js';
import { policyKey, ruleKey, type ProgramIndex } from '../programIndex.js';
import type { Condition, Edit, Scope } from '../queries.js';
import type { PolicyRef, RuleRef } from '../types.js';
import { editedProgram } from './editedProgram.js';

/** Per policy of one direction: where evaluation is before each rule (and after the last), and which rules decide. */
interface PolicyWalk {
  reachAt: Term[];
  decides: Term[];
}

const NONE: Edit = { kind: 'none' };

export class SymbolicConditions {
  readonly flow: SymFlow;
  readonly base: Encoding;
  private readonly c: MatchContext;
  private readonly encodings = new Map<string, Encoding>();
  private readonly walks = new Map<string, Map<string, PolicyWalk>>();

  constructor(
    readonly f: TermFactory,
    readonly program: Program,
    readonly index: ProgramIndex,
  ) {
    this.flow = buildFlow(f, program, 'universal');
    this.c = { f, v: this.flow.vars, mark: () => undefined, cache: new Map() };
    this.base = encodeProgram(program, 'universal', f, this.flow);
    this.encodings.set(JSON.stringify(NONE), this.base);
  }

  /** The pod cases of the end a direction is enforced at. */
  private local(d: Direction): Case[] {
    return (d === 'egress' ? this.flow.src : this.flow.dst).cases.filter((k) => k.pod !== null);
  }

  private perCase(d: Direction, at: (k: Case) => Term): Term {
    const { f } = this;
    return f.or(...this.local(d).map((k) => f.and(k.guard, at(k))));
  }

  private program_(edit: Edit): Program {
    const p = editedProgram(this.program, this.index, edit);
    if (!p) throw new Error('lint: an edit names a rule or policy the program does not have');
    return p;
  }

  private encoding(edit: Edit): Encoding {
    const key = JSON.stringify(edit);
    let e = this.encodings.get(key);
    if (!e) this.encodings.set(key, (e = encodeProgram(this.program_(edit), 'universal', this.f, this.flow)));
    return e;
  }

  applies(ref: PolicyRef, d: Direction): Term {
    const p = this.index.policies[this.index.policyNumber(ref) ?? -1]?.policy;
    if (!p || !p.types.includes(d)) return this.f.F;
    return this.perCase(d, (k) => subjectSelects(this.c, p.subject, k));
  }

  matches(ref: RuleRef, certain: boolean): Term {
    const r = this.index.rules[this.index.ruleNumber(ref) ?? -1];
    if (!r) return this.f.F;
    const p = this.index.policies[r.pi]!.policy;
    const d = ref.direction;
    return this.perCase(d, (k) => {
      const m = ruleHolds(this.c, r.rule, d === 'egress' ? k : this.flow.src, d === 'ingress' ? k : this.flow.dst);
      return this.f.and(subjectSelects(this.c, p.subject, k), certain ? m.def : m.pos);
    });
  }

  /** Both swapped policies apply at the local end of `d` (elsewhere a swap changes nothing). */
  private swapGuard(e: Extract<Edit, { kind: 'swap-policies' }>, d: Direction): Term {
    const pa = this.index.policies[this.index.policyNumber(e.a)!]!.policy;
    const pb = this.index.policies[this.index.policyNumber(e.b)!]!.policy;
    if (!pa.types.includes(d) || !pb.types.includes(d)) return this.f.F;
    return this.perCase(d, (k) => this.f.and(subjectSelects(this.c, pa.subject, k), subjectSelects(this.c, pb.subject, k)));
  }

  /** One direction's outcome (or the flow's) under an edit. */
  outcome(scope: Scope, edit: Edit = NONE): Outcome {
    const { f } = this;
    if (scope === 'flow') {
      const [e, i] = [this.outcome('egress', edit), this.outcome('ingress', edit)];
      return { allowed: f.and(e.allowed, i.allowed), denied: f.or(e.denied, i.denied) };
    }
    if (edit.kind === 'swap-policies') {
      const both = this.swapGuard(edit, scope);
      const [s, b] = [this.encoding(edit)[scope], this.base[scope]];
      return { allowed: f.ite(both, s.allowed, b.allowed), denied: f.ite(both, s.denied, b.denied) };
    }
    return this.encoding(edit)[scope];
  }

  verdictIs(o: Outcome, v: Verdict): Term {
    const { f } = this;
    return v === 'allow' ? o.allowed : v === 'deny' ? o.denied : f.and(f.not(o.allowed), f.not(o.denied));
  }

  /** The forward first-match walk of one direction of a program, per policy (`policyKey`). */
  private walk(edit: Edit, d: Direction): Map<string, PolicyWalk> {
    const key = `${JSON.stringify(edit)}|${d}`;
    const hit = this.walks.get(key);
    if (hit) return hit;
    const { f } = this;
    const program = this.program_(edit);
    const perCase = new Map<string, { reachAt: Term[][]; decides: Term[][] }>();
    for (const k of this.local(d)) {
      const src = d === 'egress' ? k : this.flow.src;
      const dst = d === 'ingress' ? k : this.flow.dst;
      // `go`: evaluation gets to the tier; `cont`: it is still running inside the tier.
      let go = f.T;
      for (const tier of program.tiers) {
        const pols = tier.policies.filter((p) => p.types.includes(d));
        const sel = pols.map((p) => subjectSelects(this.c, p.subject, k));
        const applies = f.or(...sel);
        let cont = f.and(go, applies);
        let passed = f.F;
        pols.forEach((p, n) => {
          const at = f.and(cont, sel[n]!);
          const rules = p[d];
          const w = { reachAt: [] as Term[], decides: [] as Term[] };
          // A policy with unknown markers ends evaluation (unknown) as soon as it applies.
          let running = p.unknown.length > 0 ? f.F : at;
          rules.forEach((r) => {
            w.reachAt.push(running);
            if (r.action === 'log') return void w.decides.push(f.F);
            const m = ruleHolds(this.c, r, src, dst);
            w.decides.push(r.action === 'pass' ? f.F : f.and(running, m.def));
            if (r.action === 'pass') passed = f.or(passed, f.and(running, m.def));
            running = f.and(running, f.not(m.pos));
          });
          w.reachAt.push(running);
          cont = f.or(f.and(cont, f.not(sel[n]!)), running);
          const pk = policyKey({ tier: tier.name, policy: p.name });
          let acc = perCase.get(pk);
          if (!acc) perCase.set(pk, (acc = { reachAt: w.reachAt.map(() => []), decides: w.decides.map(() => []) }));
          w.reachAt.forEach((t, i) => acc!.reachAt[i]!.push(f.and(k.guard, t)));
          w.decides.forEach((t, i) => acc!.decides[i]!.push(f.and(k.guard, t)));
        });
        go = f.or(f.and(go, f.not(applies)), passed, tier.defaultAction === 'deny' ? f.F : cont);
      }
    }
    const out = new Map<string, PolicyWalk>();
    for (const [pk, acc] of perCase) out.set(pk, { reachAt: acc.reachAt.map((ts) => f.or(...ts)), decides: acc.decides.map((ts) => f.or(...ts)) });
    this.walks.set(key, out);
    return out;
  }

  /** `reaches`/`decides` of a rule under an edit (the rule's position shifts past removed rules). */
  private walkTerm(kind: 'reaches' | 'decides', ref: RuleRef, edit: Edit): Term {
    const { f } = this;
    const d = ref.direction;
    if (this.index.ruleNumber(ref) === undefined || edit.kind === 'remove-all') return f.F;
    if (edit.kind === 'swap-policies') {
      const both = this.swapGuard(edit, d);
      return f.ite(both, this.walkAt(kind, ref, edit, 0), this.walkAt(kind, ref, NONE, 0));
    }
    const removed = edit.kind === 'remove-rule' ? [edit.rule] : edit.kind === 'remove-rules' ? edit.rules : [];
    const gone = new Set(removed.map(ruleKey));
    const same = (r: RuleRef) => r.tier === ref.tier && r.policy === ref.policy && r.direction === d;
    const shift = removed.filter((r) => same(r) && r.position < ref.position).length;
    if (kind === 'decides' && gone.has(ruleKey(ref))) return f.F;
    return this.walkAt(kind, ref, edit, shift);
  }

  private walkAt(kind: 'reaches' | 'decides', ref: RuleRef, edit: Edit, shift: number): Term {
    const w = this.walk(edit, ref.direction).get(policyKey(ref));
    if (!w) return this.f.F;
    const i = ref.position - shift;
    return (kind === 'reaches' ? w.reachAt[i] : w.decides[i]) ?? this.f.F;
  }

  conditionTerm(c: Condition): Term {
    const { f } = this;
    switch (c.kind) {
      case 'and':
        return f.and(...c.args.map((a) => this.conditionTerm(a)));
      case 'or':
        return f.or(...c.args.map((a) => this.conditionTerm(a)));
      case 'not':
        return f.not(this.conditionTerm(c.arg));
      case 'applies':
        return this.applies(c.policy, c.direction);
      case 'matches':
        return this.matches(c.rule, c.certain);
      case 'reaches':
      case 'decides':
        return this.walkTerm(c.kind, c.rule, c.edit ?? NONE);
      case 'verdict':
        return this.verdictIs(this.outcome(c.scope, c.edit), c.is);
      case 'differs': {
        const [a, b] = [this.outcome(c.scope, c.edit), this.outcome(c.scope)];
        const same = f.or(f.and(a.allowed, b.allowed), f.and(a.denied, b.denied), f.and(this.verdictIs(a, 'unknown'), this.verdictIs(b, 'unknown')));
        return f.not(same);
      }
    }
  }
}
