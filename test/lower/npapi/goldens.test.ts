/**
 * The lowering against netpol-analyzer's golden connectivity lists, flow by flow: for every
 * ANP/BANP connlist case of core kinds without focus or exposure options, the whole pipeline
 * (`loadPaths` → `loadResources` → `lower` with `ipBlockScope: external`, netpol-analyzer's reading
 * of CIDR peers) and the oracle must agree with the golden `.txt` on sampled flows:
 * - every ordered pair of endpoints (by the name netpol-analyzer prints), TCP/UDP/SCTP, on ports
 *   at and around every boundary the golden mentions;
 * - every endpoint with IPv4 addresses at, around and inside every external range the golden
 *   mentions, in both directions.
 * A pair or address the golden does not list has no connection. `unknown` verdicts are allowed
 * only in programs with unmodelled rules (netpol-analyzer ignores `nodes` peers; netpolc says it
 * cannot tell).
 *
 * This is a sampled check of the semantics, not the conformance harness (which compares whole
 * outputs once connectivity is implemented).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Program } from '../../../src/ir/ast.js';
import type { FlowParty } from '../../../src/ir/flow.js';
import { endpointDisplayName, lower } from '../../../src/lower/index.js';
import { loadResources } from '../../../src/model/loadResources.js';
import { evaluate } from '../../../src/oracle/index.js';
import { loadPaths } from '../../../src/yaml/load.js';
import { CONFORMANCE } from '../../helpers/paths.js';

const SUITE = join(CONFORMANCE, 'netpol-analyzer');

/**
 * Cases that fail for reasons outside this lowering, with the reason. A listed case must still
 * fail: when it starts to pass, take it off the list.
 */
const KNOWN: Record<string, string> = {};

const PROTOCOLS = { TCP: 6, UDP: 17, SCTP: 132 } as const;
type Proto = keyof typeof PROTOCOLS;
type Conns = Record<Proto, [number, number][]>;

interface Line {
  src: string;
  dst: string;
  conns: Conns;
}

/** `All Connections` or `TCP 1-79,81-65535,UDP 53` (a protocol name carries over to the next items). */
function parseConns(text: string): Conns {
  const out: Conns = { TCP: [], UDP: [], SCTP: [] };
  if (text === 'All Connections') {
    for (const p of Object.keys(out) as Proto[]) out[p].push([1, 65535]);
    return out;
  }
  let current: string | undefined;
  for (const item of text.split(',')) {
    const m = /^([A-Z]+) (.*)$/.exec(item);
    const range = m ? m[2]! : item;
    if (m) current = m[1];
    if (current === undefined || !(current in out)) continue;
    const [a, b] = range.split('-').map(Number);
    out[current as Proto].push([a!, b ?? a!]);
  }
  return out;
}

const EXTERNAL = /^([\d.]+)-([\d.]+)\[External\]$/;
const toNumber = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
const inConns = (c: Conns, proto: Proto, port: number) => c[proto].some(([a, b]) => a <= port && port <= b);

interface Manifest {
  cases: { kind: string; inputDir?: string; expectedOutput?: string; format?: string; usesOnlyCoreKinds: boolean; exposureAnalysis?: boolean;
    focusWorkloads?: string[]; focusWorkloadPeers?: string[]; focusDirection?: string; focusConn?: string; resourceKinds: string[] }[];
}

function selectedCases(): { dir: string; golden: string }[] {
  const m = JSON.parse(readFileSync(join(SUITE, 'MANIFEST.cases.json'), 'utf8')) as Manifest;
  return m.cases
    .filter((c) => c.kind === 'connlist' && c.format === 'txt' && c.usesOnlyCoreKinds && !c.exposureAnalysis)
    .filter((c) => !c.focusWorkloads?.length && !c.focusWorkloadPeers?.length && !c.focusDirection && !c.focusConn)
    .filter((c) => c.resourceKinds.includes('AdminNetworkPolicy') || c.resourceKinds.includes('BaselineAdminNetworkPolicy'))
    .map((c) => ({ dir: c.inputDir!, golden: c.expectedOutput! }));
}

