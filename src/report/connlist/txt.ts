/**
 * connlist as plain text, netpol-analyzer's default format (conns_formatter_txt.go).
 *
 * Stage: report (connlist). Input → output: `Connection[]` → text.
 * Contract: one line `src => dst : conn` per connection, sorted by source then destination, each
 * ending in `\n`; no connections → the empty string. With `focusConn`, a header line
 * `Permitted connections on <focusConn>:` and then `src => dst` lines (the conn is implied).
 */
import { connText, sortConnections, type Connection, type ConnlistOptions } from './connection.js';

export function renderTxt(conns: readonly Connection[], opts: ConnlistOptions = {}): string {
  const sorted = sortConnections(conns);
  if (opts.focusConn !== undefined) {
    return `Permitted connections on ${opts.focusConn}:\n` + sorted.map((c) => `${c.src} => ${c.dst}\n`).join('');
  }
  return sorted.map((c) => `${c.src} => ${c.dst} : ${connText(c)}\n`).join('');
}
