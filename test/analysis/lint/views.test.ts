/**
 * The snapshot back end's walk (`analysis/lint/views.ts`) must be the oracle: on every cell of
 * random programs, the walk of each direction gives the verdict `evaluate` gives, and removing a
 * rule or a policy gives what the oracle gives on the program without it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enumerateCells, TooManyCells } from '../../../src/analysis/cells.js';
import { applyEdit, indexProgram } from '../../../src/analysis/lint/programIndex.js';
import { SnapshotQueries } from '../../../src/analysis/lint/snapshotQueries.js';
import { resolveEdit } from '../../../src/analysis/lint/views.js';
import { evaluate } from '../../../src/oracle/index.js';
import { Prng } from '../../../src/util/prng.js';
import { randomProgram } from '../../ir/gen.js';

test('the walk gives the oracle\'s verdict on every cell, as written and under edits', () => {
  const r = new Prng(5);
  let cells = 0;
  let edited = 0;
  for (let seed = 100; seed < 160; seed++) {
    const p = randomProgram(seed);
    if ((p.snapshot?.endpoints.length ?? 0) === 0) continue;
    const index = indexProgram(p);
    let space;
    try {
      space = enumerateCells(p, { maxCells: 100000 });
    } catch (e) {
      if (e instanceof TooManyCells) continue;
      throw e;
    }
    const q = new SnapshotQueries(p, index, space);
    for (let k = 0; k < 400; k++) {
      const cell = r.pick(space.cells);
      const e = evaluate(p, cell.flow);
      assert.is(q.verdictOf(cell, 'egress'), e.egress.verdict, `egress of ${JSON.stringify(cell.flow)}`);
      assert.is(q.verdictOf(cell, 'ingress'), e.ingress.verdict, `ingress of ${JSON.stringify(cell.flow)}`);
      cells++;
    }
    const edits = [
      ...index.rules.slice(0, 4).map((x) => ({ kind: 'remove-rule' as const, rule: x.ref })),
      ...index.policies.slice(0, 3).map((x) => ({ kind: 'remove-policy' as const, policy: x.ref })),
      { kind: 'remove-all' as const },
    ];
    for (const edit of edits) {
      const changed = applyEdit(p, edit)!;
      for (let k = 0; k < 30 && space.cells.length > 0; k++) {
        const cell = r.pick(space.cells);
        assert.is(q.verdictOf(cell, 'flow', resolveEdit(index, edit)!), evaluate(changed, cell.flow).verdict, `${edit.kind} on ${JSON.stringify(cell.flow)}`);
        edited++;
      }
    }
  }
  assert.ok(cells > 2000, `cells ${cells}`);
  assert.ok(edited > 500, `edited ${edited}`);
});

test.run();
