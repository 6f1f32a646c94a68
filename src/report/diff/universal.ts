/**
 * diff in universal mode as text, Markdown or JSON: the regions of flows whose verdict changed,
 * each with its conditions and its witness, then the relation and whether the list is complete.
 *
 * Stage: report (diff). Input → output: `UniversalDiff` → text.
 * Contract:
 * - text: one block per region, `newly allowed` / `newly denied` / `<old> → <new>` (changes that
 *   involve an undecided verdict), then `  from: …`, `  to: …`, `  on: …`, `  witness: …`; then
 *   `relation: …` and, unless the list is complete, why not. Ends in `\n`.
 * - md: the same as a list under a heading. json: `{ mode, status, reason?, relation,
 *   relationReason?, regions: [{ change, from, to, on, conditions, witness }], stats }`.
 * - The CSV, txt-as-netpol-analyzer and SARIF formats are snapshot formats; the command refuses them.
 */
import { describeRelation } from '../../analysis/diff/relation.js';
import type { UniversalDiff, UniversalRegion } from '../../analysis/diff/types.js';
import { describeCond, type Cond } from '../../analysis/diff/universal/region.js';
import type { Flow, FlowParty } from '../../ir/flow.js';
import { printFlowText } from '../../ir/flowText.js';

export const UNIVERSAL_FORMATS = ['text', 'txt', 'md', 'json'] as const;

/** The witness as a flow line, then each hypothetical pod's namespace, labels and address. */
export function witnessText(flow: Flow): string {
  const pod = (name: string, p: FlowParty) => {
    if (p.kind !== 'pod') return [];
    const labels = Object.entries(p.pod.labels).filter(([k]) => !k.startsWith('projectcalico.org/')).map(([k, v]) => `${k}=${v}`);
    return [`${name} pod in \`${p.pod.namespace}\` {${labels.join(', ')}}${p.pod.ip === null ? '' : ` ${p.pod.ip}`}`];
  };
  return [printFlowText(flow), ...pod('source', flow.src), ...pod('destination', flow.dst)].join('; ');
}

function changeText(r: UniversalRegion): string {
  const { old, new: now } = r.change;
  if (now === 'allow') return old === 'deny' ? 'newly allowed' : `newly allowed (was ${old})`;
  if (old === 'allow') return now === 'deny' ? 'newly denied' : `no longer allowed (now ${now})`;
  return `${old} → ${now}`;
}

/** A region's conditions per part: source, destination, and protocol/ports. */
export function regionParts(r: UniversalRegion): { from: string; to: string; on: string } {
  const side = (s: 'src' | 'dst') => {
    const cs = r.conds.filter((c): c is Cond & { side: 'src' | 'dst' } => 'side' in c && c.side === s);
    const end = cs.find((c) => c.kind === 'end');
    const rest = cs.filter((c) => c.kind !== 'end').map(describeCond);
    const head = end ? describeCond(end) : 'anything';
    return rest.length === 0 ? `any ${head === 'pods' ? 'pod' : head === 'external addresses' ? 'external address' : 'end'}` : `${head} with ${rest.join(', ')}`;
  };
  const on = r.conds.filter((c) => !('side' in c)).map(describeCond);
  return { from: side('src'), to: side('dst'), on: on.length > 0 ? on.join(', ') : 'any protocol and port' };
}

function status(d: UniversalDiff): string[] {
  const rel = d.relation === null ? `relation: unknown (${d.relationReason ?? 'undecided'})` : `relation: ${d.relation} (${describeRelation(d.relation)})`;
  const out = [rel];
  if (d.status !== 'complete') out.push(`${d.status === 'unknown' ? 'incomplete (unknown)' : 'incomplete'}: ${d.reason ?? ''}`.trimEnd());
  return out;
}

export function renderUniversalText(d: UniversalDiff): string {
  const out: string[] = [];
  if (d.regions.length === 0 && d.status === 'complete') out.push('no flow is decided differently');
  d.regions.forEach((r, i) => {
    const p = regionParts(r);
    out.push(`region ${i + 1}: ${changeText(r)}`, `  from: ${p.from}`, `  to:   ${p.to}`, `  on:   ${p.on}`, `  witness: ${witnessText(r.witness)}`);
  });
  out.push(...status(d));
  return out.join('\n') + '\n';
}

export function renderUniversalMd(d: UniversalDiff): string {
  const out = ['# Universal diff', ''];
  d.regions.forEach((r, i) => {
    const p = regionParts(r);
    out.push(`${i + 1}. **${changeText(r)}**: from ${p.from}; to ${p.to}; on ${p.on}`, `   - witness: \`${witnessText(r.witness)}\``);
  });
  if (d.regions.length > 0) out.push('');
  out.push(...status(d).map((s) => `- ${s}`));
  return out.join('\n') + '\n';
}

export function renderUniversalJson(d: UniversalDiff): string {
  const regions = d.regions.map((r) => ({ change: r.change, ...regionParts(r), conditions: r.conds, witness: r.witness }));
  const body = {
    mode: d.mode,
    status: d.status,
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
    relation: d.relation,
    ...(d.relationReason !== undefined ? { relationReason: d.relationReason } : {}),
    regions,
    stats: d.stats,
  };
  return JSON.stringify(body, null, 2) + '\n';
}

export function renderUniversal(format: (typeof UNIVERSAL_FORMATS)[number], d: UniversalDiff): string {
  return format === 'json' ? renderUniversalJson(d) : format === 'md' ? renderUniversalMd(d) : renderUniversalText(d);
}
