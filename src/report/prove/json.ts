/**
 * `prove` as JSON, for programs. The shape (stable; fields marked ? are present only when they
 * apply):
 *
 *   {
 *     "mode": "universal" | "snapshot",
 *     "assumptions": { "anyNamespaceLabels": boolean, "podCidr"?: string },
 *     "summary": { "proved": n, "violated": n, "unknown": n },
 *     "results": [
 *       {
 *         "name": "dns-reachable",
 *         "kind": "deny" | "allow" | "only" | "some",       // ? absent if the property is unknown
 *         "property": "allow pod(all()) -> … on udp/53",   // ? the claim, printed canonically
 *         "location": { "file", "line", "column" },        // ? where the property is written
 *         "status": "proved" | "violated" | "unknown",
 *         "witness"?: Flow,                                 // the counterexample (src/ir/flow.ts)
 *         "witnessText"?: "default/frontend -> kube-system/coredns udp 53",
 *         "trace"?: { "verdict", "egress", "ingress", "notes" },  // the oracle's replay, as `explain --format json`
 *         "reason"?: "timeout after 10000 ms"
 *       }
 *     ]
 *   }
 *
 * Contract: results in property-file order; lines and columns 1-based; nothing is left out that
 * the text format shows.
 */
import { printFlowText } from '../../ir/flowText.js';
import { printClaim } from '../../property/print.js';
import { counts, entries, type ProveReport, type ReportEntry } from './report.js';

function resultJson(e: ReportEntry): Record<string, unknown> {
  const { result, property: p } = e;
  const out: Record<string, unknown> = { name: result.name };
  if (p) {
    out.kind = p.kind;
    out.property = printClaim(p);
    out.location = { file: p.file, line: p.line, column: p.column };
  }
  out.status = result.status;
  if (result.witness) {
    out.witness = result.witness;
    out.witnessText = printFlowText(result.witness);
  }
  if (result.evaluation) {
    const { verdict, egress, ingress, notes } = result.evaluation;
    out.trace = { verdict, egress, ingress, notes };
  }
  if (result.reason !== undefined) out.reason = result.reason;
  return out;
}

export function proveJson(r: ProveReport): Record<string, unknown> {
  const assumptions: Record<string, unknown> = { anyNamespaceLabels: r.anyNamespaceLabels ?? false };
  if (r.podCidr !== undefined) assumptions.podCidr = r.podCidr;
  return { mode: r.mode, assumptions, summary: counts(r), results: entries(r).map(resultJson) };
}

export function formatProveJson(r: ProveReport): string {
  return JSON.stringify(proveJson(r), null, 2) + '\n';
}
