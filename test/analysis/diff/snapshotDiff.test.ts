/**
 * Snapshot diff against the oracle, on generated programs (`test/ir/gen.ts`) and a copy with one
 * rule mutated:
 * - diff(A, A) is empty;
 * - every change's witness, and an independently sampled flow in its changed connections, get
 *   different verdicts in the two versions (allowed in the version whose set holds the flow);
 * - sampled flows that no change covers get the same allowed-ness in both versions, and a verdict
 *   that differs only as unknown vs deny shows up among the undecided connections;
 * - the relation agrees with the changes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Program } from '../../../src/ir/ast.js';
import type { Flow, FlowParty } from '../../../src/ir/flow.js';
import { evaluate } from '../../../src/oracle/index.js';
import { computeConnectivity, type ConnectivityResult } from '../../../src/connectivity/compute.js';
import { PORT_PROTOCOLS, PROTOCOL_NUMBER, type ConnSet, type PortProtocol } from '../../../src/connectivity/connset.js';
import { parseExternalName } from '../../../src/report/connlist/externalRanges.js';
import { diffSnapshots, type Change, type SnapshotDiff } from '../../../src/analysis/diff/index.js';
import { isParseError, parseIp } from '../../../src/util/cidr.js';
import { Prng } from '../../../src/util/prng.js';
import { program as irProgram } from '../../oracle/fixtures.js';
import { generatedProgram as generated, mutateOneRule, pairProgram } from './pairs.js';


const allowed = (v: string) => v === 'allow';

/** Whether a change's display name covers a party (an endpoint by either version's name, an address by range). */
function covers(name: string, party: FlowParty, side: 'src' | 'dst', cs: ConnectivityResult[]): boolean {
  if (party.kind === 'external') {
    const block = parseExternalName(name);
    const a = parseIp(party.ip);
    return block !== undefined && !isParseError(a) && block.set.contains(a.addr);
  }
  return cs.some((c) => c.displayOf(party, side) === name);
}

function protoOf(n: number): PortProtocol {
  return PORT_PROTOCOLS.find((p) => PROTOCOL_NUMBER[p] === n)!;
}

/** A random flow of the pair's symmetric difference, from the first endpoint of each display name. */
function flowInDelta(c: Change, r: Prng, endpointOf: Map<string, string>): Flow | undefined {
  const delta: ConnSet = c.old.subtract(c.new).union(c.new.subtract(c.old));
  const protos = PORT_PROTOCOLS.filter((p) => !delta.portsOf(p).isEmpty());
  if (protos.length === 0) return undefined;
  const proto = r.pick(protos);
  const range = r.pick(delta.portsOf(proto).ranges);
  const party = (name: string): FlowParty | undefined => {
    const ext = parseExternalName(name);
    if (ext) return { kind: 'external', ip: `${Number((ext.set.max()! >> 24n) & 255n)}.${Number((ext.set.max()! >> 16n) & 255n)}.${Number((ext.set.max()! >> 8n) & 255n)}.${Number(ext.set.max()! & 255n)}` };
    const id = endpointOf.get(name);
    return id === undefined ? undefined : { kind: 'endpoint', id };
  };
  const src = party(c.src);
  const dst = party(c.dst);
  if (!src || !dst) return undefined;
  return { src, dst, ipVersion: 4, protocol: PROTOCOL_NUMBER[proto], dstPort: r.int(range.lo, range.hi) };
}

function endpointsByDisplay(p: Program, c: ConnectivityResult): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of p.snapshot!.endpoints) {
    const d = c.displayOf({ kind: 'endpoint', id: e.id }, 'src');
    if (d && !m.has(d)) m.set(d, e.id);
  }
  return m;
}

test('diff(A, A) is empty and equivalent', () => {
  let programs = 0;
  for (let seed = 1; programs < 60 && seed < 400; seed++) {
    const p = generated(seed);
    if (!p) continue;
    const d = diffSnapshots(p, structuredClone(p));
    assert.equal(d.changes, [], `seed ${seed}`);
    assert.is(d.relation, 'equivalent');
    assert.equal(d.unknown.old.map(String), d.unknown.new.map(String));
    programs++;
  }
  assert.is(programs, 60);
});

