/**
 * Smoke test over the network-config-analyzer Calico suite: every `.yaml` under
 * `calico_testcases/` loads, and every `projectcalico.org/v3` document in it (also inside `kind:
 * List`) goes through the Calico readers without an exception.
 *
 * Many of those inputs are not valid Calico (NCA reads them leniently; some are wrong on purpose).
 * Every error found must fall in one of the reviewed kinds below, each a real problem by Calico's
 * API (calicoctl decodes with `yaml.UnmarshalStrict`, `calicoctl/resourcemgr/resourcemgr.go`, then
 * runs libcalico-go's validator); a new kind of error fails the test until it is reviewed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocuments } from '../../../src/yaml/load.js';
import type { SourceDocument, YNode } from '../../../src/yaml/node.js';
import { CONFORMANCE } from '../../helpers/paths.js';
import { readCalicoDoc } from './helpers.js';

/** The kinds of error seen in the suite, each with why it is the input's fault. */
const REVIEWED: [RegExp, string][] = [
  [/ Profile unknown-field spec\.types: unknown field `types` in spec$/, 'ProfileSpec has no `types` (ingress, egress, labelsToApply only)'],
  [/invalid-name metadata\.name: .* (it has uppercase letters|it has `_`)$/, 'policy names are lowercase DNS labels (networkPolicyNameRegex)'],
  [/invalid-cidr .*nets\[\d+\]: `[^`]+` has bits set beyond its prefix length$/, 'rule nets are validated with the `net` tag: host bits must be zero'],
  [/invalid-value .*[nN]ets: a rule cannot mix IPv4 and IPv6 CIDRs$/, 'validateRule: "rule contains both IPv4 and IPv6 CIDRs"'],
  [/invalid-port .*: port name `no-exist-named-port\d` is not valid: a port name must be at most 15 characters$/, 'named ports are IANA_SVC_NAMEs (validatePortName)'],
  [/demo-sanity3-redundancy\.yaml:29:63 NetworkPolicy invalid-selector .*unterminated string/, "the selector ends in `''`: a stray quote"],
  [/testcase24-selector-expression\/.* invalid-selector .*namespaceSelector: `global\(\)` cannot be combined/, 'validateEntityRule: global() only alone'],
  [/wrong-type spec\.containerID: /, 'containerID is a string; the YAML has a bare 25-digit number'],
  [/testcase26-networkpolicy-calico-nginx\.yaml:\d+:\d+ NetworkPolicy wrong-type .*namespaceSelector: a Calico `namespaceSelector` is a selector string/, '`namespaceSelector: {}` is a Kubernetes object, not a Calico selector'],
  [/networkpolicy-with-ns-selector-bad-path-test\.yaml:8:3 NetworkPolicy unknown-field spec\.namespaceSelector/, 'a namespaced NetworkPolicy has no spec.namespaceSelector (a bad-path case)'],
];

const ROOT = join(CONFORMANCE, 'network-config-analyzer/tests/calico_testcases');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e) ? [p] : [];
  });
}

function field(n: YNode, k: string): YNode | undefined {
  return n.kind === 'map' ? n.pairs.find((p) => p.key.value === k)?.value : undefined;
}

/** The Calico documents of a file, with `kind: List` items as documents of their own. */
function calicoDocs(doc: SourceDocument): SourceDocument[] {
  const api = field(doc.root, 'apiVersion');
  const items = field(doc.root, 'items');
  if (items?.kind === 'seq') return items.items.flatMap((root) => calicoDocs({ ...doc, root }));
  return api?.kind === 'scalar' && api.value === 'projectcalico.org/v3' ? [{ ...doc }] : [];
}

test('every Calico document of the NCA suite reads without an exception', () => {
  let files = 0, docs = 0, clean = 0, withErrors = 0, withWarnings = 0;
  const found: string[] = [];
  for (const file of yamlFiles(ROOT)) {
    files++;
    const { documents } = parseDocuments(file, readFileSync(file, 'utf8'));
    for (const d of documents.flatMap(calicoDocs)) {
      docs++;
      const { diagnostics } = readCalicoDoc(d);
      const errs = diagnostics.filter((x) => x.severity === 'error');
      if (errs.length > 0) withErrors++;
      else clean++;
      if (diagnostics.some((x) => x.severity === 'warning')) withWarnings++;
      const kind = field(d.root, 'kind');
      const kindText = kind?.kind === 'scalar' ? String(kind.value) : '?';
      for (const e of errs) found.push(`${relative(ROOT, file)}:${e.line}:${e.column} ${kindText} ${e.code} ${e.path}: ${e.message}`);
    }
  }
  console.log(`NCA calico smoke: ${files} files, ${docs} Calico documents, ${clean} clean, ${withErrors} with errors, ${withWarnings} with warnings`);
  const unreviewed = found.filter((f) => !REVIEWED.some(([re]) => re.test(f)));
  assert.equal(unreviewed, [], 'errors of a kind nobody reviewed');
  for (const [re, why] of REVIEWED) assert.ok(found.some((f) => re.test(f)), `reviewed kind no longer seen: ${why}`);
  assert.is(files, 226);
  assert.is(docs, 1000);
  assert.is(clean, 610);
});

test.run();
