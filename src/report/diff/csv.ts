/**
 * diff as CSV (netpol-analyzer diff_formatter_csv.go, written with Go's `encoding/csv`).
 *
 * Stage: report (diff). Input → output: `SnapshotDiff` → CSV text.
 * Contract: no changes → the empty string (netpol-analyzer writes nothing then, not even the
 * header). Otherwise the header `diff-type,source,destination,<ref1>,<ref2>,workloads-diff-info`
 * and one record per change, every record ending in `\n`; the info field is empty (the record
 * ends in `,`) when there is none. Fields are quoted as Go quotes them (`connlist/csv.ts`), so
 * `TCP 8080,9555` is written `"TCP 8080,9555"`. Records are sorted as the `a;b;c` lines
 * netpol-analyzer builds them from (fields joined by `;`).
 */
import type { SnapshotDiff } from '../../analysis/diff/types.js';
import { csvField } from '../connlist/csv.js';
import { DEFAULT_REF_NAMES, orderedFields, type DiffFormatOptions } from './lines.js';

const SEP = ';';

export function renderCsv(diff: SnapshotDiff, opts: DiffFormatOptions = {}): string {
  if (diff.changes.length === 0) return '';
  const [ref1, ref2] = opts.refNames ?? DEFAULT_REF_NAMES;
  // Sorted on the joined text, as upstream sorts `type;src;dst;…` lines before splitting them.
  const fields = orderedFields(diff.changes, (f) => [f.type, f.src, f.dst, f.old, f.new, f.info].join(SEP));
  const rows = [['diff-type', 'source', 'destination', ref1, ref2, 'workloads-diff-info'], ...fields.map((f) => [f.type, f.src, f.dst, f.old, f.new, f.info])];
  return rows.map((r) => r.map(csvField).join(',') + '\n').join('');
}
