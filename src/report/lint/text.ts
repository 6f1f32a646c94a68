/**
 * Lint report, text: one block per finding, in the diagnostics' style
 * (`policies.yaml:20:7: warning unusable-rule: …`, then the source line with a caret), followed by
 * the field path, related rules, the witness flow with the oracle's trace, and the hint; then a
 * summary line and the run's notes.
 *
 * Input → output: `LintResult` (+ file texts) → text. Contract: findings in the order given
 * (the engine sorts them); one trailing newline.
 */
import type { LintResult } from '../../analysis/lint/lint.js';
import type { Finding, Location } from '../../analysis/lint/types.js';
import { countFindings } from './summary.js';

export function renderLintText(r: LintResult, texts?: ReadonlyMap<string, string>): string {
  const blocks = r.findings.map((f) => renderFinding(f, texts));
  const c = countFindings(r.findings);
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const summary = `${plural(r.findings.length, 'finding')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')}) in ${r.mode} mode`;
  const notes = r.notes.map((n) => `note: ${n}`);
  return [...blocks, [summary, ...notes].join('\n')].join('\n\n') + '\n';
}

function where(l: Location | null): string {
  return l ? `${l.file}:${l.line}:${l.column}` : '(cluster)';
}

export function renderFinding(f: Finding, texts?: ReadonlyMap<string, string>): string {
  const lines = [`${where(f.location)}: ${f.severity} ${f.check} (${f.mode}): ${f.message}`];
  const text = f.location ? texts?.get(f.location.file) : undefined;
  if (f.location && text !== undefined) {
    const src = sourceLine(text, f.location.line);
    if (src !== undefined) {
      const shown = src.length > 160 ? src.slice(0, 160) + '…' : src;
      const gutter = `${f.location.line} | `;
      const col = Math.min(Math.max(f.location.column, 1), shown.length + 1);
      lines.push(`  ${gutter}${shown}`, `  ${' '.repeat(gutter.length)}${shown.slice(0, col - 1).replace(/[^\t]/g, ' ')}^`);
    }
  }
  if (f.location?.path) lines.push(`  at ${f.location.path}`);
  for (const r of f.related) lines.push(`  ${r.message}${r.location ? ` (${where(r.location)})` : ''}`);
  if (f.witness) {
    lines.push(`  witness: ${f.witness.text} → ${f.witness.verdict}`);
    for (const t of f.witness.trace) lines.push(`    ${t}`);
    if (f.witness.changed) {
      lines.push(`  ${f.witness.changed.what}: ${f.witness.changed.verdict}`);
      for (const t of f.witness.changed.trace) lines.push(`    ${t}`);
    }
  }
  if (f.hint) lines.push(`  hint: ${f.hint}`);
  return lines.join('\n');
}

function sourceLine(text: string, line: number): string | undefined {
  const all = text.split('\n');
  return line >= 1 && line <= all.length ? all[line - 1]!.replace(/\r$/, '') : undefined;
}
