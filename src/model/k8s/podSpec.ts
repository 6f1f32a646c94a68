/**
 * Model stage: the parts of a `PodSpec` and `PodTemplateSpec` (core/v1) that netpolc reads —
 * service account, container ports, host networking, node — shared by Pod and every workload.
 *
 * Strictness, chosen for a large and still growing API type: netpolc reads a handful of fields
 * out of some forty in PodSpec and twenty-five in Container. Those it reads are checked strictly
 * (types, port numbers and names, protocols). For the rest of PodSpec and Container, field names
 * are checked against the known list below, but an unknown name is a *warning* (with a
 * did-you-mean hint), so a typo such as `serviceAcountName` is caught while a field added by a
 * newer Kubernetes release does not reject a valid manifest; their values are not validated.
 * `ContainerPort` is small and stable, and read in full, so its unknown fields are errors.
 *
 * Rules (core `ValidatePodSpec`, `validateContainerPorts`): `containers` is required;
 * `containerPort` is 1–65535, `hostPort` too when set; a port `name` is
 * an IANA_SVC_NAME, unique within its container; protocol TCP/UDP/SCTP, default TCP. Ports are
 * collected over `containers` and `initContainers` (a restartable init container — a sidecar —
 * serves traffic like any other).
 *
 * Contract: the service account defaults to `default` (the deprecated `serviceAccount` alias is
 * used when only it is given), as the ServiceAccount admission plugin does.
 */
import type { Location } from '../../diagnostics/diagnostic.js';
import type { YNode } from '../../yaml/node.js';
import type { Reader } from '../read.js';
import { isDns1123Subdomain } from '../labels.js';
import { readLabelMap } from './labelSelector.js';
import { locationOf, looseObject } from './meta.js';
import { readPortName, readPortNumber, readProtocol, type Protocol } from './ports.js';

export interface ContainerPort {
  /** The container that declares it (empty when the container has no `name`). */
  container: string;
  name?: string;
  containerPort: number;
  protocol: Protocol;
  at: Location;
  path: string;
}

/** What netpolc knows of a pod from its spec. */
export interface PodSpecInfo {
  serviceAccountName: string;
  /** Over all containers and init containers, in written order. */
  ports: ContainerPort[];
  hostNetwork: boolean;
  nodeName?: string;
}

/** A workload's pod template: the pods it creates will carry these labels and ports. */
export interface PodTemplate extends PodSpecInfo {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  at: Location;
  path: string;
}

const POD_SPEC_FIELDS = [
  'volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy',
  'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector',
  'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'nodeName',
  'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext',
  'imagePullSecrets', 'hostname', 'subdomain', 'affinity', 'schedulerName', 'tolerations',
  'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates',
  'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead',
  'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates',
  'resourceClaims', 'resources', 'hostnameOverride',
] as const;

const CONTAINER_FIELDS = [
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources',
  'resizePolicy', 'restartPolicy', 'restartPolicyRules', 'volumeMounts', 'volumeDevices',
  'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath',
  'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty',
] as const;

const CONTAINER_PORT_FIELDS = ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'] as const;

/** ObjectMeta field names, for a template's `metadata` (only labels and annotations matter). */
export const OBJECT_META_FIELDS = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
] as const;

const TEMPLATE_FIELDS = ['metadata', 'spec'] as const;

export function readPodSpec(r: Reader, node: YNode | undefined, path: string): PodSpecInfo | undefined {
  const f = looseObject(r, node, path, POD_SPEC_FIELDS);
  if (!f) return undefined;
  const ports: ContainerPort[] = [];
  const containers = f.get('containers');
  if (containers === undefined || (containers.kind === 'seq' && containers.items.length === 0) ||
      (containers.kind === 'scalar' && containers.value === null))
    r.report('missing-field', containers ?? f.node, f.at('containers'), 'a pod needs at least one container in `containers`');
  for (const list of ['initContainers', 'containers'] as const) {
    r.list(f.get(list), f.at(list), (c, p) => {
      ports.push(...readContainerPorts(r, c, p));
      return undefined;
    });
  }
  const sa = readServiceAccount(r, f.get('serviceAccountName'), f.at('serviceAccountName')) ??
    readServiceAccount(r, f.get('serviceAccount'), f.at('serviceAccount')) ?? 'default';
  const info: PodSpecInfo = {
    serviceAccountName: sa,
    ports,
    hostNetwork: r.boolean(f.get('hostNetwork'), f.at('hostNetwork')) ?? false,
  };
  const nodeName = r.string(f.get('nodeName'), f.at('nodeName'));
  if (nodeName) info.nodeName = nodeName;
  return info;
}

function readServiceAccount(r: Reader, node: YNode | undefined, path: string): string | undefined {
  const s = r.string(node, path);
  if (!s) return undefined;
  if (!isDns1123Subdomain(s))
    r.report('invalid-name', node!, path, `service account name \`${s}\` is not a valid object name`);
  return s;
}

function readContainerPorts(r: Reader, node: YNode, path: string): ContainerPort[] {
  const f = looseObject(r, node, path, CONTAINER_FIELDS);
  if (!f) return [];
  // The API server requires a name, but netpolc uses it only to say where a port comes from,
  // and hand-trimmed snapshots often leave it out: not a reason to drop the pod.
  const container = r.string(f.get('name'), f.at('name')) ?? '';
  const names = new Set<string>();
  return r.list(f.get('ports'), f.at('ports'), (pn, pp) => {
    const pf = r.object(pn, pp, CONTAINER_PORT_FIELDS, 'a container port object');
    if (!pf) return undefined;
    const cpNode = r.required(pf, 'containerPort');
    const containerPort = readPortNumber(r, cpNode, pf.at('containerPort'));
    const hostPort = r.integer(pf.get('hostPort'), pf.at('hostPort'));
    // hostPort 0 means "not set" to the API server.
    if (hostPort) readPortNumber(r, pf.get('hostPort'), pf.at('hostPort'));
    r.string(pf.get('hostIP'), pf.at('hostIP'));
    const protocol = readProtocol(r, pf.get('protocol'), pf.at('protocol'));
    const nameNode = pf.get('name');
    const name = readPortName(r, nameNode, pf.at('name'));
    if (name !== undefined) {
      if (names.has(name))
        r.report('invalid-port', nameNode!, pf.at('name'), `port name \`${name}\` is used twice in container \`${container}\``);
      names.add(name);
    }
    if (containerPort === undefined || protocol === undefined) return undefined;
    const port: ContainerPort = { container, containerPort, protocol, at: locationOf(pn), path: pp };
    if (name !== undefined) port.name = name;
    return port;
  });
}

/** A `PodTemplateSpec`: `metadata` (labels, annotations) and `spec`. */
export function readPodTemplate(r: Reader, node: YNode | undefined, path: string): PodTemplate | undefined {
  const f = r.object(node, path, TEMPLATE_FIELDS, 'a pod template object');
  if (!f) return undefined;
  const m = r.object(f.get('metadata'), f.at('metadata'), OBJECT_META_FIELDS);
  const labels = m ? readLabelMap(r, m.get('labels'), m.at('labels')) : {};
  const annotations = (m && r.stringMap(m.get('annotations'), m.at('annotations'))) ?? {};
  const spec = readPodSpec(r, r.required(f, 'spec'), f.at('spec'));
  if (!spec) return undefined;
  return { ...spec, labels, annotations, at: locationOf(f.node), path };
}
