/**
 * Kubernetes' own NetworkPolicy validation cases (`TestValidateNetworkPolicy`, transcribed under
 * `${CONFORMANCE}/k8s-netpol-validation`): every valid case is accepted, every invalid case is
 * rejected with an error on the offending field, and the one legacy case holds only under the
 * option it names. The suite ran upstream with AllowInvalidLabelValueInSelector=true, so it runs
 * so here too.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE } from '../../helpers/paths.js';
import { fromPlain } from '../../../src/yaml/node.js';
import { makeNetworkPolicyKind, type NetworkPolicyOptions } from '../../../src/model/k8s/networkPolicy.js';
import { errorPaths, readWith } from './helpers.js';

interface Case {
  name: string;
  expectValid: boolean;
  conditions?: string;
  object: unknown;
}
const suite = JSON.parse(
  readFileSync(join(CONFORMANCE, 'k8s-netpol-validation', 'networkpolicy-validation-cases.json'), 'utf8'),
) as { cases: Case[] };

/** The option a case's `conditions` names (only the StrictIPCIDRValidation gate so far). */
function optionsOf(c: Case): NetworkPolicyOptions {
  const opts: NetworkPolicyOptions = { allowInvalidLabelValueInSelector: true };
  if (c.conditions === undefined) return opts;
  const m = /StrictIPCIDRValidation=(true|false)/.exec(c.conditions);
  if (!m) throw new Error(`case ${c.name}: unknown condition ${c.conditions}`);
  return { ...opts, strictCidr: m[1] === 'true' };
}

const P = 'spec.podSelector.matchLabels.NoUppercaseOrSpecialCharsLike=Equals';
/** Where upstream reports each invalid case (its `field.Path`), written our way. */
const EXPECTED_PATHS: Record<string, string[]> = {
  'namespaceSelector and ipBlock': ['spec.ingress[0].from[0]'],
  'podSelector and ipBlock': ['spec.egress[0].to[0]'],
  'missing from and to type': ['spec.egress[0].to[0]', 'spec.ingress[0].from[0]'],
  'invalid spec.podSelector': [P],
  'invalid ingress.ports.protocol': ['spec.ingress[0].ports[0].protocol'],
  'invalid ingress.ports.port (int)': ['spec.ingress[0].ports[0].port'],
  'invalid ingress.ports.port (str)': ['spec.ingress[0].ports[0].port'],
  'invalid ingress.from.podSelector': [P.replace('spec.', 'spec.ingress[0].from[0].')],
  'invalid egress.to.podSelector': [P.replace('spec.', 'spec.egress[0].to[0].')],
  'invalid egress.ports.protocol': ['spec.egress[0].ports[0].protocol'],
  'invalid egress.ports.port (int)': ['spec.egress[0].ports[0].port'],
  'invalid egress.ports.port (str)': ['spec.egress[0].ports[0].port'],
  'invalid ingress.from.namespaceSelector': [P.replace('spec.podSelector', 'spec.ingress[0].from[0].namespaceSelector')],
  'missing cidr field': ['spec.ingress[0].from[0].ipBlock.cidr'],
  'invalid cidr format': ['spec.ingress[0].from[0].ipBlock.cidr'],
  'invalid ipv6 cidr format': ['spec.ingress[0].from[0].ipBlock.cidr'],
  'legacy cidr format with strict validation': ['spec.ingress[0].from[0].ipBlock.cidr'],
  'except field is an empty string': ['spec.ingress[0].from[0].ipBlock.except[0]'],
  'except field is an space string': ['spec.ingress[0].from[0].ipBlock.except[0]'],
  'except field is an invalid ip': ['spec.ingress[0].from[0].ipBlock.except[0]'],
  'except IP is outside of CIDR range': ['spec.ingress[0].from[0].ipBlock.except[0]'],
  'except IP is not strictly within CIDR range': ['spec.ingress[0].from[0].ipBlock.except[0]'],
  'except IPv6 is outside of CIDR range': ['spec.ingress[0].from[0].ipBlock.except[0]'],
  'invalid policyTypes': ['spec.policyTypes[0]', 'spec.policyTypes[1]'],
  'too many policyTypes': ['spec.policyTypes'],
  'multiple ports defined, one port range is invalid': ['spec.egress[0].ports[0].endPort'],
  'endPort defined with named/string port': ['spec.egress[0].ports[0].endPort'],
  'endPort defined without port defined': ['spec.egress[0].ports[0].endPort'],
  'port is greater than endPort': ['spec.egress[0].ports[0].endPort'],
  'multiple invalid port ranges defined': [
    'spec.egress[0].ports[0].endPort',
    'spec.egress[0].ports[1].endPort',
    'spec.egress[0].ports[2].endPort',
  ],
  'invalid endport range defined': ['spec.egress[0].ports[0].endPort'],
};

function run(c: Case, opts: NetworkPolicyOptions) {
  return readWith(makeNetworkPolicyKind(opts), fromPlain(c.object, `${c.name}.yaml`));
}

test('the suite is present: 17 valid, 1 legacy-valid, 31 invalid', () => {
  assert.is(suite.cases.filter((c) => c.expectValid && !c.conditions).length, 17);
  assert.is(suite.cases.filter((c) => c.conditions).length, 1);
  assert.is(suite.cases.filter((c) => !c.expectValid).length, 31);
});

test('every valid case is accepted, with a typed policy and no error', () => {
  for (const c of suite.cases.filter((x) => x.expectValid)) {
    const { value, errors } = run(c, optionsOf(c));
    assert.equal(errors, [], `${c.name}: ${JSON.stringify(errors)}`);
    assert.ok(value, c.name);
    assert.is(value!.kind, 'NetworkPolicy');
  }
});

test('every invalid case is rejected with an error on the offending field', () => {
  for (const c of suite.cases.filter((x) => !x.expectValid)) {
    const { errors } = run(c, optionsOf(c));
    assert.ok(errors.length > 0, `${c.name}: accepted`);
    const expected = EXPECTED_PATHS[c.name];
    if (expected) {
      assert.equal(errorPaths(errors), expected, c.name);
    } else {
      // A case this table does not know yet: the error must still name a field of the object.
      assert.ok(errors.every((d) => /^(spec|metadata)\b/.test(d.path)), `${c.name}: ${JSON.stringify(errors)}`);
    }
  }
});

test('the legacy case holds only without strict CIDR validation', () => {
  for (const c of suite.cases.filter((x) => x.conditions)) {
    assert.is(optionsOf(c).strictCidr, false);
    assert.equal(run(c, optionsOf(c)).errors, [], c.name);
    const strict = run(c, { allowInvalidLabelValueInSelector: true });
    assert.equal(errorPaths(strict.errors), ['spec.ingress[0].from[0].ipBlock.cidr']);
    assert.match(strict.errors[0]!.message, 'leading zero');
  }
});

test.run();
