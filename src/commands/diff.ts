/**
 * `diff`: what a policy change newly allows or denies. The library function behind
 * `netpolc diff old/ new/` and `netpolc diff --base <rev> <path>`.
 *
 * Input → output: two versions (two paths, or one path and a git revision for the old version)
 * → the rendered diff, the `SnapshotDiff`, and an exit code.
 * Contract:
 * - Snapshot mode (default): each version is compared over its own cluster snapshot
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

export type DiffMode = 'snapshot' | 'universal';

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
}

export type DiffExitCode = 0 | 1 | 2;

export type DiffReport =
  | { ok: true; output: string; result: SnapshotDiff; exitCode: DiffExitCode; diagnostics: Diagnostic[]; texts: SourceTexts }
  | { ok: false; error: string; diagnostics: Diagnostic[]; texts: SourceTexts };

export type UniversalDiffReport =
  | { ok: true; output: string; universal: UniversalDiff; exitCode: DiffExitCode; diagnostics: Diagnostic[]; texts: SourceTexts }
  | { ok: false; error: string; diagnostics: Diagnostic[]; texts: SourceTexts };

const NO_TEXTS: SourceTexts = new Map();

export async function diff(paths: readonly string[], opts: DiffCommandOptions & { mode: 'universal' }): Promise<UniversalDiffReport>;
export async function diff(paths: readonly string[], opts: DiffCommandOptions & { mode?: 'snapshot' }): Promise<DiffReport>;
export async function diff(paths: readonly string[], opts: DiffCommandOptions): Promise<DiffReport | UniversalDiffReport>;
export async function diff(paths: readonly string[], opts: DiffCommandOptions): Promise<DiffReport | UniversalDiffReport> {
  const fail = (error: string): DiffReport => ({ ok: false, error, diagnostics: [], texts: NO_TEXTS });
  if (opts.mode === 'universal') return universal(paths, opts);
  if (opts.relationOnly && !['text', 'txt', 'json'].includes(opts.format)) return fail('--relation prints text or json only');
  if (opts.base !== undefined) {
    if (paths.length !== 1) return fail('with --base, give exactly one path (its old version is read from git)');
    const checkout = await checkoutRevision(opts.base, paths[0]!);
    if ('error' in checkout) return fail(checkout.error);
    try {
      const oldLoaded = relabel(await loadProgram([checkout.path], opts), checkout.label);
      const newLoaded = await loadProgram([paths[0]!], opts);
      return await compare(oldLoaded, newLoaded, opts, checkout.label);
    } finally {
      await checkout.cleanup();
    }
  }
  if (paths.length !== 2) return fail('give two paths, the old version and the new one (or one path with --base <rev>)');
  const oldLoaded = await loadProgram([paths[0]!], opts);
  const newLoaded = await loadProgram([paths[1]!], opts);
  return await compare(oldLoaded, newLoaded, opts);
}

async function compare(oldL: LoadedProgram, newL: LoadedProgram, opts: DiffCommandOptions, oldLabel?: (f: string) => string): Promise<DiffReport> {
  let result = diffSnapshots(oldL.program, newL.program, {
    ...(opts.otherProtocols ? { otherProtocols: true } : {}),
    ...(opts.witnesses === false ? { witnesses: false } : {}),
  });
  if (oldLabel) result = relabelWitnesses(result, oldLabel);
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
async function universal(paths: readonly string[], opts: DiffCommandOptions): Promise<UniversalDiffReport> {
  const fail = (error: string): UniversalDiffReport => ({ ok: false, error, diagnostics: [], texts: NO_TEXTS });
  if (!(UNIVERSAL_FORMATS as readonly string[]).includes(opts.format)) return fail(`universal mode prints ${UNIVERSAL_FORMATS.join(', ')}`);
  let versions: [LoadedProgram, LoadedProgram];
  if (opts.base !== undefined) {
    if (paths.length !== 1) return fail('with --base, give exactly one path (its old version is read from git)');
    const checkout = await checkoutRevision(opts.base, paths[0]!);
    if ('error' in checkout) return fail(checkout.error);
    try {
      versions = [relabel(await loadProgram([checkout.path], opts), checkout.label), await loadProgram([paths[0]!], opts)];
    } finally {
      await checkout.cleanup();
    }
  } else {
    if (paths.length !== 2) return fail('give two paths, the old version and the new one (or one path with --base <rev>)');
    versions = [await loadProgram([paths[0]!], opts), await loadProgram([paths[1]!], opts)];
  }
  const [oldL, newL] = versions;
  const result = await diffUniversal(oldL.program, newL.program, opts.relationOnly ? { relationOnly: true } : {});
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
  return {
    program: l.program,
    diagnostics: l.diagnostics.map((d) => ({ ...d, file: label(d.file), message: label(d.message), ...(d.hint !== undefined ? { hint: label(d.hint) } : {}) })),
    texts: new Map([...l.texts].map(([file, text]) => [label(file), text])),
  };
}

function relabelWitnesses(result: SnapshotDiff, label: (f: string) => string): SnapshotDiff {
  const changes = result.changes.map((c) => {
    const at = c.witness?.decidedBy;
    if (!c.witness || !at || at.version !== 'old') return c;
    return { ...c, witness: { ...c.witness, decidedBy: { ...at, file: label(at.file) } } };
  });
  return { ...result, changes };
}
