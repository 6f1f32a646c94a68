/**
 * Every SARIF log netpolc writes (lint, prove, diff) validates against the official SARIF 2.1.0
 * JSON schema (the copy Microsoft ships in @microsoft/jest-sarif), which GitHub code scanning
 * reads. ajv 6 because the schema is draft-04.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv from 'ajv';
import { REPO } from '../helpers/paths.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const ajv = new Ajv({ schemaId: 'id', meta: false, allErrors: true });
ajv.addMetaSchema(JSON.parse(readFileSync(require.resolve('ajv/lib/refs/json-schema-draft-04.json'), 'utf8')));
const validate = ajv.compile(schema);

function sarifOf(args: string[]): unknown {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/src/cli/main.js'), ...args, '--format', 'sarif'], { cwd: REPO, encoding: 'utf8' });
  assert.ok(r.stdout.length > 0, `netpolc ${args.join(' ')} printed SARIF (exit ${r.status}, ${r.stderr})`);
  return JSON.parse(r.stdout);
}

function assertValid(log: unknown, what: string): void {
  const ok = validate(log);
  assert.ok(ok, `${what}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  const runs = (log as { runs: { results: unknown[] }[] }).runs;
  assert.ok(runs.length === 1 && runs[0]!.results.length > 0, `${what} has results`);
}

test('lint SARIF validates against the SARIF 2.1.0 schema', () => {
  assertValid(sarifOf(['lint', 'corpus/article-fixed']), 'lint');
});

test('prove SARIF validates against the SARIF 2.1.0 schema', () => {
  assertValid(sarifOf(['prove', 'corpus/article-fixed', '--properties', 'corpus/article-fixed/properties.txt']), 'prove');
});

test('diff SARIF validates against the SARIF 2.1.0 schema', () => {
  assertValid(sarifOf(['diff', 'corpus/article-fixed', 'corpus/tiered']), 'diff');
});

test('universal diff SARIF validates against the SARIF 2.1.0 schema', () => {
  assertValid(sarifOf(['diff', '--mode', 'universal', 'corpus/article-fixed', 'corpus/tiered']), 'universal diff');
});

test('the validator rejects a log that breaks the schema (so the tests above can fail)', () => {
  assert.not.ok(validate({ version: '2.1.0', runs: [{ tool: {} }] }));
  assert.not.ok(validate({ version: '9.9', runs: [] }));
});

test.run();
