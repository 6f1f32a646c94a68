/**
 * Model stage: a `v1 Namespace` document → typed `Namespace` (its name and labels, which
 * namespace selectors match).
 *
 * Rules: the name is a DNS-1123 label (core `ValidateNamespaceName`); labels as in any
 * ObjectMeta. `spec` and `status` are small and read strictly, though netpolc uses neither.
 *
 * Contract: `labels` are as written. The label Kubernetes adds to every namespace,
 * `kubernetes.io/metadata.name=<name>` (Kubernetes "Well-Known Labels"), is not inserted here:
 * the lowering adds it to every namespace, written or implied, in one place.
 */
import type { YMap } from '../../yaml/node.js';
import type { KindDef } from '../kind.js';
import type { Header } from '../metadata.js';
import type { Reader } from '../read.js';
import type { ResourceBase } from '../resource.js';
import { isDns1123Label } from '../labels.js';
import { readK8sMetadata } from './meta.js';

export interface Namespace extends ResourceBase {
  kind: 'Namespace';
}

export function readNamespace(r: Reader, root: YMap, header: Header): Namespace {
  const base = readK8sMetadata(r, root, header, { namespaced: false, validateName: isDns1123Label });
  const spec = r.object(header.fields.get('spec'), 'spec', ['finalizers']);
  if (spec) r.strings(spec.get('finalizers'), spec.at('finalizers'));
  const status = r.object(header.fields.get('status'), 'status', ['phase', 'conditions']);
  if (status) r.string(status.get('phase'), status.at('phase'));
  return { ...base, kind: 'Namespace' };
}

export const namespaceKind: KindDef<Namespace> = {
  group: '',
  kind: 'Namespace',
  versions: ['v1'],
  namespaced: false,
  read: (r, root, header) => readNamespace(r, root, header),
};
