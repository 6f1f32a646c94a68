/**
 * SMT stage, the decoder: a model of the encoding's variables → a concrete `Flow` (in universal
 * mode with a concrete `HypotheticalPod` for a symbolic end), replayed through the oracle before
 * anyone sees it; and the inverse, a concrete flow → an assignment of the variables, which the
 * differential tests use to ask the encoding about one exact flow.
 *
 * Contract: `decodeWitness` returns a flow whose oracle verdict equals the encoding's verdict in
 * the model (`allowed` → allow, `denied` → deny, neither → unknown); otherwise it throws
 * `OracleDisagreement`, an internal error that tests fail on. A decoded pod carries exactly the
 * labels the query mentions plus the implicit ones (`build.ts`), and its namespace's labels are the
 * snapshot's when the namespace exists there and the labels were kept.
 */
import type { Labels, NamedPort, Program } from '../ir/ast.js';
import { podLabels } from '../ir/build.js';
import type { Flow, FlowParty, HypotheticalPod } from '../ir/flow.js';
import { carriesPorts, isIcmp } from '../ir/protocol.js';
import { evaluate, formatEvaluation, type Evaluation, type Verdict } from '../oracle/index.js';
import { formatIp, isParseError, parseIp } from '../util/cidr.js';
import type { Encoding } from './encode.js';
import type { SymbolicLabels } from './labels.js';
import type { Party, Side, SymbolicPod } from './party.js';
import type { Value } from './term.js';

export class OracleDisagreement extends Error {
  override name = 'OracleDisagreement';
}

export interface DecodeOptions {
  anyNamespaceLabels?: boolean;
}

type Values = ReadonlyMap<string, Value>;

const bool = (m: Values, k: string) => m.get(k) === true;
const num = (m: Values, k: string) => Number((m.get(k) as bigint | undefined) ?? 0n);
const big = (m: Values, k: string) => (m.get(k) as bigint | undefined) ?? 0n;
const str = (m: Values, k: string) => (m.get(k) as string | undefined) ?? '';

function labelsOf(m: Values, view: SymbolicLabels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of view.keys()) if (bool(m, k.has.name)) out[k.key] = str(m, k.val.name);
  return out;
}

function decodePod(program: Program, m: Values, side: Side, s: SymbolicPod, ip: string | null, o: DecodeOptions): HypotheticalPod {
  const ns = str(m, s.ns.name);
  const known = program.snapshot?.namespaces.find((n) => n.name === ns);
  const namespaceLabels: Labels =
    known && !o.anyNamespaceLabels ? known.labels : { ...labelsOf(m, s.nsLabels), 'kubernetes.io/metadata.name': ns, 'projectcalico.org/name': ns };
  const serviceAccount = bool(m, s.saHas.name) ? { name: str(m, s.saName.name), labels: labelsOf(m, s.saLabels) } : null;
  const ports: NamedPort[] = [...s.namedPorts.values()]
    .filter((p) => bool(m, p.has.name))
    .map((p) => ({ name: p.name, protocol: num(m, p.protocol.name), port: num(m, p.port.name) }));
  return {
    name: side === 'src' ? 'source-pod' : 'destination-pod',
    namespace: ns,
    namespaceLabels,
    labels: { ...labelsOf(m, s.labels), ...podLabels(ns, {}, serviceAccount?.name ?? null) },
    ip: bool(m, s.hasAddress.name) ? ip : null,
    ports,
    serviceAccount,
  };
}

function decodeParty(enc: Encoding, m: Values, p: Party, v6: boolean, o: DecodeOptions): FlowParty {
  const k = p.cases[p.select ? num(m, p.select.name) : 0];
  if (!k) throw new OracleDisagreement(`internal error: the model picks no case for the ${p.side}`);
  const ip = formatIp(v6 ? { family: 6, addr: big(m, `${p.side}.ip6`) } : { family: 4, addr: big(m, `${p.side}.ip4`) });
  if (k.endpoint) return { kind: 'endpoint', id: k.endpoint.id };
  if (k.symbolic) return { kind: 'pod', pod: decodePod(enc.program, m, p.side, k.symbolic, ip, o) };
  return { kind: 'external', ip };
}

/** The concrete flow of a model. Fields a real packet of the protocol does not have are left out. */
export function decodeFlow(enc: Encoding, m: Values, o: DecodeOptions = {}): Flow {
  const v6 = bool(m, 'flow.v6');
  const protocol = num(m, 'flow.protocol');
  const flow: Flow = {
    src: decodeParty(enc, m, enc.flow.src, v6, o),
    dst: decodeParty(enc, m, enc.flow.dst, v6, o),
    ipVersion: v6 ? 6 : 4,
    protocol,
  };
  if (carriesPorts(protocol)) {
    flow.srcPort = num(m, 'flow.srcPort');
    flow.dstPort = num(m, 'flow.dstPort');
  }
  if (isIcmp(protocol)) {
    flow.icmpType = num(m, 'flow.icmpType');
    flow.icmpCode = num(m, 'flow.icmpCode');
  }
  return flow;
}

