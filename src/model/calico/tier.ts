/**
 * Kind `Tier` of `projectcalico.org/v3`: positioned YAML → `CalicoTier`.
 *
 * Type: `api/pkg/apis/projectcalico/v3/tier.go` (`order`, `defaultAction` Deny|Pass, default Deny).
 * Checks (libcalico-go `lib/validator/v3/validator.go` `validateTier`): the name is a DNS label of
 * at most 63 characters (tier names appear inside policy names and labels); the `default` tier's
 * order, when written, is 1000000 (`DefaultTierOrder`).
 *
 * Contract: never throws; the resolved `defaultAction` is stored with whether it was written.
 */
import { didYouMean } from '../../util/didYouMean.js';
import type { KindDef } from '../kind.js';
import { readMetadata } from '../metadata.js';
import { checkName, isTierName } from './names.js';
import { readOrder } from './policySpec.js';
import { CALICO_API_VERSION, type CalicoTier } from './types.js';

export const DEFAULT_TIER_ORDER = 1_000_000;
const DEFAULT_ACTIONS = ['Deny', 'Pass'] as const;

export const calicoTier: KindDef<CalicoTier> = {
  group: 'projectcalico.org',
  kind: 'Tier',
  versions: ['v3'],
  namespaced: false,
  read(r, root, header) {
    const base = readMetadata(r, root, header, false, () => true);
    checkName(r, header, base.name, isTierName);
    const tier: CalicoTier = { ...base, apiVersion: CALICO_API_VERSION, kind: 'Tier', defaultAction: 'Deny', defaultActionGiven: false };
    const f = r.object(header.fields.get('spec'), 'spec', ['order', 'defaultAction']);
    if (!f) return tier;
    const order = readOrder(r, f.get('order'), f.at('order'));
    if (order !== undefined) {
      tier.order = order;
      if (base.name === 'default' && order !== DEFAULT_TIER_ORDER)
        r.report('invalid-order', f.get('order')!, f.at('order'), `the \`default\` tier's order must be ${DEFAULT_TIER_ORDER}, found \`${order}\``);
    }
    const action = r.string(f.get('defaultAction'), f.at('defaultAction'));
    if (action !== undefined) {
      if ((DEFAULT_ACTIONS as readonly string[]).includes(action)) {
        tier.defaultAction = action as CalicoTier['defaultAction'];
        tier.defaultActionGiven = true;
      } else {
        const guess = didYouMean(action, DEFAULT_ACTIONS);
        r.report('invalid-action', f.get('defaultAction')!, f.at('defaultAction'), `tier default action \`${action}\` is not valid`,
          guess ? `did you mean \`${guess}\`?` : 'use `Deny` or `Pass`');
      }
    }
    return tier;
  },
};
