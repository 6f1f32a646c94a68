/**
 * `prove` end to end with Z3: the article's cluster and its property file, in both modes, through
 * the library function and the CLI; every witness is replayed through the oracle and must
 * contradict its claim; an unmodelled rule makes a property unknown, never proved.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitSmt2, proveCommand } from '../../src/commands/prove.js';
import { evaluate } from '../../src/oracle/index.js';
import { loadProgram } from '../../src/pipeline.js';
import { REPO } from '../helpers/paths.js';

const FIXED = join(REPO, 'corpus/article-fixed');
const PROPS = join(FIXED, 'properties.txt');

/** What the article's cluster does, in either mode (see the comments in properties.txt). */
const EXPECTED = {
  'dns-reachable': 'violated',
  'frontend-dns-udp': 'violated',
  'frontend-to-backend': 'violated',
  'backend-only-frontend': 'proved',
  'app-isolated': 'proved',
  'default-no-internet': 'proved',
  'controllers-reach-out': 'proved',
};

for (const mode of ['universal', 'snapshot'] as const) {
  test(`article-fixed, ${mode} mode: the statuses, and witnesses that replay against their claims`, async () => {
    const r = await proveCommand([FIXED], { properties: PROPS, mode, format: 'json' });
    assert.equal(r.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.is(r.exitCode, 1, 'violations exit 1');
    assert.equal(Object.fromEntries(r.results.map((x) => [x.name, x.status])), EXPECTED);

    const { program } = await loadProgram([FIXED]);
    const byName = new Map(r.results.map((x) => [x.name, x]));
    for (const name of ['dns-reachable', 'frontend-dns-udp']) {
      const w = byName.get(name)!.witness!;
      assert.ok(w, `${name} has a witness`);
      assert.is(evaluate(program, w).verdict, 'deny', `${name}: an allow claim is refuted by a denied flow`);
      assert.is(w.dst.kind === 'endpoint' ? w.dst.id : w.dst.kind === 'pod' ? w.dst.pod.namespace : '', mode === 'snapshot' ? 'kube-system/coredns' : 'kube-system');
    }
    // `some` proved carries the allowed flow that proves it.
    const out = byName.get('controllers-reach-out')!;
    assert.is(evaluate(program, out.witness!).verdict, 'allow');

    const j = JSON.parse(r.output);
    assert.is(j.mode, mode);
    assert.equal(j.summary, { proved: 4, violated: 3, unknown: 0 });
  });
}

test('CLI: text output names the mode, exits 1, and shows the typo in the trace', () => {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/src/cli/main.js'), 'prove', 'corpus/article-fixed', '--properties', 'corpus/article-fixed/properties.txt', '--mode', 'snapshot'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  assert.is(r.status, 1, r.stderr);
  const lines = r.stdout.split('\n');
  assert.is(lines[0], 'mode: snapshot (the pods and namespaces of the given cluster snapshot)');
  assert.equal(
    lines.filter((l) => /^[✔✘?] /.test(l)),
    Object.entries(EXPECTED).map(([name, status]) => `${status === 'proved' ? '✔' : '✘'} ${status} ${name}`),
  );
  assert.ok(lines.includes('    ingress at kube-system/coredns: deny'), 'CoreDNS is isolated');
  assert.is(lines.at(-2), '7 properties: 4 proved, 3 violated, 0 unknown');
});

test('all proved exits 0; an unmodelled rule makes a property unknown (exit 1), never proved', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-prove-e2e-'));
  try {
    const holds = join(dir, 'holds.txt');
    writeFileSync(holds, 'app-isolated: deny any -> ns(kubernetes.io/metadata.name == "app")\n');
    const ok = await proveCommand([FIXED], { properties: holds, mode: 'universal' });
    assert.is(ok.exitCode, 0);
    assert.equal(ok.results.map((x) => x.status), ['proved']);

    const policies = join(dir, 'http.yaml');
    writeFileSync(
      policies,
      [
        'apiVersion: projectcalico.org/v3',
        'kind: GlobalNetworkPolicy',
        'metadata: {name: api}',
        'spec:',
        "  selector: app == 'api'",
        '  ingress:',
        '  - action: Allow',
        '    protocol: TCP',
        "    source: {selector: app == 'web'}",
        '    http: {methods: [GET]}',
      ].join('\n'),
    );
    const props = join(dir, 'http.txt');
    writeFileSync(props, 'web-to-api: allow pod(app == "web") -> pod(app == "api") on tcp/80\n');
    const r = await proveCommand([policies], { properties: props, mode: 'universal' });
    assert.is(r.exitCode, 1);
    assert.is(r.results[0]!.status, 'unknown');
    assert.ok(r.results[0]!.reason, 'unknown comes with a reason');
    assert.match(r.output, `? unknown web-to-api (${r.results[0]!.reason})`);
    assert.match(r.output, '    verdict: unknown', 'an unknown with a witness shows its trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compile --emit smt2: an SMT-LIB script per mode', async () => {
  const u = await emitSmt2([FIXED], { mode: 'universal' });
  const s = await emitSmt2([FIXED], { mode: 'snapshot' });
  for (const r of [u, s]) {
    assert.match(r.output, /^; netpolc/);
    assert.match(r.output, '(set-logic');
    assert.ok(r.output.endsWith('\n'));
  }
  assert.match(u.output, 'universal mode');
  assert.match(s.output, 'snapshot mode');
  const cli = spawnSync(process.execPath, [join(REPO, 'dist/src/cli/main.js'), 'compile', '--emit', 'smt2', '--mode', 'snapshot', 'corpus/article-fixed'], { cwd: REPO, encoding: 'utf8' });
  assert.is(cli.status, 0, cli.stderr);
  // Same script; only the files' names differ (relative on the command line, absolute here).
  assert.is(cli.stdout, s.output.replaceAll(REPO + '/', ''));
});

test.run();
