/**
 * Emit, iptables: names and comment text. IR names (endpoint ids, policy names, selectors) →
 * chain names, ipset names, `--comment` and `--log-prefix` strings that the kernel and
 * `iptables-restore` accept.
 *
 * Contract:
 * - a name is a function of what it names only (never of the other names in the snapshot), so the
 *   same endpoint or policy gets the same chain name on every run and in every snapshot;
 * - chain names fit iptables' 28 characters, ipset names ipset's 31: a readable slug of the
 *   source name (truncated) plus a 50-bit hash of the full name, so two different names collide
 *   only with negligible probability; `Namer` still checks, and a collision is a thrown bug;
 * - comment and log text is printable ASCII without `"` or `\`, within the kernel's limits
 *   (`xt_comment` 255 bytes, `LOG --log-prefix` 29), so it needs no escaping when quoted.
 */
import { createHash } from 'node:crypto';

/** iptables `XT_EXTENSION_MAXNAMELEN` − 1. */
export const CHAIN_NAME_MAX = 28;
/** ipset `IPSET_MAXNAMELEN` − 1. */
export const IPSET_NAME_MAX = 31;
const COMMENT_MAX = 255;
const LOG_PREFIX_MAX = 29;

/** Chain and set name prefixes: Felix's layout with `npc` for `cali`. */
export const PREFIX = {
  forward: 'npc-FORWARD',
  fromDispatch: 'npc-from-wl-dispatch',
  toDispatch: 'npc-to-wl-dispatch',
  /** Per endpoint: from-endpoint (its egress) and to-endpoint (its ingress). */
  fromEndpoint: 'npc-fw-',
  toEndpoint: 'npc-tw-',
  /** Per policy: its ingress and egress rules. */
  policyIngress: 'npc-pi-',
  policyEgress: 'npc-po-',
} as const;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 10 base-32 characters (50 bits) of SHA-256: stable, and short enough for the name limits. */
export function shortHash(text: string): string {
  const bytes = createHash('sha256').update(text, 'utf8').digest();
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(bytes[i]!);
  let out = '';
  for (let i = 0; i < 10; i++) out += BASE32[Number((bits >> BigInt(5 * i)) & 31n)];
  return out;
}

/** The characters of `text` that are safe and readable in a name, `/` written as `.`. */
function slug(text: string): string {
  return text.replace(/\//g, '.').replace(/[^A-Za-z0-9._-]/g, '');
}

/**
 * `prefix` + readable slug of `readable` + `_` + hash of `source`, within `max` characters. The
 * hash decides uniqueness; the slug is only for people reading `iptables-save`.
 */
export function hashedName(prefix: string, source: string, max: number, readable = source): string {
  const hash = shortHash(source);
  const room = max - prefix.length - hash.length - 1;
  const s = room > 0 ? slug(readable).slice(0, room) : '';
  return s === '' ? `${prefix}${hash}` : `${prefix}${s}_${hash}`;
}

/** Hands out names and refuses to give one name to two sources. */
export class Namer {
  private readonly bySource = new Map<string, string>();
  private readonly byName = new Map<string, string>();
  constructor(private readonly max: number) {}

  name(prefix: string, source: string, readable = source): string {
    const key = `${prefix}\u0000${source}`;
    const known = this.bySource.get(key);
    if (known !== undefined) return known;
    const n = hashedName(prefix, source, this.max, readable);
    const other = this.byName.get(n);
    // INVARIANT: 50-bit hashes of distinct sources do not collide in any realistic snapshot.
    if (other !== undefined && other !== key) throw new Error(`name collision: \`${n}\` for two sources`);
    this.bySource.set(key, n);
    this.byName.set(n, key);
    return n;
  }
}

/** Printable ASCII with no quote or backslash, truncated to `max`. */
function safeText(text: string, max: number): string {
  const clean = text
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .replace(/[\t\n\r]/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?');
  return clean.length <= max ? clean : `${clean.slice(0, max - 3)}...`;
}

/** A `-m comment --comment "…"` match. */
export function comment(text: string): string {
  return `-m comment --comment "${safeText(text, COMMENT_MAX)}"`;
}

/** A `LOG` target whose prefix names the rule (the full text is in the rule's comment). */
export function logTarget(tag: string): string {
  return `-j LOG --log-prefix "${safeText(`npc ${tag}: `, LOG_PREFIX_MAX)}"`;
}
