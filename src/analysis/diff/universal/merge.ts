/**
 * Universal diff, merging regions: regions of the same change and the same exceptions whose
 * conditions are equal except for one range on the same field, and whose ranges overlap or touch,
 * become one region with the union of the ranges; a region whose conditions include all of
 * another's, and which carves out all of its exceptions (so it lies inside it), is dropped; last,
 * regions of the same change and exceptions whose conditions on the two ends are equal become one
 * region whose services (protocol and port conditions) are the union of theirs (`anyOf`); before
 * that, regions that differ only in one end's namespace condition become one region whose
 * namespace condition is the union (`namespaceIn`, or a shorter `namespaceNotIn`).
 *
 * Stage: analysis (diff, universal). Input → output: regions → fewer regions, in the order found.
 * Contract: the union of the regions' flows is unchanged, and every merged region is exactly the
 * union of the regions it replaces (so it needs no new solver confirmation); the witness kept is
 * the first region's.
 */
import type { UniversalRegion } from '../types.js';
import type { Cond } from './region.js';

const key = (c: Cond) => JSON.stringify(c);
const sameChange = (a: UniversalRegion, b: UniversalRegion) => a.change.old === b.change.old && a.change.new === b.change.new;

const exceptKey = (r: UniversalRegion) => JSON.stringify((r.except ?? []).map((e) => e.map(key).sort()).sort());

/** `a`'s conditions include every one of `b`'s and `a` carves out every exception `b` does: `a` ⊆ `b`. */
function inside(a: UniversalRegion, b: UniversalRegion): boolean {
  const mine = new Set(a.conds.map(key));
  const carved = new Set((a.except ?? []).map((e) => JSON.stringify(e.map(key).sort())));
  return b.conds.every((c) => mine.has(key(c))) && (b.except ?? []).every((e) => carved.has(JSON.stringify(e.map(key).sort())));
}

/** The union of `a` and `b` when it is one region (see the file doc), else null. */
function union(a: UniversalRegion, b: UniversalRegion): UniversalRegion | null {
  if (!sameChange(a, b) || a.conds.length !== b.conds.length || exceptKey(a) !== exceptKey(b)) return null;
  const bk = new Set(b.conds.map(key));
  const onlyA = a.conds.filter((c) => !bk.has(key(c)));
  if (onlyA.length !== 1) return null;
  const ra = onlyA[0]!;
  const ak = new Set(a.conds.map(key));
  const rb = b.conds.find((c) => !ak.has(key(c)));
  if (!rb || ra.kind !== 'range' || rb.kind !== 'range' || ra.field !== rb.field) return null;
  if (ra.to + 1 < rb.from || rb.to + 1 < ra.from) return null;
  const merged: Cond = { kind: 'range', field: ra.field, from: Math.min(ra.from, rb.from), to: Math.max(ra.to, rb.to) };
  return { ...a, conds: a.conds.map((c) => (c === ra ? merged : c)) };
}

/** Conditions on the protocol and ports, as opposed to the ends and the IP version. */
const isService = (c: Cond) => c.kind === 'protocol' || c.kind === 'protocolNotIn' || c.kind === 'range' || c.kind === 'anyOf';
const partsOf = (r: UniversalRegion): Cond[][] => {
  const svc = r.conds.filter(isService);
  return svc.length === 1 && svc[0]!.kind === 'anyOf' ? svc[0]!.parts : [svc];
};

/** Regions of one change that differ only in their services, as one region (exactly their union). */
function unionServices(regions: UniversalRegion[]): UniversalRegion[] {
  const groups = new Map<string, UniversalRegion[]>();
  for (const r of regions) {
    const k = JSON.stringify([r.change, r.conds.filter((c) => !isService(c)).map(key).sort(), exceptKey(r)]);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    if (g.length === 1) return g[0]!;
    const parts = g.flatMap(partsOf);
    // A part with no service condition is every service: the union is the ends alone.
    const any = parts.some((p) => p.length === 0);
    const rest = g[0]!.conds.filter((c) => !isService(c));
    return { ...g[0]!, conds: any ? rest : [...rest, { kind: 'anyOf', parts }] };
  });
}

export function mergeRegions(regions: readonly UniversalRegion[]): UniversalRegion[] {
  return unionServices(unionNamespaces(unionNamespaces(mergeRanges(regions), 'src'), 'dst'));
}

type NamespaceCond = Extract<Cond, { kind: 'namespace' | 'namespaceIn' | 'namespaceNotIn' }>;
const isNamespace = (c: Cond, side: 'src' | 'dst'): c is NamespaceCond =>
  (c.kind === 'namespace' || c.kind === 'namespaceIn' || c.kind === 'namespaceNotIn') && c.side === side;

/** The union of namespace conditions on one side, as one condition. */
function namespaceUnion(cs: readonly NamespaceCond[], side: 'src' | 'dst'): Cond {
  const listed = new Set(cs.flatMap((c) => (c.kind === 'namespace' ? [c.name] : c.kind === 'namespaceIn' ? c.names : [])));
  const excluded = cs.filter((c) => c.kind === 'namespaceNotIn').map((c) => new Set(c.names));
  if (excluded.length === 0) return { kind: 'namespaceIn', side, names: [...listed].sort() };
  // Outside every excluded set but one is outside their intersection; listed names are back in.
  const names = [...excluded[0]!].filter((n) => excluded.every((e) => e.has(n)) && !listed.has(n)).sort();
  return { kind: 'namespaceNotIn', side, names };
}

/** Regions of one change and exceptions that differ only in one side's namespace, as one region (exactly their union). */
function unionNamespaces(regions: readonly UniversalRegion[], side: 'src' | 'dst'): UniversalRegion[] {
  const groups = new Map<string, UniversalRegion[]>();
  const order: string[] = [];
  for (const [i, r] of regions.entries()) {
    const ns = r.conds.filter((c) => isNamespace(c, side));
    const k = ns.length === 1 ? JSON.stringify([r.change, r.conds.filter((c) => !isNamespace(c, side)).map(key).sort(), exceptKey(r)]) : `alone ${i}`;
    if (!groups.has(k)) order.push(k);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return order.map((k) => {
    const g = groups.get(k)!;
    if (g.length === 1) return g[0]!;
    const merged = namespaceUnion(g.map((r) => r.conds.find((c) => isNamespace(c, side)) as NamespaceCond), side);
    const conds = g[0]!.conds.flatMap((c) => (isNamespace(c, side) ? (merged.kind === 'namespaceNotIn' && merged.names.length === 0 ? [] : [merged]) : [c]));
    return { ...g[0]!, conds };
  });
}

function mergeRanges(regions: readonly UniversalRegion[]): UniversalRegion[] {
  let out = [...regions];
  for (let changed = true; changed; ) {
    changed = false;
    search: for (let i = 0; i < out.length; i++)
      for (let j = 0; j < out.length; j++) {
        if (i === j) continue;
        const [a, b] = [out[i]!, out[j]!];
        if (sameChange(a, b) && inside(b, a)) {
          out = out.filter((_, k) => k !== j);
          changed = true;
          break search;
        }
        const u = i < j ? union(a, b) : null;
        if (u) {
          out = out.map((r, k) => (k === i ? u : r)).filter((_, k) => k !== j);
          changed = true;
          break search;
        }
      }
  }
  return out;
}
