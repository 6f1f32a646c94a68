/**
 * The snapshot diff proper: two versions' allowed connections → the pairs whose connections
 * differ, with netpol-analyzer's conventions (pkg/netpol/diff, checked against its goldens).
 *
 * Stage: analysis (diff). Input → output: per version, `Connection[]` between display names and the
 * set of workload names of its snapshot → `Change[]` in canonical order. Pure; no oracle.
 * Contract:
 * - Pairs are matched by display name. A pair allowed in one version only is `added`/`removed`,
 *   one allowed in both with different sets is `changed`; equal sets are not reported.
 * - External blocks: the two versions cut address space differently (each at the CIDRs its own
 *   policies mention), so blocks are compared over the common refinement, then merged back. For
 *   one workload and one direction, every address has a pair (old set, new set); the addresses
 *   with the same pair are one set, shown as its maximal contiguous ranges, one line per range
 *   (`10.0.0.0-10.255.255.255[External]`). So a diff line never names a multi-range block, and
 *   adjacent blocks that changed alike are one line — whatever either version's own cuts were.
 *   This is what netpol-analyzer's `DisjointPeerIPMap` + `mergeIPblocks` compute.
 * - `onlyInOneVersion`: for `added`, an end that is a workload absent from the old snapshot; for
 *   `removed`, one absent from the new snapshot. External blocks and `{ingress-controller}` never.
 */
import { ConnSet, compareCodePoints } from '../../connectivity/connset.js';
import { BIGINT, IntervalSet, type BigIntSet } from '../../connectivity/intervals.js';
import { INGRESS_CONTROLLER, type Connection } from '../../report/connlist/connection.js';
import { externalName, parseExternalName } from '../../report/connlist/externalRanges.js';
import { CHANGE_TYPES, type Change, type ChangeType } from './types.js';

/** One version's connectivity, as `computeConnectivity` gives it. */
export interface VersionConnections {
  readonly connections: readonly Connection[];
  /** Display names of every workload (or pod) of the snapshot, connected or not. */
  readonly workloads: ReadonlySet<string>;
}

/** A compared pair, before classification. */
export interface PairConns {
  readonly src: string;
  readonly dst: string;
  /** Undefined: no connection in that version. */
  readonly old: ConnSet | undefined;
  readonly new: ConnSet | undefined;
}

export function diffConnections(oldV: VersionConnections, newV: VersionConnections): { changes: Change[]; pairs: number } {
  const pairs = comparePairs(oldV.connections, newV.connections);
  const changes: Change[] = [];
  for (const p of pairs) {
    const type = classify(p);
    if (!type) continue;
    const other = type === 'added' ? oldV.workloads : newV.workloads;
    const lone = (name: string) => type !== 'changed' && isWorkload(name) && !other.has(name);
    changes.push({
      type,
      src: p.src,
      dst: p.dst,
      old: p.old ?? ConnSet.none(),
      new: p.new ?? ConnSet.none(),
      onlyInOneVersion: { src: lone(p.src), dst: lone(p.dst) },
    });
  }
  return { changes: sortChanges(changes), pairs: pairs.length };
}

function classify(p: PairConns): ChangeType | undefined {
  if (p.old && p.new) return p.old.equals(p.new) ? undefined : 'changed';
  if (p.old) return 'removed';
  return p.new ? 'added' : undefined;
}

function isWorkload(name: string): boolean {
  return name !== INGRESS_CONTROLLER && parseExternalName(name) === undefined;
}

/** Canonical order: by type (changed, added, removed), then source, then destination. */
export function sortChanges(changes: readonly Change[]): Change[] {
  const rank = (t: ChangeType) => CHANGE_TYPES.indexOf(t);
  return [...changes].sort((a, b) => rank(a.type) - rank(b.type) || compareCodePoints(a.src, b.src) || compareCodePoints(a.dst, b.dst));
}

