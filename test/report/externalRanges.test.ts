/**
 * External ranges: CIDRs and ipBlocks as ranges, their names both ways, and the partition into endpoint blocks
 * checked against every connlist golden — the ipBlocks/networks of each case's input snapshot,
 * partitioned by `disjointBlocks`, must yield every `…[External]` name the golden prints, on the
 * source and on the destination side separately.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { bigintSet, type BigIntSet } from '../../src/connectivity/intervals.js';
import { cidrSet, disjointBlocks, externalName, ipBlockSet, parseExternalName } from '../../src/report/connlist/externalRanges.js';
import { CONFORMANCE } from '../helpers/paths.js';

test('CIDRs ignore host bits; ipBlocks subtract their excepts', () => {
  const c = cidrSet('10.1.2.3/8')!;
  assert.is(externalName(c.set), '10.0.0.0-10.255.255.255[External]');
  assert.is(cidrSet('10.0.0.0/33'), undefined);
  const b = ipBlockSet('0.0.0.0/0', ['10.0.0.0/8', '172.21.0.0/16'])!;
  assert.is(
    externalName(b.set),
    '0.0.0.0-9.255.255.255, 11.0.0.0-172.20.255.255, 172.22.0.0-255.255.255.255[External]',
  );
  assert.ok(parseExternalName(externalName(b.set))!.set.equals(b.set));
  assert.is(externalName(cidrSet('1.2.3.4/32')!.set), '1.2.3.4-1.2.3.4[External]');
  const v6 = cidrSet('2001:db8::/32')!;
  assert.is(v6.family, 6);
  assert.is(externalName(v6.set, 6), '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]');
  assert.ok(parseExternalName(externalName(v6.set, 6))!.set.equals(v6.set));
  assert.is(parseExternalName('1.2.3.4-1.2.3.9'), undefined);
  assert.is(parseExternalName('1.2.3.4-::1[External]'), undefined);
});

test('partition: no reference is the whole space; CIDRs cut it at their boundaries', () => {
  const names = (bs: BigIntSet[]) => disjointBlocks(bs).map((b) => externalName(b));
  assert.equal(names([]), ['0.0.0.0-255.255.255.255[External]']);
  assert.equal(names([cidrSet('104.154.164.170/32')!.set, cidrSet('104.154.164.160/32')!.set]), [
    '0.0.0.0-104.154.164.159[External]',
    '104.154.164.160-104.154.164.160[External]',
    '104.154.164.161-104.154.164.169[External]',
    '104.154.164.170-104.154.164.170[External]',
    '104.154.164.171-255.255.255.255[External]',
  ]);
  // Nested CIDRs: the inner one is its own block, the outer one keeps both sides around it.
  assert.equal(names([cidrSet('10.0.0.0/8')!.set, cidrSet('10.11.0.0/16')!.set]), [
    '0.0.0.0-9.255.255.255[External]',
    '10.0.0.0-10.10.255.255[External]',
    '10.11.0.0-10.11.255.255[External]',
    '10.12.0.0-10.255.255.255[External]',
    '11.0.0.0-255.255.255.255[External]',
  ]);
  // A block with a hole that a smaller block straddles keeps the straddled piece whole.
  const parts = disjointBlocks([bigintSet([5n, 20n]), bigintSet([10n, 12n], [100n, 255n])]);
  assert.ok(parts.some((p) => p.ranges.length === 2), 'the overlap 10-12 ∪ … stays one block');
  const union = parts.reduce((a, b) => a.union(b));
  assert.is(union.count(), 1n << 32n);
  assert.is(parts.reduce((n, p) => n + p.count(), 0n), 1n << 32n, 'blocks are disjoint');
});

// ---- the goldens ---------------------------------------------------------------------------

const SUITE = join(CONFORMANCE, 'netpol-analyzer');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.(ya?ml|json)$/.test(e) ? [p] : [];
  });
}

type Obj = Record<string, unknown>;
const arr = (x: unknown): Obj[] => (Array.isArray(x) ? (x.filter((v) => v && typeof v === 'object') as Obj[]) : []);
const obj = (x: unknown): Obj => (x && typeof x === 'object' ? (x as Obj) : {});

/** Source and destination blocks referenced by the policies of a snapshot directory (IPv4 only). */
function referencedBlocks(dir: string): { src: BigIntSet[]; dst: BigIntSet[] } {
  const src: BigIntSet[] = [];
  const dst: BigIntSet[] = [];
  const add = (into: BigIntSet[], cidr: unknown, except: unknown) => {
    const holes = Array.isArray(except) ? except.filter((e): e is string => typeof e === 'string') : [];
    const b = typeof cidr === 'string' ? ipBlockSet(cidr, holes) : undefined;
    if (b && b.family === 4) into.push(b.set);
  };
  for (const file of yamlFiles(dir)) {
    let docs: unknown[];
    try {
      docs = loadAll(readFileSync(file, 'utf8'));
    } catch {
      continue; // the bad-YAML fixtures
    }
    const flat = docs.flatMap((d) => (obj(d).kind === 'List' ? arr(obj(d).items) : [obj(d)]));
    for (const d of flat) {
      const spec = obj(d.spec);
      if (d.kind === 'NetworkPolicy') {
        for (const r of arr(spec.ingress)) for (const p of arr(r.from)) if (p.ipBlock) add(src, obj(p.ipBlock).cidr, obj(p.ipBlock).except);
        for (const r of arr(spec.egress)) for (const p of arr(r.to)) if (p.ipBlock) add(dst, obj(p.ipBlock).cidr, obj(p.ipBlock).except);
      } else if (d.kind === 'AdminNetworkPolicy' || d.kind === 'BaselineAdminNetworkPolicy') {
        for (const r of arr(spec.egress)) for (const p of arr(r.to)) for (const n of (p.networks as unknown[]) ?? []) add(dst, n, []);
      }
    }
  }
  return { src, dst };
}

