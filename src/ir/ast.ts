/**
 * The IR: the one program form that every back end reads (oracle, SMT encoding, lint, diff,
 * connectivity, emitters). Lowering writes it; `parse.ts`/`print.ts` give it a textual form.
 *
 * Contract: nothing is implicit. Every tier has an order and a default action, every policy its
 * order, types and subject, every rule its action and all its match fields (`null` = "no
 * constraint", never "whatever the input kind defaults to"), and every rule and policy carries its
 * provenance. A back end gives meaning to exactly these fields; `constructs.ts` lists them so tests
 * can check that each back end covers each one.
 *
 * Meaning, one direction at one endpoint (DESIGN §3, after Calico's tier evaluation in the Calico
 * reference "Tier" and "GlobalNetworkPolicy"):
 * - tiers by (order, name); a tier applies when one of its policies lists the direction in `types`
 *   and its `subject` selects the endpoint; a tier that does not apply is skipped;
 * - in an applying tier, the applying policies by (order, name), each policy's rules for the
 *   direction in written order; the first rule that matches decides: `allow`/`deny` end the
 *   evaluation, `pass` jumps to the next tier, `log` records and goes on;
 * - no rule decided: the tier's `defaultAction` (`deny` ends the evaluation, `pass` goes on);
 * - after the last tier: `Program.final` (Calico's profile; Kubernetes' "not isolated" allow).
 * A rule matches a flow when every non-null field matches (see the field docs); its `src` is
 * matched against the flow's source and its `dst` against the flow's destination, whichever side
 * the policy is attached to. An `unknown` marker is a condition netpolc cannot decide: a rule whose
 * other fields match is "maybe matching", and the verdict is `unknown` (a `log` rule excepted,
 * since it decides nothing); a policy with a marker makes the verdict `unknown` once evaluation
 * reaches it.
 */
import type { Labels, Selector } from '../selector/ast.js';

export type { Labels, Selector };

export type Direction = 'ingress' | 'egress';
export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** Rule actions. Kubernetes rules and network-policy-api `Accept` lower to `allow`. */
export type Action = 'allow' | 'deny' | 'pass' | 'log';
export const ACTIONS: readonly Action[] = ['allow', 'deny', 'pass', 'log'];

/** What a tier does when none of its rules decided (Calico `Tier.spec.defaultAction`). */
export type TierDefault = 'deny' | 'pass';

/** What happens after every tier passed or did not apply. */
export type FinalAction = 'allow' | 'deny';

/**
 * An order number; `null` is "no order", which sorts after every number (Calico: a policy or tier
 * without `order` is treated as infinitely large). Ties break on the name.
 */
export type Order = number | null;

export type IpVersion = 4 | 6;

export interface Program {
  /** The cluster, for snapshot analyses; `null` for universal ones. */
  snapshot: Snapshot | null;
  /** INVARIANT: in evaluation order, by (order, name) (`order.ts`); names are unique. */
  tiers: Tier[];
  final: FinalAction;
}

export interface Tier {
  name: string;
  order: Order;
  defaultAction: TierDefault;
  /** INVARIANT: in evaluation order, by (order, name); names are unique within the tier. */
  policies: Policy[];
}

export interface Policy {
  /** The sort key on order ties, e.g. `prod/knp.default.web` (Calico's own naming). */
  name: string;
  order: Order;
  /** The directions the policy governs. INVARIANT: a subset of `DIRECTIONS`, in that order. */
  types: Direction[];
  /** The endpoints (pods) the policy applies to. */
  subject: Subject;
  ingress: Rule[];
  egress: Rule[];
  /** Reasons the policy as a whole is not modelled (`doNotTrack`, `preDNAT`, …); usually empty. */
  unknown: string[];
  origin: Origin;
}

/**
 * Which pods a policy applies to: all three parts must hold. Subjects are pods only, never network
 * sets.
 */
export interface Subject {
  /** Over the pod's labels. */
  selector: Selector;
  /** `null`: pods of every namespace (a global policy). */
  namespace: NamespaceScope | null;
  /** `null`: any service account. */
  serviceAccounts: ServiceAccountMatch | null;
}

/**
 * Where an entity lives.
 * - `name`: its namespace is exactly this one (a namespaced policy's own namespace).
 * - `selector`: evaluated over the labels of the entity's namespace, with Calico's scope rules
 *   (libcalico-go `updateprocessors/rules.go`): `all()` means "any namespace" and so never matches
 *   a non-namespaced entity (a global network set); `global()` matches exactly the non-namespaced
 *   ones; other terms see an empty label map for a non-namespaced entity.
 */
export type NamespaceScope = { kind: 'name'; name: string } | { kind: 'selector'; selector: Selector };

/**
 * Calico `serviceAccounts`: the entity runs as a service account whose name is listed (`names`,
 * `null` = any name) and whose labels match `selector` (`null` = any labels). An entity with no
 * service account (a network set) has no name and an empty label map.
 */
export interface ServiceAccountMatch {
  names: string[] | null;
  selector: Selector | null;
}

