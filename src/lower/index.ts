/**
 * The lowering stage's public API: typed resources → one IR program (`lower`), the cluster
 * snapshot, the Kubernetes NetworkPolicy lowering, and the contract with the family lowerings.
 * Re-exports only.
 */
export { FIXED_TIERS, lower, mergeTiers, placePolicies } from './lower.js';
export { buildSnapshot, endpointDisplayName, podWorkloadName, type SnapshotExtras } from './snapshot.js';
export { K8S_POLICY_NAME_PREFIX, k8sPodSelector, k8sPolicyName, lowerK8sNetworkPolicy, lowerPeer, portGroups } from './lowerK8sNetworkPolicy.js';
export * from './types.js';
