/**
 * IR stage, writing: `Program` → canonical IR text, the inverse of `parse.ts`
 * (`parseIr(printIr(p)).value` deep-equals `p` for every `p` that keeps the invariants of
 * `ast.ts`).
 *
 * Contract: deterministic; one line per snapshot item, policy header and rule; label maps sorted
 * by key; protocols by name where they have one; selectors in Calico's canonical form
 * (`printSelector`) inside `sel(…)`, without the outer parentheses Calico puts around a top-level
 * `&&`/`||`; a rule's provenance in the short `@ line:col rule N` form when its file, kind and
 * resource name are the policy's.
 */
import { compareCodePoints, printSelector } from '../selector/index.js';
import type {
  Endpoint,
  IcmpMatch,
  Labels,
  NamespaceScope,
  NetworkSet,
  Origin,
  PeerMatch,
  Policy,
  PortSpec,
  Program,
  Rule,
  Selector,
  ServiceAccountMatch,
  Snapshot,
  Tier,
} from './ast.js';
import { protocolText } from './protocol.js';

const INDENT = '  ';

export function str(s: string): string {
  return JSON.stringify(s);
}

export function printLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort(compareCodePoints);
  return `{${keys.map((k) => `${str(k)}: ${str(labels[k]!)}`).join(', ')}}`;
}

/** A selector as the body of `sel(…)`. */
export function printSel(s: Selector): string {
  const text = printSelector(s);
  // Calico parenthesises a top-level `&&`/`||`; the `sel(…)` parentheses already delimit it.
  return (s.op === 'and' || s.op === 'or') && s.args.length >= 2 ? text.slice(1, -1) : text;
}

function list(xs: readonly string[]): string {
  return `[${xs.join(', ')}]`;
}

export function printPort(p: PortSpec): string {
  if (p.kind === 'named') return str(p.name);
  return p.from === p.to ? String(p.from) : `${p.from}-${p.to}`;
}

function printNamespaceScope(ns: NamespaceScope): string {
  return ns.kind === 'name' ? `ns ${str(ns.name)}` : `ns(${printSel(ns.selector)})`;
}

function printServiceAccounts(sa: ServiceAccountMatch): string {
  if (sa.names === null && sa.selector === null) return 'sa any';
  const parts = ['sa'];
  if (sa.names !== null) parts.push(`names ${list(sa.names.map(str))}`);
  if (sa.selector !== null) parts.push(`sel(${printSel(sa.selector)})`);
  return parts.join(' ');
}

export function printPeer(p: PeerMatch): string {
  const parts: string[] = [];
  if (p.nets) parts.push(`${p.nets.scope === 'external' ? 'external ' : ''}nets ${list(p.nets.cidrs)}`);
  if (p.notNets) parts.push(`not nets ${list(p.notNets)}`);
  if (p.selector) parts.push(`sel(${printSel(p.selector)})`);
  if (p.notSelector) parts.push(`not sel(${printSel(p.notSelector)})`);
  if (p.namespace) parts.push(printNamespaceScope(p.namespace));
  if (p.serviceAccounts) parts.push(printServiceAccounts(p.serviceAccounts));
  if (p.ports) parts.push(`ports ${list(p.ports.map(printPort))}`);
  if (p.notPorts) parts.push(`not ports ${list(p.notPorts.map(printPort))}`);
  return parts.length === 0 ? 'any' : parts.join(' ');
}

function printIcmp(m: IcmpMatch): string {
  return m.code === null ? `type ${m.type}` : `type ${m.type} code ${m.code}`;
}

function printKind(kind: string): string {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(kind) ? kind : str(kind);
}

function printPlace(o: Origin): string {
  return `${str(o.file)}:${o.line}:${o.column} ${printKind(o.kind)} ${str(o.name)}`;
}

function printUnknown(reasons: readonly string[]): string[] {
  return reasons.map((r) => `unknown ${str(r)}`);
}

