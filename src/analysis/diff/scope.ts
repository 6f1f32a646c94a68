/**
 * Snapshot diff, the reach of a change: the endpoints whose connections a change of policies can
 * touch, so that only the pairs with an end among them need deciding in either version.
 *
 * Stage: analysis (diff). Input → output: two `Program`s → endpoint ids, or null (everything).
 * Contract: null unless both versions have the same snapshot, the same final action, the same
 * tiers (name, order, default action) in the same order, and, in each tier and direction, the
 * same sequence of the policies they share unchanged. Otherwise, per direction, the policies that
 * differ in what that direction reads (name, order, whether they govern it, subject, its rules,
 * unknown markers; compared without provenance, so a moved line or another file name is no
 * change) form a set D, and the reach of the direction is every endpoint some policy of D selects
 * in either version: `src` for egress, `dst` for ingress.
 * Why it is exact: the oracle decides a direction at an endpoint from the policies of that
 * direction whose subject selects it, in evaluation order, and from nothing else of the program.
 * For an endpoint outside a direction's reach those policies read the same in both versions. A
 * pair whose source is outside `src` and whose destination is outside `dst` is decided alike in
 * both versions at both ends (an external end is not evaluated), so its connections are equal and
 * the diff can leave it out.
 */
import { DIRECTIONS, type Direction, type Policy, type Program } from '../../ir/ast.js';
import { sameSnapshot } from '../../ir/print.js';
import { resolveParty } from '../../oracle/party.js';
import { subjectSelects } from '../../oracle/evaluate.js';

/** What a policy means to one direction, as text: everything that direction reads but where it was written. */
function meaning(p: Policy, d: Direction): string {
  const view = { name: p.name, order: p.order, governs: p.types.includes(d), subject: p.subject, rules: p[d], unknown: p.unknown };
  return JSON.stringify(view, (k, v: unknown) => (k === 'origin' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
}

/** Pairs a change can touch: those with the source in `src` or the destination in `dst`. */
export interface Reach {
  /** Endpoints whose egress decisions may differ. */
  src: Set<string>;
  /** Endpoints whose ingress decisions may differ. */
  dst: Set<string>;
}

/** The endpoints a change between the two versions can touch, per direction (see the file contract). */
export function changeReach(oldProgram: Program, newProgram: Program): Reach | null {
  const [a, b] = [oldProgram, newProgram];
  if (a.final !== b.final || !a.snapshot || !sameSnapshot(a.snapshot, b.snapshot)) return null;
  if (a.tiers.length !== b.tiers.length) return null;
  const changed: Record<Direction, Policy[]> = { egress: [], ingress: [] };
  for (let i = 0; i < a.tiers.length; i++) {
    const [ta, tb] = [a.tiers[i]!, b.tiers[i]!];
    if (ta.name !== tb.name || ta.order !== tb.order || ta.defaultAction !== tb.defaultAction) return null;
    for (const d of DIRECTIONS) {
      // Each policy's meaning once; a name in one version only never compares equal.
      const ma = new Map(ta.policies.map((p) => [p.name, meaning(p, d)]));
      const mb = new Map(tb.policies.map((p) => [p.name, meaning(p, d)]));
      const same = (p: Policy) => ma.get(p.name) === mb.get(p.name);
      const keptA = ta.policies.filter(same).map((p) => p.name);
      const keptB = tb.policies.filter(same).map((p) => p.name);
      if (keptA.join('\n') !== keptB.join('\n')) return null;
      changed[d].push(...ta.policies.filter((p) => !same(p)), ...tb.policies.filter((p) => !same(p)));
    }
  }
  const reach: Reach = { src: new Set(), dst: new Set() };
  if (changed.egress.length + changed.ingress.length === 0) return reach;
  for (const e of a.snapshot.endpoints) {
    const party: { kind: 'endpoint'; id: string } = { kind: 'endpoint', id: e.id };
    const pod = resolveParty(a, { src: party, dst: party, ipVersion: 4, protocol: 6 }, party);
    if (changed.egress.some((p) => subjectSelects(p.subject, pod))) reach.src.add(e.id);
    if (changed.ingress.some((p) => subjectSelects(p.subject, pod))) reach.dst.add(e.id);
  }
  return reach;
}
