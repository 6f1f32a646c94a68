/**
 * The Calico `projectcalico.org/v3` kinds netpolc reads, in one list for the registry
 * (`model/kinds.ts`), and their typed resources.
 */
import type { KindDef } from '../kind.js';
import { calicoGlobalNetworkPolicy } from './globalNetworkPolicy.js';
import { calicoHostEndpoint } from './hostEndpoint.js';
import { calicoGlobalNetworkSet, calicoNetworkSet } from './networkSet.js';
import { calicoNetworkPolicy } from './networkPolicy.js';
import { calicoProfile } from './profile.js';
import { calicoTier } from './tier.js';
import type { CalicoResource } from './types.js';
import { calicoWorkloadEndpoint } from './workloadEndpoint.js';

export const CALICO_KINDS: readonly KindDef<CalicoResource>[] = [
  calicoNetworkPolicy,
  calicoGlobalNetworkPolicy,
  calicoNetworkSet,
  calicoGlobalNetworkSet,
  calicoTier,
  calicoProfile,
  calicoHostEndpoint,
  calicoWorkloadEndpoint,
] as KindDef<CalicoResource>[];

export {
  calicoGlobalNetworkPolicy,
  calicoGlobalNetworkSet,
  calicoHostEndpoint,
  calicoNetworkPolicy,
  calicoNetworkSet,
  calicoProfile,
  calicoTier,
  calicoWorkloadEndpoint,
};
export * from './types.js';
