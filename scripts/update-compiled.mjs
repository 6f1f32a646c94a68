#!/usr/bin/env node
// Regenerates compiled/ from corpus/ (run `npm run build` first; `npm run update-compiled` does).
// The result is a reviewed diff: look at `git diff compiled/` before committing it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compiledOutputs } from '../dist/src/corpus/compiledOutputs.js';

process.chdir(new URL('..', import.meta.url).pathname);
const files = await compiledOutputs('.');
rmSync('compiled', { recursive: true, force: true });
for (const [rel, text] of files) {
  const path = join('compiled', rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
writeFileSync('compiled/README.md', '# compiled\n\nOutputs of netpolc for each set in `corpus/`, written by `npm run update-compiled`\n(never by hand) and checked for staleness by `test/corpus/compiled.test.ts`. Review the diff.\n');
console.log(`wrote ${files.size} files under compiled/`);
