/**
 * `npm run fuzz -- --seed N --count N [--flows N] [--props N] [--timeout MS]`: the differential
 * checks of `differential.test.ts`, for as long as asked. `--count` programs from `--seed` on,
 * each with `--flows` fixed flows (Z3's verdict against the oracle's) and `--props` random
 * properties proved in each mode and checked on sampled flows. Prints every disagreement with its
 * seed (re-run one with `--seed <it> --count 1`) and exits 1 when there was any.
 */
import { parseArgs } from 'node:util';
import { shutdownSolver } from '../../src/smt/solver.js';
import { differential, proofSamples } from './differential.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    count: { type: 'string', default: '100' },
    flows: { type: 'string', default: '50' },
    props: { type: 'string', default: '3' },
    timeout: { type: 'string', default: '10000' },
  },
});
const [seed, count, flows, props, timeout] = [values.seed, values.count, values.flows, values.props, values.timeout].map(Number) as [number, number, number, number, number];

let bad = 0;
const t0 = performance.now();
// In chunks, so a long run reports progress and keeps one program's Z3 context alive at a time.
const chunk = 50;
for (let from = seed; from < seed + count; from += chunk) {
  const n = Math.min(chunk, seed + count - from);
  const d = await differential(from, n, flows);
  const p = await proofSamples(from, n, props, 200, timeout);
  for (const x of d.disagreements) console.log(`DISAGREEMENT seed ${x.seed}: smt ${x.smt}, oracle ${x.oracle}\n${x.detail}\n`);
  for (const x of p.failures) console.log(`PROOF FAILURE ${x}\n`);
  bad += d.disagreements.length + p.failures.length;
  console.log(
    `seeds ${from}–${from + n - 1}: ${d.pairs} fixed flows (${JSON.stringify(d.verdicts)}), ${d.disagreements.length} disagreements; ` +
      `${p.properties} proofs (${JSON.stringify(p.status)}), ${p.samplesInScope} sampled flows in scope, ${p.failures.length} failures ` +
      `[${((performance.now() - t0) / 1000).toFixed(1)} s]`,
  );
}
await shutdownSolver();
console.log(bad === 0 ? 'no disagreements' : `${bad} disagreements`);
process.exit(bad === 0 ? 0 : 1);
