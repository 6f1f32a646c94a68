/**
 * Every netpol-analyzer case folder that uses only core kinds and has an AdminNetworkPolicy or a
 * BaselineAdminNetworkPolicy (its `MANIFEST.cases.json`) goes through loading and lowering:
 * `lowerNpapi` directly and the orchestrator's `lower`. Nothing may throw or report an internal
 * error, every resource must become one policy with at least one rule per written rule, and the
 * program must print and parse back to itself.
 *
 * The golden outputs themselves are compared by the conformance harness, not here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIr, printIr } from '../../../src/ir/index.js';
import { lower } from '../../../src/lower/lower.js';
import { lowerNpapi } from '../../../src/lower/npapi/index.js';
import { DEFAULT_LOWER_OPTIONS } from '../../../src/lower/types.js';
import { loadResources } from '../../../src/model/loadResources.js';
import type { NpapiResource } from '../../../src/model/npapi/types.js';
import { loadPaths } from '../../../src/yaml/load.js';
import { CONFORMANCE } from '../../helpers/paths.js';

const SUITE = join(CONFORMANCE, 'netpol-analyzer');

interface ManifestCase {
  /** connlist cases. */
  inputDir?: string;
  /** diff cases: the two snapshots. */
  ref1Dir?: string;
  ref2Dir?: string;
  resourceKinds: string[];
  usesOnlyCoreKinds: boolean;
}

function caseDirs(): string[] {
  const manifest = JSON.parse(readFileSync(join(SUITE, 'MANIFEST.cases.json'), 'utf8')) as { cases: ManifestCase[] };
  const dirs = manifest.cases
    .filter((c) => c.usesOnlyCoreKinds && c.resourceKinds.some((k) => k === 'AdminNetworkPolicy' || k === 'BaselineAdminNetworkPolicy'))
    .flatMap((c) => [c.inputDir, c.ref1Dir, c.ref2Dir].filter((d): d is string => d !== undefined));
  return [...new Set(dirs)].sort();
}

const DIRS = caseDirs();
const totals = { dirs: 0, anp: 0, banp: 0, policies: 0, rules: 0, unknownRules: 0, droppedDocs: 0 };

test('the manifest selects the ANP/BANP case folders', () => {
  // 64 folders when this test was written; the suite only grows.
  assert.ok(DIRS.length >= 60, `only ${DIRS.length} folders`);
});

for (const dir of DIRS) {
  test(`${dir}: loads and lowers`, async () => {
    const loaded = await loadPaths([join(SUITE, dir)]);
    const { value: resources, diagnostics } = loadResources(loaded.documents);
    const np = resources.filter((r): r is NpapiResource => r.apiVersion.startsWith('policy.networking.k8s.io/'));
    const written = np.reduce((n, r) => n + r.ingress.length + r.egress.length, 0);
    totals.droppedDocs += diagnostics.filter((d) => d.severity === 'error').length;

    const ctx = { options: DEFAULT_LOWER_OPTIONS, report: () => assert.unreachable('lowerNpapi reported a diagnostic') };
    const l = lowerNpapi(np, ctx);
    assert.is(l.policies.length, np.length, 'one policy per resource');
    const rules = l.policies.flatMap((p) => [...p.policy.ingress, ...p.policy.egress]);
    assert.ok(rules.length >= written, 'every written rule has IR rules');
    const indexes = new Set(l.policies.flatMap((p) => [...p.policy.ingress, ...p.policy.egress].map((r) => `${p.policy.name}/${r.origin.path.split('.')[1]}`)));
    assert.is(indexes.size, written, 'every written rule is cited by its IR rules');

    const full = lower(resources, { ipBlockScope: 'external' });
    assert.equal(full.diagnostics.filter((d) => d.code === 'internal-error'), []);
    const text = printIr(full.value);
    const back = parseIr(text);
    assert.equal(back.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(back.value, full.value);
    const placed = full.value.tiers.flatMap((t) => t.policies).filter((p) => /^k(b?anp|cnp)\./.test(p.name));
    assert.is(placed.length, np.length, 'the orchestrator placed every policy');

    totals.dirs++;
    totals.anp += np.filter((r) => r.kind === 'AdminNetworkPolicy').length;
    totals.banp += np.filter((r) => r.kind === 'BaselineAdminNetworkPolicy').length;
    totals.policies += l.policies.length;
    totals.rules += rules.length;
    totals.unknownRules += rules.filter((r) => r.unknown.length > 0).length;
  });
}

test('summary', () => {
  assert.is(totals.dirs, DIRS.length);
  console.log(
    `netpol-analyzer ANP/BANP folders: ${totals.dirs}; ANPs ${totals.anp}, BANPs ${totals.banp}; ` +
      `IR policies ${totals.policies}, IR rules ${totals.rules} (${totals.unknownRules} with unknown markers); ` +
      `model errors (documents dropped) ${totals.droppedDocs}`,
  );
});

test.run();
