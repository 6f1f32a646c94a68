/**
 * Emit, iptables: the snapshot as the dataplane sees it. IR snapshot → the endpoints that get
 * chains (with their address per family), the ones left out, and every entity (pod or network
 * set) as an oracle `Party`, so that selectors are evaluated by the oracle's own matchers.
 *
 * Contract (the oracle's `party.ts`):
 * - an endpoint's address in a family is its first IP of that family; further IPs are ignored
 *   (reported), because the oracle gives a pod exactly one address per family;
 * - an endpoint whose IPs are unknown (made from a workload template) or empty gets no chains
 *   (reported): the dataplane cannot recognise its packets;
 * - two endpoints with the same address cannot be told apart by a packet: an error.
 */
import type { Endpoint, Labels, NetworkSet, Program } from '../../ir/ast.js';
import type { Entity, Party } from '../../oracle/index.js';
import { formatIp, isParseError, parseIp, type IpAddress, type IpFamily } from '../../util/cidr.js';
import type { EmitFinding } from './findings.js';

export interface EmittedEndpoint {
  endpoint: Endpoint;
  /** The address per family, or null when it has none of that family. */
  address: Record<IpFamily, IpAddress | null>;
  party: Party;
}

export interface World {
  program: Program;
  /** Endpoints with at least one address, in snapshot order. */
  endpoints: EmittedEndpoint[];
  /** Endpoints whose addresses are unknown: matched by selectors but not in any ipset. */
  unknownAddress: Endpoint[];
  /** One single-entity party per network set. */
  networkSets: { set: NetworkSet; party: Party }[];
  findings: EmitFinding[];
}

export const FAMILIES: readonly IpFamily[] = [4, 6];

function namespaceLabelsOf(program: Program): (ns: string) => Labels {
  const byName = new Map((program.snapshot?.namespaces ?? []).map((n) => [n.name, n.labels]));
  return (ns) => byName.get(ns) ?? {};
}

export function buildWorld(program: Program): World {
  const findings: EmitFinding[] = [];
  const nsLabels = namespaceLabelsOf(program);
  const endpoints: EmittedEndpoint[] = [];
  const unknownAddress: Endpoint[] = [];
  const owner = new Map<string, string>();

  for (const e of program.snapshot?.endpoints ?? []) {
    if (e.ips === null) {
      unknownAddress.push(e);
      findings.push({
        code: 'endpoint-left-out',
        severity: 'warning',
        message: `endpoint \`${e.id}\` has no known address (it stands for a pod of \`${e.workload ?? e.id}\`): no chains were emitted for it, and its packets would be treated as external`,
      });
      continue;
    }
    const address: Record<IpFamily, IpAddress | null> = { 4: null, 6: null };
    for (const text of e.ips) {
      const a = parseIp(text, { strict: false });
      if (isParseError(a)) continue;
      if (address[a.family] === null) address[a.family] = a;
      else
        findings.push({
          code: 'extra-address-ignored',
          severity: 'info',
          message: `endpoint \`${e.id}\`: address \`${text}\` is not its first IPv${a.family} address and is ignored, as the oracle does`,
        });
    }
    if (address[4] === null && address[6] === null) {
      findings.push({ code: 'endpoint-left-out', severity: 'info', message: `endpoint \`${e.id}\` has no address: no chains were emitted for it` });
      continue;
    }
    for (const a of [address[4], address[6]]) {
      if (a === null) continue;
      const text = formatIp(a);
      const other = owner.get(text);
      if (other !== undefined)
        findings.push({
          code: 'duplicate-address',
          severity: 'error',
          message: `endpoints \`${other}\` and \`${e.id}\` have the same address \`${text}\`: a packet cannot tell them apart`,
        });
      else owner.set(text, e.id);
    }
    const entity: Entity = {
      kind: 'pod',
      name: e.id,
      namespace: e.namespace,
      namespaceLabels: nsLabels(e.namespace),
      labels: e.labels,
      serviceAccount: e.serviceAccount,
    };
    const party: Party = {
      name: e.id,
      address: null,
      pod: {
        namespace: e.namespace,
        namespaceLabels: nsLabels(e.namespace),
        labels: e.labels,
        ports: e.ports,
        serviceAccount: e.serviceAccount,
        addressUnknown: false,
      },
      entities: [entity],
    };
    endpoints.push({ endpoint: e, address, party });
  }

  const networkSets = (program.snapshot?.networkSets ?? []).map((s) => {
    const entity: Entity = {
      kind: 'networkset',
      name: s.namespace === null ? s.name : `${s.namespace}/${s.name}`,
      namespace: s.namespace,
      namespaceLabels: s.namespace === null ? {} : nsLabels(s.namespace),
      labels: s.labels,
      serviceAccount: null,
    };
    return { set: s, party: { name: entity.name, address: null, pod: null, entities: [entity] } as Party };
  });
  return { program, endpoints, unknownAddress, networkSets, findings };
}

/** A party for an endpoint whose address is unknown, to ask whether a selector matches it. */
export function unknownAddressParty(program: Program, e: Endpoint): Party {
  const nsLabels = namespaceLabelsOf(program);
  return {
    name: e.id,
    address: null,
    pod: { namespace: e.namespace, namespaceLabels: nsLabels(e.namespace), labels: e.labels, ports: e.ports, serviceAccount: e.serviceAccount, addressUnknown: true },
    entities: [{ kind: 'pod', name: e.id, namespace: e.namespace, namespaceLabels: nsLabels(e.namespace), labels: e.labels, serviceAccount: e.serviceAccount }],
  };
}
