/**
 * Model stage: positioned documents → typed, validated resources.
 *
 * Contract: each document is read by the `KindDef` registered for its apiVersion and kind
 * (`kinds.ts`); `kind: List` and `…List` kinds are unwrapped into their items; unknown kinds are
 * skipped with an `info` diagnostic; a document with any error is dropped and the others are
 * still returned. Never throws for bad input.
 */
import type { Diagnostic, Staged } from '../diagnostics/diagnostic.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceDocument, YMap, YNode } from '../yaml/node.js';
import { getField } from '../yaml/node.js';
import { didYouMean } from '../util/didYouMean.js';
import { KINDS, type Resource } from './kinds.js';
import { splitApiVersion, type KindDef } from './kind.js';
import { Reader } from './read.js';

const HEADER_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];

export interface LoadOptions {
  /** Extra kinds (tests); the registry is always included. */
  kinds?: readonly KindDef[];
}

/** Reads every document; returns the resources that validated and every diagnostic. */
export function loadResources(documents: readonly SourceDocument[], opts: LoadOptions = {}): Staged<Resource[]> {
  const kinds = [...KINDS, ...(opts.kinds ?? [])];
  const byKind = new Map<string, KindDef[]>();
  for (const k of kinds) {
    const list = byKind.get(k.kind) ?? [];
    list.push(k);
    byKind.set(k.kind, list);
  }
  const resources: Resource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const doc of documents) readDocument(doc, doc.root, '', byKind, resources, diagnostics);
  return { value: dropDuplicates(resources, diagnostics), diagnostics };
}

/**
 * Two documents that name the same object: as with `kubectl apply` of both, the later one wins;
 * the earlier one is dropped with a warning at its position.
 */
function dropDuplicates(resources: Resource[], diagnostics: Diagnostic[]): Resource[] {
  const last = new Map<string, number>();
  const key = (r: Resource) => `${splitApiVersion(r.apiVersion).group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
  resources.forEach((r, i) => last.set(key(r), i));
  return resources.filter((r, i) => {
    const j = last.get(key(r))!;
    if (j === i) return true;
    const later = resources[j]!;
    diagnostics.push(diagnostic('duplicate-resource', r.source, '',
      `${r.kind} \`${r.namespace ? r.namespace + '/' : ''}${r.name}\` is defined again at ${later.source.file}:${later.source.line}; the later one is used`));
    return false;
  });
}

function readDocument(
  doc: SourceDocument,
  node: YNode,
  path: string,
  byKind: Map<string, KindDef[]>,
  out: Resource[],
  diagnostics: Diagnostic[],
): void {
  if (node.kind === 'seq' && path === '') {
    // A top-level JSON/YAML array of objects (as some tools export): each item is a document.
    node.items.forEach((item, i) => readDocument(doc, item, `[${i}]`, byKind, out, diagnostics));
    return;
  }
  if (node.kind !== 'map') {
    diagnostics.push(diagnostic('not-an-object', node.span, path, `a document must be an object, found a ${node.kind === 'seq' ? 'list' : 'scalar'}`));
    return;
  }
  const kindNode = getField(node, 'kind');
  const apiNode = getField(node, 'apiVersion');
  const kind = kindNode?.kind === 'scalar' && typeof kindNode.value === 'string' ? kindNode.value : undefined;
  const apiVersion = apiNode?.kind === 'scalar' && typeof apiNode.value === 'string' ? apiNode.value : undefined;
  if (kind === undefined || apiVersion === undefined) {
    const missing = kind === undefined ? 'kind' : 'apiVersion';
    diagnostics.push(diagnostic('missing-kind', (kind === undefined ? kindNode : apiNode)?.span ?? node.span,
      path ? `${path}.${missing}` : missing, `the document has no string \`${missing}\``));
    return;
  }
  // `kind: List` (and `NetworkPolicyList`, `PodList`, …): read each item as its own document.
  if (kind === 'List' || (kind.endsWith('List') && getField(node, 'items'))) {
    const items = getField(node, 'items');
    if (!items || items.kind !== 'seq') {
      if (items && !(items.kind === 'scalar' && items.value === null))
        diagnostics.push(diagnostic('wrong-type', items.span, `${path ? path + '.' : ''}items`, `\`items\` of a ${kind} must be a list`));
      return;
    }
    items.items.forEach((item, i) => {
      const itemPath = `${path ? path + '.' : ''}items[${i}]`;
      // A typed list (`PodList`) may leave `kind` out of its items; Kubernetes fills it in.
      const filled = kind !== 'List' && item.kind === 'map' && !getField(item, 'kind') ? withKind(item, kind.slice(0, -4), apiVersion) : item;
      readDocument(doc, filled, itemPath, byKind, out, diagnostics);
    });
    return;
  }
  const { group, version } = splitApiVersion(apiVersion);
  const candidates = (byKind.get(kind) ?? []).filter((k) => k.group === group);
  if (candidates.length === 0) {
    const known = [...byKind.keys()];
    const guess = byKind.has(kind) ? undefined : didYouMean(kind, known);
    const d = diagnostic('unknown-kind', kindNode!.span, path ? `${path}.kind` : 'kind',
      `kind \`${kind}\` of \`${apiVersion}\` is not read by netpolc; skipped`, guess ? `did you mean \`${guess}\`?` : undefined);
    diagnostics.push(d);
    return;
  }
  const def = candidates.find((k) => k.versions.includes(version));
  if (!def) {
    const versions = candidates.flatMap((k) => k.versions.map((v) => (group ? `${group}/${v}` : v)));
    diagnostics.push(diagnostic('unsupported-api-version', apiNode!.span, path ? `${path}.apiVersion` : 'apiVersion',
      `apiVersion \`${apiVersion}\` of kind \`${kind}\` is not supported`, `netpolc reads ${versions.join(', ')}`));
    return;
  }
  const r = new Reader(doc);
  const fields = r.object(node, '', [...HEADER_FIELDS, ...extraTopLevel(def)]);
  if (!fields) return;
  let resource: Resource | undefined;
  try {
    // INVARIANT: every registered KindDef returns the typed resource of its own kind.
    resource = def.read(r, node, { fields, apiVersion, kind }, version) as Resource | undefined;
  } catch (e) {
    // INVARIANT: readers report problems as diagnostics; a throw here is a bug in netpolc.
    r.report('internal-error', node, path, `internal error while reading ${kind}: ${(e as Error).message}`);
  }
  diagnostics.push(...(path ? r.diagnostics.map((d) => ({ ...d, path: d.path ? `${path}.${d.path}` : path })) : r.diagnostics));
  if (resource && !r.failed) out.push(resource);
}

/** Top-level fields beyond the usual header that some kinds have (`data` is never one of ours). */
function extraTopLevel(_def: KindDef): string[] {
  return [];
}

function withKind(item: YMap, kind: string, apiVersion: string): YMap {
  const span = item.span;
  return {
    ...item,
    pairs: [
      { key: { kind: 'scalar', span, value: 'apiVersion', quoted: false }, value: { kind: 'scalar', span, value: apiVersion, quoted: false } },
      { key: { kind: 'scalar', span, value: 'kind', quoted: false }, value: { kind: 'scalar', span, value: kind, quoted: false } },
      ...item.pairs.filter((p) => p.key.value !== 'apiVersion'),
    ],
  };
}
