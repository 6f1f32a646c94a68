/**
 * Connectivity is decided per cell of a partition (per direction: local class × remote class ×
 * port interval × protocol; external blocks as remote members), on slices of the program. These
 * tests check the partition against the oracle on the *whole* program: every sampled flow,
 * anywhere in a cell, must get the verdict the matrix reports for that cell. They also pin the
 * display rules (a workload's pods are one row unless the policies tell them apart).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeConnectivity } from '../../src/connectivity/compute.js';
import { evaluate } from '../../src/oracle/index.js';
import type { Flow, FlowParty } from '../../src/ir/flow.js';
import { PORT_PROTOCOLS, PROTOCOL_NUMBER } from '../../src/connectivity/connset.js';
import { Prng } from '../../src/util/prng.js';
import { randomProgram } from '../ir/gen.js';
import { program } from '../oracle/fixtures.js';
import { parseIr } from '../../src/ir/parse.js';
import { generateCluster, programOf } from '../../bench/connectivity.js';

test('a default-deny on ingress with one allowed port shows exactly that port', () => {
  const p = program(`tier "default" order 1000000 default deny {
  policy "p" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow proto tcp from sel(app == "web") ns "prod" to ports [5432]
  }
}
final allow
`);
  const r = computeConnectivity(p);
  const into = r.connections.filter((c) => c.dst.startsWith('prod/db'));
  assert.equal(into.map((c) => [c.src, c.conn.toString()]), [['prod/web[Pod]', 'TCP 5432']]);
  // Everything else is untouched by the policy: web can reach the template pod on every port.
  const other = r.connections.find((c) => c.src === 'prod/web[Pod]' && c.dst === 'dev/tmpl[Deployment]');
  assert.is(other?.conn.toString(), 'All Connections');
});

test('external blocks are cut at the CIDRs a rule names', () => {
  const p = program(`tier "default" order 1000000 default deny {
  policy "p" order 1000 types [ingress] applies sel(app == "web") ns "prod" {
    ingress allow from nets [10.0.0.0/8] not nets [10.1.0.0/16] to any
  }
}
final allow
`);
  const r = computeConnectivity(p);
  const ext = r.connections.filter((c) => c.dst === 'prod/web[Pod]' && c.src.endsWith('[External]')).map((c) => c.src);
  assert.equal(ext.sort(), ['10.0.0.0-10.0.255.255[External]', '10.2.0.0-10.255.255.255[External]']);
});

/** A random member of a display name's cell: another port in the same interval, another address. */
function sampleFlows(seed: number, n: number) {
  const r = new Prng(seed);
  const flows: { program: ReturnType<typeof randomProgram>; flow: Flow }[] = [];
  for (let i = 0; flows.length < n && i < n * 20; i++) {
    const p = randomProgram(seed * 1000 + i);
    const eps = p.snapshot?.endpoints ?? [];
    if (eps.length < 2) continue;
    const party = (): FlowParty =>
      r.chance(0.75)
        ? { kind: 'endpoint', id: r.pick(eps).id }
        : { kind: 'external', ip: `${r.pick([10, 192, 8, 198, 203])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(0, 255)}` };
    for (let k = 0; k < 8; k++) {
      const proto = r.pick(PORT_PROTOCOLS);
      flows.push({ program: p, flow: { src: party(), dst: party(), ipVersion: 4, protocol: PROTOCOL_NUMBER[proto], dstPort: r.chance(0.5) ? r.pick([22, 53, 80, 443, 5432, 8080]) : r.int(1, 65535) } });
    }
  }
  return flows;
}

