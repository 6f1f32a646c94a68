import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIr } from '../../src/ir/parse.js';
import { Prng } from '../../src/util/prng.js';

/** `line:column code message` for each diagnostic, the form users see. */
function errors(text: string): string[] {
  const r = parseIr(text, { file: 'bad.ir' });
  assert.is(r.value, undefined, 'no program when there are errors');
  for (const d of r.diagnostics) assert.is(d.file, 'bad.ir');
  return r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
}

const POLICY = (rule: string) => `tier "t" order 1 default deny {\n  policy "p" order 1 types [ingress] applies sel(all()) {\n    ${rule}\n  }\n}\nfinal allow\n`;

test('a syntax error names what was expected and what was found, at 1-based line and column', () => {
  assert.equal(errors(POLICY('ingress allow from to any')), [
    '3:24 ir-syntax expected `ports`, `sa`, `ns`, `sel`, `not`, `nets`, `external`, or `any`; found `to`',
  ]);
  assert.equal(errors('tier "t" order 1 default maybe {} final allow'), ['1:26 ir-syntax expected `pass` or `deny`; found `maybe`']);
  assert.equal(errors(''), ['1:1 ir-syntax expected `final`; found the end of the text']);
});

test('clauses must come in the documented order', () => {
  assert.ok(parseIr(POLICY('ingress allow from sel(a == "b") ports [80] to any')).value, 'the documented order parses');
  assert.equal(errors(POLICY('ingress allow from ports [80] sel(a == "b") to any')), [
    '3:35 ir-syntax expected `to` or `not`; found `sel`',
  ]);
});

test('a selector error points into the selector text', () => {
  assert.equal(errors(POLICY('ingress allow from sel(app == "a" &&) to any')), ['3:41 invalid-selector unexpected end of selector after `&&`']);
  assert.equal(errors(POLICY('ingress allow from ns(team ==) to any')).map((e) => e.split(' ')[0]), ['3:34']);
});

test('bad addresses, ports, protocols and ICMP values are reported where they are written', () => {
  assert.equal(errors(POLICY('ingress allow from nets [10.0.0.1/8] to any')), [
    '3:30 invalid-cidr `10.0.0.1/8` has bits set beyond its prefix length',
  ]);
  assert.equal(errors(POLICY('ingress allow from any to ports [70000, 90-80]')), [
    '3:38 invalid-port port `70000` is out of range',
    '3:45 invalid-port-range port range `90-80` is empty',
  ]);
  assert.equal(errors(POLICY('ingress allow proto tpc from any to any')), ['3:25 invalid-protocol `tpc` is not a protocol name']);
  assert.equal(errors(POLICY('ingress allow proto 256 from any to any')), ['3:25 invalid-protocol protocol `256` is out of range']);
  assert.equal(errors(POLICY('ingress allow icmp type 300 from any to any')), ['3:29 invalid-value ICMP type or code `300` is out of range']);
  assert.equal(errors('snapshot { namespace "a" labels {} endpoint "a/b" in "a" ips [10.0.0.256] labels {} } final allow').length, 1);
});

test('names must be unique and tiers and policies written in evaluation order', () => {
  assert.equal(errors('tier "b" order 1 default deny {}\ntier "a" order 1 default deny {}\nfinal allow'), [
    '2:1 invalid-order tier `a` evaluates before `b` but is written after it',
  ]);
  assert.equal(errors('tier "a" order none default deny {}\ntier "b" order 5 default deny {}\nfinal allow'), [
    '2:1 invalid-order tier `b` evaluates before `a` but is written after it',
  ]);
  assert.equal(errors('tier "a" order 1 default deny {}\ntier "a" order 2 default deny {}\nfinal allow'), ['2:1 invalid-value tier `a` is defined twice']);
  assert.equal(errors('tier "a" order 1e999 default deny {}\nfinal allow'), [
    '1:16 invalid-order order `1e999` is not a finite number',
  ]);
  assert.equal(
    errors('tier "t" order 1 default deny {\n policy "p" order 1 types [] applies sel(all()) {}\n policy "p" order 1 types [] applies sel(all()) {}\n}\nfinal allow'),
    ['3:2 invalid-value policy `p` is defined twice'],
  );
});

test('snapshot consistency: undeclared namespaces, duplicate labels', () => {
  assert.equal(errors('snapshot {\n endpoint "x/a" in "x" ips [] labels {}\n}\nfinal allow'), [
    '2:2 invalid-value endpoint `x/a` is in namespace `x`, which the snapshot does not declare',
  ]);
  assert.equal(errors('snapshot { namespace "x" labels {"a": "1", "a": "2"} } final allow'), ['1:44 invalid-value label `a` is given twice']);
});

test('never throws, whatever the input', () => {
  const r = new Prng(42);
  const pieces = ['tier', '"t"', 'order', '1', 'default', 'deny', '{', '}', 'policy', 'sel(', ')', '(', '[', ']', 'from', 'to', 'any', '@', ':', '"', '\\', 'final', 'allow', 'nets', '10.0.0.0/8', 'ports', '80-', '#', '\n', ' '];
  for (let i = 0; i < 300; i++) {
    const text = Array.from({ length: r.int(0, 40) }, () => r.pick(pieces)).join(' ');
    const res = parseIr(text);
    assert.ok(res.value !== undefined || res.diagnostics.some((d) => d.severity === 'error'), text);
    for (const d of res.diagnostics) assert.ok(d.line >= 1 && d.column >= 1, text);
  }
});

test.run();
