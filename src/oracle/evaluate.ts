/**
 * The oracle: IR program × concrete flow → verdict and trace. Plain code, no solver: the ground
 * truth that the SMT encoding, the emitters and every analysis are tested against.
 *
 * Contract (DESIGN §2–3, Calico reference "Tier", network-policy-api "AdminNetworkPolicy"):
 * - a flow is allowed iff the source's egress allows it (when the source is a pod) and the
 *   destination's ingress allows it (when the destination is a pod); `deny` from either side wins,
 *   then `unknown`;
 * - one direction at one pod: tiers by (order, name); a tier applies when one of its policies has
 *   the direction in `types` and selects the pod; applying policies by (order, name), rules in
 *   written order, first match decides (`log` goes on, `pass` leaves the tier); no decision → the
 *   tier's default action; after the last tier → `program.final`;
 * - a rule that "maybe" matches (`unknown` markers, a port the flow leaves out) makes the
 *   direction `unknown` unless it is a `log` rule; a policy with `unknown` markers makes it
 *   `unknown` when evaluation reaches it. This is sound (never a wrong allow or deny) and
 *   deliberately simple: it does not try both outcomes.
 * Throws `OracleError` only for a malformed flow (a bug in the caller).
 */
import type { Direction, PeerMatch, Program, Subject } from '../ir/ast.js';
import type { Flow } from '../ir/flow.js';
import { inEvaluationOrder } from '../ir/order.js';
import { isProtocolNumber } from '../ir/protocol.js';
import { OracleError, resolveParty, type Party } from './party.js';
import { matchRule } from './rule.js';
import { entityMatches, namespaceMatches, serviceAccountMatches } from './selectors.js';
import { combine, type Decision, type DirectionTrace, type Evaluation, type RuleRef, type TierStep } from './trace.js';
import { isMaybe } from './tri.js';

/** Whether a policy's subject selects this pod (subjects select pods only). */
export function subjectSelects(s: Subject, pod: Party): boolean {
  const e = pod.entities[0];
  if (pod.pod === null || e === undefined) return false;
  return (
    entityMatches(s.selector, e) &&
    (s.namespace === null || namespaceMatches(s.namespace, e)) &&
    (s.serviceAccounts === null || serviceAccountMatches(s.serviceAccounts, e))
  );
}

function checkFlow(flow: Flow): void {
  if (flow.ipVersion !== 4 && flow.ipVersion !== 6) throw new OracleError(`IP version \`${String(flow.ipVersion)}\` is not 4 or 6`);
  if (!isProtocolNumber(flow.protocol)) throw new OracleError(`protocol \`${flow.protocol}\` is not 0–255`);
  for (const [what, v, max] of [
    ['source port', flow.srcPort, 65535],
    ['destination port', flow.dstPort, 65535],
    ['ICMP type', flow.icmpType, 255],
    ['ICMP code', flow.icmpCode, 255],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > max)) throw new OracleError(`${what} \`${v}\` is out of range`);
  }
}

/** Evaluates the policies of one direction at the pod `local`. */
export function evaluateDirection(
  program: Program,
  direction: Direction,
  flow: Flow,
  src: Party,
  dst: Party,
  notes: Set<string> = new Set(),
): DirectionTrace {
  const local = direction === 'egress' ? src : dst;
  const tiers: TierStep[] = [];
  const done = (decision: Decision): DirectionTrace => ({
    direction,
    endpoint: local.name,
    evaluated: true,
    verdict: decision.verdict,
    decision,
    tiers,
  });

  for (const tier of inEvaluationOrder(program.tiers)) {
    const applying = inEvaluationOrder(tier.policies).filter(
      (p) => p.types.includes(direction) && subjectSelects(p.subject, local),
    );
    const step: TierStep = {
      tier: tier.name,
      applied: applying.length > 0,
      policies: applying.map((p) => p.name),
      outcome: 'skipped',
      passedBy: null,
      logged: [],
    };
    tiers.push(step);
    if (applying.length === 0) continue;

    let passed = false;
    policies: for (const policy of applying) {
      if (policy.unknown.length > 0) {
        step.outcome = 'unknown';
        return done({
          by: 'policy-unknown',
          verdict: 'unknown',
          tier: tier.name,
          policy: policy.name,
          origin: policy.origin,
          reasons: [...policy.unknown],
        });
      }
      const rules = policy[direction];
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        noteAddressless(rule.src, src, flow, notes);
        noteAddressless(rule.dst, dst, flow, notes);
        const m = matchRule(rule, flow, src, dst).result;
        if (m === false) continue;
        const ref: RuleRef = { tier: tier.name, policy: policy.name, direction, position: i, action: rule.action, origin: rule.origin };
        // A log rule decides nothing, so whether it matches cannot change the verdict.
        if (rule.action === 'log') {
          if (m === true) step.logged.push(ref);
          continue;
        }
        if (isMaybe(m)) {
          step.outcome = 'unknown';
          return done({ by: 'rule-unknown', verdict: 'unknown', rule: ref, reasons: m.maybe });
        }
        if (rule.action === 'pass') {
          step.outcome = 'pass';
          step.passedBy = ref;
          passed = true;
          break policies;
        }
        step.outcome = rule.action;
        return done({ by: 'rule', verdict: rule.action, rule: ref });
      }
    }
    if (passed) continue;
    if (tier.defaultAction === 'deny') {
      step.outcome = 'deny';
      return done({ by: 'tier-default', verdict: 'deny', tier: tier.name });
    }
    step.outcome = 'pass';
    step.passedBy = 'default';
  }
  return done({ by: 'final', verdict: program.final });
}

/** DESIGN §4: say so where a pod without an address meets a CIDR clause. */
function noteAddressless(m: PeerMatch, p: Party, flow: Flow, notes: Set<string>): void {
  if (p.pod === null || p.address !== null || (m.nets === null && m.notNets === null)) return;
  notes.add(
    p.pod.addressUnknown
      ? `pod \`${p.name}\` has no known address: no CIDR (nets, ipBlock) matches it`
      : `pod \`${p.name}\` has no IPv${flow.ipVersion} address: no CIDR (nets, ipBlock) matches it`,
  );
}

function notEvaluated(direction: Direction, party: Party): DirectionTrace {
  return {
    direction,
    endpoint: party.name,
    evaluated: false,
    verdict: 'allow',
    decision: { by: 'not-evaluated', verdict: 'allow' },
    tiers: [],
  };
}

function scopeNotes(flow: Flow, src: Party, dst: Party): string[] {
  const notes: string[] = [];
  if (flow.src.kind === 'endpoint' && flow.dst.kind === 'endpoint' && flow.src.id === flow.dst.id)
    notes.push('traffic from a pod to itself is out of scope: the verdict applies policy as if it were another pod');
  if (src.pod === null && dst.pod === null) notes.push('neither end is a pod: no policy is enforced on this flow');
  return notes;
}

/** The verdict for one flow, with both directions' traces. */
export function evaluate(program: Program, flow: Flow): Evaluation {
  checkFlow(flow);
  const src = resolveParty(program, flow, flow.src);
  const dst = resolveParty(program, flow, flow.dst);
  const notes = new Set(scopeNotes(flow, src, dst));
  const egress = src.pod ? evaluateDirection(program, 'egress', flow, src, dst, notes) : notEvaluated('egress', src);
  const ingress = dst.pod ? evaluateDirection(program, 'ingress', flow, src, dst, notes) : notEvaluated('ingress', dst);
  return { verdict: combine(egress.verdict, ingress.verdict), egress, ingress, notes: [...notes] };
}
