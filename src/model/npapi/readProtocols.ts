/**
 * Reads the `protocols` list of a ClusterNetworkPolicy rule (v1alpha2, v1beta1) into `NpPort`s, the
 * same shape the v1alpha1 `ports` list gives, so later stages see one port model.
 *
 * Upstream (ClusterNetworkPolicyProtocol and friends, NPEP-187 "Ports and Protocols"): each entry
 * sets exactly one of `tcp`, `udp`, `sctp` and `destinationNamedPort`; `tcp`/`udp`/`sctp` have
 * `MinProperties=1`, so their `destinationPort` must be given; a `destinationPort` sets exactly one
 * of `number` (1–65535) and `range {start, end}` (1–65535, CEL `self.start < self.end`). The list
 * has 1–25 entries; absent means every port of every protocol.
 */
import type { YNode } from '../../yaml/node.js';
import type { Fields, Reader } from '../read.js';
import type { Dialect } from './dialect.js';
import { atNode, checkCount, exactlyOne, intInRange, objectItem } from './readCommon.js';
import { readNamedPort, readRange } from './readPorts.js';
import type { NpPort, NpProtocol } from './types.js';

const PROTOCOL_FIELDS = ['tcp', 'udp', 'sctp', 'destinationNamedPort'] as const;
const PROTOCOL_NAMES: Record<string, NpProtocol> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' };

/** `protocols` of a rule; `undefined` when absent (every port) or unusable (reported). */
export function readProtocols(r: Reader, node: YNode | undefined, path: string, d: Dialect): NpPort[] | undefined {
  const seq = r.seq(node, path);
  if (!seq || !checkCount(r, seq, path, 1, d.maxPorts)) return undefined;
  const out: NpPort[] = [];
  seq.items.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const f = objectItem(r, item, p, PROTOCOL_FIELDS, 'a protocol match');
    if (!f) return;
    const port = readProtocol(r, f, item, p);
    if (port) out.push(port);
  });
  return out;
}

function readProtocol(r: Reader, f: Fields, node: YNode, path: string): NpPort | undefined {
  const which = exactlyOne(r, f, PROTOCOL_FIELDS, 'invalid-port', 'a protocol match', 'write one list entry per protocol (entries are ORed)');
  if (which === undefined) return undefined;
  const at = atNode(r, node, path);
  if (which === 'destinationNamedPort') {
    const name = readNamedPort(r, f.get(which)!, f.at(which));
    return name === undefined ? undefined : { kind: 'named', name, at };
  }
  const protocol = PROTOCOL_NAMES[which]!;
  const pf = r.object(f.get(which), f.at(which), ['destinationPort']);
  if (!pf) return undefined;
  const dpNode = pf.get('destinationPort');
  if (!dpNode || (dpNode.kind === 'scalar' && dpNode.value === null)) {
    // MinProperties=1: `tcp: {}` is rejected; "all TCP ports" is not expressible in this API.
    r.report('missing-field', pf.node, pf.at('destinationPort'), `field \`${pf.at('destinationPort')}\` is required`,
      'give `number` or `range`; to match every port, leave `protocols` out');
    return undefined;
  }
  const dp = r.object(dpNode, pf.at('destinationPort'), ['number', 'range']);
  if (!dp) return undefined;
  const kind = exactlyOne(r, dp, ['number', 'range'], 'invalid-port', 'a destination port');
  if (kind === 'number') {
    const port = intInRange(r, dp.get('number'), dp.at('number'), 1, 65535, 'invalid-port');
    return port === undefined ? undefined : { kind: 'number', protocol, port, at };
  }
  if (kind === 'range') {
    const rf = r.object(dp.get('range'), dp.at('range'), ['start', 'end']);
    const range = rf && readRange(r, rf, true);
    return range && { kind: 'range', protocol, ...range, at };
  }
  return undefined;
}
