/**
 * The catalogue of IR constructs: every AST node kind, field and enumerated value that a back end
 * must give meaning to, each with a small program that uses it and flows whose verdicts depend on
 * it. Tests run every back end over it (printer and parser round-trip it, the oracle must give the
 * expected verdicts, the SMT encoding must agree with the oracle), so a construct added to
 * `ast.ts` without meaning somewhere fails the build here first: `CONSTRUCTS` is a `Record` over
 * every `ConstructId`, and `ConstructId` is derived from the AST's own keys.
 *
 * Contract: each case's program parses, uses its construct (`constructsUsed`), and, unless the
 * construct is `inert` (provenance, names), has flows with at least two different verdicts.
 */
import type {
  Action,
  Direction,
  Endpoint,
  FinalAction,
  IcmpMatch,
  Namespace,
  NamespaceScope,
  NetMatch,
  NetworkSet,
  PeerMatch,
  Policy,
  PortSpec,
  Program,
  Rule,
  RuleOrigin,
  ServiceAccountMatch,
  Snapshot,
  Subject,
  Tier,
  TierDefault,
} from './ast.js';
import { endpoint, namespace, networkSet, snapshot } from './build.js';
import { TCP, UDP } from './protocol.js';
import { printSnapshot } from './print.js';

export type ConstructId =
  | `program.${keyof Program}`
  | `tier.${keyof Tier}`
  | `tierDefault.${TierDefault}`
  | `final.${FinalAction}`
  | `order.${'number' | 'none'}`
  | `policy.${keyof Policy}`
  | `subject.${keyof Subject}`
  | `direction.${Direction}`
  | `action.${Action}`
  | `rule.${keyof Rule}`
  | `icmp.${keyof IcmpMatch}`
  | `peer.${keyof PeerMatch}`
  | `nets.${NetMatch['scope']}`
  | `namespaceScope.${NamespaceScope['kind']}`
  | `serviceAccounts.${keyof ServiceAccountMatch}`
  | `port.${PortSpec['kind']}`
  | `origin.${keyof RuleOrigin}`
  | `snapshot.${keyof Snapshot}`
  | `namespace.${keyof Namespace}`
  | `endpoint.${keyof Endpoint}`
  | `networkSet.${keyof NetworkSet}`;

export type ExpectedVerdict = 'allow' | 'deny' | 'unknown';

export interface ConstructCase {
  /** IR text of a program that uses the construct. */
  program: string;
  /** Flows (`flowText.ts` syntax) with the verdict the construct's meaning gives them. */
  flows: [flow: string, verdict: ExpectedVerdict][];
  /** Set when the construct has no meaning of its own, saying why. */
  inert?: string;
}

// ── the shared cluster ───────────────────────────────────────────────────────────────────────

export const CONSTRUCT_SNAPSHOT: Snapshot = snapshot({
  namespaces: [namespace('prod', { team: 'a' }), namespace('dev', { team: 'b' })],
  endpoints: [
    endpoint({
      name: 'db',
      namespace: 'prod',
      labels: { app: 'db' },
      ips: ['10.0.0.10', 'fd00::10'],
      ports: [
        { name: 'pg', protocol: TCP, port: 5432 },
        { name: 'dns', protocol: UDP, port: 53 },
      ],
      serviceAccount: { name: 'db-sa', labels: { tier: 'data' } },
    }),
    endpoint({
      name: 'web',
      namespace: 'prod',
      labels: { app: 'web' },
      ips: ['10.0.0.20', 'fd00::20'],
      ports: [{ name: 'http', protocol: TCP, port: 8080 }],
      serviceAccount: { name: 'web-sa', labels: { tier: 'front' } },
    }),
    endpoint({ name: 'cache', namespace: 'prod', labels: { app: 'cache' }, ips: ['10.0.0.30'], serviceAccount: { name: 'default', labels: {} } }),
    endpoint({ name: 'web', namespace: 'dev', labels: { app: 'web' }, ips: ['10.1.0.20'], serviceAccount: { name: 'web-sa', labels: {} } }),
    endpoint({ name: 'tmpl', namespace: 'dev', workload: 'dev/tmpl[Deployment]', labels: { app: 'tmpl' }, ips: null }),
  ],
  networkSets: [
    networkSet({ name: 'office', namespace: null, labels: { kind: 'office', role: 'partner' }, nets: ['192.0.2.0/24'] }),
    networkSet({ name: 'partners', namespace: 'prod', labels: { role: 'partner' }, nets: ['198.51.100.0/24'] }),
  ],
});

