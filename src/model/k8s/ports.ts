/**
 * Model stage helpers: protocols, port numbers and port names as the Kubernetes core API
 * validates them (apimachinery `pkg/util/validation`: `IsValidPortNum`, `IsValidPortName`;
 * core `Protocol`). Shared by NetworkPolicy, Pod/workload container ports and Service ports.
 *
 * Contract: readers report at the offending node and return `undefined` for a value that cannot
 * be used; an absent protocol is `TCP` (the API server's default for every port field here).
 */
import type { YNode } from '../../yaml/node.js';
import type { Reader } from '../read.js';

/** The protocols of core `Protocol`. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Why `n` is not a port number (1–65535), or undefined. */
export function portNumberProblem(n: number): string | undefined {
  return n >= 1 && n <= 65535 ? undefined : 'must be between 1 and 65535';
}

const IANA_CHARS = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;

/**
 * Why `name` is not an IANA_SVC_NAME (RFC 6335 §5.1, as `IsValidPortName` checks it): at most
 * 15 characters of lowercase letters, digits and `-`, at least one letter, no `-` at either
 * end and no `--`. Undefined when it is one.
 */
export function portNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a port name cannot be empty';
  if (name.length > 15) return 'a port name must be at most 15 characters';
  if (!IANA_CHARS.test(name)) return 'a port name may only have lowercase letters, digits and `-`';
  if (!HAS_LETTER.test(name)) return 'a port name must have at least one letter';
  if (name.includes('--')) return 'a port name cannot have `--`';
  if (name.startsWith('-') || name.endsWith('-')) return 'a port name cannot begin or end with `-`';
  return undefined;
}

/** `protocol`: TCP when absent; an unknown protocol is reported and gives undefined. */
export function readProtocol(r: Reader, node: YNode | undefined, path: string): Protocol | undefined {
  const s = r.string(node, path);
  if (s === undefined) return node === undefined || (node.kind === 'scalar' && node.value === null) ? 'TCP' : undefined;
  const p = PROTOCOLS.find((x) => x === s);
  if (p) return p;
  const ci = PROTOCOLS.find((x) => x === s.toUpperCase());
  r.report('invalid-protocol', node!, path, `protocol \`${s}\` is not supported`,
    ci ? `protocols are upper case: did you mean \`${ci}\`?` : `use one of ${PROTOCOLS.join(', ')}`);
  return undefined;
}

/** A port number field (containerPort, port, endPort, nodePort, …). */
export function readPortNumber(r: Reader, node: YNode | undefined, path: string): number | undefined {
  const n = r.integer(node, path);
  if (n === undefined) return undefined;
  const problem = portNumberProblem(n);
  if (problem) {
    r.report('invalid-port', node!, path, `port \`${n}\` is out of range: it ${problem}`);
    return undefined;
  }
  return n;
}

/** A port name field (IANA_SVC_NAME). */
export function readPortName(r: Reader, node: YNode | undefined, path: string): string | undefined {
  const s = r.string(node, path);
  if (s === undefined) return undefined;
  const problem = portNameProblem(s);
  if (problem) {
    r.report('invalid-port', node!, path, `port name \`${s}\` is not valid: ${problem}`);
    return undefined;
  }
  return s;
}

/**
 * An IntOrString port: a number (1–65535) or a port name. A quoted number (`"80"`) is a string
 * to the API server, hence an invalid name; the hint says so.
 */
export function readNumberOrNamedPort(r: Reader, node: YNode | undefined, path: string): number | string | undefined {
  const v = r.intOrString(node, path);
  if (v === undefined) return undefined;
  if (typeof v === 'number') return readPortNumber(r, node, path);
  const problem = portNameProblem(v);
  if (!problem) return v;
  const hint = /^[0-9]+$/.test(v) ? `a quoted number is a port name to Kubernetes: write \`${v}\` without quotes` : undefined;
  r.report('invalid-port', node!, path, `port \`${v}\` is neither a number nor a valid port name: ${problem}`, hint);
  return undefined;
}
