/**
 * `npm run bench`: prints the benchmark figures of every stage on generated inputs of increasing
 * size. Figures only; nothing here is asserted (tests never depend on wall-clock speed).
 */
import { benchSelectors } from './selector.js';
import { benchConnectivity } from './connectivity.js';
import { benchDiff } from './diff.js';
import { benchProve } from './prove.js';
import { benchEmit } from './emit.js';

interface Bench {
  name: string;
  run(): Promise<string[]>;
}

const BENCHES: Bench[] = [
  { name: 'selectors', run: benchSelectors },
  { name: 'connectivity', run: benchConnectivity },
  { name: 'diff', run: benchDiff },
  { name: 'prove', run: benchProve },
  { name: 'emit', run: benchEmit },
];

const only = process.argv[2];
for (const b of BENCHES) {
  if (only && b.name !== only) continue;
  console.log(`## ${b.name}`);
  for (const line of await b.run()) console.log(`  ${line}`);
}
