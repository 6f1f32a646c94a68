/**
 * Oracle matching: port lists against one end of a flow.
 *
 * Contract: only port-carrying protocols (TCP, UDP, SCTP, UDPLite) have ports, so on any other
 * protocol both `ports` and `notPorts` fail. A numeric range holds when it contains the port. A
 * named port holds when the end is a pod with a container port of that name whose protocol and
 * number are the flow's (Kubernetes "NetworkPolicyPort": named ports resolve against the pod; an
 * external address has none). When the flow leaves the port out, the answer is "maybe".
 */
import type { PortSpec } from '../ir/ast.js';
import { carriesPorts } from '../ir/protocol.js';
import type { Party } from './party.js';
import { maybe, type Tri } from './tri.js';

function specHolds(s: PortSpec, port: number, protocol: number, p: Party): boolean {
  if (s.kind === 'range') return s.from <= port && port <= s.to;
  return (p.pod?.ports ?? []).some((np) => np.name === s.name && np.protocol === protocol && np.port === port);
}

/**
 * @param port the flow's port on this end (`undefined` when the flow does not say)
 * @param which `source` or `destination`, for the reason text
 */
export function portsMatch(
  specs: readonly PortSpec[],
  negated: boolean,
  port: number | undefined,
  protocol: number,
  p: Party,
  which: string,
): Tri {
  if (!carriesPorts(protocol)) return false;
  if (port === undefined) return maybe(`the flow has no ${which} port`);
  const inList = specs.some((s) => specHolds(s, port, protocol, p));
  return negated ? !inList : inList;
}
