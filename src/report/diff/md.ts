/**
 * diff as Markdown, ready to paste into a pull-request comment: a heading with the counts, the
 * relation, and netpol-analyzer's diff table (diff_formatter_md.go).
 *
 * Stage: report (diff). Input → output: `SnapshotDiff` → Markdown.
 * Contract:
 * - `#### Connectivity diff` heading, then the summary line (`summaryLine`) as a paragraph.
 * - When there are changes, netpol-analyzer's table: header
 *   `| diff-type | source | destination | <ref1> | <ref2> | workloads-diff-info |`, rule
 *   `|-----------|--------|-------------|------|------|---------------------|`, one row per change
 *   in diff order. Cells have `|` escaped (`\|`) so that a name cannot break the table.
 * - Undecided connections, when any, follow as a bullet list.
 * - Ends in `\n`.
 */
import type { SnapshotDiff } from '../../analysis/diff/types.js';
import { DEFAULT_REF_NAMES, orderedLines, summaryLine, type DiffFormatOptions } from './lines.js';

export function renderMd(diff: SnapshotDiff, opts: DiffFormatOptions = {}): string {
  const [ref1, ref2] = opts.refNames ?? DEFAULT_REF_NAMES;
  const out = ['#### Connectivity diff', '', cell(summaryLine(diff))];
  if (diff.changes.length > 0) {
    out.push(
      '',
      `| diff-type | source | destination | ${cell(ref1)} | ${cell(ref2)} | workloads-diff-info |`,
      '|-----------|--------|-------------|------|------|---------------------|',
      ...orderedLines(diff.changes, (f) => `| ${[f.type, f.src, f.dst, f.old, f.new, f.info].map(cell).join(' | ')} |`),
    );
  }
  for (const [name, list] of [[ref1, diff.unknown.old], [ref2, diff.unknown.new]] as const) {
    if (list.length === 0) continue;
    out.push('', `Undecided in ${cell(name)} (depends on source ports, ICMP types or constructs netpolc does not model):`, '');
    for (const c of list) out.push(`- \`${c.src}\` → \`${c.dst}\`: ${c.conn.toString()}`);
  }
  return out.join('\n') + '\n';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