const SNAPSHOT_TEXT = printSnapshot(CONSTRUCT_SNAPSHOT);

interface Shape {
  tierDefault?: TierDefault;
  types?: string;
  applies?: string;
  final?: FinalAction;
  header?: string;
}

/** One policy in tier `default`, applying to `prod/db` unless `applies` says otherwise. */
function program(rules: string[], s: Shape = {}): string {
  const body = rules.map((r) => `    ${r}\n`).join('');
  return (
    SNAPSHOT_TEXT +
    `tier "default" order 1000000 default ${s.tierDefault ?? 'deny'} {\n` +
    `  policy "p" order 1 types [${s.types ?? 'ingress'}] applies ${s.applies ?? 'sel(app == "db") ns "prod"'}${s.header ?? ''} {\n` +
    body +
    '  }\n}\n' +
    `final ${s.final ?? 'allow'}\n`
  );
}

const c = (p: string, flows: ConstructCase['flows'], inert?: string): ConstructCase => (inert ? { program: p, flows, inert } : { program: p, flows });

/** An ingress rule at `prod/db`, with flows into it. */
const ingress = (rule: string, flows: ConstructCase['flows']) => c(program([`ingress ${rule}`]), flows);

// ── the cases ────────────────────────────────────────────────────────────────────────────────

const allowTcp = ingress('allow proto tcp from any to any', [
  ['prod/web -> prod/db tcp 80', 'allow'],
  ['prod/web -> prod/db udp 53', 'deny'],
]);
const denyIngressAtDb = ingress('deny from any to any', [
  ['prod/web -> prod/db tcp 80', 'deny'],
  ['prod/db -> prod/web tcp 80', 'allow'],
]);
const egressOnly = c(program(['egress deny from any to any'], { types: 'egress' }), [
  ['prod/web -> prod/db tcp 80', 'allow'],
  ['prod/db -> prod/web tcp 80', 'deny'],
]);
const laterTier =
  'tier "later" order 2000000 default deny {\n  policy "q" order 1 types [ingress] applies sel(all()) {\n    ingress allow from any to any\n  }\n}\n';
