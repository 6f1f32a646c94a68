/**
 * The lint case loader: every `test/cases/lint/*.yaml` (format in `test/cases/lint/README.md`)
 * goes through the real pipeline — `parseDocuments` → `loadResources` → `lower` — and `lint` in
 * snapshot mode; the findings of the checks the case names must be exactly the ones it lists.
 *
 * Contract: one uvu test per case file. A case with `findings: []` is a near miss: the checks it
 * names must stay silent. Every finding's witness is replayed through the oracle and must have the
 * verdict the finding shows. A malformed case file fails loudly (unknown keys are errors).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../../../src/analysis/lint/lint.js';
import { CHECKS } from '../../../src/analysis/lint/registry.js';
import type { Finding } from '../../../src/analysis/lint/types.js';
import { lower } from '../../../src/lower/lower.js';
import type { LowerOptions } from '../../../src/lower/types.js';
import { loadResources } from '../../../src/model/loadResources.js';
import { evaluate } from '../../../src/oracle/index.js';
import { toPlain } from '../../../src/yaml/node.js';
import { parseDocuments } from '../../../src/yaml/parseDocuments.js';
import { REPO } from '../../helpers/paths.js';

const DIR = join(REPO, 'test', 'cases', 'lint');
const CASE_KEYS = ['description', 'options', 'inputs', 'checks', 'findings'];
const FINDING_KEYS = ['check', 'severity', 'line', 'message', 'related', 'witness', 'hint'];

interface Expected {
  check: string;
  severity?: string;
  line?: number;
  message?: string;
  related?: string;
  witness?: string;
  hint?: string;
}

function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

function keys(file: string, what: string, o: object, allowed: string[]) {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(file, `unknown key \`${k}\` in ${what}; allowed: ${allowed.join(', ')}`);
}

function matches(f: Finding, e: Expected): boolean {
  return (
    f.check === e.check &&
    (e.severity === undefined || f.severity === e.severity) &&
    (e.line === undefined || f.location?.line === e.line) &&
    (e.message === undefined || f.message.includes(e.message)) &&
    (e.related === undefined || f.related.some((r) => r.message.includes(e.related!))) &&
    (e.witness === undefined || f.witness?.text === e.witness) &&
    (e.hint === undefined || (f.hint ?? '').includes(e.hint))
  );
}

const show = (f: Finding) =>
  `${f.check} ${f.severity} line ${f.location?.line ?? '-'}: ${f.message}${f.hint ? ` (hint: ${f.hint})` : ''}${f.witness ? ` [${f.witness.text}]` : ''}` +
  f.related.map((r) => `\n    related: ${r.message}`).join('');

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

test('there are lint cases, and every check has a case that triggers it and one that must not', () => {
  const triggered = new Set<string>();
  const quiet = new Set<string>();
  for (const file of files) {
    const c = toPlain(parseDocuments(file, readFileSync(join(DIR, file), 'utf8')).documents[0]!.root) as { checks: string[]; findings: Expected[] };
    for (const id of c.checks) (c.findings.some((f) => f.check === id) ? triggered : quiet).add(id);
  }
  for (const check of CHECKS) {
    assert.ok(triggered.has(check.id), `a case triggers \`${check.id}\``);
    assert.ok(quiet.has(check.id), `a near-miss case for \`${check.id}\``);
  }
});

for (const file of files) {
  test(file, async () => {
    const parsed = parseDocuments(file, readFileSync(join(DIR, file), 'utf8'));
    const root = parsed.documents[0]?.root;
    if (parsed.diagnostics.length > 0 || root?.kind !== 'map') fail(file, 'a case file is one YAML mapping');
    const c = toPlain(root) as Record<string, unknown>;
    keys(file, 'the case', c, CASE_KEYS);
    if (typeof c.inputs !== 'string') fail(file, '`inputs` must be a YAML string');
    const checks = c.checks as string[];
    if (!Array.isArray(checks) || checks.length === 0) fail(file, '`checks` must list the check ids the case is about');
    for (const id of checks) if (!CHECKS.some((x) => x.id === id)) fail(file, `unknown check \`${id}\``);
    const expected = (c.findings ?? []) as Expected[];
    for (const e of expected) {
      keys(file, 'a finding', e, FINDING_KEYS);
      if (!checks.includes(e.check)) fail(file, `finding of \`${e.check}\`, which \`checks\` does not list`);
    }
    const options = (c.options ?? {}) as Partial<LowerOptions>;
    const docs = parseDocuments(file, c.inputs);
    assert.equal(docs.diagnostics, [], 'inputs parse');
    const model = loadResources(docs.documents);
    const lowered = lower(model.value, options);
    const errors = [...model.diagnostics, ...lowered.diagnostics].filter((d) => d.severity === 'error');
    assert.equal(errors.map((d) => `${d.code}: ${d.message}`), [], 'inputs are valid');
    const r = await lint(lowered.value);
    const got = r.findings.filter((f) => checks.includes(f.check));
    const unmatched = [...got];
    for (const e of expected) {
      const i = unmatched.findIndex((f) => matches(f, e));
      assert.ok(i >= 0, `expected ${JSON.stringify(e)}; got:\n${got.map(show).join('\n')}`);
      unmatched.splice(i, 1);
    }
    assert.equal(unmatched.map(show), [], 'no other findings of these checks');
    for (const f of r.findings) {
      if (!f.witness) continue;
      assert.is(evaluate(lowered.value, f.witness.flow).verdict, f.witness.verdict, `${show(f)}: the witness replays`);
    }
  });
}

test.run();
