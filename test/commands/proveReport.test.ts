/**
 * The `prove` output formats on hand-built results: the evaluations are real oracle runs on the
 * article's compiled program, so the traces are what the prover would attach.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ProveResult } from '../../src/analysis/prove.js';
import type { Flow } from '../../src/ir/flow.js';
import { flowOf } from '../../src/ir/flowText.js';
import { parseIr } from '../../src/ir/parse.js';
import { evaluate, formatEvaluation } from '../../src/oracle/index.js';
import { parseProperties } from '../../src/property/parse.js';
import { formatProveJson, formatProveSarif, formatProveText, renderProve, type ProveReport } from '../../src/report/prove/index.js';
import { REPO } from '../helpers/paths.js';

const program = parseIr(readFileSync(resolve(REPO, 'compiled/article-fixed/program.ir'), 'utf8')).value!;

const PROPS = parseProperties(
  'props/cluster rules.txt',
  [
    'app-isolated: deny any -> ns(kubernetes.io/metadata.name == "app")',
    'dns: allow pod(all()) -> pod(k8s-app == "kube-dns") on udp/53',
    '  big: only pod(a == "b") -> any',
    'fe-be: some pod(app == "frontend") -> pod(app == "backend") on tcp/80',
  ].join('\n'),
).value!;

const dnsFlow = flowOf('default/frontend -> kube-system/coredns udp 53');
/** A pod that need not exist, as universal mode's witnesses are. */
const hypothetical: Flow = {
  src: {
    kind: 'pod',
    pod: { name: 'src', namespace: 'ns-1', namespaceLabels: { 'kubernetes.io/metadata.name': 'ns-1' }, labels: { app: 'x' }, ip: null, ports: [], serviceAccount: null },
  },
  dst: { kind: 'endpoint', id: 'kube-system/coredns' },
  ipVersion: 4,
  protocol: 17,
  dstPort: 53,
};

// Results out of file order, as a parallel prover may return them.
const RESULTS: ProveResult[] = [
  { name: 'big', status: 'unknown', reason: 'timeout after 50 ms' },
  { name: 'dns', status: 'violated', witness: dnsFlow, evaluation: evaluate(program, dnsFlow) },
  { name: 'app-isolated', status: 'proved' },
  { name: 'fe-be', status: 'violated', reason: 'every such flow is denied' },
];

const REPORT: ProveReport = { mode: 'snapshot', properties: PROPS, results: RESULTS, toolVersion: '0.1.0' };

test('text: mode first, one line per property in file order, violations with witness and trace', () => {
  const out = formatProveText(REPORT);
  const lines = out.split('\n');
  assert.is(lines[0], 'mode: snapshot (the pods and namespaces of the given cluster snapshot)');
  const heads = lines.filter((l) => !l.startsWith(' '));
  assert.equal(heads, [
    lines[0],
    '✔ proved app-isolated',
    '✘ violated dns',
    '? unknown big (timeout after 50 ms)',
    '✘ violated fe-be',
    '4 properties: 1 proved, 2 violated, 1 unknown',
    '',
  ]);
  const dnsAt = lines.indexOf('✘ violated dns');
  assert.equal(lines.slice(dnsAt + 1, dnsAt + 4), [
    '    allow pod(all()) -> pod(k8s-app == "kube-dns") on udp/53  (props/cluster rules.txt:2:1)',
    '    is violated: a flow it says is allowed is denied',
    '    witness: default/frontend -> kube-system/coredns udp 53',
  ]);
  const trace = formatEvaluation(RESULTS[1]!.evaluation!).split('\n').map((l) => '    ' + l);
  assert.equal(lines.slice(dnsAt + 4, dnsAt + 4 + trace.length), trace, 'the oracle trace, indented');
  assert.is(trace[0], '    verdict: deny');
  const feAt = lines.indexOf('✘ violated fe-be');
  assert.equal(lines.slice(feAt + 1, feAt + 4), [
    '    some pod(app == "frontend") -> pod(app == "backend") on tcp/80  (props/cluster rules.txt:4:1)',
    '    is violated: no such flow is allowed',
    '    note: every such flow is denied',
  ]);
  assert.ok(out.endsWith('\n'));
});

