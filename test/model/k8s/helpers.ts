/**
 * Test helpers for the Kubernetes kinds: read one document with one `KindDef` (with options the
 * registry does not use), from plain objects or from YAML text, and look at the errors.
 */
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import type { KindDef } from '../../../src/model/kind.js';
import { splitApiVersion } from '../../../src/model/kind.js';
import { Reader } from '../../../src/model/read.js';
import type { ResourceBase } from '../../../src/model/resource.js';
import { fromPlain, getField, type YNode } from '../../../src/yaml/node.js';
import { parseDocuments } from '../../../src/yaml/parseDocuments.js';

export interface ReadResult<R> {
  value: R | undefined;
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
}

/** Reads `root` with `def` directly, the way the model stage calls a kind. */
export function readWith<R extends ResourceBase>(def: KindDef<R>, root: YNode | unknown, file = 'test.yaml'): ReadResult<R> {
  const node = isNode(root) ? root : fromPlain(root, file);
  if (node.kind !== 'map') throw new Error('a document must be a map');
  const r = new Reader({ file, index: 0, root: node });
  const fields = r.object(node, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status'])!;
  const api = getField(node, 'apiVersion');
  const apiVersion = api?.kind === 'scalar' ? String(api.value) : '';
  const value = def.read(r, node, { fields, apiVersion, kind: def.kind }, splitApiVersion(apiVersion).version);
  return { value, diagnostics: r.diagnostics, errors: r.diagnostics.filter((d) => d.severity === 'error') };
}

/** Parses YAML text with the loader and reads its only document with `def`. */
export function readYaml<R extends ResourceBase>(def: KindDef<R>, text: string, file = 'test.yaml'): ReadResult<R> {
  const parsed = parseDocuments(file, text);
  if (parsed.diagnostics.length > 0 || parsed.documents.length !== 1)
    throw new Error(`bad test YAML: ${JSON.stringify(parsed.diagnostics)}`);
  return readWith(def, parsed.documents[0]!.root, file);
}

function isNode(x: unknown): x is YNode {
  return typeof x === 'object' && x !== null && 'kind' in x && 'span' in x;
}

/** The error paths, sorted, for compact assertions. */
export function errorPaths(ds: readonly Diagnostic[]): string[] {
  return ds.filter((d) => d.severity === 'error').map((d) => d.path).sort();
}

/** A minimal valid NetworkPolicy with `spec` merged in. */
export function netpol(spec: Record<string, unknown>, name = 'np', namespace = 'ns'): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { podSelector: {}, ...spec },
  };
}
