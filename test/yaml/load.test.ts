import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { loadPaths } from '../../src/yaml/load.js';
import { toPlain } from '../../src/yaml/node.js';
import { REPO } from '../helpers/paths.js';
import { at, codes, pos } from './util.js';

const TREE = join(REPO, 'test/fixtures/yaml/tree');

function kinds(docs: { root: Parameters<typeof toPlain>[0] }[]): unknown[] {
  return docs.map((d) => (toPlain(d.root) as { kind: unknown }).kind);
}

/** A scratch directory under the OS temp dir, removed after `fn`. */
async function inTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-load-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a directory is walked recursively, YAML and JSON only, in sorted order', async () => {
  const rel = relative(process.cwd(), TREE) || '.';
  const r = await loadPaths([rel]);
  assert.equal(r.diagnostics, []);
  assert.equal(kinds(r.documents), ['A', 'AAX', 'B', 'C', 'M', 'Z', 'Z2']);
  assert.equal(
    r.documents.map((d) => [relative(rel, d.file), d.index]),
    [['a.yml', 0], ['aa/x.yaml', 0], ['b.yaml', 0], ['c.json', 0], ['sub/deeper/m.yaml', 0], ['sub/z.yaml', 0], ['sub/z.yaml', 1]],
  );
  for (const d of r.documents) {
    assert.is(d.file, join(rel, relative(rel, d.file)), 'file names are the given path joined with entries');
    assert.is(isAbsolute(d.file), isAbsolute(rel), 'relative stays relative');
  }
  assert.equal([...r.texts.keys()], [...new Set(r.documents.map((d) => d.file))]);
  const json = r.documents[3]!;
  assert.is(pos(at(json.root, 'spec', 'ports', 1)), '3:26', 'JSON files keep positions');
  assert.is(r.texts.get(json.file), '{\n  "kind": "C",\n  "spec": {"ports": [80, "http"]}\n}\n');
});

test('paths load in the order given; an explicit file loads whatever its extension', async () => {
  const r = await loadPaths([join(TREE, 'b.yaml'), join(TREE, 'readme.txt'), join(TREE, 'a.yml')]);
  assert.equal(r.diagnostics, []);
  assert.equal(kinds(r.documents), ['B', 'not-loaded', 'A']);
});

test('a missing path is file-not-found, and the other paths still load', async () => {
  const missing = join(TREE, 'no-such.yaml');
  const r = await loadPaths([missing, join(TREE, 'b.yaml')]);
  assert.equal(codes(r.diagnostics), ['file-not-found@1:1']);
  assert.is(r.diagnostics[0]!.file, missing);
  assert.is(r.diagnostics[0]!.path, '');
  assert.equal(kinds(r.documents), ['B']);
});

test('`-` reads stdin once, as <stdin>, in its place among the paths', async () => {
  let reads = 0;
  const readStdin = async () => {
    reads++;
    return 'kind: FromStdin\n---\nkind: Second\n';
  };
  const r = await loadPaths([join(TREE, 'a.yml'), '-', '-'], { readStdin });
  assert.is(reads, 1);
  assert.equal(r.diagnostics, []);
  assert.equal(kinds(r.documents), ['A', 'FromStdin', 'Second']);
  assert.equal(r.documents.slice(1).map((d) => [d.file, d.index, pos(d.root)]), [['<stdin>', 0, '1:1'], ['<stdin>', 1, '3:1']]);
  assert.is(r.texts.get('<stdin>'), 'kind: FromStdin\n---\nkind: Second\n');
});

test('diagnostics from a file carry its name; its text is kept for rendering', async () => {
  const r = await loadPaths(['-'], { readStdin: async () => 'a: 1\na: 2\n' });
  assert.equal(r.diagnostics.map((d) => [d.code, d.file, d.line]), [['yaml-duplicate-key', '<stdin>', 2]]);
  assert.ok(r.texts.has('<stdin>'));
});

test('symbolic link loops end, and a file reached twice loads once', async () => {
  await inTemp(async (dir) => {
    mkdirSync(join(dir, 'pols'));
    writeFileSync(join(dir, 'pols', 'np.yaml'), 'kind: NP\n');
    symlinkSync('..', join(dir, 'pols', 'up')); // pols/up/pols/up/… forever
    symlinkSync('np.yaml', join(dir, 'pols', 'alias.yaml'));
    symlinkSync('self.yaml', join(dir, 'self.yaml')); // a link to itself
    symlinkSync('nowhere.yaml', join(dir, 'dangling.yaml'));
    symlinkSync('nowhere', join(dir, 'dangling-other')); // not YAML-named: skipped quietly
    const r = await loadPaths([dir, join(dir, 'pols', 'np.yaml')]);
    assert.equal(kinds(r.documents), ['NP']);
    assert.is(r.documents[0]!.file, join(dir, 'pols', 'alias.yaml'), 'the first name reached in sorted order');
    assert.equal(
      r.diagnostics.map((d) => [d.code, relative(dir, d.file)]),
      [['file-not-found', 'dangling.yaml'], ['file-unreadable', 'self.yaml']],
    );
  });
});

test('a file that is not UTF-8, or cannot be read, is file-unreadable', async () => {
  await inTemp(async (dir) => {
    const bad = join(dir, 'latin1.yaml');
    writeFileSync(bad, Buffer.from([0x6b, 0x3a, 0x20, 0xe9, 0x0a])); // `k: é` in Latin-1
    const r = await loadPaths([bad]);
    assert.equal(r.diagnostics.map((d) => [d.code, d.message]), [['file-unreadable', 'file is not valid UTF-8 text']]);
    // Permissions do not stop root, so only check them as an ordinary user.
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.yaml');
      writeFileSync(locked, 'kind: X\n');
      chmodSync(locked, 0o000);
      const l = await loadPaths([locked]);
      assert.equal(l.diagnostics.map((d) => [d.code, d.message]), [['file-unreadable', 'cannot read: permission denied']]);
    }
  });
});

test('a UTF-8 byte order mark is dropped before parsing', async () => {
  await inTemp(async (dir) => {
    const f = join(dir, 'bom.yaml');
    writeFileSync(f, '\uFEFFkind: Bom\nn: 1\n');
    const r = await loadPaths([f]);
    assert.equal(r.diagnostics, []);
    assert.equal(toPlain(r.documents[0]!.root), { kind: 'Bom', n: 1 });
    assert.is(pos(r.documents[0]!.root), '1:1');
  });
});

test.run();
