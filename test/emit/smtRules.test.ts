/**
 * The symbolic walk of the emitted text (`emit/iptables/smt/encodeRules.ts`) against the
 * simulator it mirrors: on concrete packets, the `accept` term evaluated by Z3 must equal
 * `simulate`'s verdict — for a hand-written table that uses every match and target the encoding
 * knows (goto, RETURN, nested jumps, marks, negations, port sets with `nomatch`, ICMP ranges, u32),
 * and for emitted rule sets, intact and broken.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitIptables } from '../../src/emit/iptables/emitIptables.js';
import { loadRules, simulate, type LoadedRules, type Packet } from '../../src/emit/iptables/simulate.js';
import { encodeFamily } from '../../src/emit/iptables/smt/proveIptables.js';
import type { Program } from '../../src/ir/ast.js';
import { carriesPorts, isIcmp } from '../../src/ir/protocol.js';
import { shutdownSolver, SolverSession } from '../../src/smt/solver.js';
import type { Value } from '../../src/smt/term.js';
import { cidrRange, isParseError, parseCidr, type IpFamily } from '../../src/util/cidr.js';
import { Prng } from '../../src/util/prng.js';
import { clusterProgram } from './clusterGen.js';
import { parseProgram, sampleProgram } from './helpers.js';

const TABLE4 = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:a - [0:0]
:b - [0:0]
:c - [0:0]
-A FORWARD -j MARK --set-xmark 0x5/0xff
-A FORWARD -m mark --mark 0x5/0xf -j a
-A FORWARD -m mark ! --mark 0x100/0x100 -p tcp -m multiport --dports 1:1000,2000 -j ACCEPT
-A FORWARD -m set --match-set ps dst,dst -j ACCEPT
-A FORWARD -m set ! --match-set nets src -g c
-A FORWARD -p 58 -m u32 --u32 "0>>22&0x3C@0>>16=0x0800:0x08ff" -j ACCEPT
-A FORWARD -p 6 -m u32 --u32 "6&0xFF=6&&0>>22&0x3C@0>>16=53" -j ACCEPT
-A a -s 10.0.0.0/8 -j MARK --set-xmark 0x100/0x100
-A a -d 10.1.0.0/16 -g b
-A a -p udp -j DROP
-A b -p icmp -m icmp --icmp-type 8/0 -j ACCEPT
-A b -p icmp -m icmp ! --icmp-type 3 -j RETURN
-A b -p tcp -m multiport ! --sports 53 -j RETURN
-A b -j MARK --set-xmark 0x300/0x200
-A c -p 17 -j ACCEPT
-A c ! -d 10.1.1.0/24 -j RETURN
-A c -j LOG --log-prefix "c"
-A c -p icmp -m icmp --icmp-type any -j DROP
-A c ! -p tcp -j ACCEPT
COMMIT
`;

const TABLE6 = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -p 58 -m u32 --u32 "40>>24=128" -j DROP
-A FORWARD -p 58 -m icmp6 --icmpv6-type 1/2 -j DROP
-A FORWARD -s fd00::/8 -m set --match-set ps6 dst,dst -j DROP
COMMIT
`;

const SETS = `create ps hash:net,port family inet
add ps 10.1.0.0/16,tcp:80-90
add ps 10.1.2.0/24,tcp:85 nomatch
add ps 10.0.0.0/8,icmp:2048-2303
add ps 10.0.0.0/8,udp:53
create nets hash:net family inet
add nets 10.0.0.0/8
add nets 10.1.0.0/16 nomatch
add nets 10.1.1.0/24
create ps6 hash:ip,port family inet6
add ps6 fd01::1,udp:53
add ps6 fd01::1,58:32768-33023
`;

function edges(cidrs: string[], family: IpFamily): bigint[] {
  const out: bigint[] = [0n];
  for (const t of cidrs) {
    const c = parseCidr(t, { strict: false });
    if (isParseError(c) || c.family !== family) continue;
    const { first, last } = cidrRange(c);
    out.push(first, last, first + 1n, last + 1n, first > 0n ? first - 1n : 0n, last - 1n);
  }
  return out;
}

/** Random packets with fields at and around every constant; the unused variables get junk. */
function* packets(r: Prng, family: IpFamily, addrs: bigint[], n: number): Generator<{ packet: Packet; vars: Map<string, Value> }> {
  for (let i = 0; i < n; i++) {
    const protocol = r.pick([1, 6, 17, 58, 47, 132, 0]);
    const packet: Packet = { family, src: r.pick(addrs), dst: r.pick(addrs), protocol, ctstate: 'NEW' };
    const junk = () => BigInt(r.int(0, 65535));
    const vars = new Map<string, Value>([
      ['flow.v6', family === 6],
      ['flow.protocol', BigInt(protocol)],
      [`src.ip${family}`, packet.src],
      [`dst.ip${family}`, packet.dst],
      ['flow.srcPort', junk()],
      ['flow.dstPort', junk()],
      ['flow.icmpType', junk() & 0xffn],
      ['flow.icmpCode', junk() & 0xffn],
    ]);
    if (carriesPorts(protocol)) {
      packet.srcPort = r.pick([0, 1, 53, 54, 80, 85, 90, 91, 1000, 1001, 2000, 8080, 65535, r.int(0, 65535)]);
      packet.dstPort = r.pick([0, 1, 53, 54, 80, 85, 90, 91, 1000, 1001, 2000, 5432, 8080, 65535, r.int(0, 65535)]);
      vars.set('flow.srcPort', BigInt(packet.srcPort)).set('flow.dstPort', BigInt(packet.dstPort));
    }
    if (isIcmp(protocol)) {
      packet.icmpType = r.pick([0, 1, 3, 8, 128, 255, r.int(0, 255)]);
      packet.icmpCode = r.pick([0, 1, 2, 255, r.int(0, 255)]);
      vars.set('flow.icmpType', BigInt(packet.icmpType)).set('flow.icmpCode', BigInt(packet.icmpCode));
    }
    yield { packet, vars };
  }
}

