/**
 * Universal diff, from a witness to a region: the witness's class (every variable the encodings
 * read pinned to its value), then widened one dimension at a time while Z3 confirms that the whole
 * wider region is still decided the same way in both versions.
 *
 * Stage: analysis (diff, universal). Input → output: witness flow → conditions (`region.ts`).
 * Contract: `witnessConds` holds on the witness and pins the label keys, named ports, namespace,
 * service account, address, protocol and fields that the shared encoding reads, so both verdicts
 * are constant on it; `generalise` only ever returns conditions that Z3 confirmed (or the pinned
 * class). Widening order is chosen for readable output: ports to their full range, an end to
 * "any pod"/"any external address", then label conditions before the namespace (a namespace
 * pinned by name makes its labels redundant), address blocks as short as confirmed.
 */
import { CALICO_NAME_LABEL, K8S_NAMESPACE_NAME_LABEL } from '../../../ir/build.js';
import type { Flow } from '../../../ir/flow.js';
import { cidrHas, formatCidr, isParseError, netmask, parseCidr, parseIp } from '../../../util/cidr.js';
import type { Side } from '../../../smt/party.js';
import { postOrder, type Term } from '../../../smt/term.js';
import type { SharedEncoding } from './sharedEncoding.js';
import { hostBlock, type Cond, type PortField, type VerdictChange } from './region.js';
import type { DiffQueries } from './diffQueries.js';

const FIELDS: readonly PortField[] = ['dstPort', 'srcPort', 'icmpType', 'icmpCode'];
/** Namespace labels whose value is the namespace's name (Kubernetes', Calico's). */
const NAME_LABELS: readonly string[] = [K8S_NAMESPACE_NAME_LABEL, CALICO_NAME_LABEL];

/** The class of the witness (see the file contract). */
export function witnessConds(enc: SharedEncoding, flow: Flow): Cond[] {
  const out: Cond[] = [{ kind: 'protocol', value: flow.protocol }, { kind: 'ipVersion', value: flow.ipVersion }];
  for (const field of FIELDS) {
    const x = flow[field];
    if (x !== undefined) out.push({ kind: 'range', field, from: x, to: x });
  }
  for (const side of ['src', 'dst'] as const) {
    const end = flow[side];
    if (end.kind === 'endpoint') throw new Error('internal error: a universal witness names a snapshot endpoint');
    out.push({ kind: 'end', side, value: end.kind === 'pod' ? 'pod' : 'external' });
    if (end.kind === 'external') {
      const block = hostBlock(end.ip);
      if (block !== null) out.push({ kind: 'address', side, cidr: block });
      continue;
    }
    const pod = end.pod;
    const sym = enc.old.flow[side].cases.find((k) => k.symbolic)!.symbolic!;
    const own = (m: Record<string, string>, k: string) => (Object.prototype.hasOwnProperty.call(m, k) ? m[k]! : null);
    for (const k of sym.labels.keys()) out.push({ kind: 'label', side, map: 'pod', key: k.key, value: own(pod.labels, k.key) });
    for (const k of sym.nsLabels.keys()) out.push({ kind: 'label', side, map: 'namespace', key: k.key, value: own(pod.namespaceLabels, k.key) });
    if (pod.serviceAccount)
      for (const k of sym.saLabels.keys()) out.push({ kind: 'label', side, map: 'serviceAccount', key: k.key, value: own(pod.serviceAccount.labels, k.key) });
    for (const p of sym.namedPorts.values()) {
      const port = pod.ports.find((x) => x.name === p.name);
      out.push({ kind: 'namedPort', side, name: p.name, port: port ? { protocol: port.protocol, port: port.port } : null });
    }
    out.push({ kind: 'serviceAccount', side, name: pod.serviceAccount?.name ?? null });
    out.push({ kind: 'namespace', side, name: pod.namespace });
    out.push({ kind: 'address', side, cidr: pod.ip === null ? null : hostBlock(pod.ip) });
  }
  return out;
}

const mentionedCache = new WeakMap<SharedEncoding, Map<string, Set<string>>>();

/** Label value variable name → the string constants the verdicts compare it with. */
function mentioned(enc: SharedEncoding): Map<string, Set<string>> {
  let out = mentionedCache.get(enc);
  if (out) return out;
  out = new Map();
  for (const t of postOrder([enc.old.allowed, enc.old.denied, enc.newAllowed, enc.newDenied])) {
    if (t.op !== 'eq') continue;
    const [a, b] = t.args as [Term, Term];
    const [v, c] = a.op === 'var' ? [a, b] : [b, a];
    if (v.op !== 'var' || c.op !== 'const' || typeof c.value !== 'string') continue;
    let set = out.get(v.name);
    if (!set) out.set(v.name, (set = new Set()));
    set.add(c.value);
  }
  mentionedCache.set(enc, out);
  return out;
}

