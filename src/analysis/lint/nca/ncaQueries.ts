/**
 * network-config-analyzer's single-configuration queries, counted the way NCA counts them, on top
 * of lint's snapshot back end — for the conformance suite (`conformance/runners.ts`
 * `runNcaQuery`), where a query's numeric result is compared with NCA's.
 *
 * Input → output: IR program (lowered with `ipBlockScope: external`, NCA's reading of ipBlock) and
 * a query name → a number. What NCA counts (its docs "SchemeFileFormat", "Returned value for each
 * sub-query", and the behaviour its test schemes record):
 * - `emptiness`: policies that select no pod, plus rules that select no peers. A "rule" is a rule
 *   of the resource (several IR rules when a Kubernetes rule lists several peers); a Kubernetes
 *   rule is empty when none of its peers selects a pod or an address; a Calico rule when its
 *   source or its destination selects nothing, the side the policy is attached to being narrowed
 *   to the policy's pods.
 * - `vacuity`: 1 when the configuration allows exactly what no policy at all allows, else 0.
 * - `redundancy`: policies whose removal changes no connection (only when there are two or more),
 *   plus, in the other policies, resource rules whose removal changes none.
 * - `disjointness`: pairs of policies whose selected pods overlap.
 * - `allCaptured`: pods no policy affecting ingress selects plus pods no policy affecting egress
 *   selects; with no policy at all, the number of pods.
 * - `sanity`: 1 if two Calico policies of equal order overlap and one allows what the other denies
 *   (NCA stops there); else vacuity (1) plus, per policy: 1 if it selects nothing, else its empty
 *   rules (a Calico rule with neither source nor destination counts twice), then — unless the set
 *   is vacuous — 1 if it is redundant, else its redundant non-empty rules.
 * "Connections" are compared flow by flow over the snapshot's cells, both directions combined.
 * Known difference: NCA lets a Calico `Pass` allow (it assumes Calico's default profiles) and
 * applies a profile only in the directions its spec lists; netpolc follows Calico (`Pass` goes to
 * the next tier, then the profiles; a profile applies in both directions).
 */
import type { Direction, PeerMatch, Policy, Program } from '../../../ir/ast.js';
import { matchPeer, resolveParty, subjectSelects, type Party } from '../../../oracle/index.js';
import { enumerateCells, type CellSpace } from '../../cells.js';
import { indexProgram, type IndexedPolicy, type ProgramIndex } from '../programIndex.js';
import type { Edit } from '../queries.js';
import { SnapshotQueries } from '../snapshotQueries.js';
import { isImplicit } from '../support.js';
import { covered } from '../checks/emptyRule.js';

export const NCA_QUERIES = ['emptiness', 'vacuity', 'redundancy', 'sanity', 'allCaptured', 'disjointness'] as const;
export type NcaQuery = (typeof NCA_QUERIES)[number];

/** A rule as NCA sees it: one rule of the resource. */
interface NcaRule {
  direction: Direction;
  /** IR rule numbers it lowered to, in order. */
  ris: number[];
}

interface Layer {
  program: Program;
  index: ProgramIndex;
  space: CellSpace;
  q: SnapshotQueries;
  parties: Party[];
  /** Explicit policies in NCA's order: by `order`, none last, stable. */
  policies: IndexedPolicy[];
  selected: Map<number, Set<number>>;
}

const isK8s = (p: Policy) => /(^|\/)knp\./.test(p.name) && p.origin.kind === 'NetworkPolicy';
const isProfile = (p: Policy) => p.origin.kind === 'Profile';

function layerOf(program: Program): Layer | undefined {
  if ((program.snapshot?.endpoints.length ?? 0) === 0) return undefined;
  const index = indexProgram(program);
  const space = enumerateCells(program);
  const q = new SnapshotQueries(program, index, space);
  const parties = space.classes.map((c) => resolveParty(program, { src: c.party.party, dst: c.party.party, ipVersion: 4, protocol: 6 }, c.party.party));
  const policies = index.policies
    .filter((p) => !isImplicit(p.policy))
    .map((p, i) => ({ p, i }))
    .sort((a, b) => ncaOrder(a.p.policy, b.p.policy) || a.i - b.i)
    .map((x) => x.p);
  const selected = new Map(policies.map((p) => [p.pi, new Set(parties.flatMap((party, c) => (subjectSelects(p.policy.subject, party) ? [c] : [])))]));
  return { program, index, space, q, parties, policies, selected };
}

