import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { didYouMean, editDistance } from '../../src/util/didYouMean.js';

test('edit distance counts insertions, deletions and substitutions', () => {
  assert.is(editDistance('kitten', 'sitting'), 3);
  assert.is(editDistance('', 'abc'), 3);
  assert.is(editDistance('same', 'same'), 0);
});

test('suggests the close namespace name from the article', () => {
  assert.is(didYouMean('kubesystem', ['default', 'kube-system', 'calico-system']), 'kube-system');
});

test('suggests nothing when every candidate is far', () => {
  assert.is(didYouMean('podSelektor', ['ipBlock', 'ports']), undefined);
  assert.is(didYouMean('xyz', []), undefined);
});

test('prefers a case-only difference', () => {
  assert.is(didYouMean('podselector', ['podSelector', 'podSelectors']), 'podSelector');
});

test.run();
