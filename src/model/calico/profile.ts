/**
 * Kind `Profile` of `projectcalico.org/v3`: positioned YAML → `CalicoProfile`. Profiles hold the
 * rules applied after all policy tiers to the endpoints that list them, and labels to add to
 * those endpoints.
 *
 * Type: `api/pkg/apis/projectcalico/v3/profile.go` (`ingress`, `egress`, `labelsToApply`); rules
 * are checked as in policies; `labelsToApply` must be valid labels (`validate:"labels"`). A profile
 * has no `types`: its rules apply in both directions.
 *
 * Contract: never throws; every problem is reported through the reader.
 */
import { joinPath } from '../read.js';
import type { KindDef } from '../kind.js';
import { labelKeyProblem, labelValueProblem } from '../labels.js';
import { readMetadata } from '../metadata.js';
import { readObject } from './fields.js';
import { readRule } from './rule.js';
import { CALICO_API_VERSION, type CalicoProfile } from './types.js';

export const calicoProfile: KindDef<CalicoProfile> = {
  group: 'projectcalico.org',
  kind: 'Profile',
  versions: ['v3'],
  namespaced: false,
  read(r, root, header) {
    const base = readMetadata(r, root, header, false);
    const p: CalicoProfile = { ...base, apiVersion: CALICO_API_VERSION, kind: 'Profile', ingress: [], egress: [], labelsToApply: {} };
    const f = readObject(r, header.fields.get('spec'), 'spec', ['ingress', 'egress', 'labelsToApply'], {
      types: 'a Profile has no `types`: its `ingress` rules apply to inbound and its `egress` rules to outbound traffic; remove `types`',
      selector: 'a Profile applies to the endpoints that list it in `profiles`; use a GlobalNetworkPolicy to select endpoints',
    });
    if (!f) return p;
    p.ingress = r.list(f.get('ingress'), f.at('ingress'), (item, path) => readRule(r, item, path, { direction: 'ingress', scope: 'profile' }));
    p.egress = r.list(f.get('egress'), f.at('egress'), (item, path) => readRule(r, item, path, { direction: 'egress', scope: 'profile' }));
    p.labelsToApply = r.stringMap(f.get('labelsToApply'), f.at('labelsToApply')) ?? {};
    const lnode = f.get('labelsToApply');
    if (lnode?.kind === 'map')
      for (const pair of lnode.pairs) {
        const k = String(pair.key.value);
        const path = joinPath(f.at('labelsToApply'), k);
        const kp = labelKeyProblem(k);
        if (kp) r.report('invalid-label-key', pair.key, path, `label key \`${k}\` is not valid: ${kp}`);
        const v = p.labelsToApply[k];
        const vp = v === undefined ? undefined : labelValueProblem(v);
        if (vp) r.report('invalid-label-value', pair.value, path, `label value \`${v}\` is not valid: ${vp}`);
      }
    return p;
  },
};
