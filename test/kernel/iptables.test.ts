/**
 * The emitted rules in a real kernel: each scenario's `ipsets.rules`, `iptables.rules` and
 * `ip6tables.rules` are loaded into a "node" network namespace that routes between one namespace
 * per pod and one of external addresses (`netns.ts`); real TCP connections and UDP datagrams are
 * sent from every source to every destination on the scenario's ports, IPv4 and IPv6, and each
 * probe's outcome (reached or dropped) must be the oracle's verdict for that exact flow (source
 * port included). Needs root and `ip`, `iptables-restore`, `ip6tables-restore`, `ipset`; without
 * them it prints `SKIPPED: <reason>` and records its tests as skipped.
 *
 * Scenarios: `corpus/article-fixed` (its Deployment pods get addresses from the test-only blocks
 * 10.244.0.0/16 and fd00:244::/64, printed below), the sample program of `test/emit/helpers.ts`
 * (two tiers, Pass, named ports, a network set around pods, `nomatch`) and three generated
 * clusters (`test/emit/clusterGen.ts`) whose verdicts are mixed. External addresses are private ones (10/8, 172.16/12, 192.168/16,
 * fc00::/7) chosen inside the blocks the rules cut the address space into.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitProgram } from '../../src/commands/emit.js';
import type { Program } from '../../src/ir/ast.js';
import type { Flow, FlowParty } from '../../src/ir/flow.js';
import { printFlowText } from '../../src/ir/flowText.js';
import { evaluate } from '../../src/oracle/index.js';
import { cidrHas, familyBits, formatIp, isParseError, parseCidr, parseIp, type Cidr, type IpFamily } from '../../src/util/cidr.js';
import { clusterProgram } from '../emit/clusterGen.js';
import { assignAddresses, corpusProgram, sampleProgram } from '../emit/helpers.js';
import type { Probe } from './agent.js';
import { cleanupStale, Topology, unavailable } from './netns.js';

const PRIVATE: Record<IpFamily, Cidr[]> = {
  4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((t) => parseCidr(t) as Cidr),
  6: [parseCidr('fc00::/7') as Cidr],
};
const EXTRA_EXTERNAL: Record<IpFamily, string[]> = { 4: ['192.168.50.7', '192.168.7.7', '10.1.5.5', '172.16.0.9'], 6: ['fd00:ee::7'] };
/** Source ports come from here, one per probe; listened ports never do. */
const SRC_PORT_BASE = 30000;
const TIMEOUT_MS = 1500;

interface Party {
  flow: FlowParty;
  ns: string;
  address: Record<IpFamily, string | null>;
  pod: boolean;
}

function cidrsOf(p: Program, family: IpFamily): Cidr[] {
  const texts = [
    ...p.tiers.flatMap((t) => t.policies.flatMap((pol) => [...pol.ingress, ...pol.egress].flatMap((r) => [r.src, r.dst].flatMap((s) => [...(s.nets?.cidrs ?? []), ...(s.notNets ?? [])])))),
    ...(p.snapshot?.networkSets.flatMap((n) => n.nets) ?? []),
  ];
  return texts.map((t) => parseCidr(t, { strict: false })).filter((c): c is Cidr => !isParseError(c) && c.family === family);
}

/** Private addresses, one per distinct membership in the program's CIDRs, none a pod's. */
function externals(p: Program, family: IpFamily, taken: Set<string>): string[] {
  const cidrs = cidrsOf(p, family);
  const candidates = [...EXTRA_EXTERNAL[family]];
  for (const c of cidrs) for (const a of [c.addr + 1n, c.addr + (1n << BigInt(familyBits(family) - c.prefix))]) candidates.push(formatIp({ family, addr: a % (1n << BigInt(familyBits(family))) }));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of candidates) {
    const a = parseIp(text);
    if (isParseError(a) || taken.has(text) || !PRIVATE[family].some((c) => cidrHas(c, a)) || text.startsWith('169.254')) continue;
    const key = cidrs.map((c) => (cidrHas(c, a) ? '1' : '0')).join('');
    if (seen.has(key) || out.length >= 4) continue;
    seen.add(key);
    out.push(text);
  }
  return out;
}

