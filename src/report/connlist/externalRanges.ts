/**
 * External address ranges the way netpol-analyzer shows them: which ranges become endpoints, and
 * how each one is written.
 *
 * Stage: report (connlist). Input → output: CIDRs / address sets (bigint intervals) → the disjoint
 * blocks that are endpoints, and their display text. Address text itself is `util/cidr.ts`'s.
 *
 * The rule (netpol-analyzer `eval.PolicyEngine.getDisjointIPBlocks` + np-guard/models
 * `netset.DisjointIPBlocks`, checked against the goldens):
 * 1. Sources and destinations are partitioned separately. Source ranges come from the ipBlocks of
 *    ingress rules (`from`) of NetworkPolicies; destination ranges from the ipBlocks of egress rules
 *    (`to`) and the `networks` of (Baseline)AdminNetworkPolicy egress rules. A block is
 *    `cidr` minus its `except` CIDRs. IPv6 blocks are ignored (netpol-analyzer models IPv4 only).
 * 2. The referenced blocks plus the whole space 0.0.0.0/0 are sorted by address count (smallest
 *    first) and added one by one to a list of disjoint blocks: a new block cuts every listed block it
 *    partly overlaps into the overlap and the rest, and what is left of the new block after removing
 *    everything listed is added *split into maximal contiguous ranges*. No policy referenced → one
 *    block, `0.0.0.0-255.255.255.255`.
 *    For plain CIDRs (which are nested or disjoint) this is: cut the space at every CIDR boundary
 *    and keep adjacent pieces together only when the same referenced blocks contain them.
 * 3. Ranges are NOT merged by connectivity: adjacent blocks with identical allowed connections stay
 *    separate lines (e.g. `anp_and_banp_using_networks_and_nodes_test`). A block with no allowed
 *    connection to anything is simply absent from the output.
 * 4. A block prints as its ranges `first-last` (a single address too: `1.2.3.4-1.2.3.4`), joined by
 *    `, ` when a block has several ranges, followed by `[External]`.
 * Ties in step 2 (blocks of equal size that partly overlap, which CIDRs never do) keep input order;
 * Go's unstable sort may order them differently.
 */
import { BIGINT, IPV4_UNIVERSE, IPV6_UNIVERSE, IntervalSet, type BigIntSet, type Interval } from '../../connectivity/intervals.js';
import { cidrRange, formatIp, isParseError, parseCidr, parseIp, type IpFamily } from '../../util/cidr.js';
import { EXTERNAL_SUFFIX } from './connection.js';

export type { IpFamily };

export function universeOf(family: IpFamily): Interval<bigint> {
  return family === 4 ? IPV4_UNIVERSE : IPV6_UNIVERSE;
}

/**
 * A CIDR's address range, parsed leniently like Go's `net.ParseCIDR` that netpol-analyzer uses:
 * host bits are ignored (`10.1.2.3/8` is `10.0.0.0/8`). Undefined when malformed.
 */
export function cidrSet(text: string): { family: IpFamily; set: BigIntSet } | undefined {
  const c = parseCidr(text.trim(), { strict: false });
  if (isParseError(c)) return undefined;
  const { first, last } = cidrRange(c);
  return { family: c.family, set: IntervalSet.range(BIGINT, first, last) };
}

/** An ipBlock: `cidr` minus every `except` of the same family; undefined when any CIDR is malformed. */
export function ipBlockSet(cidr: string, except: readonly string[] = []): { family: IpFamily; set: BigIntSet } | undefined {
  const base = cidrSet(cidr);
  if (!base) return undefined;
  let set = base.set;
  for (const e of except) {
    const hole = cidrSet(e);
    if (!hole) return undefined;
    if (hole.family === base.family) set = set.subtract(hole.set);
  }
  return { family: base.family, set };
}

/** netpol-analyzer's partition of the address space into endpoint blocks (rule 2 above). */
export function disjointBlocks(referenced: readonly BigIntSet[], family: IpFamily = 4): BigIntSet[] {
  const whole = IntervalSet.of(BIGINT, universeOf(family));
  const blocks = [...referenced.map((b) => b.intersect(whole)), whole].filter((b) => !b.isEmpty());
  // Stable sort by size: a block is only cut by blocks at least as large as the pieces it holds.
  const bySize = blocks
    .map((b, i) => ({ b, i, n: b.count() }))
    .sort((x, y) => (x.n < y.n ? -1 : x.n > y.n ? 1 : x.i - y.i))
    .map((x) => x.b);
  const list: BigIntSet[] = [];
  for (let fresh of bySize) {
    const cutOff: BigIntSet[] = [];
    for (let i = 0; i < list.length && !fresh.isEmpty(); i++) {
      const listed = list[i]!;
      const common = listed.intersect(fresh);
      if (common.isEmpty()) continue;
      fresh = fresh.subtract(common);
      if (!common.equals(listed)) {
        cutOff.push(common);
        list[i] = listed.subtract(common);
      }
    }
    list.push(...fresh.split(), ...cutOff);
  }
  return list.sort((a, b) => (a.min()! < b.min()! ? -1 : a.min()! > b.min()! ? 1 : 0));
}

/** `first-last` per range, joined by `, ` (np-guard/models `IPBlock.ToIPRanges`). */
export function formatRanges(set: BigIntSet, family: IpFamily = 4): string {
  return set.ranges.map((r) => `${formatIp({ family, addr: r.lo })}-${formatIp({ family, addr: r.hi })}`).join(', ');
}

/** The endpoint name of an external block: `0.0.0.0-9.255.255.255[External]`. */
export function externalName(set: BigIntSet, family: IpFamily = 4): string {
  return formatRanges(set, family) + EXTERNAL_SUFFIX;
}

/** Reads an endpoint name written by `externalName` back; undefined for anything else. */
export function parseExternalName(name: string): { family: IpFamily; set: BigIntSet } | undefined {
  if (!name.endsWith(EXTERNAL_SUFFIX)) return undefined;
  const ranges: Interval<bigint>[] = [];
  let family: IpFamily | undefined;
  for (const part of name.slice(0, -EXTERNAL_SUFFIX.length).split(', ')) {
    // IPv6 addresses contain no `-`, so the one dash separates the two ends.
    const [a, b, extra] = part.split('-');
    const lo = a === undefined ? undefined : parseIp(a, { strict: false });
    const hi = b === undefined ? undefined : parseIp(b, { strict: false });
    if (!lo || !hi || isParseError(lo) || isParseError(hi) || extra !== undefined) return undefined;
    if (lo.family !== hi.family || (family && family !== lo.family)) return undefined;
    family = lo.family;
    ranges.push({ lo: lo.addr, hi: hi.addr });
  }
  return family ? { family, set: IntervalSet.fromRanges(BIGINT, ranges) } : undefined;
}
