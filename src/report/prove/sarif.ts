/**
 * `prove` as SARIF 2.1.0 (OASIS "Static Analysis Results Interchange Format", version 2.1.0), for
 * code-scanning dashboards.
 *
 * Layout: one run; the tool driver `netpolc` with one rule per property kind (`prove/deny`,
 * `prove/allow`, `prove/only`, `prove/some`), always all four so that rule indexes are stable;
 * one result per property that is not proved: `violated` at level `error`, `unknown` at level
 * `warning`, located at the property's name in the property file (1-based line and column;
 * columns count UTF-16 code units, declared in the run's `columnKind`). The witness and trace go
 * into the message and into the result's property bag; proved properties are not results (a
 * dashboard lists problems), but the run's property bag counts every status.
 *
 * Contract: the output has every property the 2.1.0 schema requires (`version`, `runs`,
 * `tool.driver.name`, `message.text` of each result, `id` of each rule) and uses only the schema's
 * enumerations for `level`, `kind` and `columnKind`.
 */
import { printFlowText } from '../../ir/flowText.js';
import type { PropertyKind } from '../../property/ast.js';
import { printClaim } from '../../property/print.js';
import { formatEvaluation } from '../../oracle/explain.js';
import { counts, entries, modeText, statusText, witnessDetails, type ProveReport, type ReportEntry } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const KINDS: readonly PropertyKind[] = ['deny', 'allow', 'only', 'some'];

const RULE_TEXT: Record<PropertyKind, { name: string; short: string; full: string }> = {
  deny: {
    name: 'DenyProperty',
    short: 'every flow the property describes is denied',
    full: 'A `deny` property claims that no flow from its sources to its destinations on its ports is allowed. A violation is an allowed flow.',
  },
  allow: {
    name: 'AllowProperty',
    short: 'every flow the property describes is allowed',
    full: 'An `allow` property claims that every flow from its sources to its destinations on its ports is allowed. A violation is a denied flow.',
  },
  only: {
    name: 'OnlyProperty',
    short: 'only the listed sources reach the destination',
    full: 'An `only` property claims that every allowed flow into its destinations on its ports comes from its sources. A violation is an allowed flow from another source.',
  },
  some: {
    name: 'SomeProperty',
    short: 'at least one flow the property describes is allowed',
    full: 'A `some` property claims that at least one flow from its sources to its destinations on its ports is allowed. A violation means every such flow is denied.',
  },
};

export function ruleId(kind: PropertyKind): string {
  return `prove/${kind}`;
}

function rules(): Record<string, unknown>[] {
  return KINDS.map((k) => ({
    id: ruleId(k),
    name: RULE_TEXT[k].name,
    shortDescription: { text: RULE_TEXT[k].short },
    fullDescription: { text: RULE_TEXT[k].full },
    defaultConfiguration: { level: 'error' },
  }));
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function uriOf(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function messageText(e: ReportEntry): string {
  const parts = [`property \`${e.result.name}\` ${statusText(e)}`];
  if (e.property) parts.push(`claim: ${printClaim(e.property)}`);
  if (e.result.witness) parts.push(`witness: ${[printFlowText(e.result.witness), ...witnessDetails(e.result.witness)].join('; ')}`);
  if (e.result.evaluation) parts.push(`verdict: ${e.result.evaluation.verdict}`);
  return parts.join('\n');
}

function resultOf(e: ReportEntry): Record<string, unknown> {
  const { result, property: p } = e;
  const out: Record<string, unknown> = {};
  if (p) {
    out.ruleId = ruleId(p.kind);
    out.ruleIndex = KINDS.indexOf(p.kind);
  }
  out.kind = 'fail';
  out.level = result.status === 'violated' ? 'error' : 'warning';
  out.message = { text: messageText(e) };
  if (p) {
    out.locations = [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(p.file) },
          region: { startLine: p.line, startColumn: p.column, endColumn: p.column + p.name.length },
        },
      },
    ];
  }
  // The name identifies a property across runs, whatever line it moves to.
  out.partialFingerprints = { 'netpolcProperty/v1': result.name };
  const bag: Record<string, unknown> = { status: result.status };
  if (result.witness) bag.witness = printFlowText(result.witness);
  if (result.evaluation) bag.trace = formatEvaluation(result.evaluation);
  if (result.reason !== undefined) bag.reason = result.reason;
  out.properties = bag;
  return out;
}

export function proveSarif(r: ProveReport): Record<string, unknown> {
  const driver: Record<string, unknown> = { name: 'netpolc', rules: rules() };
  if (r.toolVersion !== undefined) driver.version = r.toolVersion;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        columnKind: 'utf16CodeUnits',
        results: entries(r)
          .filter((e) => e.result.status !== 'proved')
          .map(resultOf),
        properties: { mode: r.mode, modeDescription: modeText(r), summary: counts(r) },
      },
    ],
  };
}

export function formatProveSarif(r: ProveReport): string {
  return JSON.stringify(proveSarif(r), null, 2) + '\n';
}
