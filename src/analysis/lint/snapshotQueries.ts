/**
 * Lint, snapshot back end: `FlowQueries` over the cells of a cluster snapshot.
 *
 * Input → output: program + cells → an object that answers `find(condition)` by evaluating the
 * condition on each cell's representative flow (`views.ts` for matching and the walk). Since the
 * oracle is constant on a cell (`analysis/cells.ts` INVARIANT), "no cell satisfies it" means no
 * flow of the snapshot does: `none` is exact for the snapshot (and says nothing about pods that
 * do not exist — that is universal mode's job).
 *
 * Cells with equal views form one group (`views.ts`), visited once. Only groups that can satisfy
 * the condition are visited: a condition about a rule can hold only where the rule matches, one
 * about a policy only where the policy applies (`candidates`).
 */
import type { Direction, Program } from '../../ir/ast.js';
import type { Verdict } from '../../oracle/index.js';
import type { CellSpace, FlowCell } from '../cells.js';
import type { ProgramIndex } from './programIndex.js';
import type { Condition, Edit, FlowQueries, Scope, Search } from './queries.js';
import { buildViews, combineVerdicts, resolveEdit, UNEDITED, walk, type CellViews, type DirView, type ResolvedEdit, type WalkResult } from './views.js';

export class SnapshotQueries implements FlowQueries {
  readonly mode = 'snapshot' as const;
  readonly views: CellViews;
  private readonly base: Record<Direction, (WalkResult | undefined)[]> = { ingress: [], egress: [] };

  constructor(
    readonly program: Program,
    readonly index: ProgramIndex,
    readonly space: CellSpace,
  ) {
    this.views = buildViews(program, index, space);
  }

  async find(cond: Condition, limit = 1): Promise<Search> {
    return this.findSync(cond, limit);
  }

  /** The same as `find`, synchronously (the snapshot back end never waits). */
  findSync(cond: Condition, limit = 1): Search {
    const flows = [];
    for (const g of this.candidates(cond) ?? this.allGroups()) {
      if (this.holds(g, cond)) {
        flows.push(this.space.cells[this.views.reps[g]!]!.flow);
        if (flows.length >= limit) break;
      }
    }
    return flows.length > 0 ? { status: 'found', flows } : { status: 'none' };
  }

  /** The representative cells of the groups where the condition holds. */
  cellsWhere(cond: Condition): FlowCell[] {
    return (this.candidates(cond) ?? this.allGroups()).filter((g) => this.holds(g, cond)).map((g) => this.space.cells[this.views.reps[g]!]!);
  }

  /** How many groups of alike cells the snapshot has (what a search visits at most). */
  get groups(): number {
    return this.views.reps.length;
  }

  view(cell: FlowCell, d: Direction): DirView | undefined {
    return this.views[d][this.views.groupOf[cell.id]!];
  }

  /** The walk of one direction of a cell, under an edit. */
  walkOf(cell: FlowCell, d: Direction, edit: ResolvedEdit = UNEDITED, probe = -1): WalkResult | undefined {
    return this.walkGroup(this.views.groupOf[cell.id]!, d, edit, probe);
  }

  verdictOf(cell: FlowCell, scope: Scope, edit: ResolvedEdit = UNEDITED): Verdict {
    return this.verdictOfGroup(this.views.groupOf[cell.id]!, scope, edit);
  }

  private allGroups(): number[] {
    return this.views.reps.map((_, g) => g);
  }

  /** The walk of one direction of a group, under an edit (cached as written). */
  private walkGroup(g: number, d: Direction, edit: ResolvedEdit = UNEDITED, probe = -1): WalkResult | undefined {
    const v = this.views[d][g];
    if (!v) return undefined;
    if (edit === UNEDITED && probe < 0) {
      const cached = this.base[d][g];
      if (cached) return cached;
      return (this.base[d][g] = walk(this.index, this.program.final, v, edit));
    }
    return walk(this.index, this.program.final, v, edit, probe);
  }

  private verdictOfGroup(g: number, scope: Scope, edit: ResolvedEdit = UNEDITED): Verdict {
    const dir = (d: Direction): Verdict => this.walkGroup(g, d, edit)?.decision.verdict ?? 'allow';
    return scope === 'flow' ? combineVerdicts(dir('egress'), dir('ingress')) : dir(scope);
  }

