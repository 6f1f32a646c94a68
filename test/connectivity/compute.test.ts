/**
 * Connectivity is decided per cell of a partition (endpoint class pair × port interval ×
 * protocol × external block). These tests check the partition against the oracle: every sampled
 * flow, anywhere in a cell, must get the verdict the matrix reports for that cell.
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

test.run();
