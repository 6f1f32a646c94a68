/**
 * `metadata` of any object: name, namespace, labels, annotations, validated as the API server
 * does (ObjectMeta validation); the rest of ObjectMeta is accepted and ignored.
 */
import type { YMap } from '../yaml/node.js';
import { Reader, type Fields } from './read.js';
import { labelKeyProblem, labelValueProblem, isDns1123Subdomain } from './labels.js';
import type { ResourceBase } from './resource.js';

const OBJECT_META_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
  'clusterName',
] as const;

export interface Header {
  fields: Fields;
  apiVersion: string;
  kind: string;
}

/**
 * Reads `metadata` of `root` and returns the common part of a resource. `namespaced` kinds get
 * `default` when the namespace is absent (as `kubectl apply` would).
 */
export function readMetadata(
  r: Reader,
  root: YMap,
  header: Header,
  namespaced: boolean,
  validateName: (name: string) => boolean = isDns1123Subdomain,
): ResourceBase {
  const f = header.fields;
  const m = r.object(f.get('metadata'), 'metadata', OBJECT_META_FIELDS);
  let name = '';
  let namespace: string | undefined;
  let labels: Record<string, string> = {};
  let annotations: Record<string, string> = {};
  if (!m) {
    r.report('missing-field', root, 'metadata', 'field `metadata` is required');
  } else {
    const n = m.get('name');
    if (n === undefined) {
      const g = m.get('generateName');
      if (g === undefined) r.report('missing-field', m.node, 'metadata.name', 'field `metadata.name` is required');
      else name = r.string(g, 'metadata.generateName') ?? '';
    } else {
      name = r.string(n, 'metadata.name') ?? '';
      if (name && !validateName(name))
        r.report('invalid-name', n, 'metadata.name', `name \`${name}\` is not a valid object name`,
          'use lowercase alphanumerics, `-` and `.`, starting and ending with an alphanumeric');
    }
    const ns = m.get('namespace');
    if (ns !== undefined) {
      const v = r.string(ns, 'metadata.namespace');
      if (v !== undefined && namespaced) namespace = v;
    }
    labels = r.stringMap(m.get('labels'), 'metadata.labels') ?? {};
    const labelsNode = m.get('labels');
    if (labelsNode && labelsNode.kind === 'map') {
      for (const p of labelsNode.pairs) {
        const k = String(p.key.value);
        const kp = labelKeyProblem(k);
        if (kp) r.report('invalid-label-key', p.key, `metadata.labels.${k}`, `label key \`${k}\` is not valid: ${kp}`);
        const v = labels[k];
        const vp = v === undefined ? undefined : labelValueProblem(v);
        if (vp) r.report('invalid-label-value', p.value, `metadata.labels.${k}`, `label value \`${v}\` is not valid: ${vp}`);
      }
    }
    annotations = r.stringMap(m.get('annotations'), 'metadata.annotations') ?? {};
  }
  if (namespaced && namespace === undefined) {
    namespace = 'default';
    r.report('missing-namespace', m?.node ?? root, 'metadata.namespace',
      `${header.kind} \`${name}\` has no namespace; \`default\` is assumed`);
  }
  const base: ResourceBase = {
    apiVersion: header.apiVersion,
    kind: header.kind,
    name,
    labels,
    annotations,
    source: { file: r.doc.file, line: root.span.line, column: root.span.column, index: r.doc.index },
  };
  if (namespace !== undefined) base.namespace = namespace;
  return base;
}
