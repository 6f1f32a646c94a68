/**
 * Kind `GlobalNetworkPolicy` of `projectcalico.org/v3` (cluster-wide): positioned YAML →
 * `CalicoGlobalNetworkPolicy`.
 *
 * Calico reference "GlobalNetworkPolicy"; type `api/pkg/apis/projectcalico/v3/globalnetworkpolicy.go`,
 * checks `validateGlobalNetworkPolicy` in libcalico-go `lib/validator/v3/validator.go`. The spec is
 * read by `readPolicySpec` (with the global-only fields); this file adds the name rule and the
 * tier prefix of the name.
 *
 * Contract: never throws; every problem is reported through the reader.
 */
import type { KindDef } from '../kind.js';
import { readMetadata } from '../metadata.js';
import { checkName, isGlobalNetworkPolicyName, policyShortName } from './names.js';
import { readPolicySpec } from './policySpec.js';
import { CALICO_API_VERSION, type CalicoGlobalNetworkPolicy } from './types.js';

export const calicoGlobalNetworkPolicy: KindDef<CalicoGlobalNetworkPolicy> = {
  group: 'projectcalico.org',
  kind: 'GlobalNetworkPolicy',
  versions: ['v3'],
  namespaced: false,
  read(r, root, header) {
    const base = readMetadata(r, root, header, false, () => true);
    checkName(r, header, base.name, isGlobalNetworkPolicyName);
    const { spec } = readPolicySpec(r, header.fields.get('spec'), true);
    return {
      ...base,
      apiVersion: CALICO_API_VERSION,
      kind: 'GlobalNetworkPolicy',
      shortName: policyShortName(base.name, spec.tier),
      spec,
    };
  },
};
