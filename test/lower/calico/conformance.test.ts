/**
 * Smoke test over network-config-analyzer's Calico suite: every YAML/JSON file under
 * `calico_testcases/` goes through `parseDocuments` → `loadResources` → `lowerCalico`, and every
 * network configuration of every scheme (namespace list, pod list and policy files together) goes
 * through the whole `lower`, without an exception or an internal error, into a program whose text
 * form parses back. The counts are printed for the record.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { parseIr } from '../../../src/ir/parse.js';
import { printIr } from '../../../src/ir/print.js';
import { lowerCalico } from '../../../src/lower/calico/index.js';
import { lower } from '../../../src/lower/lower.js';
import { DEFAULT_LOWER_OPTIONS } from '../../../src/lower/types.js';
import type { CalicoResource } from '../../../src/model/calico/types.js';
import { loadResources } from '../../../src/model/loadResources.js';
import { toPlain, type SourceDocument } from '../../../src/yaml/node.js';
import { parseDocuments } from '../../../src/yaml/parseDocuments.js';
import { CONFORMANCE } from '../../helpers/paths.js';

const ROOT = join(CONFORMANCE, 'network-config-analyzer/tests/calico_testcases');
const INPUT = /\.(ya?ml|json)$/;

function inputFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? inputFiles(p) : INPUT.test(e) ? [p] : [];
  });
}

/**
 * A file's documents. NCA also reads a top-level JSON list of resources or lists
 * (`example_podlist/hep_and_wep.json`), which the model stage reports as `not-an-object`; until it
 * reads them, each item is taken as a document here so the host endpoints and network sets in
 * them are lowered too.
 */
function documentsOf(file: string): SourceDocument[] {
  return parseDocuments(file, readFileSync(file, 'utf8')).documents.flatMap((d) =>
    d.root.kind === 'seq' ? d.root.items.map((root) => ({ ...d, root })) : [d],
  );
}

const isCalico = (r: { apiVersion: string }) => r.apiVersion.startsWith('projectcalico.org/');

test('every Calico file lowers on its own', () => {
  let files = 0, resources = 0, policies = 0, endpoints = 0, sets = 0, tiers = 0;
  const internal: Diagnostic[] = [];
  for (const file of inputFiles(ROOT)) {
    files++;
    const calico = loadResources(documentsOf(file)).value.filter(isCalico) as CalicoResource[];
    resources += calico.length;
    const out = lowerCalico(calico, { options: DEFAULT_LOWER_OPTIONS, report: (d) => { if (d.code === 'internal-error') internal.push(d); } });
    policies += out.policies.length;
    endpoints += out.endpoints.length;
    sets += out.networkSets.length;
    tiers += out.tiers.length;
  }
  assert.equal(internal, []);
  assert.ok(files > 200 && resources > 300 && policies > 200 && endpoints > 50, `${files} files, ${resources} resources`);
  console.log(`calico_testcases files: ${files} files, ${resources} Calico resources → ${policies} policies, ${tiers} tier declarations, ${endpoints} endpoints, ${sets} network sets`);
});

interface Scheme {
  namespaceList?: string;
  podList?: string;
  networkConfigList?: { name: string; namespaceList?: string; podList?: string; networkPolicyList?: string[]; resourceList?: string[] }[];
}

/** The files a scheme entry names: a file, or the input files of a folder (not URLs). */
function expand(base: string, p: string | undefined): string[] {
  if (!p || /^https?:/.test(p)) return [];
  const abs = resolve(base, p);
  if (!existsSync(abs)) return [];
  return statSync(abs).isDirectory() ? inputFiles(abs) : [abs];
}

test('every network configuration of every scheme lowers whole, and its IR parses back', () => {
  const schemes = inputFiles(ROOT).filter((f) => /scheme\.ya?ml$/.test(f));
  let configs = 0, unknownVerdictSources = 0, withProfiles = 0, policyCount = 0;
  const codeCounts = new Map<string, number>();
  for (const file of schemes) {
    const plain = toPlain(documentsOf(file)[0]!.root) as Scheme;
    const base = dirname(file);
    for (const cfg of plain.networkConfigList ?? []) {
      configs++;
      const paths = [
        ...expand(base, cfg.namespaceList ?? plain.namespaceList),
        ...expand(base, cfg.podList ?? plain.podList),
        ...(cfg.networkPolicyList ?? []).flatMap((p) => expand(base, p)),
        ...(cfg.resourceList ?? []).flatMap((p) => expand(base, p)),
      ];
      const model = loadResources(paths.flatMap(documentsOf));
      const r = lower(model.value);
      const where = `${file} config \`${cfg.name}\``;
      assert.equal(r.diagnostics.filter((d) => d.code === 'internal-error'), [], where);
      for (const d of r.diagnostics) codeCounts.set(d.code, (codeCounts.get(d.code) ?? 0) + 1);
      const back = parseIr(printIr(r.value));
      assert.equal(back.diagnostics, [], where);
      const all = r.value.tiers.flatMap((t) => t.policies);
      policyCount += all.length;
      unknownVerdictSources += all.filter((p) => p.unknown.length > 0 || [...p.ingress, ...p.egress].some((x) => x.unknown.length > 0)).length;
      if (r.value.tiers.some((t) => t.name === '~profiles')) withProfiles++;
    }
  }
  assert.ok(schemes.length >= 30 && configs >= 150, `${schemes.length} schemes, ${configs} configs`);
  console.log(`calico_testcases schemes: ${schemes.length} schemes, ${configs} configurations → ${policyCount} IR policies, ${unknownVerdictSources} with unknown markers, ${withProfiles} with a profile tier; lowering diagnostics ${JSON.stringify(Object.fromEntries([...codeCounts].sort()))}`);
});

test.run();
