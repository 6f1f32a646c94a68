/**
 * Translation validation with Z3 (`emit/iptables/smt/`): the emitted rules are proved equivalent
 * to the IR on the corpus, the sample program and generated clusters; every rule set broken on
 * purpose (the breakages of `validate.test.ts`) is caught with a counterexample that the oracle and
 * the simulator replay; and the Z3 checker and the partition checker agree on every case here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHECKS, describeEmit, emitProgram } from '../../src/commands/emit.js';
import { emitIptables, type IptablesRules } from '../../src/emit/iptables/emitIptables.js';
import { loadRules, simulate } from '../../src/emit/iptables/simulate.js';
import { proveIptables, proveIptablesWithStats, type FamilyStats } from '../../src/emit/iptables/smt/proveIptables.js';
import { formatCounterexample, validateIptables, type ValidationResult } from '../../src/emit/iptables/validate.js';
import type { Program } from '../../src/ir/ast.js';
import type { FlowParty } from '../../src/ir/flow.js';
import { evaluate } from '../../src/oracle/index.js';
import { shutdownSolver } from '../../src/smt/solver.js';
import { parseIp } from '../../src/util/cidr.js';
import { clusterProgram } from './clusterGen.js';
import { readdirSync } from 'node:fs';
import { assignAddresses, caseProgram, CASES_DIR, corpusProgram, generatedSnapshots, hasUnknownMarkers, sampleProgram, mutate } from './helpers.js';

function emitted(p: Program): IptablesRules {
  const r = emitIptables(p);
  assert.ok(r.rules, JSON.stringify(r.findings));
  return r.rules!;
}

const timings: string[] = [];

function describe(v: ValidationResult): string {
  if (v.status === 'counterexample') return formatCounterexample(v.counterexample);
  return v.status === 'error' ? v.message : 'equivalent';
}

/** Both checkers prove `rules` equivalent to `p`. */
async function assertBothProve(p: Program, rules: IptablesRules, what: string): Promise<FamilyStats[]> {
  const { result, stats } = await proveIptablesWithStats(p, rules);
  assert.is(result.status, 'equivalent', `${what} (Z3): ${describe(result)}`);
  const partition = validateIptables(p, rules);
  assert.is(partition.status, 'equivalent', `${what} (partition): ${describe(partition)}`);
  const ms = stats.map((s) => `v${s.family} ${s.answer} ${s.terms} terms ${s.encodeMs.toFixed(0)}+${s.solveMs.toFixed(0)} ms`).join(', ');
  timings.push(`${what}: ${ms}`);
  return stats;
}

/** A counterexample must be one: the oracle and the simulated rules really disagree on it. */
function assertReplays(p: Program, rules: IptablesRules, v: ValidationResult, what: string): void {
  assert.is(v.status, 'counterexample', `${what}: ${describe(v)}`);
  if (v.status !== 'counterexample') return;
  const c = v.counterexample;
  assert.is(evaluate(p, c.flow).verdict, c.oracle);
  const at = (party: FlowParty): bigint => {
    if (party.kind === 'external') return (parseIp(party.ip) as { addr: bigint }).addr;
    const id = party.kind === 'endpoint' ? party.id : '';
    const ip = p.snapshot!.endpoints.find((e) => e.id === id)!.ips!.find((x) => (x.includes(':') ? 6 : 4) === c.flow.ipVersion)!;
    return (parseIp(ip) as { addr: bigint }).addr;
  };
  const { src, dst, ipVersion, ...rest } = c.flow;
  const sim = simulate(loadRules(rules), { family: ipVersion, src: at(src), dst: at(dst), ...rest, ctstate: 'NEW' });
  assert.is(sim.verdict, c.emitted);
  assert.is.not(c.oracle === 'allow', c.emitted === 'ACCEPT', `${what}: a counterexample is a disagreement`);
}

test('corpus/article-fixed, its Deployment pods given test addresses: proved by Z3', async () => {
  const p = await corpusProgram('article-fixed');
  assert.is(assignAddresses(p).size, 5);
  const stats = await assertBothProve(p, emitted(p), 'article-fixed');
  assert.equal(stats.map((s) => s.answer), ['unsat', 'unsat']);
});

test('corpus/article (no pod has an address): nothing in scope, equivalent with no query', async () => {
  const p = await corpusProgram('article');
  const { result, stats } = await proveIptablesWithStats(p, emitted(p));
  assert.equal(result, { status: 'equivalent', method: 'Z3', cells: 0 });
  assert.equal(stats.map((s) => s.answer), ['skipped', 'skipped']);
});

