/**
 * The emitter's layout on `SAMPLE_IR` and on small programs: Felix's chain structure, comments on
 * every rule, ipsets with `nomatch`, refusals and reports.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitIptables, type IptablesRules } from '../../src/emit/iptables/emitIptables.js';
import { parseProgram, sampleProgram } from './helpers.js';

function rules(text = ''): IptablesRules {
  const r = emitIptables(text ? parseProgram(text) : sampleProgram());
  assert.ok(r.rules, JSON.stringify(r.findings));
  return r.rules!;
}

/** The `-A` lines of one chain whose name starts with `prefix`. */
function chain(table: string, prefix: string): string[] {
  const name = new RegExp(`^:(${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S*) `, 'm').exec(table)?.[1];
  assert.ok(name, `no chain ${prefix}`);
  return table.split('\n').filter((l) => l.startsWith(`-A ${name} `));
}

test('FORWARD goes to npc-FORWARD, which dispatches by source then destination and accepts on the accept bit', () => {
  const t = rules().iptables;
  assert.match(t, /^-A FORWARD -m comment --comment "[^"]+" -j npc-FORWARD$/m);
  const f = chain(t, 'npc-FORWARD');
  assert.is(f.length, 4);
  assert.match(f[0]!, /-j MARK --set-xmark 0x0\/0x30000$/);
  assert.match(f[1]!, /-j npc-from-wl-dispatch$/);
  assert.match(f[2]!, /-j npc-to-wl-dispatch$/);
  assert.match(f[3]!, /-m mark --mark 0x10000\/0x10000 .* -j ACCEPT$/);
  const from = chain(t, 'npc-from-wl-dispatch');
  assert.equal(from.map((l) => /-s (\S+)/.exec(l)?.[1]), ['10.1.0.1/32', '10.1.0.2/32', '10.1.0.3/32', '10.2.0.1/32']);
  assert.ok(from.every((l) => / -g npc-fw-/.test(l)));
  const to6 = chain(rules().ip6tables, 'npc-to-wl-dispatch');
  assert.equal(to6.map((l) => /-d (\S+)/.exec(l)?.[1]), ['fd01::1/128', 'fd01::2/128', 'fd01::3/128'], 'dev/tool has no IPv6 address');
});

