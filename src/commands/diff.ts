/**
 * `diff`: what a policy change newly allows or denies. The library function behind
 * `netpolc diff old/ new/` and `netpolc diff --base <rev> <path>`.
 *
 * Input → output: two versions (two paths, or one path and a git revision for the old version)
 * → the rendered diff, the `SnapshotDiff`, and an exit code.
 * Contract:
 * - Snapshot mode (the default; `auto` picks it when either version has pods, else universal mode,
 *   and says so in `note`, since two empty clusters are trivially equivalent): each version is
 *   compared over its own cluster snapshot
 *   (`analysis/diff/snapshotDiff.ts`). Universal mode: over every realisable pod and external
 *   address, with Z3 (`analysis/diff/universal/universalDiff.ts`), rendered as regions (text, txt,
 *   md, json); its exit code is 1 when some region was found, 0 only when the search completed
 *   with none, 2 when the solver could not decide (never 0).
 * - Exit code: 0 when the versions are equivalent, 1 when they differ, 2 on errors: a usage or git
 *   error (`ok: false`), an input error diagnostic in either version, or no decided difference
 *   while some connections are undecided (equivalence is then not shown) and Z3 could not settle
 *   the relation over every flow of the shared snapshot (`proved`; it is asked only then).
 * - With `base`, the old version's file names read `<rev>:<path>` in diagnostics and witnesses;
 *   its temporary copy is removed before returning, also on failure.
 * - `relationOnly` prints just the relation (text/txt: `relation: <relation> (<meaning>)`; json:
 *   `{ mode, relation }`).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadProgram, type InputOptions, type LoadedProgram } from '../pipeline.js';
import { checkoutRevision, diffSnapshots, describeRelation, type SnapshotDiff } from '../analysis/diff/index.js';
import { snapshotRelation } from '../analysis/diff/snapshotRelation.js';
import { renderDiff, type DiffFormat } from '../report/diff/index.js';
import { diffUniversal } from '../analysis/diff/universal/universalDiff.js';
import type { UniversalDiff } from '../analysis/diff/types.js';
import { renderUniversal, UNIVERSAL_FORMATS } from '../report/diff/universal.js';
import type { SourceTexts } from '../yaml/node.js';

/** `auto`: snapshot mode when either version has pods, universal mode otherwise. */
export type DiffMode = 'snapshot' | 'universal' | 'auto';

export interface DiffCommandOptions extends InputOptions {
  format: DiffFormat;
  /** A git revision: the old version is `paths[0]` as of that revision, the new one the working tree's. */
  base?: string;
  mode?: DiffMode;
  /** Names of the two versions in headers (default `ref1`, `ref2`, as netpol-analyzer). */
  refNames?: [string, string];
  relationOnly?: boolean;
  /** Also compare protocols other than TCP/UDP/SCTP (netpol-analyzer leaves them out). */
  otherProtocols?: boolean;
  /** Find a witness flow per change (default true). */
  witnesses?: boolean;
  /** Universal mode: stop after this many regions (default 32). */
  maxRegions?: number;
  /** Universal mode: solver time limit per query (default 10 s). */
  timeoutMs?: number;
}

export type DiffExitCode = 0 | 1 | 2;

export type DiffReport =
  | { ok: true; output: string; result: SnapshotDiff; exitCode: DiffExitCode; diagnostics: Diagnostic[]; texts: SourceTexts }
  | { ok: false; error: string; diagnostics: Diagnostic[]; texts: SourceTexts };

export type UniversalDiffReport =
  | { ok: true; output: string; universal: UniversalDiff; exitCode: DiffExitCode; diagnostics: Diagnostic[]; texts: SourceTexts; note?: string }
  | { ok: false; error: string; diagnostics: Diagnostic[]; texts: SourceTexts };

const NO_TEXTS: SourceTexts = new Map();

export async function diff(paths: readonly string[], opts: DiffCommandOptions & { mode: 'universal' }): Promise<UniversalDiffReport>;
export async function diff(paths: readonly string[], opts: DiffCommandOptions & { mode?: 'snapshot' }): Promise<DiffReport>;
export async function diff(paths: readonly string[], opts: DiffCommandOptions): Promise<DiffReport | UniversalDiffReport>;
export async function diff(paths: readonly string[], opts: DiffCommandOptions): Promise<DiffReport | UniversalDiffReport> {
  const fail = (error: string): DiffReport => ({ ok: false, error, diagnostics: [], texts: NO_TEXTS });
  const universalFormat = (UNIVERSAL_FORMATS as readonly string[]).includes(opts.format);
  if (opts.mode === 'universal' && !universalFormat) return fail(`universal mode prints ${UNIVERSAL_FORMATS.join(', ')}`);
  if (opts.mode !== 'universal' && opts.relationOnly && !['text', 'txt', 'json'].includes(opts.format)) return fail('--relation prints text or json only');
  const v = await loadVersions(paths, opts);
  if ('error' in v) return fail(v.error);
  if (opts.mode === 'universal') return universal(v.old, v.new, opts);
  if (opts.mode === 'auto' && !hasPods(v.old) && !hasPods(v.new)) {
    // Comparing two empty clusters would call any change "equivalent".
    const why = 'neither version has pods, so the versions are compared over every pod that could exist (universal mode)';
    if (!universalFormat) return fail(`${why}, which prints ${UNIVERSAL_FORMATS.join(', ')}; add the cluster's pods for ${opts.format}`);
    const r = await universal(v.old, v.new, opts);
    return r.ok ? { ...r, note: why } : r;
  }
  return await compare(v.old, v.new, opts);
}

