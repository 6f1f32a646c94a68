/**
 * Benchmark of the connectivity stage (DESIGN §9) on generated cluster snapshots of 100, 1,000
 * and 10,000 pods: the time to compute the matrix (not to render every pair), and the figures
 * that explain it: endpoint classes, direction classes, oracle evaluations.
 *
 * The clusters look like real ones: a few dozen namespaces with team and environment labels,
 * Deployments of two to six replicas whose pods share the template's labels (plus a per-pod
 * `pod-template-hash`-style label no selector mentions), pods with addresses and named ports, and
 * a few hundred policies: Kubernetes NetworkPolicies (default-deny, allow-from-tier, namespace
 * selectors, named ports, egress `ipBlock` with `except`) mixed with Calico (a `security` tier of
 * GlobalNetworkPolicies with deny, pass and `nets` rules, namespaced Calico policies with selector
 * expressions, a GlobalNetworkSet). Generation is deterministic (seeded), so figures compare.
 */
import { pathToFileURL } from 'node:url';
import { computeConnectivity } from '../src/connectivity/compute.js';
import { parseDocuments } from '../src/yaml/load.js';
import { loadResources } from '../src/model/loadResources.js';
import { lower } from '../src/lower/lower.js';
import type { Program } from '../src/ir/ast.js';
import { Prng } from '../src/util/prng.js';

const TIERS = ['web', 'api', 'worker', 'db', 'cache'] as const;
const TEAMS = ['payments', 'search', 'identity', 'platform', 'data'];
const ENVS = ['prod', 'staging', 'dev'];

export interface GeneratedCluster {
  yaml: string;
  pods: number;
  namespaces: number;
  policies: number;
}

