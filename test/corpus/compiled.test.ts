/**
 * `compiled/` must equal what the compiler produces for `corpus/` now. On a mismatch the fresh
 * outputs are written to a temporary folder (never into the tree) and the test names it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { compiledOutputs } from '../../src/corpus/compiledOutputs.js';
import { REPO } from '../helpers/paths.js';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

test('compiled/ is up to date with corpus/ (run `npm run update-compiled` and review the diff)', async () => {
  const cwd = process.cwd();
  process.chdir(REPO);
  try {
    const fresh = await compiledOutputs('.');
    const stale: string[] = [];
    for (const [rel, text] of fresh) {
      const path = join('compiled', rel);
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(rel);
    }
    const extra = listFiles('compiled')
      .map((p) => relative('compiled', p))
      .filter((rel) => rel !== 'README.md' && !fresh.has(rel));
    if (stale.length > 0) {
      const out = mkdtempSync(join(tmpdir(), 'netpolc-compiled-'));
      for (const rel of stale) {
        mkdirSync(dirname(join(out, rel)), { recursive: true });
        writeFileSync(join(out, rel), fresh.get(rel)!);
      }
      assert.unreachable(`stale: ${stale.join(', ')}; fresh outputs written to ${out}`);
    }
    assert.equal(extra, [], 'compiled/ has files no corpus set produces');
    assert.ok(fresh.size >= 4, 'every corpus set produces outputs');
  } finally {
    process.chdir(cwd);
  }
});

test.run();
