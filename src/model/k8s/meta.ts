/**
 * Model stage helpers shared by the Kubernetes kinds: object metadata with the checks
 * `readMetadata` leaves to the kind (namespace syntax, owner references), source locations for
 * provenance, and the lenient unknown-field check used for the large pod and workload specs.
 *
 * Contract: every helper reports through the reader and never throws.
 */
import type { Location } from '../../diagnostics/diagnostic.js';
import { getField, type YMap, type YNode } from '../../yaml/node.js';
import { didYouMean } from '../../util/didYouMean.js';
import { joinPath, type Fields, type Reader } from '../read.js';
import { readMetadata, type Header } from '../metadata.js';
import { isDns1123Label, isDns1123Subdomain } from '../labels.js';
import type { ResourceBase } from '../resource.js';

/** The controlling owner of an object (`metadata.ownerReferences`), e.g. a ReplicaSet. */
export interface OwnerRef {
  apiVersion?: string;
  /** Empty when the reference leaves it out (a warning). */
  kind: string;
  name: string;
}

export interface K8sMetadataOptions {
  namespaced: boolean;
  /** The name rule of the kind (default: DNS-1123 subdomain, ObjectMeta's default). */
  validateName?: (name: string) => boolean;
}

const OWNER_REFERENCE_FIELDS = ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'] as const;

/** Where a node starts, for provenance in typed resources. */
export function locationOf(node: YNode): Location {
  return { file: node.span.file, line: node.span.line, column: node.span.column };
}

/**
 * `readMetadata`, plus: a namespace must be a DNS-1123 label (core `ValidateNamespaceName`),
 * and the controlling owner reference (the one with `controller: true`, else the first) is kept.
 */
export function readK8sMetadata(
  r: Reader,
  root: YMap,
  header: Header,
  opts: K8sMetadataOptions,
): ResourceBase & { owner?: OwnerRef } {
  const base: ResourceBase & { owner?: OwnerRef } = readMetadata(r, root, header, opts.namespaced, opts.validateName ?? isDns1123Subdomain);
  const meta = header.fields.get('metadata');
  if (meta?.kind !== 'map') return base;
  const ns = getField(meta, 'namespace');
  if (opts.namespaced && ns?.kind === 'scalar' && typeof ns.value === 'string' && !isDns1123Label(ns.value))
    r.report('invalid-name', ns, 'metadata.namespace', `namespace \`${ns.value}\` is not a valid namespace name`,
      'use at most 63 lowercase alphanumerics or `-`, starting and ending with an alphanumeric');
  // Snapshots trimmed by hand often keep only `name` (and `controller`); the API server requires
  // more, but netpolc only groups pods by owner, so a missing part is a warning here.
  const owners = r.list(getField(meta, 'ownerReferences'), 'metadata.ownerReferences', (item, path) => {
    const f = r.object(item, path, OWNER_REFERENCE_FIELDS);
    if (!f) return undefined;
    for (const field of ['kind', 'name'] as const)
      if (!f.has(field)) r.report('missing-field', f.node, f.at(field), `field \`${f.at(field)}\` is required by the API server`,
        undefined, 'warning');
    const kind = r.string(f.get('kind'), f.at('kind')) ?? '';
    const name = r.string(f.get('name'), f.at('name'));
    const apiVersion = r.string(f.get('apiVersion'), f.at('apiVersion'));
    const controller = r.boolean(f.get('controller'), f.at('controller')) ?? false;
    if (!name) return undefined;
    const ref: OwnerRef = { kind, name };
    if (apiVersion !== undefined) ref.apiVersion = apiVersion;
    return { ref, controller };
  });
  const owner = owners.find((o) => o.controller) ?? owners[0];
  if (owner) base.owner = owner.ref;
  return base;
}

/**
 * Like `Reader.object`, but an unknown field is a warning, not an error. Used where netpolc
 * reads only a few fields of a large, evolving API type (PodSpec, Container, workload specs):
 * a typo next to the fields netpolc reads is still flagged (with a did-you-mean hint), while a
 * field added by a newer Kubernetes release does not reject an otherwise valid manifest.
 */
export function looseObject(r: Reader, node: YNode | undefined, path: string, known: readonly string[]): Fields | undefined {
  if (node?.kind === 'map') {
    const extra: string[] = [];
    for (const p of node.pairs) {
      const k = String(p.key.value);
      if (known.includes(k)) continue;
      extra.push(k);
      const guess = didYouMean(k, known);
      r.report('unknown-field', p.key, joinPath(path, k), `unknown field \`${k}\` in ${path || 'document'}`,
        guess ? `did you mean \`${guess}\`?` : 'netpolc ignores it; check the spelling against the Kubernetes API', 'warning');
    }
    return r.object(node, path, [...known, ...extra]);
  }
  return r.object(node, path, known);
}
