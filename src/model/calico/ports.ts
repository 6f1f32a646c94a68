/**
 * Calico ports (`numorstring.Port`): positioned YAML → a range or a named port.
 *
 * Rules (projectcalico `api/pkg/lib/numorstring/port.go` `PortFromString`/`UnmarshalJSON`, and
 * libcalico-go `lib/validator/v3/validator.go` `validatePort`):
 * - a number is one port; it must fit 16 bits, and port numbers start at 1;
 * - a string of digits is one port; `"from:to"` is an inclusive range with `from ≤ to`, both 1–65535;
 * - any other string is a named port: `[a-zA-Z0-9_.-]{1,128}` and a valid Kubernetes port name
 *   (IANA_SVC_NAME: at most 15 characters, lowercase alphanumerics and `-`, at least one letter,
 *   no `-` at either end and no `--`; apimachinery `IsValidPortName`).
 *
 * Contract: never throws; reports `invalid-port`, `invalid-port-range` or `wrong-type`.
 */
import type { YNode } from '../../yaml/node.js';
import { describe, type Reader } from '../read.js';
import type { CalicoPort } from './types.js';

const MAX_PORT = 65535;
const CALICO_PORT_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** Why `name` is not a Kubernetes port name (IANA_SVC_NAME), or undefined when it is one. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'a port name must be at most 15 characters';
  if (!/^[a-z0-9-]+$/.test(name)) return 'a port name may only contain lowercase letters, digits and `-`';
  if (!/[a-z]/.test(name)) return 'a port name must contain at least one letter';
  if (name.startsWith('-') || name.endsWith('-')) return 'a port name must not begin or end with `-`';
  if (name.includes('--')) return 'a port name must not contain `--`';
  return undefined;
}

function portNumberProblem(n: number): string | undefined {
  if (!Number.isInteger(n)) return 'a port must be a whole number';
  if (n < 1 || n > MAX_PORT) return `a port number must be between 1 and ${MAX_PORT}`;
  return undefined;
}

/** Reads one entry of `ports`/`notPorts`. */
export function readPort(r: Reader, node: YNode, path: string): CalicoPort | undefined {
  if (node.kind === 'map') {
    // `{port: 53, protocol: UDP}` is the Kubernetes NetworkPolicy shape.
    r.report('wrong-type', node, path, `\`${path}\` must be a port number, a \`"from:to"\` range or a port name, found an object`,
      'Calico ports are plain values such as `53` or `"8000:8080"`; the protocol comes from the rule\'s `protocol`');
    return undefined;
  }
  const s = r.scalar(node, path);
  if (!s || s.value === null) {
    if (s) r.report('wrong-type', s, path, `\`${path}\` must be a port, found null`);
    return undefined;
  }
  if (typeof s.value === 'number') {
    const why = portNumberProblem(s.value);
    if (why) {
      r.report('invalid-port', s, path, `port \`${s.value}\` is out of range: ${why}`);
      return undefined;
    }
    return { kind: 'range', from: s.value, to: s.value };
  }
  if (typeof s.value !== 'string') {
    r.report('wrong-type', s, path, `\`${path}\` must be a port, found ${describe(s)}`);
    return undefined;
  }
  const text = s.value;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    const why = portNumberProblem(n);
    if (why) {
      r.report('invalid-port', s, path, `port \`${text}\` is out of range: ${why}`);
      return undefined;
    }
    return { kind: 'range', from: n, to: n };
  }
  const range = /^(\d+):(\d+)$/.exec(text);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    const why = portNumberProblem(from) ?? portNumberProblem(to);
    if (why) {
      r.report('invalid-port-range', s, path, `port range \`${text}\` is out of range: ${why}`);
      return undefined;
    }
    if (from > to) {
      r.report('invalid-port-range', s, path, `port range \`${text}\` is empty: ${from} is greater than ${to}`,
        `write \`${to}:${from}\``);
      return undefined;
    }
    return { kind: 'range', from, to };
  }
  const dashRange = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  if (dashRange) {
    r.report('invalid-port', s, path, `port \`${text}\` is not a number, a range or a port name`,
      `Calico writes a range with a colon: \`"${dashRange[1]}:${dashRange[2]}"\``);
    return undefined;
  }
  const why = CALICO_PORT_NAME.test(text) ? portNameProblem(text) : 'a port name may only contain letters, digits, `_`, `.` and `-`';
  if (why) {
    r.report('invalid-port', s, path, `port name \`${text}\` is not valid: ${why}`);
    return undefined;
  }
  return { kind: 'named', name: text };
}

/** Reads a `ports`/`notPorts` list. */
export function readPorts(r: Reader, node: YNode | undefined, path: string): CalicoPort[] {
  return r.list(node, path, (item, p) => readPort(r, item, p));
}

/** Calico's text for a port, as a user would write it in `ports`. */
export function formatPort(p: CalicoPort): string {
  if (p.kind === 'named') return p.name;
  return p.from === p.to ? String(p.from) : `${p.from}:${p.to}`;
}
