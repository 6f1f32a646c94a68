/**
 * Universal diff, regions: a region is a conjunction of conditions on one flow (protocol, IP
 * version, port ranges, and per end its kind, namespace, label conditions, service account,
 * address block and named ports). Each condition has two readings that must agree: a term over the
 * symbolic flow (for Z3) and a test on a concrete `Flow` (for replays, sampling and tests).
 *
 * Stage: analysis (diff, universal). Input → output: conditions → terms, verdicts on flows, text.
 * A region may carve exceptions out of that conjunction (`RegionShape.except`): each is again a
 * conjunction, read the same two ways.
 * Contract: for every realisable flow, `condTerm` holds under the flow's assignment iff
 * `condHolds` holds on the flow. A port or ICMP range therefore also requires a protocol that
 * carries the field: the symbolic flow has a port variable even for protocols without ports.
 */
import type { Flow, FlowParty, HypotheticalPod } from '../../../ir/flow.js';
import { ICMP_PROTOCOLS, PORT_CARRIERS, protocolText } from '../../../ir/protocol.js';
import type { Verdict } from '../../../oracle/trace.js';
import { cidrHas, formatCidr, isParseError, parseCidr, parseIp, type Cidr } from '../../../util/cidr.js';
import type { TermFactory } from '../../../smt/factory.js';
import { inCidr, protocolIn, type Case, type FlowVars, type Party, type Side } from '../../../smt/party.js';
import type { Term } from '../../../smt/term.js';

export type PortField = 'srcPort' | 'dstPort' | 'icmpType' | 'icmpCode';
export type LabelMap = 'pod' | 'namespace' | 'serviceAccount';

export type Cond =
  | { kind: 'protocol'; value: number }
  /** Any protocol but these (the ones the policies test). */
  | { kind: 'protocolNotIn'; values: number[] }
  /** One of several conjunctions of the conditions above (a region's services, after merging). */
  | { kind: 'anyOf'; parts: Cond[][] }
  | { kind: 'ipVersion'; value: 4 | 6 }
  | { kind: 'range'; field: PortField; from: number; to: number }
  | { kind: 'end'; side: Side; value: 'pod' | 'external' }
  | { kind: 'namespace'; side: Side; name: string }
  /** A pod in a namespace other than these (the names policies test). */
  | { kind: 'namespaceNotIn'; side: Side; names: string[] }
  /** A pod in one of these namespaces (regions merged across namespaces). */
  | { kind: 'namespaceIn'; side: Side; names: string[] }
  | { kind: 'label'; side: Side; map: LabelMap; key: string; value: string | null }
  /** The key is absent or (`present`: only) has a value outside `values`, the values policies test for. */
  | { kind: 'labelNotIn'; side: Side; map: LabelMap; key: string; values: string[]; present: boolean }
  | { kind: 'serviceAccount'; side: Side; name: string | null }
  /** `cidr` null: a pod without an address of the flow's family. */
  | { kind: 'address'; side: Side; cidr: string | null }
  /** `cidrs` empty: no address at all; else no address, or one outside every block. */
  | { kind: 'addressNotIn'; side: Side; cidrs: string[] }
  /** `port: 'flow'`: the pod has the named port on the flow's protocol and destination port; `'notFlow'`: it has not. */
  | { kind: 'namedPort'; side: Side; name: string; port: { protocol: number; port: number } | null | 'flow' | 'notFlow' };

/** How the two versions decide every flow of a region. */
export interface VerdictChange {
  old: Verdict;
  new: Verdict;
}

const caseOf = (p: Party, kind: 'pod' | 'external'): Case => p.cases.find((k) => k.kind === kind)!;