function ncaOrder(a: Policy, b: Policy): number {
  const o = (p: Policy) => (isK8s(p) ? 1000 : p.order);
  const x = o(a);
  const y = o(b);
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x - y;
}

function affects(p: Policy, d: Direction): boolean {
  if (!isProfile(p)) return p.types.includes(d);
  return d === 'egress' ? p.egress.length > 0 : p.ingress.length > 0 || p.egress.length === 0;
}

function ncaRules(l: Layer, p: IndexedPolicy): NcaRule[] {
  const out: NcaRule[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const byIndex = new Map<number, number[]>();
    for (const ri of p.rules[direction]) {
      const k = l.index.rules[ri]!.rule.origin.index;
      byIndex.set(k, [...(byIndex.get(k) ?? []), ri]);
    }
    for (const ris of byIndex.values()) out.push({ direction, ris });
  }
  return out;
}

/** Whether a rule side selects some peer: a pod (of `only`, when given) or an address. */
function sideSelects(l: Layer, m: PeerMatch, only: Set<number> | null): boolean {
  const probe: PeerMatch = { ...m, ports: null, notPorts: null };
  if (l.parties.some((party, c) => (!only || only.has(c)) && matchPeer(probe, party, undefined, 6, 'side').result === true)) return true;
  if (only || m.selector || m.namespace || m.serviceAccounts) return false;
  if (!m.nets) return true;
  return m.nets.cidrs.some((c) => !covered(c, m.notNets ?? []));
}

/** Empty-rule explanations of one policy, as NCA lists them (one per empty side for Calico). */
function emptyRules(l: Layer, p: IndexedPolicy): { rules: Set<string>; explanations: number } {
  const rules = new Set<string>();
  let explanations = 0;
  const sel = l.selected.get(p.pi)!;
  for (const g of ncaRules(l, p)) {
    const irs = g.ris.map((ri) => l.index.rules[ri]!.rule);
    if (isK8s(p.policy)) {
      const peer = g.direction === 'ingress' ? 'src' : 'dst';
      if (irs.every((r) => !sideSelects(l, r[peer], null))) {
        rules.add(ncaRuleKey(l, g));
        explanations++;
      }
      continue;
    }
    const r = irs[0]!;
    const srcEmpty = !sideSelects(l, r.src, g.direction === 'egress' ? sel : null);
    const dstEmpty = !sideSelects(l, r.dst, g.direction === 'ingress' ? sel : null);
    if (srcEmpty || dstEmpty) rules.add(ncaRuleKey(l, g));
    explanations += (srcEmpty ? 1 : 0) + (dstEmpty ? 1 : 0);
  }
  return { rules, explanations };
}

async function unchanged(l: Layer, edit: Edit): Promise<boolean> {
  return (await l.q.find({ kind: 'differs', scope: 'flow', edit })).status === 'none';
}

async function vacuous(l: Layer): Promise<boolean> {
  return l.policies.length === 0 || unchanged(l, { kind: 'remove-all' });
}

async function redundantPolicies(l: Layer): Promise<Set<number>> {
  const out = new Set<number>();
  if (l.policies.length < 2) return out;
  for (const p of l.policies) if (await unchanged(l, { kind: 'remove-policy', policy: p.ref })) out.add(p.pi);
  return out;
}

const ncaRuleKey = (l: Layer, g: NcaRule) => `${g.direction}:${l.index.rules[g.ris[0]!]!.rule.origin.index}`;

async function redundantRules(l: Layer, p: IndexedPolicy, skip: Set<string>, say: (line: string) => void = () => {}): Promise<number> {
  let n = 0;
  const groups = ncaRules(l, p);
  const shape = (g: NcaRule) => JSON.stringify(g.ris.map((ri) => ({ ...l.index.rules[ri]!.rule, origin: null })));
  for (const g of groups) {
    if (skip.has(ncaRuleKey(l, g))) continue;
    const twin = groups.some((h) => h !== g && h.direction === g.direction && shape(h) === shape(g));
    if (twin || (await unchanged(l, { kind: 'remove-rules', rules: g.ris.map((ri) => l.index.rules[ri]!.ref) }))) {
      say(`redundant ${g.direction} rule ${l.index.rules[g.ris[0]!]!.rule.origin.index + 1} of ${p.policy.origin.name}`);
      n++;
    }
  }
  return n;
}

