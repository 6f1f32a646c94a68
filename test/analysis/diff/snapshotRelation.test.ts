/**
 * The snapshot relation proved with Z3 (`snapshotRelation.ts`) against two independent judges:
 * - where the connectivity matrix decides every connection, Z3's relation equals the matrix's
 *   (every protocol, ports 1–65535 on both sides);
 * - on programs with every construct (source ports, ICMP types, …), sampled flows between the
 *   snapshot's endpoints and external addresses, replayed through the oracle, never contradict a
 *   containment Z3 proved.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Program } from '../../../src/ir/ast.js';
import type { Flow, FlowParty } from '../../../src/ir/flow.js';
import { diffSnapshots } from '../../../src/analysis/diff/index.js';
import { snapshotRelation } from '../../../src/analysis/diff/snapshotRelation.js';
import { evaluate } from '../../../src/oracle/index.js';
import { shutdownSolver } from '../../../src/smt/solver.js';
import { Prng } from '../../../src/util/prng.js';
import { generatedProgram, mutateOneRule, pairProgram } from './pairs.js';

test('where the matrix decides everything, Z3 proves the same relation', async () => {
  const seen = new Set<string>();
  let compared = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const a = pairProgram(seed, 8);
    const b = mutateOneRule(a, seed);
    if (!b) continue;
    const matrix = diffSnapshots(a, b, { otherProtocols: true, witnesses: false });
    if (matrix.unknown.old.length + matrix.unknown.new.length > 0) continue;
    const z3 = await snapshotRelation(a, b);
    assert.ok(z3 !== null, 'the versions share one snapshot');
    assert.is(z3!.relation, matrix.relation, `seed ${seed}: ${z3!.reason ?? ''}`);
    seen.add(matrix.relation);
    compared++;
  }
  assert.ok(compared >= 25, `${compared} pairs`);
  assert.ok(seen.size >= 3, `relations seen: ${[...seen].join(', ')}`);
});

/** A flow between two of the snapshot's endpoints or external addresses, any protocol and ports. */
function randomFlow(r: Prng, p: Program): Flow {
  const eps = p.snapshot!.endpoints;
  const end = (): FlowParty => (r.chance(0.2) || eps.length === 0 ? { kind: 'external', ip: r.pick(['8.8.8.8', '10.1.2.3', '192.168.0.7', '172.16.5.5']) } : { kind: 'endpoint', id: r.pick(eps).id });
  const protocol = r.pick([6, 6, 17, 17, 132, 1, 47]);
  const flow: Flow = { src: end(), dst: end(), ipVersion: 4, protocol };
  if (protocol === 1) Object.assign(flow, { icmpType: r.pick([0, 3, 8, r.int(0, 255)]), icmpCode: r.pick([0, 1, r.int(0, 255)]) });
  else if (protocol !== 47) Object.assign(flow, { srcPort: r.pick([r.int(1, 65535), r.int(1, 1024), 80, 443]), dstPort: r.pick([r.int(1, 65535), 80, 443, 53, 8080]) });
  return flow;
}

test('on programs with every construct, sampled flows never contradict a proved containment', async () => {
  let proved = 0;
  let flows = 0;
  const r = new Prng(7);
  for (let seed = 5000, n = 0; n < 25 && seed < 7000; seed++) {
    const a = generatedProgram(seed);
    const b = a && mutateOneRule(a, seed);
    if (!a || !b) continue;
    n++;
    const z3 = await snapshotRelation(a, b, { timeoutMs: 20_000 });
    if (!z3 || z3.relation === null) continue;
    proved++;
    const oldInNew = z3.relation === 'equivalent' || z3.relation === 'old-subset-new';
    const newInOld = z3.relation === 'equivalent' || z3.relation === 'new-subset-old';
    for (let i = 0; i < 150; i++) {
      const f = randomFlow(r, a);
      if (f.src.kind === 'external' && f.dst.kind === 'external') continue;
      const [va, vb] = [evaluate(a, f).verdict, evaluate(b, f).verdict];
      flows++;
      if (oldInNew) assert.ok(!(va === 'allow' && vb !== 'allow'), `seed ${seed}: proved ${z3.relation}, yet ${JSON.stringify(f)} is ${va} → ${vb}`);
      if (newInOld) assert.ok(!(vb === 'allow' && va !== 'allow'), `seed ${seed}: proved ${z3.relation}, yet ${JSON.stringify(f)} is ${va} → ${vb}`);
    }
  }
  assert.ok(proved >= 10, `${proved} relations proved`);
  assert.ok(flows >= 1000, `${flows} flows`);
});

test('versions over different snapshots are not compared', async () => {
  const a = pairProgram(2, 8);
  const b = structuredClone(a);
  b.snapshot!.endpoints.pop();
  assert.is(await snapshotRelation(a, b), null);
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
