/**
 * The netpol-analyzer corpus (`../shared/conformance/netpol-analyzer/tests`) through the loader and
 * the model stage: every AdminNetworkPolicy / BaselineAdminNetworkPolicy document outside the
 * bad-path folders loads without error, and each bad-path input gets exactly the errors that name
 * its real problem (the one upstream `TestConnlistAnalyzeFatalErrors` expects), at the right place.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadResources } from '../../../src/model/loadResources.js';
import { parseDocuments } from '../../../src/yaml/parseDocuments.js';
import { getField, type SourceDocument } from '../../../src/yaml/node.js';
import { CONFORMANCE } from '../../helpers/paths.js';

const TESTS = join(CONFORMANCE, 'netpol-analyzer', 'tests');
const NPAPI_KINDS = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

/** The network-policy-api documents of one file, with the loader's own diagnostics. */
function npapiDocuments(path: string): SourceDocument[] {
  const parsed = parseDocuments(relative(TESTS, path), readFileSync(path, 'utf8'));
  return parsed.documents.filter((d) => {
    const k = d.root.kind === 'map' ? getField(d.root, 'kind') : undefined;
    return k?.kind === 'scalar' && typeof k.value === 'string' && NPAPI_KINDS.has(k.value);
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? walk(p) : /\.(ya?ml|json)$/.test(e) ? [p] : [];
  });
}

