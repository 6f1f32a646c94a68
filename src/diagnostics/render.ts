/**
 * Rendering diagnostics for people and for machines.
 *
 * Text: `np.yaml:12:7: error invalid-port: port \`70000\` is out of range`, then the source line
 * and a caret under the column, then the hint. JSON: the Diagnostic objects as they are.
 */
import type { Diagnostic } from './diagnostic.js';
import { sortDiagnostics } from './diagnostic.js';

export interface RenderOptions {
  /** File texts by name, to show the offending line under each diagnostic. */
  texts?: ReadonlyMap<string, string>;
  /** Leave out `info` diagnostics (skipped kinds and the like). */
  quiet?: boolean;
}

export function renderDiagnostic(d: Diagnostic, texts?: ReadonlyMap<string, string>): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
  const lines = [head];
  const text = texts?.get(d.file);
  if (text !== undefined && d.line >= 1) {
    const src = sourceLine(text, d.line);
    if (src !== undefined) {
      const shown = src.length > 160 ? src.slice(0, 160) + '…' : src;
      const gutter = `${d.line} | `;
      lines.push(`  ${gutter}${shown}`);
      const caretCol = Math.min(Math.max(d.column, 1), shown.length + 1);
      // Tabs keep their width so the caret lines up under them.
      const pad = shown.slice(0, caretCol - 1).replace(/[^\t]/g, ' ');
      lines.push(`  ${' '.repeat(gutter.length)}${pad}^`);
    }
  }
  if (d.path) lines.push(`  at ${d.path}`);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

export function renderDiagnostics(ds: readonly Diagnostic[], opts: RenderOptions = {}): string {
  return sortDiagnostics(ds)
    .filter((d) => !(opts.quiet && d.severity === 'info'))
    .map((d) => renderDiagnostic(d, opts.texts))
    .join('\n');
}

/** `3 errors, 1 warning`: the counts by severity, for summary lines. */
export function countBySeverity(ds: readonly Diagnostic[]): { error: number; warning: number; info: number } {
  const c = { error: 0, warning: 0, info: 0 };
  for (const d of ds) c[d.severity]++;
  return c;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function sourceLine(text: string, line: number): string | undefined {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  return text.slice(start, end).replace(/\r$/, '');
}