test('text: universal mode and its assumptions; a hypothetical pod is described', () => {
  const r: ProveReport = {
    mode: 'universal',
    properties: PROPS,
    results: [{ name: 'dns', status: 'violated', witness: hypothetical, evaluation: evaluate(program, hypothetical) }],
    anyNamespaceLabels: true,
    podCidr: '10.244.0.0/16',
  };
  const lines = formatProveText(r).split('\n');
  assert.is(lines[0], "mode: universal (every pod that could exist, in any namespace; the snapshot's namespaces may carry any labels; pod addresses in 10.244.0.0/16)");
  assert.ok(lines.includes('    witness: ns-1/src -> kube-system/coredns udp 53'));
  assert.ok(lines.includes('    source ns-1/src: labels {app=x}; namespace labels {kubernetes.io/metadata.name=ns-1}'), lines.join('\n'));
  assert.is(lines.at(-2), '1 property: 0 proved, 1 violated, 0 unknown');
});

test('json: the documented shape, in file order', () => {
  const j = JSON.parse(formatProveJson(REPORT));
  assert.equal(Object.keys(j), ['mode', 'assumptions', 'summary', 'results']);
  assert.is(j.mode, 'snapshot');
  assert.equal(j.assumptions, { anyNamespaceLabels: false });
  assert.equal(j.summary, { proved: 1, violated: 2, unknown: 1 });
  assert.equal(j.results.map((x: { name: string; status: string }) => [x.name, x.status]), [
    ['app-isolated', 'proved'],
    ['dns', 'violated'],
    ['big', 'unknown'],
    ['fe-be', 'violated'],
  ]);
  assert.equal(j.results[0], {
    name: 'app-isolated',
    kind: 'deny',
    property: 'deny any -> ns(kubernetes.io/metadata.name == "app")',
    location: { file: 'props/cluster rules.txt', line: 1, column: 1 },
    status: 'proved',
  });
  const dns = j.results[1];
  assert.equal(dns.witness, JSON.parse(JSON.stringify(dnsFlow)));
  assert.is(dns.witnessText, 'default/frontend -> kube-system/coredns udp 53');
  assert.equal(Object.keys(dns.trace), ['verdict', 'egress', 'ingress', 'notes']);
  assert.is(dns.trace.verdict, 'deny');
  assert.is(dns.trace.ingress.verdict, 'deny', 'CoreDNS is isolated by the typo');
  assert.is(j.results[2].reason, 'timeout after 50 ms');
  assert.equal(j.results[2].location, { file: 'props/cluster rules.txt', line: 3, column: 3 });
});

// ── a hand-written check of what the SARIF 2.1.0 schema requires (no network to fetch it) ─────

type Json = Record<string, unknown>;
const LEVELS = ['none', 'note', 'warning', 'error'];
const KINDS = ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'];

