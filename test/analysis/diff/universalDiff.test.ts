/**
 * Universal diff: a version against itself is equivalent with no regions; on a hand-written change
 * the regions say what changed; on generated (old, new) pairs every region's witness is decided
 * as the region says by the oracle in both versions, sampled flows inside a region are decided the
 * same way, and sampled realisable flows outside every region get equal verdicts (bounded counts,
 * so Z3 stays cheap on two shared cores).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffUniversal } from '../../../src/analysis/diff/universal/universalDiff.js';
import { describeCond, inRegion } from '../../../src/analysis/diff/universal/region.js';
import type { UniversalDiff } from '../../../src/analysis/diff/types.js';
import type { Program } from '../../../src/ir/ast.js';
import { podLabels } from '../../../src/ir/build.js';
import type { Flow, FlowParty } from '../../../src/ir/flow.js';
import { parseIr } from '../../../src/ir/parse.js';
import { evaluate } from '../../../src/oracle/index.js';
import { shutdownSolver } from '../../../src/smt/solver.js';
import { Prng } from '../../../src/util/prng.js';
import { loadProgram } from '../../../src/pipeline.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mutateOneRule, pairProgram } from './pairs.js';

const NS = (n: string, extra = '') => `  namespace "${n}" labels {${extra}"kubernetes.io/metadata.name": "${n}", "projectcalico.org/name": "${n}"}\n`;
const DB = (from: string, ports: string) => `snapshot {\n${NS('prod', '"team": "a", ')}${NS('dev', '"team": "b", ')}}
tier "default" order 1000000 default deny {
  policy "db" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow proto tcp from sel(app == "web") ${from} to ports [${ports}]
  }
}
final allow
`;

function ir(text: string): Program {
  const p = parseIr(text);
  assert.equal(p.diagnostics, []);
  return p.value!;
}

function checkWitnesses(oldP: Program, newP: Program, d: UniversalDiff): void {
  for (const r of d.regions) {
    assert.ok(inRegion(r, r.witness), `the witness lies in its region: ${r.conds.map(describeCond).join(', ')}`);
    assert.is(evaluate(oldP, r.witness).verdict, r.change.old);
    assert.is(evaluate(newP, r.witness).verdict, r.change.new);
    assert.is.not(r.change.old, r.change.new);
  }
}

test('a version against itself: equivalent, no regions', async () => {
  const p = ir(DB('ns "prod"', '5432'));
  const d = await diffUniversal(p, p);
  assert.is(d.status, 'complete');
  assert.equal(d.regions, []);
  assert.is(d.relation, 'equivalent');
});

test('opening the database to a second port: one newly allowed region on that port', async () => {
  const oldP = ir(DB('ns "prod"', '5432'));
  const newP = ir(DB('ns "prod"', '5432, 5433'));
  const d = await diffUniversal(oldP, newP);
  assert.is(d.status, 'complete');
  assert.is(d.relation, 'old-subset-new');
  assert.ok(d.regions.length >= 1);
  checkWitnesses(oldP, newP, d);
  for (const r of d.regions) {
    assert.equal(r.change, { old: 'deny', new: 'allow' });
    assert.ok(r.conds.some((c) => c.kind === 'range' && c.field === 'dstPort' && c.from === 5433 && c.to === 5433));
    assert.ok(r.conds.some((c) => c.kind === 'label' && c.side === 'dst' && c.key === 'app' && c.value === 'db'));
  }
});

test('closing the database to its own namespace: stricter, regions are newly denied', async () => {
  const oldP = ir(DB('ns (all())', '5432'));
  const newP = ir(DB('ns "prod"', '5432'));
  const d = await diffUniversal(oldP, newP);
  assert.is(d.status, 'complete');
  assert.is(d.relation, 'new-subset-old');
  assert.ok(d.regions.length >= 1);
  checkWitnesses(oldP, newP, d);
  for (const r of d.regions) assert.equal(r.change, { old: 'allow', new: 'deny' });
});

test('a solver timeout is reported as unknown, never as equal', async () => {
  const oldP = pairProgram(3, 10);
  const newP = mutateOneRule(oldP, 21)!;
  const d = await diffUniversal(oldP, newP, { timeoutMs: 1, maxRegions: 2 });
  assert.is(d.status, 'unknown');
  assert.match(d.reason ?? '', /the solver gave up/);
  assert.is(d.relation, null);
  assert.is.not(d.relation, 'equivalent');
});

test("the article's namespace fix: one region per effect, exceptions carved, readable witnesses", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-carve-'));
  try {
    const text = readFileSync('corpus/article-fixed/policies.yaml', 'utf8');
    writeFileSync(join(dir, 'fixed.yaml'), text.replace('"kubesystem"', '"kube-system"'));
    const oldP = (await loadProgram(['corpus/article-fixed/policies.yaml'])).program!;
    const newP = (await loadProgram([join(dir, 'fixed.yaml')])).program!;
    const d = await diffUniversal(oldP, newP);
    assert.is(d.status, 'complete');
    assert.is(d.relation, 'incomparable');
    checkWitnesses(oldP, newP, d);
    // Each namespace gains or loses: egress to external, to calico-system, to its own namespace;
    // ingress from external, from calico-system, and udp/53 to its DNS pods from any pod.
    assert.ok(d.regions.length <= 10, `${d.regions.length} regions (namespaces that change alike are merged)`);
    const carved = d.regions.filter((r) => (r.except ?? []).length > 0);
    assert.is(carved.length, 2, 'kube-system → calico-system and kubesystem → calico-system');
    for (const r of carved) {
      assert.equal(r.except, [[
        { kind: 'protocol', value: 17 },
        { kind: 'range', field: 'dstPort', from: 53, to: 53 },
        { kind: 'label', side: 'dst', map: 'pod', key: 'k8s-app', value: 'kube-dns' },
      ]]);
      assert.ok(r.conds.some((c) => c.kind === 'namespace' && c.side === 'dst' && c.name === 'calico-system'));
      assert.ok(!r.conds.some((c) => c.kind === 'protocol' || c.kind === 'range' || c.kind === 'label'), 'the exception replaced the conditions it carves');
    }
    for (const r of d.regions) {
      assert.ok([1, 6, 17, 58].includes(r.witness.protocol), `a well-known protocol: ${r.witness.protocol}`);
      for (const end of [r.witness.src, r.witness.dst]) {
        if (end.kind === 'external') assert.is.not(end.ip, '0.0.0.0');
        if (end.kind === 'pod') assert.ok(end.pod.namespace.length > 1, end.pod.namespace);
      }
    }
    // Flows around the exception's edge: inside the region they change, inside the exception they do not.
    const r = carved[0]!;
    for (const port of [52, 53, 54])
      for (const protocol of [6, 17])
        for (const dns of [true, false]) {
          const w = r.witness;
          const dst = w.dst.kind === 'pod' ? { kind: 'pod' as const, pod: { ...w.dst.pod, labels: { ...w.dst.pod.labels, 'k8s-app': dns ? 'kube-dns' : 'other' } } } : w.dst;
          const f: Flow = { ...w, dst, protocol, dstPort: port, srcPort: 40000 };
          const verdicts = { old: evaluate(oldP, f).verdict, new: evaluate(newP, f).verdict };
          if (inRegion(r, f)) assert.equal(verdicts, r.change, JSON.stringify(f));
          else assert.ok(port === 53 && protocol === 17 && dns && verdicts.old === verdicts.new, JSON.stringify(f));
        }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ── generated pairs, with sampled flows ─────────────────────────────────────────────────────

const APPS = ['web', 'db', 'api', 'cache', 'mq', 'auth', 'other'];
const NAMESPACES = ['prod', 'dev', 'ops', 'elsewhere'];

/** A realisable flow between hypothetical pods and external addresses (the pairs' vocabulary). */
function randomFlow(r: Prng, p: Program): Flow {
  const end = (side: string): FlowParty => {
    if (r.chance(0.2)) return { kind: 'external', ip: r.pick(['8.8.8.8', '203.0.113.7', '192.168.3.4', '172.16.0.1']) };
    const ns = r.pick(NAMESPACES);
    const known = p.snapshot?.namespaces.find((n) => n.name === ns);
    const labels: Record<string, string> = {};
    if (r.chance(0.9)) labels.app = r.pick(APPS);
    if (r.chance(0.7)) labels.tier = r.pick(['front', 'back']);
    const sa = r.chance(0.8) ? 'default' : null;
    return {
      kind: 'pod',
      pod: {
        name: `${side}-pod`,
        namespace: ns,
        namespaceLabels: known ? known.labels : { 'kubernetes.io/metadata.name': ns, 'projectcalico.org/name': ns },
        labels: podLabels(ns, labels, sa),
        ip: `10.${r.int(0, 3)}.${r.int(0, 3)}.${r.int(1, 250)}`,
        ports: r.chance(0.5) ? [{ name: 'http', protocol: 6, port: r.pick([80, 8080]) }] : [],
        serviceAccount: sa === null ? null : { name: sa, labels: {} },
      },
    };
  };
  const protocol = r.pick([6, 6, 17]);
  return { src: end('src'), dst: end('dst'), ipVersion: 4, protocol, srcPort: r.int(1024, 65535), dstPort: r.pick([80, 443, 5432, 8080, 53, r.int(1, 65535)]) };
}

