/**
 * Check `unsatisfiable-selector` (structural, error): a selector no label map can satisfy, such as
 * `app == "a" && app == "b"` — the policy then applies to no pod, or the rule matches no peer, in
 * every cluster that could ever exist.
 *
 * Upstream: Calico reference "Selectors" and Kubernetes "Labels and Selectors" (a label key has
 * at most one value, so two different required values contradict each other). Decided exactly by
 * the finite-model argument in `../satisfiable.ts`.
 *
 * Looks at subject selectors (pod, namespace, service account) and at the positive selectors of
 * each rule side; `notSelector` is left to `empty-rule` (a negation that can never hold is no
 * restriction at all).
 */
import type { NamespaceScope, Selector, ServiceAccountMatch } from '../../../ir/ast.js';
import { printSelector } from '../../../selector/index.js';
import { policyKey, ruleKey } from '../programIndex.js';
import { satisfiable } from '../satisfiable.js';
import { explicitPolicies, policyFinding, ruleFinding } from '../support.js';
import type { Finding, LintCheck } from '../types.js';

function parts(sel: Selector | null, ns: NamespaceScope | null, sa: ServiceAccountMatch | null): Array<{ what: string; selector: Selector }> {
  const out: Array<{ what: string; selector: Selector }> = [];
  if (sel) out.push({ what: 'selector', selector: sel });
  if (ns?.kind === 'selector') out.push({ what: 'namespace selector', selector: ns.selector });
  if (sa?.selector) out.push({ what: 'service account selector', selector: sa.selector });
  return out;
}

function unsat(s: Selector): boolean {
  return satisfiable(s).sat === false;
}

export const unsatisfiableSelector: LintCheck = {
  id: 'unsatisfiable-selector',
  severity: 'error',
  summary: 'a selector that no label map can satisfy, so its policy or rule never applies',
  upstream: 'Calico reference "Selectors"; Kubernetes "Labels and Selectors"',
  needs: 'structure',
  run(ctx) {
    const findings: Finding[] = [];
    for (const p of explicitPolicies(ctx.index)) {
      const s = p.policy.subject;
      for (const part of parts(s.selector, s.namespace, s.serviceAccounts)) {
        if (!unsat(part.selector)) continue;
        ctx.facts.deadPolicies.add(policyKey(p.ref));
        findings.push(
          policyFinding(ctx, this, p, {
            mode: 'structural',
            message: `the policy applies to no pod: its ${part.what} \`${printSelector(part.selector)}\` can never match`,
            hint: 'a label key has one value at a time, so conditions that require two different values never hold together',
          }),
        );
      }
      for (const d of ['ingress', 'egress'] as const)
        for (const ri of p.rules[d]) {
          const r = ctx.index.rules[ri]!;
          for (const side of ['src', 'dst'] as const) {
            const m = r.rule[side];
            for (const part of parts(m.selector, m.namespace, m.serviceAccounts)) {
              if (!unsat(part.selector)) continue;
              ctx.facts.deadRules.add(ruleKey(r.ref));
              findings.push(
                ruleFinding(ctx, this, r, {
                  mode: 'structural',
                  message: `the rule matches nothing: its ${side === 'src' ? 'source' : 'destination'} ${part.what} \`${printSelector(part.selector)}\` can never match`,
                }),
              );
            }
          }
        }
    }
    return findings;
  },
};
