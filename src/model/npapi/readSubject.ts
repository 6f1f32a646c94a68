/**
 * Reads a network-policy-api `subject` (AdminNetworkPolicySubject / ClusterNetworkPolicySubject)
 * and the `NamespacedPod` shape it shares with `pods` peers.
 *
 * Upstream (network-policy-api `shared_types.go`, v1alpha2/v1beta1 `clusternetworkpolicy_types.go`):
 * the subject sets exactly one of `namespaces` (a LabelSelector: every pod of those namespaces) and
 * `pods` (`namespaceSelector` + `podSelector`). v1alpha1 requires both selectors; v1alpha2+ requires
 * `podSelector` and makes `namespaceSelector` optional ("if empty, it selects all Namespaces").
 * For v1alpha1 netpolc only warns about an absent selector and reads it as `{}` (see `Dialect`).
 */
import type { YNode } from '../../yaml/node.js';
import type { LabelSelector } from '../labelSelector.js';
import { readLabelSelector } from '../k8s/labelSelector.js';
import type { Fields, Reader } from '../read.js';
import type { Dialect } from './dialect.js';
import { atNode, exactlyOne, isNull, missingAt } from './readCommon.js';
import type { NpSubject } from './types.js';

const SUBJECT_FIELDS = ['namespaces', 'pods'] as const;
const NAMESPACED_POD_FIELDS = ['namespaceSelector', 'podSelector'] as const;

/** A selector that must be present (else reported at `where`); `{}` selects everything. */
export function requiredSelector(r: Reader, node: YNode | undefined, where: YNode, path: string): LabelSelector | undefined {
  if (isNull(node)) {
    r.report('missing-field', where, path, `field \`${path}\` is required`, 'use `{}` to select everything');
    return undefined;
  }
  return readLabelSelector(r, node, path);
}

const EVERYTHING = (): LabelSelector => ({ matchLabels: {}, matchExpressions: [] });

/**
 * A `NamespacedPod` selector. Absent, it is `{}` with a warning (`lenient`, v1alpha1), `{}`
 * silently (optional `namespaceSelector` of v1alpha2+), or an error (v1alpha2+ `podSelector`).
 */
function namespacedPodSelector(r: Reader, f: Fields, name: 'namespaceSelector' | 'podSelector', d: Dialect): LabelSelector | undefined {
  const node = f.get(name);
  if (!isNull(node)) return readLabelSelector(r, node, f.at(name));
  if (d.namespacedPod === 'lenient') {
    r.report('missing-field', missingAt(f, name), f.at(name),
      `field \`${f.at(name)}\` is required by the API server; netpolc reads its absence as \`{}\` (every ${name === 'podSelector' ? 'pod' : 'namespace'})`,
      'write `{}` to say so explicitly', 'warning');
    return EVERYTHING();
  }
  if (name === 'namespaceSelector') return EVERYTHING();
  return requiredSelector(r, node, missingAt(f, name), f.at(name));
}

/** `{ namespaceSelector, podSelector }`, as used by `subject.pods` and `pods` peers. */
export function readNamespacedPod(
  r: Reader,
  node: YNode,
  path: string,
  d: Dialect,
): { namespaceSelector: LabelSelector; podSelector: LabelSelector } | undefined {
  const f = r.object(node, path, NAMESPACED_POD_FIELDS);
  if (!f) return undefined;
  const namespaceSelector = namespacedPodSelector(r, f, 'namespaceSelector', d);
  const podSelector = namespacedPodSelector(r, f, 'podSelector', d);
  if (!namespaceSelector || !podSelector) return undefined;
  return { namespaceSelector, podSelector };
}

/** `spec.subject`; reports a missing or ambiguous subject. */
export function readSubject(r: Reader, spec: Fields, d: Dialect): NpSubject | undefined {
  const node = spec.get('subject');
  const path = spec.at('subject');
  if (isNull(node)) {
    r.report('missing-field', missingAt(spec, 'subject'), path, `field \`${path}\` is required`,
      'set `namespaces` or `pods` to say which pods the policy applies to');
    return undefined;
  }
  const f = r.object(node, path, SUBJECT_FIELDS);
  if (!f || !node) return undefined;
  const which = exactlyOne(r, f, SUBJECT_FIELDS, 'invalid-subject', 'the subject',
    'to select some pods of some namespaces, use `pods` with both `namespaceSelector` and `podSelector`');
  const at = atNode(r, node, path);
  if (which === 'namespaces') {
    const namespaceSelector = readLabelSelector(r, f.get('namespaces'), f.at('namespaces'));
    return namespaceSelector && { kind: 'namespaces', namespaceSelector, at };
  }
  if (which === 'pods') {
    const p = readNamespacedPod(r, f.get('pods')!, f.at('pods'), d);
    return p && { kind: 'pods', ...p, at };
  }
  return undefined;
}
