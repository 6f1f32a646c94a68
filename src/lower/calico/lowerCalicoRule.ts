/**
 * Lowering, Calico family: one Calico `Rule` of a policy or profile → one IR `Rule`.
 *
 * Every field of the Calico reference "Rule" and "EntityRule" is written out; `null` only where the
 * rule leaves the field out. Meaning, after libcalico-go's converter to Felix's model
 * (`lib/backend/syncersv1/updateprocessors/rules.go`, `RuleAPIV2ToBackend` and
 * `getEndpointSelector`):
 * - actions map one to one (`Pass` is Felix's `next-tier`);
 * - a side's positive selector is `selector` AND the service-account match AND a namespace part.
 *   The namespace part is the rule's `namespaceSelector` when it has one (`all()` = any namespace,
 *   `global()` = no namespace: the IR's `NamespaceScope` rules); otherwise, in a namespaced
 *   policy, the policy's own namespace — added as soon as any selector field is used, `notSelector`
 *   included ("endpoints for a namespaced policy being limited to the namespace … as soon as _any_
 *   of the selector fields are used, including NotSelector"); in a global policy or a profile,
 *   nothing (every namespace, and non-namespaced entities such as global network sets);
 * - `notSelector` itself is never namespaced (it is passed through unchanged);
 * - an empty `serviceAccounts` (no names, no selector) adds nothing, as `parseServiceAccounts`
 *   returns an empty selector for it;
 * - CIDRs: the model guarantees one IP family per rule (validator `validateRule`); a rule with
 *   CIDRs of one family never matches the other family, because Felix drops a rule from a
 *   family's chains when filtering its CIDRs to that family empties a CIDR field
 *   (felix `rules/policy.go`, `FilterRuleToIPVersion`/`filterNets`). So such a rule gets that
 *   `ipVersion`, which also keeps `notNets` from matching addresses of the other family;
 * - Calico `nets` match any address, pod or not: scope `any`;
 * - what netpolc does not model becomes a rule-level unknown marker: each entry of the rule's
 *   `unmodelled` (`http`), a `services` match (its endpoints come from the service's endpoint
 *   slices, which a snapshot does not carry), and a `Pass` in a profile (Felix sets the pass mark
 *   and returns from the profile's chain, skipping only the rest of that profile: the IR's `pass`
 *   would skip every profile).
 *
 * Contract: the rule was validated by the model; never throws for a validated rule.
 */
import type { Action, IcmpMatch, NamespaceScope, Origin, PeerMatch, PortSpec, Rule, ServiceAccountMatch } from '../../ir/ast.js';
import { icmp, namedPort, portRange, rule, ruleOrigin } from '../../ir/build.js';
import type {
  CalicoAction,
  CalicoCidr,
  CalicoEntityRule,
  CalicoPort,
  CalicoRule,
  IcmpMatch as CalicoIcmp,
} from '../../model/calico/types.js';
import { formatCidr, netmask } from '../../util/cidr.js';

/** Where a rule lives, which decides the default scope of its selectors. */
export interface RuleScope {
  /** The namespace of a namespaced policy; `null` in a global policy or a profile. */
  namespace: string | null;
  owner: 'policy' | 'profile';
}

const ACTIONS: Readonly<Record<CalicoAction, Action>> = { Allow: 'allow', Deny: 'deny', Pass: 'pass', Log: 'log' };

const UNMODELLED_REASONS: Readonly<Record<string, string>> = {
  http: '`http` match (HTTP methods and paths) is not modelled',
};

export function lowerCalicoRule(r: CalicoRule, index: number, o: Origin, scope: RuleScope): Rule {
  const unknown = r.unmodelled.map((f) => UNMODELLED_REASONS[f] ?? `\`${f}\` is not modelled`);
  for (const [side, e] of [['source', r.source], ['destination', r.destination]] as const) {
    if (!e.services) continue;
    const svc = e.services.namespace ? `${e.services.namespace}/${e.services.name}` : e.services.name;
    unknown.push(`\`${side}.services\` match on service \`${svc}\` is not modelled`);
  }
  if (scope.owner === 'profile' && r.action === 'Pass')
    unknown.push('`Pass` in a profile skips only the rest of that profile, which is not modelled');
  return rule({
    action: ACTIONS[r.action],
    ipVersion: r.ipVersion ?? cidrFamily(r) ?? null,
    protocol: r.protocol?.number ?? null,
    notProtocol: r.notProtocol?.number ?? null,
    icmp: icmpMatch(r.icmp),
    notIcmp: icmpMatch(r.notICMP),
    src: lowerEntityRule(r.source, scope.namespace),
    dst: lowerEntityRule(r.destination, scope.namespace),
    unknown,
    origin: ruleOrigin(o, index, r.at.path, r.at),
  });
}

/** Canonical CIDR text (network address, RFC 5952); a bare address is a full-length prefix. */
export function calicoCidrText(n: CalicoCidr): string {
  return formatCidr({ family: n.family, addr: n.addr & netmask(n.family, n.prefix), prefix: n.prefix });
}

/** The one IP family of the rule's CIDRs, if it has any. */
function cidrFamily(r: CalicoRule): 4 | 6 | undefined {
  for (const e of [r.source, r.destination]) for (const n of [...e.nets, ...e.notNets]) return n.family;
  return undefined;
}

/** `icmp: {}` (no type) constrains nothing; a code comes only with a type (validator). */
function icmpMatch(m: CalicoIcmp | undefined): IcmpMatch | null {
  return m?.type === undefined ? null : icmp(m.type, m.code ?? null);
}

function portSpec(p: CalicoPort): PortSpec {
  return p.kind === 'named' ? namedPort(p.name) : portRange(p.from, p.to);
}

function serviceAccounts(e: CalicoEntityRule): ServiceAccountMatch | null {
  const sa = e.serviceAccounts;
  if (!sa || (sa.names.length === 0 && !sa.selector)) return null;
  return { names: sa.names.length > 0 ? [...sa.names] : null, selector: sa.selector?.ast ?? null };
}

/** One side (`source` or `destination`) of a rule. */
export function lowerEntityRule(e: CalicoEntityRule, policyNamespace: string | null): Partial<PeerMatch> {
  const sa = serviceAccounts(e);
  const usesSelectors = e.selector !== undefined || e.notSelector !== undefined || sa !== null;
  let namespace: NamespaceScope | null = null;
  if (e.namespaceSelector) namespace = { kind: 'selector', selector: e.namespaceSelector.ast };
  else if (policyNamespace !== null && usesSelectors) namespace = { kind: 'name', name: policyNamespace };
  return {
    nets: e.nets.length > 0 ? { cidrs: e.nets.map(calicoCidrText), scope: 'any' } : null,
    notNets: e.notNets.length > 0 ? e.notNets.map(calicoCidrText) : null,
    selector: e.selector?.ast ?? null,
    notSelector: e.notSelector?.ast ?? null,
    namespace,
    serviceAccounts: sa,
    ports: e.ports.length > 0 ? e.ports.map(portSpec) : null,
    notPorts: e.notPorts.length > 0 ? e.notPorts.map(portSpec) : null,
  };
}
