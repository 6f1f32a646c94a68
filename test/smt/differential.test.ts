/**
 * The SMT encoding against the oracle (DESIGN §6, STYLE "Tests"):
 * - 5,000 (program, flow) pairs from `test/ir/gen.ts` (every construct, tiers, pass, order ties,
 *   unknown markers), each flow fixed as constants in its program's encoding: Z3's verdict equals
 *   the oracle's, allow, deny and unknown alike;
 * - proofs of random properties in universal and snapshot mode, every claim checked on sampled
 *   realisable flows, and universal results against snapshot ones;
 * - a property true of the snapshot but false of the pods that could exist, with its witness.
 * `npm run fuzz` runs the same checks for longer (`fuzz.ts`).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { prove } from '../../src/analysis/prove.js';
import { parseIr } from '../../src/ir/parse.js';
import { evaluate } from '../../src/oracle/index.js';
import { parseProperties } from '../../src/property/parse.js';
import { shutdownSolver } from '../../src/smt/solver.js';
import { differential, proofSamples } from './differential.js';

test('5,000 fixed flows: the encoding and the oracle agree on every verdict', async () => {
  const s = await differential(1, 100, 50);
  assert.is(s.pairs, 5000);
  assert.equal(s.disagreements.map((d) => `seed ${d.seed}: smt ${d.smt}, oracle ${d.oracle}\n${d.detail}`).slice(0, 3), []);
  // The sample exercises every verdict, unknown included.
  assert.ok(s.verdicts.allow > 1000 && s.verdicts.deny > 1000 && s.verdicts.unknown > 50, JSON.stringify(s.verdicts));
});

test('proofs hold on sampled flows, and universal proofs hold of the snapshot', async () => {
  const s = await proofSamples(500, 25, 3, 250);
  assert.equal(s.failures.slice(0, 3), []);
  assert.ok(s.status.proved >= 20 && s.status.violated >= 20, JSON.stringify(s.status));
  assert.ok(s.samplesInScope >= 200, `${s.samplesInScope} sampled flows in scope`);
  assert.ok(s.crossChecked >= 10, `${s.crossChecked} cross-checked`);
});

const CLUSTER = `snapshot {
  namespace "prod" labels {"kubernetes.io/metadata.name": "prod", "projectcalico.org/name": "prod"}
  namespace "dev" labels {"kubernetes.io/metadata.name": "dev", "projectcalico.org/name": "dev"}
  endpoint "prod/db" in "prod" ips [10.0.0.10] labels {"app": "db", "projectcalico.org/namespace": "prod", "projectcalico.org/orchestrator": "k8s"}
  endpoint "prod/web" in "prod" ips [10.0.0.20] labels {"app": "web", "projectcalico.org/namespace": "prod", "projectcalico.org/orchestrator": "k8s"}
  endpoint "dev/tool" in "dev" ips [10.1.0.5] labels {"app": "tool", "projectcalico.org/namespace": "dev", "projectcalico.org/orchestrator": "k8s"}
}
tier "default" order 1000000 default deny {
  policy "db-from-web" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow from sel(app == "web") to any
  }
}
final allow
`;

test('true of the snapshot, refuted in universal mode by a web pod of another namespace', async () => {
  const program = parseIr(CLUSTER).value!;
  // A global selector: any namespace's `app=web` pods reach the database.
  const props = parseProperties('t', 'db-clients: only ns(kubernetes.io/metadata.name == "prod") -> pod(app == "db")').value!;
  const [snap] = await prove(program, props, { mode: 'snapshot', timeoutMs: 10_000 });
  assert.is(snap!.status, 'proved');
  const [uni] = await prove(program, props, { mode: 'universal', timeoutMs: 10_000 });
  assert.is(uni!.status, 'violated');
  const w = uni!.witness!;
  assert.is(w.src.kind, 'pod');
  if (w.src.kind !== 'pod') return;
  assert.is.not(w.src.pod.namespace, 'prod');
  assert.is(w.src.pod.labels['app'], 'web');
  assert.is(w.src.pod.labels['projectcalico.org/namespace'], w.src.pod.namespace);
  assert.is(w.src.pod.namespaceLabels['kubernetes.io/metadata.name'], w.src.pod.namespace);
  assert.ok(w.dst.kind === 'pod' && w.dst.pod.labels['app'] === 'db');
  assert.is(evaluate(program, w).verdict, 'allow');
  assert.is(uni!.evaluation!.verdict, 'allow');
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