test('a hand-written pair: witness, decidedBy and relation', () => {
  const policy = (ports: string) => `tier "default" order 1000000 default deny {
  policy "p" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow proto tcp from sel(app == "web") ns "prod" to ports [${ports}]
  }
}
final allow
`;
  const d: SnapshotDiff = diffSnapshots(irProgram(policy('5432')), irProgram(policy('5432, 6432')));
  assert.is(d.relation, 'old-subset-new');
  assert.equal(d.changes.map((c) => [c.type, c.src, c.dst, c.old.toString(), c.new.toString()]), [['changed', 'prod/web[Pod]', 'prod/db[Pod]', 'TCP 5432', 'TCP 5432,6432']]);
  const w = d.changes[0]!.witness!;
  assert.equal([w.src, w.dst, w.protocol, w.port, w.old, w.new], [{ kind: 'endpoint', id: 'prod/web' }, { kind: 'endpoint', id: 'prod/db' }, 'TCP', 6432, 'deny', 'allow']);
  assert.is(w.decidedBy?.version, 'new');
  assert.is(w.decidedBy?.file, 'test.ir');
  assert.is(diffSnapshots(irProgram(policy('5432, 6432')), irProgram(policy('5432'))).relation, 'new-subset-old');
});

/**
 * Checks one pair; returns how many changes and sampled flows it saw. `r` drives the sampling.
 */
function checkPair(a: Program, b: Program, where: string, r: Prng): { changes: number; covered: number; uncovered: number } {
  const d = diffSnapshots(a, b);
  const ca = computeConnectivity(a);
  const cb = computeConnectivity(b);
  const endpointOf = endpointsByDisplay(a, ca);
  const n = { changes: d.changes.length, covered: 0, uncovered: 0 };

  // The relation follows from the changes.
  const grows = d.changes.every((c) => c.old.isSubsetOf(c.new));
  const shrinks = d.changes.every((c) => c.new.isSubsetOf(c.old));
  assert.is(d.relation, d.changes.length === 0 ? 'equivalent' : grows ? 'old-subset-new' : shrinks ? 'new-subset-old' : 'incomparable', where);

  for (const c of d.changes) {
    assert.ok(!c.old.equals(c.new), `${where}: a change with equal sets`);
    const w = c.witness;
    assert.ok(w, `${where}: change ${c.src} → ${c.dst} has a witness`);
    assert.is.not(allowed(w!.old), allowed(w!.new), `${where}: witness of ${c.src} → ${c.dst}`);
    const f = flowInDelta(c, r, endpointOf);
    if (!f) continue;
    const inOld = c.old.allows(protoOf(f.protocol), f.dstPort);
    assert.is(allowed(evaluate(a, f).verdict), inOld, `${where}: old verdict of ${JSON.stringify(f)}`);
    assert.is(allowed(evaluate(b, f).verdict), !inOld, `${where}: new verdict of ${JSON.stringify(f)}`);
  }

  // Random flows: in a change's delta → verdicts differ; in no change → the same allowed-ness.
  // Half of them start from a change's ends (any member, any address of a range), to probe the
  // edges of what the change covers.
  const eps = a.snapshot!.endpoints;
  const memberOf = (name: string): FlowParty | undefined => {
    const ext = parseExternalName(name);
    if (ext) {
      const range = r.pick(ext.set.ranges);
      const addr = range.lo + BigInt(Math.floor(r.next() * Number(range.hi - range.lo + 1n)));
      return { kind: 'external', ip: [24n, 16n, 8n, 0n].map((k) => String((addr >> k) & 255n)).join('.') };
    }
    const members = eps.filter((e) => ca.displayOf({ kind: 'endpoint', id: e.id }, 'src') === name);
    return members.length > 0 ? { kind: 'endpoint', id: r.pick(members).id } : undefined;
  };
  for (let k = 0; k < 40; k++) {
    const party = (): FlowParty =>
      r.chance(0.7)
        ? { kind: 'endpoint', id: r.pick(eps).id }
        : { kind: 'external', ip: `${r.pick([10, 192, 8, 198, 203])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(0, 255)}` };
    const near = d.changes.length > 0 && r.chance(0.5) ? r.pick(d.changes) : undefined;
    const delta = near && near.old.subtract(near.new).union(near.new.subtract(near.old));
    const deltaProtos = PORT_PROTOCOLS.filter((p) => delta && !delta.portsOf(p).isEmpty());
    const inDeltaPort = delta !== undefined && deltaProtos.length > 0 && r.chance(0.5);
    const proto = inDeltaPort ? r.pick(deltaProtos) : r.pick(PORT_PROTOCOLS);
    const range = inDeltaPort ? r.pick(delta!.portsOf(proto).ranges) : undefined;
    const f: Flow = {
      src: (near && memberOf(near.src)) ?? party(),
      dst: (near && memberOf(near.dst)) ?? party(),
      ipVersion: 4,
      protocol: PROTOCOL_NUMBER[proto],
      dstPort: range ? r.int(range.lo, range.hi) : r.chance(0.5) ? r.pick([22, 53, 80, 443, 5432, 8080, 8999, 9000]) : r.int(1, 65535),
    };
    if (f.src.kind === 'external' && f.dst.kind === 'external') continue;
    const sa = ca.displayOf(f.src, 'src');
    const da = ca.displayOf(f.dst, 'dst');
    if (sa === undefined || da === undefined || sa === da) continue;
    const vo = evaluate(a, f).verdict;
    const vn = evaluate(b, f).verdict;
    const covering = d.changes.find((c) => covers(c.src, f.src, 'src', [ca, cb]) && covers(c.dst, f.dst, 'dst', [ca, cb]));
    const inDelta = covering !== undefined && covering.old.allows(proto, f.dstPort) !== covering.new.allows(proto, f.dstPort);
    if (inDelta) {
      n.covered++;
      assert.is.not(allowed(vo), allowed(vn), `${where}: ${JSON.stringify(f)} is in a change`);
      continue;
    }
    n.uncovered++;
    assert.is(allowed(vo), allowed(vn), `${where}: ${JSON.stringify(f)} is in no change (${vo} vs ${vn})`);
    if (vo !== vn) {
      // unknown on one side, deny on the other: the undecided list of that side says so.
      const [list, c, version] = vo === 'unknown' ? [d.unknown.old, ca, 'old'] : [d.unknown.new, cb, 'new'];
      const s = c.displayOf(f.src, 'src');
      const t = c.displayOf(f.dst, 'dst');
      assert.ok(list.some((u) => u.src === s && u.dst === t && u.conn.allows(proto, f.dstPort)), `${where}: undecided in ${version}: ${JSON.stringify(f)}`);
    }
  }
  return n;
}

