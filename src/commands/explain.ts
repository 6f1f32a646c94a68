/**
 * `explain`: the verdict of one flow and how each direction reached it. The library function
 * behind `netpolc explain`.
 *
 * Endpoints are named `namespace/name` (a pod, or a workload's pods by the workload's name), by
 * the display name `namespace/name[Kind]`, or by an IP address (a pod's address names that pod;
 * any other address is external). Ports are `tcp/80`, `udp/53`, `sctp/9000`, `icmp`, `icmp/8/0`
 * or a protocol number `47`.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Endpoint, Program } from '../ir/ast.js';
import type { Flow, FlowParty } from '../ir/flow.js';
import { protocolNumber } from '../ir/protocol.js';
import { evaluate, formatEvaluation, type Evaluation } from '../oracle/index.js';
import { loadProgram, type InputOptions } from '../pipeline.js';
import { isParseError, parseIp } from '../util/cidr.js';
import type { SourceTexts } from '../yaml/node.js';

export interface ExplainOptions extends InputOptions {
  from: string;
  to: string;
  port: string;
}

export type ExplainReport =
  | { ok: true; flow: Flow; evaluation: Evaluation; text: string; diagnostics: Diagnostic[]; texts: SourceTexts }
  | { ok: false; error: string; diagnostics: Diagnostic[]; texts: SourceTexts };

export async function explain(paths: readonly string[], opts: ExplainOptions): Promise<ExplainReport> {
  const { program, diagnostics, texts } = await loadProgram(paths, opts);
  const src = resolveEndpoint(program, opts.from);
  const dst = resolveEndpoint(program, opts.to);
  const port = parsePort(opts.port);
  const problem = [src, dst, port].find((x): x is { error: string } => 'error' in x);
  if (problem) return { ok: false, error: problem.error, diagnostics, texts };
  const s = (src as { party: FlowParty; v6: boolean });
  const d = (dst as { party: FlowParty; v6: boolean });
  const flow: Flow = { src: s.party, dst: d.party, ipVersion: s.v6 || d.v6 ? 6 : 4, ...(port as Omit<Flow, 'src' | 'dst' | 'ipVersion'>) };
  const evaluation = evaluate(program, flow);
  return { ok: true, flow, evaluation, text: formatEvaluation(evaluation), diagnostics, texts };
}

function resolveEndpoint(program: Program, name: string): { party: FlowParty; v6: boolean } | { error: string } {
  const eps = program.snapshot?.endpoints ?? [];
  const ip = parseIp(name);
  if (!isParseError(ip)) {
    const owner = eps.find((e) => e.ips?.some((x) => x === name));
    return { party: owner ? { kind: 'endpoint', id: owner.id } : { kind: 'external', ip: name }, v6: ip.family === 6 };
  }
  const byName = (e: Endpoint) => e.id === name || e.workload === name || (e.workload !== null && e.workload.replace(/\[[^\]]*\]$/, '') === name);
  const found = eps.filter(byName);
  if (found.length === 0) {
    const known = eps.slice(0, 8).map((e) => e.workload ?? e.id);
    return { error: `no endpoint \`${name}\` in the snapshot${known.length ? `; endpoints include ${known.join(', ')}` : ''}` };
  }
  return { party: { kind: 'endpoint', id: found[0]!.id }, v6: false };
}

type PortPart = { protocol: number; dstPort?: number; icmpType?: number; icmpCode?: number };

function parsePort(text: string): PortPart | { error: string } {
  const [proto, a, b] = text.toLowerCase().split('/');
  const n = proto === undefined ? undefined : /^\d+$/.test(proto) ? Number(proto) : protocolNumber(proto);
  if (n === undefined || n === null || n < 0 || n > 255) return { error: `unknown protocol in \`${text}\`; use e.g. tcp/80, udp/53, icmp/8/0` };
  const num = (s: string | undefined, max: number) => (s !== undefined && /^\d+$/.test(s) && Number(s) <= max ? Number(s) : undefined);
  const out: PortPart = { protocol: n };
  if (n === 1 || n === 58) {
    if (a !== undefined) {
      const t = num(a, 255);
      if (t === undefined) return { error: `bad ICMP type in \`${text}\`` };
      out.icmpType = t;
      if (b !== undefined) {
        const c = num(b, 255);
        if (c === undefined) return { error: `bad ICMP code in \`${text}\`` };
        out.icmpCode = c;
      }
    }
    return out;
  }
  if (a !== undefined) {
    const p = num(a, 65535);
    if (p === undefined || b !== undefined) return { error: `bad port in \`${text}\`; use e.g. tcp/80` };
    out.dstPort = p;
  }
  return out;
}
