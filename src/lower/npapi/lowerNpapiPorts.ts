/**
 * Lowering, network-policy-api: a rule's destination ports → groups that each fit one IR rule.
 *
 * Input → output: `NpPort[] | undefined` → `PortGroup[]`, each a protocol (or none) and the
 * destination ports to match under it.
 *
 * Contract (v1alpha1 `AdminNetworkPolicyPort`, v1alpha2 `ClusterNetworkPolicyProtocol`): the
 * entries are ORed; a `portNumber`/`portRange` matches its protocol (the model has already
 * written out the default TCP) and the port or inclusive range; a `namedPort` "selects a
 * destination port on a pod based on the ContainerPort name", with the container port's protocol,
 * which the IR's named `PortSpec` resolves against the destination pod (so no protocol is fixed
 * for it here); absent ports match "all ports and protocols" ("If Ports is not set then the rule
 * does not filter traffic via port").
 *
 * An IR rule has one `protocol`, so the entries are grouped: one group per protocol of numbered
 * entries, one for the named ports, in the order each first appears. The groups lower to
 * consecutive IR rules with the same action, so their order cannot change a verdict.
 * INVARIANT: the groups together match exactly the flows the entries match.
 */
import type { PortSpec } from '../../ir/ast.js';
import { namedPort, portRange, protocol } from '../../ir/build.js';
import type { NpPort } from '../../model/npapi/types.js';

export interface PortGroup {
  /** IANA number; `null` for named ports (the container port decides) or for "every port". */
  protocol: number | null;
  /** Destination ports; `null` = every port of every protocol. */
  ports: PortSpec[] | null;
}

const NAMED = 'named';

export function lowerNpapiPorts(ports: readonly NpPort[] | undefined): PortGroup[] {
  if (ports === undefined) return [{ protocol: null, ports: null }];
  // An empty list cannot come from the model (1–100 entries); it would match nothing.
  const groups = new Map<string, PortGroup>();
  for (const p of ports) {
    const key = p.kind === 'named' ? NAMED : p.protocol;
    let g = groups.get(key);
    if (!g) {
      g = { protocol: p.kind === 'named' ? null : protocol(p.protocol), ports: [] };
      groups.set(key, g);
    }
    g.ports!.push(
      p.kind === 'named' ? namedPort(p.name) : p.kind === 'number' ? portRange(p.port, p.port) : portRange(p.start, p.end),
    );
  }
  return [...groups.values()];
}
