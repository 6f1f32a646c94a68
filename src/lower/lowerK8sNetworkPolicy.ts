/**
 * Lowering, Kubernetes family: typed `networking.k8s.io/v1 NetworkPolicy` → IR policies in tier
 * `default`, as Calico converts them (libcalico-go `lib/backend/k8s/conversion`,
 * `K8sNetworkPolicyToCalico`), so a cluster of Kubernetes and Calico policies reads as Calico runs
 * it.
 *
 * Meaning (Kubernetes API reference "NetworkPolicy", DESIGN §3–4):
 * - every policy lands in tier `default` at order 1000 (Calico's fixed order for Kubernetes
 *   policies), named `<namespace>/knp.default.<name>`: Calico's name, so policies of equal order
 *   sort as Felix sorts them (by that name, bytewise);
 * - the subject is `podSelector` in the policy's namespace; `types` are the resolved
 *   `policyTypes`; a pod selected for a type is isolated for it, and the `default` tier's
 *   end-of-tier deny makes the union of all allow rules the allowed set;
 * - every rule is `allow`; a Kubernetes rule becomes one IR rule per (protocol group of `ports`) ×
 *   (peer), protocol groups outside, in written order;
 * - peers: none → any source or destination (external addresses too); `podSelector` alone → pods
 *   of the policy's namespace; `namespaceSelector` alone → all pods of the matching namespaces;
 *   both → matching pods in matching namespaces; `ipBlock` → `cidr` minus each `except`, with the
 *   scope `options.ipBlockScope` (Kubernetes leaves ipBlock-vs-pod-IP to the implementation);
 * - Calico adds `projectcalico.org/orchestrator == "k8s"` to every pod selector it converts, so a
 *   Kubernetes peer never selects a Calico network set or a non-Kubernetes endpoint;
 * - ports describe the destination's port in both directions: the selected pod's on ingress, the
 *   peer's on egress. A port entry without `port` is every port of its protocol; a named port is
 *   resolved against the destination pod by the back ends; no ports at all is every protocol.
 *
 * Contract: input policies are valid (the model dropped the rest); output is one `LoweredPolicy`
 * per input policy, in input order, each rule carrying the policy's rule index and the peer's field
 * path as provenance. Never throws for valid input.
 */
import type { Direction, NetMatch, Origin, PeerMatch, Policy, PortSpec, Rule, RuleOrigin, Selector } from '../ir/ast.js';
import {
  CALICO_ORCHESTRATOR_LABEL,
  DEFAULT_TIER,
  K8S_POLICY_ORDER,
  namedPort,
  origin,
  policy,
  portRange,
  protocol,
  rule,
  ruleOrigin,
} from '../ir/build.js';
import type { LabelSelector } from '../model/labelSelector.js';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule } from '../model/k8s/networkPolicy.js';
import { and, eq, fromLabelSelector } from '../selector/index.js';
import { formatCidr } from '../util/cidr.js';
import type { LowerContext, LowerOptions, Lowered } from './types.js';

/** Calico's prefix for converted Kubernetes policies (libcalico-go `names.K8sNetworkPolicyNamePrefix`). */
export const K8S_POLICY_NAME_PREFIX = 'knp.default.';

/** The policy's name as Felix sorts it: `<namespace>/knp.default.<name>`. */
export function k8sPolicyName(np: Pick<NetworkPolicy, 'namespace' | 'name'>): string {
  return `${np.namespace}/${K8S_POLICY_NAME_PREFIX}${np.name}`;
}

/**
 * A Kubernetes pod selector as Calico writes it: `projectcalico.org/orchestrator == "k8s"`, then
 * the selector's own terms (`k8sSelectorToCalico` with `SelectorPod`). An absent selector keeps
 * only the orchestrator term (all Kubernetes pods).
 */
export function k8sPodSelector(ls: LabelSelector | undefined): Selector {
  const own = ls ? fromLabelSelector(ls) : undefined;
  const terms = own === undefined || own.op === 'all' ? [] : own.op === 'and' ? own.args : [own];
  return and(eq(CALICO_ORCHESTRATOR_LABEL, 'k8s'), ...terms);
}

export function lowerK8sNetworkPolicy(policies: readonly NetworkPolicy[], ctx: LowerContext): Lowered {
  return {
    tiers: [{ ...DEFAULT_TIER }],
    policies: policies.map((np) => ({ tier: DEFAULT_TIER.name, policy: lowerOne(np, ctx.options) })),
    endpoints: [],
    networkSets: [],
  };
}

