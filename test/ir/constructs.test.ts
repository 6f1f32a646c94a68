/**
 * Every IR construct is handled by the parser, the printer and the oracle. `CONSTRUCTS` is a record
 * over every construct id (derived from the AST's keys), so a new AST field without a case here
 * does not compile; the SMT encoder's tests run the same catalogue against the oracle.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONSTRUCTS, constructsUsed, type ConstructId } from '../../src/ir/constructs.js';
import { flowOf } from '../../src/ir/flowText.js';
import { parseIr } from '../../src/ir/parse.js';
import { printIr } from '../../src/ir/print.js';
import { evaluate, formatEvaluation } from '../../src/oracle/index.js';

const ids = Object.keys(CONSTRUCTS) as ConstructId[];

test('the catalogue covers the AST (spot checks that the derived ids are the real fields)', () => {
  for (const id of ['rule.notIcmp', 'peer.notSelector', 'nets.external', 'port.named', 'action.log', 'tierDefault.pass', 'endpoint.ips', 'networkSet.namespace', 'origin.path'])
    assert.ok(ids.includes(id as ConstructId), id);
  assert.ok(ids.length >= 80, `${ids.length} constructs`);
});

test('each case parses, uses its construct, and round-trips through the printer', () => {
  for (const id of ids) {
    const r = parseIr(CONSTRUCTS[id].program);
    assert.equal(r.diagnostics, [], id);
    assert.ok(constructsUsed(r.value!).has(id), `${id}: the case does not use the construct`);
    assert.equal(parseIr(printIr(r.value!)).value, r.value, `${id}: print/parse`);
  }
});

test('the oracle gives every case its expected verdicts, and the verdicts depend on the construct', () => {
  for (const id of ids) {
    const c = CONSTRUCTS[id];
    const p = parseIr(c.program).value!;
    for (const [text, want] of c.flows) {
      const e = evaluate(p, flowOf(text));
      assert.is(e.verdict, want, `${id}: ${text}\n${formatEvaluation(e)}`);
    }
    if (c.inert === undefined) {
      assert.ok(new Set(c.flows.map(([, v]) => v)).size >= 2, `${id}: needs flows with different verdicts`);
    } else {
      assert.is(c.flows.length, 0, `${id}: an inert construct has no flows`);
    }
  }
});

test.run();