/**
 * Ports the rules name and the pods' named ports first, then the neighbours of range ends, and one
 * port nobody names; at most `max`, none in the source port block.
 */
function portsOf(p: Program, max: number): number[] {
  const first = new Set<number>([7777]);
  const then = new Set<number>();
  for (const t of p.tiers)
    for (const pol of t.policies)
      for (const r of [...pol.ingress, ...pol.egress])
        for (const s of [...(r.dst.ports ?? []), ...(r.dst.notPorts ?? [])])
          if (s.kind === 'range') {
            first.add(s.from);
            for (const x of [s.to, s.from - 1, s.to + 1]) then.add(x);
          }
  for (const e of p.snapshot?.endpoints ?? []) for (const np of e.ports) first.add(np.port);
  const usable = (x: number) => x >= 1 && x <= 65535 && (x < SRC_PORT_BASE || x >= SRC_PORT_BASE + 10000);
  const out = [...first].filter(usable).sort((a, b) => a - b).slice(0, max);
  for (const x of [...then].filter(usable).sort((a, b) => a - b)) if (out.length < max && !out.includes(x)) out.push(x);
  return out.sort((a, b) => a - b);
}

interface Outcome {
  probes: number;
  mismatches: string[];
  allowed: number;
}

async function runScenario(name: string, program: Program, maxPorts: number): Promise<Outcome> {
  const report = await emitProgram(program);
  assert.ok(report.files, `${name}: nothing emitted: ${JSON.stringify(report.findings)} ${JSON.stringify(report.validation)}`);
  const topo = new Topology(`npk${process.pid}s${SCENARIO++}`);
  try {
    topo.start();
    const parties: Party[] = [];
    const taken = new Set<string>();
    let i = 0;
    for (const e of program.snapshot?.endpoints ?? []) {
      const first = (f: IpFamily) => (e.ips ?? []).find((x) => (x.includes(':') ? 6 : 4) === f) ?? null;
      const address = { 4: first(4), 6: first(6) } as Record<IpFamily, string | null>;
      if (!address[4] && !address[6]) continue;
      for (const a of Object.values(address)) if (a) taken.add(a);
      const ns = topo.addHost(`p${i++}`, address[4] ? [address[4]] : [], address[6] ? [address[6]] : []);
      parties.push({ flow: { kind: 'endpoint', id: e.id }, ns, address, pod: true });
    }
    const ext = { 4: externals(program, 4, taken), 6: externals(program, 6, taken) };
    const extNs = topo.addHost('ext', ext[4], ext[6]);
    for (const f of [4, 6] as const) for (const a of ext[f]) parties.push({ flow: { kind: 'external', ip: a }, ns: extNs, address: { 4: f === 4 ? a : null, 6: f === 6 ? a : null }, pod: false });
    topo.load({ ipsets: report.files!['ipsets.rules'], iptables: report.files!['iptables.rules'], ip6tables: report.files!['ip6tables.rules'] });

    const ports = portsOf(program, maxPorts);
    const addressesOf = (ns: string) => parties.filter((p) => p.ns === ns).flatMap((p) => [p.address[4], p.address[6]].filter((a): a is string => a !== null));
    await Promise.all([...new Set(parties.map((p) => p.ns))].map((ns) => topo.listen(ns, ports, addressesOf(ns))));

    // Every (source, destination, family, protocol, port) with a pod end.
    const bySource = new Map<string, { probe: Probe; flow: Flow }[]>();
    for (const src of parties)
      for (const dst of parties) {
        if (src === dst || (!src.pod && !dst.pod)) continue;
        for (const family of [4, 6] as const) {
          const from = src.address[family];
          const to = dst.address[family];
          if (!from || !to) continue;
          for (const proto of ['tcp', 'udp'] as const)
            for (const port of ports) {
              const list = bySource.get(src.ns) ?? [];
              bySource.set(src.ns, list);
              const srcPort = SRC_PORT_BASE + list.length;
              const probe: Probe = { id: list.length, proto, src: from, srcPort, dst: to, port, timeoutMs: TIMEOUT_MS };
              const flow: Flow = { src: src.flow, dst: dst.flow, ipVersion: family, protocol: proto === 'tcp' ? 6 : 17, srcPort, dstPort: port };
              list.push({ probe, flow });
            }
        }
      }
    const out: Outcome = { probes: 0, mismatches: [], allowed: 0 };
    await Promise.all(
      [...bySource].map(async ([ns, list]) => {
        const results = await topo.probe(ns, list.map((x) => x.probe));
        const retry: { probe: Probe; flow: Flow }[] = [];
        for (const r of results) {
          const { flow } = list[r.id]!;
          const verdict = evaluate(program, flow).verdict;
          out.probes++;
          if (verdict === 'allow') out.allowed++;
          if ((verdict === 'allow') === r.reached) continue;
          // A packet that should have passed but timed out may have met a busy machine: once more, slower.
          if (verdict === 'allow') retry.push({ ...list[r.id]!, probe: { ...list[r.id]!.probe, srcPort: list[r.id]!.probe.srcPort + 5000, timeoutMs: 4000 } });
          else out.mismatches.push(`${printFlowText(flow)}: the oracle says ${verdict}, the kernel let it through (${r.how})`);
        }
        if (retry.length > 0)
          for (const r of await topo.probe(ns, retry.map((x, id) => ({ ...x.probe, id }))))
            if (!r.reached) out.mismatches.push(`${printFlowText(retry[r.id]!.flow)}: the oracle says allow, the kernel dropped it (${r.how})`);
      }),
    );
    return out;
  } finally {
    topo.destroy();
  }
}