const passTcp = c(
  program(['ingress pass proto tcp from any to any']).replace(/final allow\n$/, `${laterTier}final allow\n`),
  [
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['prod/web -> prod/db udp 53', 'deny'],
  ],
);
const logThenAllowTcp = c(program(['ingress log from any to any', 'ingress allow proto tcp from any to any']), [
  ['prod/web -> prod/db tcp 80', 'allow'],
  ['prod/web -> prod/db udp 53', 'deny'],
]);
const tierPass = c(program(['ingress deny proto tcp from any to any'], { tierDefault: 'pass' }), [
  ['prod/web -> prod/db tcp 80', 'deny'],
  ['prod/web -> prod/db udp 53', 'allow'],
]);
const finalDeny = c(
  program(['ingress allow from any to any', 'egress allow from any to any'], { types: 'ingress, egress', final: 'deny' }),
  [
    ['prod/db -> 8.8.8.8 tcp 80', 'allow'],
    ['prod/web -> 8.8.8.8 tcp 80', 'deny'],
  ],
);
const subjectNs = c(program(['ingress deny from any to any'], { applies: 'sel(app == "web") ns "prod"' }), [
  ['prod/db -> prod/web tcp 80', 'deny'],
  ['prod/db -> dev/web tcp 80', 'allow'],
]);
const subjectSa = c(program(['ingress deny from any to any'], { applies: 'sel(all()) sa names ["db-sa"]' }), [
  ['prod/web -> prod/db tcp 80', 'deny'],
  ['prod/db -> prod/web tcp 80', 'allow'],
]);
const policyUnknown = c(program(['ingress allow from any to any'], { header: ' unknown "doNotTrack"' }), [
  ['prod/web -> prod/db tcp 80', 'unknown'],
  ['prod/db -> prod/web tcp 80', 'allow'],
]);
const fromWeb = ingress('allow from sel(app == "web") to any', [
  ['prod/web -> prod/db tcp 80', 'allow'],
  ['prod/cache -> prod/db tcp 80', 'deny'],
]);
const selectorVsExternal = ingress('allow from sel(app == "web") to any', [
  ['prod/web -> prod/db tcp 80', 'allow'],
  ['8.8.8.8 -> prod/db tcp 80', 'deny'],
]);
const nsName = ingress('allow from ns "dev" to any', [
  ['dev/web -> prod/db tcp 80', 'allow'],
  ['prod/web -> prod/db tcp 80', 'deny'],
]);
const nsSelector = ingress('allow from ns(team == "b") to any', [
  ['dev/web -> prod/db tcp 80', 'allow'],
  ['prod/web -> prod/db tcp 80', 'deny'],
]);
const saNames = ingress('allow from sa names ["web-sa"] to any', [
  ['prod/web -> prod/db tcp 80', 'allow'],
  ['prod/cache -> prod/db tcp 80', 'deny'],
]);
const nets = ingress('allow from nets [10.0.0.16/28] to any', [
  ['prod/web -> prod/db tcp 80', 'allow'],
  ['dev/web -> prod/db tcp 80', 'deny'],
]);
const unknownIps = ingress('allow from nets [0.0.0.0/0] to any', [
  ['prod/web -> prod/db tcp 80', 'allow'],
  ['dev/tmpl -> prod/db tcp 80', 'deny'],
]);
const namedPort = ingress('allow from any to ports ["pg"]', [
  ['prod/web -> prod/db tcp 5432', 'allow'],
  ['prod/web -> prod/db udp 5432', 'deny'],
]);
const officeSet = ingress('allow from sel(kind == "office") to any', [
  ['192.0.2.5 -> prod/db tcp 80', 'allow'],
  ['8.8.8.8 -> prod/db tcp 80', 'deny'],
]);
const namespacedSet = ingress('allow from sel(role == "partner") ns "prod" to any', [
  ['198.51.100.5 -> prod/db tcp 80', 'allow'],
  ['192.0.2.5 -> prod/db tcp 80', 'deny'],
]);
const inert = (why: string): ConstructCase => c(program(['ingress allow from any to any @ "x.yaml":3:5 NetworkPolicy "prod/x" rule 0 "spec.ingress[0]"'], { header: ' @ "x.yaml":1:1 NetworkPolicy "prod/x"' }), [], why);
const orderNone = c(program(['ingress allow from any to any']).replace('order 1 types', 'order none types'), [], 'the written order is the evaluation order');
const byOrder = 'the written order is the evaluation order (an invariant the parser checks), so order and names need no meaning of their own';