/** The address blocks the verdicts test (prefix tests on an address variable), as CIDR text. */
function mentionedBlocks(enc: SharedEncoding): string[] {
  const out = new Set<string>();
  for (const t of postOrder([enc.old.allowed, enc.old.denied, enc.newAllowed, enc.newDenied])) {
    if (t.op !== 'eq') continue;
    const [a, b] = t.args as [Term, Term];
    const [x, c] = a.op === 'extract' ? [a, b] : [b, a];
    if (x.op !== 'extract' || c.op !== 'const' || typeof c.value !== 'bigint' || x.args[0]!.op !== 'var') continue;
    const family = x.args[0]!.name.endsWith('ip6') ? 6 : 4;
    const bits = family === 4 ? 32 : 128;
    if (x.hi !== bits - 1) continue;
    out.add(formatCidr({ family, addr: c.value << BigInt(x.lo), prefix: bits - x.lo }));
  }
  return [...out].sort();
}

/** The protocol numbers the verdicts compare the flow's protocol with, sorted. */
function mentionedProtocols(enc: SharedEncoding): number[] {
  const v = enc.old.flow.vars.protocol;
  const out = new Set<number>();
  for (const t of postOrder([enc.old.allowed, enc.old.denied, enc.newAllowed, enc.newDenied])) {
    if (t.op !== 'eq') continue;
    const [a, b] = t.args as [Term, Term];
    const c = a === v ? b : b === v ? a : null;
    if (c && c.op === 'const' && (typeof c.value === 'bigint' || typeof c.value === 'number')) out.add(Number(c.value));
  }
  return [...out].sort((x, y) => x - y);
}

/** The values the policies test the label of `c` against, sorted. */
function valuesOf(enc: SharedEncoding, c: Extract<Cond, { kind: 'label' }>): string[] {
  const sym = enc.old.flow[c.side].cases.find((k) => k.symbolic)!.symbolic!;
  const view = c.map === 'pod' ? sym.labels : c.map === 'namespace' ? sym.nsLabels : sym.saLabels;
  return [...(mentioned(enc).get(view.vars(c.key).val.name) ?? [])].sort();
}

const onSide = (c: Cond, side: Side) => 'side' in c && c.side === side && c.kind !== 'end';

/** Widens `start` (confirmed) as far as Z3 confirms that every flow of it gets `change` (see the file contract). */
export function generalise(q: DiffQueries, start: Cond[], change: VerdictChange, budget = 120): Promise<Cond[]> {
  return widen(q, start, (next) => q.confirms(next, change), { budget });
}

export interface WidenOptions {
  /** Solver queries to spend at most. */
  budget: number;
  /** Never widen to a negative condition (`…NotIn`): for exceptions, which are read negated. */
  positiveOnly?: boolean;
}

