/**
 * Every kind netpolc reads, registered in one list, and the union of their typed resources.
 * Each section belongs to one family of kinds; keep additions inside their section.
 */
import type { KindDef } from './kind.js';
import type { Namespace } from './k8s/namespace.js';
import type { Pod } from './k8s/pod.js';
import type { Service } from './k8s/service.js';
import type { Workload } from './k8s/workload.js';
import type { NetworkPolicy } from './k8s/networkPolicy.js';
import type { CalicoResource } from './calico/types.js';
import type { NpapiResource } from './npapi/types.js';

// ── Kubernetes core, workloads, networking.k8s.io ──────────────────────────────────────
// (k8s section: imports and entries)
import { namespaceKind } from './k8s/namespace.js';
import { podKind } from './k8s/pod.js';
import { serviceKind } from './k8s/service.js';
import { workloadKinds } from './k8s/workload.js';
import { networkPolicyKind } from './k8s/networkPolicy.js';

// ── Calico projectcalico.org/v3 ─────────────────────────────────────────────────────────
// (calico section: imports and entries)
import { CALICO_KINDS } from './calico/index.js';

// ── network-policy-api policy.networking.k8s.io ─────────────────────────────────────────
// (npapi section: imports and entries)
import { adminNetworkPolicyKind } from './npapi/adminNetworkPolicy.js';
import { baselineAdminNetworkPolicyKind } from './npapi/baselineAdminNetworkPolicy.js';
import { clusterNetworkPolicyKind } from './npapi/clusterNetworkPolicy.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const KINDS: KindDef<any>[] = [
  // k8s entries
  namespaceKind,
  podKind,
  serviceKind,
  ...workloadKinds,
  networkPolicyKind,
  // calico entries
  ...CALICO_KINDS,
  // npapi entries
  adminNetworkPolicyKind,
  baselineAdminNetworkPolicyKind,
  clusterNetworkPolicyKind,
];

/** Every typed resource netpolc reads. */
export type Resource = Namespace | Pod | Service | Workload | NetworkPolicy | CalicoResource | NpapiResource;