const hasPods = (l: LoadedProgram) => (l.program.snapshot?.endpoints.length ?? 0) > 0;

/** Both versions loaded: two paths, or one path and its version at a git revision (the copy is removed before returning). */
async function loadVersions(paths: readonly string[], opts: DiffCommandOptions): Promise<{ old: LoadedProgram; new: LoadedProgram } | { error: string }> {
  if (opts.base !== undefined) {
    if (paths.length !== 1) return { error: 'with --base, give exactly one path (its old version is read from git)' };
    const checkout = await checkoutRevision(opts.base, paths[0]!);
    if ('error' in checkout) return { error: checkout.error };
    try {
      return { old: relabel(await loadProgram([checkout.path], opts), checkout.label), new: await loadProgram([paths[0]!], opts) };
    } finally {
      await checkout.cleanup();
    }
  }
  if (paths.length !== 2) return { error: 'give two paths, the old version and the new one (or one path with --base <rev>)' };
  return { old: await loadProgram([paths[0]!], opts), new: await loadProgram([paths[1]!], opts) };
}

async function compare(oldL: LoadedProgram, newL: LoadedProgram, opts: DiffCommandOptions): Promise<DiffReport> {
  let result = diffSnapshots(oldL.program, newL.program, {
    ...(opts.otherProtocols ? { otherProtocols: true } : {}),
    ...(opts.witnesses === false ? { witnesses: false } : {}),
  });
  const diagnostics = [...oldL.diagnostics, ...newL.diagnostics];
  const texts: SourceTexts = new Map([...oldL.texts, ...newL.texts]);
  const undecided = result.unknown.old.length + result.unknown.new.length > 0;
  if (undecided) {
    // The matrix does not cut source ports or ICMP types; Z3 reads every field of every flow.
    const proved = await snapshotRelation(oldL.program, newL.program);
    if (proved) result = { ...result, proved };
  }
  const inputErrors = diagnostics.some((d) => d.severity === 'error');
  const settled = result.proved?.relation ?? null;
  const exitCode: DiffExitCode = inputErrors ? 2 : result.changes.length > 0 ? 1 : !undecided ? 0 : settled === null ? 2 : settled === 'equivalent' ? 0 : 1;
  const output = opts.relationOnly ? renderRelation(result, opts.format) : renderDiff(opts.format, result, opts.refNames ? { refNames: opts.refNames } : {});
  return { ok: true, output, result, exitCode, diagnostics, texts };
}

/** Universal mode: the same inputs, compared over every realisable flow. */
async function universal(oldL: LoadedProgram, newL: LoadedProgram, opts: DiffCommandOptions): Promise<UniversalDiffReport> {
  const result = await diffUniversal(oldL.program, newL.program, {
    ...(opts.relationOnly ? { relationOnly: true } : {}),
    ...(opts.maxRegions !== undefined ? { maxRegions: opts.maxRegions } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  });
  const diagnostics = [...oldL.diagnostics, ...newL.diagnostics];
  const texts: SourceTexts = new Map([...oldL.texts, ...newL.texts]);
  const inputErrors = diagnostics.some((d) => d.severity === 'error');
  const differs = opts.relationOnly ? result.relation !== null && result.relation !== 'equivalent' : result.regions.length > 0;
  const same = opts.relationOnly ? result.relation === 'equivalent' : result.status === 'complete';
  const exitCode: DiffExitCode = inputErrors ? 2 : differs ? 1 : same ? 0 : 2;
  const format = opts.format as (typeof UNIVERSAL_FORMATS)[number];
  const output = opts.relationOnly
    ? format === 'json'
      ? JSON.stringify({ mode: result.mode, relation: result.relation }, null, 2) + '\n'
      : result.relation === null
        ? `relation: unknown (${result.relationReason ?? 'undecided'})\n`
        : `relation: ${result.relation} (${describeRelation(result.relation)})\n`
    : renderUniversal(format, result);
  return { ok: true, output, universal: result, exitCode, diagnostics, texts };
}

function renderRelation(result: SnapshotDiff, format: DiffFormat): string {
  const proved = result.proved?.relation;
  const relation = proved ?? result.relation;
  if (format === 'json') return JSON.stringify({ mode: result.mode, relation, ...(result.proved ? { proved: result.proved } : {}) }, null, 2) + '\n';
  return `relation: ${relation} (${describeRelation(relation)})${proved ? ' (proved with Z3 over every flow)' : ''}\n`;
}

/** The old version's diagnostics and texts under `<rev>:<path>` names instead of the temporary copy's. */
function relabel(l: LoadedProgram, label: (f: string) => string): LoadedProgram {
  // Every origin too, so whatever a result says about the old version (a witness's deciding
  // rule, a region's) names `<rev>:<path>`, not the temporary checkout.
  const p = l.program;
  const tiers = p.tiers.map((t) => ({
    ...t,
    policies: t.policies.map((x) => {
      const rules = (rs: typeof x.ingress) => rs.map((r) => ({ ...r, origin: { ...r.origin, file: label(r.origin.file) } }));
      return { ...x, origin: { ...x.origin, file: label(x.origin.file) }, ingress: rules(x.ingress), egress: rules(x.egress) };
    }),
  }));
  return {
    program: { ...p, tiers },
    diagnostics: l.diagnostics.map((d) => ({ ...d, file: label(d.file), message: label(d.message), ...(d.hint !== undefined ? { hint: label(d.hint) } : {}) })),
    texts: new Map([...l.texts].map(([file, text]) => [label(file), text])),
  };
}
