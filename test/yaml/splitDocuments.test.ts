import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitDocuments } from '../../src/yaml/splitDocuments.js';
import { LineIndex } from '../../src/util/lineIndex.js';

/** The text of each range that holds a document. */
function pieces(text: string): string[] {
  return splitDocuments(text)
    .filter((r) => r.isDocument)
    .map((r) => text.slice(r.start, r.end));
}

test('cuts at `---` lines; comments and directives stay with the document they precede', () => {
  assert.equal(pieces('a: 1\n---\nb: 2\n'), ['a: 1\n', '---\nb: 2\n']);
  assert.equal(pieces('# head\n%YAML 1.2\n---\na: 1\n'), ['# head\n%YAML 1.2\n---\na: 1\n']);
  assert.equal(pieces('---\n---\na\n'), ['---\n', '---\na\n']);
  assert.equal(pieces('--- |\n  text\n--- >\n  more\n'), ['--- |\n  text\n', '--- >\n  more\n']);
});

test('`...` ends a document; what follows it up to content is not one', () => {
  const ranges = splitDocuments('a: 1\n...\n# between\n---\nb: 2\n');
  assert.equal(
    ranges.map((r) => r.isDocument),
    [true, true],
  );
  assert.equal(pieces('a: 1\n...\n# tail only\n'), ['a: 1\n...\n']);
});

test('only markers at column 1 followed by a blank count', () => {
  assert.equal(pieces('a: ---\n  ---\n---x: 1\n'), ['a: ---\n  ---\n---x: 1\n']);
  assert.equal(pieces('a: 1\r\n---\r\nb: 2\r\n'), ['a: 1\r\n', '---\r\nb: 2\r\n']);
  assert.equal(pieces('a\n---'), ['a\n', '---']);
});

test('the ranges cover the text without gaps, so offsets stay those of the file', () => {
  const text = '# c\na: 1\n---\nb\n...\n\n---\nc\n';
  const ranges = splitDocuments(text);
  let end = 0;
  for (const r of ranges) {
    assert.is(r.start, end);
    end = r.end;
  }
  assert.is(end, text.length);
});

test('LineIndex answers in any order, lazily', () => {
  const idx = new LineIndex('ab\ncd\r\n\nxyz');
  assert.equal(idx.position(9), { line: 4, column: 2 });
  assert.equal(idx.position(0), { line: 1, column: 1 });
  assert.equal(idx.position(4), { line: 2, column: 2 });
  assert.equal(idx.position(7), { line: 3, column: 1 });
  assert.equal(idx.position(11), { line: 4, column: 4 }, 'the end of the text is a position too');
});

test.run();
