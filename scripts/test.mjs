#!/usr/bin/env node
// Runs the compiled uvu suites under dist/test (optionally only files whose path matches argv[2]),
// echoes their output, and ends with the plain summary line `tests: N passed, N failed, N skipped`.
// Exit code: non-zero when any test failed or no test ran.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2] ? new RegExp(process.argv[2]) : null;
function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (p.endsWith('.test.js') && (!filter || filter.test(p))) out.push(p);
  }
  return out;
}
const files = walk('dist/test');
let passed = 0, failed = 0, skipped = 0, crashed = 0;
for (const f of files) {
  // One process per file: a crash or a leaked handle in one suite cannot hide another's result.
  const r = spawnSync(process.execPath, [f], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 << 20 });
  const out = (r.stdout ?? '') + (r.stderr ?? '');
  const total = /Total:\s+(\d+)/.exec(out), ok = /Passed:\s+(\d+)/.exec(out), sk = /Skipped:\s+(\d+)/.exec(out);
  if (!total || !ok) {
    crashed++;
    process.stdout.write(`✘ ${f}: no uvu summary (exit ${r.status}${r.signal ? ', ' + r.signal : ''})\n${out}\n`);
    continue;
  }
  const t = +total[1], p = +ok[1], s = sk ? +sk[1] : 0;
  // uvu's Total counts the tests that ran; skipped ones are counted apart.
  passed += p; skipped += s; failed += t - p;
  const bad = t - p > 0 || r.status !== 0;
  if (bad && t - p === 0) crashed++;
  process.stdout.write(`${bad ? '✘' : '✔'} ${f}: ${p}/${t}${s ? ` (${s} skipped)` : ''}\n`);
  if (bad) process.stdout.write(out + '\n');
}
failed += crashed;
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
