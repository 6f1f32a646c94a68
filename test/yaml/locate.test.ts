/**
 * Finding a field again in the kept source (`yaml/locate.ts`): by the mapping's own line and
 * column, through maps and sequences, in any document of a file and inside `kind: List` items;
 * nothing when the file, the mapping or the path is not there.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Locator } from '../../src/yaml/locate.js';

const TEXT = `apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  namespaceSelector: team == "x"
  ingress:
  - action: Allow
    source:
      selector: app == "web"
---
kind: List
items:
- kind: NetworkPolicy
  spec:
    podSelector: {}
`;

const texts = new Map([['f.yaml', TEXT]]);

test('paths through maps and sequences, from the mapping at the given position', () => {
  const l = new Locator(texts);
  assert.equal(l.locate('f.yaml', 5, 1, 'spec.namespaceSelector'), { line: 10, column: 22 });
  assert.equal(l.locate('f.yaml', 5, 1, 'spec.ingress[0].source.selector'), { line: 14, column: 17 });
  assert.equal(l.locate('f.yaml', 5, 1, 'spec.ingress[0]'), { line: 12, column: 5 });
  // A List item is found by its own position.
  assert.equal(l.locate('f.yaml', 18, 3, 'spec.podSelector'), { line: 20, column: 18 });
});

test('nothing when the file, the mapping or the path is missing', () => {
  const l = new Locator(texts);
  assert.is(l.locate('other.yaml', 5, 1, 'spec'), undefined);
  assert.is(l.locate('f.yaml', 6, 1, 'spec'), undefined);
  assert.is(l.locate('f.yaml', 5, 1, 'spec.egress[0]'), undefined);
  assert.is(l.locate('f.yaml', 5, 1, 'spec.ingress[3]'), undefined);
  assert.is(l.locate('f.yaml', 5, 1, ''), undefined);
  assert.is(l.locate('f.yaml', 1, 1, 'metadata.name.more'), undefined);
});

test.run();
