/**
 * diff as plain text: netpol-analyzer's txt (diff_formatter_text.go), and `text`, the same lines
 * followed by netpolc's one-line summary.
 *
 * Stage: report (diff). Input → output: `SnapshotDiff` → text.
 * Contract:
 * - txt: no changes → the empty string. Otherwise the header `Connectivity diff:` and one line per
 *   change, `diff-type: <type>, source: <src>, destination: <dst>, <ref1>: <old>, <ref2>: <new>`
 *   plus `, workloads-diff-info: <info>` when there is one; lines joined by `\n` with no final
 *   newline (as netpol-analyzer writes it); order as `lines.ts` says.
 * - text: the txt lines (when any), then the summary line (`summaryLine`), ending in `\n`; when
 *   some connections are undecided, they are listed after a marker line, as `connectivity` does.
 */
import type { SnapshotDiff } from '../../analysis/diff/types.js';
import { DEFAULT_REF_NAMES, orderedLines, summaryLine, type DiffFormatOptions } from './lines.js';

export function renderTxt(diff: SnapshotDiff, opts: DiffFormatOptions = {}): string {
  if (diff.changes.length === 0) return '';
  const [ref1, ref2] = opts.refNames ?? DEFAULT_REF_NAMES;
  const lines = orderedLines(diff.changes, (f) => {
    const line = `diff-type: ${f.type}, source: ${f.src}, destination: ${f.dst}, ${ref1}: ${f.old}, ${ref2}: ${f.new}`;
    return f.info === '' ? line : `${line}, workloads-diff-info: ${f.info}`;
  });
  return ['Connectivity diff:', ...lines].join('\n');
}

export function renderText(diff: SnapshotDiff, opts: DiffFormatOptions = {}): string {
  const txt = renderTxt(diff, opts);
  const out = txt === '' ? [] : [txt];
  out.push(summaryLine(diff));
  const [ref1, ref2] = opts.refNames ?? DEFAULT_REF_NAMES;
  for (const [name, list] of [[ref1, diff.unknown.old], [ref2, diff.unknown.new]] as const) {
    if (list.length === 0) continue;
    out.push(`undecided in ${name} (depends on source ports, ICMP types or constructs netpolc does not model):`);
    for (const c of list) out.push(`  ${c.src} => ${c.dst} : ${c.conn.toString()}`);
  }
  return out.join('\n') + '\n';
}
