/**
 * Lowering, the cluster: typed resources → the IR `Snapshot` (namespaces, endpoints, network
 * sets) that snapshot analyses range over.
 *
 * What becomes what:
 * - a namespace for every `Namespace` object and every namespace some namespaced resource lives
 *   in, with the labels Kubernetes and Calico add to each (`kubernetes.io/metadata.name`,
 *   Kubernetes "Well-Known Labels"; `projectcalico.org/name`, Calico reference "NetworkPolicy");
 * - an endpoint per Pod: its labels plus Calico's workload-endpoint labels
 *   (`projectcalico.org/namespace`, `…/orchestrator: k8s`, `…/serviceaccount`), its addresses from
 *   `status.podIPs` (unknown when the status has none), its named container ports;
 * - an endpoint per workload (Deployment, StatefulSet, …) standing for the pods its template makes,
 *   with unknown addresses, so no CIDR matches it (DESIGN §4);
 * - the endpoints and network sets the Calico lowering returns.
 * Kept as ordinary pods, each with an info diagnostic: pods on the host network (Kubernetes leaves
 * NetworkPolicy on them to the implementation, "NetworkPolicy" docs, "hostNetwork pods") and pods
 * that have finished (phase `Succeeded` or `Failed`). netpol-analyzer, whose connectivity the
 * conformance suite records, treats both as ordinary pods too. The endpoint `workload` is the name netpol-analyzer shows for the pod
 * (`pkg/netpol/eval/internal/k8s/pod.go`, `WorkloadPeer.String`): `ns/<owner>[<OwnerKind>]` for a
 * pod with a controlling owner, the owner's kind `Pod` when the reference leaves it out, no owner
 * for an owner of kind `Node` (a static pod's mirror); a workload's own `ns/<name>[<Kind>]`.
 *
 * Contract: deterministic — namespaces by name, endpoints by id, network sets by (namespace,
 * name), all in code-point order; endpoint ids are unique (`ns/name`; a workload whose name a pod
 * or another workload already took is `ns/name[Kind]`); a second endpoint with a taken id is
 * dropped with a warning.
 */
import type { Diagnostic, Location } from '../diagnostics/diagnostic.js';
import type { Endpoint, Labels, Namespace, NetworkSet, Snapshot } from '../ir/ast.js';
import { endpoint, namespace, protocol, snapshot } from '../ir/build.js';
import type { Resource } from '../model/kinds.js';
import type { Pod } from '../model/k8s/pod.js';
import type { PodSpecInfo } from '../model/k8s/podSpec.js';
import type { Workload } from '../model/k8s/workload.js';
import { isWorkloadKind } from '../model/k8s/workload.js';
import { splitApiVersion } from '../model/kind.js';
import { compareCodePoints } from '../selector/index.js';
import { diagnostic } from '../diagnostics/diagnostic.js';

/** The name a report shows for an endpoint: its workload, or the pod itself as `ns/name[Pod]`. */
export function endpointDisplayName(e: Endpoint): string {
  return e.workload ?? `${e.id}[Pod]`;
}

/** netpol-analyzer's workload name of a pod: its controlling owner, unless that is a Node. */
export function podWorkloadName(pod: Pick<Pod, 'namespace' | 'owner'>): string | null {
  const o = pod.owner;
  if (!o || o.kind === 'Node') return null;
  return `${pod.namespace}/${o.name}[${o.kind === '' ? 'Pod' : o.kind}]`;
}

/** Pieces of the cluster that other lowerings contribute (the Calico family's). */
export interface SnapshotExtras {
  endpoints: readonly Endpoint[];
  networkSets: readonly NetworkSet[];
}

const FINISHED_PHASES = ['Succeeded', 'Failed'];
const NO_PLACE: Location = { file: '<snapshot>', line: 1, column: 1 };

function isCore(r: Resource): boolean {
  const group = splitApiVersion(r.apiVersion).group;
  return group === '' || group === 'apps' || group === 'batch';
}

function namedPorts(spec: PodSpecInfo) {
  return spec.ports.flatMap((p) => (p.name === undefined ? [] : [{ name: p.name, protocol: protocol(p.protocol), port: p.containerPort }]));
}

