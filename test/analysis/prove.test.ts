/**
 * The prover, kind by kind, in both modes, on small hand-written programs: what each result
 * means (proved / violated with a replayed witness / unknown with a reason), and the realisability
 * rules of universal mode (implicit labels, namespaces of the snapshot, one namespace's pods share
 * its labels, the pod CIDR).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { prove, type ProveOptions, type ProveResult } from '../../src/analysis/prove.js';
import { parseIr } from '../../src/ir/parse.js';
import { evaluate } from '../../src/oracle/index.js';
import { parseProperties } from '../../src/property/parse.js';
import { shutdownSolver } from '../../src/smt/solver.js';

const NS = (n: string, extra = '') => `  namespace "${n}" labels {${extra}"kubernetes.io/metadata.name": "${n}", "projectcalico.org/name": "${n}"}\n`;
const EP = (ns: string, name: string, app: string, ip: string) =>
  `  endpoint "${ns}/${name}" in "${ns}" ips [${ip}] ports ["pg" tcp 5432] labels {"app": "${app}", "projectcalico.org/namespace": "${ns}", "projectcalico.org/orchestrator": "k8s"}\n`;

const SNAPSHOT = `snapshot {\n${NS('prod', '"team": "a", ')}${NS('dev', '"team": "b", ')}${EP('prod', 'db', 'db', '10.0.0.10')}${EP('prod', 'web', 'web', '10.0.0.20')}${EP('dev', 'web', 'web', '10.1.0.20')}}\n`;

/** The database accepts its own namespace's web pods on the named port, and nothing else. */
const DB = `${SNAPSHOT}tier "default" order 1000000 default deny {
  policy "db" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow proto tcp from sel(projectcalico.org/orchestrator == "k8s" && app == "web") ns "prod" to ports ["pg"]
  }
}
final allow
`;

async function run(ir: string, props: string, opts: ProveOptions): Promise<ProveResult[]> {
  const program = parseIr(ir);
  assert.equal(program.diagnostics, []);
  const parsed = parseProperties('t', props);
  assert.equal(parsed.diagnostics, []);
  const results = await prove(program.value!, parsed.value!, { timeoutMs: 10_000, ...opts });
  for (const r of results) {
    // Every witness is the oracle's: its attached trace is a fresh evaluation's.
    if (r.witness) assert.equal(r.evaluation, evaluate(program.value!, r.witness));
  }
  return results;
}

const PROD_DB = 'ns(kubernetes.io/metadata.name == "prod") pod(app == "db")';

const statuses = (rs: ProveResult[]) => Object.fromEntries(rs.map((r) => [r.name, r.status]));

test('each kind, in both modes', async () => {
  const props = [
    'dev-blocked: deny ns(kubernetes.io/metadata.name == "dev") -> PROD_DB',
    'web-reaches-db: allow ns(kubernetes.io/metadata.name == "prod") pod(app == "web") -> PROD_DB on tcp/5432',
    'web-any-port: allow ns(kubernetes.io/metadata.name == "prod") pod(app == "web") -> PROD_DB',
    'only-web: only pod(app == "web") -> PROD_DB',
    'some-path: some pod(app == "web") -> PROD_DB on tcp/5432',
    'no-path: some pod(app == "db") -> PROD_DB on tcp/5432',
    // In universal mode a database pod may live in any namespace, where nothing protects it.
    'any-db: deny ns(kubernetes.io/metadata.name == "dev") -> pod(app == "db")',
  ]
    .join('\n')
    .replaceAll('PROD_DB', PROD_DB);
  for (const mode of ['snapshot', 'universal'] as const) {
    const rs = await run(DB, props, { mode });
    assert.equal(statuses(rs), {
      'dev-blocked': 'proved',
      'web-reaches-db': mode === 'snapshot' ? 'proved' : 'violated',
      'web-any-port': 'violated',
      'only-web': 'proved',
      'some-path': 'proved',
      'no-path': 'violated',
      'any-db': mode === 'snapshot' ? 'proved' : 'violated',
    }, mode);
    const byName = new Map(rs.map((r) => [r.name, r]));
    assert.is(byName.get('web-any-port')!.evaluation!.verdict, 'deny');
    assert.is(byName.get('some-path')!.evaluation!.verdict, 'allow');
    assert.is(byName.get('no-path')!.witness, undefined);
    if (mode === 'universal') {
      const other = byName.get('any-db')!.witness!;
      assert.ok(other.dst.kind === 'pod' && other.dst.pod.namespace !== 'prod');
      // A web pod of prod without a `pg` port is refused: the named port resolves on the destination.
      const w = byName.get('web-reaches-db')!.witness!;
      assert.ok(w.dst.kind === 'pod' && !w.dst.pod.ports.some((p) => p.name === 'pg' && p.protocol === 6 && p.port === w.dstPort));
    }
  }
});

