/**
 * The conformance harness: runs every case of a suite through its runner and compares the output
 * with the expected output.
 *
 * Stage: conformance. Input → output: a suite folder (+ runners) → printed lines and a report.
 * Contract:
 * - One line per case, in manifest order: `PASS <id>`, `FAIL <id>` (followed by a short diff and
 *   where the full actual output was written, or `: error: …`), `SKIP <id>: <reason>`; then exactly
 *   `N passed, N failed, N skipped`.
 * - A case is skipped, without calling its runner, when its inputs use a kind or option the runner
 *   does not support (the reason names them); after the runner, when its expected output is not
 *   in the corpus (e.g. NCA's `.dot` goldens were not copied).
 * - Actual outputs of failing cases go to a fresh folder under `os.tmpdir()`, never into the tree.
 * - A runner that throws is a failed case, not a crashed harness.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sameOutput, unifiedDiff } from './compare.js';
import { loadSuite, type CaseKind, type ConformanceCase } from './manifest.js';
import { RUNNERS, unsupportedFeatures, type RunResult, type RunnerEntry } from './runners.js';

export type CaseStatus = 'pass' | 'fail' | 'skip';

export interface CaseResult {
  readonly id: string;
  readonly kind: CaseKind;
  readonly status: CaseStatus;
  /** Skip reason, or what went wrong for a failure. */
  readonly reason?: string;
  readonly diff?: string;
  /** Where the full actual output of a failing case was written. */
  readonly actualPath?: string;
}

export interface SuiteReport {
  readonly suite: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly results: readonly CaseResult[];
  /** Manifest entries that could not be read. */
  readonly problems: readonly string[];
}

export interface SuiteOptions {
  /** Replaces registered runners (tests, experiments). */
  readonly runners?: Partial<Record<CaseKind, RunnerEntry>>;
  /** Only cases whose id matches. */
  readonly filter?: RegExp;
  /** Receives each output line; default: stdout. */
  readonly print?: (line: string) => void;
  /** Cases run at once (runners are async); default 1. */
  readonly concurrency?: number;
}

export async function runSuite(dir: string, opts: SuiteOptions = {}): Promise<SuiteReport> {
  const suite = loadSuite(dir);
  const print = opts.print ?? ((line: string) => process.stdout.write(line + '\n'));
  for (const p of suite.problems) print(`manifest: ${p}`);
  const cases = suite.cases.filter((c) => !opts.filter || opts.filter.test(c.id));
  let actualRoot: string | undefined;
  const actualDir = () => (actualRoot ??= mkdtempSync(join(tmpdir(), `netpolc-conformance-${suite.name}-`)));

  const results: CaseResult[] = new Array(cases.length);
  let printed = 0;
  const flush = () => {
    // Lines come out in manifest order even when cases finish out of order.
    while (printed < cases.length && results[printed]) print(describe(results[printed++]!));
  };
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      const entry = opts.runners?.[c.kind] ?? RUNNERS[c.kind];
      results[i] = await runCase(c, entry, actualDir);
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));

  const count = (s: CaseStatus) => results.filter((r) => r.status === s).length;
  const report = {
    suite: suite.name,
    passed: count('pass'),
    failed: count('fail'),
    skipped: count('skip'),
    results,
    problems: suite.problems,
  };
  print(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
  return report;
}

async function runCase(c: ConformanceCase, entry: RunnerEntry, actualDir: () => string): Promise<CaseResult> {
  const base = { id: c.id, kind: c.kind };
  const missing = unsupportedFeatures(c, entry.supports);
  if (missing.length > 0) return { ...base, status: 'skip', reason: `unsupported: ${missing.join(', ')}` };
  let result: RunResult;
  try {
    result = await entry.run(c);
  } catch (e) {
    result = { error: `runner threw: ${(e as Error)?.stack ?? String(e)}` };
  }
  if ('skip' in result) return { ...base, status: 'skip', reason: result.skip };
  if ('error' in result) return { ...base, status: 'fail', reason: `error: ${result.error}` };
  // Read after running, so that a runner's own skip reason wins over a missing golden.
  const expected = expectedText(c);
  if ('skip' in expected) return { ...base, status: 'skip', reason: expected.skip };
  if (sameOutput(expected.text, result.output)) return { ...base, status: 'pass' };
  const actualPath = join(actualDir(), c.id.replace(/[^\w.\-/]+/g, '_'));
  mkdirSync(dirname(actualPath), { recursive: true });
  writeFileSync(actualPath, result.output);
  return { ...base, status: 'fail', reason: 'output differs', diff: unifiedDiff(expected.text, result.output), actualPath };
}

/** The golden file's text; for a query with no file, its numeric result. */
function expectedText(c: ConformanceCase): { text: string } | { skip: string } {
  if (c.expectedOutput !== undefined) {
    if (!existsSync(c.expectedOutput)) return { skip: `expected output \`${c.expectedOutput}\` is not in the corpus` };
    return { text: readFileSync(c.expectedOutput, 'utf8') };
  }
  if (c.kind === 'nca-query' && c.expected !== null) return { text: String(c.expected) };
  return { skip: 'no expected output' };
}

function describe(r: CaseResult): string {
  switch (r.status) {
    case 'pass':
      return `PASS ${r.id}`;
    case 'skip':
      return `SKIP ${r.id}: ${r.reason}`;
    case 'fail': {
      if (!r.diff) return `FAIL ${r.id}: ${r.reason}`;
      const indented = r.diff.split('\n').map((l) => '    ' + l);
      return [`FAIL ${r.id}`, ...indented, `    actual output: ${r.actualPath}`].join('\n');
    }
  }
}
