/**
 * The whole pipeline on one page. Each stage is one module with one entry point, returns
 * `{ value, diagnostics }`, and never reaches into another stage's internals:
 *
 *   files ──load (yaml/)──▶ positioned documents
 *         ──model (model/)──▶ typed, validated resources; bad documents dropped, the rest kept
 *         ──lower (lower/)──▶ IR program                          (issue 4)
 *         ──evaluate (oracle/) │ encode (smt/) │ emit (emit/)      (issues 4–8)
 */
import type { Diagnostic } from './diagnostics/diagnostic.js';
import type { SourceTexts } from './yaml/node.js';
import { loadPaths, type Limits } from './yaml/load.js';
import { loadResources } from './model/loadResources.js';
import type { Resource } from './model/kinds.js';
import { lower } from './lower/lower.js';
import type { LowerOptions } from './lower/types.js';
import type { Program } from './ir/ast.js';
import { sortDiagnostics } from './diagnostics/diagnostic.js';

export interface InputOptions {
  limits?: Partial<Limits>;
  /** Reads standard input for the path `-`. */
  readStdin?: () => Promise<string>;
  /** Lowering choices, e.g. `ipBlockScope`; the rest default (`DEFAULT_LOWER_OPTIONS`). */
  lower?: Partial<LowerOptions>;
}

export interface Inputs {
  resources: Resource[];
  diagnostics: Diagnostic[];
  /** File texts, for rendering the source line under a diagnostic. */
  texts: SourceTexts;
  /** How many YAML/JSON documents were read. */
  documentCount: number;
}

/** Stages 1–2: read files, directories or stdin, and validate every document. */
export async function readInputs(paths: readonly string[], opts: InputOptions = {}): Promise<Inputs> {
  const loadOpts: Parameters<typeof loadPaths>[1] = {};
  if (opts.limits) loadOpts.limits = opts.limits;
  if (opts.readStdin) loadOpts.readStdin = opts.readStdin;
  const loaded = await loadPaths([...paths], loadOpts);
  const model = loadResources(loaded.documents);
  return {
    resources: model.value,
    diagnostics: [...loaded.diagnostics, ...model.diagnostics],
    texts: loaded.texts,
    documentCount: loaded.documents.length,
  };
}

export interface LoadedProgram {
  program: Program;
  /** Every stage's diagnostics, sorted. */
  diagnostics: Diagnostic[];
  texts: SourceTexts;
}

/** Stages 1–3: read and validate inputs, and lower what validated into one IR program. */
export async function loadProgram(paths: readonly string[], opts: InputOptions = {}): Promise<LoadedProgram> {
  const inputs = await readInputs(paths, opts);
  const lowered = lower(inputs.resources, opts.lower ?? {});
  return {
    program: lowered.value,
    diagnostics: sortDiagnostics([...inputs.diagnostics, ...lowered.diagnostics]),
    texts: inputs.texts,
  };
}
