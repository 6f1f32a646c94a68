/**
 * What the per-family lowerings (Kubernetes, Calico, network-policy-api) hand to the lowering
 * orchestrator (`lower/index.ts`), which assembles one IR `Program`.
 *
 * Contract: a family lowering never sorts tiers or policies and never builds the `Program`; it
 * returns tier declarations, policies tagged with their tier name, and snapshot pieces. Problems
 * found while lowering (a named port no pod has, a construct netpolc does not model) are reported
 * through `ctx.report` as diagnostics at the resource's position.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Endpoint, NetworkSet, Order, Policy, TierDefault } from '../ir/ast.js';

export interface LowerOptions {
  /**
   * Whether a Kubernetes `ipBlock` matches pod addresses. Upstream leaves it to the
   * implementation ("NetworkPolicyPeer"); Calico matches any address, so `any` is the default.
   * `external`: only addresses outside every pod (netpol-analyzer's reading).
   */
  ipBlockScope: 'any' | 'external';
  /**
   * What a network-policy-api `nodes` peer (node addresses, which no input gives) matches.
   * `unknown` (the default when absent): any flow it could match gets an `unknown` verdict, the
   * sound reading. `never-match`: nothing, netpol-analyzer's documented reading ("Nodes field of
   * an AdminNetworkPolicyEgressPeer is not supported; it will be ignored, and will not appear in
   * the connectivity results", `pkg/netpol/internal/alerts`), for comparing with its results.
   */
  nodePeers?: 'unknown' | 'never-match';
}

export const DEFAULT_LOWER_OPTIONS: LowerOptions = Object.freeze({ ipBlockScope: 'any' });

export interface LowerContext {
  options: LowerOptions;
  report(d: Diagnostic): void;
}

/** A tier as declared by input (a Calico `Tier`) or by a kind's fixed placement. */
export interface TierDecl {
  name: string;
  order: Order;
  defaultAction: TierDefault;
}

export interface LoweredPolicy {
  tier: string;
  policy: Policy;
}

/** What one family contributes. Every list may be empty. */
export interface Lowered {
  tiers: TierDecl[];
  policies: LoweredPolicy[];
  endpoints: Endpoint[];
  networkSets: NetworkSet[];
}