/** Widens `start` (accepted) as far as `accept` keeps answering yes (see the file contract). */
export async function widen(q: DiffQueries, start: Cond[], accept: (conds: Cond[]) => Promise<boolean>, opts: WidenOptions): Promise<Cond[]> {
  let cur = start;
  const limit = q.queries + opts.budget;
  const negative = !opts.positiveOnly;
  const tryWith = async (next: Cond[]): Promise<boolean> => {
    if (q.queries >= limit || !(await accept(next))) return false;
    cur = next;
    return true;
  };
  const replace = (old: Cond, by: Cond | null) => cur.flatMap((c) => (c === old ? (by ? [by] : []) : [c]));

  // Ports first: to their full range, else the destination port's range as wide as confirmed.
  const widenRanges = async () => {
    for (const field of FIELDS) {
      const c = cur.find((x) => x.kind === 'range' && x.field === field);
      if (!c || c.kind !== 'range') continue;
      if ((await tryWith(replace(c, null))) || field !== 'dstPort') continue;
      // Monotone in each bound: a lower `from` is a larger region. Binary search both bounds.
      let at: Extract<Cond, { kind: 'range' }> = c;
      let good = at.from;
      let bad = -1;
      while (good - bad > 1) {
        const mid = (good + bad) >> 1;
        const next = { ...at, from: mid };
        if (await tryWith(replace(at, next))) [good, at] = [mid, next];
        else bad = mid;
      }
      let hiGood = at.to;
      let hiBad = 65536;
      while (hiBad - hiGood > 1) {
        const mid = (hiGood + hiBad) >> 1;
        const next = { ...at, to: mid };
        if (await tryWith(replace(at, next))) [hiGood, at] = [mid, next];
        else hiBad = mid;
      }
    }
  };
  await widenRanges();
  // The protocol: any at all, else any the policies do not test (they cannot tell those apart).
  const proto = cur.find((c) => c.kind === 'protocol');
  if (proto && proto.kind === 'protocol' && !(await tryWith(replace(proto, null)))) {
    const tested = mentionedProtocols(q.enc);
    if (negative && !tested.includes(proto.value)) await tryWith(replace(proto, { kind: 'protocolNotIn', values: tested }));
  }
  let portFollows = false;

  for (const side of ['src', 'dst'] as const) {
    if (!cur.some((c) => onSide(c, side)) || (await tryWith(cur.filter((c) => !onSide(c, side))))) continue;
    const rank = (c: Cond) => (c.kind === 'label' ? (c.map === 'pod' ? 0 : c.map === 'namespace' ? 1 : 2) : c.kind === 'namedPort' ? 3 : c.kind === 'serviceAccount' ? 4 : c.kind === 'namespace' ? 5 : 6);
    for (const c of cur.filter((x) => onSide(x, side)).sort((a, b) => rank(a) - rank(b))) {
      if (await tryWith(replace(c, null))) continue;
      if (c.kind === 'label') {
        // A value no policy tests (or none) stands for every such value.
        const values = valuesOf(q.enc, c);
        if (!negative || (c.value !== null && values.includes(c.value))) continue;
        const base = { kind: 'labelNotIn', side, map: c.map, key: c.key, values } as const;
        if (!(await tryWith(replace(c, { ...base, present: false }))) && c.value !== null) await tryWith(replace(c, { ...base, present: true }));
      }
      if (c.kind === 'namespace') {
        const sym = q.enc.old.flow[side].cases.find((k) => k.symbolic)!.symbolic!;
        // The names policies test, directly or through the name labels, and the namespaces a
        // snapshot declares (their labels are fixed).
        const declared = [q.enc.old.program, q.enc.newProgram].flatMap((p) => (p.snapshot?.namespaces ?? []).map((n) => n.name));
        const byLabel = sym.nsLabels
          .keys()
          .filter((k) => NAME_LABELS.includes(k.key))
          .flatMap((k) => [...(mentioned(q.enc).get(k.val.name) ?? [])]);
        const names = [...new Set([...(mentioned(q.enc).get(sym.ns.name) ?? []), ...byLabel, ...declared])].sort();
        if (negative && !names.includes(c.name)) await tryWith(replace(c, { kind: 'namespaceNotIn', side, names }));
      }
      if (c.kind === 'namedPort' && typeof c.port !== 'string') {
        // A named-port rule: the flow's port is the pod's (or is not), whatever number that is.
        const flowPort = cur.find((x) => x.kind === 'range' && x.field === 'dstPort');
        const onFlow = c.port !== null && flowPort?.kind === 'range' && flowPort.from === c.port.port && flowPort.to === c.port.port;
        if (await tryWith(replace(c, { ...c, port: onFlow ? 'flow' : 'notFlow' }))) portFollows = true;
      }
      if (negative && c.kind === 'address' && c.cidr !== null) {
        const ip = parseIp(c.cidr.split('/')[0]!, { strict: false });
        const blocks = mentionedBlocks(q.enc).filter((b) => {
          const x = parseCidr(b, { strict: false });
          return !isParseError(x) && !isParseError(ip) && !cidrHas(x, ip);
        });
        if (await tryWith(replace(c, { kind: 'addressNotIn', side, cidrs: blocks }))) continue;
      }
      if (c.kind === 'address' && c.cidr !== null) await widenBlock(c, (next) => tryWith(replace(cur.find((x) => x.kind === 'address' && x.side === side)!, next)));
    }
  }
  if (portFollows) await widenRanges();
  const ipv = cur.find((c) => c.kind === 'ipVersion');
  if (ipv) await tryWith(replace(ipv, null));
  return cur;
}

/** The shortest prefix around the host block `c` that `accept` confirms (monotone: shorter is larger). */
async function widenBlock(c: Extract<Cond, { kind: 'address' }>, accept: (next: Cond) => Promise<boolean>): Promise<void> {
  const ip = parseIp(c.cidr!.split('/')[0]!, { strict: false });
  if (isParseError(ip)) return;
  let good = ip.family === 4 ? 32 : 128;
  let bad = -1;
  while (good - bad > 1) {
    const mid = (good + bad) >> 1;
    const cidr = formatCidr({ family: ip.family, addr: ip.addr & netmask(ip.family, mid), prefix: mid });
    if (await accept({ ...c, cidr })) good = mid;
    else bad = mid;
  }
}
