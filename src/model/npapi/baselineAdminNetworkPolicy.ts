/**
 * Model stage for `policy.networking.k8s.io/v1alpha1` BaselineAdminNetworkPolicy: a positioned
 * document → a validated `BaselineAdminNetworkPolicy`.
 *
 * Upstream (network-policy-api v1alpha1 `baselineadminnetworkpolicy_types.go`): cluster-scoped and
 * a singleton: CEL `self.metadata.name == 'default'`; `spec` has `subject` (required), `ingress`
 * and `egress` (at most 100 rules each, actions Allow and Deny only: there is no later tier to
 * pass to) and no `priority`. A second `default` in the input is a duplicate resource, which the
 * stage that collects resources reports.
 */
import type { YMap } from '../../yaml/node.js';
import { getField } from '../../yaml/node.js';
import type { KindDef } from '../kind.js';
import type { Header } from '../metadata.js';
import type { Reader } from '../read.js';
import { BANP_V1ALPHA1 } from './dialect.js';
import { readPolicy } from './readPolicy.js';
import type { BanpAction, BaselineAdminNetworkPolicy, NpRule } from './types.js';

export const BANP_NAME = 'default';

export function readBaselineAdminNetworkPolicy(r: Reader, root: YMap, header: Header): BaselineAdminNetworkPolicy | undefined {
  const { base, subject, ingress, egress } = readPolicy(r, root, header, BANP_V1ALPHA1);
  if (base.name !== '' && base.name !== BANP_NAME) {
    const meta = header.fields.get('metadata');
    const nameNode = meta && meta.kind === 'map' ? getField(meta, 'name') : undefined;
    r.report('invalid-name', nameNode ?? root, 'metadata.name',
      `a BaselineAdminNetworkPolicy must be named \`${BANP_NAME}\`, found \`${base.name}\``,
      'there is one baseline policy per cluster; rename it to `default`');
  }
  if (!subject) return undefined;
  return {
    ...base,
    kind: 'BaselineAdminNetworkPolicy',
    subject,
    // INVARIANT: readRule only returns actions of the dialect it was given.
    ingress: ingress as NpRule<BanpAction>[],
    egress: egress as NpRule<BanpAction>[],
  };
}

export const baselineAdminNetworkPolicyKind: KindDef<BaselineAdminNetworkPolicy> = {
  group: 'policy.networking.k8s.io',
  kind: 'BaselineAdminNetworkPolicy',
  versions: ['v1alpha1'],
  namespaced: false,
  read: (r, root, header) => readBaselineAdminNetworkPolicy(r, root, header),
};
