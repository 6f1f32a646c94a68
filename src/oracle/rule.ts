/**
 * Oracle matching: one rule against one flow.
 *
 * Contract: every non-null field must hold (`ir/ast.ts`), `src` against the flow's source and `dst`
 * against its destination whichever endpoint the policy is attached to (Calico `source` and
 * `destination` mean the packet's, in ingress and egress rules alike). ICMP clauses need an ICMP
 * or ICMPv6 flow; when the flow leaves out its type or code, or a port a clause tests, the answer
 * is "maybe". A rule with `unknown` markers whose other fields hold is "maybe", for those reasons.
 */
import type { IcmpMatch, Rule } from '../ir/ast.js';
import type { Flow } from '../ir/flow.js';
import { isIcmp } from '../ir/protocol.js';
import type { Party } from './party.js';
import { matchPeer } from './peer.js';
import { conj, maybe, type Tri } from './tri.js';

export interface RuleResult {
  result: Tri;
  /** The first field that failed (`src.ports`, `protocol`, …), for traces. */
  failed?: string;
}

function icmpHolds(m: IcmpMatch, flow: Flow): Tri {
  if (flow.icmpType === undefined) return maybe('the flow has no ICMP type');
  if (flow.icmpType !== m.type) return false;
  if (m.code === null) return true;
  if (flow.icmpCode === undefined) return maybe('the flow has no ICMP code');
  return flow.icmpCode === m.code;
}

function not(t: Tri): Tri {
  return typeof t === 'boolean' ? !t : t;
}

export function matchRule(r: Rule, flow: Flow, src: Party, dst: Party): RuleResult {
  if (r.ipVersion !== null && r.ipVersion !== flow.ipVersion) return { result: false, failed: 'ipVersion' };
  if (r.protocol !== null && r.protocol !== flow.protocol) return { result: false, failed: 'protocol' };
  if (r.notProtocol !== null && r.notProtocol === flow.protocol) return { result: false, failed: 'notProtocol' };
  const parts: Tri[] = [];
  if (r.icmp) {
    const t = isIcmp(flow.protocol) ? icmpHolds(r.icmp, flow) : false;
    if (t === false) return { result: false, failed: 'icmp' };
    parts.push(t);
  }
  if (r.notIcmp) {
    const t = isIcmp(flow.protocol) ? not(icmpHolds(r.notIcmp, flow)) : false;
    if (t === false) return { result: false, failed: 'notIcmp' };
    parts.push(t);
  }
  const s = matchPeer(r.src, src, flow.srcPort, flow.protocol, 'source');
  if (s.result === false) return { result: false, failed: `src.${s.failed}` };
  const d = matchPeer(r.dst, dst, flow.dstPort, flow.protocol, 'destination');
  if (d.result === false) return { result: false, failed: `dst.${d.failed}` };
  parts.push(s.result, d.result);
  if (r.unknown.length > 0) parts.push(maybe(...r.unknown));
  return { result: conj(parts) };
}
