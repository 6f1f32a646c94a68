/**
 * Named ports of host and workload endpoints (`EndpointPort`, `WorkloadEndpointPort`):
 * positioned YAML → `EndpointPort[]`.
 *
 * Types: `api/pkg/apis/projectcalico/v3/hostendpoint.go` (`EndpointPort`) and libcalico-go
 * `lib/apis/v3/workloadendpoint.go` (`WorkloadEndpointPort`). Checks (libcalico-go
 * `lib/validator/v3/validator.go` `validateEndpointPort`, `validateWorkloadEndpointPort`): the
 * protocol must have ports (TCP, UDP, SCTP), the port is 1–65535, the name a valid port name
 * (required on host endpoints; on workload endpoints it may be empty only with a `hostPort`).
 *
 * Contract: never throws; every problem is reported through the reader.
 */
import type { YNode } from '../../yaml/node.js';
import type { Reader } from '../read.js';
import { readNet } from './nets.js';
import { portNameProblem } from './ports.js';
import { protocolName, readProtocol, supportsPorts } from './protocol.js';
import type { EndpointPort } from './types.js';

function readPortNumber(r: Reader, node: YNode | undefined, path: string, min: number): number | undefined {
  const n = r.integer(node, path);
  if (n === undefined || !node) return undefined;
  if (n < min || n > 65535) {
    r.report('invalid-port', node, path, `port \`${n}\` is out of range: it must be between ${min} and 65535`);
    return undefined;
  }
  return n;
}

export function readEndpointPorts(r: Reader, node: YNode | undefined, path: string, workload: boolean): EndpointPort[] {
  const known = workload ? ['name', 'protocol', 'port', 'hostPort', 'hostIP'] : ['name', 'protocol', 'port'];
  return r.list(node, path, (item, p) => {
    const f = r.object(item, p, known);
    if (!f) return undefined;
    const nameNode = f.get('name');
    const name = r.string(nameNode, f.at('name')) ?? '';
    if (name !== '') {
      const why = portNameProblem(name);
      if (why) r.report('invalid-port', nameNode!, f.at('name'), `port name \`${name}\` is not valid: ${why}`);
    }
    const protoNode = r.required(f, 'protocol', 'endpoint port field');
    const protocol = readProtocol(r, protoNode, f.at('protocol'));
    if (protocol && !supportsPorts(protocol))
      r.report('invalid-protocol', protoNode!, f.at('protocol'), `endpoint port protocol \`${protocolName(protocol.number)}\` has no ports`, 'use TCP, UDP or SCTP');
    const portNode = r.required(f, 'port', 'endpoint port field');
    const port = readPortNumber(r, portNode, f.at('port'), 1);
    const out: EndpointPort = { name, protocol: protocol ?? { text: 'TCP', number: 6 }, port: port ?? 0 };
    if (workload) {
      const hostPort = readPortNumber(r, f.get('hostPort'), f.at('hostPort'), 0);
      if (hostPort) out.hostPort = hostPort;
      const hostIP = readNet(r, f.get('hostIP'), f.at('hostIP'), 'net');
      if (hostIP) out.hostIP = hostIP.text;
      if (name === '' && !hostPort) r.report('missing-field', item, f.at('name'), 'a workload endpoint port needs a `name` unless it has a `hostPort`');
    } else if (name === '') {
      r.report('missing-field', item, f.at('name'), 'a host endpoint port needs a `name`');
    }
    return out;
  });
}
