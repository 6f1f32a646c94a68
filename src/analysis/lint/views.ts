/**
 * Lint, snapshot back end, step 1: for each cell and direction, which policies apply at the local
 * end and which of their rules match the cell's flow — and the walk that decides the direction
 * from that, as written or under an edit.
 *
 * Input → output: program index + cells → `CellViews`. The walk is the oracle's first-match
 * evaluation (`oracle/evaluate.ts`, DESIGN §3) replayed over the matching rules only: rules that
 * do not match cannot decide, so leaving them out changes nothing; a tier applies when one of its
 * (remaining) policies applies.
 * INVARIANT: `walk(view, none)` gives the verdict `evaluateDirection` gives for the cell's flow
 * (`test/analysis/lint/views.test.ts` checks this on random programs); matching itself is the
 * oracle's `matchRule`, called once per cell, rule and direction.
 */
import type { Direction, FinalAction, PeerMatch, Program, Rule } from '../../ir/ast.js';
import { resolveParty, subjectSelects, matchRule, type Party, type Tri, type Verdict } from '../../oracle/index.js';
import type { CellParty, CellSpace, FlowCell } from '../cells.js';
import type { ProgramIndex } from './programIndex.js';
import type { Edit } from './queries.js';

/** One direction of one cell. */
export interface DirView {
  /** Applying policy numbers, in evaluation order (shared between the cells of a class). */
  applying: number[];
  /** Per applying policy: its matching rules in order, as `ri * 2 + (maybe ? 1 : 0)`. */
  hits: number[][];
}

export type Decided =
  | { by: 'rule'; ri: number; verdict: 'allow' | 'deny' }
  | { by: 'rule-unknown'; ri: number; verdict: 'unknown' }
  | { by: 'policy-unknown'; pi: number; verdict: 'unknown' }
  | { by: 'tier-default'; ti: number; verdict: 'deny' }
  | { by: 'final'; verdict: FinalAction };

/** An `Edit` with its references resolved to numbers (-1: not used). */
export interface ResolvedEdit {
  all: boolean;
  /** Rule numbers deleted (empty: none). */
  removeRules: ReadonlySet<number>;
  removePolicy: number;
  swap: [number, number] | null;
}

export const UNEDITED: ResolvedEdit = { all: false, removeRules: new Set(), removePolicy: -1, swap: null };

export function resolveEdit(index: ProgramIndex, e: Edit | undefined): ResolvedEdit | undefined {
  if (!e || e.kind === 'none') return UNEDITED;
  if (e.kind === 'remove-all') return { ...UNEDITED, all: true };
  if (e.kind === 'remove-rule' || e.kind === 'remove-rules') {
    const ris = (e.kind === 'remove-rule' ? [e.rule] : e.rules).map((r) => index.ruleNumber(r));
    return ris.some((ri) => ri === undefined) ? undefined : { ...UNEDITED, removeRules: new Set(ris as number[]) };
  }
  if (e.kind === 'remove-policy') {
    const pi = index.policyNumber(e.policy);
    return pi === undefined ? undefined : { ...UNEDITED, removePolicy: pi };
  }
  const a = index.policyNumber(e.a);
  const b = index.policyNumber(e.b);
  return a === undefined || b === undefined ? undefined : { ...UNEDITED, swap: [a, b] };
}

export interface CellViews {
  /**
   * Cells whose views are equal in both directions behave alike under every condition and edit
   * (the walk reads nothing else), so they form one group, visited once through its first cell.
   */
  reps: number[];
  /** Cell id → group number. */
  groupOf: Int32Array;
  /** Per group. */
  egress: (DirView | undefined)[];
  ingress: (DirView | undefined)[];
  /** Per rule number: the groups where the rule matches (definitely or maybe) while its policy applies. */
  ruleCells: number[][];
  /** Per policy number and direction: the endpoint classes it applies to. */
  policyClasses: Record<Direction, number[][]>;
}

const NO_SIDE: PeerMatch = { nets: null, notNets: null, selector: null, notSelector: null, namespace: null, serviceAccounts: null, ports: null, notPorts: null };

/**
 * A rule matches iff its peer part (IP version, addresses, selectors) and its port part
 * (protocols, ICMP, ports, unknown markers) both match: `matchRule` is a conjunction of its
 * fields. The peer part depends on the two parties only, the port part on the cell's shape and on
 * the parties' named ports only, so each is computed once per pair or per shape and reused.
 */
