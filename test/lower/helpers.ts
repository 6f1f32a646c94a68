/**
 * Test helpers for the lowering stage: YAML text → validated resources → lowered program, through
 * the real loader and model, so tests see what users' files give.
 */
import * as assert from 'uvu/assert';
import type { Diagnostic, Staged } from '../../src/diagnostics/diagnostic.js';
import type { Policy, Program } from '../../src/ir/ast.js';
import { lower } from '../../src/lower/lower.js';
import type { LowerOptions } from '../../src/lower/types.js';
import type { Resource } from '../../src/model/kinds.js';
import { loadResources } from '../../src/model/loadResources.js';
import { parseDocuments } from '../../src/yaml/parseDocuments.js';

/** Loads YAML text; fails the test on any error diagnostic of the model stage. */
export function resourcesOf(text: string, file = 'in.yaml'): Resource[] {
  const parsed = parseDocuments(file, text);
  const model = loadResources(parsed.documents);
  const errors = [...parsed.diagnostics, ...model.diagnostics].filter((d) => d.severity === 'error');
  assert.equal(errors, [], 'test input must be valid');
  return model.value;
}

export function lowerText(text: string, options: Partial<LowerOptions> = {}, file = 'in.yaml'): Staged<Program> {
  return lower(resourcesOf(text, file), options);
}

export function codes(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}

export function policyNamed(p: Program, name: string): Policy {
  const found = p.tiers.flatMap((t) => t.policies).find((x) => x.name === name);
  assert.ok(found, `no policy \`${name}\`; have ${p.tiers.flatMap((t) => t.policies.map((x) => x.name)).join(', ')}`);
  return found!;
}

/** A pod document; `spec` (flow YAML fields, e.g. `hostNetwork: true`) is added to its spec. */
export function pod(ns: string, name: string, labels: Record<string, string> = {}, ip?: string, spec = ''): string {
  const status = ip ? `\nstatus: {podIP: ${ip}}` : '';
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: ${JSON.stringify(labels)}}
spec: {containers: [{name: c}]${spec ? ', ' + spec : ''}}${status}
`;
}

export const DOC = '---\n';
