/**
 * Benchmark of the prover: time to prove a namespace-isolation property over generated policy
 * sets of 10, 100 and 1,000 policies, in universal and snapshot mode, with the encoding's size.
 *
 * The policy sets have the shape of real clusters: per namespace a Kubernetes default-deny, then
 * per app an allow from the same namespace's clients and from the monitoring namespace, and an
 * egress allow to DNS; before them a Calico tier `security` of global policies that deny
 * quarantined pods and pass the rest. Namespace `ns-1` is isolated from `ns-0`, so the property is
 * proved in both modes (the figures measure proofs, not the first counterexample found).
 *
 * Target (issue 5): ≤ 1 s per proof at 1,000 policies.
 */
import { pathToFileURL } from 'node:url';
import { prove, type ProveMode } from '../src/analysis/prove.js';
import type { Policy, Program, Rule } from '../src/ir/ast.js';
import { endpoint, namespace, origin, policy, port, program, rule, ruleOrigin, snapshot, tier, type RuleInput } from '../src/ir/build.js';
import { TCP, UDP } from '../src/ir/protocol.js';
import type { Property } from '../src/property/ast.js';
import type { Selector } from '../src/selector/ast.js';
import { encodeProgram } from '../src/smt/encode.js';
import { shutdownSolver } from '../src/smt/solver.js';

const eq = (key: string, value: string): Selector => ({ op: 'eq', key, value });
const and = (...args: Selector[]): Selector => ({ op: 'and', args });
const K8S = eq('projectcalico.org/orchestrator', 'k8s');
const NS_NAME = 'kubernetes.io/metadata.name';

/** A policy set of about `n` policies (the exact count is returned with it). */
export function isolationProgram(n: number): Program {
  const at = origin('bench.yaml', 1, 1, 'NetworkPolicy', 'bench');
  const ro = ruleOrigin(at, 0);
  const allow = (r: Omit<RuleInput, 'action' | 'origin'>): Rule => rule({ action: 'allow', origin: ro, ...r });
  const apps = 3;
  const nsCount = Math.max(2, Math.round(n / (1 + apps)));
  const security: Policy[] = [
    policy({
      name: 'security.quarantine',
      order: 10,
      types: ['ingress', 'egress'],
      subject: { selector: { op: 'all' } },
      ingress: [rule({ action: 'deny', origin: ro, src: { selector: eq('quarantine', 'true') } }), rule({ action: 'pass', origin: ro })],
      egress: [rule({ action: 'deny', origin: ro, dst: { selector: eq('quarantine', 'true') } }), rule({ action: 'pass', origin: ro })],
      origin: at,
    }),
  ];
  const local: Policy[] = [];
  for (let i = 0; i < nsCount && security.length + local.length < n; i++) {
    const ns = `ns-${i}`;
    local.push(policy({ name: `${ns}/knp.default.default-deny`, order: 1000, types: ['ingress'], subject: { selector: K8S, namespace: { kind: 'name', name: ns } }, origin: at }));
    for (let a = 0; a < apps && security.length + local.length < n; a++) {
      const app = `app-${a}`;
      local.push(
        policy({
          name: `${ns}/knp.default.${app}`,
          order: 1000,
          types: ['ingress', 'egress'],
          subject: { selector: and(K8S, eq('app', app)), namespace: { kind: 'name', name: ns } },
          ingress: [
            allow({ protocol: TCP, src: { selector: and(K8S, eq('role', `${app}-client`)), namespace: { kind: 'name', name: ns } }, dst: { ports: [port(8080)] } }),
            allow({ protocol: TCP, src: { selector: K8S, namespace: { kind: 'selector', selector: eq('role', 'monitoring') } }, dst: { ports: [port(9090)] } }),
          ],
          egress: [allow({ protocol: UDP, dst: { selector: and(K8S, eq('k8s-app', 'kube-dns')), namespace: { kind: 'selector', selector: eq(NS_NAME, 'kube-system') }, ports: [port(53)] } })],
          origin: at,
        }),
      );
    }
  }
  const namespaces = [namespace('kube-system'), namespace('monitoring', { role: 'monitoring' })];
  const endpoints = [endpoint({ name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ips: ['10.0.0.2'] })];
  for (let i = 0; i < nsCount; i++) {
    namespaces.push(namespace(`ns-${i}`, { team: `t${i % 4}` }));
    for (let a = 0; a < 2; a++)
      endpoints.push(endpoint({ name: `app-${a}`, namespace: `ns-${i}`, labels: { app: `app-${a}`, role: `app-${(a + 1) % apps}-client` }, ips: [`10.${1 + (i >> 8)}.${i & 255}.${a + 1}`] }));
  }
  return program({
    snapshot: snapshot({ namespaces, endpoints }),
    tiers: [
      tier({ name: 'security', order: 100, defaultAction: 'pass', policies: security }),
      tier({ name: 'default', order: 1_000_000, defaultAction: 'deny', policies: local }),
    ],
    final: 'allow',
  });
}

export const ISOLATION: Property = {
  name: 'ns-1-isolated-from-ns-0',
  kind: 'deny',
  src: { kind: 'pods', namespace: eq(NS_NAME, 'ns-0'), pod: null },
  dst: { kind: 'pods', namespace: eq(NS_NAME, 'ns-1'), pod: null },
  on: null,
  file: 'bench',
  line: 1,
  column: 1,
};

export async function benchProve(): Promise<string[]> {
  const lines: string[] = [];
  // Z3 starts once per process; keep that out of the first figure.
  await prove(isolationProgram(10), [ISOLATION], { mode: 'universal' });
  for (const n of [10, 100, 1000]) {
    const p = isolationProgram(n);
    const count = p.tiers.reduce((s, t) => s + t.policies.length, 0);
    const endpoints = p.snapshot?.endpoints.length ?? 0;
    for (const mode of ['universal', 'snapshot'] as ProveMode[]) {
      const t0 = performance.now();
      const enc = encodeProgram(p, mode);
      const encodeMs = performance.now() - t0;
      const t1 = performance.now();
      const [r] = await prove(p, [ISOLATION], { mode, timeoutMs: 60_000 });
      const ms = performance.now() - t1;
      lines.push(
        `${String(count).padStart(5)} policies, ${String(endpoints).padStart(3)} endpoints, ${mode.padEnd(9)}: ${r!.status} in ${ms.toFixed(0)} ms ` +
          `(encoding ${encodeMs.toFixed(0)} ms, ${enc.f.size.toLocaleString('en-US')} terms)`,
      );
    }
  }
  await shutdownSolver();
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) for (const l of await benchProve()) console.log(l);
