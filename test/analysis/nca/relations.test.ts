/**
 * NCA's two-config queries on three versions of one small cluster: no policy (everything
 * allowed), the database open to web pods on 5432, and on 5432–5433. Each expected count follows
 * from NCA's definitions (`analysis/nca/relations.ts` cites them), worked out by hand here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ncaRelationCount, type NcaConfig, type NcaRelationQuery } from '../../../src/analysis/nca/relations.js';
import { parseIr } from '../../../src/ir/parse.js';
import { shutdownSolver } from '../../../src/smt/solver.js';

const NS = (n: string) => `  namespace "${n}" labels {"kubernetes.io/metadata.name": "${n}", "projectcalico.org/name": "${n}"}\n`;
const EP = (name: string, app: string, ip: string) =>
  `  endpoint "prod/${name}" in "prod" ips [${ip}] labels {"app": "${app}", "projectcalico.org/namespace": "prod", "projectcalico.org/orchestrator": "k8s"}\n`;
const SNAPSHOT = (extra = '') => `snapshot {\n${NS('prod')}${EP('db', 'db', '10.0.0.10')}${EP('web', 'web', '10.0.0.20')}${EP('other', 'other', '10.0.0.30')}${extra}}\n`;
const DB = (ports: string) => `tier "default" order 1000000 default deny {
  policy "prod/db" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow proto tcp from sel(app == "web") ns "prod" to ports [${ports}]
  }
}
`;

function config(name: string, text: string): NcaConfig {
  const p = parseIr(text);
  assert.equal(p.diagnostics, []);
  return { name, program: p.value! };
}

const OPEN = config('open', `${SNAPSHOT()}final allow\n`);
const ONE = config('one', `${SNAPSHOT()}${DB('5432')}final allow\n`);
const TWO = config('two', `${SNAPSHOT()}${DB('5432, 5433')}final allow\n`);

const count = (q: NcaRelationQuery, configs: NcaConfig[]) => ncaRelationCount(q, configs);

test('equivalence and strongEquivalence: one per differing pair', async () => {
  assert.equal(await count('equivalence', [OPEN, ONE, TWO]), { count: 3 });
  assert.equal(await count('equivalence', [ONE, ONE]), { count: 0 });
  assert.equal(await count('strongEquivalence', [ONE, TWO]), { count: 1 });
  assert.equal(await count('strongEquivalence', [TWO, TWO]), { count: 0 });
});

test('containment counts the configs within the first; twoWayContainment scores each later pair', async () => {
  assert.equal(await count('containment', [OPEN, ONE, TWO]), { count: 2 });
  assert.equal(await count('containment', [ONE, TWO]), { count: 0 });
  assert.equal(await count('containment', [TWO, ONE]), { count: 1 });
  assert.equal(await count('twoWayContainment', [ONE, TWO]), { count: 2 });
  assert.equal(await count('twoWayContainment', [TWO, ONE]), { count: 1 });
  assert.equal(await count('twoWayContainment', [ONE, ONE]), { count: 3 });
  assert.equal(await count('twoWayContainment', [OPEN, ONE, TWO]), { count: 1 + 1 + 2 });
});

test('permits, forbids, interferes: over the connections the other config captures', async () => {
  // TWO allows what ONE captures (web → db 5432); ONE does not allow TWO's 5433.
  assert.equal(await count('permits', [TWO, ONE]), { count: 0 });
  assert.equal(await count('permits', [ONE, TWO]), { count: 1 });
  // Everything ONE explicitly allows, OPEN allows too; a config without policies specifies nothing.
  assert.equal(await count('forbids', [OPEN, ONE]), { count: 1 });
  assert.equal(await count('forbids', [ONE, OPEN]), { count: 0 });
  assert.equal(await count('interferes', [ONE, TWO]), { count: 1 });
  assert.equal(await count('interferes', [TWO, ONE]), { count: 0 });
  assert.equal(await count('pairwiseInterferes', [ONE, TWO]), { count: 1 });
});

test('semanticDiff counts categories; configs over different pods are not compared', async () => {
  assert.equal(await count('semanticDiff', [ONE, TWO]), { count: 1 });
  assert.equal(await count('semanticDiff', [ONE, ONE]), { count: 0 });
  assert.equal(await count('semanticDiff', [TWO, ONE]), { count: 1 });
  const more = config('more', `${SNAPSHOT(EP('cache', 'cache', '10.0.0.40'))}${DB('5432')}final allow\n`);
  // A new pod with connections to persistent pods and to the outside: new categories.
  const d = await count('semanticDiff', [ONE, more]);
  assert.ok('count' in d && d.count >= 2, JSON.stringify(d));
  const e = await count('equivalence', [ONE, more]);
  assert.ok('skip' in e && /different pods/.test(e.skip));
});

const SRC = (ports: string) => `tier "default" order 1000000 default deny {
  policy "prod/db" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow proto tcp from sel(app == "web") ns "prod" ports [${ports}] to ports [5432]
  }
}
`;

test('source ports: the matrix leaves them undecided, Z3 decides the relation over every flow', async () => {
  const a = config('a', `${SNAPSHOT()}${SRC('100-150')}final allow\n`);
  const same = config('same', `${SNAPSHOT()}${SRC('100-120, 121-150')}final allow\n`);
  const more = config('more', `${SNAPSHOT()}${SRC('100-151')}final allow\n`);
  assert.equal(await count('equivalence', [a, same]), { count: 0 });
  assert.equal(await count('equivalence', [a, more]), { count: 1 });
  assert.equal(await count('twoWayContainment', [a, more]), { count: 2 });
  assert.equal(await count('containment', [more, a]), { count: 1 });
  assert.equal(await count('containment', [a, more]), { count: 0 });
  assert.equal(await count('strongEquivalence', [a, same]), { count: 0 });
  // Unmodelled constructs stay a skip, with both reasons.
  const unknown = config('unknown', `${SNAPSHOT()}${SRC('100-150').replace('to ports [5432]', 'to ports [5432] unknown "http match"')}final allow\n`);
  const r = await count('equivalence', [a, unknown]);
  assert.ok('skip' in r && /undecided.*Z3: some flows depend on constructs netpolc does not model/.test(r.skip), JSON.stringify(r));
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
