/**
 * The differential check shared by `differential.test.ts` (bounded, in CI) and `fuzz.ts` (long
 * runs): seeded random programs and flows from `test/ir/gen.ts`, each flow fixed as constants in
 * the program's encoding (mode `any`), Z3's verdict compared with the oracle's. One encoding and
 * one Z3 context per program, reused for all its flows. And proofs of random properties, each
 * claim checked on sampled flows (`proofSamples`).
 */
import { prove, type ProveMode, type ProveResult, type ProveStatus } from '../../src/analysis/prove.js';
import { endpointInSpec, flowOn } from '../../src/analysis/prove/inScope.js';
import type { Program } from '../../src/ir/ast.js';
import type { Flow } from '../../src/ir/flow.js';
import { printFlowText } from '../../src/ir/flowText.js';
import { evaluate, formatEvaluation, type Verdict } from '../../src/oracle/index.js';
import type { Property } from '../../src/property/ast.js';
import { Prng } from '../../src/util/prng.js';
import { Gen } from '../ir/gen.js';
import { fixedFlows, smtVerdict } from './helpers.js';
import { randomProperty, sampleFlow } from './sample.js';

export interface Disagreement {
  seed: number;
  flow: Flow;
  smt: string;
  oracle: string;
  detail: string;
}

export interface DifferentialStats {
  programs: number;
  pairs: number;
  verdicts: Record<'allow' | 'deny' | 'unknown', number>;
  disagreements: Disagreement[];
}

/** Programs `seed`, `seed+1`, …, `flowsPerProgram` flows each. */
export async function differential(seed: number, programs: number, flowsPerProgram: number): Promise<DifferentialStats> {
  const stats: DifferentialStats = { programs, pairs: 0, verdicts: { allow: 0, deny: 0, unknown: 0 }, disagreements: [] };
  for (let i = 0; i < programs; i++) {
    const g = new Gen(seed + i);
    const program = g.program();
    const x = await fixedFlows(program);
    try {
      for (let j = 0; j < flowsPerProgram; j++) {
        const flow = g.flow(program);
        const want = evaluate(program, flow);
        const got = smtVerdict(x, flow);
        stats.pairs++;
        stats.verdicts[want.verdict]++;
        if (got !== want.verdict)
          stats.disagreements.push({ seed: seed + i, flow, smt: got, oracle: want.verdict, detail: `${printFlowText(flow)}\n${formatEvaluation(want)}` });
      }
    } finally {
      await x.session.close();
    }
  }
  return stats;
}

// ── proofs sampled against the oracle ────────────────────────────────────────────────────────

export interface ProofStats {
  properties: number;
  status: Record<ProveStatus, number>;
  /** Sampled flows that fell inside a proved (or refuted-`some`) property's scope. */
  samplesInScope: number;
  /** Universal results compared with the snapshot results of the same program. */
  crossChecked: number;
  failures: string[];
}

/** Whether every endpoint could be one of universal mode's pods (unique port names, one set of labels per service account). */
function snapshotRealisable(p: Program): boolean {
  const sa = new Map<string, string>();
  for (const e of p.snapshot?.endpoints ?? []) {
    const names = e.ports.map((x) => x.name);
    if (new Set(names).size !== names.length) return false;
    if (e.serviceAccount) {
      const key = `${e.namespace}/${e.serviceAccount.name}`;
      const labels = JSON.stringify(Object.entries(e.serviceAccount.labels).sort());
      if ((sa.get(key) ?? labels) !== labels) return false;
      sa.set(key, labels);
    }
  }
  return true;
}

/**
 * Proves random properties over random programs in universal mode (and snapshot mode when the
 * program has a snapshot) and checks every claim on sampled realisable flows: a proved `deny`
 * has no sampled flow in scope that is not denied, and so on. Violated results were already
 * replayed through the oracle by `prove` itself; they are checked again here.
 */
export async function proofSamples(seed: number, programs: number, propsPerProgram: number, samples: number, timeoutMs = 5000): Promise<ProofStats> {
  const stats: ProofStats = { properties: 0, status: { proved: 0, violated: 0, unknown: 0 }, samplesInScope: 0, crossChecked: 0, failures: [] };
  for (let i = 0; i < programs; i++) {
    const program = new Gen(seed + i).program();
    const r = new Prng(seed * 7919 + i);
    const props = Array.from({ length: propsPerProgram }, (_, j) => randomProperty(r, j));
    const modes: ProveMode[] = program.snapshot ? ['universal', 'snapshot'] : ['universal'];
    const byMode = new Map<ProveMode, ProveResult[]>();
    for (const mode of modes) {
      const results = await prove(program, props, { mode, timeoutMs });
      byMode.set(mode, results);
      results.forEach((res, j) => {
        const p = props[j]!;
        stats.properties++;
        stats.status[res.status]++;
        const fail = (why: string, flow?: Flow) =>
          stats.failures.push(`seed ${seed + i} ${mode} ${p.kind} ${JSON.stringify([p.src, p.dst, p.on])}: ${why}${flow ? `\n${printFlowText(flow)}\n${formatEvaluation(evaluate(program, flow))}` : ''}`);
        if (res.witness) {
          const v = evaluate(program, res.witness).verdict;
          if (v !== res.evaluation?.verdict) fail('the attached evaluation is not the witness', res.witness);
        }
        const claim = claimOf(p, res.status);
        if (!claim) return;
        for (let k = 0; k < samples; k++) {
          const flow = sampleFlow(r, program, mode);
          const srcIn = endpointInSpec(program, flow, flow.src, p.src);
          if (!((p.kind === 'only' ? !srcIn : srcIn) && endpointInSpec(program, flow, flow.dst, p.dst) && flowOn(flow, p.on))) continue;
          stats.samplesInScope++;
          const v = evaluate(program, flow).verdict;
          if (!claim(v)) fail(`${res.status} but a sampled flow is \`${v}\``, flow);
        }
      });
    }
    // A universal proof covers every pod the snapshot could hold.
    const [u, s] = [byMode.get('universal'), byMode.get('snapshot')];
    if (u && s && snapshotRealisable(program))
      props.forEach((p, j) => {
        const [a, b] = [u[j]!.status, s[j]!.status];
        if (a === 'unknown' || b === 'unknown') return;
        stats.crossChecked++;
        const universalHolds = p.kind === 'some' ? a === 'violated' : a === 'proved';
        if (universalHolds && b !== a) stats.failures.push(`seed ${seed + i} ${p.kind}: universal ${a} but snapshot ${b}`);
      });
  }
  return stats;
}

/** What every in-scope flow's verdict must satisfy for the result to be right, or null when sampling cannot check it. */
function claimOf(p: Property, status: ProveStatus): ((v: Verdict) => boolean) | null {
  if (status === 'proved' && (p.kind === 'deny' || p.kind === 'only')) return (v) => v === 'deny';
  if (status === 'proved' && p.kind === 'allow') return (v) => v === 'allow';
  if (status === 'violated' && p.kind === 'some') return (v) => v === 'deny';
  return null;
}
