/**
 * `emit` as a library function and as `netpolc emit`: files only when the rules are proved
 * equivalent, refusals with their reasons, exit codes, `-o <dir>` and `-o -`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.js';
import { describeEmit, emit, emitProgram } from '../../src/commands/emit.js';
import { REPO } from '../helpers/paths.js';
import { sampleProgram } from './helpers.js';

const FIXED = join(REPO, 'corpus', 'article-fixed');

const HTTP_RULE = `apiVersion: v1
kind: Pod
metadata: {name: api, namespace: prod, labels: {app: api}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.0.4}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: api}
spec:
  selector: app == 'api'
  ingress:
  - action: Allow
    protocol: TCP
    http: {methods: [GET]}
`;

const WITH_PODS = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: prod, labels: {app: db}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.0.2}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
`;

/** Runs the CLI with stdout and stderr captured. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

test('emit on the corpus: files, a proof, and the pods it had to leave out', async () => {
  const r = await emit([FIXED], { target: 'iptables' });
  assert.ok(r.files);
  assert.equal(Object.keys(r.files!), ['ipsets.rules', 'iptables.rules', 'ip6tables.rules']);
  assert.is(r.validation?.status, 'equivalent');
  assert.equal(r.findings.map((f) => f.code), Array(5).fill('endpoint-left-out'));
  assert.match(r.files!['iptables.rules'], /^# left out \(address unknown\): kube-system\/coredns$/m);
});

test('emit refuses a policy with an unmodelled field and names it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-emit-'));
  try {
    writeFileSync(join(dir, 'p.yaml'), HTTP_RULE);
    const r = await emit([dir], { target: 'iptables' });
    assert.is(r.files, null);
    assert.is(r.validation, null);
    assert.equal(r.findings.filter((f) => f.severity === 'error').map((f) => f.code), ['unmodelled-construct']);
    assert.match(describeEmit(r).join('\n'), /unmodelled-construct: policy `api` ingress rule 0 has constructs netpolc does not model/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checker that finds a counterexample keeps the files from being written', async () => {
  const p = sampleProgram();
  const r = await emitProgram(p, [
    async (_p, rules) => ({ status: 'equivalent', method: 'first', cells: rules.iptables.length }),
    () => ({ status: 'error', method: 'z3 stand-in', message: 'solver said unknown' }),
  ]);
  assert.is(r.files, null);
  assert.equal(r.validation, { status: 'error', method: 'z3 stand-in', message: 'solver said unknown' });
  assert.is(r.checks.length, 2);
  assert.match(describeEmit(r).at(-1)!, /nothing written: validation failed \(z3 stand-in\): solver said unknown/);
});

test('netpolc emit -o <dir> writes the three files it proved', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-emit-'));
  try {
    writeFileSync(join(dir, 'in.yaml'), WITH_PODS);
    const r = await cli(['emit', '--target', 'iptables', join(dir, 'in.yaml'), '-o', join(dir, 'out')]);
    assert.is(r.code, 0, r.err);
    assert.match(r.err, /proved equivalent to the IR on \d+ representative flows \(exhaustive partition\); 2 endpoints/);
    const lib = await emit([join(dir, 'in.yaml')], { target: 'iptables' });
    for (const name of ['ipsets.rules', 'iptables.rules', 'ip6tables.rules'] as const)
      assert.is(readFileSync(join(dir, 'out', name), 'utf8'), lib.files![name]);
    assert.match(lib.files!['iptables.rules'], /-A npc-from-wl-dispatch -s 10\.0\.0\.1\/32 /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('netpolc emit -o - prints the files; usage errors and refusals exit 2', async () => {
  const r = await cli(['emit', FIXED, '-o', '-']);
  assert.is(r.code, 0);
  assert.match(r.err, /no endpoint has an address, so the rules police no traffic/);
  assert.match(r.out, /^### ipsets\.rules\n/);
  assert.match(r.out, /\n### iptables\.rules\n# netpolc emit/);
  assert.is((await cli(['emit', FIXED])).code, 2);
  assert.match((await cli(['emit', '--target', 'nft', FIXED, '-o', '-'])).err, /unknown --target `nft`/);
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-emit-'));
  try {
    writeFileSync(join(dir, 'p.yaml'), HTTP_RULE);
    const refused = await cli(['emit', dir, '-o', join(dir, 'out')]);
    assert.is(refused.code, 2);
    assert.not.ok(existsSync(join(dir, 'out')));
    const broken = await cli(['emit', join(REPO, 'corpus', 'article'), '-o', join(dir, 'out2')]);
    assert.is(broken.code, 2, 'input errors');
    assert.match(broken.err, /nothing written: the input has errors/);
    assert.not.ok(existsSync(join(dir, 'out2')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
