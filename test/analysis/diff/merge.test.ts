/**
 * Merging universal-diff regions (`merge.ts`) keeps exactly the union of the flows, per change:
 * checked on random region lists over a small vocabulary (namespaces, labels, services, with and
 * without exceptions) by sampling flows, plus the namespace unions a reader sees.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeRegions } from '../../../src/analysis/diff/universal/merge.js';
import { inRegion, type Cond } from '../../../src/analysis/diff/universal/region.js';
import type { UniversalRegion } from '../../../src/analysis/diff/types.js';
import type { Flow, FlowParty } from '../../../src/ir/flow.js';
import { podLabels } from '../../../src/ir/build.js';
import { Prng } from '../../../src/util/prng.js';

const NAMESPACES = ['a', 'b', 'c', 'd'];
const WITNESS: Flow = { src: { kind: 'external', ip: '203.0.113.10' }, dst: { kind: 'external', ip: '203.0.113.11' }, ipVersion: 4, protocol: 6, srcPort: 40000, dstPort: 443 };
const ALLOWED = { old: 'deny', new: 'allow' } as const;
const DENIED = { old: 'allow', new: 'deny' } as const;

function randomCond(r: Prng): Cond {
  const side = r.pick(['src', 'dst'] as const);
  switch (r.int(0, 5)) {
    case 0:
      return { kind: 'namespace', side, name: r.pick(NAMESPACES) };
    case 1:
      return { kind: 'namespaceNotIn', side, names: NAMESPACES.filter(() => r.chance(0.5)) };
    case 2:
      return { kind: 'label', side, map: 'pod', key: 'app', value: r.pick(['web', 'db', null]) };
    case 3:
      return { kind: 'protocol', value: r.pick([6, 17]) };
    case 4: {
      const from = r.pick([1, 53, 80, 443]);
      return { kind: 'range', field: 'dstPort', from, to: from + r.pick([0, 10, 400]) };
    }
    default:
      return { kind: 'namespaceIn', side, names: NAMESPACES.filter(() => r.chance(0.5)) };
  }
}

function randomRegion(r: Prng): UniversalRegion {
  const conds = Array.from({ length: r.int(1, 3) }, () => randomCond(r));
  // Shared ends make merges likely: most regions start from one of a few templates.
  if (r.chance(0.6)) conds.push({ kind: 'end', side: 'src', value: 'pod' }, { kind: 'label', side: 'dst', map: 'pod', key: 'tier', value: 'back' });
  const except = r.chance(0.2) ? [[randomCond(r)]] : undefined;
  return { change: r.chance(0.7) ? ALLOWED : DENIED, conds, ...(except ? { except } : {}), witness: WITNESS };
}

function randomFlow(r: Prng): Flow {
  const end = (): FlowParty => {
    if (r.chance(0.15)) return { kind: 'external', ip: '198.51.100.7' };
    const ns = r.pick(NAMESPACES);
    const labels: Record<string, string> = {};
    if (r.chance(0.7)) labels.app = r.pick(['web', 'db', 'cache']);
    if (r.chance(0.6)) labels.tier = r.pick(['back', 'front']);
    return { kind: 'pod', pod: { name: 'p', namespace: ns, namespaceLabels: { 'kubernetes.io/metadata.name': ns }, labels: podLabels(ns, labels, null), ip: null, ports: [], serviceAccount: null } };
  };
  const protocol = r.pick([6, 17, 1]);
  return { src: end(), dst: end(), ipVersion: 4, protocol, ...(protocol === 1 ? { icmpType: 8, icmpCode: 0 } : { srcPort: 40000, dstPort: r.pick([1, 53, 60, 80, 443, 500, 900, r.int(1, 65535)]) }) };
}

const covered = (regions: readonly UniversalRegion[], f: Flow, change: typeof ALLOWED | typeof DENIED) =>
  regions.some((g) => g.change.old === change.old && g.change.new === change.new && inRegion(g, f));

test('merging keeps exactly the union of the flows of each change', () => {
  const r = new Prng(42);
  let merges = 0;
  let flows = 0;
  for (let i = 0; i < 400; i++) {
    const regions = Array.from({ length: r.int(2, 7) }, () => randomRegion(r));
    const merged = mergeRegions(regions);
    assert.ok(merged.length <= regions.length);
    if (merged.length < regions.length) merges++;
    for (let k = 0; k < 60; k++) {
      const f = randomFlow(r);
      flows++;
      for (const change of [ALLOWED, DENIED]) assert.is(covered(merged, f, change), covered(regions, f, change), JSON.stringify({ regions, merged, f }));
    }
  }
  assert.ok(merges > 40, `${merges} lists merged something`);
  assert.ok(flows > 20_000);
});

test('regions that differ only in a namespace: one region over the union of the namespaces', () => {
  const base: Cond[] = [{ kind: 'end', side: 'dst', value: 'external' }, { kind: 'ipVersion', value: 6 }];
  const region = (ns: Cond): UniversalRegion => ({ change: ALLOWED, conds: [ns, ...base], witness: WITNESS });
  const two = mergeRegions([region({ kind: 'namespace', side: 'src', name: 'shop' }), region({ kind: 'namespace', side: 'src', name: 'app' })]);
  assert.equal(two.map((g) => g.conds[0]), [{ kind: 'namespaceIn', side: 'src', names: ['app', 'shop'] }]);
  // "Not in (x, y, shop)" together with "shop": not in (x, y).
  const notIn = mergeRegions([region({ kind: 'namespaceNotIn', side: 'src', names: ['shop', 'x', 'y'] }), region({ kind: 'namespace', side: 'src', name: 'shop' })]);
  assert.equal(notIn.map((g) => g.conds[0]), [{ kind: 'namespaceNotIn', side: 'src', names: ['x', 'y'] }]);
  // Everything excluded is listed: no namespace condition is left.
  const all = mergeRegions([region({ kind: 'namespaceNotIn', side: 'src', names: ['shop'] }), region({ kind: 'namespace', side: 'src', name: 'shop' })]);
  assert.equal(all.map((g) => g.conds), [base]);
  // Other conditions differ: nothing to merge.
  const apart = mergeRegions([region({ kind: 'namespace', side: 'src', name: 'shop' }), { ...region({ kind: 'namespace', side: 'src', name: 'app' }), change: DENIED }]);
  assert.is(apart.length, 2);
});

test.run();