export const CONSTRUCTS: Record<ConstructId, ConstructCase> = {
  'program.snapshot': fromWeb,
  'program.tiers': allowTcp,
  'program.final': finalDeny,
  'tier.name': inert(byOrder),
  'tier.order': inert(byOrder),
  'tier.defaultAction': tierPass,
  'tier.policies': allowTcp,
  'tierDefault.deny': allowTcp,
  'tierDefault.pass': tierPass,
  'final.allow': denyIngressAtDb,
  'final.deny': finalDeny,
  'order.number': inert(byOrder),
  'order.none': orderNone,
  'policy.name': inert(byOrder),
  'policy.order': inert(byOrder),
  'policy.types': egressOnly,
  'policy.subject': denyIngressAtDb,
  'policy.ingress': denyIngressAtDb,
  'policy.egress': egressOnly,
  'policy.unknown': policyUnknown,
  'policy.origin': inert('provenance'),
  'subject.selector': denyIngressAtDb,
  'subject.namespace': subjectNs,
  'subject.serviceAccounts': subjectSa,
  'direction.ingress': denyIngressAtDb,
  'direction.egress': egressOnly,
  'action.allow': allowTcp,
  'action.deny': tierPass,
  'action.pass': passTcp,
  'action.log': logThenAllowTcp,
  'rule.action': allowTcp,
  'rule.ipVersion': ingress('allow ipv6 from any to any', [
    ['prod/web -> prod/db tcp 80 v6', 'allow'],
    ['prod/web -> prod/db tcp 80', 'deny'],
  ]),
  'rule.protocol': allowTcp,
  'rule.notProtocol': ingress('allow not proto tcp from any to any', [
    ['prod/web -> prod/db tcp 80', 'deny'],
    ['prod/web -> prod/db udp 53', 'allow'],
  ]),
  'rule.icmp': ingress('allow proto icmp icmp type 8 from any to any', [
    ['prod/web -> prod/db icmp 8/0', 'allow'],
    ['prod/web -> prod/db icmp 0/0', 'deny'],
  ]),
  'rule.notIcmp': ingress('allow proto icmp not icmp type 8 from any to any', [
    ['prod/web -> prod/db icmp 8/0', 'deny'],
    ['prod/web -> prod/db icmp 0/0', 'allow'],
  ]),
  'rule.src': fromWeb,
  'rule.dst': ingress('allow from any to ports [5432]', [
    ['prod/web -> prod/db tcp 5432', 'allow'],
    ['prod/web -> prod/db tcp 80', 'deny'],
  ]),
  'rule.unknown': ingress('allow proto tcp from any to any unknown "http match"', [
    ['prod/web -> prod/db tcp 80', 'unknown'],
    ['prod/web -> prod/db udp 53', 'deny'],
  ]),
  'rule.origin': inert('provenance'),
  'icmp.type': ingress('allow proto icmp icmp type 8 from any to any', [
    ['prod/web -> prod/db icmp 8/0', 'allow'],
    ['prod/web -> prod/db icmp 0/0', 'deny'],
  ]),
  'icmp.code': ingress('allow proto icmp icmp type 3 code 1 from any to any', [
    ['prod/web -> prod/db icmp 3/1', 'allow'],
    ['prod/web -> prod/db icmp 3/2', 'deny'],
  ]),
  'peer.nets': nets,
  'peer.notNets': ingress('allow from not nets [10.1.0.0/16] to any', [
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['dev/web -> prod/db tcp 80', 'deny'],
  ]),
  'peer.selector': selectorVsExternal,
  'peer.notSelector': ingress('allow from not sel(app == "web") to any', [
    ['prod/web -> prod/db tcp 80', 'deny'],
    ['8.8.8.8 -> prod/db tcp 80', 'allow'],
  ]),
  'peer.namespace': nsName,
  'peer.serviceAccounts': saNames,
  'peer.ports': ingress('allow from any to ports [5000-6000]', [
    ['prod/web -> prod/db tcp 5432', 'allow'],
    ['prod/web -> prod/db tcp 80', 'deny'],
  ]),
  'peer.notPorts': ingress('allow proto tcp from any to not ports [22]', [
    ['prod/web -> prod/db tcp 22', 'deny'],
    ['prod/web -> prod/db tcp 80', 'allow'],
  ]),
  'nets.any': nets,
  'nets.external': ingress('allow from external nets [10.0.0.0/8] to any', [
    ['prod/web -> prod/db tcp 80', 'deny'],
    ['10.9.9.9 -> prod/db tcp 80', 'allow'],
  ]),
  'namespaceScope.name': nsName,
  'namespaceScope.selector': nsSelector,
  'serviceAccounts.names': saNames,
  'serviceAccounts.selector': ingress('allow from sa sel(tier == "front") to any', [
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['dev/web -> prod/db tcp 80', 'deny'],
  ]),
  'port.range': ingress('allow from any to ports [5000-6000]', [
    ['prod/web -> prod/db tcp 5432', 'allow'],
    ['prod/web -> prod/db tcp 80', 'deny'],
  ]),
  'port.named': namedPort,
  'origin.file': inert('provenance'),
  'origin.line': inert('provenance'),
  'origin.column': inert('provenance'),
  'origin.kind': inert('provenance'),
  'origin.name': inert('provenance'),
  'origin.index': inert('provenance'),
  'origin.path': inert('provenance'),
  'snapshot.namespaces': nsSelector,
  'snapshot.endpoints': fromWeb,
  'snapshot.networkSets': officeSet,
  'namespace.name': nsName,
  'namespace.labels': nsSelector,
  'endpoint.id': inert('flows and traces name endpoints by id'),
  'endpoint.workload': inert('display name of the workload an endpoint stands for'),
  'endpoint.namespace': nsName,
  'endpoint.labels': fromWeb,
  'endpoint.ips': unknownIps,
  'endpoint.ports': namedPort,
  'endpoint.serviceAccount': saNames,
  'networkSet.name': inert('names a network set in traces'),
  'networkSet.namespace': namespacedSet,
  'networkSet.labels': officeSet,
  'networkSet.nets': officeSet,
};

