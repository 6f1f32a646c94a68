/**
 * Smart constructors for the IR: the way lowering, tests and generators build programs.
 *
 * Contract: every constructor returns a value that keeps the invariants of `ast.ts` (canonical
 * CIDR and IP text, protocol numbers 0–255, ports 0–65535 with `from ≤ to`, `types` in canonical
 * order, tiers and policies in evaluation order, unique names) or throws `IrBuildError`. Callers
 * validate user input first and report it as diagnostics; a throw here is a bug in the caller.
 * Absent match fields become `null` ("no constraint"), which is what absence means in the IR.
 *
 * The implicit labels and the tier numbers that lowering must write out live here, so every
 * front end writes the same ones.
 */
import { formatCidr, formatIp, isParseError, parseCidr, parseIp } from '../util/cidr.js';
import type {
  Action,
  Direction,
  Endpoint,
  FinalAction,
  IcmpMatch,
  Labels,
  Namespace,
  NamedPort,
  NetworkSet,
  Origin,
  PeerMatch,
  Policy,
  PortSpec,
  Program,
  Rule,
  RuleOrigin,
  ServiceAccount,
  Snapshot,
  Subject,
  Tier,
} from './ast.js';
import { DIRECTIONS } from './ast.js';
import { inEvaluationOrder } from './order.js';
import { isProtocolNumber, protocolNumber } from './protocol.js';

export class IrBuildError extends Error {
  override name = 'IrBuildError';
}

// ── numbers lowering writes out ───────────────────────────────────────────────────────────────

/**
 * Tiers of the input kinds. Calico puts AdminNetworkPolicy in tier `adminnetworkpolicy`, order
 * 1,000, default action Pass (Calico "Get started with policy tiers"), and Kubernetes
 * NetworkPolicy with Calico's untiered policies in tier `default`, order 1,000,000 (Calico
 * reference "Tier"). BaselineAdminNetworkPolicy must come after every other tier and fall through
 * to the final allow when nothing matches (network-policy-api "BaselineAdminNetworkPolicy"):
 * netpolc gives it order 10,000,000 and default action Pass.
 */
export const ADMIN_TIER = Object.freeze({ name: 'adminnetworkpolicy', order: 1000, defaultAction: 'pass' as const });
export const DEFAULT_TIER = Object.freeze({ name: 'default', order: 1_000_000, defaultAction: 'deny' as const });
export const BASELINE_TIER = Object.freeze({
  name: 'baselineadminnetworkpolicy',
  order: 10_000_000,
  defaultAction: 'pass' as const,
});
/** Calico's order for every Kubernetes NetworkPolicy (Calico docs on Kubernetes policy). */
export const K8S_POLICY_ORDER = 1000;

/** Kubernetes sets this on every namespace ("Namespaces", automatic labelling). */
export const K8S_NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Calico exposes a namespace's name under this key to `namespaceSelector`s (Calico reference "NetworkPolicy"). */
export const CALICO_NAME_LABEL = 'projectcalico.org/name';
/** Calico's labels on workload endpoints (Calico reference "WorkloadEndpoint", "Rule"). */
export const CALICO_NAMESPACE_LABEL = 'projectcalico.org/namespace';
export const CALICO_ORCHESTRATOR_LABEL = 'projectcalico.org/orchestrator';
export const CALICO_SERVICE_ACCOUNT_LABEL = 'projectcalico.org/serviceaccount';

// ── values ───────────────────────────────────────────────────────────────────────────────────

/** Canonical CIDR text; host bits are cleared (as Calico's `normalizeIPNet` does). */
export function cidr(text: string): string {
  const c = parseCidr(text, { strict: false });
  if (isParseError(c)) throw new IrBuildError(c.error);
  return formatCidr(c);
}

/** Canonical address text. */
export function ip(text: string): string {
  const a = parseIp(text, { strict: false });
  if (isParseError(a)) throw new IrBuildError(a.error);
  return formatIp(a);
}

export function protocol(p: string | number): number {
  const n = typeof p === 'number' ? p : protocolNumber(p);
  if (n === undefined || !isProtocolNumber(n)) throw new IrBuildError(`\`${p}\` is not a protocol`);
  return n;
}

function checkPort(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new IrBuildError(`\`${n}\` is not a port`);
}

export function port(n: number): PortSpec {
  return portRange(n, n);
}

export function portRange(from: number, to: number): PortSpec {
  checkPort(from);
  checkPort(to);
  if (from > to) throw new IrBuildError(`port range \`${from}-${to}\` is empty`);
  return { kind: 'range', from, to };
}

export function namedPort(name: string): PortSpec {
  if (name === '') throw new IrBuildError('a named port needs a name');
  return { kind: 'named', name };
}

export function icmp(type: number, code: number | null = null): IcmpMatch {
  for (const v of code === null ? [type] : [type, code])
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new IrBuildError(`\`${v}\` is not an ICMP type or code`);
  return { type, code };
}

// ── rules and policies ───────────────────────────────────────────────────────────────────────

export const ANY_PEER: Readonly<PeerMatch> = Object.freeze({
  nets: null,
  notNets: null,
  selector: null,
  notSelector: null,
  namespace: null,
  serviceAccounts: null,
  ports: null,
  notPorts: null,
});

export function peer(p: Partial<PeerMatch> = {}): PeerMatch {
  const out: PeerMatch = { ...ANY_PEER, ...p };
  if (out.nets) out.nets = { scope: out.nets.scope, cidrs: out.nets.cidrs.map(cidr) };
  if (out.notNets) out.notNets = out.notNets.map(cidr);
  return out;
}

