/**
 * The simulator reads rule text as the tools do and walks it as the kernel does: jumps, gotos,
 * marks, the kernel's odd readings (`-p 0`, ICMP type 255), `nomatch`, `u32`; and it refuses what
 * it cannot give a meaning to.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RulesError, tokenize } from '../../src/emit/iptables/parseRules.js';
import { loadRules, packetBytes, simulate, type Packet } from '../../src/emit/iptables/simulate.js';
import { evalU32, parseU32 } from '../../src/emit/iptables/u32.js';
import { parseIp } from '../../src/util/cidr.js';

const EMPTY6 = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';

function table(body: string, policy = 'DROP', chains: string[] = []): string {
  return ['*filter', ':INPUT ACCEPT [0:0]', `:FORWARD ${policy} [0:0]`, ':OUTPUT ACCEPT [0:0]', ...chains.map((c) => `:${c} - [0:0]`), body.trim(), 'COMMIT', ''].join('\n');
}

function addr(text: string): bigint {
  const a = parseIp(text);
  if ('error' in a) throw new Error(a.error);
  return a.addr;
}

function packet(p: Partial<Packet> & { from?: string; to?: string }): Packet {
  const family = (p.from ?? '').includes(':') ? 6 : 4;
  return { family, src: addr(p.from ?? '10.0.0.1'), dst: addr(p.to ?? '10.0.0.2'), protocol: 6, srcPort: 40000, dstPort: 80, ctstate: 'NEW', ...p };
}

function run(iptables: string, p: Partial<Packet> & { from?: string; to?: string }, ipsets = '', ip6tables = EMPTY6): string {
  return simulate(loadRules({ iptables, ip6tables, ipsets }), packet(p)).verdict;
}

test('tokenize follows iptables-restore quoting', () => {
  assert.equal(tokenize('-A X -m comment --comment "a \\"b\\" c" -j ACCEPT'), ['-A', 'X', '-m', 'comment', '--comment', 'a "b" c', '-j', 'ACCEPT']);
  assert.throws(() => tokenize('-A X --comment "open'), (e: unknown) => e instanceof RulesError);
});

test('jump returns to the next rule; goto returns to the caller of the chain that went', () => {
  const t = table(
    `-A FORWARD -j A
-A FORWARD -j MARK --set-xmark 0x1/0x1
-A FORWARD -m mark --mark 0x3/0x3 -j ACCEPT
-A A -g B
-A A -j MARK --set-xmark 0x4/0x4
-A B -j MARK --set-xmark 0x2/0x2
-A B -j RETURN
-A B -j DROP`,
    'DROP',
    ['A', 'B'],
  );
  // FORWARD → A → (goto) B: mark 2, RETURN to FORWARD (not to A), mark 1, accept on 3.
  const r = simulate(loadRules({ iptables: t, ip6tables: EMPTY6, ipsets: '' }), packet({}));
  assert.is(r.verdict, 'ACCEPT');
  assert.not.ok(r.trace.some((s) => s.target.includes('4')), 'the rule after the goto in A never runs');
});

test('falling off FORWARD applies its policy; a user chain that ends returns', () => {
  assert.is(run(table('-A FORWARD -j A', 'DROP', ['A']), {}), 'DROP');
  assert.is(run(table('-A FORWARD -j A', 'ACCEPT', ['A']), {}), 'ACCEPT');
});

test('MARK --set-xmark: mark = (mark & ~mask) ^ value', () => {
  const t = table(
    `-A FORWARD -j MARK --set-xmark 0x30000/0x30000
-A FORWARD -j MARK --set-xmark 0x0/0x20000
-A FORWARD -m mark --mark 0x10000/0x30000 -j ACCEPT`,
  );
  assert.is(run(t, {}), 'ACCEPT');
});

test('-p 0 matches every protocol, with or without `!`, as in the kernel', () => {
  assert.is(run(table('-A FORWARD -p 0 -j ACCEPT'), { protocol: 47 }), 'ACCEPT');
  assert.is(run(table('-A FORWARD ! -p 0 -j ACCEPT'), { protocol: 47 }), 'ACCEPT');
  assert.is(run(table('-A FORWARD ! -p tcp -j ACCEPT'), { protocol: 6 }), 'DROP');
  assert.is(run(table('-A FORWARD -m u32 --u32 "6&0xFF=0" -j ACCEPT'), { protocol: 0 }), 'ACCEPT');
  assert.is(run(table('-A FORWARD -m u32 --u32 "6&0xFF=0" -j ACCEPT'), { protocol: 47 }), 'DROP');
});

test('ICMP type 255 means "any type" to the IPv4 icmp match, but not to icmp6', () => {
  const icmp = { protocol: 1, icmpType: 8, icmpCode: 0, srcPort: undefined, dstPort: undefined };
  assert.is(run(table('-A FORWARD -p icmp -m icmp --icmp-type 255 -j ACCEPT'), icmp), 'ACCEPT');
  assert.is(run(table('-A FORWARD -p icmp -m icmp --icmp-type 8/1 -j ACCEPT'), icmp), 'DROP');
  assert.is(run(table('-A FORWARD -p icmp -m icmp ! --icmp-type 8/1 -j ACCEPT'), icmp), 'ACCEPT');
  assert.is(run(table('-A FORWARD -p icmp -m u32 --u32 "0>>22&0x3C@0>>24=255" -j ACCEPT'), icmp), 'DROP');
  const v6 = table('-A FORWARD -p ipv6-icmp -m icmp6 --icmpv6-type 255 -j ACCEPT').replace('-A', '-A');
  assert.is(run(EMPTY6, { ...icmp, from: 'fd00::1', to: 'fd00::2', protocol: 58 }, '', v6), 'DROP');
});

test('hash:net: the most specific entry decides, and `nomatch` says "not in the set"', () => {
  const sets = 'create S hash:net family inet\nadd S 10.0.0.0/8\nadd S 10.1.0.0/16 nomatch\nadd S 10.1.2.3/32\n';
  const t = table('-A FORWARD -m set --match-set S src -j ACCEPT');
  assert.is(run(t, { from: '10.9.9.9' }, sets), 'ACCEPT');
  assert.is(run(t, { from: '10.1.9.9' }, sets), 'DROP');
  assert.is(run(t, { from: '10.1.2.3' }, sets), 'ACCEPT');
  assert.is(run(t, { from: '11.0.0.1' }, sets), 'DROP');
  assert.is(run(table('-A FORWARD -m set ! --match-set S src -j ACCEPT'), { from: '10.1.9.9' }, sets), 'ACCEPT');
});

test('hash:ip,port matches address, protocol and port; an ICMP packet\'s "port" is type and code', () => {
  const sets = 'create P hash:ip,port family inet\nadd P 10.0.0.2,tcp:80\nadd P 10.0.0.2,icmp:2048\n';
  const t = table('-A FORWARD -m set --match-set P dst,dst -j ACCEPT');
  assert.is(run(t, {}, sets), 'ACCEPT');
  assert.is(run(t, { protocol: 17 }, sets), 'DROP');
  assert.is(run(t, { dstPort: 81 }, sets), 'DROP');
  assert.is(run(t, { protocol: 1, icmpType: 8, icmpCode: 0 }, sets), 'ACCEPT');
  assert.is(run(table('-A FORWARD -m set --match-set P src,dst -j ACCEPT'), {}, sets), 'DROP');
});

test('u32 reads big-endian words from the network header, with @ moving past the IP header', () => {
  const bytes = packetBytes(packet({ protocol: 58, icmpType: 128, icmpCode: 3 }));
  assert.ok(evalU32(parseU32('0>>22&0x3C@0>>24=128'), bytes));
  assert.ok(evalU32(parseU32('0>>22&0x3C@0>>16=0x8003'), bytes));
  assert.not.ok(evalU32(parseU32('0>>22&0x3C@0>>16=0x8000:0x8002'), bytes));
  assert.ok(evalU32(parseU32('6&0xFF=58&&0>>28=4'), bytes));
  assert.not.ok(evalU32(parseU32('1000=0'), bytes), 'a read past the end fails');
});

test('what the kernel or the tools would refuse is an error, never ignored', () => {
  const bad = (body: string, sets = '', chains: string[] = []) => assert.throws(() => loadRules({ iptables: table(body, 'DROP', chains), ip6tables: EMPTY6, ipsets: sets }), (e: unknown) => e instanceof RulesError, body);
  bad('-A FORWARD -m multiport --dports 80 -j ACCEPT');
  bad('-A FORWARD -p icmp -m multiport --dports 80 -j ACCEPT');
  bad('-A FORWARD -m icmp --icmp-type 8 -j ACCEPT');
  bad('-A FORWARD -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j ACCEPT');
  bad('-A FORWARD -p tcp --dport 80 -j ACCEPT');
  bad('-A FORWARD -j NOWHERE');
  bad('-A FORWARD -m set --match-set MISSING src -j ACCEPT');
  bad('-A FORWARD -m set --match-set S src,dst -j ACCEPT', 'create S hash:net family inet\n');
  bad('-A FORWARD -m set --match-set S src -j ACCEPT', 'create S hash:net family inet6\n');
  bad('-A FORWARD -j ACCEPT -s 10.0.0.1');
  assert.throws(() => loadRules({ iptables: table(''), ip6tables: EMPTY6, ipsets: 'create S hash:net\nadd S 0.0.0.0/0\n' }), /prefix of 0/);
  assert.throws(() => loadRules({ iptables: table(''), ip6tables: EMPTY6, ipsets: 'create S bitmap:port\n' }), /not simulated/);
});

test.run();
