/**
 * Emit, iptables: IR program with a snapshot → `iptables-restore` input for the filter table of
 * IPv4 and IPv6, and the `ipset restore` input its rules use. Laid out as Calico's Felix lays out
 * its chains (felix `rules/dispatch.go`, `endpoints.go`, `policy.go`), with `npc` for `cali`:
 *
 *   FORWARD → npc-FORWARD: clear the mark bits; from-endpoint dispatch (source address → the
 *             source pod's egress chain); to-endpoint dispatch (destination address → the
 *             destination pod's ingress chain); ACCEPT when the accept bit is set
 *   npc-fw-<pod> / npc-tw-<pod>: conntrack first (ESTABLISHED,RELATED accepted, INVALID dropped);
 *             then per applying tier: clear the pass bit, jump to each applying policy's chain
 *             while the pass bit is clear, RETURN as soon as the accept bit is set, and DROP at
 *             the end of the tier unless its default is Pass; then the program's final action
 *   npc-pi-<policy> / npc-po-<policy>: the policy's rules in order: allow and pass set their mark
 *             bit and RETURN, deny DROPs, log LOGs and goes on
 *
 * Contract:
 * - a flow is accepted iff every pod end's chain returns with the accept bit (DESIGN §2: egress
 *   of a source pod and ingress of a destination pod must both allow); a flow with no pod end
 *   falls through to FORWARD's policy, and INPUT and OUTPUT (the node's own traffic) are left
 *   alone (both out of scope, DESIGN §2);
 * - the files are whole tables: `iptables-restore` replaces the filter table, `ipset restore
 *   -exist` creates or flushes then fills each set, and must run first;
 * - nothing is emitted (`rules: null`) when a policy or rule carries `unknown` markers or two
 *   endpoints share an address: the emitter never writes a guess. Endpoints without addresses
 *   get no chains and are reported.
 * Mark bits 0x10000 (accept) and 0x20000 (pass) are Felix's defaults.
 */
import type { Direction, Policy, Program, Tier } from '../../ir/ast.js';
import { inEvaluationOrder } from '../../ir/order.js';
import { subjectSelects } from '../../oracle/index.js';
import { formatIp, type IpFamily } from '../../util/cidr.js';
import type { EmitFinding } from './findings.js';
import { IpsetBuilder, printIpsets } from './ipsets.js';
import { ruleMatches } from './matches.js';
import { CHAIN_NAME_MAX, Namer, PREFIX, comment, logTarget, shortHash } from './names.js';
import { buildWorld, FAMILIES, type EmittedEndpoint } from './world.js';

export interface IptablesRules {
  /** `iptables-restore` input (filter table, IPv4). */
  iptables: string;
  /** `ip6tables-restore` input (filter table, IPv6). */
  ip6tables: string;
  /** `ipset restore -exist` input for both families. */
  ipsets: string;
}

export interface EmitStats {
  /** Endpoints that got chains. */
  endpoints: number;
  chains: Record<IpFamily, number>;
  /** `-A` lines. */
  rules: Record<IpFamily, number>;
  ipsets: number;
  ipsetEntries: number;
}

export interface IptablesEmission {
  rules: IptablesRules | null;
  findings: EmitFinding[];
  stats: EmitStats;
}

export const ACCEPT_MARK = 0x10000;
export const PASS_MARK = 0x20000;
const BOTH = ACCEPT_MARK | PASS_MARK;
const hex = (n: number) => `0x${n.toString(16)}`;
const setMark = (bits: number, mask: number) => `-j MARK --set-xmark ${hex(bits)}/${hex(mask)}`;
const markIs = (bits: number, mask: number) => `-m mark --mark ${hex(bits)}/${hex(mask)}`;

/** One table being written: chains in declaration order, each with its lines. */
class Table {
  readonly chains = new Map<string, string[]>();
  rules = 0;
  chain(name: string, about: string): string[] {
    const lines = [`# ${name}: ${about.replace(/[^\x20-\x7e]/g, '?')}`];
    this.chains.set(name, lines);
    return lines;
  }
  add(lines: string[], chain: string, rest: string): void {
    lines.push(`-A ${chain} ${rest}`);
    this.rules++;
  }
  print(header: string[]): string {
    const out = header.map((h) => `# ${h}`);
    out.push('*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]');
    for (const name of this.chains.keys()) out.push(`:${name} - [0:0]`);
    out.push('-A FORWARD ' + comment('netpolc: network policy of the pods on this node') + ` -j ${PREFIX.forward}`);
    for (const lines of this.chains.values()) out.push(...lines);
    out.push('COMMIT');
    return out.join('\n') + '\n';
  }
}

