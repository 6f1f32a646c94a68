/**
 * Model stage: a `v1 Pod` document → typed `Pod` (a concrete endpoint of a cluster snapshot).
 *
 * Read: metadata (labels, namespace, the controlling owner), the spec parts in `podSpec.ts`,
 * and from `status` the pod's addresses (`podIP`, `podIPs`) and `phase`. The rest of
 * `PodStatus` is accepted unchecked, with the same lenient unknown-field warning as the spec.
 *
 * Rules (core `ValidatePodStatusUpdate` / `validatePodIPs`): every address is a valid IP in
 * strict form (kubelet writes canonical addresses); at most one per IP family; when both are
 * given, `podIPs[0]` equals `podIP`.
 *
 * Contract: `podIPs` is `status.podIPs`, else `[status.podIP]`, else empty (an address netpolc
 * does not know: no `ipBlock` matches it in snapshot mode, DESIGN §4).
 */
import type { YMap, YNode } from '../../yaml/node.js';
import type { KindDef } from '../kind.js';
import type { Header } from '../metadata.js';
import type { Reader } from '../read.js';
import type { ResourceBase } from '../resource.js';
import { isParseError, parseIp, type IpFamily } from '../../util/cidr.js';
import { looseObject, readK8sMetadata, type OwnerRef } from './meta.js';
import { readPodSpec, type PodSpecInfo } from './podSpec.js';

export interface Pod extends ResourceBase, PodSpecInfo {
  kind: 'Pod';
  namespace: string;
  /** As written in `status`; empty when unknown. */
  podIPs: string[];
  phase?: string;
  owner?: OwnerRef;
}

const POD_STATUS_FIELDS = [
  'observedGeneration', 'phase', 'conditions', 'message', 'reason', 'nominatedNodeName', 'hostIP',
  'hostIPs', 'podIP', 'podIPs', 'startTime', 'initContainerStatuses', 'containerStatuses',
  'qosClass', 'ephemeralContainerStatuses', 'resize', 'resourceClaimStatuses',
  'extendedResourceClaimStatus',
] as const;

export function readPod(r: Reader, root: YMap, header: Header): Pod | undefined {
  const base = readK8sMetadata(r, root, header, { namespaced: true });
  const spec = readPodSpec(r, r.required(header.fields, 'spec'), 'spec');
  const status = looseObject(r, header.fields.get('status'), 'status', POD_STATUS_FIELDS);
  let podIPs: string[] = [];
  let phase: string | undefined;
  if (status) {
    phase = r.string(status.get('phase'), status.at('phase'));
    const podIP = readIp(r, status.get('podIP'), status.at('podIP'));
    const listNode = status.get('podIPs');
    const fromList = r.list(listNode, status.at('podIPs'), (item, p) => {
      const f = r.object(item, p, ['ip']);
      return f ? readIp(r, r.required(f, 'ip'), f.at('ip'), true) : undefined;
    });
    const families = new Map<IpFamily, string>();
    fromList.forEach(({ text, family }, i) => {
      const other = families.get(family);
      if (other !== undefined && listNode?.kind === 'seq')
        r.report('invalid-ip', listNode.items[i]!, `status.podIPs[${i}]`,
          `pod has two IPv${family} addresses, \`${other}\` and \`${text}\`; a pod has at most one per family`);
      families.set(family, text);
    });
    if (podIP && fromList[0] && fromList[0].text !== podIP.text && listNode?.kind === 'seq')
      r.report('invalid-ip', listNode.items[0]!, 'status.podIPs[0]',
        `\`podIPs[0]\` is \`${fromList[0].text}\` but \`podIP\` is \`${podIP.text}\`; they must be the same address`);
    podIPs = fromList.length > 0 ? fromList.map((x) => x.text) : podIP ? [podIP.text] : [];
  }
  if (!spec) return undefined;
  const pod: Pod = { ...base, ...spec, kind: 'Pod', namespace: base.namespace ?? 'default', podIPs };
  if (phase) pod.phase = phase;
  return pod;
}

function readIp(r: Reader, node: YNode | undefined, path: string, required = false): { text: string; family: IpFamily } | undefined {
  const text = r.string(node, path);
  if (text === undefined || (text === '' && !required)) return undefined;
  const ip = parseIp(text, { strict: true });
  if (isParseError(ip)) {
    r.report('invalid-ip', node!, path, text === '' ? 'a pod IP cannot be empty' : ip.error, ip.hint);
    return undefined;
  }
  return { text, family: ip.family };
}

export const podKind: KindDef<Pod> = {
  group: '',
  kind: 'Pod',
  versions: ['v1'],
  namespaced: true,
  read: (r, root, header) => readPod(r, root, header),
};
