/**
 * Readable witnesses: the solver's arbitrary values (port 0, 0.0.0.0, a namespace `A`) are swapped
 * for familiar ones only where the flow stays in its region and both versions still decide it as
 * the region says; a region that needs the odd value keeps it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { polishWitness } from '../../../src/analysis/diff/universal/polish.js';
import { inRegion, type Cond } from '../../../src/analysis/diff/universal/region.js';
import type { Program } from '../../../src/ir/ast.js';
import { podLabels } from '../../../src/ir/build.js';
import type { Flow, FlowParty } from '../../../src/ir/flow.js';
import { parseIr } from '../../../src/ir/parse.js';
import { evaluate } from '../../../src/oracle/index.js';

const program = (ports: string, from: string): Program => {
  const p = parseIr(`tier "default" order 1000000 default deny {
  policy "db" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow proto tcp from ${from} to ports [${ports}]
  }
}
final allow
`);
  assert.equal(p.diagnostics, []);
  return p.value!;
};

const pod = (ns: string, app: string, ip: string | null): FlowParty => ({
  kind: 'pod',
  pod: {
    name: 'p',
    namespace: ns,
    namespaceLabels: { 'kubernetes.io/metadata.name': ns, 'projectcalico.org/name': ns },
    labels: podLabels(ns, { app }, null),
    ip,
    ports: [],
    serviceAccount: null,
  },
});

test('port 0, address 0.0.0.0 and namespace `A` become familiar values that keep the witness valid', () => {
  const oldP = program('5432', 'sel(app == "web") ns (all())');
  const newP = program('5432, 5433', 'sel(app == "web") ns (all())');
  const conds: Cond[] = [
    { kind: 'protocol', value: 6 },
    { kind: 'range', field: 'dstPort', from: 5433, to: 5433 },
    { kind: 'end', side: 'dst', value: 'pod' },
    { kind: 'label', side: 'dst', map: 'pod', key: 'app', value: 'db' },
    { kind: 'namespace', side: 'dst', name: 'prod' },
    { kind: 'label', side: 'src', map: 'pod', key: 'app', value: 'web' },
  ];
  const change = { old: 'deny', new: 'allow' } as const;
  const raw: Flow = { src: pod('A', 'web', '0.0.0.0'), dst: pod('prod', 'db', null), ipVersion: 4, protocol: 6, srcPort: 0, dstPort: 5433 };
  assert.ok(inRegion({ conds }, raw));
  const w = polishWitness(oldP, newP, { conds }, change, raw);
  assert.is(w.srcPort, 40000);
  assert.is(w.dstPort, 5433, 'the region pins the port');
  assert.ok(w.src.kind === 'pod' && w.src.pod.namespace === 'default' && w.src.pod.ip === '10.0.1.10', JSON.stringify(w.src));
  assert.ok(w.src.kind === 'pod' && w.src.pod.labels['projectcalico.org/namespace'] === 'default');
  assert.ok(inRegion({ conds }, w));
  assert.equal({ old: evaluate(oldP, w).verdict, new: evaluate(newP, w).verdict }, change);
});

test('a swap that would leave the region or change a verdict is not made', () => {
  // Only sources in namespace `A` are affected: renaming it would move the witness out of the change.
  const oldP = program('5432', 'sel(app == "web") ns "A"');
  const newP = program('5432, 5433', 'sel(app == "web") ns "A"');
  const change = { old: 'deny', new: 'allow' } as const;
  const conds: Cond[] = [{ kind: 'protocol', value: 6 }, { kind: 'range', field: 'dstPort', from: 0, to: 65535 }];
  const raw: Flow = { src: pod('A', 'web', null), dst: pod('prod', 'db', null), ipVersion: 4, protocol: 6, srcPort: 0, dstPort: 0 };
  // The raw flow is not in the change (port 0 is not opened): the caller only passes valid witnesses,
  // so start from one the new version opens.
  const valid = { ...raw, dstPort: 5433 };
  const w = polishWitness(oldP, newP, { conds }, change, valid);
  assert.ok(w.src.kind === 'pod' && w.src.pod.namespace === 'A', 'the namespace the policy names stays');
  assert.is(w.dstPort, 5433, 'port 5433 is not 0, so it is kept');
  // An external address the region pins to 0.0.0.0/32 stays.
  const ext: Flow = { src: { kind: 'external', ip: '0.0.0.0' }, dst: pod('prod', 'db', null), ipVersion: 4, protocol: 6, srcPort: 1, dstPort: 80 };
  const pinned: Cond[] = [{ kind: 'address', side: 'src', cidr: '0.0.0.0/32' }];
  const open = program('80', 'nets [0.0.0.0/32]');
  const closed = program('81', 'nets [0.0.0.0/32]');
  assert.is(evaluate(open, ext).verdict, 'allow');
  const kept = polishWitness(open, closed, { conds: pinned }, { old: 'allow', new: 'deny' }, ext);
  assert.equal(kept.src, { kind: 'external', ip: '0.0.0.0' });
});

test.run();
