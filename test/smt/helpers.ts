/**
 * Shared by the SMT tests: the encoding's verdict for one exact flow (every variable fixed, Z3's
 * model evaluator decides), and a session per encoding.
 */
import type { Program } from '../../src/ir/ast.js';
import type { Flow } from '../../src/ir/flow.js';
import type { Verdict } from '../../src/oracle/index.js';
import { flowAssignment, verdictOf } from '../../src/smt/decode.js';
import { encodeProgram, type Encoding } from '../../src/smt/encode.js';
import { SolverSession } from '../../src/smt/solver.js';

export interface Fixed {
  enc: Encoding;
  session: SolverSession;
}

/** Encodes `program` in mode `any` (snapshot endpoints, a symbolic pod and an external address). */
export async function fixedFlows(program: Program): Promise<Fixed> {
  const enc = encodeProgram(program, 'any');
  return { enc, session: await SolverSession.open(enc.f) };
}

/** What the encoding says about exactly `flow`. */
export function smtVerdict(x: Fixed, flow: Flow): Verdict {
  const [allowed, denied] = x.session.evaluate([x.enc.allowed, x.enc.denied], flowAssignment(x.enc, flow));
  return verdictOf(allowed!, denied!);
}
