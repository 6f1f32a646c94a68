/**
 * Emit, iptables: what the emitter reports about a snapshot it translates. Stable kebab-case
 * codes, one line each (DIAGNOSTICS style: lowercase, no final period, user input in backticks).
 *
 * Contract: an `error` finding means nothing was emitted (the emitter never writes a guess);
 * warnings say where the emitted rules cover less than the snapshot (endpoints without
 * addresses); infos explain choices that change nothing the oracle can observe.
 */
import type { Origin } from '../../ir/ast.js';

export const EMIT_CODES = {
  /** A policy or rule with an `unknown` marker: its meaning is not modelled, so it is not emitted. */
  'unmodelled-construct': 'error',
  /** Two endpoints share an address. */
  'duplicate-address': 'error',
  /** The program has no snapshot: there is nothing to attach chains to. */
  'no-snapshot': 'error',
  /** An endpoint without an address gets no chains. */
  'endpoint-left-out': 'warning',
  /** A selector or named port matches endpoints whose addresses are unknown: its ipset lacks them. */
  'ipset-incomplete': 'warning',
  /** An endpoint's second address of a family is not used. */
  'extra-address-ignored': 'info',
} as const;

export type EmitCode = keyof typeof EMIT_CODES;

export interface EmitFinding {
  code: EmitCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The policy or rule it is about, when there is one. */
  origin?: Origin;
}

export function formatFinding(f: EmitFinding): string {
  const at = f.origin ? `${f.origin.file}:${f.origin.line}:${f.origin.column}: ` : '';
  return `${at}${f.severity} ${f.code}: ${f.message}`;
}
