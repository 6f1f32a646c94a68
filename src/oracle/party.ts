/**
 * Oracle, step 1: a flow's ends → `Party`, the one view the matchers read: an address (or none),
 * the pod facts when the end is a pod, and the entities selectors see.
 *
 * Contract: a pod is one entity (itself) and its address is its first IP of the flow's family, or
 * none when its IPs are unknown or of the other family; an external address is the network sets
 * whose nets contain it (DESIGN §2: network sets give labels to external CIDRs). A snapshot
 * endpoint's namespace labels come from the snapshot (empty when it does not declare the
 * namespace). A flow that names a missing endpoint or an address of the wrong family is a bug in
 * the caller: `OracleError`.
 *
 * Known simplification: Calico's dataplane matches selectors through IP sets, so a pod whose
 * address lies inside a matching network set would match that set's selector too. netpolc follows
 * DESIGN §2 (network sets label addresses outside the pods) and does not model that overlap.
 */
import type { Labels, NamedPort, NetworkSet, Program, ServiceAccount } from '../ir/ast.js';
import type { Flow, FlowParty } from '../ir/flow.js';
import { cidrHas, isParseError, parseCidr, parseIp, type IpAddress } from '../util/cidr.js';

export class OracleError extends Error {
  override name = 'OracleError';
}

/** Something a selector can see: a pod or a network set. */
export interface Entity {
  kind: 'pod' | 'networkset';
  name: string;
  /** `null` for a global network set. */
  namespace: string | null;
  namespaceLabels: Labels;
  labels: Labels;
  serviceAccount: ServiceAccount | null;
}

export interface PodFacts {
  namespace: string;
  namespaceLabels: Labels;
  labels: Labels;
  ports: NamedPort[];
  serviceAccount: ServiceAccount | null;
  /** True when the pod's addresses are unknown (a pod made from a workload template). */
  addressUnknown: boolean;
}

export interface Party {
  /** For traces: endpoint id, pod name or address. */
  name: string;
  address: IpAddress | null;
  pod: PodFacts | null;
  entities: Entity[];
}

function addressOf(text: string, what: string): IpAddress {
  const a = parseIp(text, { strict: false });
  if (isParseError(a)) throw new OracleError(`${what}: ${a.error}`);
  return a;
}

function podParty(name: string, facts: PodFacts, ips: string[] | null, family: 4 | 6): Party {
  const address = (ips ?? []).map((t) => addressOf(t, name)).find((a) => a.family === family) ?? null;
  const entity: Entity = {
    kind: 'pod',
    name,
    namespace: facts.namespace,
    namespaceLabels: facts.namespaceLabels,
    labels: facts.labels,
    serviceAccount: facts.serviceAccount,
  };
  return { name, address, pod: facts, entities: [entity] };
}

function networkSetEntities(sets: readonly NetworkSet[], namespaceLabels: (ns: string) => Labels, ip: IpAddress): Entity[] {
  const out: Entity[] = [];
  for (const s of sets) {
    const inside = s.nets.some((text) => {
      const c = parseCidr(text, { strict: false });
      return !isParseError(c) && cidrHas(c, ip);
    });
    if (!inside) continue;
    out.push({
      kind: 'networkset',
      name: s.namespace === null ? s.name : `${s.namespace}/${s.name}`,
      namespace: s.namespace,
      namespaceLabels: s.namespace === null ? {} : namespaceLabels(s.namespace),
      labels: s.labels,
      serviceAccount: null,
    });
  }
  return out;
}

export function resolveParty(program: Program, flow: Flow, p: FlowParty): Party {
  const snap = program.snapshot;
  const namespaceLabels = (ns: string): Labels => snap?.namespaces.find((n) => n.name === ns)?.labels ?? {};
  switch (p.kind) {
    case 'endpoint': {
      if (!snap) throw new OracleError(`flow names endpoint \`${p.id}\` but the program has no snapshot`);
      const e = snap.endpoints.find((x) => x.id === p.id);
      if (!e) throw new OracleError(`flow names endpoint \`${p.id}\`, which the snapshot does not have`);
      const facts: PodFacts = {
        namespace: e.namespace,
        namespaceLabels: namespaceLabels(e.namespace),
        labels: e.labels,
        ports: e.ports,
        serviceAccount: e.serviceAccount,
        addressUnknown: e.ips === null,
      };
      return podParty(e.id, facts, e.ips, flow.ipVersion);
    }
    case 'pod': {
      const h = p.pod;
      const facts: PodFacts = {
        namespace: h.namespace,
        namespaceLabels: h.namespaceLabels,
        labels: h.labels,
        ports: h.ports,
        serviceAccount: h.serviceAccount,
        addressUnknown: h.ip === null,
      };
      return podParty(`${h.namespace}/${h.name}`, facts, h.ip === null ? null : [h.ip], flow.ipVersion);
    }
    case 'external': {
      const ip = addressOf(p.ip, `external address \`${p.ip}\``);
      if (ip.family !== flow.ipVersion)
        throw new OracleError(`external address \`${p.ip}\` is not an IPv${flow.ipVersion} address`);
      return { name: p.ip, address: ip, pod: null, entities: networkSetEntities(snap?.networkSets ?? [], namespaceLabels, ip) };
    }
  }
}
