/**
 * A concrete flow: what the oracle evaluates, what connectivity enumerates and what the SMT
 * decoder produces from a model (DESIGN §2 "Flow"). Declared beside the IR because every back end
 * shares it.
 *
 * Contract: a flow is one packet's worth of facts. Ports are given for the port-carrying
 * protocols (TCP, UDP, SCTP, UDPLite) and ICMP type/code for ICMP and ICMPv6; a field the flow
 * leaves out is "not known", so a rule that tests it can only "maybe" match.
 */
import type { Labels, NamedPort, ServiceAccount } from './ast.js';

/** One end of a flow. */
export type FlowParty =
  /** An endpoint of the program's snapshot, by id (`ns/name`). */
  | { kind: 'endpoint'; id: string }
  /** A pod described in full, for universal analyses and "what if" questions. */
  | { kind: 'pod'; pod: HypotheticalPod }
  /** An address outside every pod. */
  | { kind: 'external'; ip: string };

/**
 * A pod that need not exist: nothing is added to it, so `labels` should carry the implicit labels
 * the cluster would give it (`build.ts` `podLabels` writes them).
 */
export interface HypotheticalPod {
  /** For traces only. */
  name: string;
  namespace: string;
  namespaceLabels: Labels;
  labels: Labels;
  /** `null` when unknown: it then matches no CIDR. */
  ip: string | null;
  ports: NamedPort[];
  serviceAccount: ServiceAccount | null;
}

export interface Flow {
  src: FlowParty;
  dst: FlowParty;
  ipVersion: 4 | 6;
  /** IANA protocol number. */
  protocol: number;
  srcPort?: number;
  dstPort?: number;
  icmpType?: number;
  icmpCode?: number;
}
