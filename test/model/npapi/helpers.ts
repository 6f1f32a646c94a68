/**
 * Test helpers for the network-policy-api readers: read one plain object the way the model stage
 * does (header check, then the registered `KindDef`), and assert on diagnostics by code and path.
 */
import * as assert from 'uvu/assert';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { splitApiVersion } from '../../../src/model/kind.js';
import { KINDS } from '../../../src/model/kinds.js';
import { Reader } from '../../../src/model/read.js';
import type { NpapiResource } from '../../../src/model/npapi/types.js';
import { fromPlain, type YMap } from '../../../src/yaml/node.js';

export interface ReadResult<R> {
  value: R | undefined;
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
}

/** Reads `obj` through the registry entry for its apiVersion and kind. */
export function readObject<R extends NpapiResource = NpapiResource>(obj: Record<string, unknown>): ReadResult<R> {
  const root = fromPlain(obj, 't.yaml') as YMap;
  const r = new Reader({ file: 't.yaml', index: 0, root });
  const fields = r.object(root, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status'])!;
  const apiVersion = String(obj.apiVersion);
  const kind = String(obj.kind);
  const { group, version } = splitApiVersion(apiVersion);
  const def = KINDS.find((k) => k.group === group && k.kind === kind && k.versions.includes(version));
  assert.ok(def, `no KindDef for ${apiVersion} ${kind}`);
  const value = def!.read(r, root, { fields, apiVersion, kind }, version) as R | undefined;
  return { value, diagnostics: r.diagnostics, errors: r.diagnostics.filter((d) => d.severity === 'error') };
}

/** Asserts there is a diagnostic with `code` at `path` (and severity, when given); returns it. */
export function expectDiag(res: { diagnostics: Diagnostic[] }, code: string, path: string, severity = 'error'): Diagnostic {
  const d = res.diagnostics.find((x) => x.code === code && x.path === path && x.severity === severity);
  if (!d) {
    const got = res.diagnostics.map((x) => `${x.severity} ${x.code} @ ${x.path}: ${x.message}`).join('\n  ');
    assert.unreachable(`expected ${severity} ${code} @ ${path}; got:\n  ${got || '(none)'}`);
  }
  return d!;
}

/** Asserts there is no error at all. */
export function expectNoErrors(res: { diagnostics: Diagnostic[] }): void {
  const errs = res.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errs.map((d) => `${d.code} @ ${d.path}: ${d.message}`), []);
}

/** A deep copy, so each test edits its own object. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const HOUSE = { matchLabels: { 'conformance-house': 'gryffindor' } };

/** A valid AdminNetworkPolicy using every v1alpha1 peer and port form. */
export function validAnp(): Record<string, any> {
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name: 'anp-one' },
    spec: {
      priority: 10,
      subject: { pods: { namespaceSelector: HOUSE, podSelector: { matchLabels: { app: 'web' } } } },
      ingress: [
        {
          name: 'deny-from-slytherin',
          action: 'Deny',
          from: [{ namespaces: { matchLabels: { house: 'slytherin' } } }],
          ports: [{ portNumber: { protocol: 'UDP', port: 53 } }, { namedPort: 'http' }, { portRange: { start: 8000, end: 9000 } }],
        },
        { action: 'Pass', from: [{ pods: { namespaceSelector: {}, podSelector: HOUSE } }] },
      ],
      egress: [
        { name: 'to-the-internet', action: 'Allow', to: [{ networks: ['10.0.0.0/8', 'fd00::/8'] }] },
        { action: 'Deny', to: [{ namespaces: {} }], ports: [{ portNumber: { port: 443 } }] },
      ],
    },
  };
}

export function validBanp(): Record<string, any> {
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: {
      subject: { namespaces: {} },
      ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }],
      egress: [
        { action: 'Allow', to: [{ pods: { namespaceSelector: HOUSE, podSelector: {} } }], ports: [{ portNumber: { protocol: 'SCTP', port: 9003 } }] },
        { action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] },
      ],
    },
  };
}

export function validCnp(version: 'v1alpha2' | 'v1beta1'): Record<string, any> {
  return {
    apiVersion: `policy.networking.k8s.io/${version}`,
    kind: 'ClusterNetworkPolicy',
    metadata: { name: 'cnp-one' },
    spec: {
      tier: 'Admin',
      priority: 5,
      subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'prod' } } },
      ingress: [
        {
          name: 'web',
          action: 'Accept',
          from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { role: 'lb' } } } }],
          protocols: [
            { tcp: { destinationPort: { number: 443 } } },
            { udp: { destinationPort: { range: { start: 5000, end: 5100 } } } },
            { sctp: { destinationPort: { number: 9003 } } },
            { destinationNamedPort: 'metrics' },
          ],
        },
      ],
      egress: [
        { action: 'Pass', to: [{ namespaces: {} }] },
        { action: 'Deny', to: [{ networks: ['192.168.0.0/16'] }], protocols: [{ tcp: { destinationPort: { number: 22 } } }] },
      ],
    },
  };
}
