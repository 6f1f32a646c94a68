/**
 * network-config-analyzer's two-config queries, with NCA's counts: `equivalence`,
 * `strongEquivalence`, `semanticDiff`, `containment`, `twoWayContainment`. Snapshot semantics, as
 * NCA's: each config is compared over its own pods, with the snapshot diff
 * (`analysis/diff/snapshotDiff.ts`, every protocol).
 *
 * Stage: analysis (NCA queries). Input → output: the query and its configs' programs → NCA's
 * numeric result, or why it cannot be given.
 * Contract (NCA's `docs/SchemeFileFormat.md` and its query classes, read for their counts):
 * - pairs: `equivalence`, `strongEquivalence`, `semanticDiff` and `twoWayContainment` compare each
 *   config with each later one; `containment` compares each other config with the first (the
 *   base); results are summed.
 * - per pair: `equivalence` 1 when the allowed connections differ; `strongEquivalence` 1 when the
 *   configs do not hold the same policy names or some same-named policy, alone, allows other
 *   connections; `containment` 1 when the other config's connections are within the base's;
 *   `twoWayContainment` 3 equivalent, 2 first ⊂ second, 1 second ⊂ first, 0 neither;
 *   `semanticDiff` the number of non-empty categories (added and removed counted apart) among
 *   NCA's: lost between removed peers / removed peers and ipBlocks / removed and persistent peers,
 *   changed between persistent peers / persistent peers and ipBlocks, new between persistent and
 *   added peers / added peers / added peers and ipBlocks.
 * - A pair whose pods differ is not comparable for NCA (except in `semanticDiff`): skipped. Where
 *   the snapshot diff leaves connections undecided, the relation queries ask Z3 over every flow
 *   between the pods (`diff/snapshotRelation.ts`); the rest skip such pairs.
 */
import type { Program } from '../../ir/ast.js';
import { diffSnapshots } from '../diff/snapshotDiff.js';
import { comparePairs } from '../diff/diffConnections.js';
import { computeConnectivity } from '../../connectivity/compute.js';
import type { Direction } from '../../ir/ast.js';
import type { Flow } from '../../ir/flow.js';
import { resolveParty, subjectSelects } from '../../oracle/index.js';
import type { Change, Relation, SnapshotDiff } from '../diff/types.js';
import { snapshotRelation } from '../diff/snapshotRelation.js';

export const NCA_RELATION_QUERIES = [
  'equivalence',
  'strongEquivalence',
  'semanticDiff',
  'containment',
  'twoWayContainment',
  'permits',
  'forbids',
  'interferes',
  'pairwiseInterferes',
] as const;
export type NcaRelationQuery = (typeof NCA_RELATION_QUERIES)[number];

export function isNcaRelationQuery(q: string): q is NcaRelationQuery {
  return (NCA_RELATION_QUERIES as readonly string[]).includes(q);
}

export interface NcaConfig {
  name: string;
  program: Program;
}

export type NcaRelationResult = { count: number } | { skip: string };

class Skip extends Error {}
/** The matrix left some connections undecided: Z3 may still settle the relation. */
class Undecided extends Skip {}

const endpointIds = (p: Program) => (p.snapshot?.endpoints ?? []).map((e) => e.id).sort().join('\n');

/**
 * NCA compares pod by pod. The snapshot diff lists a workload as one row unless its pods differ,
 * which can differ between the versions, so each pod is made its own row.
 */
function podByPod(p: Program): Program {
  if (!p.snapshot) return p;
  return { ...p, snapshot: { ...p.snapshot, endpoints: p.snapshot.endpoints.map((e) => ({ ...e, workload: null })) } };
}

function compare(a: NcaConfig, b: NcaConfig, sameTopology: boolean): SnapshotDiff {
  if (sameTopology && endpointIds(a.program) !== endpointIds(b.program))
    throw new Skip(`configs \`${a.name}\` and \`${b.name}\` have different pods (NCA does not compare them)`);
  const d = diffSnapshots(podByPod(a.program), podByPod(b.program), { otherProtocols: true, witnesses: false });
  if (d.unknown.old.length + d.unknown.new.length > 0) throw new Undecided(`some connections of \`${a.name}\` or \`${b.name}\` are undecided (constructs netpolc does not model)`);
  return d;
}