test('every [External] name in the connlist goldens is a block of the partition of its input', () => {
  const manifest = JSON.parse(readFileSync(join(SUITE, 'MANIFEST.cases.json'), 'utf8')) as {
    cases: Array<{ kind: string; inputDir?: string; expectedOutput: string; exposureAnalysis?: boolean; multipleNetworksEnabled?: boolean; format: string }>;
  };
  let cases = 0;
  let multiBlock = 0;
  for (const c of manifest.cases) {
    if (c.kind !== 'connlist' || c.format !== 'txt' || c.exposureAnalysis || c.multipleNetworksEnabled || !c.inputDir) continue;
    const golden = join(SUITE, c.expectedOutput);
    if (!existsSync(golden)) continue;
    const want = { src: new Set<string>(), dst: new Set<string>() };
    for (const line of readFileSync(golden, 'utf8').split('\n')) {
      const m = /^(\S+) => (\S+)/.exec(line);
      if (m && m[1]!.endsWith('[External]')) want.src.add(m[1]!);
      if (m && m[2]!.endsWith('[External]')) want.dst.add(m[2]!);
    }
    if (want.src.size + want.dst.size === 0) continue;
    const refs = referencedBlocks(join(SUITE, c.inputDir));
    for (const side of ['src', 'dst'] as const) {
      const have = new Set(disjointBlocks(refs[side]).map((b) => externalName(b)));
      for (const name of want[side]) assert.ok(have.has(name), `${c.expectedOutput}: ${side} ${name} not in ${[...have].join(' ')}`);
      if (have.size > 1) multiBlock++;
    }
    cases++;
  }
  assert.ok(cases >= 40, `only ${cases} cases with external endpoints`);
  assert.ok(multiBlock >= 5, `only ${multiBlock} sides with a split address space`);
});

test.run();
