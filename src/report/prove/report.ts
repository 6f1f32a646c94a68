/**
 * Report stage for `prove`: what every output format of a proof run is rendered from, and the
 * helpers the formats share. Input: the properties as parsed, the prover's results, and how the
 * prover was asked (mode, assumptions); output: nothing but data and words.
 *
 * Contract: results are matched to properties by name (names are unique in a property file), so
 * the prover may return them in any order; every format lists them in the property file's order.
 * A result whose property is missing (a prover bug) is still shown, without a location.
 */
import type { ProveMode, ProveResult } from '../../analysis/prove.js';
import type { Flow, FlowParty } from '../../ir/flow.js';
import type { Labels } from '../../ir/ast.js';
import type { Property } from '../../property/ast.js';

export type { ProveMode };

export interface ProveReport {
  mode: ProveMode;
  /** In file order. */
  properties: Property[];
  results: ProveResult[];
  /** The assumptions the prover was given, echoed so that a reader knows what was proved. */
  anyNamespaceLabels?: boolean;
  podCidr?: string;
  /** `netpolc`'s version, for SARIF's tool record. */
  toolVersion?: string;
}

export interface ReportEntry {
  result: ProveResult;
  property: Property | undefined;
}

/** Results in property-file order; results of unknown properties at the end, by name. */
export function entries(r: ProveReport): ReportEntry[] {
  const byName = new Map(r.results.map((x) => [x.name, x]));
  const out: ReportEntry[] = [];
  for (const p of r.properties) {
    const result = byName.get(p.name);
    if (result) out.push({ result, property: p });
    byName.delete(p.name);
  }
  const rest = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...out, ...rest.map((result) => ({ result, property: undefined }))];
}

export function counts(r: ProveReport): Record<ProveResult['status'], number> {
  const c = { proved: 0, violated: 0, unknown: 0 };
  for (const x of r.results) c[x.status]++;
  return c;
}

/** What the mode quantifies over, and the assumptions, in one phrase. */
export function modeText(r: ProveReport): string {
  const scope =
    r.mode === 'universal'
      ? 'every pod that could exist, in any namespace'
      : 'the pods and namespaces of the given cluster snapshot';
  const extra: string[] = [];
  if (r.anyNamespaceLabels) extra.push("the snapshot's namespaces may carry any labels");
  if (r.podCidr !== undefined) extra.push(`pod addresses in ${r.podCidr}`);
  return `${r.mode} (${scope}${extra.length ? '; ' + extra.join('; ') : ''})`;
}

/** What the status means for this kind of property: one sentence, for messages. */
export function statusText(e: ReportEntry): string {
  const { status } = e.result;
  if (status === 'proved') return 'holds';
  if (status === 'unknown') return `could not be decided${e.result.reason ? `: ${e.result.reason}` : ''}`;
  switch (e.property?.kind) {
    case 'deny':
      return 'is violated: a flow it says is denied is allowed';
    case 'allow':
      return 'is violated: a flow it says is allowed is denied';
    case 'only':
      return 'is violated: a source it does not list reaches the destination';
    case 'some':
      return 'is violated: no such flow is allowed';
    default:
      return 'is violated';
  }
}

function labelsText(l: Labels): string {
  const keys = Object.keys(l).sort();
  return `{${keys.map((k) => `${k}=${l[k]}`).join(', ')}}`;
}

/** For a hypothetical pod, the facts the flow line leaves out; nothing for other parties. */
function partyDetail(role: string, p: FlowParty): string[] {
  if (p.kind !== 'pod') return [];
  const pod = p.pod;
  const ip = pod.ip === null ? '' : ` ip ${pod.ip}`;
  return [`${role} ${pod.namespace}/${pod.name}: labels ${labelsText(pod.labels)}${ip}; namespace labels ${labelsText(pod.namespaceLabels)}`];
}

/** Lines describing the witness's pods that `printFlowText` shows by name only. */
export function witnessDetails(f: Flow): string[] {
  return [...partyDetail('source', f.src), ...partyDetail('destination', f.dst)];
}
