/**
 * Model stage for `policy.networking.k8s.io/v1alpha1` AdminNetworkPolicy: a positioned document →
 * a validated `AdminNetworkPolicy`.
 *
 * Upstream (network-policy-api v1alpha1 `adminnetworkpolicy_types.go`): cluster-scoped; `spec`
 * requires `priority` (0–1000; lower values take precedence) and `subject`; `ingress` and `egress`
 * hold at most 100 rules each, with actions Allow, Deny and Pass. Two ANPs with the same priority
 * are legal but ambiguous; that is for a later stage to point out, not for this reader.
 */
import type { YMap } from '../../yaml/node.js';
import type { KindDef } from '../kind.js';
import type { Header } from '../metadata.js';
import type { Reader } from '../read.js';
import { ANP_V1ALPHA1 } from './dialect.js';
import { readPolicy, readPriority } from './readPolicy.js';
import type { AdminNetworkPolicy, AnpAction, NpRule } from './types.js';

export function readAdminNetworkPolicy(r: Reader, root: YMap, header: Header): AdminNetworkPolicy | undefined {
  const { base, spec, subject, ingress, egress } = readPolicy(r, root, header, ANP_V1ALPHA1);
  const priority = spec && readPriority(r, spec);
  if (!subject || priority === undefined) return undefined;
  return {
    ...base,
    kind: 'AdminNetworkPolicy',
    priority,
    subject,
    // INVARIANT: readRule only returns actions of the dialect it was given.
    ingress: ingress as NpRule<AnpAction>[],
    egress: egress as NpRule<AnpAction>[],
  };
}

export const adminNetworkPolicyKind: KindDef<AdminNetworkPolicy> = {
  group: 'policy.networking.k8s.io',
  kind: 'AdminNetworkPolicy',
  versions: ['v1alpha1'],
  namespaced: false,
  read: (r, root, header) => readAdminNetworkPolicy(r, root, header),
};
