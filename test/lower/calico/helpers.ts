/**
 * Test helpers for the Calico lowering: YAML → program through the real loader, model and
 * orchestrator, then verdicts from the oracle, so each test states what a flow gets.
 */
import * as assert from 'uvu/assert';
import type { Program } from '../../../src/ir/ast.js';
import { flowOf } from '../../../src/ir/flowText.js';
import { evaluate, type Verdict } from '../../../src/oracle/index.js';
import { lowerText } from '../helpers.js';

export { DOC, codes, lowerText, pod, policyNamed, resourcesOf } from '../helpers.js';

/** Lowers `text`; fails the test on an error diagnostic of the lowering. */
export function programOf(text: string): Program {
  const r = lowerText(text);
  assert.equal(r.diagnostics.filter((d) => d.severity === 'error'), [], 'lowering must not report errors');
  return r.value;
}

export function verdictOf(p: Program, flow: string): Verdict {
  return evaluate(p, flowOf(flow)).verdict;
}

/** Asserts each `[flow, verdict]` pair, naming the flow on failure. */
export function expectVerdicts(p: Program, cases: readonly (readonly [string, Verdict])[]): void {
  for (const [flow, want] of cases) assert.is(verdictOf(p, flow), want, flow);
}

export function ns(name: string, labels: Record<string, string> = {}): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${JSON.stringify(labels)}}\n`;
}

/** A Calico document of `kind` with `spec` given as a JSON-compatible object. */
export function calico(kind: string, name: string, spec: unknown, namespace?: string, labels?: Record<string, string>): string {
  const meta: Record<string, unknown> = { name };
  if (namespace !== undefined) meta['namespace'] = namespace;
  if (labels !== undefined) meta['labels'] = labels;
  return `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata: ${JSON.stringify(meta)}\nspec: ${JSON.stringify(spec)}\n`;
}

/** A Kubernetes-style workload endpoint for pod `name` in `namespace`. */
export function wep(
  namespace: string,
  name: string,
  ip: string,
  opts: { labels?: Record<string, string>; sa?: string; profiles?: string[]; ports?: unknown[]; extra?: Record<string, unknown> } = {},
): string {
  const sa = opts.sa ?? 'default';
  const spec = {
    orchestrator: 'k8s',
    node: 'node1',
    pod: name,
    endpoint: 'eth0',
    interfaceName: `cali${name.replace(/[^a-z0-9]/g, '').slice(0, 8)}`,
    serviceAccountName: sa,
    ipNetworks: [ip.includes(':') ? `${ip}/128` : `${ip}/32`],
    profiles: opts.profiles ?? [`kns.${namespace}`, `ksa.${namespace}.${sa}`],
    ports: opts.ports ?? [],
    ...opts.extra,
  };
  return calico('WorkloadEndpoint', `node1-k8s-${name}-eth0`, spec, namespace, opts.labels ?? {});
}

/** Joins documents into one multi-document YAML text. */
export function docs(...ds: string[]): string {
  return ds.join('---\n');
}
