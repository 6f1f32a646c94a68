/**
 * Lint reports: one file per format (text, json, sarif), chosen by name. Re-exports and the
 * format table only.
 */
export { renderLintText, renderFinding } from './text.js';
export { renderLintJson } from './json.js';
export { renderLintSarif, SARIF_SCHEMA } from './sarif.js';
export { countFindings, failsAt } from './summary.js';

export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];
