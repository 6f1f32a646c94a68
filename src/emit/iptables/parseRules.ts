/**
 * Emit, iptables, simulation: `iptables-restore` and `ipset restore` text → parsed tables and
 * sets, for the simulator. It reads the text as the tools do and knows nothing of the emitter, so
 * the simulation checks what is really written.
 *
 * Contract: the subset of iptables it accepts is the one the simulator can give a meaning to
 * (the matches and targets listed in `Match` and `Target`); anything else — an unknown option,
 * module or target, a chain used before it is declared, a `multiport`/`icmp` match without the
 * `-p` the kernel demands, a set match whose flags do not fit the set — is a `RulesError` naming
 * the line, never silently skipped. Quoting follows `iptables-restore`: double quotes, with `\"`
 * and `\\` escapes inside them.
 */
import { isParseError, parseCidr, parseIp, type Cidr, type IpFamily } from '../../util/cidr.js';
import { parseU32, type U32Test } from './u32.js';

export class RulesError extends Error {
  override name = 'RulesError';
}

export type Dir = 'src' | 'dst';

export type Match =
  | { kind: 'addr'; dir: Dir; negate: boolean; cidr: Cidr }
  /** `-p 0` (or `all`) matches every protocol: the kernel's reading, kept here. */
  | { kind: 'proto'; negate: boolean; protocol: number }
  | { kind: 'conntrack'; negate: boolean; states: string[] }
  | { kind: 'mark'; negate: boolean; value: number; mask: number }
  | { kind: 'multiport'; negate: boolean; dir: Dir; ranges: [number, number][] }
  | { kind: 'set'; negate: boolean; name: string; dirs: Dir[] }
  | { kind: 'icmp'; family: IpFamily; negate: boolean; type: number; codeMin: number; codeMax: number }
  | { kind: 'u32'; negate: boolean; tests: U32Test[] }
  | { kind: 'comment'; text: string };

export type Target =
  | { kind: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { kind: 'jump' | 'goto'; chain: string }
  | { kind: 'MARK'; value: number; mask: number }
  | { kind: 'LOG'; prefix: string }
  | { kind: 'none' };

export interface ParsedRule {
  /** 1-based line in the text. */
  line: number;
  chain: string;
  matches: Match[];
  target: Target;
}

export interface ParsedChain {
  name: string;
  /** Built-in chains have a policy; user chains `null`. */
  policy: 'ACCEPT' | 'DROP' | null;
  rules: ParsedRule[];
}

export interface ParsedTable {
  family: IpFamily;
  chains: Map<string, ParsedChain>;
}

const PROTOCOLS: Record<string, number> = { all: 0, icmp: 1, tcp: 6, udp: 17, 'ipv6-icmp': 58, icmpv6: 58, sctp: 132, udplite: 136 };
const BUILTIN = new Set(['INPUT', 'FORWARD', 'OUTPUT']);
const PORT_PROTOCOLS = new Set([6, 17, 132, 136, 33]);

/** Splits a line into words as `iptables-restore` does (double quotes, backslash escapes). */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i];
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') {
      quoted = inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quoted) throw new RulesError('unterminated quote');
  if (inWord) out.push(cur);
  return out;
}

function protocolOf(text: string): number {
  const n = /^[0-9]+$/.test(text) ? Number(text) : PROTOCOLS[text.toLowerCase()];
  if (n === undefined || n > 255) throw new RulesError(`unknown protocol \`${text}\``);
  return n;
}

function cidrOf(text: string, family: IpFamily): Cidr {
  const c = text.includes('/') ? parseCidr(text, { strict: false }) : parseIp(text, { strict: false });
  if (isParseError(c)) throw new RulesError(c.error);
  if (c.family !== family) throw new RulesError(`\`${text}\` is not an IPv${family} address`);
  return 'prefix' in c ? (c as Cidr) : { family, addr: c.addr, prefix: family === 4 ? 32 : 128 };
}

