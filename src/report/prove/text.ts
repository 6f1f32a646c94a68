/**
 * `prove` as text, for people:
 *
 *   mode: universal (every pod that could exist, in any namespace)
 *   ✔ proved app-isolated
 *   ✘ violated dns-reachable
 *       allow pod(all()) -> ns(…) pod(k8s-app == "kube-dns") on udp/53, tcp/53  (properties.txt:4:1)
 *       is violated: a flow it says is allowed is denied
 *       witness: default/frontend -> kube-system/coredns udp 53
 *       verdict: deny
 *       …the oracle's trace (`formatEvaluation`)…
 *   ? unknown big-one (timeout after 10000 ms)
 *   3 properties: 1 proved, 1 violated, 1 unknown
 *
 * Contract: the first line names the mode; then one line per property in file order; a violated
 * property is followed by its claim, its witness flow (and the labels of any hypothetical pod in
 * it) and the replayed trace, indented; so is an unknown one whose reason is a witness flow with
 * an unknown verdict (the trace shows which unmodelled field decides); the last line counts.
 * Output ends with a newline.
 */
import { printFlowText } from '../../ir/flowText.js';
import { formatEvaluation } from '../../oracle/explain.js';
import { printClaim } from '../../property/print.js';
import { counts, entries, modeText, statusText, witnessDetails, type ProveReport, type ReportEntry } from './report.js';

const MARK = { proved: '✔', violated: '✘', unknown: '?' } as const;
const INDENT = '    ';

function headLine(e: ReportEntry): string {
  const { status, name, reason } = e.result;
  const why = status === 'unknown' && reason ? ` (${reason})` : '';
  return `${MARK[status]} ${status} ${name}${why}`;
}

/** Claim, verdict, witness and trace: for a violation, and for an unknown that has a witness. */
function detailLines(e: ReportEntry): string[] {
  const out: string[] = [];
  const p = e.property;
  if (p) out.push(`${printClaim(p)}  (${p.file}:${p.line}:${p.column})`);
  // An unknown's reason is already on its head line.
  if (e.result.status === 'violated') {
    out.push(statusText(e));
    if (e.result.reason) out.push(`note: ${e.result.reason}`);
  }
  const w = e.result.witness;
  if (w) {
    out.push(`witness: ${printFlowText(w)}`);
    out.push(...witnessDetails(w));
  }
  if (e.result.evaluation) out.push(...formatEvaluation(e.result.evaluation).split('\n'));
  return out.map((l) => INDENT + l);
}

export function formatProveText(r: ProveReport): string {
  const lines = [`mode: ${modeText(r)}`];
  for (const e of entries(r)) {
    lines.push(headLine(e));
    const { status, witness } = e.result;
    if (status === 'violated' || (status === 'unknown' && witness)) lines.push(...detailLines(e));
  }
  const c = counts(r);
  const n = r.results.length;
  lines.push(`${n} ${n === 1 ? 'property' : 'properties'}: ${c.proved} proved, ${c.violated} violated, ${c.unknown} unknown`);
  return lines.join('\n') + '\n';
}
