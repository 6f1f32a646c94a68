/**
 * Every kind netpolc reads, registered in one list, and the union of their typed resources.
 * Each section belongs to one family of kinds; keep additions inside their section.
 */
import type { KindDef } from './kind.js';
import type { ResourceBase } from './resource.js';

// ── Kubernetes core, workloads, networking.k8s.io ──────────────────────────────────────
// (k8s section: imports and entries)

// ── Calico projectcalico.org/v3 ─────────────────────────────────────────────────────────
// (calico section: imports and entries)

// ── network-policy-api policy.networking.k8s.io ─────────────────────────────────────────
// (npapi section: imports and entries)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const KINDS: KindDef<any>[] = [
  // k8s entries
  // calico entries
  // npapi entries
];

/** Every typed resource netpolc reads. */
export type Resource = ResourceBase;
