/**
 * Output comparison and the short unified diff.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normaliseOutput, sameOutput, unifiedDiff } from '../../src/conformance/compare.js';

test('normalising: CRLF and CR become LF, final newlines go, inner blank lines stay', () => {
  assert.is(normaliseOutput('a\r\nb\rc\n\n'), 'a\nb\nc');
  assert.ok(sameOutput('a\n\nb\n', 'a\r\n\r\nb'));
  assert.not.ok(sameOutput('a\n\nb', 'a\nb'));
  assert.not.ok(sameOutput('a ', 'a'));
});

test('the diff trims common lines and keeps three lines of context', () => {
  const e = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n');
  const a = ['1', '2', '3', '4', 'five', '6', '7', '8', '9'].join('\n');
  assert.is(unifiedDiff(e, a), ['--- expected', '+++ actual', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8'].join('\n'));
  assert.is(unifiedDiff(e, e + '\n'), '');
});

test('insertions at the end and long runs are capped', () => {
  assert.is(unifiedDiff('a', 'a\nb'), ['--- expected', '+++ actual', '@@ -1,1 +1,2 @@', ' a', '+b'].join('\n'));
  const many = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
  const d = unifiedDiff('', many, 3, 5).split('\n');
  assert.is(d.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length, 6);
  assert.is(d[d.length - 1], '+… 25 more line(s)');
  assert.is(d[2], '@@ -0,0 +1,30 @@');
});

test.run();
