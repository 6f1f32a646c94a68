/**
 * Translation validation: the emitted rules are proved equivalent to the IR on the corpus, the
 * semantics cases and generated snapshots; a rule set broken on purpose is caught, and every
 * counterexample is replayed through the oracle and the simulator.
 */
import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitIptables, type IptablesRules } from '../../src/emit/iptables/emitIptables.js';
import { loadRules, simulate } from '../../src/emit/iptables/simulate.js';
import { formatCounterexample, validateIptables, type ValidationResult } from '../../src/emit/iptables/validate.js';
import type { Program } from '../../src/ir/ast.js';
import { evaluate } from '../../src/oracle/index.js';
import { cidrRange, formatIp, isParseError, parseCidr, parseIp } from '../../src/util/cidr.js';
import { Prng } from '../../src/util/prng.js';
import type { Flow, FlowParty } from '../../src/ir/flow.js';
import { printFlowText } from '../../src/ir/flowText.js';
import { clusterProgram } from './clusterGen.js';
import { assignAddresses, caseProgram, CASES_DIR, corpusProgram, generatedSnapshots, hasUnknownMarkers, parseProgram, sampleProgram, mutate } from './helpers.js';

function emitted(p: Program): IptablesRules {
  const r = emitIptables(p);
  assert.ok(r.rules, JSON.stringify(r.findings));
  return r.rules!;
}

function assertEquivalent(p: Program, what: string): number {
  const v = validateIptables(p, emitted(p));
  if (v.status === 'counterexample') assert.unreachable(`${what}:\n${formatCounterexample(v.counterexample)}`);
  if (v.status === 'error') assert.unreachable(`${what}: ${v.message}`);
  return v.status === 'equivalent' ? v.cells : 0;
}

/** A counterexample must be one: the oracle and the simulated rules really disagree on it. */
function assertReplays(p: Program, rules: IptablesRules, v: ValidationResult): void {
  assert.is(v.status, 'counterexample', JSON.stringify(v));
  if (v.status !== 'counterexample') return;
  const c = v.counterexample;
  assert.is(evaluate(p, c.flow).verdict, c.oracle);
  const at = (party: typeof c.flow.src) => {
    if (party.kind === 'external') return (parseIp(party.ip) as { addr: bigint }).addr;
    const id = party.kind === 'endpoint' ? party.id : '';
    const ip = p.snapshot!.endpoints.find((e) => e.id === id)!.ips!.find((x) => (x.includes(':') ? 6 : 4) === c.flow.ipVersion)!;
    return (parseIp(ip) as { addr: bigint }).addr;
  };
  const { src: _s, dst: _d, ipVersion, ...rest } = c.flow;
  const sim = simulate(loadRules(rules), { family: ipVersion, src: at(c.flow.src), dst: at(c.flow.dst), ...rest, ctstate: 'NEW' });
  assert.is(sim.verdict, c.emitted);
  assert.is.not(c.oracle === 'allow', c.emitted === 'ACCEPT', 'a counterexample is a disagreement');
}

test('corpus/article-fixed, its Deployment pods given test addresses: equivalent', async () => {
  const p = await corpusProgram('article-fixed');
  const assigned = assignAddresses(p);
  assert.equal([...assigned.keys()], ['app/web', 'calico-system/calico-kube-controllers', 'default/backend', 'default/frontend', 'kube-system/coredns']);
  assert.ok(assertEquivalent(p, 'article-fixed') > 1000);
});

test('corpus/article as it is (no pod has an address): equivalent on nothing, and says so', async () => {
  const p = await corpusProgram('article');
  const r = emitIptables(p);
  assert.ok(r.rules);
  assert.equal(validateIptables(p, r.rules!), { status: 'equivalent', method: 'exhaustive partition', cells: 0 });
});

test('the sample program: equivalent', () => {
  assert.ok(assertEquivalent(sampleProgram(), 'sample') > 5000);
});

