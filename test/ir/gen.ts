/**
 * Random IR programs for round-trip and differential tests (seeded, so every run and machine sees
 * the same cases). Programs use every construct, awkward strings (quotes, backslashes, newlines,
 * non-ASCII) and both address families; selectors are normalised through the Calico selector
 * parser first, so a round-trip failure points at the IR layer, not the selector module.
 *
 * Other back ends' tests may import `randomProgram` and `randomFlow` to compare with the oracle.
 */
import type {
  Action,
  Endpoint,
  IcmpMatch,
  Labels,
  NamedPort,
  NamespaceScope,
  NetworkSet,
  Origin,
  PeerMatch,
  Policy,
  PortSpec,
  Program,
  Rule,
  Selector,
  ServiceAccountMatch,
  Snapshot,
  Tier,
} from '../../src/ir/ast.js';
import { cidr, endpoint, namespace, peer, policy, program, rule, ruleOrigin, tier } from '../../src/ir/build.js';
import type { Flow, FlowParty } from '../../src/ir/flow.js';
import { parseCalicoSelector, printSelector } from '../../src/selector/index.js';
import { Prng } from '../../src/util/prng.js';

const KEYS = ['app', 'team', 'tier', 'example.com/role', 'kubernetes.io/metadata.name', 'a.b-c_d'];
const VALUES = ['web', 'db', 'a', 'b', '', 'x-1', 'has space', "it's", 'say "hi"'];
const AWKWARD = ['np.yaml', 'dir/with space.yaml', 'quote"d.yaml', 'back\\slash', 'new\nline', 'ünïcode✓', 'tab\there'];
const PROTOCOLS = [6, 17, 1, 58, 132, 136, 47, 0, 255];

export class Gen {
  readonly r: Prng;
  constructor(seed: number) {
    this.r = new Prng(seed);
  }

  maybe<T>(p: number, f: () => T): T | null {
    return this.r.chance(p) ? f() : null;
  }

  some<T>(lo: number, hi: number, f: (i: number) => T): T[] {
    return Array.from({ length: this.r.int(lo, hi) }, (_, i) => f(i));
  }

  str(): string {
    return this.r.chance(0.3) ? this.r.pick(AWKWARD) : this.r.pick(['p', 'q', 'allow-web', 'knp.default.x', 'deny all']);
  }

  labels(): Labels {
    const out: Record<string, string> = {};
    for (const k of this.some(0, 3, () => this.r.pick(KEYS))) out[k] = this.r.pick(VALUES);
    return out;
  }

  rawSelector(depth = 0): Selector {
    const k = this.r.pick(KEYS);
    const v = this.r.pick(VALUES);
    const leaf = this.r.int(0, depth > 2 ? 9 : 12);
    switch (leaf) {
      case 0:
        return { op: 'all' };
      case 1:
        return { op: 'global' };
      case 2:
        return { op: 'has', key: k };
      case 3:
        return { op: 'eq', key: k, value: v };
      case 4:
        return { op: 'neq', key: k, value: v };
      case 5:
        return { op: 'in', key: k, values: this.some(0, 3, () => this.r.pick(VALUES)) };
      case 6:
        return { op: 'notin', key: k, values: this.some(1, 2, () => this.r.pick(VALUES)) };
      case 7:
        return { op: 'contains', key: k, value: v };
      case 8:
        return { op: this.r.pick(['startswith', 'endswith'] as const), key: k, value: v };
      case 9:
      case 10:
        return { op: 'not', arg: this.rawSelector(depth + 1) };
      default:
        return { op: this.r.pick(['and', 'or'] as const), args: this.some(2, 3, () => this.rawSelector(depth + 1)) };
    }
  }

  /** A selector in the form the Calico selector parser produces. */
  selector(): Selector {
    const r = parseCalicoSelector(printSelector(this.rawSelector()));
    if (!r.ok) throw new Error(`generated selector does not parse: ${r.error.message}`);
    return r.selector;
  }

