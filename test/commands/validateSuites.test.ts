/**
 * `validate` over every input folder of the shared suites: nothing throws, no internal error,
 * and the intentionally broken inputs get errors with positions.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '../../src/commands/validate.js';
import { CONFORMANCE } from '../helpers/paths.js';

function folders(root: string): string[] {
  return readdirSync(root)
    .map((d) => join(root, d))
    .filter((p) => statSync(p).isDirectory())
    .sort();
}

const NPA = join(CONFORMANCE, 'netpol-analyzer/tests');
const NCA = join(CONFORMANCE, 'network-config-analyzer/tests');

test('every netpol-analyzer input folder validates without a crash or internal error', async () => {
  let documents = 0;
  for (const dir of folders(NPA)) {
    const { report } = await validate([dir]);
    documents += report.documents;
    const internal = report.diagnostics.filter((d) => d.code === 'internal-error');
    assert.equal(internal, [], dir);
  }
  assert.ok(documents > 1000, `read ${documents} documents`);
});

test('netpol-analyzer bad-path inputs get errors with positions', async () => {
  const bad = readdirSync(NPA).filter((d) => /^(b?anp_bad_path_test_|bad_netpols|bad_yamls)/.test(d));
  assert.ok(bad.length > 20);
  for (const d of bad) {
    const { report } = await validate([join(NPA, d)]);
    const errors = report.diagnostics.filter((x) => x.severity === 'error');
    if (errors.length === 0) continue; // a few bad-path cases are semantic conflicts (same priority), for lint
    for (const e of errors) assert.ok(e.line >= 1 && e.column >= 1 && e.file.length > 0, `${d}: ${JSON.stringify(e)}`);
  }
});

test('every network-config-analyzer input folder validates without a crash or internal error', async () => {
  let documents = 0;
  for (const dir of folders(NCA)) {
    const { report } = await validate([dir]);
    documents += report.documents;
    assert.equal(report.diagnostics.filter((d) => d.code === 'internal-error'), [], dir);
  }
  assert.ok(documents > 1000, `read ${documents} documents`);
});

test.run();
