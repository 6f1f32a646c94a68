/**
 * The txt and csv diff formats against every netpol-analyzer diff golden (including those of
 * kinds the analysis skips, such as Ingress and Route: formatting does not depend on them). Each
 * golden is read back into changes, shuffled, and re-rendered in both layouts; the result must
 * equal the golden (and its txt/csv sibling when there is one) up to the final newline, which
 * netpol-analyzer's test harness adds when writing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConnSet } from '../../../src/connectivity/connset.js';
import { renderDiff, type DiffFormat } from '../../../src/report/diff/index.js';
import type { Change, ChangeType, SnapshotDiff } from '../../../src/analysis/diff/types.js';
import { Prng } from '../../../src/util/prng.js';
import { CONFORMANCE } from '../../helpers/paths.js';

const OUTPUTS = join(CONFORMANCE, 'netpol-analyzer', 'test_outputs');
const norm = (s: string) => s.replace(/\r\n?/g, '\n').replace(/\n+$/, '');

interface Fields {
  type: string;
  src: string;
  dst: string;
  old: string;
  new: string;
  info: string;
}

const TXT_LINE = /^diff-type: (\w+), source: (.*?), destination: (.*?), ([^:,]+): (.*?), ([^:,]+): (.*?)(?:, workloads-diff-info: (.*))?$/;

/** A txt golden → its fields and the two version names its lines use. */
function parseTxt(text: string): { rows: Fields[]; names: [string, string] } {
  const lines = norm(text).split('\n').filter((l) => l !== '');
  const rows: Fields[] = [];
  let names: [string, string] = ['ref1', 'ref2'];
  for (const line of lines.slice(1)) {
    const m = TXT_LINE.exec(line);
    if (!m) throw new Error(`unreadable line: ${line}`);
    names = [m[4]!, m[6]!];
    rows.push({ type: m[1]!, src: m[2]!, dst: m[3]!, old: m[5]!, new: m[7]!, info: m[8] ?? '' });
  }
  return { rows, names };
}

/** One csv record (Go `encoding/csv`: quotes only around fields that need them, `""` inside). */
function csvRecord(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') field += line[++i];
    else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) out.push(field), (field = '');
    else field += ch;
  }
  out.push(field);
  return out;
}

function parseCsv(text: string): { rows: Fields[]; names: [string, string] } {
  const [header, ...body] = norm(text).split('\n').filter((l) => l !== '').map(csvRecord);
  const rows = body.map((r) => ({ type: r[0]!, src: r[1]!, dst: r[2]!, old: r[3]!, new: r[4]!, info: r[5] ?? '' }));
  return { rows, names: header ? [header[3]!, header[4]!] : ['ref1', 'ref2'] };
}

function toChange(f: Fields): Change {
  const conn = (t: string) => {
    const c = ConnSet.parse(t);
    if (!c) throw new Error(`unreadable connections: ${t}`);
    return c;
  };
  const named = f.info === '' ? [] : f.info.replace(/^workload /, '').replace(/ (added|removed)$/, '').split(' and ');
  return {
    type: f.type as ChangeType,
    src: f.src,
    dst: f.dst,
    old: conn(f.old),
    new: conn(f.new),
    onlyInOneVersion: { src: named.includes(f.src), dst: named.includes(f.dst) },
  };
}

function diffOf(rows: Fields[], seed: number): SnapshotDiff {
  const changes = rows.map(toChange);
  const r = new Prng(seed);
  for (let i = changes.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [changes[i], changes[j]] = [changes[j]!, changes[i]!];
  }
  return { mode: 'snapshot', changes, relation: 'incomparable', unknown: { old: [], new: [] }, stats: { endpoints: { old: 0, new: 0 }, pairs: 0, evaluations: 0 } };
}

const goldens = ['diff', 'cli'].flatMap((dir) =>
  readdirSync(join(OUTPUTS, dir))
    .filter((f) => (dir === 'diff' || f.startsWith('diff_')) && /\.(txt|csv)$/.test(f))
    .map((f) => join(OUTPUTS, dir, f)),
);

test('txt and csv re-rendered from each diff golden equal the goldens', () => {
  const checked: Record<string, number> = { txt: 0, csv: 0 };
  const failures: string[] = [];
  for (const [i, path] of goldens.entries()) {
    const isTxt = path.endsWith('.txt');
    const parsed = isTxt ? parseTxt(readFileSync(path, 'utf8')) : parseCsv(readFileSync(path, 'utf8'));
    const diff = diffOf(parsed.rows, i + 1);
    for (const format of ['txt', 'csv'] as DiffFormat[]) {
      const golden = path.replace(/\.(txt|csv)$/, `.${format}`);
      if (!existsSync(golden)) continue;
      const actual = renderDiff(format, diff, { refNames: parsed.names });
      if (norm(actual) !== norm(readFileSync(golden, 'utf8'))) failures.push(golden);
      checked[format]!++;
    }
  }
  assert.equal(failures, []);
  // 34 txt and 23 csv goldens today, some in both layouts: a drop to a handful means the loop broke.
  assert.ok(checked.txt! >= 30 && checked.csv! >= 20, JSON.stringify(checked));
});

test('an empty diff is empty in txt and csv (no header), as netpol-analyzer writes it', () => {
  const diff = diffOf([], 1);
  assert.is(renderDiff('txt', diff), '');
  assert.is(renderDiff('csv', diff), '');
  assert.is(readFileSync(join(OUTPUTS, 'diff', 'diff_between_with_end_port_example_new_and_with_end_port_example.csv'), 'utf8'), '');
});

test('version names appear in the txt lines and the csv header', () => {
  const { rows } = parseTxt(readFileSync(join(OUTPUTS, 'diff', 'TsetOutputWithArgNamesOption_diff_between_onlineboutique_workloads_changed_netpols_and_onlineboutique_workloads.txt'), 'utf8'));
  const diff = diffOf(rows, 3);
  const txt = renderDiff('txt', diff, { refNames: ['old', 'new'] });
  assert.match(txt, 'diff-type: changed, source: default/checkoutservice[Deployment], destination: default/cartservice[Deployment], old: TCP 7070, new: TCP 8000\n');
  assert.is(renderDiff('csv', diff, { refNames: ['old', 'new'] }).split('\n')[0], 'diff-type,source,destination,old,new,workloads-diff-info');
});

test.run();