export interface Rule {
  action: Action;
  ipVersion: IpVersion | null;
  /** IANA protocol number (`protocol.ts`); `null` = any protocol. */
  protocol: number | null;
  /** The flow's protocol must differ from this one (Calico `notProtocol`). */
  notProtocol: number | null;
  /** The flow is ICMP/ICMPv6 with this type (and code). */
  icmp: IcmpMatch | null;
  /** The flow is ICMP/ICMPv6 and not of this type (and code). */
  notIcmp: IcmpMatch | null;
  /** Matched against the flow's source. */
  src: PeerMatch;
  /** Matched against the flow's destination. */
  dst: PeerMatch;
  /** Conditions netpolc does not model (`http` match, ANP `nodes` peer, …); usually empty. */
  unknown: string[];
  origin: RuleOrigin;
}

/** `code: null` matches every code of the type. */
export interface IcmpMatch {
  type: number;
  code: number | null;
}

/**
 * One side of a rule (Calico `EntityRule`; a Kubernetes or network-policy-api peer lowers to it).
 * Every non-null field must hold.
 *
 * The "entities" of a side are the things selectors see: a pod is one entity; an external address
 * is the network sets whose nets contain it (possibly none). `selector`, `namespace` and
 * `serviceAccounts` together say "some entity of the side satisfies all three"; when all three are
 * null there is no entity requirement, and a bare external address can match. `notSelector` says
 * "no entity of the side matches it", and is not limited by `namespace` (libcalico-go
 * `RuleAPIV2ToBackend` scopes only the positive selector). Entity selectors see the entity's own
 * labels, and `global()` in them is true, as in Calico's selector engine; only a namespace scope
 * gives `all()`/`global()` their scope meaning (see `NamespaceScope`).
 */
export interface PeerMatch {
  /** The side's address is in one of the CIDRs (and, for scope `external`, the side is no pod). */
  nets: NetMatch | null;
  /** The side's address is in none of the CIDRs. */
  notNets: string[] | null;
  selector: Selector | null;
  notSelector: Selector | null;
  namespace: NamespaceScope | null;
  serviceAccounts: ServiceAccountMatch | null;
  /** The side's port is in one of these (source port for `src`, destination port for `dst`). */
  ports: PortSpec[] | null;
  notPorts: PortSpec[] | null;
}

/**
 * Address matching, with its scope written out: Kubernetes leaves open whether an `ipBlock`
 * matches pod IPs ("NetworkPolicyPeer" docs); Calico's `nets` match any address. `any` matches pod
 * addresses too; `external` only addresses that are not a pod's. A pod whose address is unknown
 * (a workload template) or absent matches no CIDR and is in no CIDR, so both `nets` and `notNets`
 * fail for it.
 */
export interface NetMatch {
  /** Canonical CIDR text (network address, RFC 5952 for IPv6), e.g. `10.0.0.0/8`. */
  cidrs: string[];
  scope: 'any' | 'external';
}

/**
 * A port or range, or a named port: a named port matches when the side is a pod with a container
 * port of that name whose protocol and number equal the flow's (Kubernetes "NetworkPolicyPort";
 * an external address has no named ports).
 */
export type PortSpec = { kind: 'range'; from: number; to: number } | { kind: 'named'; name: string };

/** Where a policy came from. `kind` is the resource kind, or `IR` for hand-written IR. */
export interface Origin {
  file: string;
  line: number;
  column: number;
  kind: string;
  /** The resource name, with its namespace when it has one: `prod/web`. */
  name: string;
}

/** Where a rule came from: the resource's rule `index` in its direction, and the field `path`. */
export interface RuleOrigin extends Origin {
  index: number;
  /** e.g. `spec.ingress[0].from[1]`; empty when there is nothing finer than the rule. */
  path: string;
}

// ── the cluster ───────────────────────────────────────────────────────────────────────────────

export interface Snapshot {
  namespaces: Namespace[];
  endpoints: Endpoint[];
  networkSets: NetworkSet[];
}

/** `labels` includes the implicit `kubernetes.io/metadata.name` and `projectcalico.org/name`. */
export interface Namespace {
  name: string;
  labels: Labels;
}

export interface Endpoint {
  /** `ns/name`. */
  id: string;
  /** The workload it stands for, e.g. `prod/web[Deployment]`; `null` for a bare pod. */
  workload: string | null;
  namespace: string;
  /**
   * Includes the implicit `projectcalico.org/namespace`, `projectcalico.org/orchestrator` and
   * `projectcalico.org/serviceaccount`.
   */
  labels: Labels;
  /** Canonical addresses; `null` when unknown (a pod made from a workload template). */
  ips: string[] | null;
  ports: NamedPort[];
  serviceAccount: ServiceAccount | null;
}

/** A named container port (`containers[].ports[]` with a `name`). */
export interface NamedPort {
  name: string;
  protocol: number;
  port: number;
}

export interface ServiceAccount {
  name: string;
  labels: Labels;
}

/** Calico `NetworkSet` (namespaced) or `GlobalNetworkSet` (`namespace: null`). */
export interface NetworkSet {
  name: string;
  namespace: string | null;
  labels: Labels;
  /** Canonical CIDR text. */
  nets: string[];
}
