/**
 * Lint, universal back end, the concrete side: whether a condition holds on one concrete flow,
 * decided without the solver, so that every flow the solver proposes is checked before a check
 * sees it.
 *
 * Input → output: program + index + flow + condition → boolean. Matching is the oracle's
 * (`subjectSelects`, `matchRule`); `reaches`/`decides` use the snapshot back end's first-match
 * walk (`../views.ts`, kept equal to the oracle by its test) over this one flow's matching rules;
 * verdicts are the oracle's `evaluate` on the edited program (`editedProgram.ts`), a swap taking
 * effect only in a direction where both policies apply, as in the walk.
 */
import type { Direction, Program } from '../../../ir/ast.js';
import type { Flow } from '../../../ir/flow.js';
import { evaluate, matchRule, resolveParty, subjectSelects, type Party, type Verdict } from '../../../oracle/index.js';
import type { ProgramIndex } from '../programIndex.js';
import type { Condition, Edit, Scope } from '../queries.js';
import { combineVerdicts, resolveEdit, walk, type DirView } from '../views.js';
import { editedProgram } from './editedProgram.js';

export class ConcreteFlow {
  private readonly src: Party;
  private readonly dst: Party;
  private readonly views: Partial<Record<Direction, DirView>> = {};

  constructor(
    private readonly program: Program,
    private readonly index: ProgramIndex,
    readonly flow: Flow,
  ) {
    this.src = resolveParty(program, flow, flow.src);
    this.dst = resolveParty(program, flow, flow.dst);
    for (const d of ['egress', 'ingress'] as const) {
      const local = d === 'egress' ? this.src : this.dst;
      if (local.pod === null) continue;
      const applying = index.policies.filter((p) => p.policy.types.includes(d) && subjectSelects(p.policy.subject, local)).map((p) => p.pi);
      const hits = applying.map((pi) =>
        index.policies[pi]!.rules[d].flatMap((ri) => {
          const m = matchRule(index.rules[ri]!.rule, flow, this.src, this.dst).result;
          return m === false ? [] : [ri * 2 + (m === true ? 0 : 1)];
        }),
      );
      this.views[d] = { applying, hits };
    }
  }

  applies(pi: number, d: Direction): boolean {
    return this.views[d]?.applying.includes(pi) ?? false;
  }

  /** The verdict of one direction (or the flow) under an edit, from the oracle. */
  verdict(scope: Scope, edit: Edit | undefined): Verdict {
    if (scope === 'flow') return combineVerdicts(this.verdict('egress', edit), this.verdict('ingress', edit));
    const e = edit ?? { kind: 'none' };
    let program = this.program;
    if (e.kind === 'swap-policies') {
      const [a, b] = [this.index.policyNumber(e.a), this.index.policyNumber(e.b)];
      if (a !== undefined && b !== undefined && this.applies(a, scope) && this.applies(b, scope)) program = this.edited(e);
    } else program = this.edited(e);
    const ev = evaluate(program, this.flow);
    return ev[scope].verdict;
  }

  private edited(e: Edit): Program {
    const p = editedProgram(this.program, this.index, e);
    if (!p) throw new Error('lint: an edit names a rule or policy the program does not have');
    return p;
  }

  holds(c: Condition): boolean {
    switch (c.kind) {
      case 'and':
        return c.args.every((a) => this.holds(a));
      case 'or':
        return c.args.some((a) => this.holds(a));
      case 'not':
        return !this.holds(c.arg);
      case 'applies': {
        const pi = this.index.policyNumber(c.policy);
        return pi !== undefined && this.applies(pi, c.direction);
      }
      case 'matches': {
        const ri = this.index.ruleNumber(c.rule);
        const v = this.views[c.rule.direction];
        if (ri === undefined || !v) return false;
        const k = v.applying.indexOf(this.index.rules[ri]!.pi);
        return k >= 0 && v.hits[k]!.some((h) => h >> 1 === ri && (!c.certain || (h & 1) === 0));
      }
      case 'reaches':
      case 'decides': {
        const ri = this.index.ruleNumber(c.rule);
        const v = this.views[c.rule.direction];
        const edit = resolveEdit(this.index, c.edit);
        if (ri === undefined || !v || !edit) return false;
        const w = walk(this.index, this.program.final, v, edit, ri);
        return c.kind === 'reaches' ? w.reached : w.decision.by === 'rule' && w.decision.ri === ri;
      }
      case 'verdict':
        return this.verdict(c.scope, c.edit) === c.is;
      case 'differs':
        return this.verdict(c.scope, c.edit) !== this.verdict(c.scope, undefined);
    }
  }
}