test('every sampled flow gets the verdict of its cell (random programs, oracle as ground truth)', () => {
  const cache = new Map<object, ReturnType<typeof computeConnectivity>>();
  let checked = 0;
  let allowedSeen = 0;
  for (const { program: p, flow } of sampleFlows(7, 6000)) {
    let r = cache.get(p);
    if (!r) cache.set(p, (r = computeConnectivity(p)));
    const s = r.displayOf(flow.src, 'src');
    const d = r.displayOf(flow.dst, 'dst');
    if (!s || !d || s === d || (flow.src.kind === 'external' && flow.dst.kind === 'external')) continue;
    const truth = evaluate(p, flow).verdict;
    const proto = PORT_PROTOCOLS.find((x) => PROTOCOL_NUMBER[x] === flow.protocol)!;
    const allowed = r.connections.find((c) => c.src === s && c.dst === d)?.conn.allows(proto, flow.dstPort) ?? false;
    const unknown = r.unknown.find((c) => c.src === s && c.dst === d)?.conn.allows(proto, flow.dstPort) ?? false;
    const reported = allowed ? 'allow' : unknown ? 'unknown' : 'deny';
    assert.is(reported, truth, `${JSON.stringify(flow)} in ${s} → ${d}`);
    checked++;
    if (truth === 'allow') allowedSeen++;
  }
  assert.ok(checked > 3000, `checked ${checked} flows`);
  assert.ok(allowedSeen > 300 && allowedSeen < checked - 300, 'both verdicts are exercised');
});

test('with otherProtocols, protocols without ports get the oracle verdict too', () => {
  const r = new Prng(5);
  let checked = 0;
  const verdicts = new Set<string>();
  for (let i = 0; i < 60; i++) {
    const p = randomProgram(9000 + i);
    const eps = p.snapshot?.endpoints ?? [];
    if (eps.length < 2) continue;
    const c = computeConnectivity(p, { otherProtocols: true });
    for (let k = 0; k < 40; k++) {
      const flow: Flow = { src: { kind: 'endpoint', id: r.pick(eps).id }, dst: { kind: 'endpoint', id: r.pick(eps).id }, ipVersion: 4, protocol: r.pick([2, 47, 50, 89, 255]) };
      const s = c.displayOf(flow.src, 'src');
      const d = c.displayOf(flow.dst, 'dst');
      if (!s || !d || s === d) continue;
      const truth = evaluate(p, flow).verdict;
      const allowed = c.connections.find((x) => x.src === s && x.dst === d)?.conn.allows(flow.protocol) ?? false;
      const unknown = c.unknown.find((x) => x.src === s && x.dst === d)?.conn.allows(flow.protocol) ?? false;
      assert.is(allowed ? 'allow' : unknown ? 'unknown' : 'deny', truth, `${JSON.stringify(flow)} in ${s} → ${d}`);
      checked++;
      verdicts.add(truth);
    }
  }
  assert.ok(checked > 400 && verdicts.has('allow') && verdicts.has('deny'), `checked ${checked}: ${[...verdicts]}`);
});

test('generated clusters (Kubernetes and Calico, CIDRs, named ports): sampled flows get the oracle verdict', () => {
  const p = programOf(generateCluster(240, 3).yaml);
  const r = computeConnectivity(p);
  assert.ok(r.stats.classes < r.stats.endpoints / 2, `${r.stats.classes} classes for ${r.stats.endpoints} endpoints`);
  const byPair = new Map(r.connections.map((c) => [`${c.src}|${c.dst}`, c.conn]));
  assert.is(r.unknown.length, 0);
  const eps = p.snapshot!.endpoints;
  const rng = new Prng(11);
  const ips = () =>
    rng.pick([
      () => `10.${rng.int(0, 40)}.${rng.int(0, 255)}.${rng.int(0, 255)}`,
      () => `192.168.${rng.int(0, 255)}.${rng.int(0, 255)}`,
      () => `203.0.113.${rng.int(0, 255)}`,
      () => `100.${rng.int(64, 127)}.${rng.int(0, 255)}.1`,
      () => `169.254.${rng.int(0, 255)}.9`,
      () => `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(0, 255)}`,
    ])();
  const party = (): FlowParty => (rng.chance(0.8) ? { kind: 'endpoint', id: rng.pick(eps).id } : { kind: 'external', ip: ips() });
  let checked = 0;
  const seen = { allow: 0, deny: 0 };
  for (let i = 0; i < 4000; i++) {
    const flow: Flow = {
      src: party(),
      dst: party(),
      ipVersion: 4,
      protocol: PROTOCOL_NUMBER[rng.pick(PORT_PROTOCOLS)],
      dstPort: rng.chance(0.7) ? rng.pick([53, 80, 443, 5432, 8000, 8050, 8100, 8101, 8080, 9090]) : rng.int(1, 65535),
    };
    const s = r.displayOf(flow.src, 'src');
    const d = r.displayOf(flow.dst, 'dst');
    if (!s || !d || s === d || (flow.src.kind === 'external' && flow.dst.kind === 'external')) continue;
    const truth = evaluate(p, flow).verdict;
    const proto = PORT_PROTOCOLS.find((x) => PROTOCOL_NUMBER[x] === flow.protocol)!;
    const reported = byPair.get(`${s}|${d}`)?.allows(proto, flow.dstPort) ? 'allow' : 'deny';
    assert.is(reported, truth, `${JSON.stringify(flow)} in ${s} → ${d}`);
    checked++;
    seen[reported]++;
  }
  assert.ok(checked > 2500 && seen.allow > 200 && seen.deny > 200, JSON.stringify({ checked, ...seen }));
});

