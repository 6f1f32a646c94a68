/**
 * The pure comparison: pairs matched by name, external blocks compared over the common
 * refinement of both versions' cuts and merged back, workloads that exist in one version only.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConnSet } from '../../../src/connectivity/connset.js';
import { diffConnections, type VersionConnections } from '../../../src/analysis/diff/diffConnections.js';
import type { Connection } from '../../../src/report/connlist/connection.js';

const tcp = (p: number) => ConnSet.portRange('TCP', p);
const all = ConnSet.all();
const W = 'prod/web[Deployment]';
const DB = 'prod/db[StatefulSet]';

function v(connections: Connection[], workloads = [W, DB]): VersionConnections {
  return { connections, workloads: new Set(workloads) };
}

/** Changes as `type src dst old → new [flags]` lines. */
function lines(oldV: VersionConnections, newV: VersionConnections): string[] {
  return diffConnections(oldV, newV).changes.map(
    (c) => `${c.type} ${c.src} ${c.dst} ${c.old.toString()} → ${c.new.toString()}${c.onlyInOneVersion.src ? ' +src' : ''}${c.onlyInOneVersion.dst ? ' +dst' : ''}`,
  );
}

test('identical versions have no changes', () => {
  const conns = [
    { src: W, dst: DB, conn: tcp(5432) },
    { src: '0.0.0.0-255.255.255.255[External]', dst: W, conn: tcp(443) },
  ];
  assert.equal(lines(v(conns), v(conns)), []);
});

test('a range cut out by the old version and allowed by the new one is the only added line', () => {
  const oldV = v([
    { src: '0.0.0.0-9.255.255.255[External]', dst: W, conn: tcp(80) },
    { src: '11.0.0.0-255.255.255.255[External]', dst: W, conn: tcp(80) },
  ]);
  const newV = v([{ src: '0.0.0.0-255.255.255.255[External]', dst: W, conn: tcp(80) }]);
  assert.equal(lines(oldV, newV), [`added 10.0.0.0-10.255.255.255[External] ${W} No Connections → TCP 80`]);
  assert.equal(lines(newV, oldV), [`removed 10.0.0.0-10.255.255.255[External] ${W} TCP 80 → No Connections`]);
});

test('a block the new version splits changes only where its connections differ', () => {
  const oldV = v([{ src: W, dst: '0.0.0.0-255.255.255.255[External]', conn: all }]);
  const newV = v([
    { src: W, dst: '0.0.0.0-127.255.255.255[External]', conn: all },
    { src: W, dst: '128.0.0.0-255.255.255.255[External]', conn: tcp(53) },
  ]);
  assert.equal(lines(oldV, newV), [`changed ${W} 128.0.0.0-255.255.255.255[External] All Connections → TCP 53`]);
});

test('adjacent ranges that changed alike are one line; apart, or changed differently, they are not', () => {
  const oldV = v([
    { src: W, dst: '0.0.0.0-127.255.255.255[External]', conn: tcp(80) },
    { src: W, dst: '128.0.0.0-191.255.255.255[External]', conn: tcp(80) },
    { src: W, dst: '192.0.0.0-223.255.255.255[External]', conn: tcp(81) },
    { src: W, dst: '224.0.0.0-239.255.255.255[External]', conn: tcp(80) },
  ]);
  const newV = v([]);
  assert.equal(lines(oldV, newV), [
    `removed ${W} 0.0.0.0-191.255.255.255[External] TCP 80 → No Connections`,
    `removed ${W} 192.0.0.0-223.255.255.255[External] TCP 81 → No Connections`,
    `removed ${W} 224.0.0.0-239.255.255.255[External] TCP 80 → No Connections`,
  ]);
});

test('a multi-range block is compared range by range and printed one range a line', () => {
  const oldV = v([{ src: '0.0.0.0-9.255.255.255, 11.0.0.0-255.255.255.255[External]', dst: W, conn: tcp(80) }]);
  const newV = v([{ src: '0.0.0.0-255.255.255.255[External]', dst: W, conn: tcp(443) }]);
  assert.equal(lines(oldV, newV), [
    `changed 0.0.0.0-9.255.255.255[External] ${W} TCP 80 → TCP 443`,
    `changed 11.0.0.0-255.255.255.255[External] ${W} TCP 80 → TCP 443`,
    `added 10.0.0.0-10.255.255.255[External] ${W} No Connections → TCP 443`,
  ]);
});

test('sources and destinations of one workload are refined apart', () => {
  const oldV = v([
    { src: '10.0.0.0-10.255.255.255[External]', dst: W, conn: tcp(80) },
    { src: W, dst: '0.0.0.0-255.255.255.255[External]', conn: tcp(80) },
  ]);
  const newV = v([{ src: W, dst: '0.0.0.0-255.255.255.255[External]', conn: tcp(80) }]);
  assert.equal(lines(oldV, newV), [`removed 10.0.0.0-10.255.255.255[External] ${W} TCP 80 → No Connections`]);
});

test('workloads present in one version only are flagged on added and removed pairs, never on changed ones', () => {
  const NEW = 'prod/new[Deployment]';
  const GONE = 'prod/gone[Deployment]';
  const oldV = v([
    { src: W, dst: DB, conn: tcp(5432) },
    { src: GONE, dst: DB, conn: tcp(5432) },
    { src: '0.0.0.0-255.255.255.255[External]', dst: GONE, conn: all },
  ], [W, DB, GONE]);
  const newV = v([
    { src: W, dst: DB, conn: tcp(5433) },
    { src: NEW, dst: W, conn: all },
    { src: W, dst: NEW, conn: tcp(80) },
    // Both ends are new workloads.
    { src: NEW, dst: 'prod/new2[Pod]', conn: all },
  ], [W, DB, NEW, 'prod/new2[Pod]']);
  assert.equal(lines(oldV, newV), [
    `changed ${W} ${DB} TCP 5432 → TCP 5433`,
    `added prod/new[Deployment] prod/new2[Pod] No Connections → All Connections +src +dst`,
    `added prod/new[Deployment] ${W} No Connections → All Connections +src`,
    `added ${W} prod/new[Deployment] No Connections → TCP 80 +dst`,
    `removed 0.0.0.0-255.255.255.255[External] prod/gone[Deployment] All Connections → No Connections +dst`,
    `removed prod/gone[Deployment] ${DB} TCP 5432 → No Connections +src`,
  ]);
});

test('a workload that exists in both versions but had no connection is not flagged', () => {
  const oldV = v([]);
  const newV = v([{ src: W, dst: DB, conn: tcp(1) }]);
  assert.equal(lines(oldV, newV), [`added ${W} ${DB} No Connections → TCP 1`]);
  assert.is(diffConnections(oldV, newV).pairs, 1);
});

test.run();
