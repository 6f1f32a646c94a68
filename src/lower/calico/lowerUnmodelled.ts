/**
 * Lowering, Calico family: what the Calico inputs say that netpolc does not model, as unknown
 * markers in a first tier `~unmodelled`, so that exactly the verdicts that could depend on it
 * come out `unknown` and nothing is silently dropped.
 *
 * netpolc evaluates policy at pods only (DESIGN §2). What Calico enforces elsewhere:
 * - a `HostEndpoint` puts the host's interface under policy: with no policy selecting it, Calico
 *   denies traffic to and from it except failsafe ports; with policies, they decide (Calico
 *   reference "Host endpoint", "Default behavior of external traffic to/from host"). So a flow
 *   between a pod and one of its `expectedIPs` is unknown, whichever policies select it: one
 *   policy per host endpoint, applying to every pod, whose rules match those addresses (as the
 *   destination of egress, the source of ingress) with an unknown marker. A host endpoint without
 *   `expectedIPs` (an `interfaceName` only) has no address netpolc can see: an info diagnostic
 *   says so, and flows to its node stay verdicts about an external address;
 * - a global policy with `applyOnForward` (which `doNotTrack` and `preDNAT` require) whose
 *   subject could select some host endpoint also polices traffic forwarded through that host's
 *   interfaces (Calico reference "Apply on forwarded traffic"), i.e. flows between pods and
 *   external addresses: those become unknown in the same way;
 * - a workload endpoint with `ipNATs` or `allowSpoofedSourcePrefixes` sends or receives with
 *   addresses netpolc does not track: a policy selecting that endpoint (by all its labels)
 *   carries a policy-level marker, so every verdict at it is unknown.
 * The tier comes before every other tier (its order is below the lowest one given), has default
 * action `pass`, and its rules `pass`: where no marker applies, evaluation goes on untouched.
 * Putting it first is conservative: a flow that a later tier would deny at the pod is reported
 * unknown rather than denied.
 *
 * Contract: returns `null` when nothing needs a marker; reports one `host-endpoint-not-modelled`
 * info per host endpoint.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Order, Policy } from '../../ir/ast.js';
import { CALICO_NAMESPACE_LABEL, CALICO_SERVICE_ACCOUNT_LABEL, origin, policy, rule, ruleOrigin } from '../../ir/build.js';
import type { CalicoGlobalNetworkPolicy, CalicoHostEndpoint } from '../../model/calico/types.js';
import { ALL, evaluateSelector, has } from '../../selector/index.js';
import type { TierDecl } from '../types.js';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import { profileLabels, type ProfileIndex } from './lowerCalicoEndpoints.js';
import { calicoCidrText } from './lowerCalicoRule.js';
import { replaceAll } from './lowerCalicoPolicy.js';
import { identitySelector, type Wep } from './lowerProfiles.js';

export const UNMODELLED_TIER_NAME = '~unmodelled';

const EVERYWHERE = ['0.0.0.0/0', '::/0'];

/**
 * Whether the global policy's subject could select the host endpoint, evaluated as Felix does on
 * the selector libcalico-go builds (`globalnetworkpolicyprocessor.go`): the host endpoint has no
 * namespace and no service account, so the namespace and service-account parts see no labels and
 * their `all()` terms (rewritten to `has(projectcalico.org/namespace)` and
 * `has(projectcalico.org/serviceaccount)`) are false.
 */
export function couldSelectHost(p: CalicoGlobalNetworkPolicy, hep: CalicoHostEndpoint, profiles: ProfileIndex): boolean {
  const labels = { ...profileLabels(hep.profiles, profiles).plain, ...hep.labels };
  const ns = p.spec.namespaceSelector;
  const sa = p.spec.serviceAccountSelector;
  let own = p.spec.selector.ast;
  if (ns) own = replaceAll(own, has(CALICO_NAMESPACE_LABEL));
  if (sa) own = replaceAll(own, has(CALICO_SERVICE_ACCOUNT_LABEL));
  if (!evaluateSelector(own, labels)) return false;
  if (ns && !evaluateSelector(replaceAll(ns.ast, has(CALICO_NAMESPACE_LABEL)), {})) return false;
  return !(sa && !evaluateSelector(replaceAll(sa.ast, has(CALICO_SERVICE_ACCOUNT_LABEL)), {}));
}

