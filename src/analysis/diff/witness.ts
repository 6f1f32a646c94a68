/**
 * Witnesses for diff changes: one concrete flow per changed pair, on which the two versions
 * disagree, replayed through the oracle in both versions (DESIGN §7: each finding with a witness;
 * STYLE: every finding is replayed through the ground truth).
 *
 * Stage: analysis (diff). Input → output: a `Change` + both programs and their display names →
 * a `Witness` (the flow, each version's verdict, and the rule that decided it).
 * Contract:
 * - The flow lies in the symmetric difference of the pair's connection sets: the lowest port of
 *   the first protocol (TCP, UDP, SCTP, then others by number) where the sets differ, from the
 *   first endpoint of the source display name (or the first address of an external range) to
 *   the first of the destination.
 * - A version in which an end does not exist says `absent` and is not evaluated.
 * - When the computation is right the two verdicts differ; callers and tests check this rather
 *   than trusting it.
 */
import type { Program, RuleOrigin, Origin } from '../../ir/ast.js';
import type { Flow, FlowParty } from '../../ir/flow.js';
import { evaluate, type Evaluation } from '../../oracle/index.js';
import type { Decision } from '../../oracle/trace.js';
import { ConnSet, PORT_PROTOCOLS, PROTOCOL_NUMBER } from '../../connectivity/connset.js';
import { parseExternalName } from '../../report/connlist/externalRanges.js';
import { formatIp } from '../../util/cidr.js';
import type { Change, DecidingSource, Witness, WitnessParty, WitnessVerdict } from './types.js';

/** One version, as a witness needs it: its program and which endpoint each display name stands for. */
export interface WitnessVersion {
  readonly program: Program;
  /** Display name → the id of its first endpoint. */
  readonly endpointOf: ReadonlyMap<string, string>;
  /** Every endpoint id of the snapshot. */
  readonly endpointIds: ReadonlySet<string>;
}

/** A flow in `a Δ b` (the protocol part of it), or undefined when the sets are equal. */
export function differingFlow(a: ConnSet, b: ConnSet): { protocol: number; port?: number } | undefined {
  const delta = a.subtract(b).union(b.subtract(a));
  for (const p of PORT_PROTOCOLS) {
    const port = delta.portsOf(p).min();
    if (port !== undefined) return { protocol: PROTOCOL_NUMBER[p], port };
  }
  const other = delta.otherProtocols().min();
  return other === undefined ? undefined : { protocol: other };
}

export function witnessFor(change: Change, oldV: WitnessVersion, newV: WitnessVersion, count: () => void = () => {}): Witness | undefined {
  const proto = differingFlow(change.old, change.new);
  if (!proto) return undefined;
  const src = partyOf(change.src, oldV, newV);
  const dst = partyOf(change.dst, oldV, newV);
  if (!src || !dst) return undefined;
  const run = (v: WitnessVersion): { verdict: WitnessVerdict; evaluation?: Evaluation } => {
    const s = flowParty(src, v);
    const d = flowParty(dst, v);
    if (!s || !d) return { verdict: 'absent' };
    const flow: Flow = { src: s, dst: d, ipVersion: 4, protocol: proto.protocol, ...(proto.port !== undefined ? { dstPort: proto.port } : {}) };
    count();
    const evaluation = evaluate(v.program, flow);
    return { verdict: evaluation.verdict, evaluation };
  };
  const o = run(oldV);
  const n = run(newV);
  const named = PORT_PROTOCOLS.find((p) => PROTOCOL_NUMBER[p] === proto.protocol);
  const decidedBy = deciding(n.evaluation, o.evaluation, newV.program, oldV.program);
  return {
    src,
    dst,
    protocol: named ?? String(proto.protocol),
    ...(proto.port !== undefined ? { port: proto.port } : {}),
    old: o.verdict,
    new: n.verdict,
    ...(decidedBy ? { decidedBy } : {}),
  };
}

/** An external range's first address, or the endpoint a display name stands for in either version. */
function partyOf(name: string, oldV: WitnessVersion, newV: WitnessVersion): WitnessParty | undefined {
  const ext = parseExternalName(name);
  if (ext) return { kind: 'external', ip: formatIp({ family: ext.family, addr: ext.set.min()! }) };
  const id = newV.endpointOf.get(name) ?? oldV.endpointOf.get(name);
  return id === undefined ? undefined : { kind: 'endpoint', id };
}

/** The party in one version; undefined when that endpoint does not exist there. */
function flowParty(p: WitnessParty, v: WitnessVersion): FlowParty | undefined {
  if (p.kind === 'external') return p;
  return v.endpointIds.has(p.id) ? p : undefined;
}

/**
 * The rule or policy that decided an evaluation: for a deny, the denying direction; for an allow,
 * a direction allowed by a rule (ingress first: it is usually the policy that was edited). Tier
 * defaults and the final action have no source position.
 */
export function decidingSource(e: Evaluation | undefined, version: 'old' | 'new'): DecidingSource | undefined {
  if (!e) return undefined;
  const dirs = [e.ingress, e.egress].filter((d) => d.evaluated && d.verdict === e.verdict);
  for (const d of dirs) {
    const origin = originOf(d.decision);
    if (origin) {
      return {
        version,
        file: origin.file,
        line: origin.line,
        column: origin.column,
        resource: `${origin.kind} ${origin.name}`,
        path: 'path' in origin ? (origin as RuleOrigin).path : '',
      };
    }
  }
  return undefined;
}

/**
 * Where a tier default decided an evaluation: the first policy that applied in that tier (none of
 * its rules matched, so its selector is what put the flow under the default).
 */
export function defaultSource(e: Evaluation | undefined, version: 'old' | 'new', program: Program): DecidingSource | undefined {
  if (!e) return undefined;
  for (const d of [e.ingress, e.egress]) {
    if (!d.evaluated || d.verdict !== e.verdict || d.decision.by !== 'tier-default') continue;
    const tier = d.decision.tier;
    const name = d.tiers.find((t) => t.tier === tier)?.policies[0];
    const policy = program.tiers.find((t) => t.name === tier)?.policies.find((p) => p.name === name);
    if (!policy) continue;
    const o = policy.origin;
    return { version, file: o.file, line: o.line, column: o.column, resource: `${o.kind} ${o.name}`, path: '', byDefault: true };
  }
  return undefined;
}

/** A deciding rule in the new version, else in the old; else the policy whose tier default decided, new first. */
export function deciding(newE: Evaluation | undefined, oldE: Evaluation | undefined, newP: Program, oldP: Program): DecidingSource | undefined {
  return decidingSource(newE, 'new') ?? decidingSource(oldE, 'old') ?? defaultSource(newE, 'new', newP) ?? defaultSource(oldE, 'old', oldP);
}

function originOf(d: Decision): Origin | undefined {
  switch (d.by) {
    case 'rule':
    case 'rule-unknown':
      return d.rule.origin;
    case 'policy-unknown':
      return d.origin;
    default:
      return undefined;
  }
}
