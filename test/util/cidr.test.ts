/**
 * IP/CIDR parsing in both modes, canonical printing and containment.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  cidrContains,
  cidrHas,
  cidrRange,
  formatCidr,
  formatIp,
  isParseError,
  parseCidr,
  parseIp,
  type Cidr,
} from '../../src/util/cidr.js';

function cidr(text: string, strict = true): Cidr {
  const c = parseCidr(text, { strict });
  if (isParseError(c)) throw new Error(`${text}: ${c.error}`);
  return c;
}

function error(text: string, strict = true): string {
  const c = parseCidr(text, { strict });
  assert.ok(isParseError(c), `${text} should not parse (strict=${strict})`);
  return (c as { error: string }).error;
}

test('IPv4 CIDRs parse to network address and prefix', () => {
  assert.equal(cidr('192.168.0.0/16'), { family: 4, addr: 0xc0a80000n, prefix: 16 });
  assert.equal(cidr('0.0.0.0/0'), { family: 4, addr: 0n, prefix: 0 });
  assert.equal(cidr('10.1.2.3/32'), { family: 4, addr: 0x0a010203n, prefix: 32 });
});

test('IPv6 CIDRs: `::`, hex case, embedded IPv4', () => {
  assert.equal(cidr('fd00:192:168::/48'), { family: 6, addr: 0xfd000192016800000000000000000000n, prefix: 48 });
  assert.equal(cidr('FD00:0192:0168::/48'), cidr('fd00:192:168::/48'));
  assert.equal(cidr('::/0'), { family: 6, addr: 0n, prefix: 0 });
  assert.equal(cidr('64:ff9b::192.0.2.0/120').addr, 0x0064ff9b0000000000000000c0000200n);
  assert.equal(cidr('1:2:3:4:5:6:7:8/128').addr, 0x00010002000300040005000600070008n);
});

test('malformed texts are rejected in both modes', () => {
  for (const strict of [true, false]) {
    for (const t of ['', ' ', '192.168.5.6', 'fd00:192:168::', '300.300.300.300/32', '1.2.3/24', '1.2.3.4/33',
      '::/129', '1.2.3.4/', '1.2.3.4/x', '1::2::3/64', '1:2:3:4:5:6:7:8:9/64', '1:2:3:4:5:6:7::8/64',
      '1.2.3.4::/64', 'fe80::1%eth0/64', '1.2.3.4/+8', 'g::/16', '1.2.3.4 /8']) {
      error(t, strict);
    }
  }
  assert.match(error('192.168.5.6'), 'prefix length are missing');
  const missing = parseCidr('192.168.5.6');
  assert.is((missing as { hint?: string }).hint, 'for one address write `192.168.5.6/32`');
});

test('strict mode: leading zeros, host bits, IPv4-mapped IPv6', () => {
  assert.match(error('001.002.003.000/0'), 'leading zero');
  assert.match(error('10.0.0.0/08'), 'leading zero in its prefix length');
  assert.match(error('10.1.2.3/8'), 'bits set beyond');
  assert.is((parseCidr('10.1.2.3/8') as { hint?: string }).hint, 'did you mean `10.0.0.0/8`, or the single address `10.1.2.3/32`?');
  assert.match(error('::ffff:1.2.3.0/120'), 'IPv4-mapped');
  assert.match(error('fd00::1/64'), 'bits set beyond');
  // A zero written once is fine, and IPv6 groups may keep leading zeros (`IsValidCIDRForLegacyField`).
  assert.equal(cidr('0.0.0.0/0').prefix, 0);
  assert.equal(cidr('10.0.0.0/8').prefix, 8);
  assert.equal(cidr('fd00:0000::/16').addr, 0xfd00n << 112n);
});

test('lenient mode reads legacy forms as Go ParseCIDRSloppy does', () => {
  assert.equal(cidr('001.002.003.000/0', false), { family: 4, addr: 0n, prefix: 0 });
  assert.equal(cidr('010.000.000.000/08', false), { family: 4, addr: 0x0a000000n, prefix: 8 });
  assert.equal(cidr('10.1.2.3/8', false), { family: 4, addr: 0x0a000000n, prefix: 8 });
  // An IPv4-mapped block is the IPv4 block it covers.
  assert.equal(cidr('::ffff:1.2.3.0/120', false), { family: 4, addr: 0x01020300n, prefix: 24 });
});

test('parseIp', () => {
  assert.equal(parseIp('10.0.0.1'), { family: 4, addr: 0x0a000001n });
  assert.equal(parseIp('2001:db8::1'), { family: 6, addr: 0x20010db8000000000000000000000001n });
  assert.ok(isParseError(parseIp('010.0.0.1')));
  assert.equal(parseIp('010.0.0.1', { strict: false }), { family: 4, addr: 0x0a000001n });
  assert.ok(isParseError(parseIp('::ffff:10.0.0.1')));
  assert.ok(isParseError(parseIp('10.0.0.1/32')));
});

test('formatting is canonical (RFC 5952 for IPv6)', () => {
  assert.is(formatCidr(cidr('FD00:0192:0168:0000:0000:0000:0000:0000/48')), 'fd00:192:168::/48');
  assert.is(formatIp({ family: 6, addr: 0n }), '::');
  assert.is(formatIp({ family: 6, addr: 1n }), '::1');
  assert.is(formatIp({ family: 6, addr: 0x20010db8000000000001000000000001n }), '2001:db8::1:0:0:1');
  // A single zero group is not shortened; on a tie the first run wins.
  assert.is(formatIp({ family: 6, addr: 0x20010db8000000010001000100010001n }), '2001:db8:0:1:1:1:1:1');
  assert.is(formatIp({ family: 6, addr: 0x20010000000000010000000000010001n }), '2001::1:0:0:1:1');
  assert.is(formatIp({ family: 6, addr: 0x20010000000000010000000000000001n }), '2001:0:0:1::1');
  assert.is(formatCidr(cidr('10.0.0.0/8')), '10.0.0.0/8');
});

test('containment: subset, itself, disjoint, other family', () => {
  assert.ok(cidrContains(cidr('192.168.0.0/16'), cidr('192.168.3.0/24')));
  assert.ok(cidrContains(cidr('192.168.0.0/24'), cidr('192.168.0.0/24')));
  assert.not.ok(cidrContains(cidr('192.168.3.0/24'), cidr('192.168.0.0/16')));
  assert.not.ok(cidrContains(cidr('192.168.8.0/24'), cidr('192.168.9.1/32')));
  assert.not.ok(cidrContains(cidr('0.0.0.0/0'), cidr('::/0')));
  assert.ok(cidrContains(cidr('fd00:192:168::/48'), cidr('fd00:192:168:3::/64')));
  assert.not.ok(cidrContains(cidr('fd00:192:168:1::/64'), cidr('fd00:192:168:2::/64')));
  assert.ok(cidrHas(cidr('10.0.0.0/8'), { family: 4, addr: 0x0affffffn }));
  assert.not.ok(cidrHas(cidr('10.0.0.0/8'), { family: 6, addr: 0x0a000001n }));
  assert.equal(cidrRange(cidr('10.0.0.0/30')), { first: 0x0a000000n, last: 0x0a000003n });
});

test.run();
