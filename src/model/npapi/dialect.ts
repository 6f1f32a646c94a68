/**
 * What differs between the network-policy-api kinds and versions netpolc reads, in one table, so
 * the shared readers (`readPolicy`, `readRule`, `readPeer`, `readPorts`, `readProtocols`) take a
 * `Dialect` instead of branching on kind names.
 *
 * Upstream read (kubernetes-sigs/network-policy-api, Go types with their kubebuilder markers and
 * CEL rules):
 * - v1alpha1 `apis/v1alpha1/{adminnetworkpolicy,baselineadminnetworkpolicy,shared_types}_types.go`
 *   as last revised for the v0.1.x releases (egress peers with `networks`, `nodes` and, for ANP
 *   only, `domainNames`; `ports` with MinItems 1; CIDR checked with `isCIDR(self)`; BANP name
 *   pinned to `default` by CEL).
 * - v1alpha2 `apis/v1alpha2/clusternetworkpolicy_types.go` as released in v0.2.0 (`protocols`
 *   instead of `ports`, `Accept` instead of `Allow`, 25-item limits, `start < end` by CEL).
 * - v1beta1 `apis/v1beta1/clusternetworkpolicy_types.go` at 30ea168a6e8422b78e490abc0a4df50d6c43cbb6
 *   (as v1alpha2, plus CIDRs must have no host bits: `cidr(self) == cidr(self).masked()`).
 */
import type { NpAction, NpPeerKind } from './types.js';

export interface Dialect {
  /** `Kind version`, for messages. */
  name: string;
  specFields: readonly string[];
  actions: readonly NpAction[];
  /** The action that `domainNames` peers are documented to support. */
  allowAction: NpAction;
  /** MaxItems of `spec.ingress` / `spec.egress`. */
  maxRules: number;
  /** MaxItems of a rule's `from` / `to`. */
  maxPeers: number;
  ingressPeers: readonly NpPeerKind[];
  egressPeers: readonly NpPeerKind[];
  /**
   * Egress peers without named ports. The experimental-channel CRDs reject a rule that combines
   * them with a named port (CEL marked `<network-policy-api:experimental:validation>`); the
   * standard channel does not, so netpolc warns (a named port never matches such a peer).
   */
  noNamedPortPeers: readonly NpPeerKind[];
  /** v1alpha1 `ports` (portNumber / namedPort / portRange) or v1alpha2+ `protocols`. */
  portsField: 'ports' | 'protocols';
  /** MaxItems of `ports` / `protocols`. */
  maxPorts: number;
  /** A port range needs `start < end` (CEL in v1alpha2+); v1alpha1 only documents it. */
  rangeStartBelowEnd: boolean;
  /**
   * How absent `NamespacedPod` selectors are treated. `lenient` (v1alpha1): the CRD requires both,
   * but netpol-analyzer and its corpus omit them and read absence as `{}`; netpolc warns and does
   * the same. `v1alpha2` (v1alpha2+): `namespaceSelector` is optional ("if empty, it selects all
   * Namespaces") and `podSelector` is required.
   */
  namespacedPod: 'lenient' | 'v1alpha2';
  /** CIDRs must have no bits set after the prefix (v1beta1). */
  cidrMasked: boolean;
  /** The `DomainName` pattern of this version. */
  domainPattern: RegExp;
}

// The DomainName pattern of v1alpha1 and v1alpha2 spells the first character class `a-zA-z0-9`
// (so `[`, `\`, `]`, `^`, `_` and the backquote are accepted there); v1beta1 fixed it to `A-Z`.
// netpolc follows each version as published.
const DOMAIN_OLD = /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;
const DOMAIN_V1BETA1 = /^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

const V1ALPHA1 = {
  allowAction: 'Allow',
  maxRules: 100,
  maxPeers: 100,
  ingressPeers: ['namespaces', 'pods'],
  portsField: 'ports',
  maxPorts: 100,
  rangeStartBelowEnd: false,
  namespacedPod: 'lenient',
  cidrMasked: false,
  domainPattern: DOMAIN_OLD,
} as const;

export const ANP_V1ALPHA1: Dialect = {
  ...V1ALPHA1,
  name: 'AdminNetworkPolicy v1alpha1',
  specFields: ['priority', 'subject', 'ingress', 'egress'],
  actions: ['Allow', 'Deny', 'Pass'],
  egressPeers: ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'],
  noNamedPortPeers: ['networks', 'nodes', 'domainNames'],
};

export const BANP_V1ALPHA1: Dialect = {
  ...V1ALPHA1,
  name: 'BaselineAdminNetworkPolicy v1alpha1',
  specFields: ['subject', 'ingress', 'egress'],
  actions: ['Allow', 'Deny'],
  // BaselineAdminNetworkPolicyEgressPeer has no `domainNames`.
  egressPeers: ['namespaces', 'pods', 'nodes', 'networks'],
  noNamedPortPeers: ['networks', 'nodes'],
};

const CNP = {
  specFields: ['tier', 'priority', 'subject', 'ingress', 'egress'],
  actions: ['Accept', 'Deny', 'Pass'],
  allowAction: 'Accept',
  maxRules: 25,
  maxPeers: 25,
  ingressPeers: ['namespaces', 'pods'],
  egressPeers: ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'],
  noNamedPortPeers: ['networks', 'nodes', 'domainNames'],
  portsField: 'protocols',
  maxPorts: 25,
  rangeStartBelowEnd: true,
  namespacedPod: 'v1alpha2',
} as const;

export const CNP_V1ALPHA2: Dialect = {
  ...CNP,
  name: 'ClusterNetworkPolicy v1alpha2',
  cidrMasked: false,
  domainPattern: DOMAIN_OLD,
};

export const CNP_V1BETA1: Dialect = {
  ...CNP,
  name: 'ClusterNetworkPolicy v1beta1',
  cidrMasked: true,
  domainPattern: DOMAIN_V1BETA1,
};
