/**
 * Model stage for `policy.networking.k8s.io/v1alpha2` and `v1beta1` ClusterNetworkPolicy: a
 * positioned document → a validated `ClusterNetworkPolicy`.
 *
 * Upstream (network-policy-api `apis/v1alpha2` as released in v0.2.0, and `apis/v1beta1` at
 * 30ea168a6e8422b78e490abc0a4df50d6c43cbb6, `clusternetworkpolicy_types.go`): cluster-scoped;
 * `spec` requires `tier` (Admin or Baseline), `priority` (0–1000 within the tier) and `subject`;
 * `ingress` and `egress` hold at most 25 rules each, with actions Accept, Deny and Pass, and match
 * ports through `protocols`. The two versions differ only in details kept in `dialect.ts` (v1beta1
 * rejects CIDRs with host bits set, and fixes the DomainName pattern).
 */
import type { YMap } from '../../yaml/node.js';
import type { KindDef } from '../kind.js';
import type { Header } from '../metadata.js';
import type { Fields, Reader } from '../read.js';
import { CNP_V1ALPHA2, CNP_V1BETA1 } from './dialect.js';
import { readPolicy, readPriority } from './readPolicy.js';
import type { ClusterNetworkPolicy, CnpAction, CnpTier, NpRule } from './types.js';

const TIERS: readonly CnpTier[] = ['Admin', 'Baseline'];

export function readClusterNetworkPolicy(r: Reader, root: YMap, header: Header, version: string): ClusterNetworkPolicy | undefined {
  const d = version === 'v1beta1' ? CNP_V1BETA1 : CNP_V1ALPHA2;
  const { base, spec, subject, ingress, egress } = readPolicy(r, root, header, d);
  const tier = spec && readTier(r, spec);
  const priority = spec && readPriority(r, spec);
  if (!subject || tier === undefined || priority === undefined) return undefined;
  return {
    ...base,
    kind: 'ClusterNetworkPolicy',
    tier,
    priority,
    subject,
    // INVARIANT: readRule only returns actions of the dialect it was given.
    ingress: ingress as NpRule<CnpAction>[],
    egress: egress as NpRule<CnpAction>[],
  };
}

function readTier(r: Reader, spec: Fields): CnpTier | undefined {
  const node = r.required(spec, 'tier');
  const s = node && r.string(node, spec.at('tier'));
  if (s === undefined || !node) return undefined;
  if ((TIERS as readonly string[]).includes(s)) return s as CnpTier;
  const fixed = TIERS.find((t) => t.toLowerCase() === s.toLowerCase());
  r.report('invalid-value', node, spec.at('tier'), `tier \`${s}\` is not one of \`Admin\`, \`Baseline\``,
    fixed ? `did you mean \`${fixed}\`?` : 'the NetworkPolicy tier sits between them and holds only NetworkPolicy objects');
  return undefined;
}

export const clusterNetworkPolicyKind: KindDef<ClusterNetworkPolicy> = {
  group: 'policy.networking.k8s.io',
  kind: 'ClusterNetworkPolicy',
  versions: ['v1alpha2', 'v1beta1'],
  namespaced: false,
  read: readClusterNetworkPolicy,
};
