/**
 * Lowering, Calico family: a `NetworkPolicy` (namespaced) or `GlobalNetworkPolicy` → one IR
 * policy in the tier named by `spec.tier`.
 *
 * Meaning (Calico reference "NetworkPolicy", "GlobalNetworkPolicy"; libcalico-go
 * `updateprocessors/networkpolicyprocessor.go` and `globalnetworkpolicyprocessor.go`, which build
 * the selector Felix evaluates):
 * - name: the key Felix sorts equal orders by (felix `calc/policy_sorter.go`, `PolKVLess`):
 *   `<namespace>/<metadata.name>` for a namespaced policy, `<metadata.name>` for a global one;
 * - order: `spec.order`, or none (Felix maps a missing order to +Inf, sorting it last);
 * - types: the model's resolved `types` (written, or Calico's default from the rules present);
 * - subject, namespaced: `selector` in the policy's namespace (Calico appends
 *   `projectcalico.org/namespace == '<ns>'`), and `serviceAccountSelector` over the service
 *   account's labels;
 * - subject, global: `selector` across namespaces, `namespaceSelector` over the namespace's labels
 *   and `serviceAccountSelector` as above. When a global policy has a `serviceAccountSelector`,
 *   Calico's converter rewrites every `all()` left in the combined selector to
 *   `has(projectcalico.org/serviceaccount)` (after the namespace part has already turned its own
 *   `all()` terms into `has(projectcalico.org/namespace)`): such a policy selects only pods that
 *   have a service account. netpolc writes that out on the pod selector; an `all()` under a `!`
 *   in the service-account selector is the one case it approximates (as if it were not negated);
 * - rules: every rule of both directions, in written order (types alone decide which are read);
 * - `doNotTrack` and `preDNAT` change where and when the policy is enforced (before conntrack,
 *   before DNAT, at host interfaces), which netpolc does not model: they become policy-level
 *   unknown markers, so any verdict that reaches the policy is unknown. `applyOnForward` alone
 *   does not change what happens at a pod — Calico converts every namespaced policy with
 *   `ApplyOnForward: true` — so it only matters for host endpoints (`lowerUnmodelled.ts`).
 *
 * Contract: input policies are valid (the model dropped the rest); never throws for them.
 */
import type { Policy, Selector, Subject } from '../../ir/ast.js';
import { CALICO_SERVICE_ACCOUNT_LABEL, origin, policy } from '../../ir/build.js';
import type { CalicoGlobalNetworkPolicy, CalicoNetworkPolicy, SelectorField } from '../../model/calico/types.js';
import { and, has } from '../../selector/index.js';
import { lowerCalicoRule, type RuleScope } from './lowerCalicoRule.js';

export type CalicoPolicyResource = CalicoNetworkPolicy | CalicoGlobalNetworkPolicy;

/** Policy-level fields that make a verdict unknown once evaluation reaches the policy. */
const POLICY_UNKNOWN: Readonly<Record<string, string>> = {
  doNotTrack: '`doNotTrack` (untracked policy, applied before connection tracking) is not modelled',
  preDNAT: '`preDNAT` (policy applied before DNAT) is not modelled',
};

/** The name Felix sorts by within a tier. */
export function calicoPolicyName(p: CalicoPolicyResource): string {
  return p.kind === 'NetworkPolicy' ? `${p.namespace}/${p.name}` : p.name;
}

/** Whether `all()` occurs anywhere in the selector. */
function mentionsAll(s: Selector): boolean {
  if (s.op === 'all') return true;
  if (s.op === 'not') return mentionsAll(s.arg);
  if (s.op === 'and' || s.op === 'or') return s.args.some(mentionsAll);
  return false;
}

/** The selector with each `all()` replaced by `by` (Calico's textual `strings.Replace`). */
export function replaceAll(s: Selector, by: Selector): Selector {
  if (s.op === 'all') return by;
  if (s.op === 'not') return { op: 'not', arg: replaceAll(s.arg, by) };
  if (s.op === 'and' || s.op === 'or') return { op: s.op, args: s.args.map((a) => replaceAll(a, by)) };
  return s;
}

function saMatch(sa: SelectorField | undefined): Subject['serviceAccounts'] {
  return sa ? { names: null, selector: sa.ast } : null;
}

function subjectOf(p: CalicoPolicyResource): Subject {
  const spec = p.spec;
  if (p.kind === 'NetworkPolicy')
    return { selector: spec.selector.ast, namespace: { kind: 'name', name: p.namespace }, serviceAccounts: saMatch(spec.serviceAccountSelector) };
  const nsSel = p.spec.namespaceSelector;
  const saSel = spec.serviceAccountSelector;
  let selector = spec.selector.ast;
  if (saSel) {
    // With a namespaceSelector the pod selector's `all()` terms already became
    // `has(projectcalico.org/namespace)` (true for every pod); without one they now require a
    // service account.
    const hasSa = has(CALICO_SERVICE_ACCOUNT_LABEL);
    if (!nsSel) selector = replaceAll(selector, hasSa);
    if (mentionsAll(saSel.ast)) selector = and(selector, hasSa);
  }
  return {
    selector,
    namespace: nsSel ? { kind: 'selector', selector: nsSel.ast } : null,
    serviceAccounts: saMatch(saSel),
  };
}

export function lowerCalicoPolicy(p: CalicoPolicyResource): Policy {
  const name = calicoPolicyName(p);
  const o = origin(p.source.file, p.source.line, p.source.column, p.kind, name);
  const scope: RuleScope = { namespace: p.kind === 'NetworkPolicy' ? p.namespace : null, owner: 'policy' };
  return policy({
    name,
    order: p.spec.order ?? null,
    types: p.spec.types.map((t) => (t === 'Ingress' ? 'ingress' : 'egress')),
    subject: subjectOf(p),
    ingress: p.spec.ingress.map((r, i) => lowerCalicoRule(r, i, o, scope)),
    egress: p.spec.egress.map((r, i) => lowerCalicoRule(r, i, o, scope)),
    unknown: p.spec.unmodelled.flatMap((f) => (POLICY_UNKNOWN[f] ? [POLICY_UNKNOWN[f]!] : [])),
    origin: o,
  });
}
