/** Tier, policy and default transitions (DESIGN §3; Calico reference "Tier"). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Program } from '../../src/ir/ast.js';
import { flowOf } from '../../src/ir/flowText.js';
import { evaluate, formatEvaluation } from '../../src/oracle/index.js';
import { expectVerdicts, onePolicy, program, run } from './fixtures.js';

test('the first matching rule decides: allow or deny', () => {
  const p = onePolicy(['ingress deny proto udp from any to any', 'ingress allow from any to any', 'ingress deny from any to any']);
  expectVerdicts(p, [
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['prod/web -> prod/db udp 53', 'deny'],
  ]);
  const d = run(p, 'prod/web -> prod/db tcp 80').ingress.decision;
  assert.is(d.by, 'rule');
  if (d.by === 'rule') {
    assert.equal([d.rule.tier, d.rule.policy, d.rule.direction, d.rule.position, d.rule.action], ['default', 'p', 'ingress', 1, 'allow']);
    assert.equal(d.rule.origin, { file: 'test.ir', line: 16, column: 5, kind: 'IR', name: 'p', index: 1, path: '' });
  }
});

test('log records the match and keeps going', () => {
  const p = onePolicy(['ingress log proto tcp from any to any', 'ingress allow proto tcp from any to ports [80]']);
  const e = run(p, 'prod/web -> prod/db tcp 80');
  assert.is(e.verdict, 'allow');
  assert.equal(e.ingress.tiers[0]!.logged.map((r) => r.position), [0]);
  const e2 = run(p, 'prod/web -> prod/db tcp 81');
  assert.is(e2.verdict, 'deny', 'log does not allow: the tier still ends in deny');
  assert.is(e2.ingress.decision.by, 'tier-default');
});

const TWO_TIERS = (firstRule: string, secondDefault = 'deny', final = 'allow') =>
  program(`tier "security" order 100 default deny {
  policy "sec" order 1 types [ingress] applies sel(all()) {
    ingress ${firstRule}
  }
}
tier "default" order 1000000 default ${secondDefault} {
  policy "app" order 1000 types [ingress] applies sel(app == "db") {
    ingress allow proto tcp from any to ports [5432]
  }
}
final ${final}
`);

test('pass jumps to the next tier, which decides', () => {
  const p = TWO_TIERS('pass from sel(app == "web") to any');
  const e = run(p, 'prod/web -> prod/db tcp 5432');
  assert.is(e.verdict, 'allow');
  assert.equal(e.ingress.tiers.map((t) => [t.tier, t.outcome]), [['security', 'pass'], ['default', 'allow']]);
  assert.is((e.ingress.tiers[0]!.passedBy as { position: number }).position, 0);
  assert.is(run(p, 'prod/web -> prod/db tcp 80').verdict, 'deny', 'the next tier ends in deny');
  assert.is(run(p, 'prod/api -> prod/db tcp 5432').verdict, 'deny', 'no pass: the first tier ends in deny');
});

test('pass out of the last applying tier reaches the final action', () => {
  const p = TWO_TIERS('pass from any to any');
  const e = run(p, 'prod/db -> prod/web tcp 80');
  assert.is(e.verdict, 'allow');
  assert.equal(e.ingress.tiers.map((t) => [t.tier, t.applied, t.outcome]), [['security', true, 'pass'], ['default', false, 'skipped']]);
  assert.is(e.ingress.decision.by, 'final');
  assert.is(run(TWO_TIERS('pass from any to any', 'deny', 'deny'), 'prod/db -> prod/web tcp 80').verdict, 'deny');
});

test('a tier that no policy applies to is skipped; one that applies ends in its default action', () => {
  const p = TWO_TIERS('deny from any to any');
  const toWeb = run(p, 'prod/db -> prod/web tcp 80');
  assert.equal([toWeb.verdict, toWeb.ingress.decision.by], ['deny', 'rule']);
  const onlyApp = program(`tier "security" order 100 default deny {
  policy "sec" order 1 types [ingress] applies sel(app == "web") {}
}
tier "default" order 1000000 default deny {
  policy "app" order 1000 types [ingress] applies sel(app == "db") {
    ingress allow proto tcp from any to ports [5432]
  }
}
final allow
`);
  const e = run(onlyApp, 'prod/web -> prod/db tcp 5432');
  assert.is(e.verdict, 'allow');
  assert.equal(e.ingress.tiers.map((t) => [t.tier, t.applied]), [['security', false], ['default', true]]);
  const end = run(onlyApp, 'prod/db -> prod/web tcp 80');
  assert.is(end.verdict, 'deny', 'a policy with no rules still isolates: end of tier');
  assert.equal(end.ingress.decision, { by: 'tier-default', verdict: 'deny', tier: 'security' });
});

test('a tier whose default action is pass goes on to the next tier', () => {
  const p = program(`tier "adminnetworkpolicy" order 1000 default pass {
  policy "anp" order 10 types [ingress] applies sel(all()) ns(team == "a") {
    ingress deny from ns(team == "b") to any
  }
}
tier "default" order 1000000 default deny {
  policy "app" order 1000 types [ingress] applies sel(app == "db") {
    ingress allow from any to ports [5432]
  }
}
final allow
`);
  expectVerdicts(p, [
    ['dev/web -> prod/db tcp 5432', 'deny'],
    ['prod/web -> prod/db tcp 5432', 'allow'],
    ['prod/web -> prod/db tcp 80', 'deny'],
    ['prod/db -> prod/web tcp 80', 'allow'],
  ]);
  const e = run(p, 'prod/db -> prod/web tcp 80');
  assert.equal(e.ingress.tiers.map((t) => [t.tier, t.outcome, t.passedBy]), [['adminnetworkpolicy', 'pass', 'default'], ['default', 'skipped', null]]);
});

test('policies run by order then name; order none sorts last; the oracle sorts whatever it is given', () => {
  const p = program(`tier "default" order 1 default deny {
  policy "a-deny" order 5 types [ingress] applies sel(all()) {
    ingress deny from any to any
  }
  policy "b-allow" order 5 types [ingress] applies sel(all()) {
    ingress allow from any to any
  }
  policy "0-first-by-name-but-no-order" order none types [ingress] applies sel(all()) {
    ingress allow from any to any
  }
}
final allow
`);
  const e = run(p, 'prod/web -> prod/db tcp 80');
  assert.is(e.verdict, 'deny');
  assert.equal(e.ingress.tiers[0]!.policies, ['a-deny', 'b-allow', '0-first-by-name-but-no-order']);
  // The same program with tiers and policies listed backwards (not a canonical IR): same answer.
  const reversed: Program = {
    ...p,
    tiers: [...p.tiers].reverse().map((t) => ({ ...t, policies: [...t.policies].reverse() })),
  };
  assert.is(evaluate(reversed, flowOf('prod/web -> prod/db tcp 80')).verdict, 'deny');
});

test('tiers run by order then name', () => {
  const p = program(`tier "b-allow" order 1 default deny {
  policy "x" order 1 types [ingress] applies sel(all()) {
    ingress allow from any to any
  }
}
tier "a-deny" order 2 default deny {
  policy "y" order 1 types [ingress] applies sel(all()) {
    ingress deny from any to any
  }
}
final allow
`);
  assert.is(run(p, 'prod/web -> prod/db tcp 80').verdict, 'allow');
  const backwards: Program = { ...p, tiers: [...p.tiers].reverse() };
  assert.is(evaluate(backwards, flowOf('prod/web -> prod/db tcp 80')).verdict, 'allow');
});

test('a policy governs only the directions in its types; rules of other directions are ignored', () => {
  const p = onePolicy(['ingress deny from any to any', 'egress deny from any to any'], { applies: 'sel(app == "db")' });
  expectVerdicts(p, [
    ['prod/web -> prod/db tcp 80', 'deny'],
    ['prod/db -> prod/web tcp 80', 'allow'],
  ]);
  const e = run(p, 'prod/db -> prod/web tcp 80');
  assert.equal([e.egress.evaluated, e.egress.decision.by, e.egress.tiers[0]!.applied], [true, 'final', false]);
});

test('egress at the source and ingress at the destination must both allow', () => {
  const p = program(`tier "default" order 1000000 default deny {
  policy "db-in" order 1000 types [ingress] applies sel(app == "db") {
    ingress allow from sel(app == "web") to any
  }
  policy "web-out" order 1000 types [egress] applies sel(app == "web") ns "prod" {
    egress allow from any to sel(app == "db") ns "prod"
  }
}
final allow
`);
  const both = run(p, 'prod/web -> prod/db tcp 5432');
  assert.equal([both.verdict, both.egress.verdict, both.ingress.verdict], ['allow', 'allow', 'allow']);
  const egressDenies = run(p, 'prod/web -> prod/api tcp 80');
  assert.equal([egressDenies.verdict, egressDenies.egress.verdict, egressDenies.ingress.verdict], ['deny', 'deny', 'allow']);
  const ingressDenies = run(p, 'dev/tmpl -> prod/db tcp 5432');
  assert.equal([ingressDenies.verdict, ingressDenies.egress.verdict, ingressDenies.ingress.verdict], ['deny', 'allow', 'deny']);
  assert.ok(formatEvaluation(both).includes('egress at prod/web: allow'));
});

test('an external end is not evaluated: only the pod side decides', () => {
  const p = onePolicy(['ingress allow from nets [192.0.2.0/24] to any', 'egress allow from any to nets [192.0.2.0/24]'], { types: 'ingress, egress', applies: 'sel(app == "db")' });
  const inbound = run(p, '192.0.2.9 -> prod/db tcp 80');
  assert.equal([inbound.verdict, inbound.egress.evaluated, inbound.egress.decision.by, inbound.ingress.evaluated], ['allow', false, 'not-evaluated', true]);
  const outbound = run(p, 'prod/db -> 8.8.8.8 tcp 80');
  assert.equal([outbound.verdict, outbound.ingress.evaluated, outbound.egress.decision.by], ['deny', false, 'tier-default']);
  assert.is(run(p, 'prod/db -> 192.0.2.1 tcp 80').verdict, 'allow');
  const neither = run(p, '8.8.8.8 -> 192.0.2.1 udp 53');
  assert.is(neither.verdict, 'allow');
  assert.ok(neither.notes.some((n) => n.includes('neither end is a pod')));
});

test('universal mode: a program without a snapshot evaluates hypothetical pods', () => {
  const p = program(
    `tier "default" order 1000000 default deny {
  policy "knp" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow proto tcp from sel(app == "web") ns(kubernetes.io/metadata.name == "prod") to ports [5432]
  }
}
final allow
`,
    false,
  );
  const pod = (ns: string, app: string) => ({
    kind: 'pod' as const,
    pod: { name: app, namespace: ns, namespaceLabels: { 'kubernetes.io/metadata.name': ns }, labels: { app }, ip: null, ports: [], serviceAccount: null },
  });
  const flow = (src: ReturnType<typeof pod>, dst: ReturnType<typeof pod>) => ({ src, dst, ipVersion: 4 as const, protocol: 6, dstPort: 5432 });
  assert.is(evaluate(p, flow(pod('prod', 'web'), pod('prod', 'db'))).verdict, 'allow');
  assert.is(evaluate(p, flow(pod('dev', 'web'), pod('prod', 'db'))).verdict, 'deny');
  assert.is(evaluate(p, flow(pod('dev', 'web'), pod('dev', 'db'))).verdict, 'allow', 'the policy is namespaced to prod');
  assert.throws(() => evaluate(p, { ...flow(pod('prod', 'web'), pod('prod', 'db')), src: { kind: 'endpoint', id: 'prod/x' } }), /no snapshot/);
});

test('the trace reads as tier → policy → rule with provenance', () => {
  const p = program(`tier "default" order 1000000 default deny {
  policy "prod/knp.default.db" order 1000 types [ingress] applies sel(app == "db") ns "prod" @ "db.yaml":4:3 NetworkPolicy "prod/db" {
    ingress allow proto tcp from sel(app == "web") ns "prod" to ports [5432] @ 12:7 rule 0 "spec.ingress[0].from[0]"
  }
}
final allow
`);
  const text = formatEvaluation(run(p, 'prod/web -> prod/db tcp 5432'));
  assert.is(
    text,
    [
      'verdict: allow',
      '  egress: allow (no tier decided: final allow)',
      '  ingress: [default] allow (prod/knp.default.db, ingress rule 0)',
      'egress at prod/web: allow',
      '  tier default: does not apply',
      '  allow: every tier passed or did not apply (final allow)',
      'ingress at prod/db: allow',
      '  tier default [prod/knp.default.db]: allow by policy prod/knp.default.db ingress rule 0 (allow; db.yaml:12:7 NetworkPolicy prod/db spec.ingress[0].from[0])',
    ].join('\n'),
  );
});

test.run();
