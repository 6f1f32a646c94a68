/**
 * Lowering stage entry: typed resources → one IR `Program` (DESIGN §1, §3).
 *
 * Steps, in this order:
 *  1. split the resources by family — by API group, since Kubernetes and Calico both have a kind
 *     `NetworkPolicy` (`networking.k8s.io` vs `projectcalico.org`);
 *  2. run the three family lowerings (Kubernetes NetworkPolicy, Calico, network-policy-api);
 *  3. merge their tier declarations: the fixed tiers (`default`, the admin and baseline tiers)
 *     keep their order and default action whatever a Calico `Tier` says (Calico "Get started with
 *     policy tiers": "This is fixed, and should not be changed"); a `Tier` that tries to change
 *     one is an error; `default` always exists;
 *  4. place each policy in its tier. Calico requires a policy's tier to exist (the API server
 *     refuses a policy whose tier is missing), so a policy of an undeclared tier is an error and is
 *     dropped; two policies with one name in a tier keep the first;
 *  5. build the snapshot (`snapshot.ts`) and the program, tiers and policies in evaluation order
 *     (`ir/order.ts`), final action `allow`: Calico's profile, Kubernetes' "not isolated".
 *
 * Contract: deterministic for a given resource list; never throws — a throw inside a family
 * lowering or an IR constructor is a bug, reported as an `internal-error` diagnostic, and the rest
 * is still lowered.
 */
import { diagnostic, type Diagnostic, type Location, type Staged } from '../diagnostics/diagnostic.js';
import type { Policy, Program, Snapshot, Tier } from '../ir/ast.js';
import { ADMIN_TIER, BASELINE_TIER, DEFAULT_TIER, program, tier } from '../ir/build.js';
import type { Resource } from '../model/kinds.js';
import type { CalicoResource, CalicoTier } from '../model/calico/types.js';
import type { NetworkPolicy } from '../model/k8s/networkPolicy.js';
import { splitApiVersion } from '../model/kind.js';
import type { NpapiResource } from '../model/npapi/types.js';
import { lowerCalico } from './calico/index.js';
import { lowerK8sNetworkPolicy } from './lowerK8sNetworkPolicy.js';
import { lowerNpapi } from './npapi/index.js';
import { buildSnapshot } from './snapshot.js';
import { DEFAULT_LOWER_OPTIONS, type LowerContext, type LowerOptions, type Lowered, type LoweredPolicy, type TierDecl } from './types.js';

const CALICO_GROUP = 'projectcalico.org';
const NPAPI_GROUP = 'policy.networking.k8s.io';
const K8S_NETWORKING_GROUP = 'networking.k8s.io';

/** The tiers whose place is fixed by the kinds that live in them. */
export const FIXED_TIERS: ReadonlyMap<string, Readonly<TierDecl>> = new Map(
  [DEFAULT_TIER, ADMIN_TIER, BASELINE_TIER].map((t) => [t.name, t]),
);

const NOWHERE: Location = { file: '<lower>', line: 1, column: 1 };

interface Families {
  k8sPolicies: NetworkPolicy[];
  calico: CalicoResource[];
  npapi: NpapiResource[];
}

function splitFamilies(resources: readonly Resource[]): Families {
  const out: Families = { k8sPolicies: [], calico: [], npapi: [] };
  for (const r of resources) {
    const group = splitApiVersion(r.apiVersion).group;
    if (group === CALICO_GROUP) out.calico.push(r as CalicoResource);
    else if (group === NPAPI_GROUP) out.npapi.push(r as NpapiResource);
    else if (group === K8S_NETWORKING_GROUP && r.kind === 'NetworkPolicy') out.k8sPolicies.push(r as NetworkPolicy);
    // Namespaces, pods and workloads are the snapshot's (step 5).
  }
  return out;
}

const EMPTY: Lowered = { tiers: [], policies: [], endpoints: [], networkSets: [] };

function guarded(family: string, report: (d: Diagnostic) => void, f: () => Lowered): Lowered {
  try {
    return f();
  } catch (e) {
    report(diagnostic('internal-error', NOWHERE, '', `internal error while lowering ${family} resources: ${(e as Error).message}`));
    return EMPTY;
  }
}

