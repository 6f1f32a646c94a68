/**
 * The Kubernetes kinds are registered: each apiVersion/kind reaches its reader through the model
 * stage's entry point, and a document with an error is dropped while the others are kept.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KINDS } from '../../../src/model/kinds.js';
import { loadResources } from '../../../src/model/loadResources.js';
import { fromPlain } from '../../../src/yaml/node.js';

const tpl = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c' }] } };
const meta = { name: 'x', namespace: 'ns' };
const docs = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: tpl.spec },
  { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { clusterIP: 'None' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { template: tpl } },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta, spec: { template: tpl } },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta, spec: { template: tpl } },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta, spec: { template: tpl } },
  { apiVersion: 'v1', kind: 'ReplicationController', metadata: meta, spec: { template: tpl } },
  { apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: { template: tpl } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta, spec: { jobTemplate: { spec: { template: tpl } } } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta, spec: { podSelector: {} } },
];

test('every Kubernetes kind is in the registry once', () => {
  for (const d of docs) {
    const [group, version] = d.apiVersion.includes('/') ? d.apiVersion.split('/') : ['', d.apiVersion];
    const defs = KINDS.filter((k) => k.kind === d.kind && k.group === group && k.versions.includes(version!));
    assert.is(defs.length, 1, d.kind);
  }
});

test('each kind is read through loadResources; a bad document is dropped, the rest kept', () => {
  const bad = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta, spec: { podSelector: {}, policyTypes: ['Both'] } };
  const input = [...docs, bad].map((o, index) => ({ file: 'all.yaml', index, root: fromPlain(o, 'all.yaml') }));
  const { value, diagnostics } = loadResources(input);
  assert.equal(value.map((r) => r.kind), docs.map((d) => d.kind));
  assert.equal(diagnostics.filter((d) => d.severity === 'error').map((d) => d.path), ['spec.policyTypes[0]']);
});

test.run();