/** What is worth telling about a pod or workload that netpolc treats as an ordinary pod anyway. */
function podNote(what: string, spec: PodSpecInfo, phase?: string): string | undefined {
  if (spec.hostNetwork)
    return `${what} uses the host network, where Kubernetes leaves NetworkPolicy to the implementation; netpolc treats it as an ordinary pod`;
  if (phase !== undefined && FINISHED_PHASES.includes(phase)) return `${what} has finished (phase \`${phase}\`); netpolc still lists it as an ordinary pod`;
  return undefined;
}

export function buildSnapshot(resources: readonly Resource[], extras: SnapshotExtras, report: (d: Diagnostic) => void): Snapshot {
  const endpoints: Endpoint[] = [];
  // Where each kept endpoint came from; Calico's endpoints carry no position.
  const where = new Map<string, Location>();
  const add = (e: Endpoint, at: Location | undefined, what: string): void => {
    const kept = where.get(e.id);
    if (kept) {
      report(diagnostic('duplicate-endpoint', at ?? kept, '',
        `${what} has the id \`${e.id}\`, which another endpoint already has; it is left out`));
      return;
    }
    endpoints.push(e);
    where.set(e.id, at ?? NO_PLACE);
  };

  const pods = resources.filter((r): r is Pod => r.kind === 'Pod' && isCore(r));
  const workloads = resources.filter((r): r is Workload => isWorkloadKind(r.kind) && isCore(r));
  for (const pod of pods) {
    const note = podNote(`pod \`${pod.namespace}/${pod.name}\``, pod, pod.phase);
    if (note) report(diagnostic('endpoint-note', pod.source, '', note));
    const e = endpoint({
      name: pod.name,
      namespace: pod.namespace,
      labels: pod.labels,
      workload: podWorkloadName(pod),
      ips: pod.podIPs.length > 0 ? pod.podIPs : null,
      ports: namedPorts(pod),
      serviceAccount: { name: pod.serviceAccountName, labels: {} },
    });
    add(e, pod.source, `pod \`${pod.namespace}/${pod.name}\``);
  }
  for (const w of workloads) {
    const display = `${w.namespace}/${w.name}[${w.kind}]`;
    const note = podNote(`${w.kind} \`${w.namespace}/${w.name}\``, w.template);
    if (note) report(diagnostic('endpoint-note', w.source, '', note));
    // A pod named like the workload, or a second workload kind of that name, keeps `ns/name`.
    const name = where.has(`${w.namespace}/${w.name}`) ? `${w.name}[${w.kind}]` : w.name;
    const e = endpoint({
      name,
      namespace: w.namespace,
      labels: w.template.labels,
      workload: display,
      ips: null,
      ports: namedPorts(w.template),
      serviceAccount: { name: w.template.serviceAccountName, labels: {} },
    });
    add(e, w.source, display);
  }
  for (const e of extras.endpoints) add(e, undefined, `endpoint \`${e.id}\``);

  const networkSets: NetworkSet[] = [];
  const setKeys = new Set<string>();
  for (const n of extras.networkSets) {
    const key = `${n.namespace ?? ''}/${n.name}`;
    if (setKeys.has(key)) continue;
    setKeys.add(key);
    networkSets.push(n);
  }

  return snapshot({
    namespaces: collectNamespaces(resources, endpoints, networkSets),
    endpoints: endpoints.sort((a, b) => compareCodePoints(a.id, b.id)),
    networkSets: networkSets.sort(
      (a, b) => compareCodePoints(a.namespace ?? '', b.namespace ?? '') || compareCodePoints(a.name, b.name),
    ),
  });
}

/** Declared namespaces with their labels, plus every namespace something lives in. */
function collectNamespaces(resources: readonly Resource[], endpoints: readonly Endpoint[], sets: readonly NetworkSet[]): Namespace[] {
  const labels = new Map<string, Labels>();
  for (const r of resources) if (r.kind === 'Namespace' && isCore(r)) labels.set(r.name, r.labels);
  const names = new Set(labels.keys());
  for (const r of resources) if (r.namespace !== undefined) names.add(r.namespace);
  for (const e of endpoints) names.add(e.namespace);
  for (const s of sets) if (s.namespace !== null) names.add(s.namespace);
  return [...names].sort(compareCodePoints).map((n) => namespace(n, labels.get(n) ?? {}));
}
