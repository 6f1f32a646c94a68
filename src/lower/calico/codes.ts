/**
 * Diagnostics of the Calico lowering whose codes are pending in the catalogue
 * (`diagnostics/codes.ts` belongs to another module). Until they are added there, each is built
 * here with its severity written out, as `lower/k8s/codes.ts` does for the Kubernetes lowering.
 *
 * Contract: once a code below is in `CODES` with the same severity, `calicoDiagnostic` can be
 * replaced by `diagnostic` with no change in output.
 */
import type { Code } from '../../diagnostics/codes.js';
import type { Diagnostic, Location, Severity } from '../../diagnostics/diagnostic.js';

export const CALICO_PENDING_CODES = {
  /**
   * A HostEndpoint: netpolc evaluates policy at pods only, so what Calico enforces at a host
   * interface is not modelled. Info: the model stage already warned with `unmodelled-field`; this
   * one says which verdicts the lowering made unknown.
   */
  'host-endpoint-not-modelled': {
    severity: 'info',
    summary: 'a host endpoint is not modelled; flows to and from its addresses are unknown',
  },
  /** A workload endpoint whose profile list the profile tier can only approximate. */
  'profile-approximated': {
    severity: 'warning',
    summary: "an endpoint's profiles do not follow Calico's Kubernetes naming and are applied approximately",
  },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type CalicoPendingCode = keyof typeof CALICO_PENDING_CODES;

export function calicoDiagnostic(
  code: CalicoPendingCode,
  at: Location,
  path: string,
  message: string,
  hint?: string,
): Diagnostic {
  const d: Diagnostic = {
    code: code as Code,
    severity: CALICO_PENDING_CODES[code].severity,
    message,
    file: at.file,
    line: at.line,
    column: at.column,
    path,
  };
  if (hint !== undefined) d.hint = hint;
  return d;
}
