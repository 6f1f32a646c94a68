/**
 * Fields netpolc parses but does not model: each is a warning naming the field, the resource is
 * kept, and the typed model lists the field in `unmodelled` so later stages answer `unknown`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CalicoGlobalNetworkPolicy, CalicoHostEndpoint, CalicoWorkloadEndpoint } from '../../../src/model/calico/index.js';
import { codesAt, errors, gnp, readPlain } from './helpers.js';

test('an http match is parsed, typed, reported and recorded on its rule', () => {
  const { resource, diagnostics } = readPlain<CalicoGlobalNetworkPolicy>(
    gnp({ ingress: [{ action: 'Allow', protocol: 'TCP', http: { methods: ['GET', 'HEAD'], paths: [{ exact: '/healthz' }, { prefix: '/api/' }] } }, { action: 'Deny' }] }),
  );
  assert.equal(errors(diagnostics), []);
  assert.equal(codesAt(diagnostics), ['unmodelled-field@spec.ingress[0].http']);
  assert.is(diagnostics[0]!.severity, 'warning');
  assert.match(diagnostics[0]!.message, 'HTTP matches are not modelled');
  const [withHttp, plain] = resource!.spec.ingress;
  assert.equal(withHttp!.http, { methods: ['GET', 'HEAD'], paths: [{ exact: '/healthz' }, { prefix: '/api/' }] });
  assert.equal(withHttp!.unmodelled, ['http']);
  assert.equal(plain!.unmodelled, []);
  assert.equal(resource!.spec.unmodelled, []);
});

test('preDNAT, doNotTrack and applyOnForward are recorded on the policy when true', () => {
  const pre = readPlain<CalicoGlobalNetworkPolicy>(gnp({ preDNAT: true, applyOnForward: true, ingress: [{ action: 'Deny' }] }));
  assert.equal(errors(pre.diagnostics), []);
  assert.equal(codesAt(pre.diagnostics), ['unmodelled-field@spec.preDNAT', 'unmodelled-field@spec.applyOnForward']);
  assert.equal(pre.resource!.spec.unmodelled, ['preDNAT', 'applyOnForward']);
  assert.equal([pre.resource!.spec.preDNAT, pre.resource!.spec.applyOnForward, pre.resource!.spec.doNotTrack], [true, true, false]);

  const dnt = readPlain<CalicoGlobalNetworkPolicy>(gnp({ doNotTrack: true, applyOnForward: true, egress: [{ action: 'Allow' }] }));
  assert.equal(dnt.resource!.spec.unmodelled, ['doNotTrack', 'applyOnForward']);

  // Written as false they change nothing, so they are not reported.
  const off = readPlain<CalicoGlobalNetworkPolicy>(gnp({ doNotTrack: false, preDNAT: false, applyOnForward: false }));
  assert.equal(off.diagnostics, []);
  assert.equal(off.resource!.spec.unmodelled, []);
});

test('a HostEndpoint is kept, reported and marked', () => {
  const { resource, diagnostics } = readPlain<CalicoHostEndpoint>({
    apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: { name: 'hep1' }, spec: { node: 'n1', interfaceName: 'eth0' },
  });
  assert.equal(codesAt(diagnostics), ['unmodelled-field@kind']);
  assert.match(diagnostics[0]!.message, 'HostEndpoint `hep1` is not modelled');
  assert.equal(resource!.unmodelled, ['HostEndpoint']);
});

test('workload endpoint NATs and spoofed source prefixes are recorded', () => {
  const { resource, diagnostics } = readPlain<CalicoWorkloadEndpoint>({
    apiVersion: 'projectcalico.org/v3', kind: 'WorkloadEndpoint', metadata: { name: 'w', namespace: 'a' },
    spec: {
      interfaceName: 'cali1', ipNetworks: ['10.1.0.5/32'],
      ipNATs: [{ internalIP: '10.1.0.5', externalIP: '172.16.0.5' }], allowSpoofedSourcePrefixes: ['10.9.0.0/16'],
    },
  });
  assert.equal(errors(diagnostics), []);
  assert.equal(codesAt(diagnostics), ['unmodelled-field@spec.ipNATs', 'unmodelled-field@spec.allowSpoofedSourcePrefixes']);
  assert.equal(resource!.unmodelled, ['ipNATs', 'allowSpoofedSourcePrefixes']);
});

test('an unmodelled field with an error is still an error', () => {
  const { resource, diagnostics } = readPlain(gnp({ egress: [{ action: 'Allow', http: { methods: ['GET'] } }] }));
  assert.is(resource, undefined);
  assert.equal(codesAt(diagnostics).sort(), ['invalid-value@spec.egress[0].http', 'unmodelled-field@spec.egress[0].http']);
});

test.run();
