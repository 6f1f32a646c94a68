/**
 * Shared oracle test fixtures: one small cluster written in IR text, and helpers that run a
 * policy text over it and return the verdict or the whole evaluation.
 */
import * as assert from 'uvu/assert';
import type { Program } from '../../src/ir/ast.js';
import { flowOf } from '../../src/ir/flowText.js';
import { parseIr } from '../../src/ir/parse.js';
import { evaluate, formatEvaluation, type Evaluation } from '../../src/oracle/index.js';

export const CLUSTER = `snapshot {
  namespace "prod" labels {"kubernetes.io/metadata.name": "prod", "projectcalico.org/name": "prod", "team": "a"}
  namespace "dev" labels {"kubernetes.io/metadata.name": "dev", "projectcalico.org/name": "dev", "team": "b"}
  endpoint "prod/db" in "prod" ips [10.0.0.10, fd00::10] sa "db-sa" {"tier": "data"} ports ["pg" tcp 5432, "dns" udp 53] labels {"app": "db"}
  endpoint "prod/web" in "prod" ips [10.0.0.20] sa "web-sa" {"tier": "front"} ports ["http" tcp 8080] labels {"app": "web"}
  endpoint "prod/api" in "prod" ips [10.0.0.30] sa "default" {} ports ["http" udp 8080] labels {"app": "api"}
  endpoint "dev/web" in "dev" ips [10.1.0.20] sa "web-sa" {} labels {"app": "web"}
  endpoint "dev/tmpl" in "dev" workload "dev/tmpl[Deployment]" ips unknown labels {"app": "tmpl"}
  networkset "office" global labels {"kind": "office"} nets [192.0.2.0/24]
  networkset "partners" in "prod" labels {"kind": "partner"} nets [198.51.100.0/24]
  networkset "dev-partners" in "dev" labels {"kind": "partner"} nets [203.0.113.0/24]
}
`;

/** Parses `tiers` (tier blocks and the final line) over `CLUSTER`; fails the test on any diagnostic. */
export function program(tiers: string, withCluster = true): Program {
  const r = parseIr((withCluster ? CLUSTER : '') + tiers, { file: 'test.ir' });
  assert.equal(r.diagnostics, [], 'the test program parses');
  return r.value!;
}

/** A tier `default` (order 1000000, given default) with one policy `p` over `applies`, then `final`. */
export function onePolicy(rules: string[], opts: { applies?: string; types?: string; tierDefault?: string; final?: string } = {}): Program {
  return program(
    `tier "default" order 1000000 default ${opts.tierDefault ?? 'deny'} {\n` +
      `  policy "p" order 1000 types [${opts.types ?? 'ingress'}] applies ${opts.applies ?? 'sel(all())'} {\n` +
      rules.map((r) => `    ${r}\n`).join('') +
      '  }\n}\n' +
      `final ${opts.final ?? 'allow'}\n`,
  );
}

export function run(p: Program, flow: string): Evaluation {
  return evaluate(p, flowOf(flow));
}

/** Asserts the verdict of each flow, showing the trace on failure. */
export function expectVerdicts(p: Program, cases: [flow: string, verdict: string][]): void {
  for (const [flow, want] of cases) {
    const e = run(p, flow);
    assert.is(e.verdict, want, `${flow}\n${formatEvaluation(e)}`);
  }
}