// ── which constructs a program uses ──────────────────────────────────────────────────────────

function peerUses(p: PeerMatch, add: (id: ConstructId) => void): void {
  for (const k of Object.keys(p) as (keyof PeerMatch)[]) if (p[k] !== null) add(`peer.${k}`);
  if (p.nets) add(`nets.${p.nets.scope}`);
  if (p.namespace) add(`namespaceScope.${p.namespace.kind}`);
  for (const sa of [p.serviceAccounts]) {
    if (sa?.names) add('serviceAccounts.names');
    if (sa?.selector) add('serviceAccounts.selector');
  }
  for (const s of [...(p.ports ?? []), ...(p.notPorts ?? [])]) add(`port.${s.kind}`);
}

/** Every construct that occurs in `program` (a field counts when it is not null or empty). */
export function constructsUsed(program: Program): Set<ConstructId> {
  const used = new Set<ConstructId>();
  const add = (id: ConstructId) => used.add(id);
  add('program.final');
  add(`final.${program.final}`);
  if (program.tiers.length > 0) add('program.tiers');
  const snap = program.snapshot;
  if (snap) {
    add('program.snapshot');
    if (snap.namespaces.length > 0) add('snapshot.namespaces');
    if (snap.endpoints.length > 0) add('snapshot.endpoints');
    if (snap.networkSets.length > 0) add('snapshot.networkSets');
    for (const n of snap.namespaces) for (const k of Object.keys(n) as (keyof Namespace)[]) add(`namespace.${k}`);
    for (const e of snap.endpoints)
      for (const k of Object.keys(e) as (keyof Endpoint)[]) {
        const v = e[k];
        if (v !== null && !(Array.isArray(v) && v.length === 0)) add(`endpoint.${k}`);
      }
    for (const n of snap.networkSets) for (const k of Object.keys(n) as (keyof NetworkSet)[]) add(`networkSet.${k}`);
  }
  for (const t of program.tiers) {
    add('tier.name');
    add('tier.order');
    add('tier.defaultAction');
    add(`tierDefault.${t.defaultAction}`);
    add(t.order === null ? 'order.none' : 'order.number');
    if (t.policies.length > 0) add('tier.policies');
    for (const p of t.policies) {
      for (const k of ['name', 'order', 'types', 'subject', 'origin'] as const) add(`policy.${k}`);
      add(p.order === null ? 'order.none' : 'order.number');
      for (const d of p.types) add(`direction.${d}`);
      add('subject.selector');
      if (p.subject.namespace) add('subject.namespace');
      if (p.subject.serviceAccounts) add('subject.serviceAccounts');
      if (p.unknown.length > 0) add('policy.unknown');
      if (p.ingress.length > 0) add('policy.ingress');
      if (p.egress.length > 0) add('policy.egress');
      for (const r of [...p.ingress, ...p.egress]) {
        add('rule.action');
        add(`action.${r.action}`);
        add('rule.src');
        add('rule.dst');
        add('rule.origin');
        for (const k of Object.keys(r.origin) as (keyof RuleOrigin)[]) add(`origin.${k}`);
        for (const k of ['ipVersion', 'protocol', 'notProtocol', 'icmp', 'notIcmp'] as const) if (r[k] !== null) add(`rule.${k}`);
        for (const m of [r.icmp, r.notIcmp]) {
          if (m) add('icmp.type');
          if (m && m.code !== null) add('icmp.code');
        }
        if (r.unknown.length > 0) add('rule.unknown');
        peerUses(r.src, add);
        peerUses(r.dst, add);
      }
    }
  }
  return used;
}
