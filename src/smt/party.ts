/**
 * SMT stage, the symbolic flow: the variables of one flow (IP version, protocol, ports, ICMP type
 * and code) and its two ends, each a finite choice between *cases*: snapshot endpoints (constant
 * facts), one symbolic pod (any namespace, labels, address, named ports, service account) and one
 * external address. The mode picks the cases:
 * - `universal`: a symbolic pod or an external address;
 * - `snapshot`: one of the snapshot's endpoints or an external address;
 * - `any`: all three, with no realisability axioms (the differential tests fix every variable to
 *   a concrete flow of the oracle's, which need not be realisable).
 *
 * Contract: a `Case` offers the same view of an end as the oracle's `Party` (`oracle/party.ts`):
 * an address of the flow's family or none, the entities selectors see (the pod itself, or the
 * network sets whose nets hold the external address) and the pod's named ports. The case guards
 * of one end are mutually exclusive and, under `sel < cases`, exhaustive. Realisability is not part
 * of the views: `axioms.ts` states it, so the same views serve every mode.
 */
import type { Endpoint, Labels, NetworkSet, Program } from '../ir/ast.js';
import { isParseError, parseCidr, parseIp, type Cidr, type IpAddress } from '../util/cidr.js';
import type { TermFactory } from './factory.js';
import { constLabels, guardedLabels, SymbolicLabels, type LabelView } from './labels.js';
import { BOOL, STRING, type Term, type Var } from './term.js';

export type Mode = 'universal' | 'snapshot' | 'any';
export type Side = 'src' | 'dst';

export interface FlowVars {
  /** True for IPv6. */
  v6: Term;
  /** 8 bits. */
  protocol: Term;
  /** 16 bits each. */
  srcPort: Term;
  dstPort: Term;
  /** 8 bits each. */
  icmpType: Term;
  icmpCode: Term;
  /** Whether the flow states the field (always true for a real packet: `T` outside mode `any`). */
  srcPortKnown: Term;
  dstPortKnown: Term;
  icmpTypeKnown: Term;
  icmpCodeKnown: Term;
}

export interface NamespaceView {
  /** Not namespaced (a global network set): decided per case, so a constant. */
  global: boolean;
  /** Name and labels are constants (a namespace of the snapshot, or none). */
  constant: boolean;
  /** String; `""` when global. */
  name: Term;
  labels: LabelView;
}

export interface ServiceAccountView {
  has: Term;
  name: Term;
  labels: LabelView;
}

/** Something selectors see: a pod, or a network set holding an external address. */
export interface EntityView {
  /** Whether the entity belongs to the end (true for the pod itself; address membership for a set). */
  guard: Term;
  labels: LabelView;
  ns: NamespaceView;
  sa: ServiceAccountView;
}

export interface AddressView {
  /** The end has an address of the flow's family. */
  has: Term;
  ip4: Term;
  ip6: Term;
}

export interface NamedPortVars {
  name: string;
  has: Var;
  protocol: Var;
  port: Var;
}

/** The variables of a symbolic pod (`<side>.ns`, `<side>.l.<n>.has`, …). */
export interface SymbolicPod {
  ns: Var;
  nsLabels: SymbolicLabels;
  labels: SymbolicLabels;
  saHas: Var;
  saName: Var;
  saLabels: SymbolicLabels;
  hasAddress: Var;
  namedPorts: Map<string, NamedPortVars>;
}

export type CaseKind = 'endpoint' | 'pod' | 'external';

export interface Case {
  kind: CaseKind;
  /** For names and comments: the endpoint id, `pod` or `external`. */
  label: string;
  guard: Term;
  address: AddressView;
  /** The pod itself (kind `endpoint`/`pod`), or `null` for an external address. */
  pod: EntityView | null;
  /** For an external address: the network sets, guarded by membership. */
  entities: EntityView[];
  /** The pod has a container port `name` with this protocol (8 bits) and number (16 bits). */
  namedPort(name: string, protocol: Term, port: Term): Term;
  endpoint?: Endpoint;
  symbolic?: SymbolicPod;
}

export interface Party {
  side: Side;
  cases: Case[];
  /** The case index; `null` when there is one case. */
  select: Var | null;
}