test('a claim refuted only by unmodelled fields is unknown; a definite refutation still wins', async () => {
  const ir = `${SNAPSHOT}tier "default" order 1000000 default deny {
  policy "db" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow proto tcp from any to any unknown "http match"
  }
}
final allow
`;
  const rs = await run(ir, 'udp-blocked: deny any -> pod(app == "db") on udp\ntcp-blocked: deny any -> pod(app == "db") on tcp\nall-tcp: allow any -> pod(app == "db") on tcp', { mode: 'snapshot' });
  assert.equal(statuses(rs), { 'udp-blocked': 'proved', 'tcp-blocked': 'unknown', 'all-tcp': 'unknown' });
  assert.match(rs[1]!.reason!, /http match/);
  assert.is(rs[1]!.evaluation!.verdict, 'unknown');
  // With a UDP allow behind the uncertain rule, some flow is certainly allowed: violated, whichever
  // flow the solver finds first.
  const both = ir.replace('unknown "http match"\n', 'unknown "http match"\n    ingress allow proto udp from any to any\n');
  const [r] = await run(both, 'db-closed: deny any -> pod(app == "db")', { mode: 'snapshot' });
  assert.is(r!.status, 'violated');
  assert.is(r!.evaluation!.verdict, 'allow');
  assert.is(r!.witness!.protocol, 17);
});

test('universal mode: implicit labels are the namespace name, and every pod is a Kubernetes pod', async () => {
  const ir = `${SNAPSHOT}tier "default" order 1000000 default deny {
  policy "db" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow from sel(projectcalico.org/orchestrator == "k8s") ns(kubernetes.io/metadata.name == "staging") to any
  }
}
final allow
`;
  const rs = await run(ir, `staging-only: only ns(projectcalico.org/name == "staging") -> ${PROD_DB}\nstaging-in: some pod(projectcalico.org/namespace == "staging") -> ${PROD_DB}\nstaging-all: allow ns(kubernetes.io/metadata.name == "staging") -> ${PROD_DB}`, { mode: 'universal' });
  assert.equal(statuses(rs), { 'staging-only': 'proved', 'staging-in': 'proved', 'staging-all': 'proved' });
});

test('universal mode: a namespace of the snapshot keeps its labels unless told otherwise', async () => {
  const ir = DB.replace('from sel(projectcalico.org/orchestrator == "k8s" && app == "web") ns "prod"', 'from ns(team == "a")');
  const prop = `dev-blocked: deny ns(kubernetes.io/metadata.name == "dev") -> ${PROD_DB}`;
  assert.equal(statuses(await run(ir, prop, { mode: 'universal' })), { 'dev-blocked': 'proved' });
  const [r] = await run(ir, prop, { mode: 'universal', anyNamespaceLabels: true });
  assert.is(r!.status, 'violated');
  assert.ok(r!.witness!.src.kind === 'pod' && r!.witness!.src.pod.namespaceLabels['team'] === 'a');
});

test('universal mode: two pods of one namespace see the same namespace labels', async () => {
  const ir = `snapshot {}\ntier "default" order 1000000 default deny {
  policy "isolate" order 1 types [ingress] applies sel(all()) {}
  policy "a-to-b" order 2 types [ingress] applies sel(all()) ns(team == "b") {
    ingress allow from ns(team == "a") to any
  }
}
final allow
`;
  const rs = await run(ir, 'x-internal: deny ns(kubernetes.io/metadata.name == "x") -> ns(kubernetes.io/metadata.name == "x")', { mode: 'universal' });
  assert.is(rs[0]!.status, 'proved');
});

test('the pod CIDR: pods inside it, external addresses outside it', async () => {
  const ir = DB.replace('from sel(projectcalico.org/orchestrator == "k8s" && app == "web") ns "prod"', 'from nets [10.0.0.0/8]');
  const prop = `no-private-clients: deny cidr(10.0.0.0/8) -> ${PROD_DB}`;
  const [open] = await run(ir, prop, { mode: 'universal' });
  assert.is(open!.status, 'violated');
  assert.ok(open!.witness!.src.kind === 'external' && open!.witness!.src.ip.startsWith('10.'));
  assert.equal(statuses(await run(ir, prop, { mode: 'universal', podCidr: '10.0.0.0/8' })), { 'no-private-clients': 'proved' });
  // The snapshot's own pod addresses are never external ones.
  const [snap] = await run(ir, 'no-db-ip: deny cidr(10.0.0.10/32) -> any', { mode: 'snapshot' });
  assert.is(snap!.status, 'proved');
});

test('inputs the prover cannot use give unknown, not a throw', async () => {
  const rs = await run(DB, 'a: deny any -> any', { mode: 'universal', podCidr: 'ten/8' });
  assert.is(rs[0]!.status, 'unknown');
  assert.match(rs[0]!.reason!, /pod CIDR/);
  const noSnap = parseIr(DB.slice(DB.indexOf('tier'))).value!;
  const [r] = await prove(noSnap, parseProperties('t', 'a: deny any -> any').value!, { mode: 'snapshot' });
  assert.is(r!.status, 'unknown');
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