  cidr(): string {
    if (this.r.chance(0.6)) {
      const prefix = this.r.int(0, 32);
      return cidr(`${this.r.int(0, 255)}.${this.r.int(0, 255)}.${this.r.int(0, 255)}.${this.r.int(0, 255)}/${prefix}`);
    }
    const groups = this.some(8, 8, () => this.r.int(0, 3) === 0 ? 0 : this.r.int(0, 0xffff)).map((g) => g.toString(16));
    return cidr(`${groups.join(':')}/${this.r.int(0, 128)}`);
  }

  ip(family: 4 | 6): string {
    return family === 4 ? `10.${this.r.int(0, 3)}.${this.r.int(0, 3)}.${this.r.int(1, 9)}` : `fd00::${this.r.int(1, 0xff).toString(16)}`;
  }

  order(): number | null {
    return this.r.pick([null, 0, 1, 10, 100, 1000, 0.5, -3, 1e21, 1000000]);
  }

  nsScope(): NamespaceScope {
    return this.r.chance(0.5) ? { kind: 'name', name: this.r.pick(['prod', 'dev', 'x']) } : { kind: 'selector', selector: this.selector() };
  }

  saMatch(): ServiceAccountMatch {
    return { names: this.maybe(0.5, () => this.some(0, 2, () => this.r.pick(['default', 'web-sa', 'db-sa']))), selector: this.maybe(0.5, () => this.selector()) };
  }

  portSpec(): PortSpec {
    if (this.r.chance(0.3)) return { kind: 'named', name: this.r.pick(['http', 'pg', 'dns', '8http']) };
    const from = this.r.pick([0, 22, 53, 80, 443, 5432, 8080, 65535]);
    return { kind: 'range', from, to: this.r.chance(0.5) ? from : Math.min(65535, from + this.r.int(1, 1000)) };
  }

  peer(): PeerMatch {
    const p: Partial<PeerMatch> = {};
    if (this.r.chance(0.3)) p.nets = { cidrs: this.some(0, 2, () => this.cidr()), scope: this.r.pick(['any', 'external'] as const) };
    if (this.r.chance(0.2)) p.notNets = this.some(0, 2, () => this.cidr());
    if (this.r.chance(0.4)) p.selector = this.selector();
    if (this.r.chance(0.2)) p.notSelector = this.selector();
    if (this.r.chance(0.3)) p.namespace = this.nsScope();
    if (this.r.chance(0.2)) p.serviceAccounts = this.saMatch();
    if (this.r.chance(0.4)) p.ports = this.some(0, 3, () => this.portSpec());
    if (this.r.chance(0.2)) p.notPorts = this.some(1, 2, () => this.portSpec());
    return peer(p);
  }

  icmp(): IcmpMatch {
    return { type: this.r.int(0, 255), code: this.maybe(0.5, () => this.r.int(0, 255)) };
  }

  rule(o: Origin, index: number): Rule {
    const same = this.r.chance(0.6);
    const at = ruleOrigin(same ? o : { ...o, file: this.str(), kind: this.r.pick(['GlobalNetworkPolicy', 'odd kind']), name: this.str() }, index, this.r.chance(0.5) ? `spec.ingress[${index}]` : '', {
      line: this.r.int(1, 500),
      column: this.r.int(1, 80),
    });
    return rule({
      action: this.r.pick<Action>(['allow', 'deny', 'pass', 'log']),
      ipVersion: this.maybe(0.2, () => this.r.pick([4, 6] as const)),
      protocol: this.maybe(0.5, () => this.r.pick(PROTOCOLS)),
      notProtocol: this.maybe(0.15, () => this.r.pick(PROTOCOLS)),
      icmp: this.maybe(0.15, () => this.icmp()),
      notIcmp: this.maybe(0.1, () => this.icmp()),
      src: this.peer(),
      dst: this.peer(),
      unknown: this.r.chance(0.1) ? this.some(1, 2, () => this.str()) : [],
      origin: at,
    });
  }

