/**
 * connlist as a Markdown table (netpol-analyzer conns_formatter_md.go).
 *
 * Stage: report (connlist). Input → output: `Connection[]` → Markdown.
 * Contract: header `| src | dst | conn |` and rule `|-----|-----|------|`, then one row
 * `| src | dst | conn |` per connection in connlist order, every line ending in `\n` (an empty list
 * still has the header). With `focusConn` the conn column is dropped (`|-----|-----|`). Cells are
 * written as they are: endpoint names and conn texts contain no `|`.
 */
import { connText, sortConnections, type Connection, type ConnlistOptions } from './connection.js';

export function renderMd(conns: readonly Connection[], opts: ConnlistOptions = {}): string {
  const focus = opts.focusConn !== undefined;
  const lines = focus ? ['| src | dst |', '|-----|-----|'] : ['| src | dst | conn |', '|-----|-----|------|'];
  for (const c of sortConnections(conns)) {
    lines.push(focus ? `| ${c.src} | ${c.dst} |` : `| ${c.src} | ${c.dst} | ${connText(c)} |`);
  }
  return lines.join('\n') + '\n';
}
