/**
 * Scalar typing: the YAML 1.2 core schema for plain scalars, and the explicit standard tags.
 *
 * Input: a scalar's decoded text, whether it was plain, and its expanded tag (if any).
 * Output: its value, plus a problem when a tag does not fit the text or is unknown.
 *
 * Contract (YAML 1.2.2 §10.3, core schema): a plain scalar is null (`~`, `null`, empty), a bool
 * (`true`/`false` in three casings), an int (decimal, `0o` octal, `0x` hex) or a float (decimal,
 * exponent, `.inf`, `.nan`), else a string. Quoted and block scalars are strings unless tagged.
 * YAML 1.1 forms (`yes`, `on`, `0777` as octal) are plain strings or decimals here, as in 1.2.
 * Ints and floats both become JavaScript numbers; ints past 2^53 lose precision.
 */
import type { ScalarValue } from './node.js';

export const CORE_TAG = 'tag:yaml.org,2002:';

const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const TRUE_RE = /^(?:true|True|TRUE)$/;
const FALSE_RE = /^(?:false|False|FALSE)$/;
const DEC_RE = /^[-+]?[0-9]+$/;
const OCT_RE = /^0o[0-7]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF_RE = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN_RE = /^\.(?:nan|NaN|NAN)$/;

function asInt(s: string): number | undefined {
  if (DEC_RE.test(s)) return Number(s);
  if (OCT_RE.test(s)) return parseInt(s.slice(2), 8);
  if (HEX_RE.test(s)) return parseInt(s.slice(2), 16);
  return undefined;
}

function asFloat(s: string): number | undefined {
  if (FLOAT_RE.test(s)) return Number(s);
  if (INF_RE.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (NAN_RE.test(s)) return NaN;
  return undefined;
}

function asBool(s: string): boolean | undefined {
  return TRUE_RE.test(s) ? true : FALSE_RE.test(s) ? false : undefined;
}

/** A plain, untagged scalar under the core schema. */
export function resolvePlain(s: string): ScalarValue {
  if (NULL_RE.test(s)) return null;
  const b = asBool(s);
  if (b !== undefined) return b;
  const n = asInt(s) ?? asFloat(s);
  return n !== undefined ? n : s;
}

export interface Resolved {
  value: ScalarValue;
  /** `invalid`: a standard tag the text does not fit; `unknown`: a tag netpolc does not know. */
  problem?: 'invalid' | 'unknown';
}

/**
 * A scalar with an explicit tag, already expanded (`!!int` → `tag:yaml.org,2002:int`), or `!`
 * (the non-specific tag, which makes even a plain scalar a string).
 */
export function resolveTagged(s: string, tag: string): Resolved {
  if (tag === '!') return { value: s };
  if (!tag.startsWith(CORE_TAG)) return { value: s, problem: 'unknown' };
  const fit = (v: ScalarValue | undefined): Resolved =>
    v === undefined ? { value: s, problem: 'invalid' } : { value: v };
  switch (tag.slice(CORE_TAG.length)) {
    case 'str':
    // Binary and timestamps are read as their text, as Kubernetes' JSON conversion does.
    case 'binary':
    case 'timestamp':
      return { value: s };
    case 'null':
      return fit(NULL_RE.test(s) ? null : undefined);
    case 'bool':
      return fit(asBool(s));
    case 'int':
      return fit(asInt(s));
    case 'float':
      return fit(asFloat(s) ?? asInt(s));
    default:
      // `!!map`, `!!seq`, `!!merge` (handled by the builder for keys) and 1.1 extras on a scalar.
      return { value: s, problem: 'invalid' };
  }
}

/**
 * Expands a tag as written (`!!int`, `!<tag:…>`, `!e!x` with a `%TAG !e! …` directive) to its
 * full name. Undeclared named handles stay as written, which makes them unknown tags.
 */
export function expandTag(written: string, handles: ReadonlyMap<string, string>): string {
  if (written === '!') return '!';
  if (written.startsWith('!<') && written.endsWith('>')) return written.slice(2, -1);
  const m = /^(!(?:[0-9A-Za-z-]*!)?)(.*)$/s.exec(written);
  if (!m) return written;
  const handle = m[1]!;
  const prefix = handles.get(handle) ?? (handle === '!!' ? CORE_TAG : handle === '!' ? '!' : undefined);
  return prefix === undefined ? written : prefix + m[2]!;
}
