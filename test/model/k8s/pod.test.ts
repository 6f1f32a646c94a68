/**
 * Pods: container ports over containers and init containers, port validation, addresses from
 * status, owner, host networking.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { podKind } from '../../../src/model/k8s/pod.js';
import { errorPaths, readWith, readYaml } from './helpers.js';

const pod = (spec: Record<string, unknown>, status?: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', labels: { app: 'a' }, ...metadata },
  spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
  ...(status ? { status } : {}),
});

test('ports over containers and initContainers, with defaults and positions', () => {
  const { value, errors } = readYaml(podKind, `apiVersion: v1
kind: Pod
metadata:
  name: web-0
  namespace: shop
  labels: {app: web}
spec:
  initContainers:
    - name: proxy
      restartPolicy: Always
      ports: [{name: admin, containerPort: 15000}]
  containers:
    - name: web
      ports:
        - name: http
          containerPort: 8080
        - containerPort: 53
          protocol: UDP
    - name: sidecar
      ports: [{name: metrics, containerPort: 9100, protocol: TCP}]
status:
  phase: Running
  podIP: 10.1.2.3
  podIPs: [{ip: 10.1.2.3}, {ip: "fd00::3"}]
`);
  assert.equal(errors, []);
  const p = value!;
  assert.equal(p.ports.map((x) => [x.container, x.name ?? null, x.containerPort, x.protocol, x.at.line]), [
    ['proxy', 'admin', 15000, 'TCP', 11],
    ['web', 'http', 8080, 'TCP', 15],
    ['web', null, 53, 'UDP', 17],
    ['sidecar', 'metrics', 9100, 'TCP', 20],
  ]);
  assert.is(p.ports[2]!.path, 'spec.containers[0].ports[1]');
  assert.equal(p.podIPs, ['10.1.2.3', 'fd00::3']);
  assert.is(p.phase, 'Running');
  assert.is(p.serviceAccountName, 'default');
  assert.is(p.hostNetwork, false);
  assert.equal(p.labels, { app: 'web' });
});

test('container port errors: range, names, duplicates, protocol, unknown fields', () => {
  const { errors } = readWith(podKind, pod({
    containers: [
      { name: 'a', ports: [{ containerPort: 0 }, { name: 'Http', containerPort: 80 }, { name: 'x', containerPort: 81, protocol: 'ICMP' }] },
      { name: 'b', ports: [{ name: 'web', containerPort: 80 }, { name: 'web', containerPort: 81 }, { containerPort: 82, hostPort: 70000 }, { contianerPort: 83 }] },
    ],
  }));
  assert.equal(errorPaths(errors), [
    'spec.containers[0].ports[0].containerPort',
    'spec.containers[0].ports[1].name',
    'spec.containers[0].ports[2].protocol',
    'spec.containers[1].ports[1].name',
    'spec.containers[1].ports[2].hostPort',
    'spec.containers[1].ports[3].containerPort',
    'spec.containers[1].ports[3].contianerPort',
  ]);
  assert.match(errors.find((d) => d.path === 'spec.containers[1].ports[1].name')!.message, 'used twice in container `b`');
});

test('the same port name in two containers is allowed (validation is per container)', () => {
  const { errors, value } = readWith(podKind, pod({
    containers: [{ name: 'a', ports: [{ name: 'http', containerPort: 80 }] }, { name: 'b', ports: [{ name: 'http', containerPort: 81 }] }],
  }));
  assert.equal(errors, []);
  assert.is(value!.ports.length, 2);
});

test('status addresses: podIP alone, consistency with podIPs, one per family, strict form', () => {
  assert.equal(readWith(podKind, pod({}, { podIP: '10.0.0.5' })).value!.podIPs, ['10.0.0.5']);
  assert.equal(readWith(podKind, pod({})).value!.podIPs, []);
  assert.equal(errorPaths(readWith(podKind, pod({}, { podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.6' }] })).errors), ['status.podIPs[0]']);
  assert.equal(errorPaths(readWith(podKind, pod({}, { podIPs: [{ ip: '10.0.0.6' }, { ip: '10.0.0.7' }] })).errors), ['status.podIPs[1]']);
  assert.equal(errorPaths(readWith(podKind, pod({}, { podIP: '010.0.0.5' })).errors), ['status.podIP']);
  // The rest of PodStatus is accepted unchecked.
  assert.equal(readWith(podKind, pod({}, { conditions: [{ type: 'Ready' }], qosClass: 'BestEffort' })).errors, []);
});

test('hostNetwork, nodeName, serviceAccountName and the controlling owner', () => {
  const { value, errors } = readWith(podKind, pod(
    { hostNetwork: true, nodeName: 'node-1', serviceAccountName: 'api' },
    undefined,
    { ownerReferences: [
      { apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'x' },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', uid: 'y', controller: true },
    ] },
  ));
  assert.equal(errors, []);
  const p = value!;
  assert.equal([p.hostNetwork, p.nodeName, p.serviceAccountName], [true, 'node-1', 'api']);
  assert.equal(p.owner, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f' });
});

test('a pod needs containers; a nameless container or a trimmed owner reference is tolerated', () => {
  const none = readWith(podKind, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, spec: { containers: [] } });
  assert.equal(errorPaths(none.errors), ['spec.containers']);
  // Hand-trimmed snapshots: netpolc needs neither to compute anything.
  const noName = readWith(podKind, pod({ containers: [{ ports: [{ containerPort: 80 }] }] }));
  assert.equal(noName.diagnostics, []);
  assert.is(noName.value!.ports[0]!.container, '');
  const trimmed = readWith(podKind, pod({}, undefined, { ownerReferences: [{ name: 'rs-1', controller: true }] }));
  assert.equal(trimmed.errors, []);
  assert.equal(trimmed.diagnostics.map((d) => [d.severity, d.path]), [['warning', 'metadata.ownerReferences[0].kind']]);
  assert.equal(trimmed.value!.owner, { kind: '', name: 'rs-1' });
  const typo = readWith(podKind, pod({}, undefined, { ownerReferences: [{ kind: 'ReplicaSet', nmae: 'x' }] }));
  assert.equal(errorPaths(typo.errors), ['metadata.ownerReferences[0].nmae']);
  assert.is(typo.value!.owner, undefined);
});

test.run();