/** The condition as a term over the universal-mode flow `sides` (cases `pod` and `external`). */
export function condTerm(f: TermFactory, v: FlowVars, sides: Record<Side, Party>, c: Cond): Term {
  switch (c.kind) {
    case 'protocol':
      return f.eq(v.protocol, f.bv(c.value, 8));
    case 'protocolNotIn':
      return f.and(...c.values.map((p) => f.not(f.eq(v.protocol, f.bv(p, 8)))));
    case 'anyOf':
      return f.or(...c.parts.map((part) => f.and(...part.map((x) => condTerm(f, v, sides, x)))));
    case 'ipVersion':
      return c.value === 6 ? v.v6 : f.not(v.v6);
    case 'range': {
      // Only the flows of a protocol that has the field (as `condHolds` reads a concrete flow).
      const ports = c.field === 'srcPort' || c.field === 'dstPort';
      return f.and(protocolIn(f, v, ports ? PORT_CARRIERS : ICMP_PROTOCOLS), f.inRange(v[c.field], c.from, Math.min(c.to, 2 ** (ports ? 16 : 8) - 1)));
    }
    case 'end':
      return caseOf(sides[c.side], c.value).guard;
  }
  const party = sides[c.side];
  if (c.kind === 'address' && caseOf(party, 'external') && c.cidr !== null) {
    // An address block: of an external end, or of a pod end that has an address.
    const cidr = parseCidr(c.cidr, { strict: false });
    if (isParseError(cidr)) return f.F;
    const ext = caseOf(party, 'external');
    const pod = caseOf(party, 'pod');
    return f.or(f.and(ext.guard, inCidr(f, v.v6, ext.address, cidr)), f.and(pod.guard, pod.address.has, inCidr(f, v.v6, pod.address, cidr)));
  }
  if (c.kind === 'addressNotIn') {
    const blocks = c.cidrs.map((t) => parseCidr(t, { strict: false })).filter((x): x is Cidr => !isParseError(x));
    const outside = (k: Case) => f.and(k.guard, f.not(f.and(k.address.has, f.or(...blocks.map((b) => inCidr(f, v.v6, k.address, b))))));
    return f.or(outside(caseOf(party, 'external')), outside(caseOf(party, 'pod')));
  }
  const k = caseOf(party, 'pod');
  const s = k.symbolic!;
  switch (c.kind) {
    case 'namespace':
      return f.and(k.guard, f.eq(s.ns, f.str(c.name)));
    case 'namespaceNotIn':
      return f.and(k.guard, f.not(f.or(...c.names.map((n) => f.eq(s.ns, f.str(n))))));
    case 'namespaceIn':
      return f.and(k.guard, f.or(...c.names.map((n) => f.eq(s.ns, f.str(n)))));
    case 'label':
    case 'labelNotIn': {
      const view = c.map === 'pod' ? s.labels : c.map === 'namespace' ? s.nsLabels : s.saLabels;
      const has = c.map === 'serviceAccount' ? f.and(s.saHas, view.has(c.key)) : view.has(c.key);
      if (c.kind === 'labelNotIn') {
        const other = f.and(has, f.not(f.or(...c.values.map((x) => f.eq(view.val(c.key), f.str(x))))));
        return f.and(k.guard, c.present ? other : f.or(f.not(has), other));
      }
      return f.and(k.guard, c.value === null ? f.not(has) : f.and(has, f.eq(view.val(c.key), f.str(c.value))));
    }
    case 'serviceAccount':
      return f.and(k.guard, c.name === null ? f.not(s.saHas) : f.and(s.saHas, f.eq(s.saName, f.str(c.name))));
    case 'address':
      return f.and(k.guard, f.not(k.address.has));
    case 'namedPort': {
      if (c.port === 'flow') return f.and(k.guard, k.namedPort(c.name, v.protocol, v.dstPort));
      if (c.port === 'notFlow') return f.and(k.guard, f.not(k.namedPort(c.name, v.protocol, v.dstPort)));
      const has = k.namedPort(c.name, f.bv(c.port?.protocol ?? 0, 8), f.bv(c.port?.port ?? 0, 16));
      if (c.port !== null) return f.and(k.guard, has);
      const p = s.namedPorts.get(c.name)!;
      return f.and(k.guard, f.not(p.has));
    }
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

function addressOf(flow: Flow, end: FlowParty): ReturnType<typeof parseIp> | null {
  const text = end.kind === 'external' ? end.ip : end.kind === 'pod' ? end.pod.ip : null;
  if (text === null) return null;
  const ip = parseIp(text, { strict: false });
  return isParseError(ip) || ip.family !== flow.ipVersion ? null : ip;
}

/** The condition on a concrete flow whose ends are hypothetical pods or external addresses. */
export function condHolds(c: Cond, flow: Flow): boolean {
  switch (c.kind) {
    case 'protocol':
      return flow.protocol === c.value;
    case 'protocolNotIn':
      return !c.values.includes(flow.protocol);
    case 'anyOf':
      return c.parts.some((part) => part.every((x) => condHolds(x, flow)));
    case 'ipVersion':
      return flow.ipVersion === c.value;
    case 'range': {
      const x = flow[c.field];
      return x !== undefined && c.from <= x && x <= c.to;
    }
    case 'end':
      return flow[c.side].kind === c.value;
  }
  const end = flow[c.side];
  if (c.kind === 'address' && c.cidr !== null) {
    const cidr = parseCidr(c.cidr, { strict: false });
    const ip = addressOf(flow, end);
    return !isParseError(cidr) && ip !== null && !isParseError(ip) && cidrHas(cidr, ip);
  }
  if (c.kind === 'addressNotIn') {
    const ip = addressOf(flow, end);
    if (ip === null || isParseError(ip)) return true;
    return !c.cidrs.some((t) => {
      const b = parseCidr(t, { strict: false });
      return !isParseError(b) && cidrHas(b, ip);
    });
  }
  if (end.kind !== 'pod') return false;
  const pod: HypotheticalPod = end.pod;
  switch (c.kind) {
    case 'namespace':
      return pod.namespace === c.name;
    case 'namespaceNotIn':
      return !c.names.includes(pod.namespace);
    case 'namespaceIn':
      return c.names.includes(pod.namespace);
    case 'label':
    case 'labelNotIn': {
      const m = c.map === 'pod' ? pod.labels : c.map === 'namespace' ? pod.namespaceLabels : (pod.serviceAccount?.labels ?? null);
      const has = m !== null && hasOwn.call(m, c.key);
      if (c.kind === 'labelNotIn') return has ? !c.values.includes(m[c.key]!) : !c.present;
      return c.value === null ? !has : has && m[c.key] === c.value;
    }
    case 'serviceAccount':
      return c.name === null ? pod.serviceAccount === null : pod.serviceAccount?.name === c.name;
    case 'address':
      return addressOf(flow, end) === null;
    case 'namedPort': {
      const same = pod.ports.filter((p) => p.name === c.name);
      const onFlow = same.some((p) => p.protocol === flow.protocol && p.port === flow.dstPort);
      if (c.port === 'flow' || c.port === 'notFlow') return onFlow === (c.port === 'flow');
      const port = c.port;
      return port === null ? same.length === 0 : same.some((p) => p.protocol === port.protocol && p.port === port.port);
    }
  }
}

export function condsHold(conds: readonly Cond[], flow: Flow): boolean {
  return conds.every((c) => condHolds(c, flow));
}

/** A region's flows: its conditions hold and no exception's do. */
export interface RegionShape {
  readonly conds: readonly Cond[];
  /** Conjunctions of conditions carved out of the region (each confirmed to hold none of its change). */
  readonly except?: readonly (readonly Cond[])[];
}

/** The flow lies in the region: every condition holds and no exception does. */
export function inRegion(r: RegionShape, flow: Flow): boolean {
  return condsHold(r.conds, flow) && !(r.except ?? []).some((e) => condsHold(e, flow));
}

const q = (s: string) => `\`${s}\``;

/** One condition as text, without its side. */
export function describeCond(c: Cond): string {
  switch (c.kind) {
    case 'protocol':
      return protocolText(c.value);
    case 'protocolNotIn':
      return c.values.length === 0 ? 'any protocol' : `any protocol but ${c.values.map(protocolText).join(', ')}`;
    case 'anyOf':
      return c.parts.map((part) => (part.length === 0 ? 'anything' : part.map(describeCond).join(' '))).join('; or ');
    case 'ipVersion':
      return `IPv${c.value}`;
    case 'range':
      return `${c.field} ${c.from === c.to ? c.from : `${c.from}-${c.to}`}`;
    case 'end':
      return c.value === 'pod' ? 'pods' : 'external addresses';
    case 'namespace':
      return `namespace ${q(c.name)}`;
    case 'namespaceNotIn':
      return `namespace not in (${c.names.join(', ')})`;
    case 'namespaceIn':
      return `namespace in (${c.names.join(', ')})`;
    case 'label': {
      const where = c.map === 'pod' ? '' : c.map === 'namespace' ? 'namespace label ' : 'service account label ';
      return c.value === null ? `${where}!${q(c.key)}` : `${where}${q(`${c.key}=${c.value}`)}`;
    }
    case 'labelNotIn': {
      const where = c.map === 'pod' ? '' : c.map === 'namespace' ? 'namespace label ' : 'service account label ';
      const not = c.values.length === 0 ? '' : ` not in (${c.values.join(', ')})`;
      return `${where}${q(c.key)}${c.present ? ' present' : ' absent or'}${not}`;
    }
    case 'serviceAccount':
      return c.name === null ? 'no service account' : `service account ${q(c.name)}`;
    case 'address':
      return c.cidr === null ? 'no address' : `address in ${q(c.cidr)}`;
    case 'addressNotIn':
      return c.cidrs.length === 0 ? 'any address' : `address not in ${c.cidrs.map(q).join(', ')}`;
    case 'namedPort':
      if (c.port === 'flow') return `destination port is its port ${q(c.name)}`;
      if (c.port === 'notFlow') return `destination port is not its port ${q(c.name)}`;
      return c.port === null ? `no port ${q(c.name)}` : `port ${q(c.name)}=${protocolText(c.port.protocol)}/${c.port.port}`;
  }
}

/** The smallest block holding the address (a host route), as canonical text. */
export function hostBlock(ip: string): string | null {
  const a = parseIp(ip, { strict: false });
  if (isParseError(a)) return null;
  return formatCidr({ family: a.family, addr: a.addr, prefix: a.family === 4 ? 32 : 128 });
}