export type RuleInput = Partial<Omit<Rule, 'action' | 'origin' | 'src' | 'dst'>> & {
  action: Action;
  origin: RuleOrigin;
  src?: Partial<PeerMatch>;
  dst?: Partial<PeerMatch>;
};

export function rule(r: RuleInput): Rule {
  for (const p of [r.protocol, r.notProtocol])
    if (p !== undefined && p !== null && !isProtocolNumber(p)) throw new IrBuildError(`\`${p}\` is not a protocol`);
  return {
    action: r.action,
    ipVersion: r.ipVersion ?? null,
    protocol: r.protocol ?? null,
    notProtocol: r.notProtocol ?? null,
    icmp: r.icmp ?? null,
    notIcmp: r.notIcmp ?? null,
    src: peer(r.src),
    dst: peer(r.dst),
    unknown: r.unknown ?? [],
    origin: r.origin,
  };
}

export function origin(file: string, line: number, column: number, kind: string, name: string): Origin {
  return { file, line, column, kind, name };
}

export function ruleOrigin(o: Origin, index: number, path = '', at?: { line: number; column: number }): RuleOrigin {
  return { ...o, line: at?.line ?? o.line, column: at?.column ?? o.column, index, path };
}

export type PolicyInput = Partial<Omit<Policy, 'name' | 'origin' | 'subject' | 'types'>> & {
  name: string;
  origin: Origin;
  types: Direction[];
  subject: Partial<Subject> & Pick<Subject, 'selector'>;
};

function checkOrder(order: number | null | undefined, what: string): void {
  if (order !== undefined && order !== null && !Number.isFinite(order))
    throw new IrBuildError(`${what} order \`${order}\` is not a finite number (use null for "no order")`);
}

export function policy(p: PolicyInput): Policy {
  checkOrder(p.order, `policy \`${p.name}\``);
  return {
    name: p.name,
    order: p.order ?? null,
    types: DIRECTIONS.filter((d) => p.types.includes(d)),
    subject: {
      selector: p.subject.selector,
      namespace: p.subject.namespace ?? null,
      serviceAccounts: p.subject.serviceAccounts ?? null,
    },
    ingress: p.ingress ?? [],
    egress: p.egress ?? [],
    unknown: p.unknown ?? [],
    origin: p.origin,
  };
}

function uniqueNames(xs: readonly { name: string }[], what: string): void {
  const seen = new Set<string>();
  for (const x of xs) {
    if (seen.has(x.name)) throw new IrBuildError(`${what} \`${x.name}\` is defined twice`);
    seen.add(x.name);
  }
}

export function tier(t: Omit<Tier, 'policies'> & { policies?: Policy[] }): Tier {
  checkOrder(t.order, `tier \`${t.name}\``);
  const policies = inEvaluationOrder(t.policies ?? []);
  uniqueNames(policies, `policy in tier \`${t.name}\``);
  return { name: t.name, order: t.order, defaultAction: t.defaultAction, policies };
}

export function program(p: { snapshot?: Snapshot | null; tiers: Tier[]; final: FinalAction }): Program {
  const tiers = inEvaluationOrder(p.tiers);
  uniqueNames(tiers, 'tier');
  return { snapshot: p.snapshot ?? null, tiers, final: p.final };
}

// ── the cluster ──────────────────────────────────────────────────────────────────────────────

/** A namespace with its implicit labels written out. */
export function namespace(name: string, labels: Labels = {}): Namespace {
  return { name, labels: { ...labels, [K8S_NAMESPACE_NAME_LABEL]: name, [CALICO_NAME_LABEL]: name } };
}

/** A pod's labels plus the ones Calico adds to its workload endpoint. */
export function podLabels(ns: string, labels: Labels, serviceAccount: string | null): Labels {
  const out: Record<string, string> = {
    ...labels,
    [CALICO_NAMESPACE_LABEL]: ns,
    [CALICO_ORCHESTRATOR_LABEL]: 'k8s',
  };
  if (serviceAccount !== null) out[CALICO_SERVICE_ACCOUNT_LABEL] = serviceAccount;
  return out;
}

export interface EndpointInput {
  /** The pod name; the id is `namespace/name`. */
  name: string;
  namespace: string;
  labels?: Labels;
  workload?: string | null;
  ips?: string[] | null;
  ports?: NamedPort[];
  serviceAccount?: ServiceAccount | null;
}

/** An endpoint with its implicit labels written out. */
export function endpoint(e: EndpointInput): Endpoint {
  const sa = e.serviceAccount === undefined ? null : e.serviceAccount;
  return {
    id: `${e.namespace}/${e.name}`,
    workload: e.workload ?? null,
    namespace: e.namespace,
    labels: podLabels(e.namespace, e.labels ?? {}, sa?.name ?? null),
    ips: e.ips === null ? null : (e.ips ?? []).map(ip),
    ports: (e.ports ?? []).map((p) => {
      checkPort(p.port);
      if (!isProtocolNumber(p.protocol)) throw new IrBuildError(`\`${p.protocol}\` is not a protocol`);
      return { ...p };
    }),
    serviceAccount: sa,
  };
}

export function networkSet(n: NetworkSet): NetworkSet {
  return { ...n, nets: n.nets.map(cidr) };
}

export function snapshot(s: Partial<Snapshot>): Snapshot {
  const out: Snapshot = { namespaces: s.namespaces ?? [], endpoints: s.endpoints ?? [], networkSets: s.networkSets ?? [] };
  uniqueNames(out.namespaces, 'namespace');
  uniqueNames(out.endpoints.map((e) => ({ name: e.id })), 'endpoint');
  uniqueNames(out.networkSets.map((n) => ({ name: `${n.namespace ?? ''}/${n.name}` })), 'network set');
  return out;
}
