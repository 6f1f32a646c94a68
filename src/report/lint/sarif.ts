/**
 * Lint report, SARIF 2.1.0 (OASIS "Static Analysis Results Interchange Format" Version 2.1.0):
 * one run; `tool.driver.rules` has one reporting descriptor per registered check (id, summary,
 * default level, upstream source); each finding is a result with its rule id and index, level,
 * message, physical location (artifact URI, 1-based line and column), related locations, and the
 * mode and witness in its property bag. Notes go to the invocation's notifications.
 *
 * Input → output: `LintResult` + tool version → one SARIF log (JSON text). Contract: levels map
 * error → `error`, warning → `warning`, info → `note`; columns count UTF-16 code units
 * (`columnKind`); a finding without a location has no `locations` (the cluster is not a file).
 */
import type { LintResult } from '../../analysis/lint/lint.js';
import { CHECKS } from '../../analysis/lint/registry.js';
import type { Location, Severity } from '../../analysis/lint/types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function artifactUri(file: string): string {
  return encodeURI(file.replace(/\\/g, '/'));
}

function physical(l: Location) {
  return {
    artifactLocation: { uri: artifactUri(l.file) },
    region: { startLine: l.line, startColumn: l.column },
  };
}

export function renderLintSarif(r: LintResult, version: string): string {
  const rules = CHECKS.map((c) => ({
    id: c.id,
    name: c.id.replace(/(^|-)([a-z])/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: c.summary },
    fullDescription: { text: `${c.summary} (upstream: ${c.upstream})` },
    defaultConfiguration: { level: LEVEL[c.severity] },
    properties: { needs: c.needs, upstream: c.upstream },
  }));
  const ruleIndex = new Map(rules.map((x, i) => [x.id, i]));
  const results = r.findings.map((f) => ({
    ruleId: f.check,
    ruleIndex: ruleIndex.get(f.check) ?? -1,
    level: LEVEL[f.severity],
    message: { text: f.hint ? `${f.message} (${f.hint})` : f.message },
    ...(f.location
      ? {
          locations: [
            {
              physicalLocation: physical(f.location),
              ...(f.location.path ? { logicalLocations: [{ fullyQualifiedName: f.location.path, kind: 'member' }] } : {}),
            },
          ],
        }
      : {}),
    ...(f.related.some((x) => x.location)
      ? {
          relatedLocations: f.related
            .filter((x) => x.location)
            .map((x, id) => ({ id, message: { text: x.message }, physicalLocation: physical(x.location!) })),
        }
      : {}),
    properties: {
      mode: f.mode,
      ...(f.policy ? { policy: f.policy } : {}),
      ...(f.witness ? { witness: { flow: f.witness.text, verdict: f.witness.verdict, trace: f.witness.trace } } : {}),
    },
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'netpolc', version, rules } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: r.notes.map((text) => ({ message: { text }, level: 'note' })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { mode: r.mode, stats: r.stats },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
