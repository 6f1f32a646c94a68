/**
 * Test helpers for the network-policy-api lowering: YAML text → typed resources (through the real
 * YAML and model stages), lowered resources + a hand-built NetworkPolicy tier + a small cluster →
 * an IR program, and one-line flow verdicts through the oracle.
 *
 * The NetworkPolicy tier is written with the IR's constructors, as the Kubernetes lowering will
 * write it (DESIGN §3: tier `default`, order 1000, allow rules, end-of-tier deny), so these tests
 * do not depend on the orchestrator.
 */
import * as assert from 'uvu/assert';
import type { Direction, PeerMatch, Policy, Program, Rule } from '../../../src/ir/ast.js';
import {
  DEFAULT_TIER,
  K8S_POLICY_ORDER,
  endpoint,
  namespace,
  origin,
  policy,
  program,
  protocol,
  rule,
  ruleOrigin,
  snapshot,
  tier,
} from '../../../src/ir/build.js';
import type { Flow } from '../../../src/ir/flow.js';
import { lowerNpapi } from '../../../src/lower/npapi/index.js';
import { DEFAULT_LOWER_OPTIONS, type LowerOptions, type Lowered } from '../../../src/lower/types.js';
import { loadResources } from '../../../src/model/loadResources.js';
import type { NpapiResource } from '../../../src/model/npapi/types.js';
import { evaluate, type Evaluation } from '../../../src/oracle/index.js';
import { fromLabelSelector } from '../../../src/selector/index.js';
import { parseDocuments } from '../../../src/yaml/load.js';

const NPAPI_KINDS = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

/** The network-policy-api resources of a YAML text; fails the test on any error diagnostic. */
export function npapi(yaml: string, file = 't.yaml'): NpapiResource[] {
  const parsed = parseDocuments(file, yaml);
  const loaded = loadResources(parsed.documents);
  const errors = [...parsed.diagnostics, ...loaded.diagnostics].filter((d) => d.severity === 'error');
  assert.equal(errors.map((d) => `${d.code} @ ${d.path}: ${d.message}`), []);
  return loaded.value.filter((r): r is NpapiResource => NPAPI_KINDS.has(r.kind));
}

export function lowered(yaml: string, options: Partial<LowerOptions> = {}): Lowered {
  return lowerNpapi(npapi(yaml), { options: { ...DEFAULT_LOWER_OPTIONS, ...options }, report: () => assert.unreachable('lowering reported') });
}

/**
 * The cluster of every test: namespaces `red` and `blue` (label `team`), `other` (no labels);
 * pods with IPs in 10.0.0.0/16 and a container port `http` (TCP 8080) on the web pods and `dns`
 * (UDP 53) on `blue/dns`.
 */
export const CLUSTER = snapshot({
  namespaces: [namespace('red', { team: 'red' }), namespace('blue', { team: 'blue' }), namespace('other')],
  endpoints: [
    endpoint({ name: 'web', namespace: 'red', labels: { app: 'web' }, ips: ['10.0.1.1'], ports: [{ name: 'http', protocol: 6, port: 8080 }] }),
    endpoint({ name: 'db', namespace: 'red', labels: { app: 'db' }, ips: ['10.0.1.2'] }),
    endpoint({ name: 'web', namespace: 'blue', labels: { app: 'web' }, ips: ['10.0.2.1'], ports: [{ name: 'http', protocol: 6, port: 9090 }] }),
    endpoint({ name: 'dns', namespace: 'blue', labels: { app: 'dns' }, ips: ['10.0.2.2'], ports: [{ name: 'dns', protocol: 17, port: 53 }] }),
    endpoint({ name: 'x', namespace: 'other', labels: {}, ips: ['10.0.3.1'] }),
  ],
});

/**
 * A Kubernetes NetworkPolicy as the Kubernetes lowering writes it: selects `podLabels` in `ns`
 * for `direction`; each entry of `allowFrom` is one allow rule whose peer is pods with those
 * labels in the policy's namespace (`{}` = any pod of it); `null` = allow from anywhere.
 */
export function networkPolicy(ns: string, name: string, podLabels: Record<string, string>, direction: Direction, allowPeers: (Record<string, string> | null)[]): Policy {
  const o = origin('np.yaml', 1, 1, 'NetworkPolicy', `${ns}/${name}`);
  const rules: Rule[] = allowPeers.map((labels, i) => {
    const side: Partial<PeerMatch> =
      labels === null ? {} : { selector: fromLabelSelector({ matchLabels: labels, matchExpressions: [] }), namespace: { kind: 'name', name: ns } };
    return rule({ action: 'allow', origin: ruleOrigin(o, i), ...(direction === 'ingress' ? { src: side } : { dst: side }) });
  });
  return policy({
    name: `${ns}/knp.default.${name}`,
    order: K8S_POLICY_ORDER,
    types: [direction],
    subject: { selector: fromLabelSelector({ matchLabels: podLabels, matchExpressions: [] }), namespace: { kind: 'name', name: ns } },
    [direction]: rules,
    origin: o,
  });
}

/** The program of the lowered policies (grouped into their declared tiers) plus NetworkPolicies. */
export function assemble(l: Lowered, networkPolicies: Policy[] = []): Program {
  const tiers = l.tiers.map((t) => tier({ ...t, policies: l.policies.filter((p) => p.tier === t.name).map((p) => p.policy) }));
  for (const p of l.policies) assert.ok(l.tiers.some((t) => t.name === p.tier), `policy ${p.policy.name} in an undeclared tier`);
  if (networkPolicies.length > 0) tiers.push(tier({ ...DEFAULT_TIER, policies: networkPolicies }));
  return program({ snapshot: CLUSTER, tiers, final: 'allow' });
}

export function build(yaml: string, networkPolicies: Policy[] = [], options: Partial<LowerOptions> = {}): Program {
  return assemble(lowered(yaml, options), networkPolicies);
}

/** `ns/pod` is a snapshot endpoint; anything else an external address. */
export function flow(src: string, dst: string, proto: string = 'TCP', dstPort: number | undefined = 80): Flow {
  const party = (s: string) => (s.includes('/') ? { kind: 'endpoint' as const, id: s } : { kind: 'external' as const, ip: s });
  const p = protocol(proto);
  const ports = p === 6 || p === 17 || p === 132 ? { srcPort: 40000, dstPort } : {};
  const v6 = [src, dst].some((s) => !s.includes('/') && s.includes(':'));
  return { src: party(src), dst: party(dst), ipVersion: v6 ? 6 : 4, protocol: p, ...ports };
}

export function check(p: Program, src: string, dst: string, proto?: string, port?: number): Evaluation {
  return evaluate(p, flow(src, dst, proto, port));
}

export function verdict(p: Program, src: string, dst: string, proto?: string, port?: number): string {
  return check(p, src, dst, proto, port).verdict;
}
