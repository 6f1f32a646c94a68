/**
 * The library API of netpolc: re-exports only. The CLI calls exactly these functions.
 */
export { readInputs, type Inputs, type InputOptions } from './pipeline.js';
export { loadResources } from './model/loadResources.js';
export type { Resource } from './model/kinds.js';
export type { Diagnostic, Severity, Staged } from './diagnostics/diagnostic.js';
export { CODES, type Code } from './diagnostics/codes.js';
export { renderDiagnostics, renderDiagnostic } from './diagnostics/render.js';
export { validate, type ValidateReport } from './commands/validate.js';
