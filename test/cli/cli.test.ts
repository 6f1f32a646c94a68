/**
 * The `netpolc` command as a user runs it: exit codes, help, version, stdin, errors rendered
 * with file:line:col and a caret, never a stack trace.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from '../helpers/paths.js';

const MAIN = join(REPO, 'dist/src/cli/main.js');
function netpolc(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: REPO, encoding: 'utf8', input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('--version and --help', () => {
  const v = netpolc(['--version']);
  assert.is(v.code, 0);
  assert.match(v.out, /^netpolc \d+\.\d+\.\d+/);
  const h = netpolc(['--help']);
  assert.is(h.code, 0);
  for (const c of ['validate', 'compile', 'explain', 'connectivity', 'prove', 'lint', 'diff', 'emit']) assert.match(h.out, c);
  const ch = netpolc(['validate', '--help']);
  assert.is(ch.code, 0);
  assert.match(ch.out, '--format');
});

test('usage errors exit 2 with a message', () => {
  assert.is(netpolc(['frobnicate']).code, 2);
  const r = netpolc(['validate', '--nope', 'x']);
  assert.is(r.code, 2);
  assert.match(r.err, 'nope');
  assert.is(netpolc(['validate']).code, 2);
});

test('validate: the article as published is invalid, with positions, carets and hints', () => {
  const r = netpolc(['validate', 'corpus/article']);
  assert.is(r.code, 2);
  assert.match(r.out, 'corpus/article/policies.yaml:24:5: error wrong-type: a Calico `namespaceSelector` is a selector string');
  assert.match(r.out, 'corpus/article/policies.yaml:38:5: error unknown-field: unknown field `ports` in spec.egress[0]');
  assert.match(r.out, /\n\s+\d+ \|     ports:\n\s+\^/);
  assert.match(r.out, 'hint: use the selector string `projectcalico.org/name not in {"kubesystem", "calico-system"}`');
  assert.not.match(r.out + r.err, /at .*\.js:\d+/, 'no stack trace');
});

test('validate --format json has the documented shape', () => {
  const r = netpolc(['validate', '--format', 'json', 'corpus/article']);
  assert.is(r.code, 2);
  const j = JSON.parse(r.out);
  assert.equal(Object.keys(j).sort(), ['diagnostics', 'documents', 'errors', 'infos', 'resources', 'warnings']);
  assert.equal(j.resources, { NetworkPolicy: 1 });
  const d = j.diagnostics[0];
  assert.equal(Object.keys(d).sort(), ['code', 'column', 'file', 'hint', 'line', 'message', 'path', 'severity']);
});

test('stdin: `-` reads a document from standard input; valid documents in a broken input are still read', () => {
  const ok = netpolc(['validate', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n');
  assert.is(ok.code, 0);
  assert.match(ok.out, '1 valid resource (1 Namespace)');
  const mixed = netpolc(['validate', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: [unclosed\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n');
  assert.is(mixed.code, 2);
  assert.match(mixed.out, /<stdin>:5:\d+: error yaml-syntax/);
  assert.match(mixed.out, '2 valid resources (2 Namespace)');
});

test('a missing path is an input error, not a crash', () => {
  const r = netpolc(['validate', 'no/such/dir']);
  assert.is(r.code, 2);
  assert.match(r.out, 'file-not-found');
});

test('explain and connectivity run on the corpus and agree on the article bug', () => {
  const e = netpolc(['explain', 'corpus/article-fixed', '--from', 'default/frontend', '--to', 'kube-system/coredns', '--port', 'udp/53', '--format', 'json']);
  assert.is(e.code, 0);
  const j = JSON.parse(e.out);
  assert.is(j.verdict, 'deny');
  assert.is(j.ingress.decision.by, 'tier-default');
  const c = netpolc(['connectivity', 'corpus/article-fixed', '--format', 'json']);
  assert.is(c.code, 0);
  const conns = JSON.parse(c.out) as { src: string; dst: string }[];
  assert.not.ok(conns.some((x) => x.dst === 'kube-system/coredns[Deployment]'), 'CoreDNS is isolated by the kubesystem typo');
});

test.run();
