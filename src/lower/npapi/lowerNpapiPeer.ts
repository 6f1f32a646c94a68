/**
 * Lowering, network-policy-api: one subject or one rule peer → the IR's `Subject` / `PeerMatch`.
 *
 * Input → output: an `NpSubject` → `Subject`; an `NpPeer` (an element of `from`/`to`) → the
 * fields of one side of an IR rule plus the `unknown` reasons the peer carries.
 *
 * Contract (network-policy-api v1alpha1 `AdminNetworkPolicySubject`, `…IngressPeer`,
 * `…EgressPeer`, `NamespacedPod`; v1alpha2 `ClusterNetworkPolicy…` of the same names):
 * - `namespaces: S` selects "all pods within a set of Namespaces"; `pods: {namespaceSelector,
 *   podSelector}` the matching pods in the matching namespaces; `{}` selects everything.
 *   Subjects select pods only, in the IR as upstream. Peers of these two kinds also match pods
 *   only, never a Calico network set nor a bare address: their entity selector carries
 *   `projectcalico.org/orchestrator == "k8s"`, the label Calico gives every pod and the conjunct
 *   Calico adds to pod selectors converted from Kubernetes (libcalico-go conversion
 *   `k8sSelectorToCalico`), written by the Kubernetes lowering's `k8sPodSelector` so both
 *   families select pods alike.
 * - `networks` match addresses in the CIDRs. Upstream says they match pods too: "cluster-internal
 *   traffic will be checked against the rule as well. So if you Accept or Deny traffic to
 *   `0.0.0.0/0`, that will allow or deny all IPv4 pod-to-pod traffic as well" (v1alpha2
 *   `ClusterNetworkPolicyEgressPeer.networks`; the v1alpha1 text says the same).
 *   netpol-analyzer matches them against IP peers only, never a pod (`eval/internal/k8s`
 *   `doesNetworksFieldMatchPeer`), exactly as it treats NetworkPolicy `ipBlock`. netpolc therefore
 *   uses the one option that already chooses between the two readings, `ipBlockScope`: `any`
 *   (the default) is upstream's text, `external` is netpol-analyzer's.
 * - `nodes` (node IPs) and `domainNames` (addresses resolved from DNS) are not modelled: they
 *   become `unknown` reasons, never dropped. A node address is never a pod's (host-networked pods
 *   are outside these APIs: "host-networked pods are not included"), so a `nodes` peer is also
 *   limited to external addresses and pod-to-pod flows stay decidable. A domain name may resolve
 *   to anything, so `domainNames` has no such limit.
 * - Option `nodePeers: never-match` (`lower/types.ts`) reads a `nodes` peer as netpol-analyzer
 *   documents it, ignored: the peer matches nothing, so `lowerNpapiPeer` returns `null` and the
 *   rule keeps only its other peers (a rule with no other peer never matches).
 */
import type { NetMatch, PeerMatch, Subject } from '../../ir/ast.js';
import { ALL, fromLabelSelector } from '../../selector/index.js';
import type { NpPeer, NpSubject } from '../../model/npapi/types.js';
import type { LabelSelector } from '../../model/labelSelector.js';
import { k8sPodSelector } from '../lowerK8sNetworkPolicy.js';

/** Every address of both families: with scope `external`, "any address that is not a pod's". */
const EVERY_ADDRESS = ['0.0.0.0/0', '::/0'];

/** The lowering options peers read (from `LowerOptions`). */
export interface NpapiPeerOptions {
  /** The scope of `networks` peers: `ipBlockScope`. */
  networksScope: NetMatch['scope'];
  nodePeers: 'unknown' | 'never-match';
}

export interface LoweredPeer {
  /** The fields of one rule side; absent fields are "no constraint". */
  match: Partial<PeerMatch>;
  /** Why a rule with this peer cannot be decided; empty for modelled peers. */
  unknown: string[];
}

function namespaceScope(s: LabelSelector): PeerMatch['namespace'] {
  return { kind: 'selector', selector: fromLabelSelector(s) };
}

export function lowerNpapiSubject(s: NpSubject): Subject {
  return {
    selector: s.kind === 'pods' ? fromLabelSelector(s.podSelector) : ALL,
    namespace: namespaceScope(s.namespaceSelector),
    serviceAccounts: null,
  };
}

/** The peer's rule-side fields; `null` when the options say it matches nothing. */
export function lowerNpapiPeer(p: NpPeer, opts: NpapiPeerOptions): LoweredPeer | null {
  switch (p.kind) {
    case 'namespaces':
      return { match: { selector: k8sPodSelector(undefined), namespace: namespaceScope(p.namespaceSelector) }, unknown: [] };
    case 'pods':
      return { match: { selector: k8sPodSelector(p.podSelector), namespace: namespaceScope(p.namespaceSelector) }, unknown: [] };
    case 'networks':
      return { match: { nets: { cidrs: p.networks.map((c) => c.text), scope: opts.networksScope } }, unknown: [] };
    case 'nodes':
      if (opts.nodePeers === 'never-match') return null;
      return {
        match: { nets: { cidrs: EVERY_ADDRESS, scope: 'external' } },
        unknown: [`\`nodes\` peer \`${p.at.path}\`: node addresses are not modelled`],
      };
    case 'domainNames':
      return {
        match: {},
        unknown: [`\`domainNames\` peer \`${p.at.path}\`: DNS names (${p.domainNames.map((d) => `\`${d}\``).join(', ')}) are not resolved`],
      };
  }
}
