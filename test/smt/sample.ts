/**
 * Seeded samples for checking proofs against the oracle: realisable concrete flows (the pods a
 * universal proof quantifies over: implicit labels written out, a snapshot namespace with its own
 * labels, ICMP of the flow's family, ports and ICMP fields present), and random properties whose
 * selectors use the same small vocabulary, so that samples often fall inside their scope.
 */
import type { Labels, Program } from '../../src/ir/ast.js';
import { namespace as nsOf, podLabels } from '../../src/ir/build.js';
import type { Flow, FlowParty } from '../../src/ir/flow.js';
import { carriesPorts, isIcmp } from '../../src/ir/protocol.js';
import type { EndpointSpec, Property, PropertyKind } from '../../src/property/ast.js';
import type { Selector } from '../../src/selector/ast.js';
import { Prng } from '../../src/util/prng.js';

const KEYS = ['app', 'team', 'tier'];
const VALUES = ['web', 'db', 'a', 'b'];
const NAMESPACES = ['prod', 'dev', 'x'];

function labels(r: Prng): Labels {
  const out: Record<string, string> = {};
  for (const k of KEYS) if (r.chance(0.5)) out[k] = r.pick(VALUES);
  return out;
}

function knownIps(p: Program): Set<string> {
  return new Set((p.snapshot?.endpoints ?? []).flatMap((e) => e.ips ?? []));
}

/** One end: a realisable pod (universal), a snapshot endpoint (snapshot), or an external address. */
function party(r: Prng, p: Program, mode: 'universal' | 'snapshot', v6: boolean, nsLabels: Map<string, Labels>): FlowParty {
  const eps = p.snapshot?.endpoints ?? [];
  if (r.chance(0.25)) {
    const pool = v6 ? ['fd00::1', '2001:db8::1', 'fd00::5'] : ['10.0.0.1', '192.0.2.7', '8.8.8.8', '10.3.3.3'];
    const ip = pool.filter((a) => !knownIps(p).has(a));
    if (ip.length > 0) return { kind: 'external', ip: r.pick(ip) };
  }
  if (mode === 'snapshot') return eps.length > 0 ? { kind: 'endpoint', id: r.pick(eps).id } : { kind: 'external', ip: v6 ? '2001:db8::9' : '8.8.4.4' };
  const ns = r.pick([...NAMESPACES, ...(p.snapshot?.namespaces.map((n) => n.name) ?? [])]);
  if (!nsLabels.has(ns)) nsLabels.set(ns, p.snapshot?.namespaces.find((n) => n.name === ns)?.labels ?? nsOf(ns, labels(r)).labels);
  const sa = r.chance(0.5) ? { name: r.pick(['default', 'web-sa', 'db-sa']), labels: labels(r) } : null;
  return {
    kind: 'pod',
    pod: {
      name: 'sample',
      namespace: ns,
      namespaceLabels: nsLabels.get(ns)!,
      labels: podLabels(ns, labels(r), sa?.name ?? null),
      ip: r.chance(0.1) ? null : v6 ? `fd00::${r.int(1, 0xff).toString(16)}` : `10.${r.int(0, 3)}.${r.int(0, 3)}.${r.int(1, 9)}`,
      ports: r.chance(0.5) ? [{ name: r.pick(['http', 'pg', 'dns']), protocol: r.pick([6, 17]), port: r.pick([53, 80, 5432]) }] : [],
      serviceAccount: sa,
    },
  };
}

export function sampleFlow(r: Prng, p: Program, mode: 'universal' | 'snapshot'): Flow {
  const v6 = r.chance(0.3);
  const protocol = r.pick([6, 6, 17, 132, v6 ? 58 : 1, 47]);
  // Two pods of one namespace share its labels, as in a cluster.
  const nsLabels = new Map<string, Labels>();
  const f: Flow = { src: party(r, p, mode, v6, nsLabels), dst: party(r, p, mode, v6, nsLabels), ipVersion: v6 ? 6 : 4, protocol };
  if (carriesPorts(protocol)) {
    f.srcPort = r.pick([1000, 40000, 80]);
    f.dstPort = r.pick([22, 53, 80, 443, 5432, 8080]);
  }
  if (isIcmp(protocol)) {
    f.icmpType = r.int(0, 10);
    f.icmpCode = r.int(0, 3);
  }
  return f;
}

function sel(r: Prng, keys: string[], values: string[]): Selector {
  return { op: 'eq', key: r.pick(keys), value: r.pick(values) };
}

function spec(r: Prng): EndpointSpec {
  const k = r.int(0, 5);
  if (k === 0) return { kind: 'any' };
  if (k === 1) return { kind: 'cidr', cidrs: [r.pick(['10.0.0.0/8', '192.0.2.0/24', '0.0.0.0/0', 'fd00::/8'])], except: r.chance(0.3) ? ['10.0.0.0/24'] : [] };
  return {
    kind: 'pods',
    namespace: r.chance(0.5) ? (r.chance(0.5) ? sel(r, ['team'], VALUES) : sel(r, ['kubernetes.io/metadata.name'], NAMESPACES)) : null,
    pod: r.chance(0.6) ? sel(r, KEYS, VALUES) : null,
  };
}

export function randomProperty(r: Prng, i: number): Property {
  const kind = r.pick<PropertyKind>(['deny', 'allow', 'only', 'some']);
  const on = r.chance(0.5) ? null : [{ protocol: r.pick([6, 17]), ports: r.chance(0.5) ? null : { from: 50, to: 100 } }];
  return { name: `p${i}`, kind, src: spec(r), dst: spec(r), on, file: 'sample', line: i + 1, column: 1 };
}
