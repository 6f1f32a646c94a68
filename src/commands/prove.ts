/**
 * `prove`: load the policies, parse the property file, prove each property with Z3, and render
 * the results. The library functions behind `netpolc prove` and `netpolc compile --emit smt2`.
 *
 * Contract:
 * - input errors stop before the solver: a property file that does not parse (or defines no
 *   property), or policies with errors (a dropped document could turn a violation into a proof),
 *   give exit code 2, the diagnostics, and no results; warnings and infos do not stop anything;
 * - otherwise exit code 0 when every property is proved, 1 when any is violated or unknown;
 * - the solver is shut down before returning, whatever happened (a live Z3 worker would keep
 *   the process running);
 * - never throws for bad input; an exception from the prover is reported as `internal-error`.
 *
 * The solver modules are imported when first needed, so that the other commands never load Z3.
 */
import { readFile, stat } from 'node:fs/promises';
import type { ProveResult } from '../analysis/prove.js';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Program } from '../ir/ast.js';
import { loadProgram, type InputOptions } from '../pipeline.js';
import type { Property } from '../property/ast.js';
import { parseProperties } from '../property/parse.js';
import { renderProve, type ProveFormat, type ProveMode, type ProveReport } from '../report/prove/index.js';
import { isParseError, parseCidr } from '../util/cidr.js';
import { DEFAULT_LIMITS } from '../yaml/limits.js';
import { STDIN_NAME } from '../yaml/load.js';
import type { SourceTexts } from '../yaml/node.js';

export interface ProveOptions extends InputOptions {
  /** Path of the property file; `-` reads standard input (through `readStdin`). */
  properties: string;
  /** Default `universal`. */
  mode?: ProveMode;
  /** Per query; the prover's default when absent. */
  timeoutMs?: number;
  /** Default `text`. */
  format?: ProveFormat;
  anyNamespaceLabels?: boolean;
  /** A CIDR every pod address lies in (universal mode). */
  podCidr?: string;
  /** For SARIF's tool record. */
  toolVersion?: string;
}

export interface ProveCommandResult {
  /** 0 all proved, 1 some violated or unknown, 2 input errors (nothing proved). */
  exitCode: 0 | 1 | 2;
  mode: ProveMode;
  properties: Property[];
  /** Empty when input errors stopped the run. */
  results: ProveResult[];
  /** The rendered report, ending with a newline; empty when input errors stopped the run. */
  output: string;
  /** Every stage's diagnostics, sorted; property-file problems included. */
  diagnostics: Diagnostic[];
  /** File texts (policies and the property file), for rendering a caret under a diagnostic. */
  texts: SourceTexts;
  /** A problem with the options themselves (not with a file), e.g. a bad `--pod-cidr`. */
  usageError?: string;
}

