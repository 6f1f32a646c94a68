/**
 * The connlist formats on a small hand-made list: exact md and dot text (the shared corpus has no
 * md/dot goldens), csv quoting and Go JSON escaping, and the txt parse/render round trip.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConnSet } from '../../src/connectivity/connset.js';
import { csvField } from '../../src/report/connlist/csv.js';
import { goQuote } from '../../src/report/connlist/dot.js';
import { goJsonString } from '../../src/report/connlist/json.js';
import {
  INGRESS_CONTROLLER,
  parseConnlistTxt,
  parseFocusConn,
  renderConnlist,
  workloadName,
  type Connection,
} from '../../src/report/connlist/index.js';

const web = workloadName('front-end', 'web', 'Deployment');
const db = workloadName('back', 'db-0', 'StatefulSet');
const job = workloadName('', 'batch', 'Job');
const ext = '0.0.0.0-9.255.255.255[External]';
const CONNS: Connection[] = [
  { src: web, dst: db, conn: ConnSet.portRange('TCP', 5432).union(ConnSet.portRange('TCP', 8080, 8090)) },
  { src: ext, dst: web, conn: ConnSet.all() },
  { src: INGRESS_CONTROLLER, dst: web, conn: ConnSet.portRange('TCP', 80) },
  { src: db, dst: web, conn: ConnSet.all().subtract(ConnSet.portRange('UDP', 53)) },
];

test('workload names default the namespace; focus-conn flags read as connection sets', () => {
  assert.is(job, 'default/batch[Job]');
  assert.is(parseFocusConn('udp-52')?.toString(), 'UDP 52');
  assert.is(parseFocusConn('TCP-8080')?.toString(), 'TCP 8080');
  assert.is(parseFocusConn('icmp-1'), undefined);
  assert.is(parseFocusConn('tcp-0'), undefined);
});

test('txt sorts by source then destination and parses back', () => {
  const txt = renderConnlist('txt', CONNS);
  assert.is(
    txt,
    [
      '0.0.0.0-9.255.255.255[External] => front-end/web[Deployment] : All Connections',
      'back/db-0[StatefulSet] => front-end/web[Deployment] : SCTP 1-65535,TCP 1-65535,UDP 1-52,54-65535',
      'front-end/web[Deployment] => back/db-0[StatefulSet] : TCP 5432,8080-8090',
      '{ingress-controller} => front-end/web[Deployment] : TCP 80',
      '',
    ].join('\n'),
  );
  const back = parseConnlistTxt(txt);
  assert.ok(!('error' in back));
  if ('error' in back) return;
  assert.is(renderConnlist('txt', back.connections), txt);
  assert.ok('error' in parseConnlistTxt('a => b : TCP 99999\n'));
  assert.ok('error' in parseConnlistTxt('Permitted connectivity analyzed in Pod network:\n'));
});

test('md is a table with a rule line and a final newline', () => {
  assert.is(
    renderConnlist('md', CONNS.slice(0, 2)),
    [
      '| src | dst | conn |',
      '|-----|-----|------|',
      '| 0.0.0.0-9.255.255.255[External] | front-end/web[Deployment] | All Connections |',
      '| front-end/web[Deployment] | back/db-0[StatefulSet] | TCP 5432,8080-8090 |',
      '',
    ].join('\n'),
  );
  assert.is(renderConnlist('md', [], { focusConn: 'TCP 80' }), '| src | dst |\n|-----|-----|\n');
});

test('dot groups workloads by namespace, keeps isolated peers, sorts nodes and edges', () => {
  const dot = renderConnlist('dot', CONNS.slice(0, 3), { peers: [web, db, job, ext] });
  assert.is(
    dot,
    [
      'digraph {',
      '\tsubgraph "cluster_back[namespace]" {',
      '\t\tcolor="black"',
      '\t\tfontcolor="black"',
      '\t\t"back/db-0[StatefulSet]" [label="db-0[StatefulSet]" color="blue" fontcolor="blue"]',
      '\t\tlabel="back[namespace]"',
      '\t}',
      '\tsubgraph "cluster_default[namespace]" {',
      '\t\tcolor="black"',
      '\t\tfontcolor="black"',
      '\t\t"default/batch[Job]" [label="batch[Job]" color="blue" fontcolor="blue"]',
      '\t\tlabel="default[namespace]"',
      '\t}',
      '\tsubgraph "cluster_front_end[namespace]" {',
      '\t\tcolor="black"',
      '\t\tfontcolor="black"',
      '\t\t"front-end/web[Deployment]" [label="web[Deployment]" color="blue" fontcolor="blue"]',
      '\t\tlabel="front-end[namespace]"',
      '\t}',
      '\t"0.0.0.0-9.255.255.255[External]" [label="0.0.0.0-9.255.255.255[External]" color="red2" fontcolor="red2"]',
      '\t"{ingress-controller}" [label="{ingress-controller}" color="blue" fontcolor="blue"]',
      '\t"0.0.0.0-9.255.255.255[External]" -> "front-end/web[Deployment]" [label="All Connections" color="gold2" fontcolor="darkgreen" weight=0.5]',
      '\t"front-end/web[Deployment]" -> "back/db-0[StatefulSet]" [label="TCP 5432,8080-8090" color="gold2" fontcolor="darkgreen" weight=1]',
      '\t"{ingress-controller}" -> "front-end/web[Deployment]" [label="TCP 80" color="gold2" fontcolor="darkgreen" weight=1]',
      '}',
    ].join('\n'),
  );
  assert.is(renderConnlist('dot', []), 'digraph {\n}');
  assert.is(goQuote('a"b\\c\n'), '"a\\"b\\\\c\\n"');
});

test('csv quotes like Go encoding/csv; json escapes like Go encoding/json', () => {
  assert.is(csvField('All Connections'), 'All Connections');
  assert.is(csvField('TCP 80,443'), '"TCP 80,443"');
  assert.is(csvField('say "hi"'), '"say ""hi"""');
  assert.is(csvField(' lead'), '" lead"');
  assert.is(csvField(''), '');
  assert.is(
    renderConnlist('csv', CONNS.slice(0, 1)),
    'src,dst,conn\nfront-end/web[Deployment],back/db-0[StatefulSet],"TCP 5432,8080-8090"\n',
  );
  assert.is(goJsonString('a<b>&c\u2028'), '"a\\u003cb\\u003e\\u0026c\\u2028"');
  assert.is(
    renderConnlist('json', CONNS.slice(2, 3), { focusConn: 'TCP 80' }),
    '[\n  {\n    "src": "{ingress-controller}",\n    "dst": "front-end/web[Deployment]"\n  }\n]',
  );
});

test.run();
