/**
 * The SMT-LIB printer: Z3 reads what `compileSmt2` prints, without an error, and answers each
 * query as the solver session answers the same terms; label text of any kind and provenance with
 * line breaks survive printing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIr } from '../../src/ir/parse.js';
import { compileSmt2, smt2Queries, stringLiteral } from '../../src/smt/smtlib.js';
import { checkSmtLib, shutdownSolver, SolverSession } from '../../src/smt/solver.js';
import type { Program } from '../../src/ir/ast.js';
import { Gen } from '../ir/gen.js';

const IR = `snapshot {
  namespace "prod" labels {"kubernetes.io/metadata.name": "prod", "projectcalico.org/name": "prod", "odd.key/x": "say \\"hi\\" \\\\ ü"}
  endpoint "prod/db" in "prod" ips [10.0.0.10, fd00::10] ports ["pg" tcp 5432] labels {"app": "db", "projectcalico.org/namespace": "prod", "projectcalico.org/orchestrator": "k8s"}
}
tier "default" order 1000000 default deny {
  policy "db \\"quoted\\"" order 1000 types [ingress, egress] applies sel(app == "db") ns "prod" @ "dir/new\\nline.yaml":3:1 NetworkPolicy "prod/db" {
    ingress allow proto tcp from ns(odd.key/x == 'say "hi" \\ ü') to ports ["pg"]
    ingress deny from nets [10.0.0.0/8] to any
    egress pass proto udp from any to ports [53]
  }
}
final allow
`;

async function agree(program: Program, mode: 'universal' | 'snapshot'): Promise<number> {
  const text = compileSmt2(program, { mode });
  assert.ok(/^[\x00-\x7f]*$/.test(text), 'the script is ASCII');
  const answers = await checkSmtLib(text);
  assert.not.ok(answers.includes('error'), 'Z3 reads every assert');
  const { enc, realisable, queries } = smt2Queries(program, { mode });
  assert.is(answers.length, queries.length);
  const s = await SolverSession.open(enc.f);
  try {
    for (const [i, q] of queries.entries()) {
      const r = await s.check([realisable, q.term], { timeoutMs: 10_000 });
      assert.is(answers[i], r.status === 'proved' ? 'unsat' : r.status === 'violated' ? 'sat' : 'unknown', q.comment);
    }
  } finally {
    await s.close();
  }
  return queries.length;
}

test('Z3 reads the script and answers as the session does', async () => {
  const program = parseIr(IR);
  assert.equal(program.diagnostics, []);
  assert.ok((await agree(program.value!, 'snapshot')) >= 4);
  assert.ok((await agree(program.value!, 'universal')) >= 4);
});

test('generated programs print to scripts Z3 reads', async () => {
  let n = 0;
  for (let seed = 1; seed <= 15; seed++) n += await agree(new Gen(seed).program(), seed % 2 ? 'universal' : 'snapshot');
  assert.ok(n > 30, `${n} queries`);
});

test('endpoints whose names sanitise alike still get distinct definitions', async () => {
  const ep = (id: string) => `  endpoint "${id}" in "a" ips [10.0.0.${id.length}] labels {"app": "db"}\n`;
  const ir = `snapshot {\n  namespace "a" labels {}\n${ep('a/b.c')}${ep('a/b_c')}}\ntier "t" order 1 default deny {\n  policy "p" order 1 types [ingress] applies sel(app == "db") {\n    ingress allow proto tcp from any to ports [80]\n  }\n}\nfinal allow\n`;
  const program = parseIr(ir);
  assert.equal(program.diagnostics, []);
  assert.ok((await agree(program.value!, 'snapshot')) >= 4);
});

test('string literals escape quotes, backslashes and non-ASCII', () => {
  assert.is(stringLiteral('say "hi"'), '"say ""hi"""');
  assert.is(stringLiteral('a\\u{41}'), '"a\\u{5c}u{41}"');
  assert.is(stringLiteral('ü😀'), '"\\u{fc}\\u{1f600}"');
});

test('the script names policies and rules in comments', () => {
  const text = compileSmt2(parseIr(IR).value!, { mode: 'universal' });
  assert.match(text, /; policy "db \\"quoted\\"" ingress rule 0 \(allow; dir\/new line\.yaml:7:5\)/);
  assert.match(text, /\(declare-const src\.l\.\d+\.has Bool\) ; src pod label "app"/);
  assert.match(text, /; is some ingress flow allowed at a pod from an external address\?/);
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
