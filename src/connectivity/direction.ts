/**
 * Connectivity, one direction: classes of endpoints as the policies of that direction see them,
 * and the verdicts between classes, decided by the oracle.
 *
 * Stage: connectivity. Input → output: IR program + direction → `DirectionClasses`, to which
 * callers register representatives (getting a class id) and ask `decide(local, remote)`: the
 * allowed and the unknown connections of that direction.
 *
 * Why it is exact. The oracle's verdict of a flow is egress-at-source combined with
 * ingress-at-destination (`oracle/evaluate.ts`), and `evaluateDirection` reads the endpoints only
 * through these questions:
 * - *local* (the pod the direction is evaluated at): which policies' subjects select it
 *   (`subjectSelects`), and, for each rule, whether its local side (`src` on egress, `dst` on
 *   ingress) matches it apart from ports;
 * - *remote* (the other end): for each rule, whether its remote side matches it apart from ports;
 * - both: the named container ports a rule's port list may resolve to, and the flow itself.
 * Endpoints with the same answers form one local (or remote) class; the answers are computed with
 * the oracle's own matchers. For a pair of classes, a rule whose local or remote side fails can
 * never match, whatever the port: dropping it, and every policy that does not apply, leaves a
 * *slice* of the program on which `evaluateDirection` gives the same verdict as on the whole
 * program (first-match order and tier defaults are kept; policies that apply stay even when all
 * their rules are dropped). The slice's few rules also give the only port boundaries that matter.
 * Pairs with equal slices (and equal named ports) share one decision.
 * INVARIANT: `decide(l, r)` equals, port by port, `evaluateDirection` of the whole program on any
 * member of `l` and any member of `r` (tested against the oracle in test/connectivity).
 */
import type { Direction, NamedPort, PeerMatch, Policy, Program, Rule, Subject, Tier } from '../ir/ast.js';
import type { Flow, FlowParty } from '../ir/flow.js';
import { inEvaluationOrder } from '../ir/order.js';
import { evaluateDirection, subjectSelects } from '../oracle/evaluate.js';
import type { Party } from '../oracle/party.js';
import { matchPeer } from '../oracle/peer.js';
import { ConnSet, PORT_PROTOCOLS, PROTOCOL_NUMBER } from './connset.js';
import { portCuts, type OtherProtocol } from './space.js';

/** What the oracle sees of a class: one member. */
export interface Representative {
  party: Party;
  flowParty: FlowParty;
  /** Its named container ports that some rule names (empty for an external address). */
  ports: NamedPort[];
}

export interface Decided {
  /** Distinct per distinct decision of this `DirectionClasses` (0 is `ALLOWED`), for memo keys. */
  id: number;
  allowed: ConnSet;
  unknown: ConnSet;
}

interface DirRule {
  rule: Rule;
  /** Its position in its policy's rules of the direction. */
  pos: number;
  /** Index of the rule's local and remote side among the distinct sides. */
  local: number;
  remote: number;
}

interface DirPolicy {
  /** Its position among the policies of the direction, in evaluation order. */
  idx: number;
  tier: Tier;
  policy: Policy;
  subject: number;
  rules: DirRule[];
}

interface LocalClass {
  rep: Representative;
  /** The policies that apply, in evaluation order, each with its rules whose local side matches. */
  applying: { policy: DirPolicy; live: DirRule[] }[];
}

interface RemoteClass {
  rep: Representative;
  /** By remote side index: does the side match apart from ports. */
  matches: boolean[];
}

/** A direction that is not evaluated (its end is not a pod) allows everything. */
export const ALLOWED: Decided = Object.freeze({ id: 0, allowed: ConnSet.all(), unknown: ConnSet.none() });

/** A rule side without its port lists: what can be decided before the flow's port is known. */
function withoutPorts(m: PeerMatch): PeerMatch {
  return { ...m, ports: null, notPorts: null };
}

export class DirectionClasses {
  readonly locals: LocalClass[] = [];
  readonly remotes: RemoteClass[] = [];
  evaluations = 0;
  private readonly policies: DirPolicy[] = [];
  private readonly subjects: Subject[] = [];
  private readonly localSides: PeerMatch[] = [];
  private readonly remoteSides: PeerMatch[] = [];
  private readonly localIndex = new Map<string, number>();
  private readonly remoteIndex = new Map<string, number>();
  private readonly cells: (Decided | undefined)[][] = [];
  private readonly bySlice = new Map<string, Decided>();

  constructor(
    private readonly program: Program,
    readonly direction: Direction,
    private readonly others: readonly OtherProtocol[],
  ) {
    const intern = <T>(list: T[], index: Map<string, number>, x: T): number => {
      const key = JSON.stringify(x);
      let i = index.get(key);
      if (i === undefined) index.set(key, (i = list.push(x) - 1));
      return i;
    };
    const subjects = new Map<string, number>();
    const locals = new Map<string, number>();
    const remotes = new Map<string, number>();
    for (const tier of inEvaluationOrder(program.tiers))
      for (const policy of inEvaluationOrder(tier.policies)) {
        if (!policy.types.includes(direction)) continue;
        const rules = policy[direction].map((rule, pos) => {
          const [local, remote] = direction === 'egress' ? [rule.src, rule.dst] : [rule.dst, rule.src];
          return {
            rule,
            pos,
            local: intern(this.localSides, locals, withoutPorts(local)),
            remote: intern(this.remoteSides, remotes, withoutPorts(remote)),
          };
        });
        this.policies.push({ idx: this.policies.length, tier, policy, subject: intern(this.subjects, subjects, policy.subject), rules });
      }
  }

