/**
 * Merge keys (`<<`), as Kubernetes YAML accepts them (YAML merge key type,
 * https://yaml.org/type/merge.html).
 *
 * Input: a mapping's own pairs, the mappings its `<<` keys named and where each `<<` was written.
 * Output: the mapping's pairs with the merged ones in place of the `<<`.
 *
 * Contract: the mapping's own keys win wherever they are written; among merged mappings the
 * earlier one wins; no key appears twice in the result.
 */
import type { YMap, YNode, YPair } from './node.js';

export interface Merge {
  /** Index among the own pairs before which the `<<` was written. */
  at: number;
  maps: YMap[];
}

/** What a `<<` value merges: a mapping, or a sequence of mappings; undefined for anything else. */
export function mergeSources(value: YNode): YMap[] | undefined {
  if (value.kind === 'map') return [value];
  if (value.kind === 'seq' && value.items.every((x) => x.kind === 'map')) return value.items as YMap[];
  return undefined;
}

/** `ownKeys` holds `String(key)` of every own pair. */
export function applyMerges(own: readonly YPair[], merges: readonly Merge[], ownKeys: ReadonlySet<string>): YPair[] {
  const out: YPair[] = [];
  const taken = new Set<string>();
  let m = 0;
  for (let i = 0; i <= own.length; i++) {
    for (; m < merges.length && merges[m]!.at === i; m++) {
      for (const map of merges[m]!.maps) {
        for (const pair of map.pairs) {
          const k = String(pair.key.value);
          if (ownKeys.has(k) || taken.has(k)) continue;
          taken.add(k);
          out.push(pair);
        }
      }
    }
    if (i < own.length) out.push(own[i]!);
  }
  return out;
}