/** One rule line, without indentation or direction. */
export function printRule(r: Rule, policyOrigin: Origin): string {
  const parts: string[] = [r.action];
  if (r.ipVersion !== null) parts.push(`ipv${r.ipVersion}`);
  if (r.protocol !== null) parts.push(`proto ${protocolText(r.protocol)}`);
  if (r.notProtocol !== null) parts.push(`not proto ${protocolText(r.notProtocol)}`);
  if (r.icmp) parts.push(`icmp ${printIcmp(r.icmp)}`);
  if (r.notIcmp) parts.push(`not icmp ${printIcmp(r.notIcmp)}`);
  parts.push(`from ${printPeer(r.src)}`, `to ${printPeer(r.dst)}`, ...printUnknown(r.unknown));
  const o = r.origin;
  const short = o.file === policyOrigin.file && o.kind === policyOrigin.kind && o.name === policyOrigin.name;
  const place = short ? `${o.line}:${o.column}` : printPlace(o);
  parts.push(`@ ${place} rule ${o.index}${o.path === '' ? '' : ` ${str(o.path)}`}`);
  return parts.join(' ');
}

function printOrder(order: number | null): string {
  return order === null ? 'order none' : `order ${String(order)}`;
}

function printPolicy(p: Policy, out: string[]): void {
  const s = p.subject;
  const head = [
    `policy ${str(p.name)}`,
    printOrder(p.order),
    `types ${list(p.types)}`,
    `applies sel(${printSel(s.selector)})`,
  ];
  if (s.namespace) head.push(printNamespaceScope(s.namespace));
  if (s.serviceAccounts) head.push(printServiceAccounts(s.serviceAccounts));
  head.push(...printUnknown(p.unknown), `@ ${printPlace(p.origin)}`);
  const rules = [...p.ingress.map((r) => `ingress ${printRule(r, p.origin)}`), ...p.egress.map((r) => `egress ${printRule(r, p.origin)}`)];
  if (rules.length === 0) {
    out.push(`${INDENT}${head.join(' ')} {}`);
    return;
  }
  out.push(`${INDENT}${head.join(' ')} {`);
  for (const r of rules) out.push(`${INDENT}${INDENT}${r}`);
  out.push(`${INDENT}}`);
}

function printTier(t: Tier, out: string[]): void {
  const head = `tier ${str(t.name)} ${printOrder(t.order)} default ${t.defaultAction}`;
  if (t.policies.length === 0) {
    out.push(`${head} {}`);
    return;
  }
  out.push(`${head} {`);
  for (const p of t.policies) printPolicy(p, out);
  out.push('}');
}

export function printEndpoint(e: Endpoint): string {
  const parts = [`endpoint ${str(e.id)} in ${str(e.namespace)}`];
  if (e.workload !== null) parts.push(`workload ${str(e.workload)}`);
  parts.push(e.ips === null ? 'ips unknown' : `ips ${list(e.ips)}`);
  if (e.serviceAccount) parts.push(`sa ${str(e.serviceAccount.name)} ${printLabels(e.serviceAccount.labels)}`);
  if (e.ports.length > 0) parts.push(`ports ${list(e.ports.map((p) => `${str(p.name)} ${protocolText(p.protocol)} ${p.port}`))}`);
  parts.push(`labels ${printLabels(e.labels)}`);
  return parts.join(' ');
}

function printNetworkSet(n: NetworkSet): string {
  const scope = n.namespace === null ? 'global' : `in ${str(n.namespace)}`;
  return `networkset ${str(n.name)} ${scope} labels ${printLabels(n.labels)} nets ${list(n.nets)}`;
}

/** Both programs have a snapshot and it is the same (equal canonical text). */
export function sameSnapshot(a: Snapshot | null, b: Snapshot | null): boolean {
  return a !== null && b !== null && printSnapshot(a) === printSnapshot(b);
}

/** The `snapshot { … }` block alone. */
export function printSnapshot(s: Snapshot): string {
  const out: string[] = [];
  pushSnapshot(s, out);
  return out.join('\n') + '\n';
}

function pushSnapshot(s: Snapshot, out: string[]): void {
  out.push('snapshot {');
  for (const n of s.namespaces) out.push(`${INDENT}namespace ${str(n.name)} labels ${printLabels(n.labels)}`);
  for (const e of s.endpoints) out.push(`${INDENT}${printEndpoint(e)}`);
  for (const n of s.networkSets) out.push(`${INDENT}${printNetworkSet(n)}`);
  out.push('}');
}

/** The canonical text of a program, ending with a newline. */
export function printIr(p: Program): string {
  const out: string[] = [];
  if (p.snapshot) pushSnapshot(p.snapshot, out);
  for (const t of p.tiers) printTier(t, out);
  out.push(`final ${p.final}`);
  return out.join('\n') + '\n';
}
