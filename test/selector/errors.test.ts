/**
 * Syntax errors: the exact message and offset for typical mistakes, and the contract that
 * `parseCalicoSelector` never throws, whatever the input.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCalicoSelector } from '../../src/selector/index.js';
import { Prng } from '../../src/util/prng.js';

function error(text: string): { message: string; offset: number } {
  const r = parseCalicoSelector(text);
  if (r.ok) throw new Error(`${JSON.stringify(text)} was accepted`);
  return r.error;
}

const OPS = '`==`, `!=`, `in`, `not in`, `contains`, `starts with` or `ends with`';

const CASES: [string, string, number][] = [
  // [input, message, offset]
  ['a == ', 'expected a string after `==`', 5],
  ['app == web', 'expected a string after `==`', 7],
  ['a starts  with b', 'expected a string after `starts  with`', 15],
  ['has2(a)', 'unknown function `has2()`', 0],
  ['has(a) && matches(b)', 'unknown function `matches()`', 10],
  ['has (a)', 'unexpected blank between `has` and `(`', 4],
  ['has()', 'expected a label after `has(`', 4],
  ['has(foo', 'expected `)` after `has(foo`', 7],
  ['all(x)', 'expected `)` after `all(`', 4],
  ['app', `expected an operator (${OPS}) after \`app\``, 3],
  ['app = "web"', 'expected `==`, found a single `=`', 4],
  ['label squiggles "v"', `expected an operator (${OPS}) after \`label\``, 6],
  ['a == "b" & has(c)', 'expected `&&`, found a single `&`', 9],
  ['a == "b" | has(c)', 'expected `||`, found a single `|`', 9],
  ['a == "b" has(c)', 'expected `&&` or `||` before `has(`', 9],
  ['a == "b")', 'unexpected `)` without a matching `(`', 8],
  ['(a == "b"', 'expected `)` to close `(`', 9],
  ['(a == "b" c', 'expected `&&`, `||` or `)` before `c`', 10],
  ['()', 'expected an expression after `(`', 1],
  ['has(a) &&', 'unexpected end of selector after `&&`', 9],
  ['!', 'unexpected end of selector after `!`', 1],
  ["'b1' == b", "unexpected `'b1'` at the start of the selector", 0],
  ['a in "x"', 'expected `{` after `in`', 5],
  ['a in {"x" "y"}', 'expected `,` or `}` after `"x"`', 10],
  ['a not in {"x", ||', 'expected a string or `}` after `,`', 15],
  ['a == "unterminated', 'unterminated string `"unterminated`', 5],
  ["a == 'mixed\"", 'unterminated string `\'mixed"`', 5],
  ['a == "b" && %', 'unexpected character `%`', 12],
  ['a == "b" &&\n has(c)', 'unexpected line break: a selector is one line (blanks are spaces and tabs)', 11],
  ['a == "b" && 😀', 'unexpected character `😀`', 12],
];

test('messages and offsets for typical mistakes', () => {
  for (const [input, message, offset] of CASES) {
    assert.equal(error(input), { message, offset }, JSON.stringify(input));
  }
});

test('messages follow the style: one line, lowercase start, no final period', () => {
  for (const [input] of CASES) {
    const { message } = error(input);
    assert.ok(!message.includes('\n'), input);
    assert.ok(/^[a-z]/.test(message), message);
    assert.ok(!message.endsWith('.'), message);
  }
});

test('long input in a message is cut', () => {
  const { message } = error('a == "' + 'x'.repeat(200));
  assert.ok(message.length < 80, message);
  assert.ok(message.includes('…'));
});

test('the earliest problem wins, even when a bad character follows', () => {
  // The parser fails at `b` (offset 2) before the lexer fails at `%`.
  assert.equal(error('a b %'), { message: `expected an operator (${OPS}) after \`a\``, offset: 2 });
  // Here the tokens before `%` parse, so the bad character is the first problem.
  assert.equal(error('has(a) && %'), { message: 'unexpected character `%`', offset: 10 });
});

test('never throws, and every error offset lies within the text', () => {
  const rng = new Prng(2024);
  const alphabet = ['a', 'b', ' ', '(', ')', '{', '}', '"', "'", '!', '=', '&', '|', ',', 'has(', 'in', 'not', '\n', '\u0000', '\uD800', '😀'];
  for (let i = 0; i < 3000; i++) {
    let text = '';
    const n = rng.int(0, 30);
    for (let j = 0; j < n; j++) text += rng.pick(alphabet);
    const r = parseCalicoSelector(text);
    if (!r.ok) {
      assert.ok(r.error.offset >= 0 && r.error.offset <= text.length, JSON.stringify(text));
      assert.ok(!r.error.message.startsWith('internal error'), `${JSON.stringify(text)}: ${r.error.message}`);
    }
  }
});

test.run();