/** A cluster of about `pods` pods (exactly, in fact) with policies in proportion. */
export function generateCluster(pods: number, seed = 1): GeneratedCluster {
  const r = new Prng(seed);
  const docs: string[] = [];
  const nsCount = Math.max(3, Math.min(40, Math.round(Math.sqrt(pods) / 2.5)));
  const namespaces = Array.from({ length: nsCount }, (_, i) => ({
    name: i === 0 ? 'kube-system' : `ns-${String(i).padStart(2, '0')}`,
    team: TEAMS[i % TEAMS.length]!,
    env: ENVS[i % ENVS.length]!,
  }));
  for (const ns of namespaces) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns.name}\n  labels: {team: ${ns.team}, env: ${ns.env}}`);
  }
  // Deployments, round robin over the namespaces, until the pod budget is spent.
  const apps: { ns: string; app: string; tier: string }[] = [];
  let made = 0;
  for (let d = 0; made < pods; d++) {
    const ns = namespaces[d % nsCount]!;
    const tier = ns.name === 'kube-system' ? 'system' : TIERS[d % TIERS.length]!;
    const app = ns.name === 'kube-system' && d < nsCount ? 'kube-dns' : `${tier}-${d}`;
    const replicas = Math.min(pods - made, r.int(2, 6));
    const hash = (0x5d7c9 + d * 7919).toString(16);
    apps.push({ ns: ns.name, app, tier });
    for (let k = 0; k < replicas; k++, made++) {
      const ip = `10.${16 + (made >> 16)}.${(made >> 8) & 255}.${made & 255}`;
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${app}-${hash}-${k}\n  namespace: ${ns.name}\n` +
          `  labels: {app: ${app}, tier: ${tier}, version: v${1 + (d % 2)}, pod-template-hash: ${hash}, pod-index: "${k}"}\n` +
          `  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: ${app}-${hash}, controller: true, uid: u${d}}]\n` +
          `spec:\n  containers:\n  - name: main\n    image: img\n    ports:\n` +
          `    - {name: http, containerPort: ${tier === 'db' ? 5432 : 8080}}\n    - {name: metrics, containerPort: 9090}\n` +
          (app === 'kube-dns' ? `    - {name: dns, containerPort: 53, protocol: UDP}\n` : '') +
          `status:\n  podIP: ${ip}\n  podIPs: [{ip: ${ip}}]`,
      );
    }
  }
  let policies = 0;
  const np = (ns: string, name: string, spec: string) => {
    policies++;
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec}`);
  };
  const policyBudget = Math.max(12, Math.min(300, Math.round(pods / 10)));
  for (const [i, ns] of namespaces.entries()) {
    if (ns.name === 'kube-system') continue;
    if (i % 3 !== 2) np(ns.name, 'default-deny-ingress', '  podSelector: {}\n  policyTypes: [Ingress]');
    if (i % 4 === 1) {
      np(ns.name, 'egress-dns-and-internal', [
        '  podSelector: {}',
        '  policyTypes: [Egress]',
        '  egress:',
        '  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {app: kube-dns}}}]',
        '    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]',
        `  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.${16 + (i % 4)}.0.0/16]}}]`,
        '  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}}]',
        '    ports: [{protocol: TCP, port: 443}]',
      ].join('\n'));
    }
  }
  // Per-app allow rules until the budget is used, spread over the apps.
  const step = Math.max(1, Math.floor(apps.length / policyBudget));
  for (let a = 0; a < apps.length && policies < policyBudget; a += step) {
    const { ns, app, tier } = apps[a]!;
    const from =
      tier === 'db' ? `[{podSelector: {matchLabels: {tier: api}}}]`
      : tier === 'api' ? `[{podSelector: {matchExpressions: [{key: tier, operator: In, values: [web, worker]}]}}, {namespaceSelector: {matchLabels: {team: ${r.pick(TEAMS)}}}}]`
      : tier === 'web' ? `[{namespaceSelector: {}}, {ipBlock: {cidr: 192.168.${a % 256}.0/24}}]`
      : `[{podSelector: {matchLabels: {app: ${apps[(a + 1) % apps.length]!.app}}}, namespaceSelector: {matchLabels: {env: ${r.pick(ENVS)}}}}]`;
    const port = tier === 'db' ? '5432' : r.chance(0.5) ? 'http' : '8080';
    np(ns, `allow-${app}`, `  podSelector: {matchLabels: {app: ${app}}}\n  ingress:\n  - from: ${from}\n    ports: [{protocol: TCP, port: ${port}}]`);
  }
  // Calico: a security tier in front of the Kubernetes policies, and some namespaced policies.
  docs.push('apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 100');
  docs.push(
    'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: partners\n  labels: {role: partner}\n' +
      'spec:\n  nets: [203.0.113.0/24, 198.51.100.0/24]',
  );
  const gnp = (name: string, order: number, spec: string) => {
    policies++;
    docs.push(`apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: security.${name}\nspec:\n  tier: security\n  order: ${order}\n${spec}`);
  };
  gnp('quarantine', 10, '  selector: has(quarantine)\n  types: [Ingress, Egress]\n  ingress: [{action: Deny}]\n  egress: [{action: Deny}]');
  gnp('monitoring', 20, [
    '  selector: all()',
    '  types: [Ingress]',
    '  ingress:',
    '  - action: Allow',
    '    protocol: TCP',
    "    source: {namespaceSelector: team == 'platform'}",
    '    destination: {ports: [metrics]}',
    '  - action: Deny',
    '    source: {nets: [169.254.0.0/16]}',
    '  - action: Pass',
  ].join('\n'));
  gnp('partners', 30, [
    "  selector: tier == 'web'",
    '  types: [Ingress, Egress]',
    '  ingress:',
    "  - {action: Allow, protocol: TCP, source: {selector: role == 'partner'}, destination: {ports: [443, '8000:8100']}}",
    '  - action: Pass',
    '  egress:',
    "  - {action: Deny, protocol: UDP, destination: {nets: [100.64.0.0/10], notPorts: [53]}}",
    '  - action: Pass',
  ].join('\n'));
  for (const [i, ns] of namespaces.entries()) {
    if (i % 5 !== 3) continue;
    policies++;
    docs.push(
      `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: workers-out\n  namespace: ${ns.name}\nspec:\n` +
        `  order: 500\n  selector: tier in {'worker', 'cache'} && version != 'v2'\n  types: [Egress]\n  egress:\n` +
        `  - {action: Allow, protocol: TCP, destination: {selector: tier == 'db', namespaceSelector: env == '${ns.env}'}}\n` +
        `  - {action: Deny, destination: {nets: [10.0.0.0/8]}}\n  - action: Allow`,
    );
  }
  return { yaml: docs.join('\n---\n'), pods: made, namespaces: nsCount, policies };
}

export function programOf(yaml: string): Program {
  const parsed = parseDocuments('bench.yaml', yaml, { maxFileBytes: 1 << 30, maxDocuments: 1 << 20, maxFileNodes: 1 << 28 });
  const resources = loadResources(parsed.documents);
  return lower(resources.value, { ipBlockScope: 'any' }).value;
}

function ms(t: number): string {
  return `${t.toFixed(t < 10 ? 1 : 0)} ms`;
}

export async function benchConnectivity(sizes: readonly number[] = [100, 1000, 10000]): Promise<string[]> {
  const lines: string[] = [];
  for (const size of sizes) {
    const cluster = generateCluster(size);
    const t0 = performance.now();
    const program = programOf(cluster.yaml);
    const t1 = performance.now();
    const result = computeConnectivity(program);
    const t2 = performance.now();
    const listed = result.connections.length;
    const t3 = performance.now();
    const s = result.stats;
    lines.push(
      `${cluster.pods.toLocaleString('en-US')} pods, ${cluster.namespaces} namespaces, ${cluster.policies} policies: ` +
        `connectivity ${ms(t2 - t1)} (load+lower ${ms(t1 - t0)}, listing ${listed.toLocaleString('en-US')} pairs ${ms(t3 - t2)}); ` +
        `${s.classes} endpoint classes (egress ${s.egressClasses.join('×')}, ingress ${s.ingressClasses.join('×')} local×remote), ` +
        `${s.externalBlocks} external blocks, ${s.evaluations.toLocaleString('en-US')} evaluations`,
    );
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const line of await benchConnectivity(sizes.length > 0 ? sizes : undefined)) console.log(line);
}
