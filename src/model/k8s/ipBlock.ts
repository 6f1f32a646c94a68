/**
 * Model stage: a NetworkPolicy peer's `ipBlock` → typed `IpBlock`, validated as the API server's
 * `ValidateIPBlock` (kubernetes `pkg/apis/networking/validation`) does it:
 * - `cidr` is required and must be a CIDR; `except` entries must be CIDRs too;
 * - with `strictCidr` (the StrictIPCIDRValidation feature gate, on by default in current
 *   Kubernetes) leading zeros, host bits beyond the prefix and IPv4-mapped IPv6 are errors;
 *   without it they are accepted as the legacy parser reads them (`IsValidCIDRForLegacyField`);
 * - each `except` must be a strict subset of `cidr`: same family, inside it and with a longer
 *   prefix (an `except` equal to `cidr` is rejected).
 *
 * Contract: containment is checked on the leniently parsed values even when the strict check
 * failed, so one bad entry reports every problem it has, as upstream does.
 */
import type { YNode } from '../../yaml/node.js';
import type { Reader } from '../read.js';
import { cidrContains, formatCidr, isParseError, parseCidr, type Cidr } from '../../util/cidr.js';

export interface IpBlock {
  /** As written. */
  cidr: string;
  except: string[];
  /** Parsed, host bits cleared (only differs from the text under `strictCidr: false`). */
  net: Cidr;
  exceptNets: Cidr[];
}

const IP_BLOCK_FIELDS = ['cidr', 'except'] as const;
const EXAMPLE = 'write a CIDR such as `10.9.8.0/24` or `2001:db8::/64`';

/** Reads one CIDR field: lenient parse for the value, then the strict rules when asked. */
function readCidrText(r: Reader, node: YNode, path: string, strict: boolean): Cidr | undefined {
  const text = r.string(node, path);
  if (text === undefined) return undefined;
  const loose = parseCidr(text, { strict: false });
  if (isParseError(loose)) {
    r.report('invalid-cidr', node, path, loose.error, loose.hint ?? EXAMPLE);
    return undefined;
  }
  if (strict) {
    const exact = parseCidr(text, { strict: true });
    if (isParseError(exact)) r.report('invalid-cidr', node, path, exact.error, exact.hint);
  }
  return loose;
}

export function readIpBlock(r: Reader, node: YNode | undefined, path: string, strictCidr: boolean): IpBlock | undefined {
  const f = r.object(node, path, IP_BLOCK_FIELDS);
  if (!f) return undefined;
  const cidrNode = f.get('cidr');
  const cidrText = r.string(cidrNode, f.at('cidr'));
  const absent = cidrNode === undefined || (cidrNode.kind === 'scalar' && cidrNode.value === null);
  // An empty string is how Go sees a missing `cidr` (the field is not a pointer).
  if (absent || cidrText === '') {
    r.report('missing-field', cidrNode ?? f.node, f.at('cidr'), 'field `cidr` of an `ipBlock` is required', EXAMPLE);
    return undefined;
  }
  if (cidrText === undefined) return undefined;
  const net = readCidrText(r, cidrNode, f.at('cidr'), strictCidr);
  const exceptNode = f.get('except');
  const except: string[] = [];
  const exceptNets: Cidr[] = [];
  r.list(exceptNode, f.at('except'), (item, p) => {
    const e = readCidrText(r, item, p, strictCidr);
    const text = item.kind === 'scalar' && typeof item.value === 'string' ? item.value : undefined;
    if (text !== undefined) except.push(text);
    if (!e || !net) return undefined;
    exceptNets.push(e);
    if (e.family !== net.family) {
      r.report('except-outside-cidr', item, p,
        `except \`${text}\` is IPv${e.family} but cidr \`${cidrText}\` is IPv${net.family}`);
    } else if (!cidrContains(net, e)) {
      r.report('except-outside-cidr', item, p, `except \`${text}\` is not inside cidr \`${cidrText}\``,
        `an \`except\` entry must be a part of \`${formatCidr(net)}\``);
    } else if (e.prefix <= net.prefix) {
      r.report('except-outside-cidr', item, p,
        `except \`${text}\` covers all of cidr \`${cidrText}\`; it must be strictly inside it`,
        'a peer that excepts its whole block matches nothing; remove the peer instead');
    }
    return e;
  });
  if (!net) return undefined;
  return { cidr: cidrText, except, net, exceptNets };
}