/** True when TCP and UDP between the pods on a few ports are neither all allowed nor all denied. */
function mixedVerdicts(p: Program): boolean {
  const seen = new Set<string>();
  const eps = p.snapshot!.endpoints.filter((e) => (e.ips ?? []).some((ip) => !ip.includes(':')));
  for (const a of eps)
    for (const b of eps)
      if (a !== b)
        for (const protocol of [6, 17])
          for (const dstPort of portsOf(p, 6)) seen.add(evaluate(p, { src: { kind: 'endpoint', id: a.id }, dst: { kind: 'endpoint', id: b.id }, ipVersion: 4, protocol, srcPort: SRC_PORT_BASE, dstPort }).verdict);
  return seen.has('allow') && seen.has('deny');
}

let SCENARIO = 1;
const reason = unavailable();
let total = 0;

const scenarios: [string, () => Promise<Program>, number][] = [
  ['corpus/article-fixed', async () => {
    const p = await corpusProgram('article-fixed');
    const assigned = assignAddresses(p);
    console.log(`article-fixed addresses (test-only): ${[...assigned].map(([id, ips]) => `${id}=${ips.join(',')}`).join(' ')}`);
    return p;
  }, 8],
  ['the sample program', async () => sampleProgram(), 12],
  ...Array.from({ length: 50 }, (_, i) => ({ seed: 7000 + i, program: clusterProgram(7000 + i) }))
    .filter(({ program }) => mixedVerdicts(program))
    .slice(0, 3)
    .map(({ seed, program }): [string, () => Promise<Program>, number] => [`generated cluster seed ${seed}`, async () => program, 8]),
];

if (reason !== null) {
  console.log(`\nSKIPPED: kernel test of the emitted iptables rules: ${reason}\n`);
  for (const [name] of scenarios) test.skip(`${name}: real packets agree with the oracle`, () => undefined);
} else {
  test.before(() => {
    const stale = cleanupStale();
    if (stale.length > 0) console.log(`removed namespaces a dead run left behind: ${stale.join(', ')}`);
  });
  for (const [name, load, maxPorts] of scenarios)
    test(`${name}: real packets agree with the oracle`, async () => {
      const r = await runScenario(name, await load(), maxPorts);
      total += r.probes;
      console.log(`${name}: ${r.probes} probes, ${r.allowed} allowed by the oracle, ${r.mismatches.length} mismatches`);
      assert.equal(r.mismatches, [], `${name}:\n${r.mismatches.slice(0, 20).join('\n')}`);
      assert.ok(r.probes > 50 && r.allowed > 0, `${name}: too few probes (${r.probes}) or none allowed`);
    });
  test.after(() => console.log(`kernel probes in total: ${total}`));
}

test.run();
