/**
 * The property parser: every form of the language, comments and layout, and every error with its
 * 1-based line and column (inside a selector: the offending token's).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseProperties } from '../../src/property/parse.js';
import type { Property } from '../../src/property/ast.js';
import { and, eq, has, inSet, not } from '../../src/selector/index.js';

/** The properties of `text`, failing the test on any diagnostic. */
function ok(text: string): Property[] {
  const r = parseProperties('p.txt', text);
  assert.equal(r.diagnostics, [], 'no diagnostics');
  assert.ok(r.value, 'a value when there are no errors');
  return r.value!;
}

function one(text: string): Property {
  const ps = ok(text);
  assert.is(ps.length, 1);
  return ps[0]!;
}

/** `line:column code message`, the form users see; and there is no value. */
function errors(text: string): string[] {
  const r = parseProperties('bad.txt', text);
  assert.is(r.value, undefined, 'no value when there are errors');
  for (const d of r.diagnostics) assert.is(d.file, 'bad.txt');
  return r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
}

test('the four kinds, with name, position and file', () => {
  const ps = ok('a: deny any -> any\nb: allow any -> any\n  c: only any -> any\nd-2: some any -> any\n');
  assert.equal(
    ps.map((p) => [p.name, p.kind, p.file, p.line, p.column]),
    [
      ['a', 'deny', 'p.txt', 1, 1],
      ['b', 'allow', 'p.txt', 2, 1],
      ['c', 'only', 'p.txt', 3, 3],
      ['d-2', 'some', 'p.txt', 4, 1],
    ],
  );
  assert.equal(ps[0]!.src, { kind: 'any' });
  assert.is(ps[0]!.on, null, 'no `on` is every port');
});

test('pod and namespace endpoints: each alone, both, and both in the other order', () => {
  const p = one('x: deny pod(app == "web") -> ns(kubernetes.io/metadata.name == "prod") pod(has(db))');
  assert.equal(p.src, { kind: 'pods', namespace: null, pod: eq('app', 'web') });
  assert.equal(p.dst, { kind: 'pods', namespace: eq('kubernetes.io/metadata.name', 'prod'), pod: has('db') });
  const q = one("x: deny ns(team in {'a', 'b'}) -> pod(!has(x)) ns(all())");
  assert.equal(q.src, { kind: 'pods', namespace: inSet('team', ['a', 'b']), pod: null });
  assert.equal(q.dst, { kind: 'pods', namespace: { op: 'all' }, pod: not(has('x')) });
  const r = one('x: some pod() -> pod(a == "1" && b == "2")');
  assert.equal(r.src, { kind: 'pods', namespace: null, pod: { op: 'all' } }, 'an empty selector selects everything');
  assert.equal(r.dst, { kind: 'pods', namespace: null, pod: and(eq('a', '1'), eq('b', '2')) });
});

test('selectors keep parentheses and quotes, including `)` and `#` inside strings', () => {
  const p = one('x: deny pod((a == ")#(" || b == \'x"y\')) -> any');
  assert.equal(p.src, {
    kind: 'pods',
    namespace: null,
    pod: { op: 'or', args: [eq('a', ')#('), eq('b', 'x"y')] },
  });
});

test('CIDRs are canonical; a bare address is one host; except lists', () => {
  const p = one('x: deny any -> cidr(10.0.0.0/8, 192.0.2.7, 2001:DB8::/32) except cidr(10.1.0.0/16, 10.2.3.4)');
  assert.equal(p.dst, {
    kind: 'cidr',
    cidrs: ['10.0.0.0/8', '192.0.2.7/32', '2001:db8::/32'],
    except: ['10.1.0.0/16', '10.2.3.4/32'],
  });
  assert.equal(one('x: deny cidr(::/0) -> any').src, { kind: 'cidr', cidrs: ['::/0'], except: [] });
});

test('ports: single, range, protocol alone, numbers, names in any case, `on any`', () => {
  const p = one('x: allow any -> any on tcp/80, UDP/53, sctp/9000-9100, icmp, 47, 6/443, udplite');
  assert.equal(p.on, [
    { protocol: 6, ports: { from: 80, to: 80 } },
    { protocol: 17, ports: { from: 53, to: 53 } },
    { protocol: 132, ports: { from: 9000, to: 9100 } },
    { protocol: 1, ports: null },
    { protocol: 47, ports: null },
    { protocol: 6, ports: { from: 443, to: 443 } },
    { protocol: 136, ports: null },
  ]);
  assert.is(one('x: allow any -> any on any').on, null);
  assert.equal(one('x: allow any -> any on tcp/0-65535').on, [{ protocol: 6, ports: { from: 0, to: 65535 } }]);
});

test('comments, blank lines and wrapping over lines', () => {
  const ps = ok('# header\n\na: deny any -> any # trailing\n# between\nb: allow\n  pod(x == "1")\n  -> any\n  on tcp/1,\n     tcp/2\n');
  assert.equal(ps.map((p) => [p.name, p.line]), [['a', 3], ['b', 5]]);
  assert.equal(ps[1]!.on, [
    { protocol: 6, ports: { from: 1, to: 1 } },
    { protocol: 6, ports: { from: 2, to: 2 } },
  ]);
  assert.equal(ok(''), [], 'an empty file parses to no properties');
  assert.equal(ok('# only a comment\n'), []);
});

test('names and properties that look like keywords are still names', () => {
  const ps = ok('any: deny any -> any\non: deny any -> pod(a == "b")\npod: allow pod() -> any on tcp\nns: some any -> any');
  assert.equal(ps.map((p) => p.name), ['any', 'on', 'pod', 'ns']);
  assert.equal(ps[2]!.on, [{ protocol: 6, ports: null }]);
});