function lowerOne(np: NetworkPolicy, options: LowerOptions): Policy {
  const o = origin(np.source.file, np.source.line, np.source.column, 'NetworkPolicy', `${np.namespace}/${np.name}`);
  const rulesOf = (direction: Direction, rules: NetworkPolicyRule[]): Rule[] =>
    rules.flatMap((r, index) => lowerRule(np, direction, r, index, o, options));
  return policy({
    name: k8sPolicyName(np),
    order: K8S_POLICY_ORDER,
    types: np.policyTypes.map((t) => (t === 'Ingress' ? 'ingress' : 'egress')),
    subject: { selector: k8sPodSelector(np.podSelector), namespace: { kind: 'name', name: np.namespace } },
    // Rules of a direction the policy does not govern are kept, as Calico keeps them: `types`
    // alone decides whether they are evaluated.
    ingress: rulesOf('ingress', np.ingress),
    egress: rulesOf('egress', np.egress),
    origin: o,
  });
}

function lowerRule(
  np: NetworkPolicy,
  direction: Direction,
  r: NetworkPolicyRule,
  index: number,
  o: Origin,
  options: LowerOptions,
): Rule[] {
  // "If this field is empty or missing, this rule matches all sources/destinations" (API
  // reference, NetworkPolicyIngressRule.from / NetworkPolicyEgressRule.to).
  const peers: (NetworkPolicyPeer | undefined)[] = r.peers.length > 0 ? r.peers : [undefined];
  const out: Rule[] = [];
  for (const group of portGroups(r.ports)) {
    for (const p of peers) {
      const at: RuleOrigin = ruleOrigin(o, index, p?.path ?? r.path, p?.at ?? r.at);
      const peerMatch = p ? lowerPeer(np.namespace, p, options) : {};
      const dstPorts: Partial<PeerMatch> = { ports: group.ports };
      out.push(
        rule({
          action: 'allow',
          protocol: group.protocol,
          src: direction === 'ingress' ? peerMatch : {},
          dst: direction === 'ingress' ? dstPorts : { ...peerMatch, ...dstPorts },
          origin: at,
        }),
      );
    }
  }
  return out;
}

interface PortGroup {
  /** `null` only for a rule without ports: every protocol. */
  protocol: number | null;
  /** `null`: every port of the protocol. */
  ports: PortSpec[] | null;
}

/**
 * `ports` grouped by protocol in order of first appearance (what Calico's converter does before
 * it emits one rule per group). "If this field is empty or missing, this rule matches all ports";
 * a port entry without `port` "matches all port names and numbers" of its protocol, so it absorbs
 * the other entries of its group.
 */
export function portGroups(ports: readonly NetworkPolicyPort[]): PortGroup[] {
  if (ports.length === 0) return [{ protocol: null, ports: null }];
  const groups = new Map<number, PortGroup>();
  for (const p of ports) {
    const proto = protocol(p.protocol);
    let g = groups.get(proto);
    if (!g) {
      g = { protocol: proto, ports: [] };
      groups.set(proto, g);
    }
    if (p.port === undefined) g.ports = null;
    else if (g.ports !== null) g.ports.push(portSpec(p));
  }
  return [...groups.values()];
}

function portSpec(p: NetworkPolicyPort): PortSpec {
  if (typeof p.port === 'string') return namedPort(p.port);
  const from = p.port!;
  return portRange(from, p.endPort ?? from);
}

/** One peer → the entity and address clauses of the side it describes. */
export function lowerPeer(namespace: string, p: NetworkPolicyPeer, options: LowerOptions): Partial<PeerMatch> {
  if (p.type === 'ipBlock') {
    const nets: NetMatch = { cidrs: [formatCidr(p.ipBlock.net)], scope: options.ipBlockScope };
    const except = p.ipBlock.exceptNets.map(formatCidr);
    return { nets, notNets: except.length > 0 ? except : null };
  }
  return {
    selector: k8sPodSelector(p.podSelector),
    // Without a namespaceSelector the peer looks only in the policy's own namespace; with one,
    // in every namespace whose labels match it (`{}`: every namespace).
    namespace: p.namespaceSelector
      ? { kind: 'selector', selector: fromLabelSelector(p.namespaceSelector) }
      : { kind: 'name', name: namespace },
  };
}
