/** Unknown propagation: what netpolc does not model makes exactly the verdicts that depend on it unknown. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectVerdicts, onePolicy, program, run } from './fixtures.js';

test('an unknown rule that matches makes the verdict unknown, naming the rule and the reason', () => {
  const p = onePolicy(['ingress allow proto tcp from any to any unknown "http match"']);
  const e = run(p, 'prod/web -> prod/db tcp 80');
  assert.is(e.verdict, 'unknown');
  const d = e.ingress.decision;
  assert.is(d.by, 'rule-unknown');
  if (d.by === 'rule-unknown') {
    assert.equal(d.reasons, ['http match']);
    assert.is(d.rule.position, 0);
  }
});

test('an unknown rule that cannot match has no effect', () => {
  const p = onePolicy(['ingress deny proto udp from any to any unknown "http match"', 'ingress allow from any to any']);
  expectVerdicts(p, [
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['prod/web -> prod/db udp 53', 'unknown'],
  ]);
});

test('a rule that decides before the unknown one wins', () => {
  const p = onePolicy(['ingress deny from sel(app == "web") to any', 'ingress allow from any to any unknown "services"']);
  expectVerdicts(p, [
    ['prod/web -> prod/db tcp 80', 'deny'],
    ['prod/api -> prod/db tcp 80', 'unknown'],
  ]);
});

test('an unknown log rule decides nothing, so it changes nothing', () => {
  const p = onePolicy(['ingress log from any to any unknown "http match"', 'ingress allow proto tcp from any to any']);
  expectVerdicts(p, [
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['prod/web -> prod/db udp 53', 'deny'],
  ]);
  assert.equal(run(p, 'prod/web -> prod/db tcp 80').ingress.tiers[0]!.logged, [], 'a maybe-match is not logged');
});

test('an unknown pass is unknown: the next tier might or might not decide the same', () => {
  const p = onePolicy(['ingress pass from any to any unknown "nodes peer"']);
  assert.is(run(p, 'prod/web -> prod/db tcp 80').verdict, 'unknown');
});

test('a policy marked unknown makes the verdict unknown once reached, not before', () => {
  const p = program(`tier "default" order 1 default deny {
  policy "a" order 1 types [ingress] applies sel(app == "db") {
    ingress allow from sel(app == "web") to any
  }
  policy "b" order 2 types [ingress] applies sel(all()) unknown "doNotTrack" {
    ingress allow from any to any
  }
}
final allow
`);
  expectVerdicts(p, [
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['prod/api -> prod/db tcp 80', 'unknown'],
  ]);
  const d = run(p, 'prod/api -> prod/db tcp 80').ingress.decision;
  assert.equal(d.by === 'policy-unknown' ? [d.policy, d.reasons] : d.by, ['b', ['doNotTrack']]);
});

test('a deny in one direction beats unknown in the other; unknown beats allow', () => {
  const p = program(`tier "default" order 1 default deny {
  policy "out" order 1 types [egress] applies sel(app == "web") {
    egress allow from any to any unknown "http match"
  }
  policy "in" order 2 types [ingress] applies sel(app == "db") {
    ingress allow from sel(app == "web") ns "prod" to any
  }
}
final allow
`);
  const both = run(p, 'dev/web -> prod/db tcp 80');
  assert.equal([both.egress.verdict, both.ingress.verdict, both.verdict], ['unknown', 'deny', 'deny']);
  const oneUnknown = run(p, 'prod/web -> prod/db tcp 80');
  assert.equal([oneUnknown.egress.verdict, oneUnknown.ingress.verdict, oneUnknown.verdict], ['unknown', 'allow', 'unknown']);
});

test('a flow that leaves out a port or ICMP field a rule tests: maybe, so unknown', () => {
  const ports = onePolicy(['ingress allow proto tcp from any to ports [80]']);
  assert.is(run(ports, 'prod/web -> prod/db tcp').verdict, 'unknown');
  assert.is(run(ports, 'prod/web -> prod/db udp').verdict, 'deny', 'a protocol mismatch decides without the port');
  const noPorts = onePolicy(['ingress allow proto tcp from any to any']);
  assert.is(run(noPorts, 'prod/web -> prod/db tcp').verdict, 'allow', 'a rule that tests no port needs none');
  const icmp = onePolicy(['ingress allow proto icmp icmp type 3 code 1 from any to any']);
  assert.is(run(icmp, 'prod/web -> prod/db icmp 3').verdict, 'unknown');
  assert.is(run(icmp, 'prod/web -> prod/db icmp 4').verdict, 'deny');
  const d = run(ports, 'prod/web -> prod/db tcp').ingress.decision;
  assert.equal(d.by === 'rule-unknown' ? d.reasons : [], ['the flow has no destination port']);
});

test.run();
