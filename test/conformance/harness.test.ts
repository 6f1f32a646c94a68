/**
 * The conformance harness: the shared suites never pass fewer cases than the baseline, skip
 * reasons name what is missing, and with stand-in runners the compare / diff / actual-output
 * machinery works (golden echo passes, a changed line fails with a diff, output lands in tmpdir).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { BASELINE_FILE, baselineFor, checkBaseline, readBaseline } from '../../src/conformance/baseline.js';
import { runSuite, type SuiteReport } from '../../src/conformance/harness.js';
import { loadSuite, type ConformanceCase } from '../../src/conformance/manifest.js';
import { SPECIAL_KINDS, type RunnerEntry, type RunResult } from '../../src/conformance/runners.js';
import { CONFORMANCE, REPO } from '../helpers/paths.js';

const NPA = join(CONFORMANCE, 'netpol-analyzer');
const NCA = join(CONFORMANCE, 'network-config-analyzer');
const FULL = {
  kinds: Object.keys(SPECIAL_KINDS),
  options: ['focusWorkloads', 'focusWorkloadPeers', 'focusDirection', 'focusConn', 'exposureAnalysis', 'multipleNetworksEnabled'] as const,
};
const entry = (run: (c: ConformanceCase) => Promise<RunResult>): RunnerEntry => ({ run, supports: FULL });
const golden = (c: ConformanceCase) => readFileSync(c.expectedOutput!, 'utf8');
const quiet = (lines: string[]) => ({ print: (l: string) => void lines.push(l) });
const reason = (r: SuiteReport, id: string) => r.results.find((x) => x.id === id)?.reason ?? '';
/** Removes the tmpdir folders a run wrote failing outputs to (the harness keeps them for people). */
const cleanActuals = (r: SuiteReport) => {
  for (const x of r.results) {
    if (x.actualPath) rmSync(join(tmpdir(), relative(tmpdir(), x.actualPath).split(sep)[0]!), { recursive: true, force: true });
  }
};