test('syntax errors say what was expected and what was found, at 1-based line and column', () => {
  assert.equal(errors('a: maybe any -> any'), ['1:4 property-syntax expected `some`, `only`, `allow`, or `deny`; found `maybe`']);
  assert.equal(errors('a deny any -> any'), ['1:3 property-syntax expected `:`; found `deny`']);
  assert.equal(errors('a: deny any ->\nb: deny any -> any'), [
    '2:1 property-syntax expected `cidr`, `pod`, `ns`, or `any`; found `b`',
  ]);
  assert.equal(errors('a: deny any => any'), ['1:13 property-syntax expected `->`; found `=`']);
  assert.equal(errors('a: deny pod(a == "b" -> any'), ['1:28 property-syntax expected `)`; found the end of the text']);
  assert.equal(errors('a: deny pod(a == "b) -> any'), ['1:28 property-syntax expected `"`; found the end of the text']);
  assert.equal(errors('a: deny any\u0001-> any'), ['1:12 property-syntax expected `->`; found `\\u0001`'], 'control characters are not blanks');
});

test('names must be lowercase letters, digits and `-`', () => {
  assert.equal(errors('ok: deny any -> any\nDNS_check: deny any -> any'), [
    '2:1 property-syntax property name `DNS_check` may only have lowercase letters, digits and `-`',
  ]);
  const r = parseProperties('bad.txt', 'A.b: deny any -> any');
  assert.is(r.diagnostics[0]!.hint, 'write `a-b`');
});

test('a duplicate name is an error at the second, pointing back at the first', () => {
  const r = parseProperties('bad.txt', 'a: deny any -> any\n\n  a: allow any -> any\n');
  assert.is(r.value, undefined);
  assert.equal(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`), [
    '3:3 duplicate-property property `a` is defined twice',
  ]);
  assert.is(r.diagnostics[0]!.hint, 'the first definition is at line 1, column 1');
});

test('a selector error points at the offending token inside the selector', () => {
  // `pod(` ends at column 12; the selector's offset 4 is the `)` where a value was expected.
  assert.equal(errors('a: deny pod(a ==) -> any'), ['1:17 invalid-selector expected a string after `==`']);
  // On a later line and inside ns(…) of a two-part endpoint.
  const e = errors('ok: deny any -> any\nb: allow any -> ns(team == "x" &&& y) pod(all())');
  assert.equal(e.length, 1);
  assert.is(e[0], '2:34 invalid-selector expected `&&`, found a single `&`', 'the third `&` of `&&&`');
  // Every bad selector of a file is reported, not only the first.
  assert.equal(errors('a: deny pod(!) -> pod(a in {)').map((x) => x.split(' ').slice(0, 2).join(' ')), [
    '1:14 invalid-selector',
    '1:29 invalid-selector',
  ]);
});

test('bad CIDRs, and an except outside its CIDRs, are reported where they are written', () => {
  assert.equal(errors('a: deny any -> cidr(10.0.0.1/8, 10.0.0.300)'), [
    '1:21 invalid-cidr `10.0.0.1/8` has bits set beyond its prefix length',
    '1:33 invalid-cidr `10.0.0.300` is not an IPv4 address (`300` is larger than 255)',
  ]);
  assert.equal(errors('a: deny any -> cidr(10.0.0.0/8) except cidr(10.1.0.0/16, 11.0.0.0/8)'), [
    '1:58 except-outside-cidr except `11.0.0.0/8` is not inside any of the listed CIDRs',
  ]);
  assert.equal(errors('a: deny any -> cidr(10.0.0.0/8) except cidr(::/0)').map((x) => x.split(' ')[1]), ['except-outside-cidr']);
  assert.equal(errors('a: deny any -> cidr(10.0.0.0/33)').map((x) => x.split(' ').slice(0, 2).join(' ')), ['1:21 invalid-cidr']);
});

test('bad ports and protocols point at the protocol or the port', () => {
  assert.equal(errors('a: deny any -> any on tcp/70000, tpc/80, icmp/8, tcp/90-80, 300, tcp/80-99999'), [
    '1:27 invalid-port port `70000` is out of range',
    '1:34 invalid-protocol `tpc` is not a protocol name',
    '1:47 invalid-port `icmp` has no ports',
    '1:54 invalid-port-range port range `90-80` is empty',
    '1:61 invalid-protocol protocol `300` is out of range',
    '1:73 invalid-port port `99999` is out of range',
  ]);
  assert.equal(errors('a: deny any -> any on tcp/80/90'), ['1:23 property-syntax `tcp/80/90` is not a port']);
  assert.equal(errors('a: deny any -> any on'), ['1:22 property-syntax expected `:`, a protocol or protocol/port, or `any`; found the end of the text']);
});

test('every problem of a file is reported, sorted by position', () => {
  const e = errors('a: deny pod(x ==) -> any\nB: allow any -> any on tcp/99999\na: some any -> any');
  assert.equal(e.map((x) => x.split(' ').slice(0, 2).join(' ')), [
    '1:17 invalid-selector',
    '2:1 property-syntax',
    '2:28 invalid-port',
    '3:1 duplicate-property',
  ]);
});

test('hostile input returns diagnostics and never throws', () => {
  for (const text of ['(', ')', 'a: deny pod(' + '('.repeat(200) + ') -> any', '\u0000', 'a: deny any\u0000-> any', 'a: deny cidr(,) -> any', 'a:'.repeat(1000)]) {
    const r = parseProperties('x', text);
    assert.is(r.value, undefined, JSON.stringify(text.slice(0, 20)));
    assert.ok(r.diagnostics.length > 0);
  }
});

test.run();
