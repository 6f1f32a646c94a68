/**
 * Property stage, values: the text of one CIDR or one port item, as the grammar lexed it, → its
 * AST value, or the problem with it. The grammar lexes these wider than they may be (any run of
 * address or port characters) so that this module can say precisely what is wrong.
 *
 * Contract: pure, never throws. A CIDR is parsed strictly (no host bits, no leading zeros: a
 * property should say exactly which addresses it means) and returned as canonical text; an address
 * without a prefix length is one host. A port item is `proto`, `proto/port` or `proto/lo-hi`,
 * proto a name (`protocolNumber`, any case) or a number 0–255; ports 0–65535; only protocols
 * that carry ports may have them. A problem carries its offset inside the item's text, so the
 * caret points at the protocol or at the port, whichever is wrong.
 */
import type { Code } from '../diagnostics/codes.js';
import { carriesPorts, PROTOCOL_NUMBERS, protocolNumber } from '../ir/protocol.js';
import { didYouMean } from '../util/didYouMean.js';
import { cidrContains, familyBits, isParseError, parseCidr, parseIp, type Cidr } from '../util/cidr.js';
import type { PortMatch } from './ast.js';

export interface ValueProblem {
  code: Code;
  message: string;
  hint?: string;
  /** 0-based, inside the item's text. */
  offset: number;
}

function problem(code: Code, message: string, offset = 0, hint?: string): ValueProblem {
  return hint === undefined ? { code, message, offset } : { code, message, offset, hint };
}

export function isProblem(x: unknown): x is ValueProblem {
  return typeof x === 'object' && x !== null && 'code' in x && 'message' in x;
}

/** The CIDR `text` names: a CIDR, or a single address as a full-length prefix. */
export function readCidr(text: string): Cidr | ValueProblem {
  if (!text.includes('/')) {
    const ip = parseIp(text);
    if (isParseError(ip)) return problem('invalid-cidr', ip.error, 0, ip.hint ?? 'write a CIDR such as `10.0.0.0/8`, or one address');
    return { family: ip.family, addr: ip.addr, prefix: familyBits(ip.family) };
  }
  const c = parseCidr(text);
  return isParseError(c) ? problem('invalid-cidr', c.error, 0, c.hint) : c;
}

/** True when some CIDR of `cidrs` contains all of `inner`: an `except` outside them excludes nothing. */
export function insideSome(cidrs: readonly Cidr[], inner: Cidr): boolean {
  return cidrs.some((c) => cidrContains(c, inner));
}

const PORT_ITEM = /^([A-Za-z0-9]+)(?:\/([0-9]+)(?:-([0-9]+))?)?$/;
const PROTOCOL_NAMES = Object.keys(PROTOCOL_NUMBERS);

function readProtocol(text: string): number | ValueProblem {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    return n <= 255 ? n : problem('invalid-protocol', `protocol \`${text}\` is out of range`, 0, 'protocol numbers are 0–255');
  }
  const n = protocolNumber(text);
  if (n !== undefined) return n;
  const guess = didYouMean(text.toLowerCase(), PROTOCOL_NAMES);
  return problem(
    'invalid-protocol',
    `\`${text}\` is not a protocol name`,
    0,
    guess ? `did you mean \`${guess}\`?` : `use ${PROTOCOL_NAMES.join(', ')} or a number 0–255`,
  );
}

function readPort(text: string, offset: number): number | ValueProblem {
  const n = Number(text);
  return n <= 65535 ? n : problem('invalid-port', `port \`${text}\` is out of range`, offset, 'ports are 0–65535');
}

/** One item of an `on` list. */
export function readPortItem(text: string): PortMatch | ValueProblem {
  const m = PORT_ITEM.exec(text);
  if (!m) {
    return problem('property-syntax', `\`${text}\` is not a port`, 0, 'write `tcp`, `tcp/80`, `tcp/8000-8080` or a protocol number such as `47`');
  }
  const [, protoText, loText, hiText] = m;
  const protocol = readProtocol(protoText!);
  if (isProblem(protocol)) return protocol;
  if (loText === undefined) return { protocol, ports: null };
  const portAt = protoText!.length + 1;
  if (!carriesPorts(protocol)) {
    return problem('invalid-port', `\`${protoText}\` has no ports`, portAt, `write \`${protoText}\` alone; only tcp, udp, sctp and udplite have ports`);
  }
  const from = readPort(loText, portAt);
  if (isProblem(from)) return from;
  if (hiText === undefined) return { protocol, ports: { from, to: from } };
  const hiAt = portAt + loText.length + 1;
  const to = readPort(hiText, hiAt);
  if (isProblem(to)) return to;
  if (to < from) return problem('invalid-port-range', `port range \`${loText}-${hiText}\` is empty`, portAt, `write \`${hiText}-${loText}\``);
  return { protocol, ports: { from, to } };
}
