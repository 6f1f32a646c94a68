/**
 * ConnSet: algebra, netpol-analyzer's text (checked on every conn text in the shared goldens) and
 * the fuller text that also shows non-port protocols.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnSet, compareCodePoints } from '../../src/connectivity/connset.js';
import { numberSet } from '../../src/connectivity/intervals.js';
import { CONFORMANCE } from '../helpers/paths.js';

test('All Connections, No Connections and single protocols', () => {
  assert.is(ConnSet.all().toString(), 'All Connections');
  assert.is(ConnSet.none().toString(), 'No Connections');
  assert.is(ConnSet.allPorts('TCP').toString(), 'TCP 1-65535');
  assert.is(ConnSet.portRange('UDP', 53).toString(), 'UDP 53');
  assert.ok(ConnSet.all().isAll() && ConnSet.none().isEmpty());
  assert.not.ok(ConnSet.allPorts('TCP').isAll());
});

test('items sorted by protocol, ports as a and a-b', () => {
  const c = ConnSet.portRange('UDP', 53)
    .union(ConnSet.portRange('TCP', 8080, 8090))
    .union(ConnSet.portRange('TCP', 80))
    .union(ConnSet.portRange('SCTP', 9003));
  assert.is(c.toString(), 'SCTP 9003,TCP 80,8080-8090,UDP 53');
});

test('everything but a few ports lists all three protocols', () => {
  const c = ConnSet.all().subtract(ConnSet.portRange('UDP', 5353));
  assert.is(c.toString(), 'SCTP 1-65535,TCP 1-65535,UDP 1-5352,5354-65535');
  assert.ok(c.union(ConnSet.portRange('UDP', 5353)).isAll());
  assert.ok(c.complement().equals(ConnSet.portRange('UDP', 5353)));
});

test('other protocols do not change netpol-analyzer text but show in the full text', () => {
  const ports = ConnSet.allPorts('TCP').union(ConnSet.allPorts('UDP')).union(ConnSet.allPorts('SCTP'));
  assert.not.ok(ports.isAll());
  assert.is(ports.toString(), 'All Connections');
  assert.is(ports.toFullString(), 'SCTP 1-65535,TCP 1-65535,UDP 1-65535');
  const icmp = ConnSet.protocolNumber(1).union(ConnSet.protocolNumber(47)).union(ConnSet.portRange('TCP', 22));
  assert.is(icmp.toString(), 'TCP 22');
  assert.is(icmp.toFullString(), 'ICMP,TCP 22,protocols 47');
  assert.is(ConnSet.protocolNumber(1).toString(), 'No Connections');
  assert.ok(ConnSet.protocolNumber(6).equals(ConnSet.allPorts('TCP')));
  assert.is(ConnSet.all().subtract(ConnSet.protocolNumber(58)).toFullString().includes('ICMPv6'), false);
});

test('allows, intersect, subset and port clipping', () => {
  const c = ConnSet.ports('TCP', numberSet([0, 100])).union(ConnSet.protocolNumber(1));
  assert.is(c.portsOf('TCP').toShortString(), '1-100');
  assert.ok(c.allows('TCP', 80) && c.allows(6, 80) && c.allows(1));
  assert.not.ok(c.allows('TCP', 101) || c.allows('UDP', 53) || c.allows(2) || c.allows('TCP'));
  assert.is(c.intersect(ConnSet.portRange('TCP', 50, 200)).toString(), 'TCP 50-100');
  assert.ok(ConnSet.portRange('TCP', 80).isSubsetOf(c));
  assert.not.ok(c.isSubsetOf(ConnSet.allPorts('TCP')));
});

test('parse reads every conn text of the shared connlist goldens back to the same text', () => {
  const dir = join(CONFORMANCE, 'netpol-analyzer/test_outputs/connlist');
  const texts = new Set<string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('_connlist_output.txt'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const i = line.lastIndexOf(' : ');
      if (line.includes(' => ') && i >= 0) texts.add(line.slice(i + 3));
    }
  }
  assert.ok(texts.size >= 20, `only ${texts.size} distinct conn texts found`);
  for (const t of texts) {
    const c = ConnSet.parse(t);
    assert.ok(c, `cannot parse \`${t}\``);
    assert.is(c!.toString(), t);
  }
  assert.is(ConnSet.parse('TCP 80,UDP'), undefined);
  assert.is(ConnSet.parse('ICMP 1'), undefined);
  assert.is(ConnSet.parse('TCP 0'), undefined);
});

test('compareCodePoints is Go string order', () => {
  const names = ['{ingress-controller}', 'b/x[Pod]', '0.0.0.0-9.255.255.255[External]', 'B/y[Pod]', 'b-c/x[Pod]'];
  assert.equal(names.sort(compareCodePoints), [
    '0.0.0.0-9.255.255.255[External]',
    'B/y[Pod]',
    'b-c/x[Pod]',
    'b/x[Pod]',
    '{ingress-controller}',
  ]);
  // Above U+FFFF code-point order differs from UTF-16 order.
  assert.is(compareCodePoints('\u{1F600}', '\uFF61'), 1);
});

test.run();
