/**
 * Names and text limits: chain names within 28 characters and stable, ipset names within 31,
 * comments and log prefixes that need no escaping, `multiport` lists of at most 15 ports.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHAIN_NAME_MAX, IPSET_NAME_MAX, Namer, comment, hashedName, logTarget, shortHash } from '../../src/emit/iptables/names.js';
import { multiportChunks } from '../../src/emit/iptables/matches.js';
import { portRange } from '../../src/ir/build.js';

test('hashed names fit the limit, keep a readable slug, and depend only on their source', () => {
  const long = 'kube-system/a-very-long-pod-name-that-would-never-fit-7d4b9c8f6-x2x9z';
  const n = hashedName('npc-fw-', long, CHAIN_NAME_MAX, 'a-very-long-pod-name');
  assert.ok(n.length <= CHAIN_NAME_MAX, n);
  assert.ok(n.startsWith('npc-fw-a-very-lon'), n);
  assert.is(n, hashedName('npc-fw-', long, CHAIN_NAME_MAX, 'a-very-long-pod-name'));
  assert.is.not(n, hashedName('npc-fw-', long + 'x', CHAIN_NAME_MAX, 'a-very-long-pod-name'));
  assert.match(n, /_[a-z2-7]{10}$/);
  assert.ok(hashedName('npc4-s-', 'x'.repeat(500), IPSET_NAME_MAX).length <= IPSET_NAME_MAX);
});

test('a name with nothing readable is the prefix and the hash', () => {
  assert.is(hashedName('npc-pi-', '✓ ü', CHAIN_NAME_MAX), `npc-pi-${shortHash('✓ ü')}`);
});

test('Namer gives one name per source and the same name again for it', () => {
  const names = new Namer(CHAIN_NAME_MAX);
  const a = names.name('npc-fw-', 'prod/web');
  assert.is(names.name('npc-fw-', 'prod/web'), a);
  assert.is.not(names.name('npc-tw-', 'prod/web'), a);
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) seen.add(names.name('npc-fw-', `ns/pod-${i}`));
  assert.is(seen.size, 2000);
});

test('comments are printable ASCII without quotes or backslashes, within 255 characters', () => {
  const c = comment('policy "quote"d\\back\nnew\tline ünï ' + 'x'.repeat(400));
  const text = /^-m comment --comment "(.*)"$/.exec(c)?.[1];
  assert.ok(text !== undefined, c);
  assert.not.match(text!, /["\\\n\t]/);
  assert.match(text!, /^[\x20-\x7e]*$/);
  assert.ok(text!.length <= 255);
  assert.ok(text!.startsWith("policy 'quote'd/back new line ?n? "), text);
});

test('a log prefix fits the kernel limit of 29 characters', () => {
  const t = logTarget(`${shortHash('p')} r12`);
  const prefix = /--log-prefix "(.*)"$/.exec(t)?.[1] ?? '';
  assert.ok(prefix.length <= 29 && prefix.endsWith(': '), prefix);
});

test('multiport lists take at most 15 ports, a range counting two', () => {
  const specs = Array.from({ length: 20 }, (_, i) => portRange(100 + i, 100 + i));
  specs.splice(3, 0, portRange(8000, 8010));
  const chunks = multiportChunks(specs);
  assert.equal(chunks, ['100,101,102,8000:8010,103,104,105,106,107,108,109,110,111,112', '113,114,115,116,117,118,119']);
  for (const c of chunks) {
    const slots = c.split(',').reduce((n, p) => n + (p.includes(':') ? 2 : 1), 0);
    assert.ok(slots <= 15, c);
  }
});

test.run();
