/**
 * Lint report support: counts by severity and the `--fail-on` rule, shared by every format and
 * by the command. Contract: `failsAt(findings, level)` is true when some finding is at least as
 * severe as `level` (error > warning > info).
 */
import type { Finding, Severity } from '../../analysis/lint/types.js';

export function countFindings(fs: readonly Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of fs) c[f.severity]++;
  return c;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function failsAt(fs: readonly Finding[], level: Severity): boolean {
  return fs.some((f) => RANK[f.severity] >= RANK[level]);
}
