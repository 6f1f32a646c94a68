/**
 * Check `selects-nothing` (snapshot, warning): something that names pods selects none of the
 * snapshot's —
 * - a policy whose subject selects no pod;
 * - a rule side whose selector, namespace selector or service accounts match no pod and no
 *   network set;
 * - a selector value naming a namespace the snapshot does not have (`projectcalico.org/name`,
 *   `kubernetes.io/metadata.name`, `projectcalico.org/namespace`), even when the selector still
 *   selects something (`not in {"kubesystem"}` then silently selects `kube-system`);
 * With "did you mean" hints over the snapshot's namespaces and label values.
 *
 * Upstream: Kubernetes "Labels and Selectors" and "NetworkPolicyPeer"; Calico reference
 * "NetworkPolicy" (`projectcalico.org/name` is the namespace name label); network-config-analyzer
 * "emptiness" (policies and rules that select no pods).
 */
import type { Labels, NamespaceScope, PeerMatch, Policy, Selector } from '../../../ir/ast.js';
import { K8S_POLICY_NAME_PREFIX } from '../../../lower/lowerK8sNetworkPolicy.js';
import { CALICO_NAME_LABEL, CALICO_NAMESPACE_LABEL, K8S_NAMESPACE_NAME_LABEL } from '../../../ir/build.js';
import { matchPeer, resolveParty, subjectSelects, type Entity, type Party } from '../../../oracle/index.js';
import { printSelector } from '../../../selector/index.js';
import { didYouMean } from '../../../util/didYouMean.js';
import { policyKey, policyLocation, ruleKey } from '../programIndex.js';
import { explicitPolicies, liveRules, policyFinding, ruleFinding } from '../support.js';
import type { Finding, LintCheck, LintContext } from '../types.js';

const NAME_KEYS = [K8S_NAMESPACE_NAME_LABEL, CALICO_NAME_LABEL];

/** `key → value` pairs a selector requires or tests (`==`, `!=`, `in`, `not in`). */
function valueAtoms(s: Selector, out: Array<{ key: string; value: string; positive: boolean }> = [], positive = true) {
  switch (s.op) {
    case 'eq':
    case 'neq':
      out.push({ key: s.key, value: s.value, positive: (s.op === 'eq') === positive });
      break;
    case 'in':
    case 'notin':
      for (const value of s.values) out.push({ key: s.key, value, positive: (s.op === 'in') === positive });
      break;
    case 'not':
      valueAtoms(s.arg, out, !positive);
      break;
    case 'and':
    case 'or':
      for (const a of s.args) valueAtoms(a, out, positive);
      break;
  }
  return out;
}

