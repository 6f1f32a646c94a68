/**
 * Check `dns-blocked` (snapshot, warning): pods that cannot reach cluster DNS on udp/53 or tcp/53,
 * because their egress is denied (a default-deny egress without a DNS exception) or the DNS pods'
 * ingress is (a policy that also isolates CoreDNS). One finding per DNS endpoint, protocol and
 * cause, listing the pods affected, with a witness flow.
 *
 * DNS pods: those in `kube-system` labelled `k8s-app: kube-dns` (the label kubeadm's CoreDNS and
 * kube-dns deployments carry), else any pod with a named container port on udp/53.
 * Upstream: Kubernetes "DNS for Services and Pods" (pods resolve through the cluster DNS
 * service); Kubernetes "Network Policies" (a default-deny egress policy blocks DNS unless a rule
 * allows it); DNS falls back to TCP for large answers (RFC 7766), so both protocols matter.
 */
import { TCP, UDP } from '../../../ir/protocol.js';
import type { Flow } from '../../../ir/flow.js';
import { evaluate } from '../../../oracle/index.js';
import { policyLocation, ruleLocation } from '../programIndex.js';
import { deciders, listed, relatedDeciders, type Decider } from '../support.js';
import type { Finding, LintCheck, LintContext, Location } from '../types.js';

export const dnsBlocked: LintCheck = {
  id: 'dns-blocked',
  severity: 'warning',
  summary: 'pods that cannot reach cluster DNS on udp/53 or tcp/53',
  upstream: 'Kubernetes "DNS for Services and Pods" and "Network Policies"; RFC 7766 (DNS over TCP)',
  needs: 'cluster',
  run(ctx) {
    const findings: Finding[] = [];
    const cells = ctx.cells;
    if (!cells) return findings;
    const isDns = (c: (typeof cells.classes)[number]) => {
      const e = c.members[0]!;
      return e.namespace === 'kube-system' && e.labels['k8s-app'] === 'kube-dns';
    };
    let dns = cells.classes.filter(isDns);
    if (dns.length === 0) dns = cells.classes.filter((c) => c.members[0]!.ports.some((p) => p.protocol === UDP && p.port === 53));
    if (dns.length === 0) return findings;
    const clients = cells.classes.filter((c) => !dns.includes(c));
    for (const server of dns) {
      for (const [protocol, name] of [[UDP, 'udp'], [TCP, 'tcp']] as const) {
        const groups = new Map<string, { flow: Flow; clients: string[]; direction: 'egress' | 'ingress' }>();
        for (const client of clients) {
          const flow: Flow = { src: client.party.party, dst: server.party.party, ipVersion: 4, protocol, dstPort: 53 };
          const e = evaluate(ctx.program, flow);
          if (e.verdict !== 'deny') continue;
          const direction = e.egress.verdict === 'deny' ? 'egress' : 'ingress';
          const t = e[direction];
          const key = `${direction}|${JSON.stringify(t.decision)}`;
          const g = groups.get(key) ?? { flow, clients: [], direction };
          g.clients.push(...client.members.map((m) => m.workload ?? m.id));
          groups.set(key, g);
        }
        const target = server.members[0]!.workload ?? server.members[0]!.id;
        for (const g of groups.values()) {
          const d = deciders(ctx.program, g.flow)![g.direction];
          const names = [...new Set(g.clients)].sort();
          const cause =
            g.direction === 'ingress'
              ? `the ingress policy of \`${target}\` denies it`
              : `their egress is denied${d.kind === 'tier-default' ? ' (default deny, no rule allows DNS)' : ''}`;
          findings.push({
            check: this.id,
            severity: this.severity,
            mode: 'snapshot',
            message: `${names.length} ${names.length === 1 ? 'pod' : 'pods'} cannot reach cluster DNS \`${target}\` on ${name}/53: ${cause}: ${listed(names, 4)}`,
            location: locationOf(ctx, d),
            related: relatedDeciders(ctx.index, [d], 'denied by'),
            witness: ctx.witness(g.flow),
          });
        }
      }
    }
    return findings;
  },
};

function locationOf(ctx: LintContext, d: Decider): Location | null {
  if (d.kind === 'rule') {
    const ri = ctx.index.ruleNumber(d.rule);
    return ri === undefined ? null : ruleLocation(ctx.index.rules[ri]!.rule);
  }
  if (d.kind === 'tier-default') {
    const p = d.policies.map((r) => ctx.index.policyNumber(r)).find((x) => x !== undefined);
    return p === undefined ? null : policyLocation(ctx.index.policies[p]!.policy);
  }
  return null;
}