/** `code@path:line:column` of every error, sorted as diagnostics are. */
function errorsOf(docs: SourceDocument[]): string[] {
  return loadResources(docs).diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code}@${d.path}:${d.line}:${d.column}`);
}

/**
 * The bad-path cases with what we report now. The comment gives the error upstream expects
 * (netpol-analyzer `pkg/netpol/connlist/connlist_test.go`, `TestConnlistAnalyzeFatalErrors`).
 */
const BAD_PATH: Record<string, string[]> = {
  anp_bad_path_test_2: ['invalid-priority@spec.priority:7:13'], // PriorityValueErr(1001)
  anp_bad_path_test_4: ['missing-field@spec.subject:7:3'], // OneFieldSetSubjectErr (empty subject)
  anp_bad_path_test_5: ['invalid-subject@spec.subject:8:5'], // OneFieldSetSubjectErr (two fields)
  anp_bad_path_test_6: ['missing-field@spec.egress[0].to:14:5'], // ANPEgressRulePeersErr (empty `to`)
  anp_bad_path_test_7: ['invalid-peer@spec.egress[0].to[0]:15:7'], // OneFieldSetRulePeerErr
  anp_bad_path_test_8: ['invalid-port@spec.egress[3].ports[0]:41:9'], // ANPPortsError
  anp_bad_path_test_9: ['invalid-action@spec.egress[1].action:20:13'], // UnknownRuleActionErr (`Accept`)
  anp_bad_path_test_10: ['missing-field@spec.egress[0].to:12:5'], // ANPEgressRulePeersErr (no `to`)
  anp_bad_path_test_12: ['missing-field@spec.egress[0].action:12:5'], // UnknownRuleActionErr (no action)
  anp_bad_path_test_14: ['missing-field@spec.ingress[0].from:12:5'], // ANPIngressRulePeersErr (no `from`)
  anp_bad_path_test_15: ['missing-field@spec.ingress[0].from:14:5'], // ANPIngressRulePeersErr (empty `from`)
  anp_bad_path_test_16: ['invalid-peer@spec.ingress[0].from[0]:15:7'], // OneFieldSetRulePeerErr
  anp_bad_path_test_17: ['invalid-port@spec.ingress[3].ports[0]:37:7'], // ANPPortsError
  anp_bad_path_test_18: ['invalid-action@spec.ingress[0].action:13:13'], // UnknownRuleActionErr (`Ok`)
  anp_bad_path_test_19: ['invalid-cidr@spec.egress[0].to[0].networks[0]:16:9'], // InvalidCIDRAddr
  anp_bad_path_test_20: ['invalid-priority@spec.priority:7:13'], // PriorityValueErr(1001); the 2nd ANP is fine
  // Not in a bad-path folder, but upstream lists it as fatal: IllegalPortRangeError(10, 1).
  anp_test_with_empty_port_range: ['invalid-port-range@spec.ingress[0].ports[0].portRange:20:9'],
  banp_bad_path_test_2: ['invalid-name@metadata.name:4:9'], // BANPNameAssertion
  banp_bad_path_test_3: ['missing-field@spec.subject:6:3'], // OneFieldSetSubjectErr (empty subject)
  banp_bad_path_test_4: ['invalid-subject@spec.subject:7:5'], // OneFieldSetSubjectErr (two fields)
  banp_bad_path_test_5: ['missing-field@spec.egress[0].to:13:5'], // ANPEgressRulePeersErr (empty `to`)
  banp_bad_path_test_6: ['missing-field@spec.egress[0].to:11:5'], // ANPEgressRulePeersErr (no `to`)
  banp_bad_path_test_7: ['invalid-peer@spec.egress[0].to[0]:14:7'], // OneFieldSetRulePeerErr
  banp_bad_path_test_8: ['invalid-action@spec.egress[0].action:12:13'], // UnknownRuleActionErr (`Pass`)
  banp_bad_path_test_9: ['invalid-port@spec.egress[0].ports[0]:18:7'], // ANPPortsError
  banp_bad_path_test_10: ['missing-field@spec.ingress[0].from:11:5'], // ANPIngressRulePeersErr (no `from`)
  banp_bad_path_test_11: ['missing-field@spec.ingress[0].from:13:5'], // ANPIngressRulePeersErr (empty `from`)
  banp_bad_path_test_12: ['invalid-peer@spec.ingress[0].from[0]:14:7'], // OneFieldSetRulePeerErr
  banp_bad_path_test_13: ['invalid-port@spec.ingress[2].ports[0]:30:9'], // ANPPortsError
  banp_bad_path_test_14: ['invalid-action@spec.ingress[0].action:12:13'], // UnknownRuleActionErr (`Pass`)
  // InvalidCIDRAddr; the file also has a port with two fields, which is a second real error.
  banp_bad_path_test_15: ['invalid-cidr@spec.egress[0].to[0].networks[0]:15:9', 'invalid-port@spec.egress[1].ports[0]:23:7'],
};

/**
 * Bad-path cases whose problem spans documents: each document is valid on its own, so the model
 * stage reports nothing; a later stage must (see the report of this work).
 */
const LATER_STAGE: Record<string, string> = {
  anp_bad_path_test_1: 'two ANPs with the same priority (PriorityErrExplain): ambiguous order',
  anp_bad_path_test_3: 'two ANPs named `same-name` (ANPsWithSameNameErr): duplicate resource',
  banp_bad_path_test_1: 'two BANPs named `default` (BANPAlreadyExists): duplicate singleton',
};

test('the corpus is present', () => {
  assert.ok(existsSync(TESTS), `${TESTS} is missing`);
});

function caseDocs(dir: string): SourceDocument[] {
  return walk(join(TESTS, dir)).flatMap(npapiDocuments);
}

for (const [dir, expected] of Object.entries(BAD_PATH)) {
  test(`bad path ${dir}: ${expected.map((e) => e.split('@')[0]).join(', ')}`, () => {
    const docs = caseDocs(dir);
    assert.ok(docs.length > 0, 'the case has network-policy-api documents');
    assert.equal(errorsOf(docs), expected);
  });
}

for (const [dir, why] of Object.entries(LATER_STAGE)) {
  test(`bad path ${dir} is valid per document (${why})`, () => {
    const docs = caseDocs(dir);
    assert.ok(docs.length >= 2);
    assert.equal(errorsOf(docs), []);
    // Two documents naming the same object: the later one wins, the earlier is dropped with a
    // `duplicate-resource` warning (as applying both would do); same priority is left to lint.
    const loaded = loadResources(docs);
    const dups = loaded.diagnostics.filter((d) => d.code === 'duplicate-resource').length;
    assert.is(loaded.value.length, docs.length - dups);
  });
}

test('every bad-path folder of the corpus is covered above', () => {
  const folders = readdirSync(TESTS).filter((d) => /^b?anp_bad_path_test_/.test(d)).sort();
  const covered = new Set([...Object.keys(BAD_PATH), ...Object.keys(LATER_STAGE)]);
  assert.equal(folders.filter((d) => !covered.has(d)), []);
});

test('every other ANP/BANP document of the corpus loads without error', () => {
  let documents = 0;
  const failures: string[] = [];
  for (const dir of readdirSync(TESTS).sort()) {
    if (dir in BAD_PATH || dir in LATER_STAGE) continue;
    for (const file of walk(join(TESTS, dir))) {
      const docs = npapiDocuments(file);
      documents += docs.length;
      const res = loadResources(docs);
      const errs = errorsOf(docs);
      if (errs.length > 0) failures.push(`${relative(TESTS, file)}: ${errs.join(', ')}`);
      else if (res.value.length !== docs.length) failures.push(`${relative(TESTS, file)}: ${docs.length - res.value.length} dropped`);
    }
  }
  assert.equal(failures, []);
  assert.ok(documents >= 100, `read ${documents} documents`);
});

test.run();
