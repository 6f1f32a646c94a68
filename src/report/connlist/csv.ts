/**
 * connlist as CSV (netpol-analyzer conns_formatter_csv.go, written with Go's `encoding/csv`).
 *
 * Stage: report (connlist). Input → output: `Connection[]` → CSV text.
 * Contract: header `src,dst,conn`, then one record per connection in connlist order, every record
 * ending in `\n` (an empty list still has the header). With `focusConn` the conn column is dropped.
 * A field is quoted exactly when Go quotes it: it contains `,`, `"`, `\r` or `\n`, starts with a
 * white-space character, or is `\.`; quotes inside are doubled. So `TCP 80,443` is written
 * `"TCP 80,443"` and `All Connections` bare.
 */
import { connText, sortConnections, type Connection, type ConnlistOptions } from './connection.js';

export function renderCsv(conns: readonly Connection[], opts: ConnlistOptions = {}): string {
  const focus = opts.focusConn !== undefined;
  const rows: string[][] = [focus ? ['src', 'dst'] : ['src', 'dst', 'conn']];
  for (const c of sortConnections(conns)) rows.push(focus ? [c.src, c.dst] : [c.src, c.dst, connText(c)]);
  return rows.map((r) => r.map(csvField).join(',') + '\n').join('');
}

// Go's unicode.IsSpace: ASCII white space, NEL, NBSP and the Unicode space separators.
const LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

export function csvField(field: string): string {
  const quote = field !== '' && (field === '\\.' || /[,"\r\n]/.test(field) || LEADING_SPACE.test(field));
  return quote ? `"${field.replace(/"/g, '""')}"` : field;
}
