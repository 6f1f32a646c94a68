/**
 * Kind `WorkloadEndpoint` of `projectcalico.org/v3` (namespaced): positioned YAML →
 * `CalicoWorkloadEndpoint`. Calico creates these for pods; snapshots (the network-config-analyzer
 * suite, `calicoctl get wep -o yaml`) use them to describe endpoints.
 *
 * Type: libcalico-go `lib/apis/v3/workloadendpoint.go`. Checks (libcalico-go
 * `lib/validator/v3/validator.go` `validateWorkloadEndpointSpec` and field tags): names of the
 * orchestrator, workload, node, pod, endpoint and service account are valid names; `containerID`
 * is alphanumerics and `-`; `interfaceName` is a Linux interface name (the tag has no
 * `omitempty`, so it is required); `mac` a MAC address; `ipNetworks` single addresses (/32, /128);
 * gateways addresses of their family; `profiles` names; `ports` as in `endpointPorts.ts`.
 * `ipNATs` and `allowSpoofedSourcePrefixes` change which addresses the endpoint uses and are
 * reported as `unmodelled-field`.
 *
 * Contract: never throws; every problem is reported through the reader.
 */
import type { YNode } from '../../yaml/node.js';
import type { KindDef } from '../kind.js';
import { isDns1123Subdomain } from '../labels.js';
import { readMetadata } from '../metadata.js';
import type { Fields, Reader } from '../read.js';
import { readEndpointPorts } from './endpointPorts.js';
import { INTERFACE_NAME } from './hostEndpoint.js';
import { readNet, readNets } from './nets.js';
import { CALICO_API_VERSION, type CalicoWorkloadEndpoint } from './types.js';

const WEP_FIELDS = [
  'orchestrator', 'workload', 'node', 'containerID', 'pod', 'endpoint', 'serviceAccountName', 'ipNetworks', 'ipNATs',
  'ipv4Gateway', 'ipv6Gateway', 'profiles', 'interfaceName', 'mac', 'ports', 'allowSpoofedSourcePrefixes',
] as const;
const NAME_FIELDS = ['orchestrator', 'workload', 'node', 'pod', 'endpoint', 'serviceAccountName'] as const;
const CONTAINER_ID = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const MAC = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2}){4}$/;

function readName(r: Reader, f: Fields, field: string): string | undefined {
  const v = r.string(f.get(field), f.at(field));
  if (v && !isDns1123Subdomain(v)) r.report('invalid-name', f.get(field)!, f.at(field), `\`${f.at(field)}\` \`${v}\` is not a valid name`);
  return v || undefined;
}

function readGateway(r: Reader, node: YNode | undefined, path: string, family: 4 | 6): void {
  const g = readNet(r, node, path, 'ip');
  if (g && g.family !== family) r.report('invalid-cidr', node!, path, `\`${path}\` must be an IPv${family} address, found \`${g.text}\``);
}

export const calicoWorkloadEndpoint: KindDef<CalicoWorkloadEndpoint> = {
  group: 'projectcalico.org',
  kind: 'WorkloadEndpoint',
  versions: ['v3'],
  namespaced: true,
  read(r, root, header) {
    const base = readMetadata(r, root, header, true);
    const wep: CalicoWorkloadEndpoint = {
      ...base, apiVersion: CALICO_API_VERSION, kind: 'WorkloadEndpoint', namespace: base.namespace ?? 'default',
      interfaceName: '', ipNetworks: [], profiles: [], ports: [], unmodelled: [],
    };
    const f = r.object(header.fields.get('spec'), 'spec', WEP_FIELDS);
    if (!f) {
      r.report('missing-field', root, 'spec', 'field `spec` is required');
      return wep;
    }
    for (const field of NAME_FIELDS) {
      const v = readName(r, f, field);
      if (v !== undefined) wep[field] = v;
    }
    const cid = r.string(f.get('containerID'), f.at('containerID'));
    if (cid) {
      if (!CONTAINER_ID.test(cid)) r.report('invalid-value', f.get('containerID')!, f.at('containerID'), `container ID \`${cid}\` is not valid`);
      wep.containerID = cid;
    }
    const iface = r.string(r.required(f, 'interfaceName'), f.at('interfaceName'));
    if (iface !== undefined) {
      if (!INTERFACE_NAME.test(iface)) r.report('invalid-value', f.get('interfaceName')!, f.at('interfaceName'), `interface name \`${iface}\` is not valid`);
      wep.interfaceName = iface;
    }
    const mac = r.string(f.get('mac'), f.at('mac'));
    if (mac) {
      if (!MAC.test(mac)) r.report('invalid-value', f.get('mac')!, f.at('mac'), `MAC address \`${mac}\` is not valid`);
      wep.mac = mac;
    }
    wep.ipNetworks = readNets(r, f.get('ipNetworks'), f.at('ipNetworks'), 'net').filter((n, i) => {
      if (n.prefix === (n.family === 4 ? 32 : 128)) return true;
      const node = f.get('ipNetworks');
      r.report('invalid-cidr', node?.kind === 'seq' ? node.items[i]! : node!, `${f.at('ipNetworks')}[${i}]`,
        `\`${n.text}\` contains more than one address; workload endpoint networks are single addresses (/32 or /128)`);
      return false;
    });
    readGateway(r, f.get('ipv4Gateway'), f.at('ipv4Gateway'), 4);
    readGateway(r, f.get('ipv6Gateway'), f.at('ipv6Gateway'), 6);
    wep.profiles = r.strings(f.get('profiles'), f.at('profiles')) ?? [];
    wep.ports = readEndpointPorts(r, f.get('ports'), f.at('ports'), true);
    r.list(f.get('ipNATs'), f.at('ipNATs'), (item, p) => {
      const nat = r.object(item, p, ['internalIP', 'externalIP', 'source']);
      if (!nat) return undefined;
      readNet(r, nat.get('internalIP'), nat.at('internalIP'), 'ip');
      readNet(r, nat.get('externalIP'), nat.at('externalIP'), 'ip');
      r.string(nat.get('source'), nat.at('source'));
      return undefined;
    });
    readNets(r, f.get('allowSpoofedSourcePrefixes'), f.at('allowSpoofedSourcePrefixes'), 'cidr');
    for (const field of ['ipNATs', 'allowSpoofedSourcePrefixes'] as const) {
      const node = f.get(field);
      if (!node || (node.kind === 'seq' && node.items.length === 0) || (node.kind === 'scalar' && node.value === null)) continue;
      wep.unmodelled.push(field);
      r.report('unmodelled-field', node, f.at(field), `\`${field}\` is not modelled; verdicts for this endpoint's traffic are unknown`);
    }
    return wep;
  },
};
