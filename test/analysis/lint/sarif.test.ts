/**
 * SARIF 2.1.0 output (`report/lint/sarif.ts`), checked by hand against the required properties
 * of the OASIS schema (no network to fetch it): `version` and `runs`; per run `tool.driver` with a
 * `name`; per result a `message` with `text`; `level` from the schema's enumeration; physical
 * locations with an artifact URI and a 1-based region; rule ids unique, and each result's
 * `ruleId`/`ruleIndex` pointing at its rule.
 */
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHECKS } from '../../../src/analysis/lint/registry.js';
import { lintPaths } from '../../../src/commands/lint.js';
import { REPO } from '../../helpers/paths.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown, what: string): Obj => {
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `${what} is an object`);
  return v as Obj;
};
const arr = (v: unknown, what: string): unknown[] => {
  assert.ok(Array.isArray(v), `${what} is an array`);
  return v as unknown[];
};

function checkMessage(m: unknown, what: string) {
  const o = obj(m, what);
  assert.type(o.text, 'string', `${what}.text`);
}

function checkPhysical(p: unknown, what: string) {
  const o = obj(p, what);
  const art = obj(o.artifactLocation, `${what}.artifactLocation`);
  assert.type(art.uri, 'string', `${what}.artifactLocation.uri`);
  assert.not.match(art.uri as string, /\s/, 'a URI has no spaces');
  const region = obj(o.region, `${what}.region`);
  assert.ok(Number.isInteger(region.startLine) && (region.startLine as number) >= 1, `${what}.region.startLine ≥ 1`);
  assert.ok(Number.isInteger(region.startColumn) && (region.startColumn as number) >= 1, `${what}.region.startColumn ≥ 1`);
}

test('the SARIF log has the structure SARIF 2.1.0 requires', async () => {
  const r = await lintPaths([join(REPO, 'corpus', 'article-fixed')], { mode: 'snapshot', format: 'sarif', failOn: 'warning', version: '9.9.9' });
  assert.ok(r.ok);
  const log = obj(JSON.parse(r.ok ? r.output : 'null'), 'log');
  assert.is(log.version, '2.1.0');
  assert.type(log.$schema, 'string');
  const runs = arr(log.runs, 'runs');
  assert.is(runs.length, 1);
  const run = obj(runs[0], 'run');
  const driver = obj(obj(run.tool, 'tool').driver, 'driver');
  assert.is(driver.name, 'netpolc');
  assert.is(driver.version, '9.9.9');
  const rules = arr(driver.rules, 'rules').map((x, i) => obj(x, `rules[${i}]`));
  assert.equal(rules.map((x) => x.id), CHECKS.map((c) => c.id), 'one rule per registered check, in order');
  assert.is(new Set(rules.map((x) => x.id)).size, rules.length, 'rule ids are unique');
  for (const [i, x] of rules.entries()) {
    checkMessage(x.shortDescription, `rules[${i}].shortDescription`);
    assert.ok(['none', 'note', 'warning', 'error'].includes(obj(x.defaultConfiguration, 'defaultConfiguration').level as string));
  }
  const results = arr(run.results, 'results').map((x, i) => obj(x, `results[${i}]`));
  assert.ok(results.length >= 5);
  for (const [i, x] of results.entries()) {
    checkMessage(x.message, `results[${i}].message`);
    assert.ok(['none', 'note', 'warning', 'error'].includes(x.level as string), `results[${i}].level`);
    assert.is(rules[x.ruleIndex as number]?.id, x.ruleId, `results[${i}].ruleIndex points at its rule`);
    for (const [j, l] of arr(x.locations ?? [], 'locations').entries()) checkPhysical(obj(l, 'location').physicalLocation, `results[${i}].locations[${j}].physicalLocation`);
    for (const [j, l] of arr(x.relatedLocations ?? [], 'relatedLocations').entries()) {
      const o = obj(l, 'related');
      assert.ok(Number.isInteger(o.id) && (o.id as number) >= 0, 'related id ≥ 0');
      checkMessage(o.message, `results[${i}].relatedLocations[${j}].message`);
      checkPhysical(o.physicalLocation, `results[${i}].relatedLocations[${j}].physicalLocation`);
    }
    assert.ok(['structural', 'snapshot', 'universal'].includes(obj(x.properties, 'properties').mode as string));
  }
  const located = results.filter((x) => x.locations);
  assert.ok(located.some((x) => x.ruleId === 'unusable-rule' && JSON.stringify(x.locations).includes('"startLine":20')));
  assert.ok(results.some((x) => x.ruleId === 'uncaptured-pods' && x.locations === undefined), 'cluster-wide findings have no location');
  assert.is(obj(run, 'run').columnKind, 'utf16CodeUnits');
});

test.run();
