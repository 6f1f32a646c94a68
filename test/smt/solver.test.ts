/**
 * The solver wrapper: `unsat` is `proved`, `sat` is `violated` with the model's values, and a
 * timeout is `unknown` (never `proved`); strings travel to Z3 and back exactly, whatever their
 * characters; `evaluate` decides a term under a full assignment without search.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TermFactory } from '../../src/smt/factory.js';
import { SolverSession, shutdownSolver } from '../../src/smt/solver.js';
import type { Term } from '../../src/smt/term.js';

/** n+1 pigeons in n holes, as bit-vectors: unsatisfiable, and hard for a SAT solver (exponential resolution proofs). */
function pigeonhole(f: TermFactory, n: number): Term[] {
  const xs = Array.from({ length: n + 1 }, (_, i) => f.var(`x${i}`, { kind: 'bv', width: 5 }));
  const out = xs.map((x) => f.bvule(x, f.bv(n - 1, 5)));
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) out.push(f.not(f.eq(xs[i]!, xs[j]!)));
  return out;
}

test('unsat is proved, sat is violated with the values of the variables', async () => {
  const f = new TermFactory();
  const port = f.var('port', { kind: 'bv', width: 16 });
  const s = await SolverSession.open(f);
  try {
    assert.equal(await s.check([f.inRange(port, 80, 90), f.inRange(port, 100, 200)]), { status: 'proved' });
    const r = await s.check([f.inRange(port, 80, 90), f.not(f.inRange(port, 81, 90))], { observe: [f.eq(port, f.bv(80, 16))] });
    assert.is(r.status, 'violated');
    if (r.status === 'violated') {
      assert.is(r.model.values.get('port'), 80n);
      assert.equal(r.model.observed, [true]);
    }
  } finally {
    await s.close();
  }
});

test("a base kept across checks: each check's own assertions are scoped to it, a new base replaces the old", async () => {
  const f = new TermFactory();
  const port = f.var('port', { kind: 'bv', width: 16 });
  const s = await SolverSession.open(f);
  try {
    const base = [f.inRange(port, 80, 90)];
    assert.equal(await s.check([f.inRange(port, 100, 200)], { base }), { status: 'proved' });
    // The previous check's assertion is gone: 85 satisfies the base alone.
    const r = await s.check([f.eq(port, f.bv(85, 16))], { base });
    assert.is(r.status, 'violated');
    // Same base again after a sat answer, and an unsat one inside it.
    assert.equal(await s.check([f.eq(port, f.bv(91, 16))], { base }), { status: 'proved' });
    // Another base (another array): the first no longer applies.
    const other = [f.inRange(port, 100, 200)];
    const o = await s.check([f.eq(port, f.bv(150, 16))], { base: other });
    assert.is(o.status, 'violated');
    if (o.status === 'violated') assert.is(o.model.values.get('port'), 150n);
    assert.equal(await s.check([f.eq(port, f.bv(85, 16))], { base: other }), { status: 'proved' });
    // A timeout inside a scope is unknown, and the base still answers afterwards.
    const hard = pigeonhole(f, 12);
    const t = await s.check(hard, { base, timeoutMs: 50 });
    assert.is(t.status, 'unknown');
    assert.is((await s.check([f.eq(port, f.bv(80, 16))], { base })).status, 'violated');
  } finally {
    await s.close();
  }
});

test('a timeout is unknown, never proved', async () => {
  const f = new TermFactory();
  const s = await SolverSession.open(f);
  try {
    const t0 = performance.now();
    const r = await s.check(pigeonhole(f, 14), { timeoutMs: 300 });
    assert.is(r.status, 'unknown');
    if (r.status === 'unknown') assert.match(r.reason, /timeout|canceled/);
    assert.ok(performance.now() - t0 < 10_000, 'the timeout was honoured');
  } finally {
    await s.close();
  }
});

test('strings reach Z3 and come back exactly', async () => {
  const awkward = ['', 'say "hi"', "it's", 'back\\slash', '\\u{41} is not an escape here', 'ünïcode ✓', 'emoji 😀', 'tab\tnew\nline'];
  const f = new TermFactory();
  const s = await SolverSession.open(f);
  try {
    for (const [i, text] of awkward.entries()) {
      const x = f.var(`s${i}`, { kind: 'string' });
      const r = await s.check([f.eq(x, f.str(text))]);
      assert.is(r.status, 'violated', text);
      if (r.status === 'violated') assert.is(r.model.values.get(`s${i}`), text);
      // The solver's string tests agree with the folded ones on the same text.
      const y = f.var(`t${i}`, { kind: 'string' });
      const tail = text.slice(Math.floor(text.length / 2));
      assert.is((await s.check([f.eq(y, f.str(text)), f.not(f.suffixOf(f.str(tail), y))])).status, 'proved', text);
    }
  } finally {
    await s.close();
  }
});

test('evaluate decides terms under an assignment, with defaults for what it leaves out', async () => {
  const f = new TermFactory();
  const a = f.var('a', { kind: 'bv', width: 32 });
  const l = f.var('l', { kind: 'string' });
  const b = f.var('b', { kind: 'bool' });
  const s = await SolverSession.open(f);
  try {
    const inNet = f.eq(f.extract(31, 24, a), f.bv(10, 8));
    const t = f.and(inNet, f.prefixOf(f.str('we'), l));
    assert.equal(s.evaluate([t, b], new Map<string, bigint | string>([['a', 0x0a000001n], ['l', 'web']])), [true, false]);
    assert.equal(s.evaluate([t], new Map<string, bigint | string>([['a', 0x0b000001n], ['l', 'web']])), [false]);
  } finally {
    await s.close();
  }
});

test('sessions used concurrently answer as they would one at a time', async () => {
  const make = async (n: number) => {
    const f = new TermFactory();
    const s = await SolverSession.open(f);
    const x = f.var('x', { kind: 'bv', width: 16 });
    const r = await s.check([f.inRange(x, n, n + 10), f.not(f.inRange(x, n + 1, n + 10))]);
    await s.close();
    return r.status === 'violated' ? r.model.values.get('x') : r.status;
  };
  assert.equal(await Promise.all([1, 2, 3, 4, 5, 6].map(make)), [1n, 2n, 3n, 4n, 5n, 6n]);
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
