/**
 * The relation between two versions over the compared flows: equivalent, only more permissive,
 * only stricter, or neither.
 *
 * Stage: analysis (diff). Input → output: `Change[]` → `Relation`, and its one-line description.
 * Contract: containment is per pair (old set ⊆ new set for every pair ⇔ old ⊆ new as sets of
 * flows), and pairs not listed have equal sets. So: no change → `equivalent`; every change keeps
 * the old set (`new ⊇ old`) → `old-subset-new`; every change keeps within it → `new-subset-old`;
 * otherwise `incomparable`. An `added` pair counts as new ⊇ old, a `removed` one as old ⊇ new.
 */
import type { Change, Relation } from './types.js';

export function relationOf(changes: readonly Change[]): Relation {
  if (changes.length === 0) return 'equivalent';
  const grows = changes.every((c) => c.old.isSubsetOf(c.new));
  if (grows) return 'old-subset-new';
  const shrinks = changes.every((c) => c.new.isSubsetOf(c.old));
  return shrinks ? 'new-subset-old' : 'incomparable';
}

/** For summaries: the relation with what it means. */
export function describeRelation(r: Relation): string {
  switch (r) {
    case 'equivalent':
      return 'equivalent: the same connections are allowed';
    case 'old-subset-new':
      return 'old ⊂ new: the new version only allows more';
    case 'new-subset-old':
      return 'new ⊂ old: the new version only allows less';
    case 'incomparable':
      return 'incomparable: the new version allows some new connections and denies some old ones';
  }
}