  policy(name: string): Policy {
    const origin: Origin = { file: this.str(), line: this.r.int(1, 900), column: this.r.int(1, 40), kind: this.r.pick(['NetworkPolicy', 'IR', 'AdminNetworkPolicy']), name: this.str() };
    return policy({
      name,
      order: this.order(),
      types: this.r.pick([[], ['ingress'], ['egress'], ['ingress', 'egress']] as const).slice(),
      subject: {
        selector: this.selector(),
        namespace: this.maybe(0.5, () => this.nsScope()),
        serviceAccounts: this.maybe(0.2, () => this.saMatch()),
      },
      ingress: this.some(0, 3, (i) => this.rule(origin, i)),
      egress: this.some(0, 3, (i) => this.rule(origin, i)),
      unknown: this.r.chance(0.1) ? [this.str()] : [],
      origin,
    });
  }

  snapshot(): Snapshot {
    const nss = ['prod', 'dev', 'x'].slice(0, this.r.int(1, 3));
    const endpoints: Endpoint[] = this.some(0, 4, (i) => {
      const ns = this.r.pick(nss);
      const ports: NamedPort[] = this.some(0, 2, () => ({ name: this.r.pick(['http', 'pg', 'dns']), protocol: this.r.pick([6, 17, 132]), port: this.r.pick([53, 80, 5432, 8080]) }));
      return endpoint({
        name: `pod-${i}`,
        namespace: ns,
        labels: this.labels(),
        workload: this.maybe(0.3, () => `${ns}/w${i}[Deployment]`),
        ips: this.r.chance(0.2) ? null : this.r.pick([[this.ip(4)], [this.ip(4), this.ip(6)], [this.ip(6)], []]),
        ports,
        serviceAccount: this.maybe(0.7, () => ({ name: this.r.pick(['default', 'web-sa', 'db-sa']), labels: this.labels() })),
      });
    });
    const networkSets: NetworkSet[] = this.some(0, 3, (i) => ({
      name: `set-${i}`,
      namespace: this.r.chance(0.5) ? null : this.r.pick(nss),
      labels: this.labels(),
      nets: this.some(0, 2, () => this.cidr()),
    }));
    return { namespaces: nss.map((n) => namespace(n, this.labels())), endpoints, networkSets };
  }

  program(): Program {
    const tiers: Tier[] = this.some(0, 3, (i) =>
      tier({
        name: `t${i}`,
        order: this.order(),
        defaultAction: this.r.pick(['deny', 'pass'] as const),
        policies: this.some(0, 3, (j) => this.policy(`${this.str()}#${j}`)),
      }),
    );
    return program({ snapshot: this.maybe(0.7, () => this.snapshot()), tiers, final: this.r.pick(['allow', 'deny'] as const) });
  }

  /** A flow over the program's snapshot endpoints, a couple of pods and some addresses. */
  flow(p: Program): Flow {
    const ipVersion = this.r.pick([4, 6] as const);
    const party = (): FlowParty => {
      const eps = p.snapshot?.endpoints ?? [];
      const k = this.r.int(0, 2);
      if (k === 0 && eps.length > 0) return { kind: 'endpoint', id: this.r.pick(eps).id };
      if (k === 1)
        return {
          kind: 'pod',
          pod: {
            name: 'h',
            namespace: this.r.pick(['prod', 'dev']),
            namespaceLabels: this.labels(),
            labels: this.labels(),
            ip: this.maybe(0.8, () => this.ip(ipVersion)),
            ports: [{ name: 'http', protocol: 6, port: 80 }],
            serviceAccount: this.maybe(0.5, () => ({ name: 'web-sa', labels: this.labels() })),
          },
        };
      return { kind: 'external', ip: ipVersion === 4 ? this.r.pick(['10.0.0.1', '192.0.2.7', '8.8.8.8']) : this.r.pick(['fd00::1', '2001:db8::1']) };
    };
    const protocol = this.r.pick(PROTOCOLS);
    const f: Flow = { src: party(), dst: party(), ipVersion, protocol };
    if (this.r.chance(0.9)) f.dstPort = this.r.pick([22, 53, 80, 443, 5432, 8080]);
    if (this.r.chance(0.5)) f.srcPort = this.r.pick([1000, 40000, 80]);
    if (this.r.chance(0.9)) f.icmpType = this.r.int(0, 10);
    if (this.r.chance(0.5)) f.icmpCode = this.r.int(0, 3);
    return f;
  }
}

export function randomProgram(seed: number): Program {
  return new Gen(seed).program();
}
