/**
 * network-config-analyzer's lint queries (`analysis/lint/nca/ncaQueries.ts`) and the conformance
 * runner that feeds them (`runNcaQuery`): the counts on small programs written in IR, and the
 * shared NCA suite, where every query netpolc runs must give NCA's number and every query it does
 * not run must say why.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ncaCount, NCA_QUERIES } from '../../../src/analysis/lint/nca/ncaQueries.js';
import { loadSuite, type NcaQueryCase } from '../../../src/conformance/manifest.js';
import { runNcaQuery } from '../../../src/conformance/runners.js';
import { program } from '../../oracle/fixtures.js';
import { CONFORMANCE } from '../../helpers/paths.js';

// CLUSTER (test/oracle/fixtures.ts): prod/db, prod/web, prod/api, dev/web, dev/tmpl.
const TWO = program(`tier "default" order 1000000 default deny {
  policy "db-gate" order 10 types [ingress] applies sel(app == "db") {
    ingress deny from sel(app == "api") to any
    ingress allow from sel(app == "web") to any
    ingress allow from sel(app == "nobody") to any
  }
  policy "web-gate" order 10 types [ingress] applies sel(app == "web") {
    ingress allow from sel(app == "db") to any
  }
  policy "ghost" order 20 types [egress] applies sel(app == "ghost") {
  }
}
final allow
`);

test('emptiness: a policy that selects nothing, and a rule whose source selects nothing', async () => {
  assert.is(await ncaCount(TWO, 'emptiness'), 2);
});

test('disjointness: pairs of policies whose pods overlap', async () => {
  assert.is(await ncaCount(TWO, 'disjointness'), 0);
  const overlapping = program(`tier "default" order 1000000 default deny {
  policy "a" order 10 types [ingress] applies sel(app == "web") { }
  policy "b" order 20 types [egress] applies sel(all()) { }
  policy "c" order 30 types [egress] applies sel(app == "db") { }
}
final allow
`);
  assert.is(await ncaCount(overlapping, 'disjointness'), 2, 'a–b and b–c');
});

test('allCaptured: uncaptured workloads per direction; without policies, every pod', async () => {
  // Ingress: db and web (both namespaces) captured; api and tmpl not. Egress: nothing captured.
  assert.is(await ncaCount(TWO, 'allCaptured', { endpoints: 'pods' }), 2 + 5);
  assert.is(await ncaCount(program('final allow\n'), 'allCaptured'), 5);
});

test('vacuity and redundancy', async () => {
  assert.is(await ncaCount(TWO, 'vacuity'), 0);
  const open = program(`tier "default" order 1000000 default deny {
  policy "open" order 10 types [ingress] applies sel(all()) {
    ingress allow from any to any
  }
}
final allow
`);
  assert.is(await ncaCount(open, 'vacuity'), 1);
  // In TWO: "ghost" selects nothing; db-gate's rule from `nobody` matches nothing; its deny from
  // `api` denies what the end of the tier denies anyway.
  assert.is(await ncaCount(TWO, 'redundancy'), 3);
});

test('sanity: equal orders with conflicting actions on common pods count 1 and stop', async () => {
  const conflict = program(`tier "default" order 1000000 default deny {
  policy "a" order 10 types [ingress] applies sel(app == "db") {
    ingress deny from sel(app == "web") to any
  }
  policy "b" order 10 types [ingress] applies sel(app == "db") {
    ingress allow from sel(app == "web") to any
  }
}
final allow
`);
  assert.is(await ncaCount(conflict, 'sanity'), 1);
  // TWO: empty policy (1) + empty rule side (1) + db-gate's redundant deny from `api` (1); the
  // empty rule is not counted again as redundant.
  assert.is(await ncaCount(TWO, 'sanity'), 3);
});

const SUITE = join(CONFORMANCE, 'network-config-analyzer');

/** Differences that are a documented semantic choice, not a bug. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'k8s_testcases/example_policies/workload-resources-test/file-system-resource-test-scheme.yaml#1':
    'NCA expands a workload into `replicas` pods for allCaptured; netpolc keeps one endpoint per workload',
};

test('the NCA suite: every query netpolc runs gives NCA\'s count; every other one says why', async () => {
  if (!existsSync(SUITE)) return;
  const cases = loadSuite(SUITE).cases.filter((c): c is NcaQueryCase => c.kind === 'nca-query' && (NCA_QUERIES as readonly string[]).includes(c.query));
  let passed = 0;
  const reasons = new Map<string, number>();
  for (const c of cases) {
    const r = await runNcaQuery(c);
    assert.not.ok('error' in r, `${c.id}: ${'error' in r ? r.error : ''}`);
    if ('output' in r) {
      if (c.id in KNOWN_DIFFERENCES) {
        assert.is.not(r.output, String(c.expected), `${c.id} now agrees with NCA: remove it from KNOWN_DIFFERENCES`);
        continue;
      }
      assert.is(r.output, String(c.expected), `${c.id}: ${c.query} of ${c.configs.join(', ')}`);
      passed++;
    } else if ('skip' in r) {
      assert.ok(r.skip.length > 10, `${c.id} says why it is skipped`);
      assert.not.match(r.skip, 'differs from', `${c.id}: ${r.skip}`);
      const kind = r.skip.replace(/ at .*/, '').replace(/ \(.*/, '');
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    }
  }
  assert.ok(passed >= 20, `${passed} queries pass`);
});

test.run();
