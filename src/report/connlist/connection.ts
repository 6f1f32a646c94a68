/**
 * The input every connlist format renders: allowed connections between display endpoints, and the
 * naming and ordering conventions shared by all formats (those of np-guard netpol-analyzer).
 *
 * Stage: report (connlist). Input → output: `Connection[]` → the same list, sorted; endpoint names.
 * Contract, as netpol-analyzer prints (pkg/netpol/connlist, conns_formatter*.go):
 * - A workload is `<namespace>/<name>[<Kind>]`, where name and Kind are the pod's *direct* owner
 *   (`ReplicaSet`, `StatefulSet`, `DaemonSet`, `Job`, `Deployment`, `VirtualMachine`, …) or the pod
 *   itself (`[Pod]`); pods of one owner are one endpoint. A pod without a namespace is in `default`.
 * - An external address range is `<first>-<last>[External]` (see `externalRanges.ts`); the
 *   synthetic source of Ingress/Route traffic is `{ingress-controller}`.
 * - Connections to self and between two external ranges are never listed; neither are pairs with
 *   no allowed connection (`No Connections` only appears in diffs).
 * - Lines are sorted by source, then destination, as Go strings (bytewise UTF-8, i.e. code points):
 *   digits < upper case < `[` < lower case < `{`.
 */
import { ConnSet, compareCodePoints, type PortProtocol } from '../../connectivity/connset.js';

export interface Connection {
  readonly src: string;
  readonly dst: string;
  readonly conn: ConnSet;
}

export type ConnlistFormat = 'txt' | 'json' | 'csv' | 'md' | 'dot';
export const CONNLIST_FORMATS: readonly ConnlistFormat[] = ['txt', 'json', 'csv', 'md', 'dot'];

export interface ConnlistOptions {
  /**
   * The `--focusconn` filter as netpol-analyzer prints it (`UDP 52`): the connections are already
   * restricted to it, so txt/csv/json/md list only the pairs (no conn column) and txt opens with
   * `Permitted connections on UDP 52:`.
   */
  readonly focusConn?: string;
  /** dot only: every workload of the snapshot, so that isolated ones still appear as nodes. */
  readonly peers?: readonly string[];
}

export const EXTERNAL_SUFFIX = '[External]';
export const INGRESS_CONTROLLER = '{ingress-controller}';

/** `ns/name[Kind]`; an empty namespace means `default`, as for a manifest without one. */
export function workloadName(namespace: string, name: string, kind: string): string {
  return `${namespace === '' ? 'default' : namespace}/${name}[${kind}]`;
}

export function isExternalName(endpoint: string): boolean {
  return endpoint.endsWith(EXTERNAL_SUFFIX);
}

/** Source, then destination, in Go string order; a new array. */
export function sortConnections(conns: readonly Connection[]): Connection[] {
  return [...conns].sort((a, b) => compareCodePoints(a.src, b.src) || compareCodePoints(a.dst, b.dst));
}

/** The conn column: netpol-analyzer's text of the set. */
export function connText(c: Connection): string {
  return c.conn.toString();
}

/**
 * netpol-analyzer's `--focusconn` value (`udp-52`: protocol, dash, one port) as the connection set
 * it stands for; its `toString()` (`UDP 52`) is what the outputs print. Undefined when malformed.
 */
export function parseFocusConn(text: string): ConnSet | undefined {
  const m = /^(tcp|udp|sctp)-(\d{1,5})$/i.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) return undefined;
  return ConnSet.portRange(m[1]!.toUpperCase() as PortProtocol, port);
}
