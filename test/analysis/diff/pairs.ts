/**
 * Generated (old, new) program pairs for diff tests and the diff benchmark: a cluster snapshot
 * and policies whose rules actually bite on it, and a copy with exactly one rule mutated.
 *
 * Why not `test/ir/gen.ts` alone: its programs exercise every construct, so their selectors,
 * address families and `unknown` reasons rarely touch the snapshot — flipping every rule of one
 * changes its connectivity about one time in a hundred. These programs draw selectors and
 * namespaces from the endpoints themselves, so a mutation usually shows.
 * Seeded: the same seed gives the same pair everywhere.
 */
import type { Action, Direction, Endpoint, PeerMatch, Policy, PortSpec, Program, Rule, Selector, Snapshot } from '../../../src/ir/ast.js';
import { endpoint, namespace, origin, peer, policy, program, rule, ruleOrigin, tier } from '../../../src/ir/build.js';
import { Prng } from '../../../src/util/prng.js';
import { Gen } from '../../ir/gen.js';

const APPS = ['web', 'db', 'api', 'cache', 'mq', 'auth'];
const NAMESPACES = ['prod', 'dev', 'ops'];
const EXTERNAL = ['0.0.0.0/0', '10.0.0.0/8', '192.168.0.0/16', '203.0.113.0/24', '8.8.8.0/24'];

/** A snapshot of `n` pods in workloads, with app/tier labels, IPv4 addresses and named ports. */
export function pairSnapshot(r: Prng, n: number): Snapshot {
  const endpoints: Endpoint[] = [];
  for (let i = 0; i < n; i++) {
    const ns = r.pick(NAMESPACES);
    const app = r.pick(APPS);
    endpoints.push(
      endpoint({
        name: `${app}-${i}`,
        namespace: ns,
        labels: { app, tier: r.pick(['front', 'back']) },
        workload: `${ns}/${app}-${i}[Deployment]`,
        ips: [`10.${NAMESPACES.indexOf(ns)}.${1 + (i >> 8)}.${i & 255}`],
        ports: r.chance(0.5) ? [{ name: 'http', protocol: 6, port: r.pick([80, 8080]) }] : [],
        serviceAccount: { name: 'default', labels: {} },
      }),
    );
  }
  return { namespaces: NAMESPACES.map((ns) => namespace(ns, { env: ns === 'prod' ? 'prod' : 'nonprod' })), endpoints, networkSets: [] };
}

/** Selectors and namespaces drawn from a real endpoint, so that most of them select something. */
function labelSelector(r: Prng, eps: readonly Endpoint[]): Selector {
  if (r.chance(0.1)) return { op: 'all' };
  const e = r.pick(eps);
  const key = r.chance(0.8) ? 'app' : 'tier';
  return { op: 'eq', key, value: e.labels[key]! };
}

function namespaceOf(r: Prng, eps: readonly Endpoint[]): { kind: 'name'; name: string } {
  return { kind: 'name', name: r.pick(eps).namespace };
}

function side(r: Prng, eps: readonly Endpoint[]): PeerMatch {
  const p: Partial<PeerMatch> = {};
  if (r.chance(0.25)) p.nets = { cidrs: [r.pick(EXTERNAL)], scope: 'any' };
  else if (r.chance(0.85)) p.selector = labelSelector(r, eps);
  if (!p.nets && r.chance(0.3)) p.namespace = namespaceOf(r, eps);
  return peer(p);
}

const PORTS: PortSpec[] = [
  { kind: 'range', from: 80, to: 80 },
  { kind: 'range', from: 443, to: 443 },
  { kind: 'range', from: 5432, to: 5432 },
  { kind: 'range', from: 8000, to: 8999 },
  { kind: 'named', name: 'http' },
];

/** A rule that matches some of the snapshot: a peer by labels or CIDR, and often a port. */
export function pairRule(r: Prng, eps: readonly Endpoint[], dir: Direction, at: number, file: string): Rule {
  const action: Action = r.pick(['allow', 'allow', 'allow', 'deny', 'pass']);
  const ports = r.chance(0.7) ? [r.pick(PORTS)] : null;
  const remote = side(r, eps);
  return rule({
    action,
    protocol: r.pick([6, 6, 6, 17, 132, null]),
    src: dir === 'ingress' ? remote : peer(),
    dst: dir === 'ingress' ? { ...peer(), ports } : { ...remote, ports },
    origin: ruleOrigin(origin(file, 1 + at * 10, 1, 'NetworkPolicy', file), at, `spec.${dir}[${at}]`),
  });
}

/** `policies` policies over a snapshot of about `policies / 2` pods (at least 6), in two tiers. */
export function pairProgram(seed: number, policies: number): Program {
  const r = new Prng(seed);
  const snapshot = pairSnapshot(r, Math.max(8, Math.min(400, policies >> 1)));
  const eps = snapshot.endpoints;
  const made: Policy[][] = [[], []];
  for (let i = 0; i < policies; i++) {
    const file = `p${i}.yaml`;
    const types: Direction[] = r.pick([['ingress'], ['ingress'], ['egress'], ['ingress', 'egress']]);
    const rules = (dir: Direction) => (types.includes(dir) ? Array.from({ length: r.int(1, 3) }, (_, k) => pairRule(r, eps, dir, k, file)) : []);
    made[r.chance(0.2) ? 0 : 1]!.push(
      policy({
        name: `pol-${i}`,
        order: r.pick([100, 200, 1000]),
        types,
        subject: { selector: labelSelector(r, eps), namespace: r.chance(0.4) ? namespaceOf(r, eps) : null },
        ingress: rules('ingress'),
        egress: rules('egress'),
        origin: origin(file, 1, 1, 'NetworkPolicy', `pol-${i}`),
      }),
    );
  }
  return program({
    snapshot,
    tiers: [
      tier({ name: 'security', order: 100, defaultAction: 'pass', policies: made[0] }),
      tier({ name: 'default', order: 1000000, defaultAction: 'deny', policies: made[1] }),
    ],
    final: 'allow',
  });
}

/** A copy of `p` with one rule changed: action flipped, rule removed, ports narrowed, or replaced. */
export function mutateOneRule(p: Program, seed: number): Program | undefined {
  const q = structuredClone(p);
  const lists = q.tiers.flatMap((t) => t.policies.flatMap((pol) => [pol.ingress, pol.egress])).filter((l) => l.length > 0);
  if (lists.length === 0) return undefined;
  const r = new Prng(seed);
  const list = r.pick(lists);
  const i = r.int(0, list.length - 1);
  const old = list[i]!;
  const flip: Record<Action, Action> = { allow: 'deny', deny: 'allow', pass: 'allow', log: 'deny' };
  switch (r.int(0, 3)) {
    case 0:
      list[i] = { ...old, action: flip[old.action] };
      break;
    case 1:
      list.splice(i, 1);
      break;
    case 2:
      list[i] = { ...old, dst: { ...old.dst, ports: [{ kind: 'range', from: 80, to: 80 }] } };
      break;
    default: {
      const dir: Direction = old.src.selector || old.src.nets ? 'ingress' : 'egress';
      list[i] = pairRule(r, q.snapshot?.endpoints ?? [], dir, i, old.origin.file);
    }
  }
  return q;
}

/** A `gen.ts` program (every construct) with a snapshot of at least two endpoints, or undefined. */
export function generatedProgram(seed: number): Program | undefined {
  const g = new Gen(seed);
  const p = g.program();
  const withSnapshot = p.snapshot ? p : { ...p, snapshot: g.snapshot() };
  return withSnapshot.snapshot!.endpoints.length >= 2 ? withSnapshot : undefined;
}
