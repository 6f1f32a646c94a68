/**
 * Lint, universal back end: the program under an edit, as an IR program of its own, so that the
 * encoder (`smt/encode.ts`) and the oracle each evaluate an edit exactly as they evaluate any
 * program — no edit-aware code in either.
 *
 * Input → output: program + index + edit → program (or `undefined` when the edit names a rule or
 * policy the program does not have). A swap is the one edit that is not a plain program: the
 * snapshot walk (`../views.ts`) exchanges the two policies only where both apply at the local
 * end, and elsewhere keeps the written order (moving one policy alone past the policies between
 * them would change more than their relative order). So a swap gives the program with the two
 * exchanged, and the callers choose it per direction where both policies apply (`swapGuard`).
 */
import type { Program } from '../../../ir/ast.js';
import { inEvaluationOrder } from '../../../ir/order.js';
import { applyEdit, type ProgramIndex } from '../programIndex.js';
import type { Edit } from '../queries.js';
import { resolveEdit } from '../views.js';

/** The program with the edit applied (for a swap: the two policies exchanged everywhere). */
export function editedProgram(program: Program, index: ProgramIndex, edit: Edit): Program | undefined {
  if (!resolveEdit(index, edit)) return undefined;
  if (edit.kind !== 'swap-policies') return applyEdit(program, edit);
  const a = index.policies[index.policyNumber(edit.a)!]!;
  const b = index.policies[index.policyNumber(edit.b)!]!;
  if (a.ti !== b.ti) return program;
  return {
    ...program,
    tiers: program.tiers.map((t) => {
      if (t !== a.tier) return t;
      const ps = inEvaluationOrder(t.policies);
      const i = ps.findIndex((p) => p.name === a.ref.policy);
      const j = ps.findIndex((p) => p.name === b.ref.policy);
      [ps[i], ps[j]] = [ps[j]!, ps[i]!];
      // Explicit, distinct orders make the new sequence the evaluation order (`ir/order.ts`).
      return { ...t, policies: ps.map((p, k) => ({ ...p, order: k })) };
    }),
  };
}
