/**
 * Lowering, network-policy-api: one ingress or egress rule → the IR rules that mean the same.
 *
 * Input → output: an `NpRule` and its policy's `Origin` → `Rule[]`, one per peer and port group,
 * in the order the peers are written, each citing its peer (`spec.ingress[0].from[1]`).
 *
 * Contract (network-policy-api v1alpha1 `AdminNetworkPolicyIngressRule`/`…EgressRule`, v1alpha2
 * `ClusterNetworkPolicyIngressRule`/`…EgressRule`):
 * - an ingress rule applies to "traffic destined for pods selected by" the subject, and `from`
 *   lists "sources whose traffic this rule applies to": the peer is matched against the flow's
 *   source (`src`); an egress rule's `to` lists destinations: the peer is the flow's `dst`;
 * - ports are always the destination's ("it matches on the destination port for the ingress
 *   traffic"): they go to `dst` in both directions, so a named port resolves against the subject
 *   pod on ingress and against the peer pod on egress;
 * - peers are ORed and so are ports: the IR rules all carry the rule's action and sit together,
 *   so the first of them that matches gives the same verdict as the rule.
 * A peer netpolc does not model carries its own `unknown` reasons (`lowerNpapiPeer.ts`); a part
 * the model listed as unmodelled that belongs to no peer makes every IR rule of the rule unknown.
 */
import type { Origin, Rule } from '../../ir/ast.js';
import { rule as buildRule, ruleOrigin } from '../../ir/build.js';
import type { NpPeer, NpRule } from '../../model/npapi/types.js';
import { lowerNpapiPeer, type NpapiPeerOptions } from './lowerNpapiPeer.js';
import { lowerNpapiPorts } from './lowerNpapiPorts.js';
import { lowerAction } from './placement.js';

function within(path: string, peer: NpPeer): boolean {
  const p = peer.at.path;
  return path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`);
}

export function lowerNpapiRule(r: NpRule, policyOrigin: Origin, peerOptions: NpapiPeerOptions): Rule[] {
  const action = lowerAction(r.action);
  const groups = lowerNpapiPorts(r.ports);
  const ruleWide = r.unmodelled
    .filter((path) => !r.peers.some((p) => within(path, p)))
    .map((path) => `\`${path}\` is not modelled`);
  const out: Rule[] = [];
  for (const peer of r.peers) {
    const lowered = lowerNpapiPeer(peer, peerOptions);
    if (lowered === null) continue; // a peer that matches nothing adds no alternative
    const origin = ruleOrigin(policyOrigin, r.index, peer.at.path, peer.at);
    const unknown = [...lowered.unknown, ...ruleWide];
    for (const g of groups) {
      const ports = { ports: g.ports };
      out.push(
        buildRule({
          action,
          protocol: g.protocol,
          src: r.direction === 'ingress' ? lowered.match : {},
          dst: r.direction === 'ingress' ? ports : { ...lowered.match, ...ports },
          unknown: [...unknown],
          origin,
        }),
      );
    }
  }
  return out;
}
