/**
 * `prove` on bad input: property files that do not parse, missing or empty files, policies with
 * errors, bad options. All of these stop before the solver, exit 2, and render diagnostics with
 * file:line:col and a caret, through the library function and through the CLI.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proveCommand } from '../../src/commands/prove.js';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { REPO } from '../helpers/paths.js';

const FIXED = join(REPO, 'corpus/article-fixed');
const dir = mkdtempSync(join(tmpdir(), 'netpolc-prove-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const MAIN = join(REPO, 'dist/src/cli/main.js');
function netpolc(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: REPO, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('a property file that does not parse: exit 2, no output, diagnostics with a caret', async () => {
  const props = file('bad.txt', 'ok: deny any -> any\nbad: allow pod(app == ) -> any\n');
  const r = await proveCommand([FIXED], { properties: props });
  assert.is(r.exitCode, 2);
  assert.is(r.output, '');
  assert.equal(r.results, []);
  const errs = r.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errs.map((d) => [d.file, d.line, d.column, d.code]), [[props, 2, 23, 'invalid-selector']]);
  const shown = renderDiagnostics(errs, { texts: r.texts });
  assert.is(
    shown,
    [
      `${props}:2:23: error invalid-selector: expected a string after \`==\``,
      '  2 | bad: allow pod(app == ) -> any',
      '                            ^',
    ].join('\n'),
  );
});

test('a missing or empty property file is an input error', async () => {
  const missing = await proveCommand([FIXED], { properties: join(dir, 'nope.txt') });
  assert.is(missing.exitCode, 2);
  assert.equal(missing.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['file-not-found']);
  const empty = await proveCommand([FIXED], { properties: file('empty.txt', '# nothing yet\n') });
  assert.is(empty.exitCode, 2);
  assert.equal(empty.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`), ['1:1 no-properties']);
});

test('policies with errors stop the proof, even with a good property file', async () => {
  const props = file('good.txt', 'a: deny any -> any\n');
  const r = await proveCommand([join(REPO, 'corpus/article')], { properties: props });
  assert.is(r.exitCode, 2);
  assert.is(r.output, '');
  assert.ok(r.diagnostics.some((d) => d.code === 'wrong-type' && d.file.endsWith('corpus/article/policies.yaml')));
});

test('a bad --pod-cidr is a usage error', async () => {
  const r = await proveCommand([FIXED], { properties: file('good2.txt', 'a: deny any -> any\n'), podCidr: '10.0.0.1/8' });
  assert.is(r.exitCode, 2);
  assert.match(r.usageError ?? '', /^--pod-cidr: `10\.0\.0\.1\/8` has bits set beyond its prefix length/);
});

test('CLI: input and usage errors exit 2 with file:line:col and a caret on stderr', () => {
  const props = file('cli-bad.txt', 'dns: allow any -> any on tcp/70000\n');
  const r = netpolc(['prove', FIXED, '--properties', props]);
  assert.is(r.code, 2);
  assert.is(r.out, '');
  assert.match(r.err, `${props}:1:30: error invalid-port: port \`70000\` is out of range`);
  // The caret sits under column 30: two blanks, the `1 | ` gutter, 29 characters.
  assert.match(r.err, `  1 | dns: allow any -> any on tcp/70000\n${' '.repeat(2 + 4 + 29)}^\n`);
  assert.match(r.err, 'hint: ports are 0–65535');

  const noProps = netpolc(['prove', FIXED]);
  assert.is(noProps.code, 2);
  assert.match(noProps.err, '--properties <file> is required');
  for (const [flag, value, says] of [
    ['--mode', 'everything', 'unknown --mode `everything`'],
    ['--timeout', 'soon', '--timeout `soon` is not a positive number'],
    ['--format', 'xml', 'unknown --format `xml`'],
  ] as const) {
    const u = netpolc(['prove', FIXED, '--properties', props, flag, value]);
    assert.is(u.code, 2, flag);
    assert.match(u.err, says);
  }
  const help = netpolc(['prove', '--help']);
  assert.is(help.code, 0);
  for (const o of ['--properties', '--mode', '--timeout', '--format', '--any-namespace-labels', '--pod-cidr']) assert.match(help.out, o);
});

test('CLI: compile --emit accepts ir and smt2 only', () => {
  const r = netpolc(['compile', '--emit', 'iptables', FIXED]);
  assert.is(r.code, 2);
  assert.match(r.err, 'unknown --emit `iptables`; use ir or smt2');
  const ir = netpolc(['compile', FIXED]);
  assert.is(ir.code, 0);
  assert.match(ir.out, /^snapshot \{/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
