/**
 * diff as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning
 * dashboards: one result per change.
 *
 * Stage: report (diff). Input → output: `SnapshotDiff` → SARIF JSON text (final `\n`).
 * Contract:
 * - One run; tool `netpolc` with three rules, `diff-changed`, `diff-added` (level `warning`:
 *   connections become allowed), `diff-removed` (level `note`).
 * - A result per change, in canonical order: `ruleId`/`ruleIndex`, `level`, a one-line message
 *   (`` `src` → `dst`: ref1 `TCP 80`, ref2 `No Connections` ``), and
 *   `partialFingerprints["netpolcDiff/v1"]` = `type|src|dst`, stable across runs.
 * - `locations`: the rule that decided the witness flow in the new version, when there is one
 *   (a file of the new version; old-version positions may name a git revision and are kept in
 *   `properties.witness` only).
 * - `properties`: src, dst, old, new, workloadsDiffInfo, witness (as in the JSON format); the
 *   run's `properties` hold `mode` and `relation`.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Change, ChangeType, SnapshotDiff } from '../../analysis/diff/types.js';
import { CHANGE_TYPES } from '../../analysis/diff/types.js';
import { witnessJson } from './json.js';
import { DEFAULT_REF_NAMES, lineFields, type DiffFormatOptions } from './lines.js';

const RULES: Readonly<Record<ChangeType, { level: 'warning' | 'note'; text: string }>> = {
  changed: { level: 'warning', text: 'The allowed connections between two endpoints changed' },
  added: { level: 'warning', text: 'Connections between two endpoints became allowed' },
  removed: { level: 'note', text: 'Connections between two endpoints are no longer allowed' },
};

export function renderSarif(diff: SnapshotDiff, opts: DiffFormatOptions = {}): string {
  const [ref1, ref2] = opts.refNames ?? DEFAULT_REF_NAMES;
  const rules = CHANGE_TYPES.map((t) => ({
    id: `diff-${t}`,
    shortDescription: { text: RULES[t].text },
    defaultConfiguration: { level: RULES[t].level },
  }));
  const results = diff.changes.map((c) => result(c, ref1, ref2));
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'netpolc', rules } },
        results,
        properties: { mode: diff.mode, relation: diff.relation },
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function result(c: Change, ref1: string, ref2: string): Record<string, unknown> {
  const f = lineFields(c);
  const at = c.witness?.decidedBy;
  const location =
    at && at.version === 'new'
      ? [{ physicalLocation: { artifactLocation: { uri: fileUri(at.file) }, region: { startLine: at.line, startColumn: at.column } } }]
      : undefined;
  return {
    ruleId: `diff-${c.type}`,
    ruleIndex: CHANGE_TYPES.indexOf(c.type),
    level: RULES[c.type].level,
    message: { text: `\`${f.src}\` → \`${f.dst}\`: ${ref1} \`${f.old}\`, ${ref2} \`${f.new}\`${f.info ? ` (${f.info})` : ''}` },
    ...(location ? { locations: location } : {}),
    partialFingerprints: { 'netpolcDiff/v1': `${c.type}|${c.src}|${c.dst}` },
    properties: {
      src: f.src,
      dst: f.dst,
      old: f.old,
      new: f.new,
      ...(f.info ? { workloadsDiffInfo: f.info } : {}),
      ...(c.witness ? { witness: witnessJson(c.witness) } : {}),
    },
  };
}

/** A relative path stays relative (SARIF resolves it against the checkout); an absolute one becomes a file URI. */
export function fileUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}