test('every semantics case without unmodelled constructs: equivalent', () => {
  let n = 0;
  for (const file of readdirSync(CASES_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    const p = caseProgram(file);
    if (hasUnknownMarkers(p)) continue;
    assertEquivalent(p, file);
    n++;
  }
  assert.ok(n >= 30, `${n} cases`);
});

test('generated clusters (clusterGen.ts): equivalent', () => {
  let cells = 0;
  for (let seed = 1; seed <= 60; seed++) cells += assertEquivalent(clusterProgram(seed, 5), `cluster seed ${seed}`);
  assert.ok(cells > 100_000, `${cells} cells`);
});

test('generated snapshots (test/ir/gen.ts, no unknown markers, unique addresses): equivalent', () => {
  const programs = generatedSnapshots(Array.from({ length: 120 }, (_, i) => 1000 + i));
  assert.ok(programs.length >= 40, `${programs.length} programs`);
  for (const { seed, program } of programs) assertEquivalent(program, `seed ${seed}`);
});


const BREAKAGES: [string, (r: IptablesRules) => IptablesRules, RegExp][] = [
  ['an allow turned into DROP', (r) => mutate(r, 'iptables', /^-A npc-pi-db_\S+ -p tcp .*--set-xmark 0x10000/, (l) => l.replace(/-j MARK .*$/, '-j DROP')), /prod\/web -> prod\/db tcp 5432/],
  ['a port dropped from a multiport', (r) => mutate(r, 'iptables', /--dports 80,8000:8010/, (l) => l.replace('--dports 80,', '--dports ')), /-> prod\/web tcp 80\b/],
  ['an ipset member removed', (r) => mutate(r, 'ipsets', /^add npc4-p-http_\S+ 10\.1\.0\.1,tcp:8080$/, () => null), /-> prod\/web tcp 8080/],
  ['a nomatch entry removed', (r) => mutate(r, 'ipsets', /^add npc4-s-kindoffice_\S+ 10\.1\.0\.1\/32 nomatch$/, () => null), /prod\/web -> prod\/db/],
  ['the end-of-tier drop removed', (r) => mutate(r, 'iptables', /^-A npc-tw-db_\S+ .*end of tier default.* -j DROP$/, () => null), /-> prod\/db/],
  ['an IPv6 dispatch rule removed', (r) => mutate(r, 'ip6tables', /^-A npc-to-wl-dispatch -d fd01::2\/128 /, () => null), /-> prod\/db .*v6|fd01::2|-> prod\/db/],
  ['the pass bit check skipped', (r) => mutate(r, 'iptables', /^-A npc-tw-db_\S+ -m mark --mark 0x0\/0x20000 .* -j npc-pi-db-lockdow_/, (l) => l.replace('-m mark --mark 0x0/0x20000 ', '')), /^192\.168\.50\.\d+ -> prod\/db tcp 5432/],
];

for (const [what, breakIt, expected] of BREAKAGES)
  test(`a rule set with ${what} is caught with a counterexample`, () => {
    const p = sampleProgram();
    const broken = breakIt(emitted(p));
    const v = validateIptables(p, broken);
    assertReplays(p, broken, v);
    if (v.status === 'counterexample') assert.match(v.counterexample.text, expected, formatCounterexample(v.counterexample));
  });

test('a counterexample names the emitted lines the packet went through', () => {
  const p = sampleProgram();
  const v = validateIptables(p, BREAKAGES[0]![1](emitted(p)));
  assert.is(v.status, 'counterexample');
  const text = formatCounterexample((v as Extract<ValidationResult, { status: 'counterexample' }>).counterexample);
  assert.match(text, /the IR says allow; the emitted rules drop it/);
  assert.match(text, /iptables\.rules:\d+ npc-pi-db_\w+: DROP \(policy prod\/db ingress rule 0 allow/);
});

/**
 * Random flows — pods, addresses at and around every CIDR bound, ports at and around every bound —
 * on which the oracle and the simulated rules disagree; an independent check of "equivalent".
 */
function sampledDisagreement(p: Program, rules: IptablesRules, n: number, seed: number): string | null {
  const r = new Prng(seed);
  const loaded = loadRules(rules);
  for (const family of [4, 6] as const) {
    const pods = (p.snapshot?.endpoints ?? []).flatMap((e) => {
      const ip = (e.ips ?? []).find((x) => (x.includes(':') ? 6 : 4) === family);
      return ip ? [{ party: { kind: 'endpoint', id: e.id } as FlowParty, addr: (parseIp(ip) as { addr: bigint }).addr }] : [];
    });
    const podAddrs = new Set(pods.map((x) => x.addr));
    const addrs: bigint[] = [family === 4 ? 0x08080808n : 0x20010db8n << 96n];
    const cidrTexts = [...JSON.stringify(p).matchAll(/"([0-9a-f:.]+\/\d+)"/g)].map((m) => m[1]!);
    for (const t of cidrTexts) {
      const c = parseCidr(t, { strict: false });
      if (isParseError(c) || c.family !== family) continue;
      const { first, last } = cidrRange(c);
      addrs.push(first, last, first - 1n, last + 1n);
    }
    const max = (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
    const externals = addrs.filter((a) => a >= 0n && a <= max && !podAddrs.has(a)).map((a) => ({ party: { kind: 'external', ip: formatIp({ family, addr: a }) } as FlowParty, addr: a }));
    const parties = [...pods, ...externals];
    for (let i = 0; i < n && pods.length > 0; i++) {
      const a = r.chance(0.7) ? r.pick(pods) : r.pick(parties);
      const b = r.pick(parties);
      if (a === b || (a.party.kind !== 'endpoint' && b.party.kind !== 'endpoint')) continue;
      const protocol = r.pick([6, 17, 132, 136, 1, 58, 47]);
      const t: Omit<Flow, 'src' | 'dst' | 'ipVersion'> = { protocol };
      if (protocol === 1 || protocol === 58) Object.assign(t, { icmpType: r.pick([0, 8, 255, r.int(0, 255)]), icmpCode: r.pick([0, 1, r.int(0, 255)]) });
      else if (protocol !== 47) Object.assign(t, { srcPort: r.pick([0, 1, 53, 80, 30000, 30099, 30100, r.int(0, 65535)]), dstPort: r.pick([0, 52, 53, 54, 79, 80, 81, 5432, 7999, 8000, 8080, 8081, 65535, r.int(0, 65535)]) });
      const flow: Flow = { src: a.party, dst: b.party, ipVersion: family, ...t };
      const oracle = evaluate(p, flow).verdict;
      const sim = simulate(loaded, { family, src: a.addr, dst: b.addr, ...t, ctstate: 'NEW' }).verdict;
      if ((oracle === 'allow') !== (sim === 'ACCEPT')) return `${printFlowText(flow)}: oracle ${oracle}, rules ${sim}`;
    }
  }
  return null;
}

test('flipping an allow or a deny in generated programs: caught exactly when some flow changes', () => {
  let caught = 0;
  let unchanged = 0;
  const programs = [
    ...Array.from({ length: 30 }, (_, i) => clusterProgram(100 + i)),
    ...generatedSnapshots(Array.from({ length: 40 }, (_, i) => 2000 + i)).map((g) => g.program),
  ];
  programs.forEach((program, k) => {
    const rules = emitted(program);
    assert.is(sampledDisagreement(program, rules, 300, k), null, 'the unbroken rules agree on sampled flows');
    const lines = rules.iptables.split('\n');
    const targets = lines.flatMap((l, i) => (/^-A npc-(p[io]|[ft]w)-.* -j (MARK --set-xmark 0x10000|DROP)/.test(l) && !l.includes('--ctstate') ? [i] : []));
    for (const i of targets.filter((_, j) => j % Math.ceil(targets.length / 4) === 0)) {
      const flipped = [...lines];
      flipped[i] = lines[i]!.includes('-j DROP') ? lines[i]!.replace('-j DROP', '-j MARK --set-xmark 0x10000/0x10000') : lines[i]!.replace(/-j MARK .*$/, '-j DROP');
      const broken = { ...rules, iptables: flipped.join('\n') };
      const v = validateIptables(program, broken);
      if (v.status === 'equivalent') {
        // The flipped rule is never reached, or decides alike: no sampled flow may tell otherwise.
        assert.is(sampledDisagreement(program, broken, 300, k), null, `the partition missed a difference after flipping line ${i + 1}`);
        unchanged++;
        continue;
      }
      assertReplays(program, broken, v);
      caught++;
    }
  });
  console.log(`flips: ${caught} caught, ${unchanged} without effect`);
  assert.ok(caught >= 40 && unchanged >= 5, `${caught} mutations caught, ${unchanged} without effect`);
});

const TWINS = `snapshot {
  namespace "prod" labels {}
  endpoint "prod/web-1" in "prod" ips [10.3.0.1] labels {"app": "web"}
  endpoint "prod/web-2" in "prod" ips [10.3.0.2] labels {"app": "web"}
  endpoint "prod/web-3" in "prod" ips [10.3.0.3] labels {"app": "web"}
  endpoint "prod/db" in "prod" ips [10.3.0.9] labels {"app": "db"}
}
tier "default" order 1 default deny {
  policy "db" order 1 types [ingress] applies sel(app == "db") {
    ingress allow proto tcp from sel(app == "web") to ports [5432]
  }
}
final allow
`;

test('endpoint classes: twins are checked once, but a rule set that tells twins apart splits them', () => {
  const p = parseProgram(TWINS);
  const rules = emitted(p);
  const whole = validateIptables(p, rules);
  assert.is(whole.status, 'equivalent');
  // Three web pods are one class: fewer flows than one per pair of endpoints.
  const cells = (whole as { cells: number }).cells;
  const perEndpoint = validateIptables(parseProgram(TWINS.replace(/"web"}\n  endpoint "prod\/web-(\d)"/g, '"web", "n": "$1"}\n  endpoint "prod/web-$1"')), rules);
  assert.ok(cells < (perEndpoint as { cells: number }).cells, `${cells} vs ${(perEndpoint as { cells: number }).cells}`);
  const broken = mutate(rules, 'ipsets', /^add npc4-s-appweb_\S+ 10\.3\.0\.3\/32$/, () => null);
  const v = validateIptables(p, broken);
  assertReplays(p, broken, v);
  assert.match((v as { counterexample: { text: string } }).counterexample.text, /^prod\/web-3 -> prod\/db tcp 5432/);
  const redirected = mutate(rules, 'iptables', /^-A npc-to-wl-dispatch -d 10\.3\.0\.2\/32 /, (l) => l.replace(/-g npc-tw-web-2_\w+/, '-g npc-tw-db_' + /npc-tw-db_(\w+)/.exec(rules.iptables)![1]));
  assertReplays(p, redirected, validateIptables(p, redirected));
});

test('rules the simulator cannot give a meaning to are an error, not a proof', () => {
  const p = sampleProgram();
  const r = mutate(emitted(p), 'iptables', /^-A npc-FORWARD .* -j npc-from-wl-dispatch$/, (l) => l.replace('-A npc-FORWARD ', '-A npc-FORWARD -i eth0 '));
  const v = validateIptables(p, r);
  assert.is(v.status, 'error');
  assert.match((v as { message: string }).message, /`-i` .*is not something the simulator knows/);
});

test.run();
