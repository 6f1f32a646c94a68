/**
 * Test helpers for the Calico kinds: read one positioned document through the Calico `KindDef`s
 * the way the registry dispatches it (top-level fields, kind lookup), and small queries over the
 * diagnostics.
 */
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { fromPlain, type SourceDocument, type YNode } from '../../../src/yaml/node.js';
import { Reader } from '../../../src/model/read.js';
import { CALICO_KINDS, type CalicoResource } from '../../../src/model/calico/index.js';

export interface ReadResult<R = CalicoResource> {
  resource?: R;
  diagnostics: Diagnostic[];
}

/** Reads one document with the Calico kind it names; `resource` is set only when no error was reported. */
export function readCalicoDoc<R = CalicoResource>(doc: SourceDocument): ReadResult<R> {
  const r = new Reader(doc);
  if (doc.root.kind !== 'map') return { diagnostics: [{ code: 'not-an-object', severity: 'error', message: 'not a map', file: doc.file, line: 1, column: 1, path: '' }] };
  const fields = r.object(doc.root, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status'])!;
  const apiVersion = r.string(fields.get('apiVersion'), 'apiVersion') ?? '';
  const kind = r.string(fields.get('kind'), 'kind') ?? '';
  const def = CALICO_KINDS.find((k) => k.kind === kind);
  if (!def || apiVersion !== 'projectcalico.org/v3') throw new Error(`not a Calico kind: ${apiVersion} ${kind}`);
  const resource = def.read(r, doc.root, { fields, apiVersion, kind }, 'v3');
  return r.failed ? { diagnostics: r.diagnostics } : { resource: resource as R, diagnostics: r.diagnostics };
}

/** Reads a plain object (every node at 1:1). */
export function readPlain<R = CalicoResource>(obj: unknown): ReadResult<R> {
  return readCalicoDoc<R>({ file: 't.yaml', index: 0, root: fromPlain(obj, 't.yaml') as YNode });
}

export function errors(ds: Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => d.severity === 'error');
}

/** `code@path` of every diagnostic, for compact assertions. */
export function codesAt(ds: Diagnostic[]): string[] {
  return ds.map((d) => `${d.code}@${d.path}`);
}

/** A GlobalNetworkPolicy around the given rules, for rule tests. */
export function gnp(spec: Record<string, unknown>, name = 'p'): Record<string, unknown> {
  return { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name }, spec };
}

/** A namespaced NetworkPolicy. */
export function np(spec: Record<string, unknown>, name = 'p', namespace = 'prod'): Record<string, unknown> {
  return { apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}