/** Every way `log` breaks the schema's required properties and enumerations that we use. */
function sarifProblems(log: Json): string[] {
  const out: string[] = [];
  const obj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
  const message = (m: unknown, at: string) => {
    if (!obj(m)) out.push(`${at}: required`);
    else if (typeof m.text !== 'string' && typeof m.id !== 'string') out.push(`${at}: needs \`text\` or \`id\``);
  };
  const positive = (v: unknown, at: string) => {
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 1)) out.push(`${at}: must be an integer ≥ 1`);
  };
  if (log.version !== '2.1.0') out.push('version: must be "2.1.0"');
  if (!Array.isArray(log.runs)) return [...out, 'runs: required'];
  log.runs.forEach((run: Json, i: number) => {
    const at = `runs[${i}]`;
    const driver = obj(run.tool) && obj(run.tool.driver) ? run.tool.driver : undefined;
    if (!driver) return out.push(`${at}.tool.driver: required`);
    if (typeof driver.name !== 'string') out.push(`${at}.tool.driver.name: required`);
    const rules = (driver.rules ?? []) as Json[];
    rules.forEach((r, j) => {
      if (typeof r.id !== 'string') out.push(`${at}.tool.driver.rules[${j}].id: required`);
      if (r.shortDescription !== undefined) message(r.shortDescription, `${at}.tool.driver.rules[${j}].shortDescription`);
    });
    if (run.columnKind !== undefined && !['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind as string))
      out.push(`${at}.columnKind: not an allowed value`);
    ((run.results ?? []) as Json[]).forEach((r, j) => {
      const rat = `${at}.results[${j}]`;
      message(r.message, `${rat}.message`);
      if (r.level !== undefined && !LEVELS.includes(r.level as string)) out.push(`${rat}.level: \`${String(r.level)}\` is not one of ${LEVELS.join(', ')}`);
      if (r.kind !== undefined && !KINDS.includes(r.kind as string)) out.push(`${rat}.kind: not an allowed value`);
      if (r.ruleIndex !== undefined) {
        const rule = rules[r.ruleIndex as number];
        if (!rule) out.push(`${rat}.ruleIndex: no such rule`);
        else if (rule.id !== r.ruleId) out.push(`${rat}.ruleIndex: rule ${String(r.ruleIndex)} is \`${String(rule.id)}\`, not \`${String(r.ruleId)}\``);
      }
      ((r.locations ?? []) as Json[]).forEach((l, k) => {
        const pl = l.physicalLocation as Json | undefined;
        const lat = `${rat}.locations[${k}].physicalLocation`;
        if (!obj(pl)) return out.push(`${lat}: required here`);
        if (!obj(pl.artifactLocation) || typeof pl.artifactLocation.uri !== 'string') out.push(`${lat}.artifactLocation.uri: required here`);
        const region = pl.region as Json | undefined;
        if (obj(region)) {
          positive(region.startLine, `${lat}.region.startLine`);
          positive(region.startColumn, `${lat}.region.startColumn`);
          positive(region.endColumn, `${lat}.region.endColumn`);
        }
      });
    });
  });
  return out;
}

test('sarif: structurally valid 2.1.0, one rule per kind, problems located at the property', () => {
  const log = JSON.parse(formatProveSarif(REPORT));
  assert.equal(sarifProblems(log), []);
  const run = log.runs[0];
  assert.equal(run.tool.driver.rules.map((r: { id: string }) => r.id), ['prove/deny', 'prove/allow', 'prove/only', 'prove/some']);
  assert.is(run.tool.driver.version, '0.1.0');
  assert.equal(
    run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]),
    [
      ['prove/allow', 'error'],
      ['prove/only', 'warning'],
      ['prove/some', 'error'],
    ],
    'proved properties are not results; unknown is a warning',
  );
  const [dns, big] = run.results;
  assert.equal(dns.locations[0].physicalLocation, {
    artifactLocation: { uri: 'props/cluster%20rules.txt' },
    region: { startLine: 2, startColumn: 1, endColumn: 4 },
  });
  assert.equal(big.locations[0].physicalLocation.region, { startLine: 3, startColumn: 3, endColumn: 6 });
  assert.ok(dns.message.text.startsWith('property `dns` is violated: a flow it says is allowed is denied\n'));
  assert.ok(dns.message.text.includes('witness: default/frontend -> kube-system/coredns udp 53'));
  assert.is(dns.properties.witness, 'default/frontend -> kube-system/coredns udp 53');
  assert.ok(String(dns.properties.trace).startsWith('verdict: deny'));
  assert.is(big.properties.reason, 'timeout after 50 ms');
  assert.equal(run.properties.summary, { proved: 1, violated: 2, unknown: 1 });
});

test('sarif: a run with every property proved has no results and is still valid', () => {
  const log = JSON.parse(renderProve('sarif', { mode: 'universal', properties: PROPS.slice(0, 1), results: [{ name: 'app-isolated', status: 'proved' }] }));
  assert.equal(sarifProblems(log), []);
  assert.equal(log.runs[0].results, []);
});

test('the SARIF checker itself catches missing and malformed fields', () => {
  const log = JSON.parse(formatProveSarif(REPORT));
  delete log.runs[0].tool.driver.name;
  log.runs[0].results[0].level = 'fatal';
  log.runs[0].results[1].ruleIndex = 0;
  delete log.runs[0].results[2].message.text;
  log.runs[0].results[2].locations[0].physicalLocation.region.startLine = 0;
  assert.equal(sarifProblems(log), [
    'runs[0].tool.driver.name: required',
    'runs[0].results[0].level: `fatal` is not one of none, note, warning, error',
    'runs[0].results[1].ruleIndex: rule 0 is `prove/deny`, not `prove/only`',
    'runs[0].results[2].message: needs `text` or `id`',
    'runs[0].results[2].locations[0].physicalLocation.region.startLine: must be an integer ≥ 1',
  ]);
  assert.equal(sarifProblems({ runs: [] }), ['version: must be "2.1.0"']);
});

test.run();
