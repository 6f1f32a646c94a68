/**
 * Kind `NetworkPolicy` of `projectcalico.org/v3` (namespaced): positioned YAML → `CalicoNetworkPolicy`.
 *
 * Calico reference "NetworkPolicy"; type `api/pkg/apis/projectcalico/v3/networkpolicy.go`,
 * checks `validateNetworkPolicy` in libcalico-go `lib/validator/v3/validator.go`. The spec is read
 * by `readPolicySpec`; this file adds the name rule and the tier prefix of the name.
 *
 * Contract: never throws; every problem is reported through the reader.
 */
import type { KindDef } from '../kind.js';
import { readMetadata } from '../metadata.js';
import { checkName, isNetworkPolicyName, policyShortName } from './names.js';
import { readPolicySpec } from './policySpec.js';
import { CALICO_API_VERSION, type CalicoNetworkPolicy } from './types.js';

export const calicoNetworkPolicy: KindDef<CalicoNetworkPolicy> = {
  group: 'projectcalico.org',
  kind: 'NetworkPolicy',
  versions: ['v3'],
  namespaced: true,
  read(r, root, header) {
    const base = readMetadata(r, root, header, true, () => true);
    checkName(r, header, base.name, isNetworkPolicyName);
    const { spec: full } = readPolicySpec(r, header.fields.get('spec'), false);
    // The namespaced kind has none of the global-only fields; keep only the common spec.
    const { namespaceSelector: _ns, doNotTrack: _d, preDNAT: _p, applyOnForward: _a, ...spec } = full;
    return {
      ...base,
      apiVersion: CALICO_API_VERSION,
      kind: 'NetworkPolicy',
      namespace: base.namespace ?? 'default',
      shortName: policyShortName(base.name, spec.tier),
      spec,
    };
  },
};
