/**
 * Kind `HostEndpoint` of `projectcalico.org/v3`: positioned YAML → `CalicoHostEndpoint`.
 *
 * Type: `api/pkg/apis/projectcalico/v3/hostendpoint.go`. Checks (libcalico-go
 * `lib/validator/v3/validator.go` `validateHostEndpointSpec` and field tags): `node` is required
 * and a valid name; `interfaceName` (`*` or a Linux interface name) or `expectedIPs` (addresses)
 * must be given; `profiles` are names; `ports` as in `endpointPorts.ts`.
 *
 * netpolc does not model host endpoints (DESIGN §4): every HostEndpoint is reported as
 * `unmodelled-field` and carries `unmodelled: ['HostEndpoint']`, so verdicts about traffic to or
 * from host interfaces are unknown.
 *
 * Contract: never throws; every problem is reported through the reader.
 */
import type { KindDef } from '../kind.js';
import { isDns1123Subdomain } from '../labels.js';
import { readMetadata } from '../metadata.js';
import { readEndpointPorts } from './endpointPorts.js';
import { readNets } from './nets.js';
import { CALICO_API_VERSION, type CalicoHostEndpoint } from './types.js';

/** Linux interface names (validator `interfaceRegex`). */
export const INTERFACE_NAME = /^[a-zA-Z0-9_.-]{1,15}$/;

export const calicoHostEndpoint: KindDef<CalicoHostEndpoint> = {
  group: 'projectcalico.org',
  kind: 'HostEndpoint',
  versions: ['v3'],
  namespaced: false,
  read(r, root, header) {
    const base = readMetadata(r, root, header, false);
    const hep: CalicoHostEndpoint = {
      ...base, apiVersion: CALICO_API_VERSION, kind: 'HostEndpoint', node: '', expectedIPs: [], profiles: [], ports: [], unmodelled: ['HostEndpoint'],
    };
    r.report('unmodelled-field', header.fields.get('kind') ?? root, 'kind',
      `HostEndpoint \`${base.name}\` is not modelled; verdicts for traffic to or from host interfaces are unknown`);
    const f = r.object(header.fields.get('spec'), 'spec', ['node', 'interfaceName', 'expectedIPs', 'profiles', 'ports']);
    if (!f) {
      r.report('missing-field', root, 'spec', 'field `spec` is required');
      return hep;
    }
    const nodeName = r.string(r.required(f, 'node'), f.at('node'));
    if (nodeName !== undefined) {
      if (!isDns1123Subdomain(nodeName)) r.report('invalid-name', f.get('node')!, f.at('node'), `node name \`${nodeName}\` is not a valid name`);
      hep.node = nodeName;
    }
    const iface = r.string(f.get('interfaceName'), f.at('interfaceName'));
    if (iface) {
      if (iface !== '*' && !INTERFACE_NAME.test(iface))
        r.report('invalid-value', f.get('interfaceName')!, f.at('interfaceName'), `interface name \`${iface}\` is not valid`,
          'use `*` or a Linux interface name: up to 15 letters, digits, `_`, `.` or `-`');
      hep.interfaceName = iface;
    }
    hep.expectedIPs = readNets(r, f.get('expectedIPs'), f.at('expectedIPs'), 'ip');
    const ipsNode = f.get('expectedIPs');
    const ipsWritten = ipsNode?.kind === 'seq' && ipsNode.items.length > 0;
    if (!iface && !ipsWritten)
      r.report('missing-field', f.node, f.at('interfaceName'), 'a host endpoint needs `interfaceName` or `expectedIPs`');
    hep.profiles = r.strings(f.get('profiles'), f.at('profiles')) ?? [];
    hep.ports = readEndpointPorts(r, f.get('ports'), f.at('ports'), false);
    return hep;
  },
};
