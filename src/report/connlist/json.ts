/**
 * connlist as JSON (netpol-analyzer conns_formatter_json.go: Go's `json.MarshalIndent` with a
 * two-space indent).
 *
 * Stage: report (connlist). Input → output: `Connection[]` → JSON text.
 * Contract: an array of `{"src", "dst", "conn"}` objects in connlist order (keys in that order),
 * pretty-printed with two spaces, NO final newline; an empty list is `[]`. With `focusConn` the
 * objects are `{"src", "dst"}`. Strings are escaped as Go does: besides JSON's own escapes, `<`,
 * `>`, `&`, U+2028 and U+2029 become `\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029`.
 */
import { connText, sortConnections, type Connection, type ConnlistOptions } from './connection.js';

export function renderJson(conns: readonly Connection[], opts: ConnlistOptions = {}): string {
  const sorted = sortConnections(conns);
  if (sorted.length === 0) return '[]';
  const focus = opts.focusConn !== undefined;
  const items = sorted.map((c) => {
    const fields: Array<[string, string]> = [
      ['src', c.src],
      ['dst', c.dst],
    ];
    if (!focus) fields.push(['conn', connText(c)]);
    return '  {\n' + fields.map(([k, v]) => `    ${goJsonString(k)}: ${goJsonString(v)}`).join(',\n') + '\n  }';
  });
  return '[\n' + items.join(',\n') + '\n]';
}

/** A JSON string literal with Go's HTML-safe escaping. */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
