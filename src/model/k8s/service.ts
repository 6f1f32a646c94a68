/**
 * Model stage: a `v1 Service` document → typed `Service`: its type, pod selector, cluster IPs
 * and ports (`port` → `targetPort`), which netpolc needs to relate service traffic to pods.
 *
 * Rules (core `ValidateService`): the name is a DNS-1035 label; `selector` is a label map;
 * each port has `port` 1–65535, protocol TCP/UDP/SCTP, a `targetPort` that is a port number or
 * an IANA_SVC_NAME, an optional `nodePort` 1–65535; port names are DNS-1123 labels, unique in
 * the service, and required when there are several ports (only a warning here: ports are
 * matched by number, so a missing name changes nothing netpolc computes); a service has ports
 * unless it is headless
 * (`clusterIP: None`) or of type ExternalName; cluster IPs are `None` or valid addresses.
 * The rest of ServiceSpec is accepted with the lenient unknown-field check (see `podSpec.ts`).
 *
 * Contract: `targetPort` defaults to `port`, `protocol` to TCP, `type` to ClusterIP (the API
 * server's defaults); `selector` is undefined when absent (endpoints are then managed by hand).
 */
import type { Location } from '../../diagnostics/diagnostic.js';
import type { YMap, YNode } from '../../yaml/node.js';
import type { KindDef } from '../kind.js';
import type { Header } from '../metadata.js';
import type { Reader } from '../read.js';
import type { ResourceBase } from '../resource.js';
import { isDns1123Label } from '../labels.js';
import { isParseError, parseIp } from '../../util/cidr.js';
import { readLabelMap } from './labelSelector.js';
import { locationOf, looseObject, readK8sMetadata } from './meta.js';
import { readNumberOrNamedPort, readPortNumber, readProtocol, type Protocol } from './ports.js';

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
const SERVICE_TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

export interface ServicePort {
  name?: string;
  protocol: Protocol;
  port: number;
  /** A container port number or a named container port. */
  targetPort: number | string;
  nodePort?: number;
  at: Location;
  path: string;
}

export interface Service extends ResourceBase {
  kind: 'Service';
  namespace: string;
  type: ServiceType;
  selector?: Record<string, string>;
  /** As written; `None` for a headless service; empty when not yet allocated. */
  clusterIPs: string[];
  ports: ServicePort[];
}

const SERVICE_SPEC_FIELDS = [
  'ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity',
  'loadBalancerIP', 'loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy',
  'healthCheckNodePort', 'publishNotReadyAddresses', 'sessionAffinityConfig', 'ipFamilies',
  'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass',
  'internalTrafficPolicy', 'trafficDistribution',
] as const;
const SERVICE_PORT_FIELDS = ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'] as const;

/** DNS-1035 label: a DNS label that starts with a letter (Service names become DNS names). */
function isDns1035Label(s: string): boolean {
  return s.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s);
}

export function readService(r: Reader, root: YMap, header: Header): Service | undefined {
  const base = readK8sMetadata(r, root, header, { namespaced: true, validateName: isDns1035Label });
  const spec = looseObject(r, r.required(header.fields, 'spec'), 'spec', SERVICE_SPEC_FIELDS);
  if (!spec) return undefined;
  let type: ServiceType = 'ClusterIP';
  const typeNode = spec.get('type');
  const typeText = r.string(typeNode, spec.at('type'));
  if (typeText !== undefined) {
    const t = SERVICE_TYPES.find((x) => x === typeText);
    if (t) type = t;
    else r.report('invalid-value', typeNode!, spec.at('type'), `service type \`${typeText}\` is not supported`,
      `use one of ${SERVICE_TYPES.join(', ')}`);
  }
  const clusterIPs = readClusterIPs(r, spec.get('clusterIP'), spec.get('clusterIPs'), spec.at('clusterIP'), spec.at('clusterIPs'));
  const portsNode = spec.get('ports');
  const ports = r.list(portsNode, spec.at('ports'), (n, p) => readServicePort(r, n, p));
  const count = portsNode?.kind === 'seq' ? portsNode.items.length : 0;
  if (count === 0 && type !== 'ExternalName' && clusterIPs[0] !== 'None')
    r.report('missing-field', portsNode ?? spec.node, spec.at('ports'), 'a service needs at least one port',
      'only a headless service (`clusterIP: None`) or an ExternalName service may have none');
  checkPortNames(r, portsNode, spec.at('ports'));
  const selNode = spec.get('selector');
  const svc: Service = { ...base, kind: 'Service', namespace: base.namespace ?? 'default', type, clusterIPs, ports };
  if (selNode && !(selNode.kind === 'scalar' && selNode.value === null))
    svc.selector = readLabelMap(r, selNode, spec.at('selector'));
  return svc;
}

