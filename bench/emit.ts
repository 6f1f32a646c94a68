/**
 * Benchmark of `emit --target iptables` on generated clusters of 100, 1,000 and 10,000 pods: emit
 * time, rule, chain and ipset counts, the time `ipset restore` + `iptables-restore` +
 * `ip6tables-restore` take to load the result into a scratch network namespace (root only; the
 * namespace is deleted afterwards), and the translation validation time where it is affordable
 * (it compares every pair of endpoints, so it grows with the square of the pod count).
 *
 * The clusters look like real ones: namespaces of 100 pods, ten apps with three roles, a default
 * deny and two allow policies per namespace (Kubernetes NetworkPolicy shape), a global DNS policy
 * and a security tier that passes the cluster range and denies one external block.
 * Figures only; nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { emitIptables } from '../src/emit/iptables/emitIptables.js';
import { validateIptables } from '../src/emit/iptables/validate.js';
import type { Endpoint, Policy, Program } from '../src/ir/ast.js';
import { endpoint, namedPort, namespace, origin, policy, port, program, rule, ruleOrigin, snapshot, tier } from '../src/ir/build.js';
import { parseCalicoSelector } from '../src/selector/index.js';
import type { Selector } from '../src/selector/ast.js';

const ROLES = ['frontend', 'backend', 'db'];

function sel(text: string): Selector {
  const r = parseCalicoSelector(text);
  if (!r.ok) throw new Error(text);
  return r.selector;
}

export function benchProgram(pods: number): Program {
  const nsCount = Math.max(1, Math.ceil(pods / 100));
  const namespaces = Array.from({ length: nsCount }, (_, i) => namespace(`ns-${i}`));
  const endpoints: Endpoint[] = Array.from({ length: pods }, (_, i) => {
    const n = i + 1;
    return endpoint({
      name: `pod-${i}`,
      namespace: `ns-${i % nsCount}`,
      labels: { app: `app-${i % 10}`, role: ROLES[i % 3]! },
      ips: [`10.${128 + (n >> 16)}.${(n >> 8) & 0xff}.${n & 0xff}`, `fd00:b::${n.toString(16)}`],
      ports: [{ name: 'http', protocol: 6, port: 8080 }],
    });
  });
  const o = origin('bench.yaml', 1, 1, 'Generated', 'bench');
  const at = (i: number) => ruleOrigin(o, i, `spec.ingress[${i}]`);
  const perNamespace: Policy[] = namespaces.flatMap((ns) => [
    policy({ name: `${ns.name}/knp.default.default-deny`, order: 1000, types: ['ingress'], subject: { selector: sel('all()'), namespace: { kind: 'name', name: ns.name } }, origin: o }),
    policy({
      name: `${ns.name}/knp.default.frontend-to-backend`,
      order: 1000,
      types: ['ingress'],
      subject: { selector: sel('role == "backend"'), namespace: { kind: 'name', name: ns.name } },
      ingress: [rule({ action: 'allow', protocol: 6, src: { selector: sel('role == "frontend"'), namespace: { kind: 'name', name: ns.name } }, dst: { ports: [namedPort('http')] }, origin: at(0) })],
      origin: o,
    }),
    policy({
      name: `${ns.name}/knp.default.backend-to-db`,
      order: 1000,
      types: ['ingress'],
      subject: { selector: sel('role == "db"'), namespace: { kind: 'name', name: ns.name } },
      ingress: [rule({ action: 'allow', protocol: 6, src: { selector: sel('role == "backend"') }, dst: { ports: [port(5432)] }, origin: at(0) })],
      origin: o,
    }),
  ]);
  const dns = policy({
    name: 'allow-dns',
    order: 100,
    types: ['egress'],
    subject: { selector: sel('all()') },
    egress: [rule({ action: 'allow', protocol: 17, dst: { selector: sel('app == "app-0"'), ports: [port(53)] }, origin: at(0) })],
    origin: o,
  });
  const security = policy({
    name: 'security.block',
    order: 1,
    types: ['ingress', 'egress'],
    subject: { selector: sel('all()') },
    ingress: [
      rule({ action: 'pass', src: { nets: { cidrs: ['10.128.0.0/9'], scope: 'any' } }, origin: at(0) }),
      rule({ action: 'deny', src: { nets: { cidrs: ['203.0.113.0/24'], scope: 'any' } }, origin: at(1) }),
    ],
    egress: [rule({ action: 'deny', dst: { nets: { cidrs: ['198.51.100.0/24'], scope: 'any' } }, origin: at(0) })],
    origin: o,
  });
  return program({
    snapshot: snapshot({ namespaces, endpoints, networkSets: [] }),
    tiers: [
      tier({ name: 'security', order: 100, defaultAction: 'pass', policies: [security] }),
      tier({ name: 'default', order: 1_000_000, defaultAction: 'deny', policies: [...perNamespace, dns] }),
    ],
    final: 'allow',
  });
}

function ms(since: number): string {
  return `${(performance.now() - since).toFixed(0)} ms`;
}

/** Loads the files into a scratch namespace and returns the time, or why it could not. */
function loadTime(files: { ipsets: string; iptables: string; ip6tables: string }): string {
  if (process.getuid?.() !== 0) return 'not measured (needs root)';
  const ns = `npkbench${process.pid}`;
  const run = (args: string[], input?: string) => {
    const r = spawnSync('ip', args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`ip ${args.slice(0, 4).join(' ')}: ${r.stderr || r.error?.message}`);
  };
  try {
    run(['netns', 'add', ns]);
    const t0 = performance.now();
    run(['netns', 'exec', ns, 'ipset', 'restore', '-exist'], files.ipsets);
    const t1 = performance.now();
    run(['netns', 'exec', ns, 'iptables-restore'], files.iptables);
    const t2 = performance.now();
    run(['netns', 'exec', ns, 'ip6tables-restore'], files.ip6tables);
    const t3 = performance.now();
    return `${(t3 - t0).toFixed(0)} ms (ipset ${(t1 - t0).toFixed(0)}, iptables ${(t2 - t1).toFixed(0)}, ip6tables ${(t3 - t2).toFixed(0)})`;
  } catch (e) {
    return `not measured: ${(e as Error).message}`;
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

export async function benchEmit(): Promise<string[]> {
  const lines: string[] = [];
  for (const pods of [100, 1000, 10_000]) {
    const p = benchProgram(pods);
    const t = performance.now();
    const r = emitIptables(p);
    const emitTime = ms(t);
    if (!r.rules) {
      lines.push(`${pods} pods: refused: ${r.findings.map((f) => f.message).join('; ')}`);
      continue;
    }
    const s = r.stats;
    const bytes = r.rules.iptables.length + r.rules.ip6tables.length + r.rules.ipsets.length;
    lines.push(
      `${pods} pods: emit ${emitTime}; ${s.rules[4]} + ${s.rules[6]} rules in ${s.chains[4]} + ${s.chains[6]} chains (IPv4 + IPv6), ` +
        `${s.ipsets} ipsets with ${s.ipsetEntries} entries, ${(bytes / 1e6).toFixed(1)} MB of text`,
    );
    lines.push(`  load into a scratch namespace: ${loadTime(r.rules)}`);
    if (pods <= 1000) {
      const v0 = performance.now();
      const v = validateIptables(p, r.rules);
      lines.push(`  validation (${v.method}): ${v.status}${v.status === 'error' ? '' : ` on ${v.cells} cells`} in ${ms(v0)}`);
    } else lines.push('  validation: not run at this size (it compares every pair of endpoint classes)');
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) for (const line of await benchEmit()) console.log(line);
