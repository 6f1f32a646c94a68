/**
 * Every connlist format against netpol-analyzer's goldens: each golden txt is read back into
 * connections and re-rendered in the txt, csv and json layouts the manifest lists for the same run;
 * the result must equal the golden file byte for byte. Goldens without a txt sibling are rebuilt
 * from their csv/json sibling; there final newlines are ignored, as upstream compares with every
 * newline removed and some of those goldens lack the final one.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnSet } from '../../src/connectivity/connset.js';
import { parseConnlistTxt, renderConnlist, type Connection, type ConnlistFormat } from '../../src/report/connlist/index.js';
import { CONFORMANCE } from '../helpers/paths.js';

const SUITE = join(CONFORMANCE, 'netpol-analyzer');

interface ManifestCase {
  kind: string;
  format: ConnlistFormat;
  expectedOutput: string;
  exposureAnalysis?: boolean;
  multipleNetworksEnabled?: boolean;
}

const cases = (JSON.parse(readFileSync(join(SUITE, 'MANIFEST.cases.json'), 'utf8')) as { cases: ManifestCase[] }).cases;
const norm = (s: string) => s.replace(/\r\n?/g, '\n').replace(/\n+$/, '');

test('re-rendered goldens equal the goldens in txt, csv and json', () => {
  const checked: Record<string, number> = { txt: 0, csv: 0, json: 0 };
  const failures: string[] = [];
  let unreadable = 0;
  for (const c of cases) {
    if (c.kind !== 'connlist' || c.exposureAnalysis || c.multipleNetworksEnabled) continue;
    const txtPath = join(SUITE, c.expectedOutput.replace(/\.(csv|json)$/, '.txt'));
    if (!existsSync(txtPath)) continue;
    const parsed = parseConnlistTxt(readFileSync(txtPath, 'utf8'));
    if ('error' in parsed) {
      unreadable++; // multi-network sections: OVN-specific layouts this renderer does not produce
      continue;
    }
    const opts = parsed.focusConn === undefined ? {} : { focusConn: parsed.focusConn };
    const actual = renderConnlist(c.format, parsed.connections, opts);
    const expected = readFileSync(join(SUITE, c.expectedOutput), 'utf8');
    // Byte-exact: every golden with a txt sibling is reproduced including its final newline.
    if (actual !== expected) failures.push(c.expectedOutput);
    checked[c.format]!++;
  }
  assert.equal(failures, []);
  // The corpus holds dozens of each; a silent drop to a handful would mean the loop broke.
  assert.ok(checked.txt! >= 50 && checked.csv! >= 20 && checked.json! >= 20, JSON.stringify(checked));
  assert.ok(unreadable < 20, `${unreadable} goldens could not be read back`);
});

/** A tiny RFC 4180 reader: enough for the goldens' quoted conn column. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += ch;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

function toConnections(items: Array<{ src: string; dst: string; conn: string }>): Connection[] {
  return items.map((it) => {
    const conn = ConnSet.parse(it.conn);
    assert.ok(conn, `unreadable conn \`${it.conn}\``);
    return { src: it.src, dst: it.dst, conn: conn! };
  });
}

test('goldens without a txt sibling: csv re-rendered as json and json as csv', () => {
  let checked = 0;
  for (const c of cases) {
    if (c.kind !== 'connlist' || c.exposureAnalysis || c.multipleNetworksEnabled) continue;
    const stem = join(SUITE, c.expectedOutput.replace(/\.(txt|csv|json)$/, ''));
    if (existsSync(`${stem}.txt`) || c.format === 'txt') continue;
    const other = c.format === 'csv' ? 'json' : 'csv';
    if (!existsSync(`${stem}.${other}`)) continue;
    const source = readFileSync(`${stem}.${other}`, 'utf8');
    const items =
      other === 'json'
        ? (JSON.parse(source) as Array<{ src: string; dst: string; conn: string }>)
        : readCsv(source)
            .slice(1)
            .map(([src, dst, conn]) => ({ src: src!, dst: dst!, conn: conn! }));
    if (items.some((it) => it.conn === undefined)) continue; // focus-conn layouts carry no conn
    const actual = renderConnlist(c.format, toConnections(items));
    assert.is(norm(actual), norm(readFileSync(join(SUITE, c.expectedOutput), 'utf8')), c.expectedOutput);
    checked++;
  }
  assert.ok(checked >= 10, `only ${checked} csv/json pairs checked`);
});

test('focus-conn goldens keep their header and drop the conn column', () => {
  const base = join(SUITE, 'test_outputs/connlist/anp_demo_udp-52_connlist_output');
  const parsed = parseConnlistTxt(readFileSync(`${base}.txt`, 'utf8'));
  assert.ok(!('error' in parsed));
  if ('error' in parsed) return;
  assert.is(parsed.focusConn, 'UDP 52');
  assert.is(parsed.connections.length, 9);
  assert.ok(parsed.connections.every((c) => c.conn.toString() === 'UDP 52'));
  for (const f of ['txt', 'csv', 'json'] as const) {
    assert.is(norm(renderConnlist(f, parsed.connections, { focusConn: 'UDP 52' })), norm(readFileSync(`${base}.${f}`, 'utf8')), f);
  }
});

test('an empty golden stays empty in txt and is [] in json', () => {
  const base = join(SUITE, 'test_outputs/connlist/acs_security_frontend_demos_connlist_output');
  const parsed = parseConnlistTxt(readFileSync(`${base}.txt`, 'utf8'));
  assert.equal(parsed, { connections: [] });
  assert.is(renderConnlist('txt', []), '');
  assert.is(renderConnlist('json', []), readFileSync(`${base}.json`, 'utf8'));
});

test.run();
