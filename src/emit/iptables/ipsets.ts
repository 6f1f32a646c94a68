/**
 * Emit, iptables: the ipsets. Address conditions of a rule side (entity selectors, `nets`) and
 * named ports → `hash:net` and `hash:ip,port` sets, one per condition and family, and their
 * `ipset restore` text.
 *
 * Contract, per family (the oracle's `peer.ts`, `nets.ts`, `ports.ts`):
 * - an entity set holds the address of every endpoint that satisfies the condition and the nets
 *   of every network set that does. A pod is only itself, never the network sets around it, so
 *   the address of a pod that does not satisfy the condition but lies inside a member network
 *   set is added as `nomatch`: `hash:net` answers with the most specific entry, and a `nomatch`
 *   one answers "not in the set" (ipset(8), "nomatch");
 * - a `nets` set holds the CIDRs; with scope `external` the address of every pod inside them is
 *   `nomatch`, since such a CIDR matches no pod;
 * - a named-port set holds `address,protocol:port` for every pod's container port of one of the
 *   names, for the port-carrying protocols only (a named port never matches anything else);
 * - `hash:net` stores no prefix 0, so `/0` is written as its two halves.
 * Set names depend on the condition, not on the members (Felix names selector sets the same way),
 * so they are stable while pods come and go. Endpoints whose addresses are unknown cannot be
 * members: every set that would need one is reported.
 */
import type { NamespaceScope, PeerMatch, Selector, ServiceAccountMatch } from '../../ir/ast.js';
import { carriesPorts, protocolText } from '../../ir/protocol.js';
import { matchPeer, type Party } from '../../oracle/index.js';
import { printSelector } from '../../selector/index.js';
import { cidrHas, formatCidr, formatIp, isParseError, parseCidr, type Cidr, type IpFamily } from '../../util/cidr.js';
import type { EmitFinding } from './findings.js';
import { IPSET_NAME_MAX, Namer } from './names.js';
import { unknownAddressParty, type World } from './world.js';

export interface IpsetEntry {
  /** `10.0.0.0/8`, or `10.0.0.1,tcp:80` for a port set. */
  text: string;
  nomatch: boolean;
}

export interface Ipset {
  name: string;
  type: 'hash:net' | 'hash:ip,port';
  family: IpFamily;
  /** What the set stands for, for the comment above it. */
  what: string;
  entries: IpsetEntry[];
}

/** The entity clauses of a rule side: all must hold for one and the same entity. */
export interface EntityCondition {
  selector: Selector | null;
  namespace: NamespaceScope | null;
  serviceAccounts: ServiceAccountMatch | null;
}

function describeCondition(c: EntityCondition): string {
  const parts: string[] = [];
  if (c.selector) parts.push(`selector ${printSelector(c.selector)}`);
  if (c.namespace) parts.push(c.namespace.kind === 'name' ? `namespace ${c.namespace.name}` : `namespaceSelector ${printSelector(c.namespace.selector)}`);
  if (c.serviceAccounts) {
    const sa = c.serviceAccounts;
    parts.push(`serviceAccounts ${sa.names === null ? '*' : `[${sa.names.join(',')}]`}${sa.selector ? ` ${printSelector(sa.selector)}` : ''}`);
  }
  return parts.join(' ');
}

/** hash:net stores no prefix 0: `/0` is its two halves. */
function storable(c: Cidr): Cidr[] {
  if (c.prefix > 0) return [c];
  const half = 1n << BigInt((c.family === 4 ? 32 : 128) - 1);
  return [{ family: c.family, addr: 0n, prefix: 1 }, { family: c.family, addr: half, prefix: 1 }];
}

function hostCidr(family: IpFamily, addr: bigint): string {
  return formatCidr({ family, addr, prefix: family === 4 ? 32 : 128 });
}

export class IpsetBuilder {
  private readonly sets = new Map<string, Ipset>();
  private readonly namer = new Namer(IPSET_NAME_MAX);
  readonly findings: EmitFinding[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly world: World) {}