export interface SymFlow {
  mode: Mode;
  vars: FlowVars;
  src: Party;
  dst: Party;
}

/** `c` contains the flow's address `a` (its family decided by `v6`). */
/** The flow's protocol is one of `ps`. */
export function protocolIn(f: TermFactory, v: FlowVars, ps: readonly number[]): Term {
  return f.or(...ps.map((p) => f.eq(v.protocol, f.bv(p, 8))));
}

export function inCidr(f: TermFactory, v6: Term, a: AddressView, c: Cidr): Term {
  const bits = c.family === 4 ? 32 : 128;
  const ip = c.family === 4 ? a.ip4 : a.ip6;
  const same = c.prefix === 0 ? f.T : f.eq(f.extract(bits - 1, bits - c.prefix, ip), f.bv(c.addr >> BigInt(bits - c.prefix), c.prefix));
  return f.and(c.family === 4 ? f.not(v6) : v6, same);
}

/** Parses IR CIDR text as the oracle does (lenient; text that does not parse matches nothing). */
export function cidrsOf(texts: readonly string[]): Cidr[] {
  return texts.map((t) => parseCidr(t, { strict: false })).filter((c): c is Cidr => !isParseError(c));
}

function namespaceLabelsOf(program: Program, ns: string): Labels {
  return program.snapshot?.namespaces.find((n) => n.name === ns)?.labels ?? {};
}

const NO_SA = (f: TermFactory): ServiceAccountView => ({ has: f.F, name: f.str(''), labels: constLabels(f, {}) });

function endpointCase(f: TermFactory, program: Program, v: FlowVars, e: Endpoint, guard: Term): Case {
  // The oracle's address of an endpoint: its first IP of the flow's family.
  const ips = (e.ips ?? []).map((t) => parseIp(t, { strict: false })).filter((a): a is IpAddress => !isParseError(a));
  const first = (fam: 4 | 6) => ips.find((a) => a.family === fam);
  const [a4, a6] = [first(4), first(6)];
  const pod: EntityView = {
    guard: f.T,
    labels: constLabels(f, e.labels),
    ns: { global: false, constant: true, name: f.str(e.namespace), labels: constLabels(f, namespaceLabelsOf(program, e.namespace)) },
    sa: e.serviceAccount
      ? { has: f.T, name: f.str(e.serviceAccount.name), labels: constLabels(f, e.serviceAccount.labels) }
      : NO_SA(f),
  };
  return {
    kind: 'endpoint',
    label: e.id,
    guard,
    address: { has: f.ite(v.v6, f.bool(a6 !== undefined), f.bool(a4 !== undefined)), ip4: f.bv(a4?.addr ?? 0n, 32), ip6: f.bv(a6?.addr ?? 0n, 128) },
    pod,
    entities: [],
    namedPort: (name, protocol, port) =>
      f.or(...e.ports.filter((p) => p.name === name).map((p) => f.and(f.eq(protocol, f.bv(p.protocol, 8)), f.eq(port, f.bv(p.port, 16))))),
    endpoint: e,
  };
}

function symbolicCase(f: TermFactory, side: Side, ip4: Term, ip6: Term, guard: Term): Case {
  const sym: SymbolicPod = {
    ns: f.var(`${side}.ns`, STRING),
    nsLabels: new SymbolicLabels(f, `${side}.nsl`),
    labels: new SymbolicLabels(f, `${side}.l`),
    saHas: f.var(`${side}.sa`, BOOL),
    saName: f.var(`${side}.sa.name`, STRING),
    saLabels: new SymbolicLabels(f, `${side}.sal`),
    hasAddress: f.var(`${side}.hasip`, BOOL),
    namedPorts: new Map(),
  };
  const portVars = (name: string): NamedPortVars => {
    let p = sym.namedPorts.get(name);
    if (!p) {
      const n = sym.namedPorts.size;
      p = { name, has: f.var(`${side}.np.${n}.has`, BOOL), protocol: f.var(`${side}.np.${n}.proto`, { kind: 'bv', width: 8 }), port: f.var(`${side}.np.${n}.port`, { kind: 'bv', width: 16 }) };
      sym.namedPorts.set(name, p);
    }
    return p;
  };
  return {
    kind: 'pod',
    label: 'pod',
    guard,
    address: { has: sym.hasAddress, ip4, ip6 },
    pod: {
      guard: f.T,
      labels: sym.labels,
      ns: { global: false, constant: false, name: sym.ns, labels: sym.nsLabels },
      sa: { has: sym.saHas, name: sym.saName, labels: guardedLabels(f, sym.saHas, sym.saLabels) },
    },
    entities: [],
    namedPort: (name, protocol, port) => {
      const p = portVars(name);
      return f.and(p.has, f.eq(p.protocol, protocol), f.eq(p.port, port));
    },
    symbolic: sym,
  };
}