/** The program with only the named policy (by its origin name). */
function onlyPolicy(p: Program, name: string): Program {
  return { ...p, tiers: p.tiers.map((t) => ({ ...t, policies: t.policies.filter((x) => x.origin.name === name) })).filter((t) => t.policies.length > 0) };
}

const policyNames = (p: Program) => [...new Set(p.tiers.flatMap((t) => t.policies.map((x) => x.origin.name)))].sort();

/**
 * How `b` relates to `a` over their (equal) pods: from the snapshot diff, or, where its matrix
 * leaves connections undecided (source ports, ICMP types it does not cut), from Z3 over every flow.
 */
async function relationBetween(a: NcaConfig, b: NcaConfig): Promise<Relation> {
  try {
    return compare(a, b, true).relation;
  } catch (e) {
    if (!(e instanceof Undecided)) throw e;
    const r = await snapshotRelation(podByPod(a.program), podByPod(b.program));
    if (r?.relation) return r.relation;
    throw new Skip(`${e.message}; Z3: ${r?.reason ?? 'the configs do not share one snapshot'}`);
  }
}

async function strongEquivalence(a: NcaConfig, b: NcaConfig): Promise<number> {
  const [na, nb] = [policyNames(a.program), policyNames(b.program)];
  if (na.join('\n') !== nb.join('\n')) {
    await relationBetween(a, b); // only to skip pairs NCA would not compare
    return 1;
  }
  for (const n of na) {
    const r = await relationBetween({ name: a.name, program: onlyPolicy(a.program, n) }, { name: b.name, program: onlyPolicy(b.program, n) });
    if (r !== 'equivalent') return 1;
  }
  return 0;
}

const isExternal = (name: string) => name.endsWith('[External]');

/** NCA's semantic-diff categories with a change between `old` and `new` (see the file contract). */
function semanticCategories(changes: readonly Change[]): number {
  const seen = new Set<string>();
  for (const c of changes) {
    const kind = (name: string, onlyHere: boolean, version: 'old' | 'new') => (isExternal(name) ? 'ip' : onlyHere ? version : 'persistent');
    const lost = !c.old.subtract(c.new).isEmpty();
    const gained = !c.new.subtract(c.old).isEmpty();
    const ends = (v: 'old' | 'new') => [kind(c.src, c.onlyInOneVersion.src, v), kind(c.dst, c.onlyInOneVersion.dst, v)].sort().join('+');
    if (lost) seen.add(`lost:${ends('old')}`);
    if (gained) seen.add(`new:${ends('new')}`);
  }
  return seen.size;
}

/** A config's connectivity pod by pod, and the display names of the pods its policies capture per direction. */
interface Captured {
  connections: ReturnType<typeof computeConnectivity>['connections'];
  ingress: Set<string>;
  egress: Set<string>;
  /** Whether it has any policy (NCA does not run permits/forbids for a config without). */
  policies: boolean;
}

function captured(c: NcaConfig): Captured {
  const program = podByPod(c.program);
  const conn = computeConnectivity(program, { otherProtocols: true });
  if (conn.unknown.length > 0) throw new Skip(`some connections of \`${c.name}\` are undecided (constructs netpolc does not model)`);
  const out: Captured = { connections: conn.connections, ingress: new Set(), egress: new Set(), policies: program.tiers.some((t) => t.policies.length > 0) };
  for (const e of program.snapshot?.endpoints ?? []) {
    const party = { kind: 'endpoint', id: e.id } as const;
    const flow: Flow = { src: party, dst: party, ipVersion: 4, protocol: 6 };
    const pod = resolveParty(program, flow, party);
    for (const dir of ['ingress', 'egress'] as Direction[]) {
      const name = conn.displayOf(party, dir === 'ingress' ? 'dst' : 'src');
      if (name !== undefined && program.tiers.some((t) => t.policies.some((p) => p.types.includes(dir) && subjectSelects(p.subject, pod)))) out[dir].add(name);
    }
  }
  return out;
}