function splitRule(r: Rule): { peer: Rule; port: Rule; named: boolean } {
  const strip = (m: PeerMatch): PeerMatch => ({ ...m, ports: null, notPorts: null });
  const keepPorts = (m: PeerMatch): PeerMatch => ({ ...NO_SIDE, ports: m.ports, notPorts: m.notPorts });
  const named = [r.src, r.dst].some((m) => [...(m.ports ?? []), ...(m.notPorts ?? [])].some((x) => x.kind === 'named'));
  return {
    peer: { ...r, protocol: null, notProtocol: null, icmp: null, notIcmp: null, src: strip(r.src), dst: strip(r.dst), unknown: [] },
    port: { ...r, ipVersion: null, src: keepPorts(r.src), dst: keepPorts(r.dst) },
    named,
  };
}

const triCode = (t: Tri): number => (t === false ? 0 : t === true ? 1 : 2);

export function buildViews(program: Program, index: ProgramIndex, space: CellSpace): CellViews {
  const parties = new Map<string, Party>();
  const partyOf = (c: CellParty, cell: FlowCell): Party => {
    const key = `${c.cls}|${c.party.kind === 'external' ? c.party.ip : ''}|${cell.flow.ipVersion}`;
    let p = parties.get(key);
    if (!p) parties.set(key, (p = resolveParty(program, cell.flow, c.party)));
    return p;
  };
  const namedKey = (p: Party) => (p.pod ? JSON.stringify(p.pod.ports) : 'none');
  // Which policies apply to each class and direction: subjects see labels only, not addresses.
  const policyClasses: Record<Direction, number[][]> = {
    ingress: index.policies.map(() => []),
    egress: index.policies.map(() => []),
  };
  const applying: Record<Direction, number[][]> = { ingress: [], egress: [] };
  space.classes.forEach((cls, c) => {
    const probe = resolveParty(program, { src: cls.party.party, dst: cls.party.party, ipVersion: 4, protocol: 6 }, cls.party.party);
    for (const d of ['ingress', 'egress'] as const) {
      applying[d][c] = index.policies
        .filter((p) => p.policy.types.includes(d) && subjectSelects(p.policy.subject, probe))
        .map((p) => p.pi);
      for (const pi of applying[d][c]!) policyClasses[d][pi]!.push(c);
    }
  });

  const split = index.rules.map((r) => splitRule(r.rule));
  const portPart: number[][] = index.rules.map(() => []);
  const namedPortPart = index.rules.map(() => new Map<string, number>());
  const portOf = (ri: number, cell: FlowCell, src: Party, dst: Party): number => {
    const sp = split[ri]!;
    if (!sp.named) {
      let v = portPart[ri]![cell.shape];
      if (v === undefined) portPart[ri]![cell.shape] = v = triCode(matchRule(sp.port, cell.flow, src, dst).result);
      return v;
    }
    const key = `${cell.shape}|${namedKey(src)}|${namedKey(dst)}`;
    let v = namedPortPart[ri]!.get(key);
    if (v === undefined) namedPortPart[ri]!.set(key, (v = triCode(matchRule(sp.port, cell.flow, src, dst).result)));
    return v;
  };

  const groupOf = new Int32Array(space.cells.length);
  const groups = new Map<string, number>();
  const reps: number[] = [];
  const ruleCells: number[][] = index.rules.map(() => []);
  const egress: (DirView | undefined)[] = [];
  const ingress: (DirView | undefined)[] = [];
  let pairKey = '';
  const peerOk: Record<Direction, Uint8Array> = { ingress: new Uint8Array(index.rules.length), egress: new Uint8Array(index.rules.length) };
  for (const cell of space.cells) {
    const src = partyOf(cell.src, cell);
    const dst = partyOf(cell.dst, cell);
    const key = `${cell.src.display}|${cell.src.cls}|${cell.dst.display}|${cell.dst.cls}|${cell.flow.ipVersion}`;
    if (key !== pairKey) {
      pairKey = key;
      for (const d of ['egress', 'ingress'] as const) {
        const local = d === 'egress' ? cell.src : cell.dst;
        if (local.cls < 0) continue;
        for (const pi of applying[d][local.cls]!)
          for (const ri of index.policies[pi]!.rules[d]) peerOk[d][ri] = matchRule(split[ri]!.peer, cell.flow, src, dst).result === true ? 1 : 0;
      }
    }
    const views: Partial<Record<Direction, DirView>> = {};
    let signature = '';
    for (const d of ['egress', 'ingress'] as const) {
      const local = d === 'egress' ? cell.src : cell.dst;
      if (local.cls < 0) {
        signature += '-|';
        continue;
      }
      const pis = applying[d][local.cls]!;
      const hits = pis.map((pi) => {
        const out: number[] = [];
        for (const ri of index.policies[pi]!.rules[d]) {
          if (!peerOk[d][ri]) continue;
          const m = portOf(ri, cell, src, dst);
          if (m !== 0) out.push(ri * 2 + (m === 1 ? 0 : 1));
        }
        return out;
      });
      views[d] = { applying: pis, hits };
      signature += `${pis.join(',')}:${hits.map((h) => h.join(',')).join(';')}|`;
    }
    let g = groups.get(signature);
    if (g === undefined) {
      g = reps.length;
      groups.set(signature, g);
      reps.push(cell.id);
      egress[g] = views.egress;
      ingress[g] = views.ingress;
      for (const d of ['egress', 'ingress'] as const) for (const hs of views[d]?.hits ?? []) for (const h of hs) ruleCells[h >> 1]!.push(g);
    }
    groupOf[cell.id] = g;
  }
  return { reps, groupOf, egress, ingress, ruleCells, policyClasses };
}

