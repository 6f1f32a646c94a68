/**
 * Diagnostics: the one type every stage reports problems with.
 *
 * Contract: positions are 1-based; `path` is a field path such as
 * `spec.ingress[0].from[1].podSelector`; stages return `{ value, diagnostics }` and never throw
 * for bad input (a throw is a bug in netpolc).
 */
import { CODES, type Code } from './codes.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  code: Code;
  severity: Severity;
  /** Lowercase, no final period, user input in backticks, one line. */
  message: string;
  file: string;
  line: number;
  column: number;
  /** Field path inside the document (empty for whole-file problems). */
  path: string;
  /** A separate suggestion, e.g. "did you mean `kube-system`?". */
  hint?: string;
}

/** What every stage returns. */
export interface Staged<T> {
  value: T;
  diagnostics: Diagnostic[];
}

/** A place in a source file. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

/** Builds a diagnostic with the catalogue's default severity for `code`. */
export function diagnostic(
  code: Code,
  at: Location,
  path: string,
  message: string,
  hint?: string,
): Diagnostic {
  const d: Diagnostic = {
    code,
    severity: CODES[code].severity,
    message,
    file: at.file,
    line: at.line,
    column: at.column,
    path,
  };
  if (hint !== undefined) d.hint = hint;
  return d;
}

/** Sorted by file, line, column, then code: the order every output uses. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