/** The witness with its port moved inside the region's range (other fields kept), when it has one. */
function nearWitness(r: Prng, w: Flow, conds: UniversalDiff['regions'][number]['conds']): Flow {
  const range = conds.find((c) => c.kind === 'range' && c.field === 'dstPort');
  const dstPort = range && range.kind === 'range' ? r.int(range.from, range.to) : r.int(1, 65535);
  return { ...w, dstPort, srcPort: r.int(1, 65535) };
}

test('generated pairs: witnesses replay, flows inside a region differ as it says, flows outside agree', async () => {
  let pairs = 0;
  let inside = 0;
  let outside = 0;
  for (let seed = 1; pairs < 4 && seed < 40; seed++) {
    const oldP = pairProgram(seed, 6);
    const newP = mutateOneRule(oldP, seed * 7);
    if (!newP) continue;
    const d = await diffUniversal(oldP, newP, { maxRegions: 8, maxQueries: 600, timeoutMs: 10_000 });
    if (d.status !== 'complete') continue;
    pairs++;
    checkWitnesses(oldP, newP, d);
    const r = new Prng(seed);
    for (const region of d.regions)
      for (let i = 0; i < 10; i++) {
        const f = nearWitness(r, region.witness, region.conds);
        if (!inRegion(region, f)) continue;
        inside++;
        assert.equal({ old: evaluate(oldP, f).verdict, new: evaluate(newP, f).verdict }, region.change, JSON.stringify(f));
      }
    for (let i = 0; i < 300; i++) {
      const f = randomFlow(r, oldP);
      const hit = d.regions.find((g) => inRegion(g, f));
      const [a, b] = [evaluate(oldP, f).verdict, evaluate(newP, f).verdict];
      if (hit) {
        inside++;
        assert.equal({ old: a, new: b }, hit.change, JSON.stringify(f));
      } else {
        outside++;
        assert.is(a, b, `outside every region: ${JSON.stringify(f)}`);
      }
    }
    if (d.regions.length === 0) assert.is(d.relation, 'equivalent');
  }
  assert.ok(pairs >= 3, `compared ${pairs} pairs`);
  assert.ok(inside > 0 && outside > 0, `${inside} flows inside regions, ${outside} outside`);
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
