/**
 * The property language's AST (grammar in `grammar/property.ohm`): what `netpolc prove` is
 * asked to prove. One property is a quantified claim over flows:
 *
 * - `deny  S -> D [on P]`: every flow from S to D on P is denied;
 * - `allow S -> D [on P]`: every flow from S to D on P is allowed;
 * - `only  S -> D [on P]`: every allowed flow into D on P comes from S (any source otherwise is
 *   denied);
 * - `some  S -> D [on P]`: at least one flow from S to D on P is allowed.
 *
 * Endpoints: `any` (every pod and every external address); pods by namespace labels and/or pod
 * labels (`ns(sel)` alone: every pod of the matching namespaces; `pod(sel)` alone: matching pods
 * of any namespace); external addresses in CIDRs minus exceptions. In universal mode a pod ranges
 * over every pod that could exist; in snapshot mode over the snapshot's endpoints.
 */
import type { Selector } from '../selector/ast.js';

export type PropertyKind = 'deny' | 'allow' | 'only' | 'some';

export type EndpointSpec =
  | { kind: 'any' }
  /** `null` selector: no constraint on that part (`ns(sel)` alone, `pod(sel)` alone). */
  | { kind: 'pods'; namespace: Selector | null; pod: Selector | null }
  /** Canonical CIDR text; an address in some `cidrs` and in no `except`, outside every pod. */
  | { kind: 'cidr'; cidrs: string[]; except: string[] };

/** A protocol (IANA number) and a port range; `ports: null` is every port (or a portless protocol). */
export interface PortMatch {
  protocol: number;
  ports: { from: number; to: number } | null;
}

export interface Property {
  /** `[a-z0-9-]+`, unique in its file. */
  name: string;
  kind: PropertyKind;
  src: EndpointSpec;
  dst: EndpointSpec;
  /** `null`: any protocol and port (`on any`, or no `on`). Otherwise a union. */
  on: PortMatch[] | null;
  /** Where the property is written, for diagnostics and SARIF. */
  file: string;
  line: number;
  column: number;
}
