/**
 * Seeded random clusters whose policies bite: `test/ir/gen.ts` covers every construct, but its
 * random selectors and CIDRs seldom select a pod, so most of its programs allow or deny
 * everything. Here selectors name the pods' own labels, CIDRs surround pods and the external
 * addresses the kernel test uses, ports are the ones pods listen on, and every action, tier default
 * and final action occurs — so emitted rules are exercised both ways.
 *
 * Addresses come from the test-only blocks 10.250.0.0/24 and fd00:250::/64.
 */
import type { Action, Endpoint, NetworkSet, PeerMatch, Policy, PortSpec, Program, Rule, Tier } from '../../src/ir/ast.js';
import { endpoint, namedPort, namespace, origin, policy, portRange, program, rule, ruleOrigin, snapshot, tier } from '../../src/ir/build.js';
import { parseCalicoSelector } from '../../src/selector/index.js';
import type { Selector } from '../../src/selector/ast.js';
import { Prng } from '../../src/util/prng.js';

const APPS = ['web', 'db', 'api'];
const NAMESPACES = ['prod', 'dev'];

function sel(text: string): Selector {
  const r = parseCalicoSelector(text);
  if (!r.ok) throw new Error(`bad selector ${text}`);
  return r.selector;
}

export function clusterProgram(seed: number, pods = 4): Program {
  const r = new Prng(seed);
  const endpoints: Endpoint[] = Array.from({ length: pods }, (_, i) =>
    endpoint({
      name: `pod-${i}`,
      namespace: r.pick(NAMESPACES),
      labels: { app: r.pick(APPS) },
      ips: r.chance(0.8) ? [`10.250.0.${i + 1}`, `fd00:250::${i + 1}`] : [`10.250.0.${i + 1}`],
      ports: r.chance(0.5) ? [{ name: 'http', protocol: 6, port: 8080 }, { name: 'dns', protocol: 17, port: 53 }] : [{ name: 'http', protocol: 6, port: 80 }],
    }),
  );
  const networkSets: NetworkSet[] = r.chance(0.7)
    ? [{ name: 'office', namespace: null, labels: { kind: 'office' }, nets: [r.pick(['192.168.50.0/24', '10.250.0.0/30', '10.0.0.0/8'])] }]
    : [];
  const o = origin('gen.yaml', seed, 1, 'Generated', `seed-${seed}`);

  const ports = (): PortSpec[] => r.pick([[portRange(80, 80)], [portRange(53, 53)], [namedPort('http')], [portRange(5432, 5432), portRange(8000, 8080)], [namedPort('dns'), portRange(80, 80)]]);
  const peer = (): Partial<PeerMatch> => {
    const p: Partial<PeerMatch> = {};
    const k = r.int(0, 6);
    if (k === 1) p.selector = sel(`app == "${r.pick(APPS)}"`);
    if (k === 2) p.namespace = { kind: 'name', name: r.pick(NAMESPACES) };
    if (k === 3) p.nets = { cidrs: [r.pick(['192.168.0.0/16', '10.250.0.0/29', '172.16.0.0/12'])], scope: r.pick(['any', 'external'] as const) };
    if (k === 4) p.notSelector = sel(`app == "${r.pick(APPS)}"`);
    if (k === 5) p.selector = sel('kind == "office"');
    if (k === 6) p.notNets = ['10.250.0.0/30'];
    return p;
  };
  const rules = (n: number): Rule[] =>
    Array.from({ length: n }, (_, i) => {
      const dst = peer();
      if (r.chance(0.6)) dst.ports = ports();
      else if (r.chance(0.15)) dst.notPorts = ports();
      const src = peer();
      if (r.chance(0.1)) src.ports = [portRange(30000, 30099)];
      return rule({
        action: r.pick<Action>(['allow', 'allow', 'deny', 'pass', 'log']),
        protocol: r.pick([6, 17, null]),
        src,
        dst,
        origin: ruleOrigin(o, i, `spec.rules[${i}]`),
      });
    });
  const tiers: Tier[] = Array.from({ length: r.int(1, 2) }, (_, t) =>
    tier({
      name: `t${t}`,
      order: t * 100,
      defaultAction: r.pick(['deny', 'pass'] as const),
      policies: Array.from({ length: r.int(1, 2) }, (_, k): Policy =>
        policy({
          name: `p${t}-${k}`,
          order: k,
          types: r.pick([['ingress'], ['egress'], ['ingress', 'egress']] as const).slice(),
          subject: { selector: r.chance(0.3) ? sel('all()') : sel(`app == "${r.pick(APPS)}"`), namespace: r.chance(0.3) ? { kind: 'name', name: r.pick(NAMESPACES) } : null },
          ingress: rules(r.int(1, 3)),
          egress: rules(r.int(1, 3)),
          origin: o,
        }),
      ),
    }),
  );
  return program({
    snapshot: snapshot({ namespaces: NAMESPACES.map((n) => namespace(n)), endpoints, networkSets }),
    tiers,
    final: r.pick(['allow', 'deny'] as const),
  });
}