const isCaptured = (c: Captured, src: string, dst: string) => c.ingress.has(dst) || c.egress.has(src);

/**
 * NCA's `permits`/`forbids`/`interferes` for one (other, base) pair, over the pairs the other
 * config captures: permits fails (1) when some captured connection of `other` is not allowed by
 * `base`; forbids fails (1) when some is also allowed by `base`; `other` interferes with `base`
 * (1) when on some pair both capture, `other` allows a connection `base` does not.
 */
function capturedQuery(query: 'permits' | 'forbids' | 'interferes', other: NcaConfig, base: NcaConfig): number {
  if (endpointIds(other.program) !== endpointIds(base.program)) return 0;
  const o = captured(other);
  const b = captured(base);
  if (query !== 'interferes' && !o.policies) return 0;
  for (const p of comparePairs(o.connections, b.connections)) {
    if (!p.old || p.old.isEmpty() || !isCaptured(o, p.src, p.dst)) continue;
    const inBase = p.new;
    if (query === 'permits' && (!inBase || !p.old.isSubsetOf(inBase))) return 1;
    if (query === 'forbids' && inBase && !p.old.intersect(inBase).isEmpty()) return 1;
    if (query === 'interferes' && isCaptured(b, p.src, p.dst) && (!inBase || !p.old.isSubsetOf(inBase))) return 1;
  }
  return 0;
}

function mentionsIpv6(p: Program): boolean {
  const rules = p.tiers.flatMap((t) => t.policies.flatMap((x) => [...x.ingress, ...x.egress]));
  return rules.some((r) => [r.src, r.dst].some((peer) => [...(peer.nets?.cidrs ?? []), ...(peer.notNets ?? [])].some((n) => n.includes(':'))));
}

function pairs<T>(xs: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) out.push([xs[i]!, xs[j]!]);
  return out;
}

/** The query's numeric result over the configs, in NCA's order (see the file contract). */
export async function ncaRelationCount(query: NcaRelationQuery, configs: readonly NcaConfig[]): Promise<NcaRelationResult> {
  if (configs.length < 2) return { count: 0 };
  const podless = configs.find((c) => (c.program.snapshot?.endpoints.length ?? 0) === 0);
  if (podless) return { skip: `config \`${podless.name}\` has no pods netpolc reads (NCA compares over the pods it finds)` };
  const v6 = configs.find((c) => mentionsIpv6(c.program));
  if (v6) return { skip: `config \`${v6.name}\` has IPv6 address blocks, which snapshot connectivity does not list (IPv4 only)` };
  try {
    let count = 0;
    switch (query) {
      case 'equivalence':
        for (const [a, b] of pairs(configs)) count += (await relationBetween(a, b)) !== 'equivalent' ? 1 : 0;
        break;
      case 'strongEquivalence':
        for (const [a, b] of pairs(configs)) count += await strongEquivalence(a, b);
        break;
      case 'semanticDiff':
        for (const [a, b] of pairs(configs)) count += semanticCategories(compare(a, b, false).changes);
        break;
      case 'twoWayContainment':
        for (const [a, b] of pairs(configs)) {
          const r = await relationBetween(a, b);
          count += r === 'equivalent' ? 3 : r === 'old-subset-new' ? 2 : r === 'new-subset-old' ? 1 : 0;
        }
        break;
      case 'containment':
        for (const other of configs.slice(1)) {
          const r = await relationBetween(other, configs[0]!);
          count += r === 'equivalent' || r === 'old-subset-new' ? 1 : 0;
        }
        break;
      case 'permits':
      case 'forbids':
      case 'interferes':
        for (const other of configs.slice(1)) count += capturedQuery(query, other, configs[0]!);
        break;
      case 'pairwiseInterferes':
        for (const a of configs) for (const b of configs) if (a !== b) count += capturedQuery('interferes', a, b);
        break;
    }
    return { count };
  } catch (e) {
    if (e instanceof Skip) return { skip: e.message };
    throw e;
  }
}
