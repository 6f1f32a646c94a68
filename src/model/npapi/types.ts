/**
 * Typed model of the network-policy-api kinds (`policy.networking.k8s.io`), as the readers in this
 * folder produce them: AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1), and
 * ClusterNetworkPolicy (v1alpha2, v1beta1).
 *
 * Contract: one shape for all versions. Every rule, peer, port and CIDR keeps where it was written
 * (`At`: file, 1-based line and column, field path) so later stages can cite it. Nothing implicit
 * is left out: `ports: undefined` means "every port of every protocol", which is what upstream says
 * an absent `ports` / `protocols` means; a port's protocol is always filled in (default TCP). Parts
 * netpolc parses but does not model are listed in `NpRule.unmodelled` (field paths), and a
 * `unmodelled-field` warning was reported for each.
 */
import type { Location } from '../../diagnostics/diagnostic.js';
import type { LabelSelector } from '../labelSelector.js';
import type { ResourceBase } from '../resource.js';

/** Where something was written: the start of its node, and its field path in the document. */
export interface At extends Location {
  path: string;
}

export type NpProtocol = 'TCP' | 'UDP' | 'SCTP';

/** The pods a policy applies to. */
export type NpSubject =
  /** Every pod of the namespaces the selector matches. */
  | { kind: 'namespaces'; namespaceSelector: LabelSelector; at: At }
  /** The pods matching `podSelector` in the namespaces matching `namespaceSelector`. */
  | { kind: 'pods'; namespaceSelector: LabelSelector; podSelector: LabelSelector; at: At };

/** A parsed CIDR of a `networks` peer. */
export interface NpCidr {
  /** As written. */
  text: string;
  family: 4 | 6;
  /** The network address: host bits cleared (v1alpha1 and v1alpha2 accept `10.1.2.3/8` as `10.0.0.0/8`). */
  addr: bigint;
  prefix: number;
  at: At;
}

export type NpPeerKind = 'namespaces' | 'pods' | 'nodes' | 'networks' | 'domainNames';

/** One element of a rule's `from` / `to`: exactly one kind of peer. */
export type NpPeer =
  | { kind: 'namespaces'; namespaceSelector: LabelSelector; at: At }
  | { kind: 'pods'; namespaceSelector: LabelSelector; podSelector: LabelSelector; at: At }
  /** Node IPs of the matching nodes; unmodelled (netpolc has no node objects). */
  | { kind: 'nodes'; nodeSelector: LabelSelector; at: At }
  | { kind: 'networks'; networks: NpCidr[]; at: At }
  /** Unmodelled (netpolc does not resolve DNS names). */
  | { kind: 'domainNames'; domainNames: string[]; at: At };

/** One destination-port match of a rule. */
export type NpPort =
  | { kind: 'number'; protocol: NpProtocol; port: number; at: At }
  /** Inclusive on both ends. */
  | { kind: 'range'; protocol: NpProtocol; start: number; end: number; at: At }
  /** A container port name of the destination pod; its protocol is the container port's. */
  | { kind: 'named'; name: string; at: At };

export type AnpAction = 'Allow' | 'Deny' | 'Pass';
export type BanpAction = 'Allow' | 'Deny';
export type CnpAction = 'Accept' | 'Deny' | 'Pass';
export type NpAction = AnpAction | BanpAction | CnpAction;

export type NpDirection = 'ingress' | 'egress';

export interface NpRule<A extends NpAction = NpAction> {
  direction: NpDirection;
  /** 0-based position in `spec.ingress` / `spec.egress`: rules apply in written order. */
  index: number;
  /** The optional rule name (at most 100 characters). */
  name: string | undefined;
  action: A;
  /** `from` for ingress, `to` for egress; ORed; never empty. */
  peers: NpPeer[];
  /** Destination ports, ORed; `undefined` matches every port of every protocol. */
  ports: NpPort[] | undefined;
  /** Field paths of parts netpolc does not model; verdicts that depend on this rule are unknown. */
  unmodelled: string[];
  at: At;
}

interface NpPolicy<A extends NpAction> extends ResourceBase {
  subject: NpSubject;
  ingress: NpRule<A>[];
  egress: NpRule<A>[];
}

/** `policy.networking.k8s.io/v1alpha1` AdminNetworkPolicy: evaluated before NetworkPolicy. */
export interface AdminNetworkPolicy extends NpPolicy<AnpAction> {
  kind: 'AdminNetworkPolicy';
  /** 0–1000; lower values take precedence. */
  priority: number;
}

/** `policy.networking.k8s.io/v1alpha1` BaselineAdminNetworkPolicy: the singleton `default`. */
export interface BaselineAdminNetworkPolicy extends NpPolicy<BanpAction> {
  kind: 'BaselineAdminNetworkPolicy';
}

export type CnpTier = 'Admin' | 'Baseline';

/** `policy.networking.k8s.io/v1alpha2` and `v1beta1` ClusterNetworkPolicy. */
export interface ClusterNetworkPolicy extends NpPolicy<CnpAction> {
  kind: 'ClusterNetworkPolicy';
  /** `Admin` evaluates before NetworkPolicy, `Baseline` after it. */
  tier: CnpTier;
  /** 0–1000 within the tier; lower values take precedence. */
  priority: number;
}

export type NpapiResource = AdminNetworkPolicy | BaselineAdminNetworkPolicy | ClusterNetworkPolicy;