function numberOf(text: string, max: number): number {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(text)) throw new RulesError(`\`${text}\` is not a number`);
  const n = Number(text);
  if (n > max) throw new RulesError(`\`${text}\` is out of range`);
  return n;
}

function valueMask(text: string): { value: number; mask: number } {
  const [v, m] = text.split('/');
  return { value: numberOf(v!, 0xffffffff), mask: m === undefined ? 0xffffffff : numberOf(m, 0xffffffff) };
}

function portRanges(text: string): [number, number][] {
  const ranges = text.split(',').map((p): [number, number] => {
    const [lo, hi] = p.split(':');
    return [numberOf(lo!, 65535), hi === undefined ? numberOf(lo!, 65535) : numberOf(hi, 65535)];
  });
  const slots = ranges.reduce((n, [lo, hi]) => n + (lo === hi ? 1 : 2), 0);
  if (slots > 15) throw new RulesError(`multiport takes at most 15 ports, \`${text}\` has ${slots}`);
  return ranges;
}

function icmpOf(text: string, family: IpFamily, negate: boolean): Match {
  if (text === 'any') return { kind: 'icmp', family, negate, type: 255, codeMin: 0, codeMax: 255 };
  const [t, c] = text.split('/');
  const type = numberOf(t!, 255);
  const code = c === undefined ? null : numberOf(c, 255);
  return { kind: 'icmp', family, negate, type, codeMin: code ?? 0, codeMax: code ?? 255 };
}

/** One `-A` line's words after the chain name → matches and target. */
function parseRule(words: string[], family: IpFamily): { matches: Match[]; target: Target } {
  const matches: Match[] = [];
  let target: Target = { kind: 'none' };
  let module = '';
  let negate = false;
  const next = (i: number): string => {
    const w = words[i];
    if (w === undefined) throw new RulesError(`\`${words[i - 1]}\` needs a value`);
    return w;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '!') {
      negate = true;
      continue;
    }
    const neg = negate;
    negate = false;
    if (w === '-s' || w === '-d') matches.push({ kind: 'addr', dir: w === '-s' ? 'src' : 'dst', negate: neg, cidr: cidrOf(next(++i), family) });
    else if (w === '-p') matches.push({ kind: 'proto', negate: neg, protocol: protocolOf(next(++i)) });
    else if (w === '-m') module = next(++i);
    else if (w === '-j' || w === '-g') {
      const t = next(++i);
      if (w === '-g') target = { kind: 'goto', chain: t };
      else if (t === 'ACCEPT' || t === 'DROP' || t === 'RETURN') target = { kind: t };
      else if (t === 'MARK') {
        if (words[i + 1] !== '--set-xmark') throw new RulesError('MARK needs --set-xmark');
        target = { kind: 'MARK', ...valueMask(next(i + 2)) };
        i += 2;
      } else if (t === 'LOG') {
        if (words[i + 1] !== '--log-prefix') throw new RulesError('LOG needs --log-prefix');
        target = { kind: 'LOG', prefix: next(i + 2) };
        i += 2;
      } else target = { kind: 'jump', chain: t };
      if (i !== words.length - 1) throw new RulesError(`words after the target: \`${words.slice(i + 1).join(' ')}\``);
    } else if (module === 'conntrack' && w === '--ctstate') matches.push({ kind: 'conntrack', negate: neg, states: next(++i).split(',') });
    else if (module === 'mark' && w === '--mark') matches.push({ kind: 'mark', negate: neg, ...valueMask(next(++i)) });
    else if (module === 'multiport' && (w === '--dports' || w === '--sports'))
      matches.push({ kind: 'multiport', negate: neg, dir: w === '--sports' ? 'src' : 'dst', ranges: portRanges(next(++i)) });
    else if (module === 'set' && w === '--match-set') {
      const name = next(++i);
      const dirs = next(++i).split(',');
      if (dirs.some((d) => d !== 'src' && d !== 'dst')) throw new RulesError(`set flags \`${dirs.join(',')}\` are not src/dst`);
      matches.push({ kind: 'set', negate: neg, name, dirs: dirs as Dir[] });
    } else if (module === 'icmp' && w === '--icmp-type' && family === 4) matches.push(icmpOf(next(++i), 4, neg));
    else if (module === 'icmp6' && w === '--icmpv6-type' && family === 6) matches.push(icmpOf(next(++i), 6, neg));
    else if (module === 'u32' && w === '--u32') matches.push({ kind: 'u32', negate: neg, tests: parseU32(next(++i)) });
    else if (module === 'comment' && w === '--comment') matches.push({ kind: 'comment', text: next(++i) });
    else throw new RulesError(`\`${w}\`${module ? ` (module ${module})` : ''} is not something the simulator knows`);
    if (neg && (w === '-m' || w === '-j' || w === '-g' || w === '--comment')) throw new RulesError(`\`!\` cannot negate \`${w}\``);
  }
  // The kernel refuses these at load time (xt_multiport, ipt_icmp, ip6t_icmp6 checkentry).
  const proto = matches.find((m): m is Extract<Match, { kind: 'proto' }> => m.kind === 'proto');
  const positive = proto && !proto.negate ? proto.protocol : undefined;
  if (matches.some((m) => m.kind === 'multiport') && (positive === undefined || !PORT_PROTOCOLS.has(positive)))
    throw new RulesError('multiport needs `-p tcp|udp|sctp|udplite|dccp`');
  if (matches.some((m) => m.kind === 'icmp') && positive !== (family === 4 ? 1 : 58))
    throw new RulesError(`the icmp${family === 6 ? '6' : ''} match needs \`-p ${family === 4 ? 'icmp' : 'ipv6-icmp'}\``);
  return { matches, target };
}

