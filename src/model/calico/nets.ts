/**
 * Addresses in Calico resources: positioned YAML → `CalicoCidr`.
 *
 * Calico's validator (libcalico-go `lib/validator/v3/validator.go`) has three flavours, chosen per
 * field by its `validate` tag:
 * - `net` (rule `nets`/`notNets`, workload `ipNetworks`): a CIDR whose host bits are zero, or a bare
 *   IP read as a full-length prefix (`validateIPNetwork`);
 * - `cidr` (network set `nets`): any CIDR, host bits allowed and cleared, or a bare IP
 *   (`validateCIDR`, via `ParseCIDROrIP`);
 * - `ip` (host endpoint `expectedIPs`): a bare address only.
 * Go's parser rejects leading zeros in IPv4 octets, so every flavour does.
 *
 * Contract: never throws; reports `invalid-cidr` (with `util/cidr`'s reason and hint).
 */
import type { YNode } from '../../yaml/node.js';
import { familyBits, isParseError, parseCidr, parseIp } from '../../util/cidr.js';
import type { Reader } from '../read.js';
import type { CalicoCidr } from './types.js';

export type NetFlavour = 'net' | 'cidr' | 'ip';

/** Parses `text` per `flavour`: the CIDR, or why not (with a hint). */
export function parseCalicoNet(text: string, flavour: NetFlavour): CalicoCidr | { error: string; hint?: string } {
  if (!text.includes('/')) {
    const ip = parseIp(text, { strict: true });
    if (isParseError(ip)) return ip;
    return { text, family: ip.family, addr: ip.addr, prefix: familyBits(ip.family) };
  }
  if (flavour === 'ip') return { error: `\`${text}\` is a CIDR, but this field takes a single IP address`, hint: `write \`${text.slice(0, text.indexOf('/'))}\`` };
  const strict = parseCidr(text, { strict: true });
  if (!isParseError(strict)) return { text, ...strict };
  if (flavour === 'cidr') {
    // Host bits are fine here; anything else the strict parser rejects is a real error.
    const slash = text.indexOf('/');
    const ip = parseIp(text.slice(0, slash), { strict: true });
    const lenText = text.slice(slash + 1);
    const lenOk = /^(0|[1-9]\d*)$/.test(lenText);
    const lenient = parseCidr(text, { strict: false });
    if (!isParseError(ip) && lenOk && !isParseError(lenient)) return { text, ...lenient };
  }
  return strict;
}

export function readNet(r: Reader, node: YNode | undefined, path: string, flavour: NetFlavour): CalicoCidr | undefined {
  const text = r.string(node, path);
  if (text === undefined || !node) return undefined;
  const c = parseCalicoNet(text, flavour);
  if ('error' in c) {
    r.report('invalid-cidr', node, path, c.error, c.hint);
    return undefined;
  }
  return c;
}

export function readNets(r: Reader, node: YNode | undefined, path: string, flavour: NetFlavour): CalicoCidr[] {
  return r.list(node, path, (item, p) => readNet(r, item, p, flavour));
}
