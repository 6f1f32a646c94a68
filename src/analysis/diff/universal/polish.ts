/**
 * Universal diff, readable witnesses: the solver's model picks whatever values satisfy the query
 * (protocol 0, port 0, address 0.0.0.0, a namespace called `A`). This swaps them, one field at a
 * time, for values a reader recognises (tcp, port 443, 203.0.113.10, namespace `default`) wherever
 * the swapped flow still lies in the region and both versions still decide it as the region says.
 *
 * Stage: analysis (diff, universal). Input → output: region + witness → witness.
 * Contract: every swap is checked concretely (region membership and the oracle in both versions);
 * a swap that fails either check is not kept, so the result is a witness exactly as valid as the
 * input. Namespaces the snapshot declares, and values the model chose that look deliberate, are kept.
 */
import type { Program } from '../../../ir/ast.js';
import { namespace, podLabels } from '../../../ir/build.js';
import type { Flow, FlowParty, HypotheticalPod } from '../../../ir/flow.js';
import { carriesPorts, ICMP, ICMPV6, isIcmp, SCTP, TCP, UDP } from '../../../ir/protocol.js';
import { evaluate } from '../../../oracle/index.js';
import { inRegion, type RegionShape, type VerdictChange } from './region.js';

const EXTERNAL: Record<4 | 6, readonly string[]> = {
  4: ['203.0.113.10', '198.51.100.10', '8.8.8.8', '192.168.1.10', '172.16.1.10', '10.200.0.10'],
  6: ['2001:db8::10', '2001:4860:4860::8888', 'fd00::10'],
};
const POD_IP: Record<4 | 6, readonly string[]> = { 4: ['10.0.1.10', '10.0.2.20', '192.168.5.5'], 6: ['fd00:10::10', 'fd00:20::20'] };
const PORTS = [443, 80, 8080, 5432, 53, 22, 9000];
const NAMESPACES = ['default', 'team-a', 'other'];

function withProtocol(flow: Flow, protocol: number): Flow {
  const { srcPort: _s, dstPort: _d, icmpType: _t, icmpCode: _c, ...rest } = flow;
  const out: Flow = { ...rest, protocol };
  if (carriesPorts(protocol)) Object.assign(out, { srcPort: 40000, dstPort: 443 });
  if (isIcmp(protocol)) Object.assign(out, { icmpType: protocol === ICMP ? 8 : 128, icmpCode: 0 });
  return out;
}

function renamed(pod: HypotheticalPod, ns: string): HypotheticalPod {
  const own = Object.fromEntries(Object.entries(pod.labels).filter(([k]) => !k.startsWith('projectcalico.org/')));
  return { ...pod, namespace: ns, namespaceLabels: namespace(ns, pod.namespaceLabels).labels, labels: { ...own, ...podLabels(ns, {}, pod.serviceAccount?.name ?? null) } };
}

type Swap = (e: FlowParty) => FlowParty;

/** Candidate swaps for one end, in groups (the namespace, the address), most readable first. */
function endCandidates(p: FlowParty, v: 4 | 6, declared: (ns: string) => boolean): Swap[][] {
  if (p.kind === 'external') {
    const zero = p.ip === '0.0.0.0' || p.ip === '::';
    return zero ? [EXTERNAL[v].map((ip) => () => ({ kind: 'external', ip }))] : [];
  }
  if (p.kind !== 'pod') return [];
  const onPod = (g: (pod: HypotheticalPod) => HypotheticalPod): Swap => (e) => (e.kind === 'pod' ? { kind: 'pod', pod: g(e.pod) } : e);
  const out: Swap[][] = [];
  if (!declared(p.pod.namespace) && !NAMESPACES.includes(p.pod.namespace)) out.push(NAMESPACES.map((ns) => onPod((pod) => renamed(pod, ns))));
  if (p.pod.ip === '0.0.0.0' || p.pod.ip === '::') out.push(POD_IP[v].map((ip) => onPod((pod) => ({ ...pod, ip }))));
  return out;
}

/** The witness with readable values swapped in where they keep it valid (see the file contract). */
export function polishWitness(oldP: Program, newP: Program, region: RegionShape, change: VerdictChange, witness: Flow): Flow {
  const valid = (f: Flow) => inRegion(region, f) && evaluate(oldP, f).verdict === change.old && evaluate(newP, f).verdict === change.new;
  let cur = witness;
  const attempt = (next: Flow) => {
    if (!valid(next)) return false;
    cur = next;
    return true;
  };
  const v = witness.ipVersion;
  const known = new Set<number>([TCP, UDP, SCTP, ICMP, ICMPV6]);
  if (!known.has(cur.protocol)) [TCP, UDP, v === 4 ? ICMP : ICMPV6].some((p) => attempt(withProtocol(cur, p)));
  if (carriesPorts(cur.protocol)) {
    if (cur.srcPort === 0 || cur.srcPort === undefined) attempt({ ...cur, srcPort: 40000 });
    if (cur.dstPort === 0 || cur.dstPort === undefined) PORTS.some((port) => attempt({ ...cur, dstPort: port }));
  }
  const declared = (ns: string) => [oldP, newP].some((p) => p.snapshot?.namespaces.some((n) => n.name === ns) ?? false);
  for (const side of ['src', 'dst'] as const)
    for (const group of endCandidates(cur[side], v, declared)) group.some((swap) => attempt({ ...cur, [side]: swap(cur[side]) }));
  return cur;
}