/** `iptables-restore` text → its filter table (the only table the emitter writes). */
export function parseRestore(text: string, family: IpFamily): ParsedTable {
  const chains = new Map<string, ParsedChain>();
  let table: string | null = null;
  let committed = false;
  const lines = text.split('\n');
  lines.forEach((raw, idx) => {
    const line = raw.trim();
    const at = (e: unknown) => new RulesError(`line ${idx + 1}: ${(e as Error).message}`);
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      table = line.slice(1);
      if (table !== 'filter') throw at(new Error(`table \`${table}\` is not simulated`));
      return;
    }
    if (table === null || committed) throw at(new Error('a line outside a table'));
    if (line === 'COMMIT') {
      committed = true;
      return;
    }
    if (line.startsWith(':')) {
      const [name, policy] = line.slice(1).split(/\s+/);
      if (!name || name.length > 28) throw at(new Error(`bad chain name \`${name}\``));
      const builtin = BUILTIN.has(name);
      if (builtin !== (policy === 'ACCEPT' || policy === 'DROP')) throw at(new Error(`chain \`${name}\` has policy \`${policy}\``));
      chains.set(name, { name, policy: builtin ? (policy as 'ACCEPT' | 'DROP') : null, rules: [] });
      return;
    }
    try {
      const words = tokenize(line);
      if (words[0] !== '-A' || words[1] === undefined) throw new Error(`\`${words[0]}\` is not -A`);
      const chain = chains.get(words[1]);
      if (!chain) throw new Error(`chain \`${words[1]}\` is not declared`);
      chain.rules.push({ line: idx + 1, chain: chain.name, ...parseRule(words.slice(2), family) });
    } catch (e) {
      throw at(e);
    }
  });
  if (!committed) throw new RulesError('no COMMIT');
  for (const c of chains.values())
    for (const r of c.rules)
      if ((r.target.kind === 'jump' || r.target.kind === 'goto') && (!chains.has(r.target.chain) || BUILTIN.has(r.target.chain)))
        throw new RulesError(`line ${r.line}: target chain \`${r.target.chain}\` is not a declared user chain`);
  return { family, chains };
}
