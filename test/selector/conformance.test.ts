/**
 * Calico's own selector test tables (libcalico-go parser and tokenizer tests, transcribed under
 * `${CONFORMANCE}/calico-selectors`): every case must pass, through both matchers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE } from '../helpers/paths.js';
import { compileSelector, evaluateSelector, parseCalicoSelector, printSelector, selectorEquals } from '../../src/selector/index.js';

interface Cases {
  matchCases: { selector: string; labels: Record<string, string>; expected: boolean }[];
  invalidSelectors: { selector: string }[];
  tokenizerErrors: { selector: string; note?: string }[];
  canonicalisation: { input: string; canonical: string }[];
}
const cases = JSON.parse(
  readFileSync(join(CONFORMANCE, 'calico-selectors', 'calico-selector-cases.json'), 'utf8'),
) as Cases;

test('the suite is present and not empty', () => {
  assert.ok(cases.matchCases.length >= 98, `match cases: ${cases.matchCases.length}`);
  assert.ok(cases.invalidSelectors.length >= 26);
  assert.ok(cases.tokenizerErrors.length >= 16);
  assert.ok(cases.canonicalisation.length >= 17);
});

test('every match case parses and evaluates as Calico does (plain and compiled)', () => {
  const failures: string[] = [];
  for (const c of cases.matchCases) {
    const r = parseCalicoSelector(c.selector);
    if (!r.ok) {
      failures.push(`${JSON.stringify(c.selector)}: ${r.error.message}`);
      continue;
    }
    const plain = evaluateSelector(r.selector, c.labels);
    const compiled = compileSelector(r.selector)(c.labels);
    if (plain !== c.expected || compiled !== c.expected) {
      failures.push(`${JSON.stringify(c.selector)} on ${JSON.stringify(c.labels)}: got ${plain}/${compiled}`);
    }
  }
  assert.equal(failures, []);
});

test('every match case still matches the same after canonicalising', () => {
  const failures: string[] = [];
  for (const c of cases.matchCases) {
    const r = parseCalicoSelector(c.selector);
    if (!r.ok) continue; // reported by the test above
    const again = parseCalicoSelector(printSelector(r.selector));
    if (!again.ok || evaluateSelector(again.selector, c.labels) !== c.expected) failures.push(c.selector);
  }
  assert.equal(failures, []);
});

test('every invalid selector is rejected with a message and an offset inside the text', () => {
  for (const { selector } of [...cases.invalidSelectors, ...cases.tokenizerErrors]) {
    const r = parseCalicoSelector(selector);
    assert.not.ok(r.ok, `accepted ${JSON.stringify(selector)}`);
    if (r.ok) continue;
    assert.ok(r.error.message.length > 0);
    assert.ok(r.error.offset >= 0 && r.error.offset <= selector.length, `${selector}: offset ${r.error.offset}`);
  }
});

test('every canonical form is Calico\'s and round-trips', () => {
  for (const { input, canonical } of cases.canonicalisation) {
    const r = parseCalicoSelector(input);
    assert.ok(r.ok, `rejected ${JSON.stringify(input)}`);
    if (!r.ok) continue;
    assert.is(printSelector(r.selector), canonical, `canonical form of ${JSON.stringify(input)}`);
    const again = parseCalicoSelector(canonical);
    assert.ok(again.ok);
    if (!again.ok) continue;
    assert.is(printSelector(again.selector), canonical);
    assert.ok(selectorEquals(again.selector, r.selector), `tree changed for ${JSON.stringify(input)}`);
  }
});

test.run();