  /** Every set built so far, by name. */
  all(): Ipset[] {
    return [...this.sets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private memo(family: IpFamily, kind: string, key: string, readable: string, make: (name: string) => Omit<Ipset, 'name' | 'family'>): string {
    const name = this.namer.name(`npc${family}-${kind}-`, key, readable);
    if (!this.sets.has(name)) this.sets.set(name, { name, family, ...make(name) });
    return name;
  }

  /** The set of addresses of the entities that satisfy `c` (a selector, namespace, SA match). */
  entitySet(c: EntityCondition, family: IpFamily): string {
    const what = describeCondition(c);
    return this.memo(family, 's', JSON.stringify([c.selector, c.namespace, c.serviceAccounts]), what.replace(/^selector /, ''), () => {
      const peer: PeerMatch = { nets: null, notNets: null, ports: null, notPorts: null, notSelector: null, ...c };
      const holds = (p: Party) => matchPeer(peer, p, undefined, 6, 'destination').result === true;
      const positive: Cidr[] = [];
      for (const { set, party } of this.world.networkSets) {
        if (!holds(party)) continue;
        for (const text of set.nets) {
          const n = parseCidr(text, { strict: false });
          if (!isParseError(n) && n.family === family) positive.push(n);
        }
      }
      const entries = new Map<string, boolean>();
      for (const n of positive) for (const s of storable(n)) entries.set(formatCidr(s), false);
      // Pods after nets: a pod's own answer wins over a network set's /32 of the same address.
      for (const e of this.world.endpoints) {
        const a = e.address[family];
        if (a === null) continue;
        if (holds(e.party)) entries.set(hostCidr(family, a.addr), false);
        else if (positive.some((n) => cidrHas(n, a))) entries.set(hostCidr(family, a.addr), true);
      }
      this.reportUnknown(what, this.world.unknownAddress.filter((u) => holds(unknownAddressParty(this.world.program, u))).map((u) => u.id));
      return { type: 'hash:net', what: `entities with ${what}`, entries: sorted(entries) };
    });
  }

  /** The addresses in one of `cidrs`, without the pods' when the scope is `external`. */
  netsSet(cidrs: readonly string[], scope: 'any' | 'external', family: IpFamily): string {
    const key = `${scope} ${[...cidrs].sort().join(' ')}`;
    return this.memo(family, 'n', key, cidrs[0] ?? 'none', () => {
      const nets = cidrs.map((t) => parseCidr(t, { strict: false })).filter((n): n is Cidr => !isParseError(n) && n.family === family);
      const entries = new Map<string, boolean>();
      for (const n of nets) for (const s of storable(n)) entries.set(formatCidr(s), false);
      if (scope === 'external')
        for (const e of this.world.endpoints) {
          const a = e.address[family];
          if (a !== null && nets.some((n) => cidrHas(n, a))) entries.set(hostCidr(family, a.addr), true);
        }
      return { type: 'hash:net', what: `${scope === 'external' ? 'non-pod ' : ''}addresses in ${cidrs.join(', ') || 'no CIDR'}`, entries: sorted(entries) };
    });
  }

  /** `address,protocol:port` of every pod's container port named one of `names`. */
  namedPortSet(names: readonly string[], family: IpFamily): string {
    const list = [...new Set(names)].sort();
    return this.memo(family, 'p', list.join(','), list.join('.'), () => {
      const entries = new Map<string, boolean>();
      for (const e of this.world.endpoints) {
        const a = e.address[family];
        if (a === null) continue;
        for (const p of e.endpoint.ports)
          if (list.includes(p.name) && carriesPorts(p.protocol)) entries.set(`${formatIp(a)},${protocolText(p.protocol)}:${p.port}`, false);
      }
      const unknown = this.world.unknownAddress.filter((u) => u.ports.some((p) => list.includes(p.name))).map((u) => u.id);
      this.reportUnknown(`named port ${list.join(', ')}`, unknown);
      return { type: 'hash:ip,port', what: `named ports ${list.join(', ')}`, entries: sorted(entries) };
    });
  }

  private reportUnknown(what: string, ids: string[]): void {
    if (ids.length === 0 || this.reported.has(what)) return;
    this.reported.add(what);
    this.findings.push({
      code: 'ipset-incomplete',
      severity: 'warning',
      message: `${what} matches ${ids.map((i) => `\`${i}\``).join(', ')}, whose address is unknown: the ipset leaves ${ids.length === 1 ? 'it' : 'them'} out`,
    });
  }
}

function sorted(entries: Map<string, boolean>): IpsetEntry[] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([text, nomatch]) => ({ text, nomatch }));
}

/** `ipset restore` input: create (or keep) every set, flush it, fill it. Load with `-exist`. */
export function printIpsets(sets: readonly Ipset[], header: string[]): string {
  const out = header.map((h) => `# ${h}`);
  for (const s of sets) {
    const maxelem = Math.max(65536, 2 ** Math.ceil(Math.log2(s.entries.length * 2 + 1)));
    out.push(`# ${s.name}: ${s.what.replace(/[^\x20-\x7e]/g, '?')}`);
    out.push(`create ${s.name} ${s.type} family ${s.family === 4 ? 'inet' : 'inet6'} hashsize 1024 maxelem ${maxelem}`);
    out.push(`flush ${s.name}`);
    for (const e of s.entries) out.push(`add ${s.name} ${e.text}${e.nomatch ? ' nomatch' : ''}`);
  }
  return out.join('\n') + '\n';
}