function unmodelled(program: Program): EmitFinding[] {
  const out: EmitFinding[] = [];
  for (const t of program.tiers)
    for (const p of t.policies) {
      if (p.unknown.length > 0)
        out.push({ code: 'unmodelled-construct', severity: 'error', origin: p.origin, message: `policy \`${p.name}\` has constructs netpolc does not model (${p.unknown.join('; ')}): no rules are emitted rather than a guess` });
      for (const d of ['ingress', 'egress'] as const)
        p[d].forEach((r, i) => {
          if (r.unknown.length > 0)
            out.push({ code: 'unmodelled-construct', severity: 'error', origin: r.origin, message: `policy \`${p.name}\` ${d} rule ${i} has constructs netpolc does not model (${r.unknown.join('; ')}): no rules are emitted rather than a guess` });
        });
    }
  return out;
}

export function emitIptables(program: Program): IptablesEmission {
  const stats: EmitStats = { endpoints: 0, chains: { 4: 0, 6: 0 }, rules: { 4: 0, 6: 0 }, ipsets: 0, ipsetEntries: 0 };
  if (program.snapshot === null)
    return { rules: null, stats, findings: [{ code: 'no-snapshot', severity: 'error', message: 'the input has no cluster snapshot (no pods): there are no endpoints to emit chains for' }] };
  const world = buildWorld(program);
  const findings = [...unmodelled(program), ...world.findings];
  if (findings.some((f) => f.severity === 'error')) return { rules: null, findings, stats };

  const sets = new IpsetBuilder(world);
  const names = new Namer(CHAIN_NAME_MAX);
  const tables = new Map<IpFamily, Table>();
  for (const family of FAMILIES) tables.set(family, emitTable(program, world.endpoints, family, sets, names));
  findings.push(...sets.findings);

  const policies = program.tiers.reduce((n, t) => n + t.policies.length, 0);
  const header = [
    `netpolc emit --target iptables: ${program.tiers.length} tiers, ${policies} policies, ${world.endpoints.length} endpoints with addresses`,
    ...world.unknownAddress.map((e) => `left out (address unknown): ${e.id}`.replace(/[^\x20-\x7e]/g, '?')),
  ];
  const all = sets.all();
  stats.endpoints = world.endpoints.length;
  stats.ipsets = all.length;
  stats.ipsetEntries = all.reduce((n, s) => n + s.entries.length, 0);
  for (const f of FAMILIES) {
    stats.chains[f] = tables.get(f)!.chains.size;
    stats.rules[f] = tables.get(f)!.rules;
  }
  return {
    rules: {
      iptables: tables.get(4)!.print([...header, 'load: ipset restore -exist < ipsets.rules; iptables-restore < iptables.rules']),
      ip6tables: tables.get(6)!.print([...header, 'load: ipset restore -exist < ipsets.rules; ip6tables-restore < ip6tables.rules']),
      ipsets: printIpsets(all, header),
    },
    findings,
    stats,
  };
}

