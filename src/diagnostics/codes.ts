/**
 * The catalogue of diagnostic codes: stable kebab-case names, each with its default severity and
 * a one-line summary (shown by `netpolc validate --list-codes` and in SARIF rule metadata).
 *
 * Add a code to the section of the stage that reports it. Never rename or reuse a code.
 */
import type { Severity } from './diagnostic.js';

interface CodeInfo {
  severity: Severity;
  summary: string;
  /**
   * An error that does not change what a document means (a name's syntax): the document is
   * still reported as invalid (exit 2), but kept for analysis rather than dropped, so that one
   * badly named object does not silently change every verdict that depends on it.
   */
  keepsDocument?: true;
}

function codes<T extends Record<string, CodeInfo>>(t: T): T {
  return t;
}

export const CODES = codes({
  // ── input: files and YAML ────────────────────────────────────────────────────────────
  'file-not-found': { severity: 'error', summary: 'an input path does not exist' },
  'file-unreadable': { severity: 'error', summary: 'an input file cannot be read' },
  'file-too-large': { severity: 'error', summary: 'an input file exceeds the size limit' },
  'too-many-documents': { severity: 'error', summary: 'an input has more documents than the limit' },
  'yaml-syntax': { severity: 'error', summary: 'the YAML or JSON text does not parse' },
  'yaml-too-deep': { severity: 'error', summary: 'nesting exceeds the depth limit' },
  'yaml-alias-limit': { severity: 'error', summary: 'alias expansion exceeds the limit (alias bomb)' },
  'yaml-node-limit': { severity: 'error', summary: 'a document has more nodes than the limit' },
  'yaml-duplicate-key': { severity: 'error', summary: 'a mapping repeats a key' },
  'yaml-non-scalar-key': { severity: 'error', summary: 'a mapping key is not a scalar' },
  'yaml-invalid-tag': { severity: 'error', summary: 'an explicit tag does not fit its node (`!!int abc`, `!!map` on a list)' },
  'yaml-unknown-tag': { severity: 'error', summary: 'a tag netpolc does not know (an unquoted `!` starts a tag: quote selectors such as `"!has(a)"`)' },
  'yaml-invalid-merge': { severity: 'error', summary: 'a merge key `<<` whose value is not a mapping or a list of mappings' },

  // ── resources: kinds, fields and values ──────────────────────────────────────────────
  'not-an-object': { severity: 'error', summary: 'a document is not a mapping' },
  'missing-kind': { severity: 'error', summary: 'a document has no `kind` or `apiVersion`' },
  'unknown-kind': { severity: 'info', summary: 'a kind netpolc does not read; skipped' },
  'unsupported-api-version': { severity: 'error', summary: 'a known kind with an apiVersion netpolc does not read' },
  'unknown-field': { severity: 'error', summary: 'a field the API does not define (strict decoding)' },
  'missing-field': { severity: 'error', summary: 'a required field is absent' },
  'wrong-type': { severity: 'error', summary: 'a field has the wrong type' },
  'invalid-value': { severity: 'error', summary: 'a field value is not allowed' },
  'invalid-name': { severity: 'error', summary: 'an object name is not a valid DNS name', keepsDocument: true },
  'invalid-label-key': { severity: 'error', summary: 'a label key is not a qualified name' },
  'invalid-label-value': { severity: 'error', summary: 'a label value is not valid' },
  'invalid-selector': { severity: 'error', summary: 'a label selector is malformed' },
  'invalid-port': { severity: 'error', summary: 'a port is out of range or malformed' },
  'invalid-port-range': { severity: 'error', summary: 'a port range is empty or out of range' },
  'invalid-protocol': { severity: 'error', summary: 'a protocol name or number is not valid' },
  'invalid-cidr': { severity: 'error', summary: 'a CIDR is malformed' },
  'except-outside-cidr': { severity: 'error', summary: 'an `except` entry is not inside its `cidr`' },
  'invalid-action': { severity: 'error', summary: 'a rule action is not one the API defines' },
  'invalid-order': { severity: 'error', summary: 'a policy or tier order is not a number' },
  'invalid-priority': { severity: 'error', summary: 'a priority is out of range' },
  'invalid-peer': { severity: 'error', summary: 'a peer sets none or more than one of its exclusive fields' },
  'invalid-subject': { severity: 'error', summary: 'a policy subject sets none or more than one of its exclusive fields' },
  'too-many-rules': { severity: 'error', summary: 'a policy has more rules than the API allows' },
  'duplicate-entry': { severity: 'warning', summary: 'a list repeats an entry that the API accepts but means once' },
  'invalid-ip': { severity: 'error', summary: 'an IP address is malformed' },
  'duplicate-resource': { severity: 'warning', summary: 'two documents define the same object; the later one wins' },
  'unmodelled-field': {
    severity: 'warning',
    summary: 'a field netpolc parses but does not model; verdicts that depend on it are unknown',
  },
  'missing-namespace': { severity: 'info', summary: 'a namespaced object has no namespace; `default` is assumed' },

  // ── lowering ─────────────────────────────────────────────────────────────────────────
  'reserved-tier': { severity: 'error', summary: 'a `Tier` redefines a tier whose order and default action are fixed' },
  'tier-not-found': { severity: 'error', summary: 'a policy names a tier that is not declared; the policy is dropped' },
  'endpoint-note': { severity: 'info', summary: 'a pod netpolc treats as ordinary although it is special (host network, finished)' },
  'duplicate-endpoint': { severity: 'warning', summary: 'two endpoints have the same id; the first is kept' },
  'duplicate-policy': { severity: 'warning', summary: 'two policies of a tier have the same name; the first is kept' },
  'host-endpoint-not-modelled': { severity: 'info', summary: 'a host endpoint is not modelled; flows to and from its addresses are unknown' },
  'profile-approximated': {
    severity: 'warning',
    summary: "an endpoint's profiles do not follow Calico's Kubernetes naming and are applied approximately",
  },

  // ── IR and property text ─────────────────────────────────────────────────────────────
  'ir-syntax': { severity: 'error', summary: 'IR text does not parse' },

  // ── properties (netpolc prove) ───────────────────────────────────────────────────────
  'property-syntax': { severity: 'error', summary: 'property text does not parse, or a property name is not `[a-z0-9-]+`' },
  'duplicate-property': { severity: 'error', summary: 'two properties of one file have the same name' },
  'no-properties': { severity: 'error', summary: 'a property file defines no property, so there is nothing to prove' },

  // ── internal ─────────────────────────────────────────────────────────────────────────
  'internal-error': { severity: 'error', summary: 'a bug in netpolc; please report it' },
});

export type Code = keyof typeof CODES;
