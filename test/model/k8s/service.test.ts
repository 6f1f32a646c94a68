/**
 * Services and Namespaces: typed fields, defaults and validation.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serviceKind } from '../../../src/model/k8s/service.js';
import { namespaceKind } from '../../../src/model/k8s/namespace.js';
import { errorPaths, readWith } from './helpers.js';

const svc = (spec: Record<string, unknown>, name = 'web') => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec,
});

test('service: selector, ports with defaults, cluster IPs', () => {
  const { value, errors } = readWith(serviceKind, svc({
    selector: { app: 'web' },
    clusterIP: '10.96.0.10',
    clusterIPs: ['10.96.0.10'],
    ports: [
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'np', port: 443, targetPort: 8443, nodePort: 30443 },
    ],
    sessionAffinity: 'None',
  }));
  assert.equal(errors, []);
  const s = value!;
  assert.is(s.type, 'ClusterIP');
  assert.equal(s.selector, { app: 'web' });
  assert.equal(s.clusterIPs, ['10.96.0.10']);
  assert.equal(s.ports.map((p) => [p.name, p.protocol, p.port, p.targetPort, p.nodePort]), [
    ['http', 'TCP', 80, 'http', undefined],
    ['dns', 'UDP', 53, 53, undefined],
    ['np', 'TCP', 443, 8443, 30443],
  ]);
});

test('service: headless and ExternalName may have no ports; others must', () => {
  assert.equal(readWith(serviceKind, svc({ clusterIP: 'None', selector: { a: 'b' } })).errors, []);
  const ext = readWith(serviceKind, svc({ type: 'ExternalName', externalName: 'db.example.com' }));
  assert.equal(ext.errors, []);
  assert.is(ext.value!.selector, undefined);
  assert.equal(errorPaths(readWith(serviceKind, svc({ selector: { a: 'b' } })).errors), ['spec.ports']);
});

test('service: port names unique DNS labels, wanted with several ports; port ranges; name rule', () => {
  const { errors, diagnostics } = readWith(serviceKind, svc({
    ports: [{ port: 80 }, { name: 'a', port: 0 }, { name: 'a', port: 81, targetPort: 'Bad_Name' }, { name: 'B', port: 82 }],
    type: 'Internal',
  }));
  assert.equal(errorPaths(errors), [
    'spec.ports[1].port',
    'spec.ports[2].name',
    'spec.ports[2].targetPort',
    'spec.ports[3].name',
    'spec.type',
  ]);
  assert.ok(diagnostics.some((d) => d.severity === 'warning' && d.path === 'spec.ports[0].name'));
  // Service names are DNS-1035 labels: no leading digit, no dots.
  assert.equal(errorPaths(readWith(serviceKind, svc({ clusterIP: 'None' }, '1web')).errors), ['metadata.name']);
  assert.equal(errorPaths(readWith(serviceKind, svc({ clusterIP: 'None' }, 'a.b')).errors), ['metadata.name']);
});

test('namespace: name is a DNS label, labels kept as written, strict spec/status', () => {
  const ok = readWith(namespaceKind, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'a' } }, status: { phase: 'Active' } });
  assert.equal(ok.errors, []);
  assert.equal([ok.value!.kind, ok.value!.name, ok.value!.labels, ok.value!.namespace], ['Namespace', 'shop', { team: 'a' }, undefined]);
  assert.equal(errorPaths(readWith(namespaceKind, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } }).errors), ['metadata.name']);
  assert.equal(errorPaths(readWith(namespaceKind, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' }, spec: { finalizer: [] } }).errors), ['spec.finalizer']);
});

test.run();
