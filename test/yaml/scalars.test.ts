import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expandTag, resolvePlain, resolveTagged } from '../../src/yaml/resolveScalar.js';
import type { YScalar } from '../../src/yaml/node.js';
import { at, codes, keyAt, one, parse, value } from './util.js';

test('plain scalars follow the YAML 1.2 core schema', () => {
  const doc = one(
    [
      'port: 80', 'quoted: "80"', 'single: \'80\'', 'yes: true', 'no: FALSE', 'tilde: ~', 'word: null', 'empty:',
      'hex: 0x1F', 'oct: 0o17', 'exp: 1e3', 'neg: -12', 'plus: +7', 'frac: .5', 'inf: -.inf', 'name: web-1',
      'one_one_bool: yes', 'one_one_octal: 0777', 'version: 1.2.3', 'time: 12:30',
    ].join('\n'),
  );
  const expect: Record<string, unknown> = {
    port: 80, quoted: '80', single: '80', yes: true, no: false, tilde: null, word: null, empty: null,
    hex: 31, oct: 15, exp: 1000, neg: -12, plus: 7, frac: 0.5, inf: -Infinity, name: 'web-1',
    // YAML 1.1 forms are not special in 1.2: `yes` is a string and a leading zero is decimal.
    one_one_bool: 'yes', one_one_octal: 777, version: '1.2.3', time: '12:30',
  };
  for (const [k, v] of Object.entries(expect)) assert.is(value(at(doc, k)), v, k);
  assert.ok(Number.isNaN(resolvePlain('.NaN')));
});

test('quoted and block scalars stay strings and are marked quoted', () => {
  const doc = one('a: "true"\nb: |\n  80\nc: \'~\'\nd: 80\n');
  assert.is(value(at(doc, 'a')), 'true');
  assert.is(value(at(doc, 'b')), '80\n');
  assert.is(value(at(doc, 'c')), '~');
  assert.is((at(doc, 'a') as YScalar).quoted, true);
  assert.is((at(doc, 'b') as YScalar).quoted, true);
  assert.is((at(doc, 'd') as YScalar).quoted, false);
});

test('keys are typed like any scalar', () => {
  const doc = one('80: http\n"443": https\ntrue: t\n');
  assert.is(keyAt(doc, 80).value, 80);
  assert.is(keyAt(doc, '443').value, '443');
  assert.is(keyAt(doc, true).value, true);
});

test('explicit standard tags are honoured, in short and verbatim form', () => {
  const doc = one('a: !!int "80"\nb: !!str 80\nc: !!float 3\nd: !!bool "true"\ne: !!null ""\nf: !<tag:yaml.org,2002:int> 0x10\ng: ! 12\nh: !!str\n');
  assert.is(value(at(doc, 'a')), 80);
  assert.is(value(at(doc, 'b')), '80');
  assert.is(value(at(doc, 'c')), 3);
  assert.is(value(at(doc, 'd')), true);
  assert.is(value(at(doc, 'e')), null);
  assert.is(value(at(doc, 'f')), 16);
  assert.is(value(at(doc, 'g')), '12', 'the non-specific tag `!` makes a plain scalar a string');
  assert.is(value(at(doc, 'h')), '');
});

test('a %TAG directive expands its handle', () => {
  const r = parse('%TAG !yaml! tag:yaml.org,2002:\n---\nport: !yaml!int "8080"\n');
  assert.equal(r.diagnostics, []);
  assert.is(value(at(r.documents[0]!.root, 'port')), 8080);
  assert.is(expandTag('!!int', new Map()), 'tag:yaml.org,2002:int');
  assert.is(expandTag('!e!x', new Map()), '!e!x', 'an undeclared handle stays as written');
});

test('a tag that does not fit, and an unknown tag, are errors at the node', () => {
  const r = parse('a: !!int abc\nb: !!map x\nc: !custom 80\nd: !!seq {k: v}\ne: !thing [1]\n');
  assert.equal(codes(r.diagnostics), [
    'yaml-invalid-tag@1:10',
    'yaml-invalid-tag@2:10',
    'yaml-unknown-tag@3:12',
    'yaml-invalid-tag@4:10',
    'yaml-unknown-tag@5:11',
  ]);
  assert.is(r.diagnostics[0]!.message, '`abc` is not a valid `!!int`');
  assert.is(r.diagnostics[0]!.path, 'a');
  assert.is(r.diagnostics[2]!.severity, 'error');
  // A document with a wrong tag is dropped: a tag in a manifest is almost always an unquoted `!`.
  assert.is(r.documents.length, 0);
});

test('resolveTagged reports problems without throwing', () => {
  assert.equal(resolveTagged('x', 'tag:yaml.org,2002:bool'), { value: 'x', problem: 'invalid' });
  assert.equal(resolveTagged('x', '!local'), { value: 'x', problem: 'unknown' });
  assert.equal(resolveTagged('2024-01-01', 'tag:yaml.org,2002:timestamp'), { value: '2024-01-01' });
  assert.equal(resolveTagged('.inf', 'tag:yaml.org,2002:float'), { value: Infinity });
});

test.run();
