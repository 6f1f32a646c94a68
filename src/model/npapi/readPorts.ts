/**
 * Reads the v1alpha1 `ports` list of an AdminNetworkPolicy / BaselineAdminNetworkPolicy rule into
 * `NpPort`s.
 *
 * Upstream (network-policy-api v1alpha1 `shared_types.go`, AdminNetworkPolicyPort): each entry sets
 * exactly one of `portNumber {protocol, port}`, `namedPort` and `portRange {protocol, start, end}`;
 * `protocol` defaults to TCP and is one of TCP, UDP, SCTP (core/v1 Protocol); ports are 1–65535;
 * "the Start value must be less than End" is documented but not enforced by the v1alpha1 CRD.
 * netpolc rejects `start > end` (an empty range, which netpol-analyzer also rejects) and accepts
 * `start == end` (one port). The list has 1–100 entries; absent means every port.
 */
import type { YNode } from '../../yaml/node.js';
import type { Fields, Reader } from '../read.js';
import type { Dialect } from './dialect.js';
import { atNode, checkCount, exactlyOne, intInRange, objectItem } from './readCommon.js';
import type { NpPort, NpProtocol } from './types.js';

const PORT_FIELDS = ['portNumber', 'namedPort', 'portRange'] as const;
const PROTOCOLS: readonly NpProtocol[] = ['TCP', 'UDP', 'SCTP'];
/** IANA_SVC_NAME, the syntax of a container port name (Kubernetes `validation.IsValidPortName`). */
const PORT_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

/** `ports` of a rule; `undefined` when absent (every port) or unusable (reported). */
export function readPorts(r: Reader, node: YNode | undefined, path: string, d: Dialect): NpPort[] | undefined {
  const seq = r.seq(node, path);
  if (!seq || !checkCount(r, seq, path, 1, d.maxPorts)) return undefined;
  const out: NpPort[] = [];
  seq.items.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const f = objectItem(r, item, p, PORT_FIELDS, 'a port');
    if (!f) return;
    const port = readPort(r, f, item, p, d);
    if (port) out.push(port);
  });
  return out;
}

function readPort(r: Reader, f: Fields, node: YNode, path: string, d: Dialect): NpPort | undefined {
  const which = exactlyOne(r, f, PORT_FIELDS, 'invalid-port', 'a port', 'write one list entry per port (entries are ORed)');
  const at = atNode(r, node, path);
  if (which === 'namedPort') {
    const name = readNamedPort(r, f.get('namedPort')!, f.at('namedPort'));
    return name === undefined ? undefined : { kind: 'named', name, at };
  }
  if (which === 'portNumber') {
    const pf = r.object(f.get('portNumber'), f.at('portNumber'), ['protocol', 'port']);
    if (!pf) return undefined;
    const protocol = readProtocol(r, pf);
    const portNode = r.required(pf, 'port');
    const port = portNode && intInRange(r, portNode, pf.at('port'), 1, 65535, 'invalid-port');
    if (protocol === undefined || port === undefined) return undefined;
    return { kind: 'number', protocol, port, at };
  }
  if (which === 'portRange') {
    const rf = r.object(f.get('portRange'), f.at('portRange'), ['protocol', 'start', 'end']);
    if (!rf) return undefined;
    const protocol = readProtocol(r, rf);
    const range = readRange(r, rf, d.rangeStartBelowEnd);
    if (protocol === undefined || range === undefined) return undefined;
    return { kind: 'range', protocol, ...range, at };
  }
  return undefined;
}

/** `protocol` of `portNumber` / `portRange`: TCP when absent (CRD default). */
function readProtocol(r: Reader, f: Fields): NpProtocol | undefined {
  const node = f.get('protocol');
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return 'TCP';
  const s = r.string(node, f.at('protocol'));
  if (s === undefined) return undefined;
  // The CRD types this as a plain string, but core/v1 Protocol is TCP, UDP or SCTP, and no
  // implementation matches anything else (`tcp` included): reject rather than match nothing.
  if (!(PROTOCOLS as readonly string[]).includes(s)) {
    const upper = s.toUpperCase();
    r.report('invalid-protocol', node, f.at('protocol'), `protocol \`${s}\` is not one of TCP, UDP, SCTP`,
      (PROTOCOLS as readonly string[]).includes(upper) ? `did you mean \`${upper}\`?` : undefined);
    return undefined;
  }
  return s as NpProtocol;
}

/**
 * `{start, end}` of a port range, both required and in 1–65535. `strictlyBelow`: `start < end` is
 * required (v1alpha2+ CEL); otherwise only `start > end` (an empty range) is rejected.
 */
export function readRange(r: Reader, f: Fields, strictlyBelow: boolean): { start: number; end: number } | undefined {
  const sNode = r.required(f, 'start');
  const eNode = r.required(f, 'end');
  const start = sNode && intInRange(r, sNode, f.at('start'), 1, 65535, 'invalid-port');
  const end = eNode && intInRange(r, eNode, f.at('end'), 1, 65535, 'invalid-port');
  if (start === undefined || end === undefined) return undefined;
  if (start > end || (strictlyBelow && start === end)) {
    r.report('invalid-port-range', f.node, f.path,
      `port range \`${start}\`–\`${end}\` is ${start > end ? 'empty' : 'not allowed'}: \`start\` must be less than \`end\``,
      start === end ? `use a single port number \`${start}\` instead` : undefined);
    return undefined;
  }
  return { start, end };
}

/**
 * A named port. The CRD accepts any string; a name that is not a valid container port name
 * (IANA_SVC_NAME) can never match a pod, so it is a warning, not an error.
 */
export function readNamedPort(r: Reader, node: YNode, path: string): string | undefined {
  const name = r.string(node, path);
  if (name === undefined) return undefined;
  if (name === '') {
    r.report('invalid-port', node, path, 'a named port must not be empty');
    return undefined;
  }
  if (!PORT_NAME.test(name))
    r.report('invalid-port', node, path,
      `\`${name}\` is not a valid container port name, so it matches no pod`,
      'port names are 1–15 lowercase letters, digits and `-`, with at least one letter', 'warning');
  return name;
}