function emitTable(program: Program, endpoints: EmittedEndpoint[], family: IpFamily, sets: IpsetBuilder, names: Namer): Table {
  const t = new Table();
  const forward = t.chain(PREFIX.forward, 'every forwarded packet: the policy of its source pod, then of its destination pod');
  const from = t.chain(PREFIX.fromDispatch, 'source address -> the source pod\'s egress chain');
  const to = t.chain(PREFIX.toDispatch, 'destination address -> the destination pod\'s ingress chain');
  t.add(forward, PREFIX.forward, `${comment('clear the netpolc mark bits')} ${setMark(0, BOTH)}`);
  t.add(forward, PREFIX.forward, `${comment('egress policy of the source pod')} -j ${PREFIX.fromDispatch}`);
  t.add(forward, PREFIX.forward, `${comment('ingress policy of the destination pod')} -j ${PREFIX.toDispatch}`);
  t.add(forward, PREFIX.forward, `${markIs(ACCEPT_MARK, ACCEPT_MARK)} ${comment('allowed by the policy of every pod end')} -j ACCEPT`);

  // Per direction: a policy with both types has an ingress chain and an egress chain.
  const policyChains = { ingress: new Map<Policy, string>(), egress: new Map<Policy, string>() };
  const bits = family === 4 ? 32 : 128;
  for (const e of endpoints) {
    const a = e.address[family];
    if (a === null) continue;
    const addr = `${formatIp(a)}/${bits}`;
    for (const direction of ['egress', 'ingress'] as const) {
      const egress = direction === 'egress';
      const chain = names.name(egress ? PREFIX.fromEndpoint : PREFIX.toEndpoint, e.endpoint.id, e.endpoint.id.replace(/^.*\//, ''));
      const dispatch = egress ? from : to;
      t.add(dispatch, egress ? PREFIX.fromDispatch : PREFIX.toDispatch, `${egress ? '-s' : '-d'} ${addr} ${comment(`endpoint ${e.endpoint.id}`)} -g ${chain}`);
      const lines = t.chain(chain, `${direction} of endpoint ${e.endpoint.id} (${egress ? 'from' : 'to'} the endpoint)`);
      endpointChain(t, lines, chain, e, direction, program, (tier, p) => {
        let pc = policyChains[direction].get(p);
        if (pc === undefined) {
          pc = policyChain(t, tier, p, direction, family, sets, names);
          policyChains[direction].set(p, pc);
        }
        return pc;
      });
    }
  }
  return t;
}

/** The chain of one endpoint and direction: conntrack, tiers, final action. */
function endpointChain(
  t: Table,
  lines: string[],
  chain: string,
  e: EmittedEndpoint,
  direction: Direction,
  program: Program,
  policyChain: (tier: Tier, p: Policy) => string,
): void {
  const who = `${e.endpoint.id} ${direction}`;
  t.add(lines, chain, `-m conntrack --ctstate RELATED,ESTABLISHED ${comment(`${who}: replies and established connections`)} -j ACCEPT`);
  t.add(lines, chain, `-m conntrack --ctstate INVALID ${comment(`${who}: invalid packets`)} -j DROP`);
  t.add(lines, chain, `${comment(`${who}: start with no verdict`)} ${setMark(0, BOTH)}`);
  for (const tier of inEvaluationOrder(program.tiers)) {
    const applying = inEvaluationOrder(tier.policies).filter((p) => p.types.includes(direction) && subjectSelects(p.subject, e.party));
    if (applying.length === 0) continue;
    t.add(lines, chain, `${comment(`${who}: tier ${tier.name} starts`)} ${setMark(0, PASS_MARK)}`);
    for (const p of applying) {
      const pc = policyChain(tier, p);
      t.add(lines, chain, `${markIs(0, PASS_MARK)} ${comment(`${who}: tier ${tier.name} policy ${p.name}`)} -j ${pc}`);
      t.add(lines, chain, `${markIs(ACCEPT_MARK, ACCEPT_MARK)} ${comment(`${who}: allowed by policy ${p.name}`)} -j RETURN`);
    }
    if (tier.defaultAction === 'deny')
      t.add(lines, chain, `${markIs(0, PASS_MARK)} ${comment(`${who}: end of tier ${tier.name}, no policy decided: deny`)} -j DROP`);
  }
  if (program.final === 'allow') t.add(lines, chain, `${comment(`${who}: no tier decided: the profile allows`)} ${setMark(ACCEPT_MARK, ACCEPT_MARK)}`);
  else t.add(lines, chain, `${comment(`${who}: no tier decided: the profile denies`)} -j DROP`);
}

/** The chain of one policy and direction (shared by every endpoint it applies to). */
function policyChain(t: Table, tier: Tier, p: Policy, direction: Direction, family: IpFamily, sets: IpsetBuilder, names: Namer): string {
  const egress = direction === 'egress';
  const chain = names.name(egress ? PREFIX.policyEgress : PREFIX.policyIngress, `${tier.name}/${p.name}`, p.name.replace(/^.*\//, ''));
  const lines = t.chain(chain, `tier ${tier.name} policy ${p.name} ${direction} (${p.origin.kind} ${p.origin.name}, ${p.origin.file}:${p.origin.line})`);
  const tag = shortHash(`${tier.name}/${p.name}/${direction}`);
  p[direction].forEach((r, i) => {
    const what = `policy ${p.name} ${direction} rule ${i} ${r.action}: ${r.origin.kind} ${r.origin.name}${r.origin.path ? ` ${r.origin.path}` : ''} (${r.origin.file}:${r.origin.line})`;
    const m = ruleMatches(r, family, sets);
    if (m.alternatives.length === 0) {
      lines.push(`# rule ${i} (${r.action}) matches no IPv${family} packet: ${m.never ?? ''}`.replace(/[^\x20-\x7e]/g, '?'));
      return;
    }
    const target =
      r.action === 'allow' ? setMark(ACCEPT_MARK, ACCEPT_MARK)
      : r.action === 'pass' ? setMark(PASS_MARK, PASS_MARK)
      : r.action === 'deny' ? '-j DROP'
      : logTarget(`${tag} r${i}`);
    for (const alt of m.alternatives) t.add(lines, chain, `${alt ? alt + ' ' : ''}${comment(what)} ${target}`);
    if (r.action === 'allow' || r.action === 'pass') {
      const bit = r.action === 'allow' ? ACCEPT_MARK : PASS_MARK;
      t.add(lines, chain, `${markIs(bit, bit)} ${comment(`${what}: decided`)} -j RETURN`);
    }
  });
  return chain;
}