test('the sample program (tiers, Pass, nomatch, named ports, ICMP, u32): proved by Z3', async () => {
  const stats = await assertBothProve(sampleProgram(), emitted(sampleProgram()), 'sample');
  assert.ok(stats.every((s) => s.rulesWalked > 50));
});

test('every semantics case without unmodelled constructs: proved by Z3', async () => {
  let n = 0;
  for (const file of readdirSync(CASES_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    const p = caseProgram(file);
    if (hasUnknownMarkers(p)) continue;
    const r = emitIptables(p);
    if (!r.rules) continue;
    await assertBothProve(p, r.rules, file);
    n++;
  }
  assert.ok(n >= 30, `${n} cases`);
});

test('generated clusters (clusterGen.ts): proved by Z3', async () => {
  for (let seed = 1; seed <= 12; seed++) {
    const p = clusterProgram(seed, 5);
    await assertBothProve(p, emitted(p), `cluster seed ${seed}`);
  }
});

test('generated snapshots (test/ir/gen.ts): proved by Z3', async () => {
  const programs = generatedSnapshots(Array.from({ length: 30 }, (_, i) => 1000 + i)).slice(0, 8);
  assert.ok(programs.length >= 5, `${programs.length} programs`);
  for (const { seed, program } of programs) await assertBothProve(program, emitted(program), `snapshot seed ${seed}`);
});


// The breakages of `validate.test.ts`, each with the destination it must be caught at.
const BREAKAGES: [string, (r: IptablesRules) => IptablesRules, RegExp][] = [
  ['an allow turned into DROP', (r) => mutate(r, 'iptables', /^-A npc-pi-db_\S+ -p tcp .*--set-xmark 0x10000/, (l) => l.replace(/-j MARK .*$/, '-j DROP')), /-> prod\/db tcp 5432/],
  ['a port dropped from a multiport', (r) => mutate(r, 'iptables', /--dports 80,8000:8010/, (l) => l.replace('--dports 80,', '--dports ')), /-> prod\/web tcp 80\b/],
  ['an ipset member removed', (r) => mutate(r, 'ipsets', /^add npc4-p-http_\S+ 10\.1\.0\.1,tcp:8080$/, () => null), /-> prod\/web tcp 8080/],
  ['a nomatch entry removed', (r) => mutate(r, 'ipsets', /^add npc4-s-kindoffice_\S+ 10\.1\.0\.1\/32 nomatch$/, () => null), /prod\/web -> prod\/db/],
  ['the end-of-tier drop removed', (r) => mutate(r, 'iptables', /^-A npc-tw-db_\S+ .*end of tier default.* -j DROP$/, () => null), /-> prod\/db/],
  ['an IPv6 dispatch rule removed', (r) => mutate(r, 'ip6tables', /^-A npc-to-wl-dispatch -d fd01::2\/128 /, () => null), /-> prod\/db/],
  ['the pass bit check skipped', (r) => mutate(r, 'iptables', /^-A npc-tw-db_\S+ -m mark --mark 0x0\/0x20000 .* -j npc-pi-db-lockdow_/, (l) => l.replace('-m mark --mark 0x0/0x20000 ', '')), /^192\.168\.50\.\d+ -> prod\/db tcp 5432/],
  ['an ICMP u32 type changed', (r) => mutate(r, 'ip6tables', /-p 58 -m u32 --u32 "\S+=8"|--icmpv6-type 8 /, (l) => l.replace(/=8"/, '=9"').replace('--icmpv6-type 8 ', '--icmpv6-type 9 ')), /^prod\/web -> .* (icmp|58|icmpv6)/],
];

for (const [what, breakIt, expected] of BREAKAGES)
  test(`a rule set with ${what}: Z3 finds a counterexample, and so does the partition`, async () => {
    const p = sampleProgram();
    const broken = breakIt(emitted(p));
    const z3 = await proveIptables(p, broken);
    assertReplays(p, broken, z3, `${what} (Z3)`);
    if (z3.status === 'counterexample') assert.match(z3.counterexample.text, expected, formatCounterexample(z3.counterexample));
    assertReplays(p, broken, validateIptables(p, broken), `${what} (partition)`);
  });

test('flipping an allow or a deny in generated clusters: Z3 and the partition give the same answer', async () => {
  let caught = 0;
  let unchanged = 0;
  for (let seed = 100; seed < 110; seed++) {
    const program = clusterProgram(seed);
    const rules = emitted(program);
    const lines = rules.iptables.split('\n');
    const targets = lines.flatMap((l, i) => (/^-A npc-(p[io]|[ft]w)-.* -j (MARK --set-xmark 0x10000|DROP)/.test(l) && !l.includes('--ctstate') ? [i] : []));
    for (const i of targets.filter((_, j) => j % Math.ceil(targets.length / 3) === 0)) {
      const flipped = [...lines];
      flipped[i] = lines[i]!.includes('-j DROP') ? lines[i]!.replace('-j DROP', '-j MARK --set-xmark 0x10000/0x10000') : lines[i]!.replace(/-j MARK .*$/, '-j DROP');
      const broken = { ...rules, iptables: flipped.join('\n') };
      const z3 = await proveIptables(program, broken);
      const partition = validateIptables(program, broken);
      assert.is(z3.status, partition.status, `seed ${seed} line ${i + 1}: Z3 ${describe(z3)} / partition ${describe(partition)}`);
      if (z3.status === 'equivalent') unchanged++;
      else {
        assertReplays(program, broken, z3, `seed ${seed} line ${i + 1}`);
        caught++;
      }
    }
  }
  timings.push(`flips: ${caught} caught, ${unchanged} without effect`);
  assert.ok(caught >= 10, `${caught} caught`);
});

test('rules the encoding cannot give a meaning to are an error, not a proof', async () => {
  const p = sampleProgram();
  const r = mutate(emitted(p), 'iptables', /^-A npc-FORWARD .* -j npc-from-wl-dispatch$/, (l) => l.replace('-A npc-FORWARD ', '-A npc-FORWARD -i eth0 '));
  const v = await proveIptables(p, r);
  assert.is(v.status, 'error');
  assert.match((v as { message: string }).message, /do not load: .*`-i`/);
  // A u32 test whose offset depends on the packet is refused by name.
  const odd = mutate(emitted(p), 'iptables', /-m u32 --u32 /, (l) => l.replace(/--u32 "[^"]+"/, '--u32 "9&0xFF@0>>24=8"'));
  const w = await proveIptables(p, odd);
  assert.is(w.status, 'error');
  assert.match((w as { message: string }).message, /u32 `@` offset that depends on the packet/);
});

test('a Z3 timeout is reported as unknown, never as a proof', async () => {
  let unknowns = 0;
  for (const seed of [1, 2, 3]) {
    const p = clusterProgram(seed, 60);
    const { result, stats } = await proveIptablesWithStats(p, emitted(p), { timeoutMs: 1 });
    if (!stats.some((s) => s.answer === 'unknown')) continue;
    unknowns++;
    assert.is(result.status, 'error');
    assert.match((result as { message: string }).message, /Z3 answered unknown \(.*\): not proved/);
  }
  // A 1 ms budget on 60 pods runs out (measured: every seed); one is enough to test the mapping.
  assert.ok(unknowns >= 1);
});

test('netpolc emit runs the partition and Z3 by default, and names the checker that refuses', async () => {
  const p = sampleProgram();
  const ok = await emitProgram(p);
  assert.equal(ok.checks.map((c) => [c.method, c.status]), [['exhaustive partition', 'equivalent'], ['Z3', 'equivalent']]);
  assert.ok(ok.files);
  const lines = describeEmit(ok);
  assert.match(lines.at(-2)!, /proved equivalent to the IR on \d+ representative flows \(exhaustive partition\)/);
  assert.match(lines.at(-1)!, /also proved equivalent by Z3: no flow in scope where the IR and the rules differ \(2 queries/);
  assert.equal(CHECKS.z3.length, 1);
  // Z3 alone, on rules broken after emission: nothing written, and the report says who refused.
  const refused = await emitProgram(p, [(prog, rules) => CHECKS.z3[0]!(prog, BREAKAGES[2]![1](rules))]);
  assert.is(refused.files, null);
  assert.is(refused.validation?.status, 'counterexample');
  const text = describeEmit(refused).join('\n');
  assert.match(text, /nothing written: the emitted rules disagree with the IR \(found by Z3\)/);
  assert.match(text, /counterexample: .*-> prod\/web tcp 8080/);
});

test.after(async () => {
  console.log(timings.join('\n'));
  await shutdownSolver();
});

test.run();
