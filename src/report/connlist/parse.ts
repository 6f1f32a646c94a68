/**
 * Reads connlist text (the txt format) back into connections — the inverse of `renderTxt`, used to
 * check the other formats against netpol-analyzer's goldens and by conformance tooling.
 *
 * Stage: report (connlist). Input → output: txt text → `{ connections, focusConn }` or an error.
 * Contract: `parseConnlistTxt(renderTxt(cs, o))` gives back `cs` (up to order) and `o.focusConn`.
 * Only the plain and focus-conn layouts are understood; multi-network sections, exposure and
 * explanation outputs are reported as errors, never half-read.
 */
import { ConnSet } from '../../connectivity/connset.js';
import type { Connection } from './connection.js';

export type ParsedConnlist = { connections: Connection[]; focusConn?: string } | { error: string };

const FOCUS_HEADER = /^Permitted connections on (.+):$/;

export function parseConnlistTxt(text: string): ParsedConnlist {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let focusConn: string | undefined;
  let focusSet: ConnSet | undefined;
  const head = lines[0] === undefined ? null : FOCUS_HEADER.exec(lines[0]);
  if (head) {
    focusConn = head[1]!;
    focusSet = ConnSet.parse(focusConn);
    if (!focusSet) return { error: `line 1: unreadable focus connection \`${focusConn}\`` };
    lines.shift();
  }
  const connections: Connection[] = [];
  for (const [i, line] of lines.entries()) {
    const at = `line ${i + 1 + (head ? 1 : 0)}`;
    const arrow = line.indexOf(' => ');
    if (arrow < 0) return { error: `${at}: not a connection line: \`${line}\`` };
    const src = line.slice(0, arrow);
    const rest = line.slice(arrow + 4);
    if (focusSet) {
      if (rest.includes(' : ')) return { error: `${at}: a conn column after a focus-conn header` };
      connections.push({ src, dst: rest, conn: focusSet });
      continue;
    }
    const colon = rest.lastIndexOf(' : ');
    if (colon < 0) return { error: `${at}: missing \` : <conns>\`` };
    const conn = ConnSet.parse(rest.slice(colon + 3));
    if (!conn) return { error: `${at}: unreadable connections \`${rest.slice(colon + 3)}\`` };
    connections.push({ src, dst: rest.slice(0, colon), conn });
  }
  return focusConn === undefined ? { connections } : { connections, focusConn };
}
