/**
 * Emit, iptables, validation: endpoint classes. IR program + parsed emitted text → the endpoints
 * of one family grouped so that swapping two members of a group changes neither the oracle's nor
 * the simulator's verdict on any flow; validation then needs one pair of representatives per pair
 * of groups instead of every pair of endpoints.
 *
 * Two endpoints share a class when both keys are equal:
 * - the oracle key: namespace, its labels, the pod's labels, named ports, service account, and the
 *   address's membership in every CIDR the program mentions — everything the oracle reads of a pod
 *   end (`oracle/party.ts`, `nets.ts`, `ports.ts`, `selectors.ts`); the id only names it;
 * - the simulator key, from the text alone: the answer of every address test the simulator can
 *   make of the address (each `-s`/`-d` CIDR outside dispatch chains, each `hash:net` lookup, the
 *   prefix, protocol and ports of the port-set entries holding it), and for each dispatch chain the
 *   *canonical body*
 *   of the chain its rule for the address leads to (rules without comments, jump targets replaced
 *   by their own canonical bodies). A dispatch chain is one whose every rule is a lone `-s` (or
 *   every rule a lone `-d`) of a single address with a jump or goto, no address twice: at most one
 *   of its rules matches a packet, so which one matters only through where it leads. `u32` tests never
 *   read addresses in the forms `partition.ts` accepts.
 * With both keys equal the two walks (oracle and simulator) read the same answers at every step,
 * for either end of a flow, so the verdict is a function of the two ends' classes.
 */
import type { Program } from '../../ir/ast.js';
import { cidrHas, familyBits, isParseError, parseCidr, parseIp, type IpFamily } from '../../util/cidr.js';
import { netLookup } from './parseIpsets.js';
import type { ParsedChain, ParsedRule, ParsedTable } from './parseRules.js';
import type { LoadedRules } from './simulate.js';

export interface ClassMember {
  id: string;
  addr: bigint;
}

function isDispatchRule(r: ParsedRule, bits: number): boolean {
  const m = r.matches.filter((x) => x.kind !== 'comment');
  return m.length === 1 && m[0]!.kind === 'addr' && !m[0]!.negate && m[0]!.cidr.prefix === bits && (r.target.kind === 'jump' || r.target.kind === 'goto');
}

function dispatchChains(t: ParsedTable, bits: number): Set<ParsedChain> {
  const out = new Set<ParsedChain>();
  for (const c of t.chains.values()) {
    if (c.policy !== null || c.rules.length === 0 || !c.rules.every((r) => isDispatchRule(r, bits))) continue;
    const tests = c.rules.map((r) => r.matches.find((x) => x.kind === 'addr') as { dir: string; cidr: { addr: bigint } });
    // One side, distinct addresses: at most one rule of the chain matches any packet.
    if (new Set(tests.map((t) => t.dir)).size === 1 && new Set(tests.map((t) => t.cidr.addr)).size === tests.length) out.add(c);
  }
  return out;
}

/** Chain name → its body without comments, jump targets replaced by their bodies (memoized). */
function canonicalBodies(t: ParsedTable): (name: string) => string {
  const memo = new Map<string, string>();
  const body = (name: string): string => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const c = t.chains.get(name)!;
    const text = JSON.stringify(
      c.rules.map((r) => [
        r.matches.filter((m) => m.kind !== 'comment'),
        r.target.kind === 'jump' || r.target.kind === 'goto' ? { kind: r.target.kind, body: body(r.target.chain) } : r.target,
      ]),
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    );
    memo.set(name, text);
    return text;
  };
  return body;
}

export function endpointClasses(program: Program, rules: LoadedRules, family: IpFamily): ClassMember[][] {
  const bits = familyBits(family);
  const table = rules.tables[family];
  const dispatch = dispatchChains(table, bits);
  const body = canonicalBodies(table);
  const addrTests = [...table.chains.values()].filter((c) => !dispatch.has(c)).flatMap((c) => c.rules.flatMap((r) => r.matches.flatMap((m) => (m.kind === 'addr' ? [m.cidr] : []))));
  const netSets = [...rules.sets.values()].filter((s) => s.family === family && s.type === 'hash:net');
  const portSets = [...rules.sets.values()].filter((s) => s.family === family && s.type !== 'hash:net');
  const irCidrs = [
    ...program.tiers.flatMap((t) => t.policies.flatMap((p) => [...p.ingress, ...p.egress].flatMap((r) => [r.src, r.dst].flatMap((s) => [...(s.nets?.cidrs ?? []), ...(s.notNets ?? [])])))),
    ...(program.snapshot?.networkSets.flatMap((n) => n.nets) ?? []),
  ].flatMap((text) => {
    const c = parseCidr(text, { strict: false });
    return isParseError(c) || c.family !== family ? [] : [c];
  });
  const nsLabels = new Map((program.snapshot?.namespaces ?? []).map((n) => [n.name, n.labels]));

  const byKey = new Map<string, ClassMember[]>();
  for (const e of program.snapshot?.endpoints ?? []) {
    const ip = (e.ips ?? []).map((t) => parseIp(t, { strict: false })).find((a) => !isParseError(a) && a.family === family);
    if (!ip || isParseError(ip)) continue;
    const a = { family, addr: ip.addr };
    const oracleKey = [e.namespace, nsLabels.get(e.namespace) ?? {}, e.labels, e.ports, e.serviceAccount, irCidrs.map((c) => cidrHas(c, a))];
    const simKey = [
      addrTests.map((c) => cidrHas(c, a)),
      netSets.map((s) => netLookup(s, a.addr)),
      // What a lookup can see of the entries holding the address: their prefix, protocol, ports.
      portSets.map((s) => s.ports.filter((p) => cidrHas(p.cidr, a)).map((p) => [p.cidr.prefix, p.protocol, p.from, p.to, p.nomatch]).sort()),
      [...dispatch].map((c) => {
        const r = c.rules.find((x) => x.matches.some((m) => m.kind === 'addr' && m.cidr.addr === a.addr));
        return r && (r.target.kind === 'jump' || r.target.kind === 'goto') ? [c.name, r.target.kind, body(r.target.chain)] : [c.name, null];
      }),
    ];
    const key = JSON.stringify([oracleKey, simKey]);
    const members = byKey.get(key) ?? [];
    members.push({ id: e.id, addr: a.addr });
    byKey.set(key, members);
  }
  return [...byKey.values()];
}
