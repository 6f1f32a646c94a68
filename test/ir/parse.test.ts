import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { endpoint, namedPort, namespace, peer, policy, port, portRange, program, rule, ruleOrigin, tier } from '../../src/ir/build.js';
import { parseIr } from '../../src/ir/parse.js';
import { printIr } from '../../src/ir/print.js';
import { and, eq, inSet } from '../../src/selector/index.js';

function parsed(text: string, file = 'test.ir') {
  const r = parseIr(text, { file });
  assert.equal(r.diagnostics, [], 'no diagnostics');
  return r.value!;
}

test('a small program parses into the AST the smart constructors build', () => {
  const text = [
    'tier "default" order 1000000 default deny {',
    '  policy "prod/knp.default.web" order 1000 types [ingress] applies sel(app == "web") ns "prod" @ "np.yaml":4:3 NetworkPolicy "prod/web" {',
    '    ingress allow proto tcp from sel(role == "fe" && tier in {"b", "a"}) ns "prod" to ports [80, 8000-8080, "http"] @ 14:9 rule 0 "spec.ingress[0].from[0]"',
    '  }',
    '}',
    'final allow',
  ].join('\n');
  const o = { file: 'np.yaml', line: 4, column: 3, kind: 'NetworkPolicy', name: 'prod/web' };
  const expected = program({
    tiers: [
      tier({
        name: 'default',
        order: 1_000_000,
        defaultAction: 'deny',
        policies: [
          policy({
            name: 'prod/knp.default.web',
            order: 1000,
            types: ['ingress'],
            subject: { selector: eq('app', 'web'), namespace: { kind: 'name', name: 'prod' } },
            ingress: [
              rule({
                action: 'allow',
                protocol: 6,
                src: { selector: and(eq('role', 'fe'), inSet('tier', ['a', 'b'])), namespace: { kind: 'name', name: 'prod' } },
                dst: { ports: [port(80), portRange(8000, 8080), namedPort('http')] },
                origin: ruleOrigin(o, 0, 'spec.ingress[0].from[0]', { line: 14, column: 9 }),
              }),
            ],
            origin: o,
          }),
        ],
      }),
    ],
    final: 'allow',
  });
  assert.equal(parsed(text), expected);
});

test('missing provenance is the position in the IR text itself, kind IR', () => {
  const p = parsed('tier "t" order 1 default deny {\n  policy "p" order 2 types [egress] applies sel(all()) {\n    egress deny from any to any\n    egress allow from any to any\n  }\n}\nfinal allow', 'hand.ir');
  const pol = p.tiers[0]!.policies[0]!;
  assert.equal(pol.origin, { file: 'hand.ir', line: 2, column: 3, kind: 'IR', name: 'p' });
  assert.equal(pol.egress.map((r) => r.origin), [
    { file: 'hand.ir', line: 3, column: 5, kind: 'IR', name: 'p', index: 0, path: '' },
    { file: 'hand.ir', line: 4, column: 5, kind: 'IR', name: 'p', index: 1, path: '' },
  ]);
  assert.ok(printIr(p).includes('@ "hand.ir":2:3 IR "p" {'), 'the printer writes the filled-in provenance');
});

test('a short rule provenance takes file, kind and name from its policy; a full one keeps its own', () => {
  const p = parsed(
    'tier "t" order 1 default deny { policy "p" order 2 types [ingress] applies sel(all()) @ "a.yaml":1:1 NetworkPolicy "ns/a" {' +
      ' ingress allow from any to any @ 7:3 rule 2' +
      ' ingress allow from any to any @ "b.yaml":9:9 GlobalNetworkPolicy "b" rule 0 "spec.ingress[0]" } } final allow',
  );
  const [a, b] = p.tiers[0]!.policies[0]!.ingress;
  assert.equal(a!.origin, { file: 'a.yaml', line: 7, column: 3, kind: 'NetworkPolicy', name: 'ns/a', index: 2, path: '' });
  assert.equal(b!.origin, { file: 'b.yaml', line: 9, column: 9, kind: 'GlobalNetworkPolicy', name: 'b', index: 0, path: 'spec.ingress[0]' });
});

test('addresses are stored canonical; strings are JSON strings', () => {
  const p = parsed(
    'snapshot { namespace "a\\"b\\u00e9" labels {"k\\n": "v\\\\"} endpoint "x/y" in "a\\"bé" ips [FD00:0:0::0001, 10.0.0.1] labels {} ' +
      'networkset "n" global labels {} nets [2001:DB8::/32] } final allow',
  );
  const s = p.snapshot!;
  assert.equal(s.namespaces[0], { name: 'a"bé', labels: { 'k\n': 'v\\' } });
  assert.equal(s.endpoints[0]!.ips, ['fd00::1', '10.0.0.1']);
  assert.equal(s.networkSets[0]!.nets, ['2001:db8::/32']);
});

test('snapshot items: optional workload, service account and ports; unknown IPs', () => {
  const p = parsed('snapshot { namespace "prod" labels {} endpoint "prod/a" in "prod" ips unknown labels {"app": "a"} } final allow');
  assert.equal(p.snapshot!.endpoints[0], {
    id: 'prod/a',
    workload: null,
    namespace: 'prod',
    labels: { app: 'a' },
    ips: null,
    ports: [],
    serviceAccount: null,
  });
  const built = endpoint({ name: 'a', namespace: 'prod', ips: null, labels: { app: 'a' } });
  assert.equal(built.labels, { app: 'a', 'projectcalico.org/namespace': 'prod', 'projectcalico.org/orchestrator': 'k8s' });
  assert.equal(namespace('prod').labels, { 'kubernetes.io/metadata.name': 'prod', 'projectcalico.org/name': 'prod' });
});

test('selectors keep quotes and parentheses inside strings; the outer && loses its Calico parentheses', () => {
  const p = parsed('tier "t" order 1 default deny { policy "p" order 1 types [ingress] applies sel(a == ")(" && (b == \'x"y\' || has(c))) {} } final allow');
  const sel = p.tiers[0]!.policies[0]!.subject.selector;
  assert.equal(sel, and(eq('a', ')('), { op: 'or', args: [eq('b', 'x"y'), { op: 'has', key: 'c' }] }));
  assert.ok(printIr(p).includes(`applies sel(a == ")(" && (b == 'x"y' || has(c)))`));
});

test('types are normalised to ingress, egress; `sa any`, `order none`, empty lists', () => {
  const p = parsed('tier "t" order none default pass { policy "p" order none types [egress, ingress] applies sel() sa any { ingress log from nets [] to ports [] } } final deny');
  const pol = p.tiers[0]!.policies[0]!;
  assert.equal(pol.types, ['ingress', 'egress']);
  assert.equal(pol.order, null);
  assert.equal(p.tiers[0]!.order, null);
  assert.equal(pol.subject.serviceAccounts, { names: null, selector: null });
  assert.equal(pol.ingress[0]!.src, peer({ nets: { cidrs: [], scope: 'any' } }));
  assert.equal(pol.ingress[0]!.dst.ports, []);
});

test('the printed form of a rule reads as one line', () => {
  const text = printIr(parsed('tier "t" order 1 default deny { policy "p" order 1 types [ingress] applies sel(all()) { ingress allow proto 47 not proto udp from external nets [10.0.0.0/8] to any } } final allow', 'f.ir'));
  assert.ok(text.includes('\n    ingress allow proto 47 not proto udp from external nets [10.0.0.0/8] to any @ 1:89 rule 0\n'), text);
});

test.run();
