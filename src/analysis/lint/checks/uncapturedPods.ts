/**
 * Check `uncaptured-pods` (snapshot, info): pods that no policy selects for a direction, so that
 * direction is not isolated and allows everything. One finding per direction, listing the pods.
 *
 * Upstream: Kubernetes "Network Policies" ("by default, a pod is non-isolated for egress/ingress;
 * all … connections are allowed" until a policy selects it with that policy type);
 * network-config-analyzer "allCaptured". Calico profiles (policies of kind `Profile`) do not count:
 * they are the fallback after every policy, not a policy that isolates.
 */
import { subjectSelects } from '../../../oracle/index.js';
import { classParties, listed } from '../support.js';
import type { Finding, LintCheck } from '../types.js';

export const uncapturedPods: LintCheck = {
  id: 'uncaptured-pods',
  severity: 'info',
  summary: 'pods that no policy selects for ingress or for egress, so that direction allows everything',
  upstream: 'Kubernetes "Network Policies" (isolation); network-config-analyzer "allCaptured"',
  needs: 'cluster',
  run(ctx) {
    const findings: Finding[] = [];
    const cells = ctx.cells;
    if (!cells) return findings;
    const parties = classParties(ctx);
    for (const direction of ['ingress', 'egress'] as const) {
      const names: string[] = [];
      cells.classes.forEach((cls, c) => {
        const party = parties[c]!;
        const captured = ctx.index.policies.some(
          (p) => p.policy.origin.kind !== 'Profile' && p.policy.types.includes(direction) && subjectSelects(p.policy.subject, party),
        );
        if (!captured) names.push(...cls.members.map((m) => m.workload ?? m.id));
      });
      const unique = [...new Set(names)].sort();
      if (unique.length === 0) continue;
      findings.push({
        check: this.id,
        severity: this.severity,
        mode: 'snapshot',
        message: `${unique.length} ${unique.length === 1 ? 'pod is' : 'pods are'} not isolated for ${direction}: no policy selects ${unique.length === 1 ? 'it' : 'them'}, so all ${direction} is allowed: ${listed(unique, 6)}`,
        location: null,
        related: [],
      });
    }
    return findings;
  },
};
