/**
 * Flows as one line of text, for tests, construct catalogues and `netpolc explain`:
 *
 *   prod/web -> prod/db tcp 5432
 *   prod/web -> 8.8.8.8 udp 53 from 40000
 *   203.0.113.9 -> prod/db icmp 8/0
 *   prod/web -> fd00::10 tcp 443
 *
 * An end with a `/` is a snapshot endpoint id, anything else an external address. The IP version
 * is the external address's, else `v6` at the end of the line asks for IPv6, else IPv4. After the
 * protocol: the destination port (port protocols) or `type[/code]` (ICMP), then `from <port>` for
 * the source port. Contract: `parseFlowText(printFlowText(f))` equals `f` for flows whose ends are
 * endpoints or addresses; text that does not fit the form is an error value, never a throw.
 */
import type { Flow, FlowParty } from './flow.js';
import { formatIp, isParseError, parseIp } from '../util/cidr.js';
import { isIcmp, protocolNumber, protocolText } from './protocol.js';

function party(text: string): FlowParty | { error: string } {
  if (text.includes('/')) return { kind: 'endpoint', id: text };
  const a = parseIp(text, { strict: false });
  return isParseError(a) ? { error: a.error } : { kind: 'external', ip: formatIp(a) };
}

export function parseFlowText(text: string): Flow | { error: string } {
  const m = /^\s*(\S+)\s*->\s*(\S+)\s+(\S+)(?:\s+(\d+)(?:\/(\d+))?)?(?:\s+from\s+(\d+))?(\s+v6)?\s*$/.exec(text);
  if (!m) return { error: `\`${text}\` is not a flow: write \`src -> dst proto [port | type/code] [from port] [v6]\`` };
  const [, a, b, protoText, first, second, srcPort, v6] = m;
  const src = party(a!);
  const dst = party(b!);
  if ('error' in src) return src;
  if ('error' in dst) return dst;
  const protocol = /^\d+$/.test(protoText!) ? Number(protoText) : protocolNumber(protoText!);
  if (protocol === undefined || protocol > 255) return { error: `\`${protoText}\` is not a protocol` };
  const external = [src, dst].find((p): p is Extract<FlowParty, { kind: 'external' }> => p.kind === 'external');
  const ipVersion: 4 | 6 = external ? (external.ip.includes(':') ? 6 : 4) : v6 ? 6 : 4;
  const flow: Flow = { src, dst, ipVersion, protocol };
  if (first !== undefined) {
    if (isIcmp(protocol)) {
      flow.icmpType = Number(first);
      if (second !== undefined) flow.icmpCode = Number(second);
    } else if (second !== undefined) return { error: `\`${first}/${second}\`: only ICMP has a type/code` };
    else flow.dstPort = Number(first);
  }
  if (srcPort !== undefined) flow.srcPort = Number(srcPort);
  return flow;
}

/** Like `parseFlowText` but throws: for literals in tests and catalogues. */
export function flowOf(text: string): Flow {
  const f = parseFlowText(text);
  if ('error' in f) throw new Error(f.error);
  return f;
}

function partyText(p: FlowParty): string {
  if (p.kind === 'endpoint') return p.id;
  if (p.kind === 'external') return p.ip;
  return `${p.pod.namespace}/${p.pod.name}`;
}

export function printFlowText(f: Flow): string {
  const parts = [`${partyText(f.src)} -> ${partyText(f.dst)} ${protocolText(f.protocol)}`];
  if (isIcmp(f.protocol) && f.icmpType !== undefined)
    parts.push(f.icmpCode === undefined ? String(f.icmpType) : `${f.icmpType}/${f.icmpCode}`);
  else if (!isIcmp(f.protocol) && f.dstPort !== undefined) parts.push(String(f.dstPort));
  if (f.srcPort !== undefined) parts.push(`from ${f.srcPort}`);
  const external = f.src.kind === 'external' || f.dst.kind === 'external';
  if (!external && f.ipVersion === 6) parts.push('v6');
  return parts.join(' ');
}