function networkSetEntity(f: TermFactory, program: Program, v6: Term, a: AddressView, s: NetworkSet): EntityView {
  return {
    guard: f.or(...cidrsOf(s.nets).map((c) => inCidr(f, v6, a, c))),
    labels: constLabels(f, s.labels),
    ns:
      s.namespace === null
        ? { global: true, constant: true, name: f.str(''), labels: constLabels(f, {}) }
        : { global: false, constant: true, name: f.str(s.namespace), labels: constLabels(f, namespaceLabelsOf(program, s.namespace)) },
    sa: NO_SA(f),
  };
}

function externalCase(f: TermFactory, program: Program, v6: Term, ip4: Term, ip6: Term, guard: Term): Case {
  const address: AddressView = { has: f.T, ip4, ip6 };
  return {
    kind: 'external',
    label: 'external',
    guard,
    address,
    pod: null,
    entities: (program.snapshot?.networkSets ?? []).map((s) => networkSetEntity(f, program, v6, address, s)),
    namedPort: () => f.F,
  };
}

function bitsFor(n: number): number {
  return Math.max(1, Math.ceil(Math.log2(n)));
}

export function buildParty(f: TermFactory, program: Program, v: FlowVars, side: Side, mode: Mode): Party {
  const ip4 = f.var(`${side}.ip4`, { kind: 'bv', width: 32 });
  const ip6 = f.var(`${side}.ip6`, { kind: 'bv', width: 128 });
  const endpoints = mode === 'universal' ? [] : (program.snapshot?.endpoints ?? []);
  const n = endpoints.length + (mode === 'snapshot' ? 0 : 1) + 1;
  const select = n > 1 ? f.var(`${side}.case`, { kind: 'bv', width: bitsFor(n) }) : null;
  const guard = (i: number) => (select ? f.eq(select, f.bv(i, bitsFor(n))) : f.T);
  const cases: Case[] = endpoints.map((e, i) => endpointCase(f, program, v, e, guard(i)));
  if (mode !== 'snapshot') cases.push(symbolicCase(f, side, ip4, ip6, guard(cases.length)));
  cases.push(externalCase(f, program, v.v6, ip4, ip6, guard(cases.length)));
  return { side, cases, select };
}

/** The flow's variables; outside mode `any` a flow states every field its protocol has. */
export function buildFlow(f: TermFactory, program: Program, mode: Mode): SymFlow {
  const known = (name: string) => (mode === 'any' ? f.var(name, BOOL) : f.T);
  const vars: FlowVars = {
    v6: f.var('flow.v6', BOOL),
    protocol: f.var('flow.protocol', { kind: 'bv', width: 8 }),
    srcPort: f.var('flow.srcPort', { kind: 'bv', width: 16 }),
    dstPort: f.var('flow.dstPort', { kind: 'bv', width: 16 }),
    icmpType: f.var('flow.icmpType', { kind: 'bv', width: 8 }),
    icmpCode: f.var('flow.icmpCode', { kind: 'bv', width: 8 }),
    srcPortKnown: known('flow.srcPort.known'),
    dstPortKnown: known('flow.dstPort.known'),
    icmpTypeKnown: known('flow.icmpType.known'),
    icmpCodeKnown: known('flow.icmpCode.known'),
  };
  return { mode, vars, src: buildParty(f, program, vars, 'src', mode), dst: buildParty(f, program, vars, 'dst', mode) };
}