export function verdictOf(allowed: Value, denied: Value): Verdict {
  if (allowed === true && denied === true) throw new OracleDisagreement('internal error: the encoding both allows and denies a flow');
  return allowed === true ? 'allow' : denied === true ? 'deny' : 'unknown';
}

export interface Witness {
  flow: Flow;
  evaluation: Evaluation;
}

/**
 * Decodes the model of a `sat` answer whose observed terms were `[enc.allowed, enc.denied]` and
 * replays it through the oracle.
 */
export function decodeWitness(enc: Encoding, values: Values, observed: readonly Value[], o: DecodeOptions = {}): Witness {
  const flow = decodeFlow(enc, values, o);
  const smt = verdictOf(observed[0]!, observed[1]!);
  const evaluation = evaluate(enc.program, flow);
  if (evaluation.verdict !== smt)
    throw new OracleDisagreement(
      `internal error: the SMT encoding says \`${smt}\` but the oracle says \`${evaluation.verdict}\` for the counterexample\n` +
        `${JSON.stringify(flow)}\n${formatEvaluation(evaluation)}`,
    );
  return { flow, evaluation };
}

// ── the inverse: a concrete flow as an assignment ────────────────────────────────────────────

function podAssignment(out: Map<string, Value>, s: SymbolicPod, pod: HypotheticalPod, v6: boolean): void {
  const put = (view: SymbolicLabels, labels: Labels) => {
    for (const k of view.keys()) {
      const has = Object.prototype.hasOwnProperty.call(labels, k.key);
      out.set(k.has.name, has).set(k.val.name, has ? labels[k.key]! : '');
    }
  };
  out.set(s.ns.name, pod.namespace);
  put(s.nsLabels, pod.namespaceLabels);
  put(s.labels, pod.labels);
  out.set(s.saHas.name, pod.serviceAccount !== null).set(s.saName.name, pod.serviceAccount?.name ?? '');
  put(s.saLabels, pod.serviceAccount?.labels ?? {});
  const ip = pod.ip === null ? null : parseIp(pod.ip, { strict: false });
  out.set(s.hasAddress.name, ip !== null && !isParseError(ip) && ip.family === (v6 ? 6 : 4));
  for (const p of s.namedPorts.values()) {
    const same = pod.ports.filter((x) => x.name === p.name);
    if (same.length > 1) throw new OracleDisagreement(`cannot fix pod \`${pod.name}\`: two named ports \`${p.name}\``);
    out.set(p.has.name, same.length === 1).set(p.protocol.name, BigInt(same[0]?.protocol ?? 0)).set(p.port.name, BigInt(same[0]?.port ?? 0));
  }
}

function partyAssignment(out: Map<string, Value>, p: Party, fp: FlowParty, v6: boolean): void {
  const index = p.cases.findIndex((k) =>
    fp.kind === 'endpoint' ? k.endpoint?.id === fp.id : fp.kind === 'pod' ? k.symbolic !== undefined : k.kind === 'external',
  );
  if (index < 0) throw new OracleDisagreement(`the encoding has no case for the ${p.side} \`${JSON.stringify(fp)}\``);
  if (p.select) out.set(p.select.name, BigInt(index));
  const k = p.cases[index]!;
  const ipText = fp.kind === 'external' ? fp.ip : fp.kind === 'pod' ? fp.pod.ip : null;
  const ip = ipText === null ? null : parseIp(ipText, { strict: false });
  if (ip && !isParseError(ip)) out.set(`${p.side}.ip${ip.family}`, ip.addr);
  if (fp.kind === 'pod' && k.symbolic) podAssignment(out, k.symbolic, fp.pod, v6);
}

/** The values that make the encoding's variables (mode `any`) describe exactly `flow`. */
export function flowAssignment(enc: Encoding, flow: Flow): Map<string, Value> {
  const out = new Map<string, Value>();
  const v6 = flow.ipVersion === 6;
  out.set('flow.v6', v6).set('flow.protocol', BigInt(flow.protocol));
  for (const [k, v] of [
    ['flow.srcPort', flow.srcPort],
    ['flow.dstPort', flow.dstPort],
    ['flow.icmpType', flow.icmpType],
    ['flow.icmpCode', flow.icmpCode],
  ] as const) {
    out.set(k, BigInt(v ?? 0)).set(`${k}.known`, v !== undefined);
  }
  partyAssignment(out, enc.flow.src, flow.src, v6);
  partyAssignment(out, enc.flow.dst, flow.dst, v6);
  return out;
}