function readServicePort(r: Reader, node: YNode, path: string): ServicePort | undefined {
  const f = r.object(node, path, SERVICE_PORT_FIELDS, 'a service port object');
  if (!f) return undefined;
  const name = r.string(f.get('name'), f.at('name'));
  const protocol = readProtocol(r, f.get('protocol'), f.at('protocol'));
  r.string(f.get('appProtocol'), f.at('appProtocol'));
  const port = readPortNumber(r, r.required(f, 'port'), f.at('port'));
  const targetPort = readNumberOrNamedPort(r, f.get('targetPort'), f.at('targetPort'));
  const nodePort = r.integer(f.get('nodePort'), f.at('nodePort'));
  // nodePort 0 means "allocate one" to the API server.
  if (nodePort) readPortNumber(r, f.get('nodePort'), f.at('nodePort'));
  if (port === undefined || protocol === undefined) return undefined;
  const out: ServicePort = { protocol, port, targetPort: targetPort ?? port, at: locationOf(node), path };
  if (name) out.name = name;
  if (nodePort) out.nodePort = nodePort;
  return out;
}

/** With more than one port, each needs a unique DNS-1123 label name. */
function checkPortNames(r: Reader, portsNode: YNode | undefined, path: string): void {
  if (portsNode?.kind !== 'seq') return;
  const many = portsNode.items.length > 1;
  const seen = new Set<string>();
  portsNode.items.forEach((item, i) => {
    if (item.kind !== 'map') return;
    const nameNode = item.pairs.find((p) => p.key.value === 'name')?.value;
    const name = nameNode?.kind === 'scalar' && typeof nameNode.value === 'string' ? nameNode.value : '';
    const at = `${path}[${i}].name`;
    if (name === '') {
      // The API server rejects this, but ports are matched by number, so the meaning is clear:
      // a warning keeps the service in the snapshot.
      if (many) r.report('missing-field', nameNode ?? item, at, 'each port of a service with several ports needs a `name`',
        'the API server rejects the service without it', 'warning');
      return;
    }
    if (!isDns1123Label(name))
      r.report('invalid-name', nameNode!, at, `service port name \`${name}\` is not valid`,
        'use at most 63 lowercase alphanumerics or `-`, starting and ending with an alphanumeric');
    if (seen.has(name)) r.report('invalid-value', nameNode!, at, `service port name \`${name}\` is used twice`);
    seen.add(name);
  });
}

function readClusterIPs(r: Reader, one: YNode | undefined, many: YNode | undefined, onePath: string, manyPath: string): string[] {
  const check = (node: YNode, path: string, text: string): void => {
    if (text === '' || text === 'None') return;
    const ip = parseIp(text, { strict: true });
    if (isParseError(ip)) r.report('invalid-ip', node, path, ip.error, ip.hint);
  };
  const single = r.string(one, onePath);
  if (single !== undefined && one) check(one, onePath, single);
  const list = r.list(many, manyPath, (n, p) => {
    const s = r.string(n, p);
    if (s !== undefined) check(n, p, s);
    return s;
  });
  if (single && list[0] !== undefined && list[0] !== single && many?.kind === 'seq')
    r.report('invalid-ip', many.items[0]!, `${manyPath}[0]`, `\`clusterIPs[0]\` is \`${list[0]}\` but \`clusterIP\` is \`${single}\`; they must be the same`);
  return list.length > 0 ? list : single ? [single] : [];
}

export const serviceKind: KindDef<Service> = {
  group: '',
  kind: 'Service',
  versions: ['v1'],
  namespaced: true,
  read: (r, root, header) => readService(r, root, header),
};
