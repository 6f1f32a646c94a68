/**
 * Helpers for the universal back end's tests: resource YAML → IR program through the real
 * pipeline (`parseDocuments` → `loadResources` → `lower`), and the lint case files as programs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Program } from '../../../src/ir/ast.js';
import { lower } from '../../../src/lower/lower.js';
import type { LowerOptions } from '../../../src/lower/types.js';
import { loadResources } from '../../../src/model/loadResources.js';
import { toPlain } from '../../../src/yaml/node.js';
import { parseDocuments } from '../../../src/yaml/parseDocuments.js';
import { REPO } from '../../helpers/paths.js';

export const CASES = join(REPO, 'test', 'cases', 'lint');

/** The program of some resources; throws on any error, so a test never runs on a half program. */
export function programOf(yaml: string, options: Partial<LowerOptions> = {}, file = 'inputs.yaml'): Program {
  const docs = parseDocuments(file, yaml);
  const model = loadResources(docs.documents);
  const lowered = lower(model.value, options);
  const errors = [...docs.diagnostics, ...model.diagnostics, ...lowered.diagnostics].filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${file}: ${errors.map((d) => `${d.code}: ${d.message}`).join('; ')}`);
  return lowered.value;
}

export interface LintCase {
  file: string;
  program: Program;
}

/** Every lint case file, lowered. */
export function lintCases(): LintCase[] {
  return readdirSync(CASES)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const c = toPlain(parseDocuments(file, readFileSync(join(CASES, file), 'utf8')).documents[0]!.root) as { inputs: string; options?: Partial<LowerOptions> };
      return { file, program: programOf(c.inputs, c.options ?? {}, file) };
    });
}
