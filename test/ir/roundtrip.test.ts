import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIr } from '../../src/ir/parse.js';
import { printIr } from '../../src/ir/print.js';
import { CONSTRUCTS } from '../../src/ir/constructs.js';
import { Gen } from './gen.js';

const RANDOM_PROGRAMS = 400;

function roundTrip(text: string): void {
  const first = parseIr(text);
  assert.equal(first.diagnostics, [], `parse failed:\n${text}`);
  const printed = printIr(first.value!);
  const second = parseIr(printed);
  assert.equal(second.diagnostics, []);
  assert.equal(second.value, first.value);
  assert.is(printIr(second.value!), printed, 'printing is a fixed point');
}

test('hand-written programs: parse → print → parse is the identity', () => {
  roundTrip('final allow');
  roundTrip('tier "t" order none default pass {} final deny');
  roundTrip(`
    # comments and free layout are allowed
    tier "default" order 1000000 default deny {
      policy "prod/knp.default.web" order 1000 types [ingress, egress]
          applies sel(app == "web" && tier in {"a", "b"}) ns "prod" sa names ["web-sa"] sel(team == "x")
          unknown "doNotTrack" @ "np.yaml":3:1 NetworkPolicy "prod/web" {
        ingress allow proto tcp from sel(role == "fe") ns(team == "a") to ports [80, 8000-8080, "http"] @ 12:9 rule 0 "spec.ingress[0].from[0]"
        ingress deny ipv6 proto icmpv6 icmp type 128 code 0 not icmp type 1 from external nets [2001:db8::/32] not nets [2001:db8:1::/48] to any unknown "http match" @ "other.yaml":1:1 GlobalNetworkPolicy "gnp" rule 3
        egress log not proto udp from any to not sel(has(x)) sa any not ports ["dns"] @ 20:5 rule 0
      }
    }
    final allow`);
  roundTrip(`snapshot {
    namespace "prod" labels {"kubernetes.io/metadata.name": "prod"}
    endpoint "prod/a" in "prod" workload "prod/a[Deployment]" ips unknown sa "x" {"k": "v"} ports ["p" udp 53] labels {}
    networkset "n" in "prod" labels {"a": "b"} nets []
    networkset "g" global labels {} nets [0.0.0.0/0, ::/0]
  }
  final allow`);
});

test('every construct case round-trips', () => {
  for (const [id, c] of Object.entries(CONSTRUCTS)) {
    try {
      roundTrip(c.program);
    } catch (e) {
      throw new Error(`${id}: ${(e as Error).message}`);
    }
  }
});

test(`${RANDOM_PROGRAMS} random programs: parse(print(p)) deep-equals p`, () => {
  for (let seed = 1; seed <= RANDOM_PROGRAMS; seed++) {
    const p = new Gen(seed).program();
    const text = printIr(p);
    const back = parseIr(text);
    if (back.diagnostics.length > 0 || back.value === undefined)
      assert.unreachable(`seed ${seed}: ${JSON.stringify(back.diagnostics)}\n${text}`);
    assert.equal(back.value, p, `seed ${seed}`);
  }
});

test('random programs use every kind of construct somewhere', async () => {
  const { constructsUsed } = await import('../../src/ir/constructs.js');
  const seen = new Set<string>();
  for (let seed = 1; seed <= RANDOM_PROGRAMS; seed++) for (const id of constructsUsed(new Gen(seed).program())) seen.add(id);
  const missing = Object.keys(CONSTRUCTS).filter((id) => !seen.has(id));
  assert.equal(missing, [], 'the generator should exercise every construct');
});

test.run();
