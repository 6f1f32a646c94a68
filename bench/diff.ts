/**
 * Benchmark of the snapshot diff: generated (old, new) pairs of 10, 100 and 1,000 policies with one
 * rule changed (`test/analysis/diff/pairs.ts`; about policies/2 pods, at most 400), timed end to
 * end — both versions' connectivity, the comparison and a witness per change. Each size runs a few
 * seeds; the figure is the median.
 *
 * No target is set by the issue. Nearly all the time is the two connectivity computations (the
 * oracle on class pairs × port intervals, once per version), limited to the pairs the change can
 * touch (`src/analysis/diff/scope.ts`): how many depends on how many pods the changed policy
 * selects, so the figure varies with the seed more than with the size. The comparison itself is
 * linear in the connections, and witnesses cost two evaluations per change.
 */
import { pathToFileURL } from 'node:url';
import { diffSnapshots } from '../src/analysis/diff/index.js';
import { diffUniversal } from '../src/analysis/diff/universal/universalDiff.js';
import { shutdownSolver } from '../src/smt/solver.js';
import { mutateOneRule, pairProgram } from '../test/analysis/diff/pairs.js';

/** Policies → seeds run (fewer at the top size: one run there takes tens of seconds). */
const SIZES: [number, number[]][] = [
  [10, [1, 2, 3, 4, 5]],
  [100, [1, 2, 3]],
  [1000, [1, 2, 3]],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

export async function benchDiff(): Promise<string[]> {
  const lines: string[] = [];
  for (const [n, seeds] of SIZES) {
    const times: number[] = [];
    let changes = 0;
    let evaluations = 0;
    let endpoints = 0;
    for (const seed of seeds) {
      const a = pairProgram(seed, n);
      const b = mutateOneRule(a, seed)!;
      const t0 = performance.now();
      const d = diffSnapshots(a, b);
      times.push(performance.now() - t0);
      changes += d.changes.length;
      evaluations += d.stats.evaluations;
      endpoints = a.snapshot?.endpoints.length ?? 0;
    }
    lines.push(
      `diff ${String(n).padStart(4)} policies, ${endpoints} pods, one rule changed: ` +
        `${median(times).toFixed(1)} ms (median of ${seeds.length}, ${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms; ` +
        `${Math.round(changes / seeds.length)} changes, ${Math.round(evaluations / seeds.length)} oracle evaluations on average)`,
    );
  }
  lines.push(...(await benchUniversal()));
  return lines;
}

/**
 * Universal diff on the same generated pairs (their snapshots only fix namespace labels): time to
 * a complete list of regions, or to the query bound. Random selectors make the differences
 * fragmented, so the bound is lower than the command's (2,000) to keep the bench short.
 */
async function benchUniversal(): Promise<string[]> {
  const lines: string[] = [];
  for (const [n, seeds] of [[10, [2, 3]], [100, [2]]] as const) {
    for (const seed of seeds) {
      const a = pairProgram(seed, n);
      const b = mutateOneRule(a, seed)!;
      const t0 = performance.now();
      const d = await diffUniversal(a, b, { maxQueries: 600 });
      const ms = performance.now() - t0;
      lines.push(
        `universal diff ${String(n).padStart(4)} policies (seed ${seed}): ${ms.toFixed(0)} ms, ${d.status}, ` +
          `${d.regions.length} regions, ${d.stats.queries} solver queries (${(ms / d.stats.queries).toFixed(1)} ms each)`,
      );
    }
  }
  await shutdownSolver();
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await benchDiff()) console.log(line);
}
