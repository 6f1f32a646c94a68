/**
 * Connectivity, the rows and columns of the matrix as users name them: workloads (or bare pods)
 * and external address blocks.
 *
 * Stage: connectivity. Input → output: an IR endpoint (or an external block's display text) →
 * `Peer`: its display name and the namespace and name that focus options match against.
 * Contract (netpol-analyzer `WorkloadPeer`, `pkg/netpol/eval/internal/k8s/peer.go`): a pod with a
 * controlling owner is shown as its owner `ns/owner[Kind]` (the endpoint's `workload`) and is
 * *named* by the owner; a bare pod is `ns/pod[Pod]`, named by the pod; an empty namespace shows as
 * `default`. An external block has no namespace and no name (`IPBlockPeer`), so no workload focus
 * ever matches it. A pod listed apart from the other pods of its owner (see `compute.ts`) is
 * `ns/owner[Kind]/ns/pod` and is still named by its owner.
 */
import type { Endpoint } from '../ir/ast.js';
import { workloadName } from '../report/connlist/connection.js';

export interface Peer {
  /** What the outputs print. */
  display: string;
  /** `''` for an external block. */
  namespace: string;
  /** The workload's (owner's) name, or the bare pod's; `''` for an external block. */
  name: string;
  external: boolean;
  /** Set when the row is one pod of a workload whose pods are listed apart: its endpoint id. */
  pod?: string;
}

/** `ns/name[Kind]` → its namespace and name (namespaces hold no `/`, names no `[`). */
function splitWorkloadName(w: string): { namespace: string; name: string } {
  const slash = w.indexOf('/');
  const bracket = w.lastIndexOf('[');
  return { namespace: w.slice(0, slash), name: w.slice(slash + 1, bracket < 0 ? undefined : bracket) };
}

/** The row of an endpoint: its workload's, or (`apart`) its own within its workload. */
export function endpointPeer(e: Endpoint, apart = false): Peer {
  const podName = e.id.slice(e.id.indexOf('/') + 1);
  const display = e.workload ?? workloadName(e.namespace, podName, 'Pod');
  const { namespace, name } = e.workload ? splitWorkloadName(e.workload) : { namespace: e.namespace || 'default', name: podName };
  const peer: Peer = { display, namespace, name, external: false };
  if (apart) {
    peer.display = `${display}/${e.id}`;
    peer.pod = e.id;
  }
  return peer;
}

export function externalPeer(display: string): Peer {
  return { display, namespace: '', name: '', external: true };
}
