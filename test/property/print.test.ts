/**
 * The property printer: canonical text, and parse(print(p)) = p on generated properties.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EndpointSpec, PortMatch, Property, PropertyKind } from '../../src/property/ast.js';
import { parseProperties } from '../../src/property/parse.js';
import { printProperties, printProperty } from '../../src/property/print.js';
import { parseCalicoSelector, printSelector, type Selector } from '../../src/selector/index.js';
import { Prng } from '../../src/util/prng.js';
import { genSelector } from '../selector/generate.js';

function parseAll(text: string): Property[] {
  const r = parseProperties('p.txt', text);
  assert.equal(r.diagnostics, [], text);
  return r.value!;
}

/** A property without where it was written: what printing must preserve. */
function meaning(p: Property): Omit<Property, 'file' | 'line' | 'column'> {
  const { file: _f, line: _l, column: _c, ...rest } = p;
  return rest;
}

test('printing gives the canonical text of what was parsed', () => {
  const text = [
    'dns: allow pod() -> pod(k8s-app == "kube-dns")   ns(kubernetes.io/metadata.name=="kube-system") on UDP/53,tcp/53',
    'ext: deny any -> cidr(10.0.0.1, 2001:DB8::/32) except cidr(2001:db8:1::/48)',
    'nums: some ns(a == "b") -> any on 6/80-81, 47, icmp',
    'all: only any -> any on any',
  ].join('\n');
  assert.is(
    printProperties(parseAll(text)),
    [
      'dns: allow pod(all()) -> ns(kubernetes.io/metadata.name == "kube-system") pod(k8s-app == "kube-dns") on udp/53, tcp/53',
      'ext: deny any -> cidr(10.0.0.1/32, 2001:db8::/32) except cidr(2001:db8:1::/48)',
      'nums: some ns(a == "b") -> any on tcp/80-81, 47, icmp',
      'all: only any -> any',
      '',
    ].join('\n'),
  );
});

// ── generated round trips ────────────────────────────────────────────────────────────────────

/** A selector as the parser builds it: generated trees may have shapes the parser never makes. */
function parsedSelector(rng: Prng): Selector {
  for (;;) {
    const r = parseCalicoSelector(printSelector(genSelector(rng)));
    if (r.ok) return r.selector;
  }
}

const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '192.0.2.7/32', '::/0', '2001:db8::/32', 'fd00::1/128'];

function genEndpoints(rng: Prng): EndpointSpec {
  switch (rng.int(0, 4)) {
    case 0:
      return { kind: 'any' };
    case 1:
      return { kind: 'pods', namespace: parsedSelector(rng), pod: null };
    case 2:
      return { kind: 'pods', namespace: null, pod: parsedSelector(rng) };
    case 3:
      return { kind: 'pods', namespace: parsedSelector(rng), pod: parsedSelector(rng) };
    default: {
      const cidrs = Array.from({ length: rng.int(1, 3) }, () => rng.pick(CIDRS));
      // Only exceptions inside a listed CIDR are valid: the whole families always qualify.
      const except = cidrs.includes('0.0.0.0/0') && rng.chance(0.5) ? ['10.1.0.0/16'] : [];
      return { kind: 'cidr', cidrs, except };
    }
  }
}

function genPorts(rng: Prng): PortMatch[] | null {
  if (rng.chance(0.3)) return null;
  return Array.from({ length: rng.int(1, 3) }, (): PortMatch => {
    const protocol = rng.pick([6, 17, 132, 1, 47, 136]);
    if (![6, 17, 132, 136].includes(protocol) || rng.chance(0.3)) return { protocol, ports: null };
    const from = rng.int(0, 65535);
    return { protocol, ports: { from, to: rng.chance(0.5) ? from : rng.int(from, 65535) } };
  });
}

test('parse(print(p)) is p for generated properties', () => {
  const rng = new Prng(20240605);
  const kinds: PropertyKind[] = ['deny', 'allow', 'only', 'some'];
  const ps: Property[] = Array.from({ length: 300 }, (_, i) => ({
    name: `p-${i}`,
    kind: rng.pick(kinds),
    src: genEndpoints(rng),
    dst: genEndpoints(rng),
    on: genPorts(rng),
    file: 'p.txt',
    line: i + 1,
    column: 1,
  }));
  for (const p of ps) {
    const text = printProperty(p);
    const back = parseProperties('p.txt', text);
    assert.equal(back.diagnostics, [], text);
    assert.equal(meaning(back.value![0]!), meaning(p), text);
  }
  // The whole file at once: lines and columns come back too.
  assert.equal(parseAll(printProperties(ps)), ps);
});

test.run();
