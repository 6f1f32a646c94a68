/**
 * `connectivity`: the allowed connections of a cluster snapshot, between workloads (or pods) and
 * external address blocks. The library function behind `netpolc connectivity`.
 *
 * Output formats are netpol-analyzer's (`report/connlist/`); connections whose verdict is
 * `unknown` are never listed as allowed: they come back apart and the text form lists them after
 * a marker line. Focus options (`connectivity/focus.ts`) narrow the listing as netpol-analyzer's
 * connlist does; what they ignore or cannot find, and workloads listed pod by pod, come back as
 * `notes` (one line each, lowercase), for the CLI to print on stderr.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { computeConnectivity, type ConnectivityListing, type ConnectivityResult } from '../connectivity/compute.js';
import { NO_FOCUS, focusKeeps, focusNotes, focusPeers, onFocusConn, type ConnectivityFocus } from '../connectivity/focus.js';
import { renderConnlist, sortConnections, type ConnlistFormat, type ConnlistOptions } from '../report/connlist/index.js';
import { loadProgram, type InputOptions } from '../pipeline.js';
import type { SourceTexts } from '../yaml/node.js';

export interface ConnectivityCommandOptions extends InputOptions {
  format: ConnlistFormat;
  /** From `parseFocus`; none by default. */
  focus?: ConnectivityFocus;
}

export interface ConnectivityReport {
  output: string;
  result: ConnectivityResult;
  /** The listing shown: every pair, or the pairs the focus keeps. */
  listing: ConnectivityListing;
  diagnostics: Diagnostic[];
  notes: string[];
  texts: SourceTexts;
}

export async function connectivity(paths: readonly string[], opts: ConnectivityCommandOptions): Promise<ConnectivityReport> {
  const { program, diagnostics, texts } = await loadProgram(paths, opts);
  const result = computeConnectivity(program);
  const focus = opts.focus ?? NO_FOCUS;
  const notes = focusNotes(focus, result.peers);
  for (const w of result.splitWorkloads)
    notes.push(`the pods of \`${w}\` have labels that the policies tell apart: they are listed one by one`);
  const focused = focus === NO_FOCUS ? result : result.list(focusKeeps(focus));
  const listing = focus.conn ? onFocusConn(focused, focus.conn) : { connections: focused.connections, unknown: focused.unknown };

  const render: ConnlistOptions = {
    peers: focusPeers(focus, result.peers).map((p) => p.display),
    ...(focus.conn ? { focusConn: focus.conn.toString() } : {}),
  };
  let output = renderConnlist(opts.format, sortConnections(listing.connections), render);
  if (listing.unknown.length > 0 && opts.format === 'txt') {
    const unknown = sortConnections(listing.unknown).map((c) => (focus.conn ? `${c.src} => ${c.dst}` : `${c.src} => ${c.dst} : ${c.conn.toString()}`));
    output += `${output === '' || output.endsWith('\n') ? '' : '\n'}unknown (depends on source ports, ICMP types or constructs netpolc does not model):\n${unknown.join('\n')}\n`;
  }
  return { output, result, listing, diagnostics, notes, texts };
}
