/**
 * The network-policy-api lowering's public API (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy → IR). Re-exports only.
 */
export { lowerNpapi } from './lowerNpapi.js';
export { lowerNpapiPolicy, resourceOrigin } from './lowerNpapiPolicy.js';
export { lowerNpapiPeer, lowerNpapiSubject, type LoweredPeer, type NpapiPeerOptions } from './lowerNpapiPeer.js';
export { lowerNpapiPorts, type PortGroup } from './lowerNpapiPorts.js';
export { lowerNpapiRule } from './lowerNpapiRule.js';
export { lowerAction, placement, type Placement } from './placement.js';
