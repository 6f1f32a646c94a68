/**
 * Every IR construct is encoded: for each case of the catalogue (`ir/constructs.ts`), the encoder
 * marks the construct as given meaning, and the encoding's verdict of each catalogued flow is the
 * expected one (which the oracle gives too, `test/ir/constructs.test.ts`). A construct added to the
 * IR without an encoding fails here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONSTRUCTS, type ConstructId } from '../../src/ir/constructs.js';
import { flowOf } from '../../src/ir/flowText.js';
import { parseIr } from '../../src/ir/parse.js';
import { encodeProgram } from '../../src/smt/encode.js';
import { shutdownSolver } from '../../src/smt/solver.js';
import { fixedFlows, smtVerdict } from './helpers.js';

const ids = Object.keys(CONSTRUCTS) as ConstructId[];

test('the encoder gives meaning to every construct that is not inert', () => {
  const missing: string[] = [];
  for (const id of ids) {
    const c = CONSTRUCTS[id];
    if (c.inert !== undefined) continue;
    const p = parseIr(c.program).value!;
    const used = new Set([...encodeProgram(p, 'any').constructs, ...encodeProgram(p, 'snapshot').constructs]);
    if (!used.has(id)) missing.push(id);
  }
  assert.equal(missing, [], `not encoded: ${missing.join(', ')}`);
});

test('the encoding gives every catalogued flow its expected verdict', async () => {
  let n = 0;
  for (const id of ids) {
    const c = CONSTRUCTS[id];
    if (c.flows.length === 0) continue;
    const x = await fixedFlows(parseIr(c.program).value!);
    try {
      for (const [text, want] of c.flows) {
        assert.is(smtVerdict(x, flowOf(text)), want, `${id}: ${text}`);
        n++;
      }
    } finally {
      await x.session.close();
    }
  }
  assert.ok(n >= 100, `${n} flows`);
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