/** Hints for a selector that selects nothing: required label values no pod has. */
function labelHints(s: Selector, labelSets: Labels[]): string | undefined {
  for (const a of valueAtoms(s)) {
    if (!a.positive) continue;
    const values = new Set(labelSets.flatMap((l) => (Object.prototype.hasOwnProperty.call(l, a.key) ? [l[a.key]!] : [])));
    if (values.has(a.value)) continue;
    if (values.size === 0) {
      const key = didYouMean(a.key, new Set(labelSets.flatMap((l) => Object.keys(l))));
      return `no pod has a label \`${a.key}\`${key ? `; did you mean \`${key}\`?` : ''}`;
    }
    const close = didYouMean(a.value, values);
    return `no pod has \`${a.key}=${a.value}\`${close ? `; did you mean \`${close}\`?` : ''}`;
  }
  return undefined;
}

function entityOnly(m: PeerMatch): PeerMatch {
  return { nets: null, notNets: null, selector: m.selector, notSelector: null, namespace: m.namespace, serviceAccounts: m.serviceAccounts, ports: null, notPorts: null };
}

function entities(ctx: LintContext): Entity[] {
  const snap = ctx.program.snapshot!;
  const nsLabels = new Map(snap.namespaces.map((n) => [n.name, n.labels]));
  const pods = (ctx.cells?.classes ?? []).map((c) => resolveParty(ctx.program, { src: c.party.party, dst: c.party.party, ipVersion: 4, protocol: 6 }, c.party.party).entities[0]!);
  const sets: Entity[] = snap.networkSets.map((n) => ({
    kind: 'networkset',
    name: n.namespace === null ? n.name : `${n.namespace}/${n.name}`,
    namespace: n.namespace,
    namespaceLabels: n.namespace === null ? {} : (nsLabels.get(n.namespace) ?? {}),
    labels: n.labels,
    serviceAccount: null,
  }));
  return [...pods, ...sets];
}

/** A Calico policy (its subject fields are `spec.selector` and `spec.namespaceSelector`), not a Kubernetes one lowered alike. */
const isCalicoPolicy = (p: Policy) =>
  ['GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedNetworkPolicy'].includes(p.origin.kind) ||
  (p.origin.kind === 'NetworkPolicy' && !p.name.includes(`/${K8S_POLICY_NAME_PREFIX}`));

export const selectsNothing: LintCheck = {
  id: 'selects-nothing',
  severity: 'warning',
  summary: 'a policy, peer or namespace name that selects nothing in the snapshot',
  upstream: 'Kubernetes "Labels and Selectors", "NetworkPolicyPeer"; Calico reference "NetworkPolicy"; network-config-analyzer "emptiness"',
  needs: 'cluster',
  run(ctx) {
    const findings: Finding[] = [];
    const snap = ctx.program.snapshot!;
    const namespaces = snap.namespaces.map((n) => n.name);
    const all = entities(ctx);
    const podLabels = all.filter((e) => e.kind === 'pod').map((e) => e.labels);
    const asPod = (e: Entity): Party => ({ name: e.name, address: null, pod: { namespace: e.namespace ?? '', namespaceLabels: e.namespaceLabels, labels: e.labels, ports: [], serviceAccount: e.serviceAccount, addressUnknown: true }, entities: [e] });

    type Part = 'namespaceSelector' | 'selector';
    const namespaceTypos = (sels: Array<{ s: Selector; keys: string[]; part: Part }>): { message: string; hint?: string; part: Part }[] => {
      const out: { message: string; hint?: string; part: Part }[] = [];
      for (const { s, keys, part } of sels)
        for (const a of valueAtoms(s))
          if (keys.includes(a.key) && !namespaces.includes(a.value)) {
            const close = didYouMean(a.value, namespaces);
            out.push({ part, message: `namespace \`${a.value}\` (in \`${printSelector(s)}\`) does not exist in the snapshot`, ...(close ? { hint: `did you mean \`${close}\`?` } : {}) });
          }
      return out;
    };
    const nsSelectors = (ns: NamespaceScope | null, pod: Selector | null) => [
      ...(ns?.kind === 'selector' ? [{ s: ns.selector, keys: NAME_KEYS, part: 'namespaceSelector' as const }] : []),
      ...(pod ? [{ s: pod, keys: [CALICO_NAMESPACE_LABEL], part: 'selector' as const }] : []),
    ];

    for (const p of explicitPolicies(ctx.index)) {
      if (ctx.facts.deadPolicies.has(policyKey(p.ref))) continue;
      const s = p.policy.subject;
      for (const { part, ...t } of namespaceTypos(nsSelectors(s.namespace, s.selector))) {
        // Calico writes both as `spec.<part>`; the field is located in the source by the command.
        const path = isCalicoPolicy(p.policy) ? `spec.${part}` : '';
        findings.push(policyFinding(ctx, this, p, { ...t, location: { ...policyLocation(p.policy), path } }));
      }
      if (!all.some((e) => e.kind === 'pod' && subjectSelects(s, asPod(e)))) {
        ctx.facts.deadPolicies.add(policyKey(p.ref));
        const hint = labelHints(s.selector, podLabels);
        findings.push(policyFinding(ctx, this, p, { message: `the policy selects no pod of the snapshot: \`${printSelector(s.selector)}\``, ...(hint ? { hint } : {}) }));
      }
    }
    for (const r of liveRules(ctx, { withLog: true })) {
      for (const side of ['src', 'dst'] as const) {
        const m = r.rule[side];
        for (const { part: _part, ...t } of namespaceTypos(nsSelectors(m.namespace, m.selector))) findings.push(ruleFinding(ctx, this, r, t));
        if (!m.selector && !m.namespace && !m.serviceAccounts) continue;
        const probe = entityOnly(m);
        const hit = all.some((e) => matchPeer(probe, { name: e.name, address: null, pod: null, entities: [e] }, undefined, 6, side).result === true);
        if (hit || ctx.facts.deadRules.has(ruleKey(r.ref))) continue;
        ctx.facts.deadRules.add(ruleKey(r.ref));
        const hint = m.selector ? labelHints(m.selector, podLabels) : undefined;
        const what = [m.selector && `\`${printSelector(m.selector)}\``, m.namespace && (m.namespace.kind === 'name' ? `namespace \`${m.namespace.name}\`` : `namespaces \`${printSelector(m.namespace.selector)}\``)].filter(Boolean).join(' in ');
        findings.push(ruleFinding(ctx, this, r, { message: `the ${side === 'src' ? 'source' : 'destination'} ${what || 'peer'} matches no pod or network set of the snapshot`, ...(hint ? { hint } : {}) }));
      }
    }
    return findings;
  },
};
