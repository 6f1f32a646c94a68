/**
 * The semantics case loader: every `test/cases/*.yaml` (format in `test/cases/README.md`) goes
 * through the real pipeline — `parseDocuments` → `loadResources` → `lower` — and each of its flows
 * through the oracle, whose verdict must be the one the case expects.
 *
 * Contract: one uvu test per flow, named `<file>: <from> -> <to> <port>`, plus one per file for its
 * diagnostics (every error must be listed in `diagnostics`, every listed code must be reported). A
 * malformed case file fails loudly: an unknown key is an error here, not a silently ignored typo.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { Program } from '../../src/ir/ast.js';
import type { Flow } from '../../src/ir/flow.js';
import { parseFlowText } from '../../src/ir/flowText.js';
import { lower } from '../../src/lower/lower.js';
import type { LowerOptions } from '../../src/lower/types.js';
import { loadResources } from '../../src/model/loadResources.js';
import { evaluate, formatEvaluation } from '../../src/oracle/index.js';
import { getField, toPlain, type SourceDocument, type YNode } from '../../src/yaml/node.js';
import { parseDocuments } from '../../src/yaml/parseDocuments.js';
import { REPO } from '../helpers/paths.js';

const CASES = join(REPO, 'test', 'cases');
const CASE_KEYS = ['description', 'options', 'inputs', 'diagnostics', 'flows'];
const FLOW_KEYS = ['from', 'to', 'port', 'ipVersion', 'expect', 'why', 'note'];
const VERDICTS = ['allow', 'deny', 'unknown'];

interface CaseFlow {
  from: string;
  to: string;
  port: string;
  ipVersion?: 4 | 6;
  expect: 'allow' | 'deny' | 'unknown';
  why: string;
  /** A text that must appear in one of the evaluation's notes. */
  note?: string;
}

interface LoadedCase {
  file: string;
  program: Program;
  diagnostics: Diagnostic[];
  expectedCodes: string[];
  flows: CaseFlow[];
}

function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

function checkKeys(file: string, what: string, o: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(file, `unknown key \`${k}\` in ${what}; allowed: ${allowed.join(', ')}`);
}

/** `inputs` as one YAML string (any number of documents) or as a list of documents. */
function inputDocuments(file: string, node: YNode): SourceDocument[] {
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const parsed = parseDocuments(`${file}#inputs`, node.value);
    if (parsed.diagnostics.length > 0) fail(file, `inputs do not parse: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
    return parsed.documents;
  }
  if (node.kind === 'seq') return node.items.map((root, index) => ({ file, index, root }));
  return fail(file, '`inputs` must be a YAML string or a list of documents');
}

function loadCase(file: string): LoadedCase {
  const parsed = parseDocuments(file, readFileSync(join(CASES, file), 'utf8'));
  const root = parsed.documents[0]?.root;
  if (parsed.diagnostics.length > 0 || parsed.documents.length !== 1 || root?.kind !== 'map')
    fail(file, 'a case file is one YAML mapping');
  const plain = toPlain(root) as Record<string, unknown>;
  checkKeys(file, 'the case', plain, CASE_KEYS);
  const inputsNode = getField(root, 'inputs') ?? fail(file, '`inputs` is required');
  const options = (plain['options'] ?? {}) as Partial<LowerOptions>;
  checkKeys(file, '`options`', options as Record<string, unknown>, ['ipBlockScope']);
  const flows = plain['flows'];
  if (!Array.isArray(flows) || flows.length === 0) fail(file, '`flows` must be a non-empty list');
  for (const f of flows as Record<string, unknown>[]) {
    checkKeys(file, 'a flow', f, FLOW_KEYS);
    for (const k of ['from', 'to', 'port', 'expect', 'why'])
      if (typeof f[k] !== 'string' || f[k] === '') fail(file, `flow field \`${k}\` must be a non-empty string`);
    if (!VERDICTS.includes(f['expect'] as string)) fail(file, `\`expect\` must be one of ${VERDICTS.join(', ')}`);
  }
  const model = loadResources(inputDocuments(file, inputsNode));
  const lowered = lower(model.value, options);
  return {
    file,
    program: lowered.value,
    diagnostics: [...model.diagnostics, ...lowered.diagnostics],
    expectedCodes: (plain['diagnostics'] ?? []) as string[],
    flows: flows as CaseFlow[],
  };
}

/** `tcp/80`, `udp`, `icmp/8/0`, `132/9` → the text form of `ir/flowText.ts`. */
function flowOf(c: LoadedCase, f: CaseFlow): Flow {
  const slash = f.port.indexOf('/');
  const port = slash < 0 ? f.port : `${f.port.slice(0, slash)} ${f.port.slice(slash + 1)}`;
  const text = `${f.from} -> ${f.to} ${port}${f.ipVersion === 6 ? ' v6' : ''}`;
  const flow = parseFlowText(text);
  if ('error' in flow) return fail(c.file, `flow \`${text}\`: ${flow.error}`);
  return flow;
}

const files = readdirSync(CASES).filter((f) => f.endsWith('.yaml')).sort();

test('there are case files', () => {
  assert.ok(files.length >= 12, `found ${files.length} case files in ${CASES}`);
});

for (const file of files) {
  let loaded: LoadedCase | undefined;
  let loadError: unknown;
  try {
    loaded = loadCase(file);
  } catch (e) {
    loadError = e;
  }
  test(`${file}: loads, with the diagnostics it lists`, () => {
    if (loadError) throw loadError;
    const c = loaded!;
    const shown = c.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`).join('\n');
    for (const d of c.diagnostics)
      if (d.severity === 'error') assert.ok(c.expectedCodes.includes(d.code), `unlisted error:\n${shown}`);
    for (const code of c.expectedCodes)
      assert.ok(c.diagnostics.some((d) => d.code === code), `expected a \`${code}\` diagnostic; got:\n${shown || '(none)'}`);
  });
  for (const f of loaded?.flows ?? []) {
    test(`${file}: ${f.from} -> ${f.to} ${f.port}`, () => {
      const c = loaded!;
      const evaluation = evaluate(c.program, flowOf(c, f));
      assert.is(evaluation.verdict, f.expect, `${f.why}\n${formatEvaluation(evaluation)}`);
      if (f.note !== undefined)
        assert.ok(evaluation.notes.some((n) => n.includes(f.note!)), `expected a note with \`${f.note}\`; notes: ${JSON.stringify(evaluation.notes)}`);
    });
  }
}

test.run();