export function lower(resources: readonly Resource[], options: Partial<LowerOptions> = {}): Staged<Program> {
  const diagnostics: Diagnostic[] = [];
  const ctx: LowerContext = {
    options: { ...DEFAULT_LOWER_OPTIONS, ...options },
    report: (d) => diagnostics.push(d),
  };
  const fam = splitFamilies(resources);
  const parts = [
    guarded('Kubernetes NetworkPolicy', ctx.report, () => lowerK8sNetworkPolicy(fam.k8sPolicies, ctx)),
    guarded('Calico', ctx.report, () => lowerCalico(fam.calico, ctx)),
    guarded('network-policy-api', ctx.report, () => lowerNpapi(fam.npapi, ctx)),
  ];
  const calicoTiers = fam.calico.filter((r): r is CalicoTier => r.kind === 'Tier');
  const decls = mergeTiers(parts.flatMap((p) => p.tiers), calicoTiers, ctx.report);
  const placed = placePolicies(parts.flatMap((p) => p.policies), decls, ctx.report);

  let snap: Snapshot | null = null;
  try {
    snap = buildSnapshot(resources, {
      endpoints: parts.flatMap((p) => p.endpoints),
      networkSets: parts.flatMap((p) => p.networkSets),
    }, ctx.report);
    const tiers: Tier[] = [...decls.values()].map((d) => tier({ ...d, policies: placed.get(d.name) ?? [] }));
    return { value: program({ snapshot: snap, tiers, final: 'allow' }), diagnostics };
  } catch (e) {
    diagnostics.push(diagnostic('internal-error', NOWHERE, '', `internal error while building the IR program: ${(e as Error).message}`));
    return { value: program({ snapshot: snap, tiers: [], final: 'allow' }), diagnostics };
  }
}

/**
 * One declaration per tier name: the fixed tiers as fixed, then the others as first declared.
 * A Calico `Tier` of a fixed name may restate the fixed values (a cluster export lists them) but
 * not change them.
 */
export function mergeTiers(decls: readonly TierDecl[], calicoTiers: readonly CalicoTier[], report: (d: Diagnostic) => void): Map<string, TierDecl> {
  const out = new Map<string, TierDecl>([[DEFAULT_TIER.name, { ...DEFAULT_TIER }]]);
  for (const t of calicoTiers) {
    const fixed = FIXED_TIERS.get(t.name);
    if (!fixed) continue;
    const action = t.defaultAction === 'Pass' ? 'pass' : 'deny';
    const orderDiffers = t.order !== undefined && t.order !== fixed.order;
    const actionDiffers = t.defaultActionGiven && action !== fixed.defaultAction;
    if (orderDiffers || actionDiffers) {
      const wrote = orderDiffers ? `order \`${t.order}\`` : `default action \`${t.defaultAction}\``;
      report(diagnostic('reserved-tier', t.source, orderDiffers ? 'spec.order' : 'spec.defaultAction',
        `tier \`${t.name}\` is fixed at order ${fixed.order} with default action \`${fixed.defaultAction}\`; this \`Tier\` gives it ${wrote}, which is ignored`,
        'put your policies in a tier of your own to choose its order and default action'));
    }
  }
  for (const d of decls) {
    if (out.has(d.name)) continue;
    const fixed = FIXED_TIERS.get(d.name);
    out.set(d.name, fixed ? { ...fixed } : { name: d.name, order: d.order, defaultAction: d.defaultAction });
  }
  // Every `Tier` resource declares its tier, whether or not the Calico lowering restated it.
  for (const t of calicoTiers)
    if (!out.has(t.name)) out.set(t.name, { name: t.name, order: t.order ?? null, defaultAction: t.defaultAction === 'Pass' ? 'pass' : 'deny' });
  return out;
}

/** Policies by tier name, in input order; policies of undeclared tiers are dropped with an error. */
export function placePolicies(policies: readonly LoweredPolicy[], tiers: ReadonlyMap<string, TierDecl>, report: (d: Diagnostic) => void): Map<string, Policy[]> {
  const out = new Map<string, Policy[]>();
  for (const { tier: name, policy: p } of policies) {
    if (!tiers.has(name)) {
      report(diagnostic('tier-not-found', p.origin, 'spec.tier',
        `${p.origin.kind} \`${p.origin.name}\` is in tier \`${name}\`, which no \`Tier\` declares; the policy is dropped`,
        `declare it with a \`Tier\` named \`${name}\` (Calico refuses policies of a missing tier)`));
      continue;
    }
    const list = out.get(name) ?? [];
    if (list.some((q) => q.name === p.name)) {
      report(diagnostic('duplicate-policy', p.origin, '',
        `tier \`${name}\` already has a policy named \`${p.name}\`; this ${p.origin.kind} is dropped`));
      continue;
    }
    list.push(p);
    out.set(name, list);
  }
  return out;
}