  private edit(e: Edit | undefined): ResolvedEdit {
    const r = resolveEdit(this.index, e);
    if (!r) throw new Error(`lint: an edit names a rule or policy the program does not have`);
    return r;
  }

  private holds(g: number, c: Condition): boolean {
    switch (c.kind) {
      case 'and':
        return c.args.every((a) => this.holds(g, a));
      case 'or':
        return c.args.some((a) => this.holds(g, a));
      case 'not':
        return !this.holds(g, c.arg);
      case 'applies': {
        const pi = this.index.policyNumber(c.policy);
        return pi !== undefined && (this.views[c.direction][g]?.applying.includes(pi) ?? false);
      }
      case 'matches': {
        const ri = this.index.ruleNumber(c.rule);
        if (ri === undefined) return false;
        const v = this.views[c.rule.direction][g];
        const k = v?.applying.indexOf(this.index.rules[ri]!.pi) ?? -1;
        if (!v || k < 0) return false;
        return v.hits[k]!.some((h) => h >> 1 === ri && (!c.certain || (h & 1) === 0));
      }
      case 'reaches': {
        const ri = this.index.ruleNumber(c.rule);
        return ri !== undefined && (this.walkGroup(g, c.rule.direction, this.edit(c.edit), ri)?.reached ?? false);
      }
      case 'decides': {
        const ri = this.index.ruleNumber(c.rule);
        const d = this.walkGroup(g, c.rule.direction, this.edit(c.edit))?.decision;
        return ri !== undefined && d?.by === 'rule' && d.ri === ri;
      }
      case 'verdict':
        return this.verdictOfGroup(g, c.scope, this.edit(c.edit)) === c.is;
      case 'differs':
        return this.verdictOfGroup(g, c.scope, this.edit(c.edit)) !== this.verdictOfGroup(g, c.scope);
    }
  }

  /** Groups that may satisfy `c`, or null for "any group". */
  private candidates(c: Condition): number[] | null {
    switch (c.kind) {
      case 'applies':
        return this.policyCells(this.index.policyNumber(c.policy), [c.direction]);
      case 'matches':
      case 'decides': {
        const ri = this.index.ruleNumber(c.rule);
        return ri === undefined ? [] : this.views.ruleCells[ri]!;
      }
      case 'reaches': {
        const ri = this.index.ruleNumber(c.rule);
        return ri === undefined ? [] : this.policyCells(this.index.rules[ri]!.pi, [c.rule.direction]);
      }
      case 'differs': {
        const e = c.edit;
        const dirs: Direction[] = c.scope === 'flow' ? ['ingress', 'egress'] : [c.scope];
        if (e.kind === 'remove-rule') {
          const ri = this.index.ruleNumber(e.rule);
          return ri === undefined ? [] : this.views.ruleCells[ri]!;
        }
        if (e.kind === 'remove-rules') {
          const all = new Set<number>();
          for (const r of e.rules) for (const id of this.views.ruleCells[this.index.ruleNumber(r) ?? -1] ?? []) all.add(id);
          return [...all].sort((x, y) => x - y);
        }
        if (e.kind === 'remove-policy') return this.policyCells(this.index.policyNumber(e.policy), dirs);
        if (e.kind === 'swap-policies') {
          const a = new Set(this.policyCells(this.index.policyNumber(e.a), dirs));
          return this.policyCells(this.index.policyNumber(e.b), dirs).filter((id) => a.has(id));
        }
        return null;
      }
      case 'and': {
        let best: number[] | null = null;
        for (const a of c.args) {
          const cs = this.candidates(a);
          if (cs && (!best || cs.length < best.length)) best = cs;
        }
        return best;
      }
      case 'or': {
        const all = new Set<number>();
        for (const a of c.args) {
          const cs = this.candidates(a);
          if (!cs) return null;
          cs.forEach((id) => all.add(id));
        }
        return [...all].sort((x, y) => x - y);
      }
      default:
        return null;
    }
  }

  private policyCellCache = new Map<string, number[]>();

  /** Groups in which the policy applies, in any of `dirs`. */
  private policyCells(pi: number | undefined, dirs: Direction[]): number[] {
    if (pi === undefined) return [];
    const key = `${pi}|${dirs.join(',')}`;
    const hit = this.policyCellCache.get(key);
    if (hit) return hit;
    const out = this.allGroups().filter((g) => dirs.some((d) => this.views[d][g]?.applying.includes(pi)));
    this.policyCellCache.set(key, out);
    return out;
  }
}