function overlap(a: Set<number>, b: Set<number>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** NCA's "same order but conflicting rules" among Calico policies (profiles included). */
function conflicting(l: Layer): boolean {
  const calico = l.policies.filter((p) => !isK8s(p.policy));
  const hasAction = (p: IndexedPolicy, d: Direction, action: string) =>
    p.rules[d].some((ri) => {
      const r = l.index.rules[ri]!.rule;
      const sel = l.selected.get(p.pi)!;
      return r.action === action && sideSelects(l, r.src, d === 'egress' ? sel : null) && sideSelects(l, r.dst, d === 'ingress' ? sel : null);
    });
  let group: IndexedPolicy[] = [];
  for (const p of calico) {
    if (group.length > 0 && ncaOrder(group[0]!.policy, p.policy) < 0) group = [];
    for (const o of group) {
      if (o.policy.order !== p.policy.order || !overlap(l.selected.get(o.pi)!, l.selected.get(p.pi)!)) continue;
      for (const d of ['ingress', 'egress'] as const) {
        if (!affects(o.policy, d) || !affects(p.policy, d)) continue;
        if ((hasAction(o, d, 'allow') && hasAction(p, d, 'deny')) || (hasAction(o, d, 'deny') && hasAction(p, d, 'allow'))) return true;
      }
    }
    group.push(p);
  }
  return false;
}

export interface NcaOptions {
  /** NCA's `outputEndpoints`: `allCaptured` counts workloads (default) or pods. */
  endpoints?: 'deployments' | 'pods';
  /** Receives one line per counted item, for debugging a mismatch. */
  trace?: (line: string) => void;
}

export async function ncaCount(program: Program, query: NcaQuery, opts: NcaOptions = {}): Promise<number> {
  const say = opts.trace ?? (() => {});
  const l = layerOf(program);
  if (!l) return 0; // NCA: "does not have any peers. Can not run Query"
  const pods = l.space.classes.reduce((n, c) => n + c.members.length, 0);
  switch (query) {
    case 'emptiness': {
      let n = 0;
      for (const p of l.policies) {
        const e = (l.selected.get(p.pi)!.size === 0 ? 1 : 0) + emptyRules(l, p).rules.size;
        if (e) say(`${e} in ${p.policy.origin.name}`);
        n += e;
      }
      return n;
    }
    case 'vacuity':
      return (await vacuous(l)) ? 1 : 0;
    case 'disjointness': {
      let n = 0;
      for (let i = 0; i < l.policies.length; i++)
        for (let j = 0; j < i; j++) if (overlap(l.selected.get(l.policies[i]!.pi)!, l.selected.get(l.policies[j]!.pi)!)) n++;
      return n;
    }
    case 'allCaptured': {
      if (l.policies.length === 0) return pods;
      let n = 0;
      for (const d of ['ingress', 'egress'] as const) {
        const names = new Set<string>();
        l.space.classes.forEach((c, ci) => {
          if (l.policies.some((p) => affects(p.policy, d) && l.selected.get(p.pi)!.has(ci))) return;
          for (const m of c.members) names.add(opts.endpoints === 'pods' ? m.id : (m.workload ?? m.id));
        });
        for (const x of names) say(`uncaptured ${d}: ${x}`);
        n += names.size;
      }
      return n;
    }
    case 'redundancy': {
      const gone = await redundantPolicies(l);
      let n = gone.size;
      for (const p of gone) say(`redundant policy ${l.index.policies[p]!.policy.origin.name}`);
      for (const p of l.policies) if (!gone.has(p.pi)) n += await redundantRules(l, p, new Set(), say);
      return n;
    }
    case 'sanity': {
      if (l.policies.length === 0) return 0;
      if (conflicting(l)) {
        say('conflicting policies of the same order');
        return 1;
      }
      const isVacuous = await vacuous(l);
      let n = isVacuous ? 1 : 0;
      if (isVacuous) say('vacuous');
      const gone = isVacuous ? new Set<number>() : await redundantPolicies(l);
      for (const p of l.policies) {
        const name = p.policy.origin.name;
        if (l.selected.get(p.pi)!.size === 0) {
          say(`empty policy ${name}`);
          n++;
          continue;
        }
        const empty = emptyRules(l, p);
        if (empty.explanations) say(`${empty.explanations} empty rule sides in ${name}`);
        n += empty.explanations;
        if (isVacuous) continue;
        if (gone.has(p.pi)) {
          say(`redundant policy ${name}`);
          n++;
          continue;
        }
        const r = await redundantRules(l, p, empty.rules, say);
        n += r;
      }
      return n;
    }
  }
}
