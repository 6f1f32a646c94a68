/**
 * Oracle matching: CIDR clauses against one end of a flow.
 *
 * Contract: `nets` holds when the end has an address inside one of the CIDRs and, for scope
 * `external`, the end is not a pod (Kubernetes leaves ipBlock-vs-pod-IP to the implementation,
 * "NetworkPolicyPeer"; lowering writes its choice as the scope). `notNets` holds when the end has
 * an address inside none of them. An end without an address (a pod whose IPs are unknown or of the
 * other family) satisfies neither: it "matches no CIDR peer" (DESIGN §4).
 */
import type { NetMatch } from '../ir/ast.js';
import { cidrHas, isParseError, parseCidr, type IpAddress } from '../util/cidr.js';
import type { Party } from './party.js';

function inAny(cidrs: readonly string[], ip: IpAddress): boolean {
  return cidrs.some((text) => {
    const c = parseCidr(text, { strict: false });
    return !isParseError(c) && cidrHas(c, ip);
  });
}

export function netsMatch(m: NetMatch, p: Party): boolean {
  if (p.address === null) return false;
  if (m.scope === 'external' && p.pod !== null) return false;
  return inAny(m.cidrs, p.address);
}

export function notNetsMatch(cidrs: readonly string[], p: Party): boolean {
  return p.address !== null && !inAny(cidrs, p.address);
}