test('netpol-analyzer suite: every case accounted for, passes at least the baseline', async () => {
  const lines: string[] = [];
  const report = await runSuite(NPA, quiet(lines));
  const suite = loadSuite(NPA);
  assert.equal(suite.problems, []);
  assert.is(suite.cases.length, 468);
  assert.is(report.passed + report.failed + report.skipped, suite.cases.length);
  assert.is(lines[lines.length - 1], `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
  assert.ok(lines.slice(0, -1).every((l) => /^(PASS|FAIL|SKIP) /.test(l)));
  const baseline = readBaseline(BASELINE_FILE);
  const verdict = checkBaseline(report, baseline);
  assert.ok(verdict.ok, verdict.message);
  assert.ok(report.passed >= baselineFor(baseline, 'netpol-analyzer'));
  cleanActuals(report);
});

test('skip reasons name the unsupported kind or option', async () => {
  const r = await runSuite(NPA, quiet([]));
  cleanActuals(r);
  assert.match(reason(r, 'connlist/acs-security-demos_connlist_output.txt'), 'OpenShift Route');
  assert.match(reason(r, 'connlist/onlineboutique_exposure_output.txt'), 'exposureAnalysis');
  assert.match(reason(r, 'connlist/anp_demo_udp-52_exposure_output.txt'), 'exposureAnalysis');
  assert.match(reason(r, 'connlist/udn_test_2_tcp-90_connlist_output.txt'), 'UserDefinedNetwork');
  assert.is(r.results.find((x) => x.id === 'diff/diff_between_onlineboutique_workloads_changed_netpols_and_onlineboutique_workloads.csv')?.status, 'pass');
  // A core-only snapshot without options reaches the connlist runner, and passes.
  assert.is(r.results.find((x) => x.id === 'connlist/ipblockstest_connlist_output.txt')?.status, 'pass');
  const byReason = r.results.filter((x) => x.status === 'skip' && /Ingress|NetworkAttachmentDefinition|MultiNetworkPolicy|VirtualMachine/.test(x.reason!));
  assert.ok(byReason.length > 20);
});

test('network-config-analyzer suite: every query listed; none fails but the known ones; every skip says why', async () => {
  const lines: string[] = [];
  const report = await runSuite(NCA, quiet(lines));
  assert.is(report.results.length, 684);
  // Known differences, each a semantic choice documented where it is made; the test fails when
  // another case fails, and when a known one starts passing (remove it from the list then).
  const KNOWN_FAILURES: Record<string, string> = {
    'k8s_testcases/example_policies/workload-resources-test/file-system-resource-test-scheme.yaml#1':
      'NCA expands a workload into `replicas` pods; netpolc keeps one endpoint per workload',
  };
  const failed = report.results.filter((x) => x.status === 'fail').map((x) => x.id);
  assert.equal(failed.filter((id) => !(id in KNOWN_FAILURES)), [], 'unexpected failures');
  for (const id of Object.keys(KNOWN_FAILURES)) assert.ok(failed.includes(id), `${id} now passes: remove it from KNOWN_FAILURES`);
  assert.ok(report.results.every((x) => x.status !== 'skip' || (x.reason ?? '').length > 0));
  assert.match(lines[lines.length - 1]!, new RegExp(`^\\d+ passed, ${Object.keys(KNOWN_FAILURES).length} failed, \\d+ skipped$`));
  const q = loadSuite(NCA).cases.find((c) => c.kind === 'nca-query' && c.query === 'connectivityMap' && c.configs.length > 0);
  assert.ok(q && q.kind === 'nca-query' && Object.keys(q.networkConfigs).length > 0);
  assert.ok(checkBaseline(report, readBaseline(BASELINE_FILE)).ok);
});

test('a runner echoing the goldens passes every case it is given', async () => {
  const runners = { connlist: entry(async (c) => ({ output: golden(c) })), diff: entry(async (c) => ({ output: golden(c) })) };
  const report = await runSuite(NPA, { runners, ...quiet([]) });
  assert.is(report.failed, 0);
  assert.is(report.passed, 468);
});

test('a wrong line fails with a short diff; full output goes to tmpdir; a throw is a failure', async () => {
  const lines: string[] = [];
  const wrong = entry(async (c) => ({ output: golden(c).replace(/^(.*) : All Connections$/m, '$1 : TCP 1') }));
  const boom = entry(async () => {
    throw new Error('kaput');
  });
  const report = await runSuite(NPA, {
    runners: { connlist: wrong, diff: boom },
    filter: /^connlist\/ipblockstest_connlist_output\.txt$|^diff\/diff_between_acs-security-demos-new_and_acs-security-demos\.txt$/,
    ...quiet(lines),
  });
  assert.is(report.failed, 2);
  const fail = report.results.find((x) => x.kind === 'connlist')!;
  assert.is(fail.status, 'fail');
  assert.match(fail.diff!, /^--- expected\n\+\+\+ actual\n@@ -1,4 \+1,4 @@\n-0\.0\.0\.0-9\.255\.255\.255\[External\] => default\/cognetive-agents-agent\[DaemonSet\] : All Connections\n\+.* : TCP 1\n/);
  assert.ok(fail.actualPath!.startsWith(tmpdir()) && !fail.actualPath!.startsWith(REPO));
  assert.match(readFileSync(fail.actualPath!, 'utf8'), 'cognetive-agents-agent[DaemonSet] : TCP 1');
  assert.match(reason(report, 'diff/diff_between_acs-security-demos-new_and_acs-security-demos.txt'), 'runner threw: Error: kaput');
  assert.ok(lines.some((l) => l.startsWith('FAIL connlist/ipblockstest_connlist_output.txt\n    --- expected')));
  assert.is(lines[lines.length - 1], '0 passed, 2 failed, 0 skipped');
  cleanActuals(report);
});

test('line endings and final newlines do not count; a missing golden is a skip', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-harness-test-'));
  mkdirSync(join(dir, 'test_outputs/connlist'), { recursive: true });
  writeFileSync(join(dir, 'test_outputs/connlist/a.txt'), 'x => y : TCP 80\r\nz => y : UDP 53\r\n');
  const mk = (expectedOutput: string) => ({ kind: 'connlist', inputDir: 'tests/a', format: 'txt', expectedOutput, resourceKinds: ['Pod'] });
  writeFileSync(
    join(dir, 'MANIFEST.cases.json'),
    JSON.stringify({ cases: [mk('test_outputs/connlist/a.txt'), mk('test_outputs/connlist/gone.txt'), { kind: 'nope', expectedOutput: 'q', format: 'txt' }] }),
  );
  const lines: string[] = [];
  const report = await runSuite(dir, { runners: { connlist: entry(async () => ({ output: 'x => y : TCP 80\nz => y : UDP 53' })) }, ...quiet(lines) });
  assert.is(report.passed, 1);
  assert.is(report.skipped, 1);
  assert.match(reason(report, 'connlist/gone.txt'), 'is not in the corpus');
  assert.equal(report.problems, ['MANIFEST.cases.json case 2: unknown kind `nope`']);
  assert.is(lines[0], 'manifest: MANIFEST.cases.json case 2: unknown kind `nope`');
  assert.not.ok(existsSync(join(REPO, 'actual_output.txt')));
  rmSync(dir, { recursive: true, force: true });
});

test.run();
