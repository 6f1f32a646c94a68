/**
 * `compile`: load and validate inputs, lower them to one IR program, and emit it. The library
 * function behind `netpolc compile --emit ir`.
 *
 * Contract: the output is the canonical IR text of everything that lowered (`printIr`), even when
 * some documents or policies were dropped with errors; the diagnostics of every stage come back
 * sorted, so the caller decides the exit code (errors present → failure) without re-running
 * anything.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Program } from '../ir/ast.js';
import { printIr } from '../ir/print.js';
import { loadProgram, type InputOptions } from '../pipeline.js';
import type { SourceTexts } from '../yaml/node.js';

/** What `compile` can emit; the other emitters (iptables, eBPF tables) come with their issues. */
export type EmitKind = 'ir';

export interface CompileOptions extends InputOptions {
  emit: EmitKind;
}

export interface CompileResult {
  /** The emitted text, ending with a newline. */
  output: string;
  program: Program;
  diagnostics: Diagnostic[];
  /** File texts, for rendering the source line under a diagnostic. */
  texts: SourceTexts;
}

export async function compile(paths: readonly string[], opts: CompileOptions): Promise<CompileResult> {
  const { program, diagnostics, texts } = await loadProgram(paths, opts);
  return { output: printIr(program), program, diagnostics, texts };
}
