/**
 * The conformance baseline: the minimum number of passing cases per suite, kept in
 * `conformance-baseline.json` at the repository root. It only ever goes up, so a change that makes
 * a passing case fail is caught even while most cases still skip.
 *
 * Stage: conformance. Input → output: a suite report + the baseline file → verdict; raising writes
 * the file.
 * Contract: keys are suite folder names (`netpol-analyzer`), values non-negative integers; other
 * keys (e.g. `_comment`) are ignored; a suite missing from the file has baseline 0.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SuiteReport } from './harness.js';

/** `conformance-baseline.json` beside package.json (this file runs from dist/src/conformance/). */
export const BASELINE_FILE = fileURLToPath(new URL('../../../conformance-baseline.json', import.meta.url));

export type Baseline = Record<string, unknown>;

export function readBaseline(path: string = BASELINE_FILE): Baseline {
  return JSON.parse(readFileSync(path, 'utf8')) as Baseline;
}

export function baselineFor(baseline: Baseline, suite: string): number {
  const v = baseline[suite];
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

export function checkBaseline(report: SuiteReport, baseline: Baseline): { ok: boolean; message: string } {
  const min = baselineFor(baseline, report.suite);
  if (report.passed < min) {
    return { ok: false, message: `${report.suite}: ${report.passed} passed, below the baseline of ${min}` };
  }
  if (report.passed > min) {
    return {
      ok: true,
      message: `${report.suite}: ${report.passed} passed, above the baseline of ${min}; raise it with --update-baseline`,
    };
  }
  return { ok: true, message: `${report.suite}: ${report.passed} passed, at the baseline` };
}

/** Writes a higher pass count for the suite; returns whether the file changed. Never lowers it. */
export function raiseBaseline(report: SuiteReport, path: string = BASELINE_FILE): boolean {
  const baseline = readBaseline(path);
  if (report.passed <= baselineFor(baseline, report.suite)) return false;
  baseline[report.suite] = report.passed;
  writeFileSync(path, JSON.stringify(baseline, null, 2) + '\n');
  return true;
}