/** Sampled flows on which the oracle disagrees with the golden, and the count of unknown verdicts. */
function compare(p: Program, lines: Line[]): { mismatches: string[]; unknown: number; flows: number } {
  const endpoints = p.snapshot!.endpoints;
  const ports = new Set([1, 53, 80, 443, 8080, 65535]);
  const addresses = new Set<number>();
  const external: { side: 'src' | 'dst'; from: number; to: number; pod: string; conns: Conns }[] = [];
  for (const l of lines) {
    for (const ranges of Object.values(l.conns)) for (const [a, b] of ranges) for (const x of [a - 1, a, b, b + 1]) if (x >= 1 && x <= 65535) ports.add(x);
    for (const side of ['src', 'dst'] as const) {
      const m = EXTERNAL.exec(l[side]);
      if (!m) continue;
      const [from, to] = [toNumber(m[1]!), toNumber(m[2]!)];
      external.push({ side, from, to, pod: side === 'src' ? l.dst : l.src, conns: l.conns });
      for (const x of [from - 1, from, Math.floor((from + to) / 2), to, to + 1]) if (x >= 0 && x < 2 ** 32) addresses.add(x);
    }
  }
  const pairs = new Map(lines.map((l) => [`${l.src} => ${l.dst}`, l.conns]));
  const out = { mismatches: [] as string[], unknown: 0, flows: 0 };
  const check = (src: FlowParty, dst: FlowParty, label: string, expected: (proto: Proto, port: number) => boolean) => {
    for (const proto of Object.keys(PROTOCOLS) as Proto[])
      for (const port of ports) {
        out.flows++;
        const v = evaluate(p, { src, dst, ipVersion: 4, protocol: PROTOCOLS[proto], srcPort: 40000, dstPort: port }).verdict;
        if (v === 'unknown') out.unknown++;
        else if (v !== (expected(proto, port) ? 'allow' : 'deny')) out.mismatches.push(`${label} ${proto}/${port}: golden ${expected(proto, port) ? 'allow' : 'deny'}, netpolc ${v}`);
      }
  };
  for (const s of endpoints)
    for (const d of endpoints) {
      const [sn, dn] = [endpointDisplayName(s), endpointDisplayName(d)];
      if (sn === dn) continue; // netpol-analyzer lists no connection of a workload to itself
      const conns = pairs.get(`${sn} => ${dn}`);
      check({ kind: 'endpoint', id: s.id }, { kind: 'endpoint', id: d.id }, `${sn} => ${dn}`, (proto, port) => !!conns && inConns(conns, proto, port));
    }
  for (const e of endpoints) {
    const name = endpointDisplayName(e);
    for (const n of addresses)
      for (const side of ['src', 'dst'] as const) {
        const ip: FlowParty = { kind: 'external', ip: toIp(n) };
        const pod: FlowParty = { kind: 'endpoint', id: e.id };
        const covering = external.filter((x) => x.side === side && x.pod === name && x.from <= n && n <= x.to);
        const label = side === 'src' ? `${toIp(n)} => ${name}` : `${name} => ${toIp(n)}`;
        check(side === 'src' ? ip : pod, side === 'src' ? pod : ip, label, (proto, port) => covering.some((x) => inConns(x.conns, proto, port)));
      }
  }
  return out;
}

const CASES = selectedCases();
let flows = 0;

test('the manifest selects the ANP/BANP connlist cases', () => {
  assert.ok(CASES.length >= 30, `only ${CASES.length} cases`);
});

for (const c of CASES) {
  test(`${c.dir}: netpolc agrees with netpol-analyzer's golden on sampled flows`, async () => {
    const loaded = await loadPaths([join(SUITE, c.dir)]);
    const lowered = lower(loadResources(loaded.documents).value, { ipBlockScope: 'external' });
    const lines: Line[] = [];
    for (const text of readFileSync(join(SUITE, c.golden), 'utf8').split('\n')) {
      const m = /^(.*) => (.*) : (.*)$/.exec(text.trim());
      if (m) lines.push({ src: m[1]!, dst: m[2]!, conns: parseConns(m[3]!) });
    }
    assert.ok(lines.length > 0, 'the golden lists connections');
    const r = compare(lowered.value, lines);
    flows += r.flows;
    const hasUnmodelled = lowered.value.tiers.some((t) => t.policies.some((p) => [...p.ingress, ...p.egress].some((x) => x.unknown.length > 0)));
    if (!hasUnmodelled) assert.is(r.unknown, 0, 'unknown verdicts without unmodelled rules');
    const known = KNOWN[c.dir];
    if (known) assert.ok(r.mismatches.length > 0, `${c.dir} now agrees with its golden: remove it from KNOWN (${known})`);
    else assert.equal(r.mismatches.slice(0, 5), [], `${r.mismatches.length} mismatches`);
  });
}

test('flows were compared', () => {
  assert.ok(flows > 10_000, `only ${flows} flows`);
});

test.run();
