/**
 * Kinds `NetworkSet` (namespaced) and `GlobalNetworkSet` of `projectcalico.org/v3`: positioned
 * YAML → `CalicoNetworkSet` / `CalicoGlobalNetworkSet`. Network sets give labels to external
 * CIDRs so that selectors can match them.
 *
 * Types: `api/pkg/apis/projectcalico/v3/networkset.go`, `globalnetworkset.go`. Checks
 * (libcalico-go `lib/validator/v3/validator.go`): `nets` entries are CIDRs or IPs (`cidr` tag:
 * host bits allowed), and the label `projectcalico.org/namespace` is reserved
 * (`validateNetworkSet`, `validateGlobalNetworkSet`).
 *
 * Contract: never throws; every problem is reported through the reader.
 */
import type { YMap } from '../../yaml/node.js';
import type { Header } from '../metadata.js';
import { readMetadata } from '../metadata.js';
import type { KindDef } from '../kind.js';
import type { Reader } from '../read.js';
import { readNets } from './nets.js';
import { CALICO_API_VERSION, type CalicoCidr, type CalicoGlobalNetworkSet, type CalicoNetworkSet } from './types.js';

const RESERVED_LABEL = 'projectcalico.org/namespace';

function readNetworkSet(r: Reader, root: YMap, header: Header, namespaced: boolean) {
  const base = readMetadata(r, root, header, namespaced);
  if (Object.hasOwn(base.labels, RESERVED_LABEL)) {
    const meta = header.fields.get('metadata');
    const labels = meta?.kind === 'map' ? meta.pairs.find((p) => p.key.value === 'labels')?.value : undefined;
    const key = labels?.kind === 'map' ? labels.pairs.find((p) => p.key.value === RESERVED_LABEL)?.key : undefined;
    r.report('invalid-label-key', key ?? root, `metadata.labels.${RESERVED_LABEL}`,
      `label \`${RESERVED_LABEL}\` is reserved for Calico and cannot be set on a ${header.kind}`);
  }
  const f = r.object(header.fields.get('spec'), 'spec', ['nets']);
  const nets: CalicoCidr[] = f ? readNets(r, f.get('nets'), f.at('nets'), 'cidr') : [];
  return { base, nets };
}

export const calicoNetworkSet: KindDef<CalicoNetworkSet> = {
  group: 'projectcalico.org',
  kind: 'NetworkSet',
  versions: ['v3'],
  namespaced: true,
  read(r, root, header) {
    const { base, nets } = readNetworkSet(r, root, header, true);
    return { ...base, apiVersion: CALICO_API_VERSION, kind: 'NetworkSet', namespace: base.namespace ?? 'default', nets };
  },
};

export const calicoGlobalNetworkSet: KindDef<CalicoGlobalNetworkSet> = {
  group: 'projectcalico.org',
  kind: 'GlobalNetworkSet',
  versions: ['v3'],
  namespaced: false,
  read(r, root, header) {
    const { base, nets } = readNetworkSet(r, root, header, false);
    return { ...base, apiVersion: CALICO_API_VERSION, kind: 'GlobalNetworkSet', nets };
  },
};