/**
 * Every pair with a connection in either version, external blocks refined and re-merged (see the
 * file doc). Workload pairs are keyed by their names; pairs with an external end are grouped by
 * (workload, direction) and cut at every range boundary of both versions.
 */
export function comparePairs(oldConns: readonly Connection[], newConns: readonly Connection[]): PairConns[] {
  const direct = new Map<string, { src: string; dst: string; old?: ConnSet; new?: ConnSet }>();
  const external = new Map<string, ExternalGroup>();
  const add = (c: Connection, version: 'old' | 'new') => {
    const srcBlock = parseExternalName(c.src);
    const dstBlock = srcBlock ? undefined : parseExternalName(c.dst);
    if (srcBlock || dstBlock) {
      const block = (srcBlock ?? dstBlock)!;
      const workload = srcBlock ? c.dst : c.src;
      const key = `${srcBlock ? 'from' : 'to'}\0${block.family}\0${workload}`;
      let g = external.get(key);
      if (!g) external.set(key, (g = { workload, externalIsSrc: srcBlock !== undefined, family: block.family, old: [], new: [] }));
      for (const r of block.set.ranges) g[version].push({ lo: r.lo, hi: r.hi, conn: c.conn });
      return;
    }
    const key = `${c.src}\0${c.dst}`;
    const entry = direct.get(key) ?? { src: c.src, dst: c.dst };
    entry[version] = c.conn;
    direct.set(key, entry);
  };
  for (const c of oldConns) add(c, 'old');
  for (const c of newConns) add(c, 'new');
  const out: PairConns[] = [...direct.values()].map((e) => ({ src: e.src, dst: e.dst, old: e.old, new: e.new }));
  for (const g of external.values()) out.push(...refineGroup(g));
  return out;
}

interface Piece {
  lo: bigint;
  hi: bigint;
  conn: ConnSet;
}

interface ExternalGroup {
  workload: string;
  externalIsSrc: boolean;
  family: 4 | 6;
  old: Piece[];
  new: Piece[];
}

/**
 * One workload's connections with external space in one direction: cut at every boundary of both
 * versions, give each elementary range its (old, new) pair, and merge ranges with the same pair.
 * INVARIANT: within one version and direction the blocks of a workload are disjoint (they come
 * from one partition of address space), so each elementary range has at most one set per version.
 */
function refineGroup(g: ExternalGroup): PairConns[] {
  const byLo = (a: Piece, b: Piece) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0);
  const versions = [g.old.sort(byLo), g.new.sort(byLo)] as const;
  const cuts = new Set<bigint>();
  for (const list of versions) for (const p of list) cuts.add(p.lo).add(p.hi + 1n);
  const bounds = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  // Per (old, new) pair: its sets and the addresses it covers.
  const classes = new Map<string, { old?: ConnSet; new?: ConnSet; ranges: { lo: bigint; hi: bigint }[] }>();
  const cursor = [0, 0];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i]!;
    const hi = bounds[i + 1]! - 1n;
    const sets = versions.map((list, v) => {
      while (cursor[v]! < list.length && list[cursor[v]!]!.hi < lo) cursor[v]!++;
      const p = list[cursor[v]!];
      return p && p.lo <= lo ? p.conn : undefined;
    });
    const [o, n] = sets;
    if (!o && !n) continue;
    const key = `${o ? o.toFullString() : ''}\0${n ? n.toFullString() : ''}`;
    let cls = classes.get(key);
    if (!cls) classes.set(key, (cls = { ...(o ? { old: o } : {}), ...(n ? { new: n } : {}), ranges: [] }));
    cls.ranges.push({ lo, hi });
  }

  const out: PairConns[] = [];
  for (const cls of classes.values()) {
    const merged: BigIntSet = IntervalSet.fromRanges(BIGINT, cls.ranges);
    for (const range of merged.split()) {
      const name = externalName(range, g.family);
      out.push(g.externalIsSrc ? { src: name, dst: g.workload, old: cls.old, new: cls.new } : { src: g.workload, dst: name, old: cls.old, new: cls.new });
    }
  }
  return out;
}
