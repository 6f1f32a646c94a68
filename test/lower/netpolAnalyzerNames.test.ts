/**
 * The snapshot's display names against netpol-analyzer's goldens: every workload a core-kinds
 * connlist golden names (`ns/name[Kind]`) must be the display name of one of our endpoints for the
 * same input directory. The one deliberate difference: netpol-analyzer keeps host-network and
 * finished pods as ordinary pods, netpolc leaves them out (DESIGN §2, `snapshot.ts`), so names
 * that stand only for such pods are not expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { endpointDisplayName, podWorkloadName } from '../../src/lower/snapshot.js';
import { lower } from '../../src/lower/lower.js';
import type { Pod } from '../../src/model/k8s/pod.js';
import { readInputs } from '../../src/pipeline.js';
import { CONFORMANCE } from '../helpers/paths.js';

const ROOT = join(CONFORMANCE, 'netpol-analyzer');

interface ManifestRow {
  kind: string;
  inputDir: string;
  format: string;
  exposureAnalysis: boolean;
  focusWorkloads: string[];
  focusWorkloadPeers: string[];
  usesOnlyCoreKinds: boolean;
  expectedOutput: string;
}

function rows(): ManifestRow[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'MANIFEST.cases.json'), 'utf8')) as Record<string, unknown>;
  const list = Object.values(manifest).find(Array.isArray) as ManifestRow[];
  const seen = new Set<string>();
  return list.filter((r) => {
    const plain = r.kind === 'connlist' && r.format === 'txt' && r.usesOnlyCoreKinds && !r.exposureAnalysis &&
      r.focusWorkloads.length === 0 && r.focusWorkloadPeers.length === 0;
    if (!plain || seen.has(r.inputDir) || !existsSync(join(ROOT, r.expectedOutput))) return false;
    seen.add(r.inputDir);
    return true;
  });
}

function goldenNames(file: string): Set<string> {
  const names = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\S+) => (\S+) :/.exec(line);
    if (!m) continue;
    for (const n of [m[1]!, m[2]!]) if (!n.endsWith('[External]') && !n.startsWith('{')) names.add(n);
  }
  return names;
}

const cases = existsSync(ROOT) ? rows() : [];

test('the netpol-analyzer corpus has core connlist cases', () => {
  assert.ok(cases.length >= 50, `found ${cases.length} cases under ${ROOT}`);
});

for (const r of cases) {
  test(`${r.inputDir}: every workload the golden names is an endpoint`, async () => {
    const inputs = await readInputs([join(ROOT, r.inputDir)]);
    const program = lower(inputs.resources).value;
    const ours = new Set(program.snapshot!.endpoints.map(endpointDisplayName));
    const skipped = new Set(
      inputs.resources
        .filter((x): x is Pod => x.kind === 'Pod' && (x.hostNetwork || x.phase === 'Succeeded' || x.phase === 'Failed'))
        .map((p) => podWorkloadName(p) ?? `${p.namespace}/${p.name}[Pod]`),
    );
    const missing = [...goldenNames(join(ROOT, r.expectedOutput))].filter((n) => !ours.has(n) && !skipped.has(n));
    assert.equal(missing, [], `ours: ${[...ours].slice(0, 5).join(', ')}, …`);
  });
}

test.run();
