/**
 * Lint, the engine: IR program → findings, by running every registered check (`registry.ts`) that
 * the mode can serve, and sorting what they report.
 *
 * Modes:
 * - `snapshot`: flows are searched over the cells of the input's cluster (`analysis/cells.ts`);
 *   structural, flow and cluster checks run. Without pods in the input, only structural checks
 *   run, and a note says so.
 * - `universal`: flows are searched by a universal back end (`FlowQueries`, the Z3 encoding,
 *   `universalQueries.ts`) over every pod that could exist; structural and flow checks run,
 *   cluster checks do not (there is no cluster). A caller may pass its own back end (tests do).
 * Contract: findings sorted by file, line, column, check id; findings without a location last.
 * Searches are memoised, since several checks ask the same question.
 */
import { progress } from '../../util/progress.js';
import type { Program } from '../../ir/ast.js';
import { enumerateCells, TooManyCells, type CellSpace } from '../cells.js';
import { indexProgram } from './programIndex.js';
import type { Condition, FlowQueries, Search } from './queries.js';
import { CHECKS } from './registry.js';
import { SnapshotQueries } from './snapshotQueries.js';
import { UniversalQueries, type UniversalOptions } from './universalQueries.js';
import type { Finding, LintCheck, LintContext, SharedFacts } from './types.js';
import { makeWitness } from './witness.js';

export interface LintOptions {
  mode?: 'snapshot' | 'universal';
  /** The universal back end (default: `UniversalQueries` over the program). */
  universal?: FlowQueries;
  /** For the default universal back end: solver timeout and namespace labels. */
  universalOptions?: UniversalOptions;
  /** Only these check ids (default: all). */
  checks?: readonly string[];
  maxCells?: number;
}

export interface LintResult {
  mode: 'snapshot' | 'universal';
  findings: Finding[];
  /** What the run could not do, and why (no pods, too many cells, …). */
  notes: string[];
  stats: { policies: number; rules: number; endpointClasses: number; cells: number; checks: number };
}

export class LintModeUnavailable extends Error {
  override name = 'LintModeUnavailable';
}

class MemoQueries implements FlowQueries {
  private readonly memo = new Map<string, Promise<Search>>();
  constructor(private readonly inner: FlowQueries) {}
  get mode() {
    return this.inner.mode;
  }
  find(cond: Condition, limit = 1): Promise<Search> {
    const key = `${limit}|${JSON.stringify(cond)}`;
    let r = this.memo.get(key);
    if (!r) this.memo.set(key, (r = this.inner.find(cond, limit)));
    return r;
  }
}

export async function lint(program: Program, opts: LintOptions = {}): Promise<LintResult> {
  const mode = opts.mode ?? 'snapshot';
  const index = indexProgram(program);
  const notes: string[] = [];
  let cells: CellSpace | null = null;
  let queries: FlowQueries | null = null;
  let owned: UniversalQueries | null = null;
  if (mode === 'universal') {
    queries = new MemoQueries(opts.universal ?? (owned = new UniversalQueries(program, index, opts.universalOptions)));
    const cluster = CHECKS.filter((c) => c.needs === 'cluster' && (!opts.checks || opts.checks.includes(c.id))).map((c) => `\`${c.id}\``);
    if (cluster.length > 0) notes.push(`universal mode has no cluster: ${cluster.join(', ')} need pods and run in snapshot mode only`);
  } else if ((program.snapshot?.endpoints.length ?? 0) === 0) {
    notes.push('the inputs have no pods: only the structural checks ran (give pods, workloads or a cluster dump for the snapshot checks)');
  } else {
    try {
      cells = enumerateCells(program, opts.maxCells === undefined ? {} : { maxCells: opts.maxCells });
      queries = new MemoQueries(new SnapshotQueries(program, index, cells));
    } catch (e) {
      if (!(e instanceof TooManyCells)) throw e;
      notes.push(`the snapshot has ${e.message}: only the structural checks ran`);
    }
  }
  const facts: SharedFacts = { deadRules: new Set(), deadPolicies: new Set(), vacuous: false };
  const ctx: LintContext = { program, index, mode, queries, cells, facts, witness: (flow, edit) => makeWitness(program, index, flow, edit) };
  const runnable = (c: LintCheck) =>
    (!opts.checks || opts.checks.includes(c.id)) &&
    (c.needs === 'structure' || (c.needs === 'flows' && queries !== null) || (c.needs === 'cluster' && cells !== null && mode === 'snapshot'));
  const findings: Finding[] = [];
  let ran = 0;
  try {
    for (const check of CHECKS) {
      if (!runnable(check)) continue;
      ran++;
      progress(`lint (${mode}): ${check.id}`);
      findings.push(...(await check.run(ctx)));
    }
  } finally {
    await owned?.close();
  }
  return {
    mode,
    findings: sortFindings(findings),
    notes,
    stats: { policies: index.policies.length, rules: index.rules.length, endpointClasses: cells?.classes.length ?? 0, cells: cells?.cells.length ?? 0, checks: ran },
  };
}

export function sortFindings(fs: readonly Finding[]): Finding[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...fs].sort((a, b) => {
    if (!a.location || !b.location) return a.location ? -1 : b.location ? 1 : cmp(a.check, b.check);
    return cmp(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column || cmp(a.check, b.check);
  });
}
