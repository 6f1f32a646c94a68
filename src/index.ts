/**
 * The library API of netpolc: re-exports only. The CLI calls exactly these functions.
 */
// Stages (src/pipeline.ts shows them on one page).
export { readInputs, loadProgram, type Inputs, type InputOptions, type LoadedProgram } from './pipeline.js';
export { loadPaths, parseDocuments, type Limits } from './yaml/load.js';
export { loadResources } from './model/loadResources.js';
export type { Resource } from './model/kinds.js';
export { lower } from './lower/lower.js';
export { DEFAULT_LOWER_OPTIONS, type LowerOptions } from './lower/types.js';

// The IR, its text form, and the oracle.
export type { Program, Tier, Policy, Rule, PeerMatch, Snapshot, Endpoint } from './ir/ast.js';
export type { Flow, FlowParty, HypotheticalPod } from './ir/flow.js';
export { parseIr } from './ir/parse.js';
export { printIr } from './ir/print.js';
export { evaluate, formatEvaluation, type Evaluation, type Verdict } from './oracle/index.js';

// Selectors and properties.
export { parseCalicoSelector, printSelector, compileSelector, fromLabelSelector } from './selector/index.js';
export type { Selector } from './selector/ast.js';
export { parseProperties } from './property/parse.js';
export type { Property, PropertyKind, EndpointSpec, PortMatch } from './property/ast.js';

// Commands: the functions behind each `netpolc` subcommand.
export { validate, type ValidateReport } from './commands/validate.js';
export { compile } from './commands/compile.js';
export { explain } from './commands/explain.js';
export { connectivity } from './commands/connectivity.js';
export { proveCommand, emitSmt2 } from './commands/prove.js';

export { diff } from './commands/diff.js';
export { emit } from './commands/emit.js';

// Analyses on an IR program.
export { computeConnectivity } from './connectivity/compute.js';
export { prove } from './analysis/prove.js';
export { diffSnapshots } from './analysis/diff/index.js';
export { lint } from './analysis/lint/lint.js';
export { compileSmt2 } from './smt/smtlib.js';
export { shutdownSolver } from './smt/solver.js';

// Diagnostics.
export type { Diagnostic, Severity, Staged } from './diagnostics/diagnostic.js';
export { CODES, type Code } from './diagnostics/codes.js';
export { renderDiagnostics, renderDiagnostic } from './diagnostics/render.js';
