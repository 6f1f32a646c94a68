/**
 * `lint`: load inputs, lower them, run every lint check (`analysis/lint`), and render the findings
 * as text, JSON or SARIF. The library function behind `netpolc lint`.
 *
 * Exit code (decided here, printed by the CLI): 2 when an input has errors or the mode is not
 * available; else 1 when a finding is at or above `failOn`; else 0. Universal mode runs Z3
 * (`analysis/lint/universalQueries.ts`), whose threads are shut down before returning so that
 * the process can exit.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { lint, LintModeUnavailable, type LintResult } from '../analysis/lint/lint.js';
import type { Location, Severity } from '../analysis/lint/types.js';
import { loadProgram, type InputOptions } from '../pipeline.js';
import { shutdownSolver } from '../smt/solver.js';
import { failsAt, renderLintJson, renderLintSarif, renderLintText, type LintFormat } from '../report/lint/index.js';
import type { SourceTexts } from '../yaml/node.js';
import { Locator } from '../yaml/locate.js';

export interface LintCommandOptions extends InputOptions {
  mode: 'snapshot' | 'universal';
  format: LintFormat;
  failOn: Severity;
  /** For SARIF's `tool.driver.version`. */
  version?: string;
}

export type LintCommandReport =
  | { ok: true; output: string; result: LintResult; exitCode: 0 | 1 | 2; diagnostics: Diagnostic[]; texts: SourceTexts }
  | { ok: false; error: string; exitCode: 2; diagnostics: Diagnostic[]; texts: SourceTexts };

/**
 * Findings that name a field of their policy (`location.path`, at the policy's own line) moved to
 * where that field is written, when the source text has it; the rest unchanged.
 */
function locateFields(result: LintResult, texts: SourceTexts): LintResult {
  const locator = new Locator(texts);
  const move = (l: Location | null): Location | null => {
    if (!l || l.path === '') return l;
    const at = locator.locate(l.file, l.line, l.column, l.path);
    return at ? { ...l, ...at } : l;
  };
  return { ...result, findings: result.findings.map((f) => ({ ...f, location: move(f.location), related: f.related.map((r) => ({ ...r, location: move(r.location) })) })) };
}

export async function lintPaths(paths: readonly string[], opts: LintCommandOptions): Promise<LintCommandReport> {
  const { program, diagnostics, texts } = await loadProgram(paths, opts);
  let result: LintResult;
  try {
    result = await lint(program, { mode: opts.mode });
  } catch (e) {
    if (e instanceof LintModeUnavailable) return { ok: false, error: e.message, exitCode: 2, diagnostics, texts };
    throw e;
  } finally {
    if (opts.mode === 'universal') await shutdownSolver();
  }
  result = locateFields(result, texts);
  const output =
    opts.format === 'json' ? renderLintJson(result) : opts.format === 'sarif' ? renderLintSarif(result, opts.version ?? '0.0.0') : renderLintText(result, texts);
  const inputErrors = diagnostics.some((d) => d.severity === 'error');
  const exitCode = inputErrors ? 2 : failsAt(result.findings, opts.failOn) ? 1 : 0;
  return { ok: true, output, result, exitCode, diagnostics, texts };
}
