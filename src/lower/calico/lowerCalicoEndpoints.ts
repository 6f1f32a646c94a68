/**
 * Lowering, Calico family: `WorkloadEndpoint`s → snapshot endpoints, `NetworkSet`s and
 * `GlobalNetworkSet`s → snapshot network sets.
 *
 * Meaning (libcalico-go `updateprocessors/workloadendpointprocessor.go` and
 * `networksetprocessor.go`, which build what Felix matches selectors against):
 * - an endpoint's labels are its own, without keys starting with `pcns.` or `pcsa.` (Calico
 *   strips them so that an endpoint cannot pose as being in another namespace or service account),
 *   then `projectcalico.org/serviceaccount` from `spec.serviceAccountName`; below them the labels
 *   of its profiles' `labelsToApply`, the first listed profile winning (Felix looks a label up on
 *   the endpoint first, then on each parent profile in order: felix `labelindex/endpoint_data.go`,
 *   `GetHandle`); and Calico's implicit labels (`projectcalico.org/namespace`,
 *   `projectcalico.org/orchestrator` from `spec.orchestrator`, Kubernetes when absent);
 * - profile labels prefixed `pcsa.` are the labels of the endpoint's service account (Calico's
 *   `ksa.<ns>.<sa>` profiles carry them so), which `serviceAccounts` selectors read; labels
 *   prefixed `pcns.` are namespace labels, which the IR takes from the snapshot's namespaces;
 * - the service account is `spec.serviceAccountName`, or the `projectcalico.org/serviceaccount`
 *   label older Calico versions wrote on the endpoint;
 * - addresses: `ipNetworks` (single addresses); named ports: `ports` with a name (Calico drops
 *   unnamed ones, which only carry host ports);
 * - the endpoint id is `<namespace>/<pod>`, or `<namespace>/<metadata.name>` when the endpoint
 *   names no pod or another endpoint of the input already claims that pod (a pod with two
 *   interfaces); `workload` is `<namespace>/<spec.workload>` when given;
 * - a namespaced network set gets `projectcalico.org/namespace` and inherits the labels of its
 *   namespace's `kns.<namespace>` profile (Calico gives it that profile); a global one keeps its
 *   own labels.
 *
 * Contract: inputs are valid resources; never throws for them.
 */
import type { Endpoint, Labels, NetworkSet, ServiceAccount } from '../../ir/ast.js';
import {
  CALICO_NAMESPACE_LABEL,
  CALICO_ORCHESTRATOR_LABEL,
  CALICO_SERVICE_ACCOUNT_LABEL,
  endpoint,
  networkSet,
} from '../../ir/build.js';
import type {
  CalicoGlobalNetworkSet,
  CalicoNetworkSet,
  CalicoProfile,
  CalicoWorkloadEndpoint,
} from '../../model/calico/types.js';
import { formatIp } from '../../util/cidr.js';
import { calicoCidrText } from './lowerCalicoRule.js';

/** Calico's prefixes for namespace and service-account labels on profiles. */
export const NAMESPACE_LABEL_PREFIX = 'pcns.';
export const SERVICE_ACCOUNT_LABEL_PREFIX = 'pcsa.';

export type ProfileIndex = ReadonlyMap<string, CalicoProfile>;

function isScopedKey(k: string): boolean {
  return k.startsWith(NAMESPACE_LABEL_PREFIX) || k.startsWith(SERVICE_ACCOUNT_LABEL_PREFIX);
}

/**
 * The labels the listed profiles apply, first profile first: plain labels, and the service-account
 * labels (`pcsa.` prefix removed).
 */
export function profileLabels(names: readonly string[], profiles: ProfileIndex): { plain: Labels; serviceAccount: Labels } {
  const plain: Record<string, string> = {};
  const sa: Record<string, string> = {};
  for (const name of names) {
    const p = profiles.get(name);
    if (!p) continue;
    for (const [k, v] of Object.entries(p.labelsToApply)) {
      if (k.startsWith(SERVICE_ACCOUNT_LABEL_PREFIX)) {
        const key = k.slice(SERVICE_ACCOUNT_LABEL_PREFIX.length);
        if (!(key in sa)) sa[key] = v;
      } else if (!k.startsWith(NAMESPACE_LABEL_PREFIX) && !(k in plain)) plain[k] = v;
    }
  }
  return { plain, serviceAccount: sa };
}

/** The service account a workload endpoint runs as, if known. */
export function serviceAccountName(w: CalicoWorkloadEndpoint): string | null {
  return w.serviceAccountName ?? w.labels[CALICO_SERVICE_ACCOUNT_LABEL] ?? null;
}

/** Endpoint names, unique per namespace: the pod's, else the resource's own. */
export function endpointNames(weps: readonly CalicoWorkloadEndpoint[]): Map<CalicoWorkloadEndpoint, string> {
  const out = new Map<CalicoWorkloadEndpoint, string>();
  const taken = new Set<string>();
  for (const w of weps) {
    const preferred = w.pod ?? w.name;
    const name = taken.has(`${w.namespace}/${preferred}`) ? w.name : preferred;
    taken.add(`${w.namespace}/${name}`);
    out.set(w, name);
  }
  return out;
}

export function lowerWorkloadEndpoint(w: CalicoWorkloadEndpoint, name: string, profiles: ProfileIndex): Endpoint {
  const saName = serviceAccountName(w);
  const inherited = profileLabels(w.profiles, profiles);
  const own = Object.fromEntries(Object.entries(w.labels).filter(([k]) => !isScopedKey(k)));
  const serviceAccount: ServiceAccount | null = saName === null ? null : { name: saName, labels: inherited.serviceAccount };
  const e = endpoint({
    name,
    namespace: w.namespace,
    labels: { ...inherited.plain, ...own },
    workload: w.workload ? `${w.namespace}/${w.workload}` : null,
    ips: w.ipNetworks.map((n) => formatIp({ family: n.family, addr: n.addr })),
    ports: w.ports.filter((p) => p.name !== '').map((p) => ({ name: p.name, protocol: p.protocol.number, port: p.port })),
    serviceAccount,
  });
  // `endpoint` writes the Kubernetes orchestrator; keep the endpoint's own.
  const orchestrator = w.orchestrator ?? own[CALICO_ORCHESTRATOR_LABEL] ?? 'k8s';
  return { ...e, labels: { ...e.labels, [CALICO_ORCHESTRATOR_LABEL]: orchestrator } };
}

export function lowerNetworkSet(s: CalicoNetworkSet | CalicoGlobalNetworkSet, profiles: ProfileIndex): NetworkSet {
  const nets = s.nets.map(calicoCidrText);
  if (s.kind === 'GlobalNetworkSet') return networkSet({ name: s.name, namespace: null, labels: { ...s.labels }, nets });
  const inherited = profileLabels([`kns.${s.namespace}`], profiles).plain;
  return networkSet({
    name: s.name,
    namespace: s.namespace,
    labels: { ...inherited, ...s.labels, [CALICO_NAMESPACE_LABEL]: s.namespace },
    nets,
  });
}
