/**
 * The lint cell enumerator (`analysis/cells.ts`): every flow of a cell must be decided by the
 * oracle as the cell's representative is. These tests pick other members of cells — another
 * endpoint of the class, another address of the external class, another port of the interval — on
 * random programs and compare the oracle's verdicts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enumerateCells, TooManyCells } from '../../../src/analysis/cells.js';
import type { Flow, FlowParty } from '../../../src/ir/flow.js';
import { evaluate } from '../../../src/oracle/index.js';
import { formatIp } from '../../../src/util/cidr.js';
import { Prng } from '../../../src/util/prng.js';
import { randomProgram } from '../../ir/gen.js';
import { program } from '../../oracle/fixtures.js';

test('cells are cut at the ports, CIDRs and protocols a rule names', () => {
  const p = program(`tier "default" order 1000000 default deny {
  policy "p" order 1000 types [ingress] applies sel(app == "db") ns "prod" {
    ingress allow proto tcp from nets [10.0.0.0/8] not nets [10.1.0.0/16] to ports [5432]
  }
}
final allow
`);
  const space = enumerateCells(p);
  const tcpPorts = new Set(space.cells.filter((c) => c.flow.protocol === 6).map((c) => c.flow.dstPort));
  for (const port of [5432, 8080]) assert.ok(tcpPorts.has(port), `a cell for tcp ${port}`);
  const classOf = (a: bigint) => space.externals.findIndex((e) => e.family === 4 && e.ranges!.some(([lo, hi]) => lo <= a && a <= hi));
  const ip = (s: string) => s.split('.').reduce((acc, x) => acc * 256n + BigInt(x), 0n);
  assert.is.not(classOf(ip('10.1.5.5')), classOf(ip('10.2.0.0')), 'the except block is a class of its own');
  assert.is(classOf(ip('10.2.0.0')), classOf(ip('10.200.0.1')), 'the rest of the cidr is one class');
  assert.is(classOf(ip('10.0.0.10')), -1, 'a pod address is no external address');
  // Pod addresses are never an external representative.
  const podIps = new Set(p.snapshot!.endpoints.flatMap((e) => e.ips ?? []));
  for (const e of space.externals) assert.not.ok(podIps.has((e.party as { ip: string }).ip));
});

test('a workload template may talk to itself; a single pod may not', () => {
  const p = program(`final allow\n`);
  const space = enumerateCells(p);
  const self = space.cells.filter((c) => c.src.cls >= 0 && c.src.cls === c.dst.cls).map((c) => c.src.display);
  assert.ok(self.includes('dev/tmpl'), 'the template stands for several pods');
  assert.not.ok(self.includes('prod/db'), 'a bare pod to itself is out of scope');
});

test('too many cells is an error the caller can report', () => {
  assert.throws(() => enumerateCells(program(`final allow\n`), { maxCells: 10 }), (e: unknown) => e instanceof TooManyCells);
});

function member(r: Prng, p: ReturnType<typeof randomProgram>, party: FlowParty, cls: number, space: ReturnType<typeof enumerateCells>, ranges?: Array<[bigint, bigint]>, family?: 4 | 6): FlowParty {
  if (cls >= 0) {
    const ms = space.classes[cls]!.members;
    return { kind: 'endpoint', id: r.pick(ms).id };
  }
  if (!ranges || !family) return party;
  const [lo, hi] = r.pick(ranges);
  const span = hi - lo;
  const off = span === 0n ? 0n : BigInt(r.int(0, 1_000_000)) % (span + 1n);
  void p;
  return { kind: 'external', ip: formatIp({ family, addr: lo + off }) };
}

test('other members of a cell get the representative\'s verdict (random programs)', () => {
  const r = new Prng(11);
  let checked = 0;
  let differentParty = 0;
  for (let seed = 0; seed < 60; seed++) {
    const p = randomProgram(seed);
    if ((p.snapshot?.endpoints.length ?? 0) === 0) continue;
    const space = enumerateCells(p);
    for (let k = 0; k < 60 && space.cells.length > 0; k++) {
      const cell = r.pick(space.cells);
      const flow: Flow = {
        ...cell.flow,
        src: member(r, p, cell.flow.src, cell.src.cls, space, cell.src.ranges, cell.src.family),
        dst: member(r, p, cell.flow.dst, cell.dst.cls, space, cell.dst.ranges, cell.dst.family),
      };
      if (cell.src.cls >= 0 && flow.src.kind === 'endpoint' && flow.dst.kind === 'endpoint' && flow.src.id === flow.dst.id) continue;
      if (cell.dstPorts) flow.dstPort = r.int(cell.dstPorts[0], cell.dstPorts[1]);
      if (cell.srcPorts) flow.srcPort = r.int(cell.srcPorts[0], cell.srcPorts[1]);
      if (JSON.stringify(flow.src) !== JSON.stringify(cell.flow.src) || JSON.stringify(flow.dst) !== JSON.stringify(cell.flow.dst)) differentParty++;
      assert.is(evaluate(p, flow).verdict, evaluate(p, cell.flow).verdict, `${JSON.stringify(flow)} vs its representative ${JSON.stringify(cell.flow)}`);
      checked++;
    }
  }
  assert.ok(checked > 1500, `checked ${checked}`);
  assert.ok(differentParty > 300, `other parties tried ${differentParty}`);
});

test.run();
