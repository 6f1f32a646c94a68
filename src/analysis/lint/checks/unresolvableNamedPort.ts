/**
 * Check `unresolvable-named-port` (snapshot, warning): a rule names a container port (`port:
 * http`) that no pod the rule can reach defines, or defines only with another protocol — so that
 * entry matches nothing in this cluster.
 *
 * Upstream: Kubernetes "NetworkPolicyPort" (a named port is resolved against the destination
 * pod's container ports, name and protocol both); Calico reference "Ports" (named ports in
 * `source.ports` resolve against the source endpoint). network-config-analyzer warns alike ("Named
 * port … is not defined in any selected pod", "Protocol mismatch for named port").
 *
 * The pods a side can reach: for the side the policy is attached to (destination of an ingress
 * rule, source of an egress rule), the pods the policy applies to; for the other side, the pods
 * its selectors match. Both narrowed by the side's own entity clauses.
 */
import type { NamedPort, PeerMatch, PortSpec } from '../../../ir/ast.js';
import { protocolText } from '../../../ir/protocol.js';
import { matchPeer, subjectSelects } from '../../../oracle/index.js';
import { didYouMean } from '../../../util/didYouMean.js';
import { ruleKey } from '../programIndex.js';
import { classParties, liveRules, ruleFinding } from '../support.js';
import type { Finding, LintCheck } from '../types.js';

function entityOnly(m: PeerMatch): PeerMatch {
  return { nets: null, notNets: null, selector: m.selector, notSelector: null, namespace: m.namespace, serviceAccounts: m.serviceAccounts, ports: null, notPorts: null };
}

const named = (specs: PortSpec[] | null) => (specs ?? []).filter((s): s is Extract<PortSpec, { kind: 'named' }> => s.kind === 'named');

export const unresolvableNamedPort: LintCheck = {
  id: 'unresolvable-named-port',
  severity: 'warning',
  summary: 'a named port that no pod the rule can reach defines (with the rule\'s protocol)',
  upstream: 'Kubernetes "NetworkPolicyPort"; Calico reference "Ports"',
  needs: 'cluster',
  run(ctx) {
    const findings: Finding[] = [];
    const pods = classParties(ctx);
    for (const r of liveRules(ctx, { withLog: true })) {
      const policy = ctx.index.policies[r.pi]!.policy;
      for (const side of ['src', 'dst'] as const) {
        const m = r.rule[side];
        const specs = [...named(m.ports), ...named(m.notPorts)];
        if (specs.length === 0) continue;
        const local = (side === 'dst') === (r.ref.direction === 'ingress');
        const probe = entityOnly(m);
        const reach = pods.filter(
          (p) => (!local || subjectSelects(policy.subject, p)) && matchPeer(probe, p, undefined, 6, side).result === true,
        );
        const ports: NamedPort[] = reach.flatMap((p) => p.pod?.ports ?? []);
        let unresolved = 0;
        for (const s of specs) {
          const sameName = ports.filter((p) => p.name === s.name);
          const fits = sameName.filter((p) => r.rule.protocol === null || p.protocol === r.rule.protocol);
          if (fits.length > 0) continue;
          if (named(m.ports).includes(s)) unresolved++;
          const which = side === 'dst' ? 'destination' : 'source';
          if (sameName.length > 0) {
            const protos = [...new Set(sameName.map((p) => protocolText(p.protocol)))].join(', ');
            findings.push(ruleFinding(ctx, this, r, { message: `named port \`${s.name}\` is defined only for ${protos} by the ${which} pods, not for \`${protocolText(r.rule.protocol!)}\`` }));
          } else {
            const close = didYouMean(s.name, new Set(ports.map((p) => p.name)));
            findings.push(
              ruleFinding(ctx, this, r, {
                message: `named port \`${s.name}\` is not defined by any ${which} pod the rule can reach${reach.length === 0 ? ' (it reaches no pod)' : ''}`,
                ...(close ? { hint: `did you mean \`${close}\`?` } : {}),
              }),
            );
          }
        }
        if (m.ports && unresolved === m.ports.length) ctx.facts.deadRules.add(ruleKey(r.ref));
      }
    }
    return findings;
  },
};