test('an endpoint chain: conntrack first, then one section per applying tier, then the final action', () => {
  const db = chain(rules().iptables, 'npc-tw-db_');
  assert.match(db[0]!, /--ctstate RELATED,ESTABLISHED .* -j ACCEPT$/);
  assert.match(db[1]!, /--ctstate INVALID .* -j DROP$/);
  assert.match(db[2]!, /-j MARK --set-xmark 0x0\/0x30000$/);
  const body = db.slice(3).map((l) => l.replace(/ -m comment --comment "[^"]*"/, ''));
  assert.equal(body.map((l) => l.replace(/^-A \S+ /, '').replace(/npc-pi-(\S+)_\w+/, 'npc-pi-$1')), [
    '-j MARK --set-xmark 0x0/0x20000',
    '-m mark --mark 0x0/0x20000 -j npc-pi-db-gate',
    '-m mark --mark 0x10000/0x10000 -j RETURN',
    '-m mark --mark 0x0/0x20000 -j npc-pi-db-lockdow',
    '-m mark --mark 0x10000/0x10000 -j RETURN',
    // tier security's default is Pass: no end-of-tier drop
    '-j MARK --set-xmark 0x0/0x20000',
    '-m mark --mark 0x0/0x20000 -j npc-pi-db',
    '-m mark --mark 0x10000/0x10000 -j RETURN',
    '-m mark --mark 0x0/0x20000 -j DROP',
    '-j MARK --set-xmark 0x10000/0x10000',
  ]);
});

test('an endpoint no policy selects goes straight to the final action', () => {
  const tool = chain(rules().iptables, 'npc-fw-tool_');
  assert.is(tool.length, 4);
  assert.match(tool[3]!, /-j MARK --set-xmark 0x10000\/0x10000$/);
  const denyAll = rules(`snapshot {
  namespace "a" labels {}
  endpoint "a/x" in "a" ips [10.0.0.1] labels {}
}
final deny
`);
  assert.match(chain(denyAll.iptables, 'npc-fw-x_').at(-1)!, /-j DROP$/);
});

test('policy chains: allow and pass set their bit and return, deny drops, lists split into alternatives', () => {
  const t = rules().iptables;
  const gate = chain(t, 'npc-pi-db-gate_');
  assert.match(gate[0]!, /-m set --match-set npc4-s-namespacedev_\w+ src .* -j DROP$/);
  assert.match(gate[1]!, /-p tcp -m set --match-set npc4-s-kindoffice_\w+ src -m multiport --dports 5432 .* -j MARK --set-xmark 0x20000\/0x20000$/);
  assert.match(gate[2]!, /-m mark --mark 0x20000\/0x20000 .* -j RETURN$/);
  const web = chain(t, 'npc-pi-web_');
  assert.match(web[0]!, /-p tcp -m multiport --dports 80,8000:8010,1,2,3,4,5,6,7,8,9,10,11,12 /);
  assert.match(web[1]!, /-p tcp -m multiport --dports 13 /);
  assert.match(web[2]!, /-p tcp -m set --match-set npc4-p-http_\w+ dst,dst /);
  const out = chain(t, 'npc-po-web_');
  assert.ok(out.some((l) => /-p icmp -m icmp --icmp-type 8 /.test(l)));
  assert.ok(out.some((l) => /-p 58 -m u32 --u32 "0>>22&0x3C@0>>24=8" /.test(l)), 'ICMPv6 over IPv4 is read with u32');
});

test('every rule carries a comment naming its endpoint or policy and rule', () => {
  const r = rules();
  for (const table of [r.iptables, r.ip6tables])
    for (const l of table.split('\n').filter((x) => x.startsWith('-A ')))
      assert.match(l, / -m comment --comment "[^"]+" /, l);
  assert.match(r.iptables, /--comment "policy prod\/db ingress rule 1 allow: IR prod\/db \(<ir>:\d+\)"/);
  for (const name of r.iptables.match(/^:\S+/gm)!) assert.ok(name.length - 1 <= 28, name);
});

test('ipsets: a network set around pods gets `nomatch` for the pods that do not match', () => {
  const s = rules().ipsets;
  const office = s.split('\n').filter((l) => /^add npc4-s-kindoffice_/.test(l)).map((l) => l.split(' ').slice(2).join(' '));
  assert.equal(office, ['10.1.0.0/16', '10.1.0.1/32 nomatch', '10.1.0.2/32 nomatch', '10.1.0.3/32 nomatch', '192.168.50.0/24']);
  assert.match(s, /^create npc4-p-http_\w+ hash:ip,port family inet /m);
  assert.match(s, /^add npc6-p-pg_\w+ fd01::2,tcp:5432$/m);
  const external = s.split('\n').filter((l) => /^add npc4-n-192\.168\.50\./.test(l));
  assert.equal(external.length, 1, 'no pod lies in 192.168.50.0/24');
});

test('hash:net cannot hold /0: it is written as two /1 halves', () => {
  const r = rules(`snapshot {
  namespace "a" labels {}
  endpoint "a/x" in "a" ips [10.0.0.1, fd00::1] labels {}
}
tier "t" order 1 default deny {
  policy "p" order 1 types [egress] applies sel(all()) {
    egress allow from any to nets [0.0.0.0/0, ::/0]
  }
}
final allow
`);
  assert.match(r.ipsets, /add npc4-n-\S+ 0\.0\.0\.0\/1\nadd npc4-n-\S+ 128\.0\.0\.0\/1\n/);
  assert.match(r.ipsets, /add npc6-n-\S+ 8000::\/1\nadd npc6-n-\S+ ::\/1\n/);
});

test('protocol 0 and ICMP type 255 over IPv4 are tested with u32 (the kernel reads -p 0 and type 255 as "any")', () => {
  const r = rules(`snapshot {
  namespace "a" labels {}
  endpoint "a/x" in "a" ips [10.0.0.1, fd00::1] labels {}
}
tier "t" order 1 default deny {
  policy "p" order 1 types [egress] applies sel(all()) {
    egress allow proto 0 from any to any
    egress deny proto icmp icmp type 255 from any to any
  }
}
final allow
`);
  assert.match(r.iptables, /-m u32 --u32 "6&0xFF=0" /);
  assert.match(r.iptables, /-p icmp -m u32 --u32 "0>>22&0x3C@0>>24=255" /);
  assert.not.match(r.iptables, /-p 0 /);
  assert.match(r.ip6tables, /# rule 0 \(allow\) matches no IPv6 packet: protocol 0 is an IPv6 extension header/);
});

test('unmodelled constructs: nothing is emitted, and each one is named', () => {
  const r = emitIptables(parseProgram(`snapshot {
  namespace "a" labels {}
  endpoint "a/x" in "a" ips [10.0.0.1] labels {}
}
tier "t" order 1 default deny {
  policy "p" order 1 types [ingress] applies sel(all()) unknown "doNotTrack" {
    ingress allow from any to any unknown "http match"
  }
}
final allow
`));
  assert.is(r.rules, null);
  const errors = r.findings.filter((f) => f.severity === 'error');
  assert.is(errors.length, 2);
  assert.ok(errors.every((f) => f.code === 'unmodelled-construct'));
  assert.match(errors[0]!.message, /policy `p` has constructs netpolc does not model \(doNotTrack\)/);
  assert.match(errors[1]!.message, /ingress rule 0 .*\(http match\)/);
});

test('two endpoints with one address cannot be told apart: refused', () => {
  const r = emitIptables(parseProgram(`snapshot {
  namespace "a" labels {}
  endpoint "a/x" in "a" ips [10.0.0.1] labels {}
  endpoint "a/y" in "a" ips [10.0.0.1] labels {}
}
final allow
`));
  assert.is(r.rules, null);
  assert.equal(r.findings.map((f) => f.code), ['duplicate-address']);
});

test('endpoints without addresses are left out and named; so are selectors that match them', () => {
  const r = emitIptables(sampleProgram());
  assert.equal(r.findings.map((f) => [f.code, f.severity]), [
    ['endpoint-left-out', 'warning'],
    ['ipset-incomplete', 'warning'],
  ]);
  assert.match(r.findings[0]!.message, /`dev\/pending` has no known address/);
  assert.match(r.findings[1]!.message, /namespace dev matches `dev\/pending`/);
  assert.match(r.rules!.iptables, /^# left out \(address unknown\): dev\/pending$/m);
  assert.is(r.stats.endpoints, 4);
});

test('the output is the same on every run', () => {
  assert.equal(rules(), rules());
});

test.run();
