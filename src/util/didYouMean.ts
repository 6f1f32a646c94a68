/**
 * "Did you mean" suggestions: the closest candidate by edit distance, when it is close enough
 * to be a plausible typo. Pure; imports nothing of the project.
 */

/** Levenshtein distance, with a cut-off: returns `max + 1` as soon as the distance exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `word`, if its distance is at most a third of the word's length
 * (at least 1, at most 3); case-insensitive equality counts as distance 0.5.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const budget = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, c, budget);
    if (d <= budget && d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
