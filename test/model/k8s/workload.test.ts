/**
 * Workloads: one test per kind that the pod template is found on its path and read (labels,
 * container ports, service account), plus the strict/lenient field checks along the way.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { workloadKinds, type Workload, type WorkloadKind } from '../../../src/model/k8s/workload.js';
import type { KindDef } from '../../../src/model/kind.js';
import { errorPaths, readWith, readYaml } from './helpers.js';

function kindDef(kind: WorkloadKind): KindDef<Workload> {
  const def = workloadKinds.find((k) => k.kind === kind);
  if (!def) throw new Error(`no kind ${kind}`);
  return def;
}

const podTemplate = (app: string, sa = 'api-sa') => ({
  metadata: { labels: { app } },
  spec: {
    serviceAccountName: sa,
    containers: [{ name: 'main', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }],
  },
});

function checkTemplate(w: Workload | undefined, app: string, sa = 'api-sa'): void {
  assert.ok(w);
  assert.equal(w!.template.labels, { app });
  assert.is(w!.template.serviceAccountName, sa);
  assert.equal(w!.template.ports.map((p) => [p.container, p.name, p.containerPort, p.protocol]), [['main', 'http', 8080, 'TCP']]);
}

const obj = (apiVersion: string, kind: string, spec: unknown) => ({
  apiVersion, kind, metadata: { name: `${kind.toLowerCase()}-a`, namespace: 'shop' }, spec,
});

test('Deployment: spec.template', () => {
  const { value, errors } = readWith(kindDef('Deployment'), obj('apps/v1', 'Deployment', {
    replicas: 3, selector: { matchLabels: { app: 'web' } }, strategy: { type: 'RollingUpdate' }, template: podTemplate('web'),
  }));
  assert.equal(errors, []);
  checkTemplate(value, 'web');
  assert.is(value!.replicas, 3);
  assert.is(value!.namespace, 'shop');
  assert.is(kindDef('Deployment').group, 'apps');
});

test('StatefulSet: spec.template', () => {
  const { value, errors } = readWith(kindDef('StatefulSet'), obj('apps/v1', 'StatefulSet', {
    serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: podTemplate('db'),
    volumeClaimTemplates: [{ metadata: { name: 'data' } }],
  }));
  assert.equal(errors, []);
  checkTemplate(value, 'db');
});

test('DaemonSet: spec.template', () => {
  const { value, errors } = readWith(kindDef('DaemonSet'), obj('apps/v1', 'DaemonSet', {
    selector: { matchLabels: { app: 'agent' } }, template: podTemplate('agent'),
  }));
  assert.equal(errors, []);
  checkTemplate(value, 'agent');
  assert.is(value!.replicas, undefined);
});

test('ReplicaSet: spec.template, and its owning Deployment', () => {
  const o = obj('apps/v1', 'ReplicaSet', { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: podTemplate('web') });
  (o.metadata as Record<string, unknown>).ownerReferences = [
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true },
  ];
  const { value, errors } = readWith(kindDef('ReplicaSet'), o);
  assert.equal(errors, []);
  checkTemplate(value, 'web');
  assert.equal(value!.owner, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
});

test('ReplicationController (core v1): spec.template, selector as a plain map', () => {
  const def = kindDef('ReplicationController');
  assert.is(def.group, '');
  const { value, errors } = readWith(def, obj('v1', 'ReplicationController', { replicas: 2, selector: { app: 'old' }, template: podTemplate('old') }));
  assert.equal(errors, []);
  checkTemplate(value, 'old');
});

test('Job (batch/v1): spec.template, default service account', () => {
  const tpl = podTemplate('batch');
  delete (tpl.spec as Record<string, unknown>).serviceAccountName;
  const { value, errors } = readWith(kindDef('Job'), obj('batch/v1', 'Job', { backoffLimit: 2, template: { ...tpl, spec: { ...tpl.spec, restartPolicy: 'Never' } } }));
  assert.equal(errors, []);
  checkTemplate(value, 'batch', 'default');
});

test('CronJob (batch/v1): spec.jobTemplate.spec.template, with positions', () => {
  const { value, errors } = readYaml(kindDef('CronJob'), `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: ops
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    metadata:
      labels: {owner: ops}
    spec:
      template:
        metadata:
          labels: {app: report}
        spec:
          serviceAccount: reporter
          restartPolicy: OnFailure
          containers:
            - name: run
              image: r
              ports:
                - containerPort: 9090
                  protocol: UDP
`);
  assert.equal(errors, []);
  const w = value!;
  assert.is(w.kind, 'CronJob');
  assert.equal(w.template.labels, { app: 'report' });
  // Only the deprecated alias is given: it names the account.
  assert.is(w.template.serviceAccountName, 'reporter');
  assert.equal(w.template.ports, [{ container: 'run', containerPort: 9090, protocol: 'UDP', at: { file: 'test.yaml', line: 22, column: 19 }, path: 'spec.jobTemplate.spec.template.spec.containers[0].ports[0]' }]);
  assert.equal([w.template.at.line, w.template.path], [13, 'spec.jobTemplate.spec.template']);
  // batch/v1beta1 CronJobs (served until 1.25) have the same shape and are read too.
  assert.equal(kindDef('CronJob').versions, ['v1', 'v1beta1']);
});

test('the path to the template is required and strict; the large specs are lenient', () => {
  const dep = kindDef('Deployment');
  assert.equal(errorPaths(readWith(dep, obj('apps/v1', 'Deployment', { replicas: 1 })).errors), ['spec.template']);
  assert.equal(errorPaths(readWith(kindDef('CronJob'), obj('batch/v1', 'CronJob', { schedule: '* * * * *' })).errors), ['spec.jobTemplate']);
  // PodTemplateSpec has only metadata and spec: a stray field there is an error.
  const stray = readWith(dep, obj('apps/v1', 'Deployment', { template: { ...podTemplate('a'), lables: {} } }));
  assert.equal(errorPaths(stray.errors), ['spec.template.lables']);
  // A typo in the Deployment spec or the pod spec is a warning with a hint, not an error.
  const tpl = podTemplate('a');
  const typo = readWith(dep, obj('apps/v1', 'Deployment', {
    replcas: 2, template: { ...tpl, spec: { ...tpl.spec, serviceAcountName: 'x' } },
  }));
  assert.equal(typo.errors, []);
  assert.equal(typo.diagnostics.map((d) => [d.severity, d.path, d.hint]), [
    ['warning', 'spec.replcas', 'did you mean `replicas`?'],
    ['warning', 'spec.template.spec.serviceAcountName', 'did you mean `serviceAccountName`?'],
  ]);
  // Template labels are validated like any labels.
  const badLabel = readWith(dep, obj('apps/v1', 'Deployment', { template: { ...tpl, metadata: { labels: { 'a b': 'c' } } } }));
  assert.equal(errorPaths(badLabel.errors), ['spec.template.metadata.labels.a b']);
});

test('CronJob names are limited to 52 characters', () => {
  const o = obj('batch/v1', 'CronJob', { jobTemplate: { spec: { template: podTemplate('a') } } });
  (o.metadata as Record<string, unknown>).name = 'c'.repeat(53);
  assert.equal(errorPaths(readWith(kindDef('CronJob'), o).errors), ['metadata.name']);
});

test.run();