export interface WalkResult {
  decision: Decided;
  /** Whether evaluation got to the probe rule (see `Condition` `reaches`). */
  reached: boolean;
}

/** The first-match evaluation of one direction over a view (DESIGN §3), under an edit. */
export function walk(index: ProgramIndex, final: FinalAction, view: DirView, edit: ResolvedEdit, probe = -1): WalkResult {
  if (edit.all) return { decision: { by: 'final', verdict: 'allow' }, reached: false };
  const probePi = probe >= 0 ? index.rules[probe]!.pi : -1;
  const probePos = probe >= 0 ? index.rules[probe]!.ref.position : -1;
  let reached = false;
  const n = view.applying.length;
  const order = Array.from({ length: n }, (_, k) => k);
  if (edit.swap) {
    const a = view.applying.indexOf(edit.swap[0]);
    const b = view.applying.indexOf(edit.swap[1]);
    if (a >= 0 && b >= 0) [order[a], order[b]] = [order[b]!, order[a]!];
  }
  let i = 0;
  while (i < n) {
    const ti = index.policies[view.applying[i]!]!.ti;
    let j = i;
    while (j < n && index.policies[view.applying[j]!]!.ti === ti) j++;
    const group = order.slice(i, j).filter((k) => view.applying[k] !== edit.removePolicy);
    i = j;
    if (group.length === 0) continue; // the tier does not apply
    let passed = false;
    policies: for (const k of group) {
      const pi = view.applying[k]!;
      if (index.policies[pi]!.policy.unknown.length > 0) return { decision: { by: 'policy-unknown', pi, verdict: 'unknown' }, reached };
      for (const h of view.hits[k]!) {
        const ri = h >> 1;
        if (edit.removeRules.has(ri)) continue;
        const r = index.rules[ri]!;
        if (pi === probePi && r.ref.position >= probePos) reached = true;
        if (r.rule.action === 'log') continue;
        if (h & 1) return { decision: { by: 'rule-unknown', ri, verdict: 'unknown' }, reached };
        if (r.rule.action === 'pass') {
          passed = true;
          break policies;
        }
        return { decision: { by: 'rule', ri, verdict: r.rule.action }, reached };
      }
      if (pi === probePi) reached = true;
    }
    if (passed) continue;
    if (index.tiers[ti]!.defaultAction === 'deny') return { decision: { by: 'tier-default', ti, verdict: 'deny' }, reached };
  }
  return { decision: { by: 'final', verdict: final }, reached };
}

/** Kleene conjunction of two direction verdicts: deny wins, then unknown. */
export function combineVerdicts(a: Verdict, b: Verdict): Verdict {
  if (a === 'deny' || b === 'deny') return 'deny';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'allow';
}
