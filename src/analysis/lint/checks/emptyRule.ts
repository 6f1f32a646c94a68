/**
 * Check `empty-rule` (structural): a rule, or one entry of it, that can match no flow in any
 * cluster — an empty port range, an `except` (Calico `notNets`) that covers its whole `cidr`
 * (`nets`), `protocol` equal to `notProtocol`, ICMP or port clauses on a protocol that has none,
 * an `ipVersion` that none of the rule's CIDRs has, `icmp` equal to `notICMP`, or a selector that
 * its `notSelector` contradicts.
 *
 * Upstream: Kubernetes "NetworkPolicyPort" and "IPBlock" (`except` entries lie inside `cidr` and
 * are taken out of it), Calico reference "Rule" and "EntityRule" (every field present must match;
 * `ports` only for TCP, UDP, SCTP and UDPLite; `icmp` only for ICMP and ICMPv6). The same
 * conditions are what network-config-analyzer's Calico parser warns about ("no traffic will be
 * matched").
 *
 * Severity: error when the whole rule matches nothing, warning when one entry of it is empty.
 */
import type { PeerMatch, PortSpec, Rule } from '../../../ir/ast.js';
import { carriesPorts, isIcmp, protocolText } from '../../../ir/protocol.js';
import { and, not, printSelector } from '../../../selector/index.js';
import { cidrRange, isParseError, parseCidr, type IpFamily } from '../../../util/cidr.js';
import { ruleKey } from '../programIndex.js';
import { satisfiable } from '../satisfiable.js';
import { liveRules, ruleFinding } from '../support.js';
import type { Finding, LintCheck } from '../types.js';

interface Problem {
  /** True when the whole rule can match nothing because of it. */
  whole: boolean;
  message: string;
}

const portText = (s: PortSpec) => (s.kind === 'range' ? (s.from === s.to ? `${s.from}` : `${s.from}:${s.to}`) : s.name);

/** Whether `notNets` cover the whole of `cidr`. */
export function covered(cidr: string, notNets: readonly string[]): boolean {
  const c = parseCidr(cidr, { strict: false });
  if (isParseError(c)) return false;
  const { first, last } = cidrRange(c);
  const holes = notNets
    .map((t) => parseCidr(t, { strict: false }))
    .filter((x): x is Exclude<typeof x, { error: string }> => !isParseError(x) && x.family === c.family)
    .map((x) => cidrRange(x))
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = first;
  for (const h of holes) {
    if (h.first > next) break;
    if (h.last + 1n > next) next = h.last + 1n;
    if (next > last) return true;
  }
  return next > last;
}

function family(text: string): IpFamily | undefined {
  const c = parseCidr(text, { strict: false });
  return isParseError(c) ? undefined : c.family;
}

function sideProblems(r: Rule, m: PeerMatch, side: string): Problem[] {
  const out: Problem[] = [];
  const ports = m.ports ?? [];
  const empty = ports.filter((s) => s.kind === 'range' && s.from > s.to);
  for (const s of empty) out.push({ whole: false, message: `the ${side} port range \`${portText(s)}\` is empty: it matches no port` });
  if (m.ports && ports.length === empty.length)
    out.push({ whole: true, message: `the rule matches nothing: its ${side} port list matches no port` });
  if (r.protocol !== null && !carriesPorts(r.protocol) && (m.ports || m.notPorts))
    out.push({ whole: true, message: `the rule matches nothing: protocol \`${protocolText(r.protocol)}\` has no ports, but the ${side} has a port clause` });
  if (m.nets) {
    const gone = m.nets.cidrs.filter((c) => covered(c, m.notNets ?? []));
    for (const c of gone) out.push({ whole: false, message: `the ${side} \`except\`/\`notNets\` entries cover the whole CIDR \`${c}\`: it adds no address` });
    if (gone.length > 0 && gone.length === m.nets.cidrs.length) out.push({ whole: true, message: `the rule matches nothing: every ${side} CIDR is excluded again` });
    if (r.ipVersion !== null && m.nets.cidrs.every((c) => family(c) !== r.ipVersion))
      out.push({ whole: true, message: `the rule matches nothing: it is for IPv${r.ipVersion} but every ${side} CIDR is IPv${r.ipVersion === 4 ? 6 : 4}` });
  }
  if (m.selector && m.notSelector && satisfiable(and(m.selector, not(m.notSelector))).sat === false)
    out.push({ whole: true, message: `the rule matches nothing: no ${side} can match \`${printSelector(m.selector)}\` and not \`${printSelector(m.notSelector)}\`` });
  return out;
}

export function ruleProblems(r: Rule): Problem[] {
  const out: Problem[] = [];
  if (r.protocol !== null && r.protocol === r.notProtocol)
    out.push({ whole: true, message: `the rule matches nothing: \`protocol\` and \`notProtocol\` are both \`${protocolText(r.protocol)}\`` });
  if (r.protocol !== null && !isIcmp(r.protocol) && (r.icmp || r.notIcmp))
    out.push({ whole: true, message: `the rule matches nothing: it has an ICMP clause but protocol \`${protocolText(r.protocol)}\`` });
  if (r.icmp && r.notIcmp && r.icmp.type === r.notIcmp.type && (r.notIcmp.code === null || r.notIcmp.code === r.icmp.code))
    out.push({ whole: true, message: 'the rule matches nothing: `notICMP` excludes every flow `icmp` admits' });
  out.push(...sideProblems(r, r.src, 'source'), ...sideProblems(r, r.dst, 'destination'));
  return out;
}

export const emptyRule: LintCheck = {
  id: 'empty-rule',
  severity: 'error',
  summary: 'a rule, or an entry of one, that can match no flow: empty port range, an except covering its cidr, contradictory fields',
  upstream: 'Kubernetes "NetworkPolicyPort" and "IPBlock"; Calico reference "Rule" and "EntityRule"',
  needs: 'structure',
  run(ctx) {
    const findings: Finding[] = [];
    for (const r of liveRules(ctx, { withLog: true })) {
      const problems = ruleProblems(r.rule);
      if (problems.some((p) => p.whole)) ctx.facts.deadRules.add(ruleKey(r.ref));
      for (const p of problems) findings.push(ruleFinding(ctx, this, r, { mode: 'structural', severity: p.whole ? 'error' : 'warning', message: p.message }));
    }
    return findings;
  },
};