/** A policy for every pod whose rules pass, but "maybe" match flows to or from `cidrs`. */
function markAddresses(name: string, o: ReturnType<typeof origin>, cidrs: string[], scope: 'any' | 'external', reason: string): Policy {
  const nets = { cidrs, scope };
  return policy({
    name,
    types: ['ingress', 'egress'],
    subject: { selector: ALL },
    ingress: [rule({ action: 'pass', src: { nets }, unknown: [reason], origin: ruleOrigin(o, 0) })],
    egress: [rule({ action: 'pass', dst: { nets }, unknown: [reason], origin: ruleOrigin(o, 0) })],
    origin: o,
  });
}

export interface UnmodelledInput {
  hostEndpoints: readonly CalicoHostEndpoint[];
  globalPolicies: readonly CalicoGlobalNetworkPolicy[];
  weps: readonly Wep[];
  profiles: ProfileIndex;
  /** The lowest tier order of the program, to place the tier before it. */
  lowestOrder: number;
}

export function lowerUnmodelled(input: UnmodelledInput, report: (d: Diagnostic) => void): { tier: TierDecl; policies: Policy[] } | null {
  const policies: Policy[] = [];
  for (const hep of input.hostEndpoints) {
    const o = origin(hep.source.file, hep.source.line, hep.source.column, 'HostEndpoint', hep.name);
    const ips = hep.expectedIPs.map(calicoCidrText);
    if (ips.length > 0) {
      policies.push(markAddresses(`hostendpoint/${hep.name}`, o, ips, 'any',
        `host endpoint \`${hep.name}\` (node \`${hep.node}\`) is not modelled: Calico polices traffic to and from this address at the host`));
      report(diagnostic('host-endpoint-not-modelled', hep.source, 'spec.expectedIPs',
        `host endpoint \`${hep.name}\` is not modelled: flows between pods and ${ips.map((c) => `\`${c}\``).join(', ')} are unknown`));
    } else {
      report(diagnostic('host-endpoint-not-modelled', hep.source, 'spec.interfaceName',
        `host endpoint \`${hep.name}\` is not modelled and has no \`expectedIPs\`: flows to node \`${hep.node}\` are judged as flows to an external address`,
        'list the interface\'s addresses in `expectedIPs` to have those flows reported as unknown'));
    }
  }
  const forwarding = input.globalPolicies.filter(
    (p) => p.spec.applyOnForward && input.hostEndpoints.some((h) => couldSelectHost(p, h, input.profiles)),
  );
  if (forwarding.length > 0) {
    const p = forwarding[0]!;
    const o = origin(p.source.file, p.source.line, p.source.column, p.kind, p.name);
    policies.push(markAddresses('hostendpoint-forwarding', o, EVERYWHERE, 'external',
      `traffic forwarded through a host endpoint is policed by \`applyOnForward\` policies (${forwarding.map((f) => `\`${f.name}\``).join(', ')}), which is not modelled`));
  }
  for (const { resource: w, endpoint: e } of input.weps) {
    if (w.unmodelled.length === 0) continue;
    const o = origin(w.source.file, w.source.line, w.source.column, 'WorkloadEndpoint', `${w.namespace}/${w.name}`);
    policies.push(policy({
      name: `workloadendpoint/${e.id}`,
      types: ['ingress', 'egress'],
      subject: { selector: identitySelector(e) },
      unknown: w.unmodelled.map((f) => `\`${f}\` of workload endpoint \`${e.id}\` is not modelled`),
      origin: o,
    }));
  }
  if (policies.length === 0) return null;
  return { tier: { name: UNMODELLED_TIER_NAME, order: tierBelow(input.lowestOrder), defaultAction: 'pass' }, policies };
}

/** An order strictly below `lowest`, even where subtracting 1 would be lost to rounding. */
function tierBelow(lowest: number): Order {
  return lowest - Math.max(1, Math.abs(lowest));
}