  /** The local class of a representative (registering it when new). */
  local(rep: Representative): number {
    const selects = this.subjects.map((s) => subjectSelects(s, rep.party));
    const sides = this.localSides.map((m) => this.sideMatches(m, rep.party));
    const applying = this.policies
      .filter((p) => selects[p.subject])
      .map((policy) => ({ policy, live: policy.rules.filter((r) => sides[r.local]) }));
    const key = applying.map((a) => `${a.policy.idx}:${a.live.map((r) => r.pos).join(',')}`).join(';');
    return this.register(this.localIndex, `${key}#${JSON.stringify(rep.ports)}`, () => this.locals.push({ rep, applying }) - 1);
  }

  /** The remote class of a representative (registering it when new). */
  remote(rep: Representative): number {
    const matches = this.remoteSides.map((m) => this.sideMatches(m, rep.party));
    const key = matches.map((b) => (b ? '1' : '0')).join('');
    const kind = rep.party.pod ? JSON.stringify(rep.ports) : 'external';
    return this.register(this.remoteIndex, `${key}#${kind}`, () => this.remotes.push({ rep, matches }) - 1);
  }

  /** How many distinct decisions were made; their ids are 1 to this. */
  get decisions(): number {
    return this.bySlice.size;
  }

  /** The connections this direction allows (and leaves unknown) from a local to a remote class. */
  decide(l: number, r: number): Decided {
    const row = (this.cells[l] ??= []);
    return (row[r] ??= this.decideSlice(this.locals[l]!, this.remotes[r]!));
  }

  private register(index: Map<string, number>, key: string, add: () => number): number {
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = add()));
    return i;
  }

  private sideMatches(m: PeerMatch, p: Party): boolean {
    return matchPeer(m, p, undefined, PROTOCOL_NUMBER.TCP, '').result !== false;
  }

  private decideSlice(local: LocalClass, remote: RemoteClass): Decided {
    const kept = local.applying.map((a) => ({ a, rules: a.live.filter((r) => remote.matches[r.remote]) }));
    const sliceKey =
      kept.map(({ a, rules }) => `${a.policy.idx}:${rules.map((r) => r.pos).join(',')}`).join(';') +
      `#${JSON.stringify(local.rep.ports)}#${JSON.stringify(remote.rep.ports)}`;
    const known = this.bySlice.get(sliceKey);
    if (known) return known;

    // The slice: the applying policies in order, grouped into their tiers, with the kept rules.
    const tiers: Tier[] = [];
    for (const { a, rules } of kept) {
      let tier = tiers[tiers.length - 1];
      if (tier?.name !== a.policy.tier.name) tiers.push((tier = { ...a.policy.tier, policies: [] }));
      const own = rules.map((r) => r.rule);
      tier.policies.push({ ...a.policy.policy, ingress: this.direction === 'ingress' ? own : [], egress: this.direction === 'egress' ? own : [] });
    }
    const slice: Program = { snapshot: null, tiers, final: this.program.final };
    const [src, dst] = this.direction === 'egress' ? [local.rep, remote.rep] : [remote.rep, local.rep];
    const verdict = (protocol: number, dstPort?: number) => {
      this.evaluations++;
      const flow: Flow = { src: src.flowParty, dst: dst.flowParty, ipVersion: 4, protocol };
      if (dstPort !== undefined) flow.dstPort = dstPort;
      return evaluateDirection(slice, this.direction, flow, src.party, dst.party).verdict;
    };

    let allowed = ConnSet.none();
    let unknown = ConnSet.none();
    const cuts = portCuts(kept.flatMap((k) => k.rules.map((r) => r.rule)), [...local.rep.ports, ...remote.rep.ports]);
    for (const proto of PORT_PROTOCOLS) {
      for (let i = 0; i + 1 < cuts.length; i++) {
        const v = verdict(PROTOCOL_NUMBER[proto], cuts[i]!);
        if (v === 'deny') continue;
        const piece = ConnSet.portRange(proto, cuts[i]!, cuts[i + 1]! - 1);
        if (v === 'allow') allowed = allowed.union(piece);
        else unknown = unknown.union(piece);
      }
    }
    for (const o of this.others) {
      const v = verdict(o.protocol);
      if (v === 'deny') continue;
      let piece = ConnSet.none();
      for (const r of o.covers.ranges) for (let p = r.lo; p <= r.hi; p++) piece = piece.union(ConnSet.protocolNumber(p));
      if (v === 'allow') allowed = allowed.union(piece);
      else unknown = unknown.union(piece);
    }
    const decided = { id: this.bySlice.size + 1, allowed, unknown };
    this.bySlice.set(sliceKey, decided);
    return decided;
  }
}

/**
 * A flow is allowed iff both directions allow it; `deny` from either wins, then `unknown`
 * (`oracle/trace.ts` `combine`), piece by piece.
 */
export function combineDirections(a: Decided, b: Decided): Decided {
  if (a.unknown.isEmpty() && b.unknown.isEmpty()) return { id: -1, allowed: a.allowed.intersect(b.allowed), unknown: ConnSet.none() };
  const allowed = a.allowed.intersect(b.allowed);
  const open = a.allowed.union(a.unknown).intersect(b.allowed.union(b.unknown));
  return { id: -1, allowed, unknown: open.subtract(allowed) };
}
