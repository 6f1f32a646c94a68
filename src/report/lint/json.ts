/**
 * Lint report, JSON: the findings as the library returns them (with witness flows), the run's
 * mode, notes and counts. Input → output: `LintResult` → one JSON document (two-space indented).
 * Contract: field names are stable (`check`, `severity`, `mode`, `message`, `location`, `related`,
 * `witness`, `hint`); a finding without a location has `location: null`.
 */
import type { LintResult } from '../../analysis/lint/lint.js';
import { countFindings } from './summary.js';

export function renderLintJson(r: LintResult): string {
  const doc = {
    mode: r.mode,
    summary: countFindings(r.findings),
    findings: r.findings.map((f) => ({
      check: f.check,
      severity: f.severity,
      mode: f.mode,
      message: f.message,
      location: f.location,
      ...(f.policy ? { policy: f.policy } : {}),
      ...(f.rule ? { rule: f.rule } : {}),
      related: f.related,
      ...(f.witness ? { witness: f.witness } : {}),
      ...(f.hint ? { hint: f.hint } : {}),
    })),
    notes: r.notes,
    stats: r.stats,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
