/**
 * Connectivity, focus: the part of a matrix a user asked to see, with netpol-analyzer's connlist
 * options `--focusworkload`, `--focusworkload-peer`, `--focus-direction` and `--focus-conn`
 * (`pkg/netpol/connlist/connlist.go`: `includePairOfWorkloads`, `isPeerFocusWorkload`,
 * `checkFocusWorkloadsExistence`, `getConnectionsBetweenPeers`).
 *
 * Stage: connectivity. Input → output: focus text → `ConnectivityFocus`; a focus → the pairs it
 * keeps, the notes it raises, and a listing narrowed to one connection.
 * Contract, as upstream:
 * - a peer matches a focus name when the name is the peer's workload (or bare pod) name, or
 *   `namespace/name`; an external block never matches;
 * - a pair is kept when one end matches a focus workload and the other matches a focus workload
 *   peer (any peer when none is given); with no focus workload every pair is kept and the
 *   workload-peer and direction options are ignored (with a note);
 * - `ingress` keeps only pairs whose destination is a focus workload, `egress` only pairs whose
 *   source is one;
 * - a focus connection (`udp-52`: a protocol TCP, UDP or SCTP, a dash, one port) keeps the pairs
 *   that allow all of it and lists them with that connection only; netpolc lists pairs where it
 *   is `unknown` apart, as for every other listing;
 * - a focus name that matches no workload raises a note; when none of them matches, the listing is
 *   empty (it would be anyway: no pair can be kept).
 */
import type { Connection } from '../report/connlist/connection.js';
import { parseFocusConn } from '../report/connlist/connection.js';
import type { ConnSet } from './connset.js';
import type { ConnectivityListing } from './compute.js';
import type { Peer } from './peer.js';

export type FocusDirection = 'ingress' | 'egress';

export interface ConnectivityFocus {
  workloads: readonly string[];
  workloadPeers: readonly string[];
  direction: FocusDirection | null;
  conn: ConnSet | null;
}

export const NO_FOCUS: ConnectivityFocus = Object.freeze({ workloads: [], workloadPeers: [], direction: null, conn: null });

/** The focus options as text (CLI flags, conformance cases); empty strings and lists mean "not set". */
export interface FocusText {
  workloads?: readonly string[];
  workloadPeers?: readonly string[];
  direction?: string;
  conn?: string;
}

export function parseFocus(t: FocusText): ConnectivityFocus | { error: string } {
  const direction = t.direction ?? '';
  if (direction !== '' && direction !== 'ingress' && direction !== 'egress')
    return { error: `focus direction \`${direction}\` is not \`ingress\` or \`egress\`` };
  let conn: ConnSet | null = null;
  if (t.conn !== undefined && t.conn !== '') {
    const c = parseFocusConn(t.conn);
    if (!c) return { error: `focus connection \`${t.conn}\` is not \`<tcp|udp|sctp>-<port 1–65535>\`` };
    conn = c;
  }
  return {
    workloads: (t.workloads ?? []).filter((w) => w !== ''),
    workloadPeers: (t.workloadPeers ?? []).filter((w) => w !== ''),
    direction: direction === '' ? null : direction,
    conn,
  };
}

/** Does the peer match one of the names (`name` or `namespace/name`)? An empty list matches all. */
export function matchesFocus(peer: Peer, names: readonly string[]): boolean {
  if (names.length === 0) return true;
  return names.some((n) => n === peer.name || n === `${peer.namespace}/${peer.name}`);
}

/** The pairs the focus keeps. */
export function focusKeeps(f: ConnectivityFocus): (src: Peer, dst: Peer) => boolean {
  const isFocus = (p: Peer) => matchesFocus(p, f.workloads);
  const isFocusPeer = (p: Peer) => f.workloads.length === 0 || matchesFocus(p, f.workloadPeers);
  return (src, dst) => {
    if (f.direction === 'ingress' && !isFocus(dst)) return false;
    if (f.direction === 'egress' && !isFocus(src)) return false;
    return (isFocus(src) && isFocusPeer(dst)) || (isFocus(dst) && isFocusPeer(src));
  };
}

/** The workload rows a graph shows under the focus: focus workloads and focus workload peers. */
export function focusPeers(f: ConnectivityFocus, peers: readonly Peer[]): Peer[] {
  if (f.workloads.length === 0) return [...peers];
  return peers.filter((p) => matchesFocus(p, f.workloads) || (f.workloadPeers.length > 0 && matchesFocus(p, f.workloadPeers)));
}

/** What a user should know about the focus: ignored options and names that match nothing. */
export function focusNotes(f: ConnectivityFocus, peers: readonly Peer[]): string[] {
  const notes: string[] = [];
  if (f.workloads.length === 0) {
    if (f.direction) notes.push('the focus direction is ignored without a focus workload');
    if (f.workloadPeers.length > 0) notes.push('focus workload peers are ignored without a focus workload');
    return notes;
  }
  const missing = (names: readonly string[], what: string): boolean => {
    const absent = names.filter((n) => !peers.some((p) => matchesFocus(p, [n])));
    for (const n of absent) notes.push(`${what} \`${n}\` does not exist in the input resources`);
    return absent.length === names.length;
  };
  if (missing(f.workloads, 'focus workload') || (f.workloadPeers.length > 0 && missing(f.workloadPeers, 'focus workload peer')))
    notes.push('no focus workload (or no focus workload peer) exists: the listing is empty');
  return notes;
}

/** The listing narrowed to the focus connection: pairs allowing all of it, shown with it alone. */
export function onFocusConn(l: ConnectivityListing, conn: ConnSet): ConnectivityListing {
  const narrow = (cs: Connection[]) => cs.filter((c) => conn.isSubsetOf(c.conn)).map((c) => ({ ...c, conn }));
  return { connections: narrow(l.connections), unknown: narrow(l.unknown) };
}