test('pairs with one mutated rule: every change confirmed by the oracle, every other flow unchanged', () => {
  const r = new Prng(99);
  const total = { pairs: 0, changes: 0, covered: 0, uncovered: 0 };
  const add = (x: { changes: number; covered: number; uncovered: number }) => {
    total.pairs++;
    total.changes += x.changes;
    total.covered += x.covered;
    total.uncovered += x.uncovered;
  };
  // Programs whose rules bite on their snapshot: most mutations change something.
  for (let seed = 1; seed <= 100; seed++) {
    const a = pairProgram(seed, 8);
    const b = mutateOneRule(a, seed);
    if (b) add(checkPair(a, b, `pair seed ${seed}`, r));
  }
  // gen.ts's programs (every construct, rarely biting): mostly checks that nothing is invented.
  for (let seed = 1000, n = 0; n < 60 && seed < 3000; seed++) {
    const a = generated(seed);
    const b = a && mutateOneRule(a, seed);
    if (!a || !b) continue;
    add(checkPair(a, b, `gen seed ${seed}`, r));
    n++;
  }
  assert.ok(total.pairs >= 150, `${total.pairs} pairs`);
  // Enough of each to mean something (one mutated rule sometimes changes nothing visible).
  assert.ok(total.changes > 150, `${total.changes} changes`);
  assert.ok(total.covered > 200 && total.uncovered > 2000, `${total.covered} covered, ${total.uncovered} uncovered flows`);
});

test.run();
