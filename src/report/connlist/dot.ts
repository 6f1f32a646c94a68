/**
 * connlist as a Graphviz digraph (netpol-analyzer conns_formatter_dot.go and
 * internal/dotformatting; the shared conformance corpus has no .dot goldens, so this follows the
 * upstream code and its stored .dot outputs).
 *
 * Stage: report (connlist). Input → output: `Connection[]` (+ all workloads) → dot text.
 * Contract, in this order, lines joined by `\n` with NO final newline:
 * - `digraph {`
 * - per namespace (sorted), `\tsubgraph "cluster_<ns, '-' → '_'>[namespace]" {`, `\t\tcolor="black"`,
 *   `\t\tfontcolor="black"`, its workload nodes sorted, `\t\tlabel="<ns>[namespace]"`, `\t}`;
 *   a workload node is `\t\t"<ns/name[Kind]>" [label="<name[Kind]>" color="blue" fontcolor="blue"]`.
 *   Workloads without any connection (from `opts.peers`) are nodes too.
 * - nodes outside namespaces, sorted: external ranges (`color="red2"`) and `{ingress-controller}`
 *   (`color="blue"`), labelled with their full name;
 * - edges, sorted: `\t"<src>" -> "<dst>" [label="<conn>" color="gold2" fontcolor="darkgreen"
 *   weight=<w>]` with `w` = `0.5` when src <= dst as strings, else `1` (keeps the layout stable);
 * - `}`.
 * Strings are quoted as Go's `%q` does.
 */
import { compareCodePoints } from '../../connectivity/connset.js';
import { INGRESS_CONTROLLER, connText, isExternalName, type Connection, type ConnlistOptions } from './connection.js';

export function renderDot(conns: readonly Connection[], opts: ConnlistOptions = {}): string {
  const byNamespace = new Map<string, string[]>();
  const outside: string[] = [];
  const seen = new Set<string>();
  const addNode = (peer: string): void => {
    if (seen.has(peer)) return;
    seen.add(peer);
    const slash = peer.indexOf('/');
    if (isExternalName(peer) || peer === INGRESS_CONTROLLER || slash < 0) {
      outside.push(`\t${nodeLine(peer, peer, isExternalName(peer) ? 'red2' : 'blue')}`);
      return;
    }
    const ns = peer.slice(0, slash);
    const members = byNamespace.get(ns) ?? [];
    members.push(`\t\t${nodeLine(peer, peer.slice(slash + 1), 'blue')}`);
    byNamespace.set(ns, members);
  };
  const edges = conns.map((c) => {
    addNode(c.src);
    addNode(c.dst);
    const weight = compareCodePoints(c.src, c.dst) <= 0 ? '0.5' : '1';
    return `\t${goQuote(c.src)} -> ${goQuote(c.dst)} [label=${goQuote(connText(c))} color="gold2" fontcolor="darkgreen" weight=${weight}]`;
  });
  for (const p of opts.peers ?? []) if (!isExternalName(p)) addNode(p);

  const lines = ['digraph {'];
  for (const ns of [...byNamespace.keys()].sort(compareCodePoints)) {
    lines.push(
      `\tsubgraph ${goQuote(`cluster_${ns.replace(/-/g, '_')}[namespace]`)} {`,
      '\t\tcolor="black"',
      '\t\tfontcolor="black"',
      ...byNamespace.get(ns)!.sort(compareCodePoints),
      `\t\tlabel=${goQuote(`${ns}[namespace]`)}`,
      '\t}',
    );
  }
  lines.push(...outside.sort(compareCodePoints), ...edges.sort(compareCodePoints), '}');
  return lines.join('\n');
}

function nodeLine(id: string, label: string, color: string): string {
  return `${goQuote(id)} [label=${goQuote(label)} color=${goQuote(color)} fontcolor=${goQuote(color)}]`;
}

/** Go's `strconv.Quote` for the characters that can occur in names: `\`, `"` and control characters. */
export function goQuote(s: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  const body = s.replace(/[\\"\x00-\x1f\x7f]/g, (ch) =>
    ch === '\\' || ch === '"' ? `\\${ch}` : (named[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`),
  );
  return `"${body}"`;
}
