/**
 * NCA's two-config queries on three versions of one small cluster: no policy (everything
 * allowed), the database open to web pods on 5432, and on 5432–5433. Each expected count follows
 * from NCA's definitions (`analysis/nca/relations.ts` cites them), worked out by hand here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ncaRelationCount, type NcaConfig, type NcaRelationQuery } from '../../../src/analysis/nca/relations.js';
import { parseIr } from '../../../src/ir/parse.js';

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

test('equivalence and strongEquivalence: one per differing pair', () => {
  assert.equal(count('equivalence', [OPEN, ONE, TWO]), { count: 3 });
  assert.equal(count('equivalence', [ONE, ONE]), { count: 0 });
  assert.equal(count('strongEquivalence', [ONE, TWO]), { count: 1 });
  assert.equal(count('strongEquivalence', [TWO, TWO]), { count: 0 });
});

test('containment counts the configs within the first; twoWayContainment scores each later pair', () => {
  assert.equal(count('containment', [OPEN, ONE, TWO]), { count: 2 });
  assert.equal(count('containment', [ONE, TWO]), { count: 0 });
  assert.equal(count('containment', [TWO, ONE]), { count: 1 });
  assert.equal(count('twoWayContainment', [ONE, TWO]), { count: 2 });
  assert.equal(count('twoWayContainment', [TWO, ONE]), { count: 1 });
  assert.equal(count('twoWayContainment', [ONE, ONE]), { count: 3 });
  assert.equal(count('twoWayContainment', [OPEN, ONE, TWO]), { count: 1 + 1 + 2 });
});

test('permits, forbids, interferes: over the connections the other config captures', () => {
  // TWO allows what ONE captures (web → db 5432); ONE does not allow TWO's 5433.
  assert.equal(count('permits', [TWO, ONE]), { count: 0 });
  assert.equal(count('permits', [ONE, TWO]), { count: 1 });
  // Everything ONE explicitly allows, OPEN allows too; a config without policies specifies nothing.
  assert.equal(count('forbids', [OPEN, ONE]), { count: 1 });
  assert.equal(count('forbids', [ONE, OPEN]), { count: 0 });
  assert.equal(count('interferes', [ONE, TWO]), { count: 1 });
  assert.equal(count('interferes', [TWO, ONE]), { count: 0 });
  assert.equal(count('pairwiseInterferes', [ONE, TWO]), { count: 1 });
});

test('semanticDiff counts categories; configs over different pods are not compared', () => {
  assert.equal(count('semanticDiff', [ONE, TWO]), { count: 1 });
  assert.equal(count('semanticDiff', [ONE, ONE]), { count: 0 });
  assert.equal(count('semanticDiff', [TWO, ONE]), { count: 1 });
  const more = config('more', `${SNAPSHOT(EP('cache', 'cache', '10.0.0.40'))}${DB('5432')}final allow\n`);
  // A new pod with connections to persistent pods and to the outside: new categories.
  const d = count('semanticDiff', [ONE, more]);
  assert.ok('count' in d && d.count >= 2, JSON.stringify(d));
  const e = count('equivalence', [ONE, more]);
  assert.ok('skip' in e && /different pods/.test(e.skip));
});

test.run();