async function readPropertyText(path: string, opts: ProveOptions): Promise<{ text: string } | { diagnostic: Diagnostic }> {
  const at = { file: path === '-' ? STDIN_NAME : path, line: 1, column: 1 };
  const max = opts.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  try {
    if (path === '-') {
      if (!opts.readStdin) return { diagnostic: diagnostic('file-unreadable', at, '', 'standard input is not available here') };
      return { text: await opts.readStdin() };
    }
    const s = await stat(path);
    if (s.size > max) return { diagnostic: diagnostic('file-too-large', at, '', `the property file is larger than the limit of ${max} bytes`) };
    return { text: await readFile(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { diagnostic: diagnostic('file-not-found', at, '', 'no such file or directory') };
    return { diagnostic: diagnostic('file-unreadable', at, '', `cannot read: ${code ?? (e as Error).message}`) };
  }
}

export async function proveCommand(paths: readonly string[], opts: ProveOptions): Promise<ProveCommandResult> {
  const mode = opts.mode ?? 'universal';
  const stopped = (diagnostics: Diagnostic[], texts: SourceTexts, properties: Property[] = [], usageError?: string): ProveCommandResult => {
    const r: ProveCommandResult = { exitCode: 2, mode, properties, results: [], output: '', diagnostics: sortDiagnostics(diagnostics), texts };
    if (usageError !== undefined) r.usageError = usageError;
    return r;
  };
  if (opts.podCidr !== undefined) {
    const c = parseCidr(opts.podCidr);
    if (isParseError(c)) return stopped([], new Map(), [], `--pod-cidr: ${c.error}${c.hint ? ` (${c.hint})` : ''}`);
  }

  const read = await readPropertyText(opts.properties, opts);
  const propertyFile = opts.properties === '-' ? STDIN_NAME : opts.properties;
  const loaded = await loadProgram(paths, opts);
  const texts: SourceTexts = new Map(loaded.texts);
  const diagnostics = [...loaded.diagnostics];
  let properties: Property[] = [];
  if ('diagnostic' in read) diagnostics.push(read.diagnostic);
  else {
    texts.set(propertyFile, read.text);
    const parsed = parseProperties(propertyFile, read.text);
    diagnostics.push(...parsed.diagnostics);
    properties = parsed.value ?? [];
    if (parsed.value && parsed.value.length === 0) {
      diagnostics.push(diagnostic('no-properties', { file: propertyFile, line: 1, column: 1 }, '', 'the property file defines no property', 'write one per line, e.g. `web-isolated: deny any -> pod(app == "web")`'));
    }
  }
  if (hasErrors(diagnostics)) return stopped(diagnostics, texts, properties);

  const results = await runProver(loaded.program, properties, mode, opts);
  if ('error' in results) {
    diagnostics.push(diagnostic('internal-error', { file: propertyFile, line: 1, column: 1 }, '', results.error));
    return stopped(diagnostics, texts, properties);
  }
  const report: ProveReport = { mode, properties, results };
  if (opts.anyNamespaceLabels) report.anyNamespaceLabels = true;
  if (opts.podCidr !== undefined) report.podCidr = opts.podCidr;
  if (opts.toolVersion !== undefined) report.toolVersion = opts.toolVersion;
  const exitCode = results.every((r) => r.status === 'proved') ? 0 : 1;
  return { exitCode, mode, properties, results, output: renderProve(opts.format ?? 'text', report), diagnostics: sortDiagnostics(diagnostics), texts };
}

/** Calls the prover and always shuts the solver down; a throw becomes an error value. */
async function runProver(program: Program, properties: Property[], mode: ProveMode, opts: ProveOptions): Promise<ProveResult[] | { error: string }> {
  try {
    const { prove } = await import('../analysis/prove.js');
    const proveOpts: Parameters<typeof prove>[2] = { mode };
    if (opts.timeoutMs !== undefined) proveOpts.timeoutMs = opts.timeoutMs;
    if (opts.anyNamespaceLabels) proveOpts.anyNamespaceLabels = true;
    if (opts.podCidr !== undefined) proveOpts.podCidr = opts.podCidr;
    return await prove(program, properties, proveOpts);
  } catch (e) {
    return { error: `internal error while proving: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    await shutdown();
  }
}

async function shutdown(): Promise<void> {
  try {
    const { shutdownSolver } = await import('../smt/solver.js');
    await shutdownSolver();
  } catch {
    // Nothing to release when the solver module cannot even load.
  }
}

export interface EmitSmt2Options extends InputOptions {
  mode?: ProveMode;
}

export interface EmitSmt2Result {
  /** SMT-LIB 2 text of the program's encoding, ending with a newline. */
  output: string;
  diagnostics: Diagnostic[];
  texts: SourceTexts;
}

/**
 * `compile --emit smt2`: the program's SMT-LIB 2 encoding, for reading or for another solver.
 * Emitted even when some documents were dropped with errors (as `compile --emit ir` does); the
 * caller turns the errors into the exit code.
 */
export async function emitSmt2(paths: readonly string[], opts: EmitSmt2Options = {}): Promise<EmitSmt2Result> {
  const { program, diagnostics, texts } = await loadProgram(paths, opts);
  const { compileSmt2 } = await import('../smt/smtlib.js');
  const text = compileSmt2(program, { mode: opts.mode ?? 'universal' });
  return { output: text.endsWith('\n') ? text : text + '\n', diagnostics, texts };
}