/** Compares the encoding with the simulator on `n` packets per family; returns the ACCEPT count. */
async function compare(program: Program, loaded: LoadedRules, cidrs: string[], n: number, seed: number): Promise<number> {
  const r = new Prng(seed);
  let accepted = 0;
  for (const family of [4, 6] as const) {
    const q = encodeFamily(program, loaded, family);
    const session = await SolverSession.open(q.f);
    try {
      for (const { packet, vars } of packets(r, family, edges(cidrs, family), n)) {
        const sim = simulate(loaded, packet).verdict;
        const [acc] = session.evaluate([q.accept], vars);
        assert.is(acc, sim === 'ACCEPT', `IPv${family} ${JSON.stringify(packet, (_, v) => (typeof v === 'bigint' ? v.toString(16) : v))}: simulator ${sim}`);
        if (sim === 'ACCEPT') accepted++;
      }
    } finally {
      await session.close();
    }
  }
  return accepted;
}

const EMPTY = parseProgram('snapshot {\n}\nfinal allow\n');

test('a hand-written table with every match and target: the encoding answers as the simulator', async () => {
  const loaded = loadRules({ iptables: TABLE4, ip6tables: TABLE6, ipsets: SETS });
  const cidrs = ['10.0.0.0/8', '10.1.0.0/16', '10.1.1.0/24', '10.1.2.0/24', 'fd00::/8', 'fd01::1/128', '192.168.0.0/16'];
  const accepted = await compare(EMPTY, loaded, cidrs, 1500, 7);
  // Both verdicts occur often enough for the comparison to mean something.
  assert.ok(accepted > 300 && accepted < 2700, `${accepted} of 3000 accepted`);
});

function cidrsOf(p: Program): string[] {
  const texts = [...JSON.stringify(p).matchAll(/"([0-9a-f:.]+\/\d+)"/g)].map((m) => m[1]!);
  const ips = (p.snapshot?.endpoints ?? []).flatMap((e) => (e.ips ?? []).map((ip) => `${ip}/${ip.includes(':') ? 128 : 32}`));
  return [...texts, ...ips];
}

test('emitted rule sets, intact and with a verdict flipped: the encoding answers as the simulator', async () => {
  const programs = [sampleProgram(), ...Array.from({ length: 6 }, (_, i) => clusterProgram(300 + i, 5))];
  let k = 0;
  for (const p of programs) {
    const rules = emitIptables(p).rules!;
    assert.ok(rules);
    await compare(p, loadRules(rules), cidrsOf(p), 300, k++);
    const lines = rules.iptables.split('\n');
    const i = lines.findIndex((l) => /^-A npc-p[io]-.* -j (MARK --set-xmark 0x10000|DROP)/.test(l));
    if (i < 0) continue;
    lines[i] = lines[i]!.includes('-j DROP') ? lines[i]!.replace('-j DROP', '-j ACCEPT') : lines[i]!.replace(/-j MARK .*$/, '-j DROP');
    await compare(p, loadRules({ ...rules, iptables: lines.join('\n') }), cidrsOf(p), 300, k++);
  }
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