test('list(keep) lists exactly the kept pairs of the whole listing', () => {
  const r = computeConnectivity(programOf(generateCluster(120, 5).yaml));
  const keep = (s: { namespace: string }, d: { external: boolean }) => s.namespace === 'ns-01' || d.external;
  const kept = r.list(keep);
  const rows = new Map(r.peers.map((p) => [p.display, p]));
  const expected = r.connections.filter((c) => rows.get(c.src)?.namespace === 'ns-01' || c.dst.endsWith('[External]'));
  assert.equal(kept.connections.map((c) => `${c.src}|${c.dst}|${c.conn.toString()}`), expected.map((c) => `${c.src}|${c.dst}|${c.conn.toString()}`));
  assert.ok(expected.length > 10 && expected.length < r.connections.length);
});

/** Two pods of one owner whose labels differ under `app`, and a bare pod, with `tiers` over them. */
function sameOwner(tiers: string) {
  const r = parseIr(
    `snapshot {
  namespace "default" labels {"kubernetes.io/metadata.name": "default"}
  endpoint "default/pod-1" in "default" workload "default/internal-security[Pod]" ips [10.0.0.1] labels {"security": "internal", "app": "command-selector"}
  endpoint "default/pod-2" in "default" workload "default/internal-security[Pod]" ips [10.0.0.2] labels {"security": "internal", "app": "query-selector"}
  endpoint "default/pod-3" in "default" ips [10.0.0.3] labels {"app": "pod3"}
}
${tiers}`,
    { file: 'same-owner.ir' },
  );
  assert.equal(r.diagnostics, []);
  return computeConnectivity(r.value!);
}

const fromApp = (sel: string) => `tier "default" order 1000000 default deny {
  policy "p" order 1000 types [ingress] applies sel(all()) ns "default" {
    ingress allow proto tcp from sel(${sel}) ns "default" to ports [80]
  }
}
final allow
`;

test('pods of one owner are one row when no selector tells them apart, even if a selector reads the differing key', () => {
  const r = sameOwner(fromApp('app == "pod3"'));
  assert.equal(r.splitWorkloads, []);
  assert.equal(r.peers.map((p) => p.display), ['default/internal-security[Pod]', 'default/pod-3[Pod]']);
  assert.equal(
    r.connections.filter((c) => !c.src.endsWith('[External]') && !c.dst.endsWith('[External]')).map((c) => `${c.src} => ${c.dst} : ${c.conn.toString()}`),
    ['default/pod-3[Pod] => default/internal-security[Pod] : TCP 80'],
  );
});

test('pods of one owner that a selector tells apart are listed one by one, and named by their owner', () => {
  const r = sameOwner(fromApp('app == "query-selector"'));
  assert.equal(r.splitWorkloads, ['default/internal-security[Pod]']);
  assert.equal(
    r.peers.map((p) => [p.display, p.name]),
    [
      ['default/internal-security[Pod]/default/pod-1', 'internal-security'],
      ['default/internal-security[Pod]/default/pod-2', 'internal-security'],
      ['default/pod-3[Pod]', 'pod-3'],
    ],
  );
  const pods = r.connections.filter((c) => !c.src.endsWith('[External]') && !c.dst.endsWith('[External]'));
  assert.equal(pods.map((c) => `${c.src} => ${c.dst}`), [
    'default/internal-security[Pod]/default/pod-2 => default/internal-security[Pod]/default/pod-1',
    'default/internal-security[Pod]/default/pod-2 => default/pod-3[Pod]',
  ]);
  assert.is(r.displayOf({ kind: 'endpoint', id: 'default/pod-2' }, 'src'), 'default/internal-security[Pod]/default/pod-2');
});

test.run();
