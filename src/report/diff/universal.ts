/**
 * diff in universal mode as text, Markdown or JSON: the regions of flows whose verdict changed,
 * each with its conditions and its witness, then the relation and whether the list is complete.
 *
 * Stage: report (diff). Input → output: `UniversalDiff` → text.
 * Contract:
 * - text: one block per region, `newly allowed` / `newly denied` / `<old> → <new>` (changes that
 *   involve an undecided verdict), then `  from: …`, `  to: …`, `  on: …`, an `  except: …` line
 *   per flow class carved out of the region, `  witness: …`; then
 *   `relation: …` and, unless the list is complete, why not. Ends in `\n`.
 * - md: the same as a list under a heading. json: `{ mode, status, reason?, relation,
 *   relationReason?, regions: [{ id, change, from, to, on, except, conditions, exceptions, witness,
 *   decidedBy?, newSource? }],
 *   stats }`: `except` the exceptions as text, `exceptions` as condition lists (`[]`: none).
 * - Each region also says where its witness was decided (`decided by: file:line:col Kind name path`,
 *   in the new version unless marked), when a rule or policy decided it (not a tier default).
 * - sarif: one result per region (`renderUniversalSarif`). CSV is a snapshot format (pairs of
 *   endpoints); the command refuses it.
 */
import { describeRelation } from '../../analysis/diff/relation.js';
import { createHash } from 'node:crypto';
import type { DecidingSource, UniversalDiff, UniversalRegion } from '../../analysis/diff/types.js';
import { describeCond, type Cond } from '../../analysis/diff/universal/region.js';
import type { Flow, FlowParty } from '../../ir/flow.js';
import { printFlowText } from '../../ir/flowText.js';
import { fileUri } from './sarif.js';

export const UNIVERSAL_FORMATS = ['text', 'txt', 'md', 'json', 'sarif'] as const;

/** `file:line:col Kind name path (old version)`: where the witness was decided. */
export function decidedText(d: DecidingSource): string {
  const how = d.byDefault ? ' (no rule matched: its tier denies by default)' : '';
  return `${d.file}:${d.line}:${d.column} ${d.resource}${d.path ? ` ${d.path}` : ''}${how}${d.version === 'old' ? ' (old version)' : ''}`;
}

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

/** One end's conditions as a phrase: `any pod`, `pods with …`, `external addresses with …`. */
function sideText(conds: readonly Cond[], s: 'src' | 'dst', fallback: string): string | null {
  const cs = conds.filter((c): c is Cond & { side: 'src' | 'dst' } => 'side' in c && c.side === s);
  if (cs.length === 0) return null;
  const end = cs.find((c) => c.kind === 'end');
  const rest = cs.filter((c) => c.kind !== 'end').map(describeCond);
  const head = end ? describeCond(end) : fallback;
  // `external addresses in 10.0.0.0/8` rather than `external addresses with address in …`.
  if (head === 'external addresses' && rest.length === 1 && rest[0]!.startsWith('address ')) return `${head} ${rest[0]!.slice('address '.length)}`;
  return rest.length === 0 ? `any ${head === 'pods' ? 'pod' : head === 'external addresses' ? 'external address' : 'end'}` : `${head} with ${rest.join(', ')}`;
}

/** Protocol and port conditions as a phrase; a port range alone is on any protocol that has ports. */
function servicesText(conds: readonly Cond[]): string | null {
  const on = conds.filter((c) => !('side' in c));
  if (on.length === 0) return null;
  const portOnly = !on.some((c) => c.kind === 'protocol' || c.kind === 'protocolNotIn' || c.kind === 'anyOf');
  return (portOnly && on.some((c) => c.kind === 'range') ? ['any protocol with ports'] : []).concat(on.map(describeCond)).join(', ');
}

/** An exception carved out of a region, as one phrase: `udp, dstPort 53 to pods with …`. */
export function exceptionText(e: readonly Cond[]): string {
  const podish = (s: 'src' | 'dst') => (e.some((c) => 'side' in c && c.side === s && c.kind !== 'address' && c.kind !== 'addressNotIn') ? 'pods' : 'ends');
  const parts = [servicesText(e), ...(['src', 'dst'] as const).map((s) => {
    const t = sideText(e, s, podish(s));
    return t === null ? null : `${s === 'src' ? 'from' : 'to'} ${t}`;
  })];
  return parts.filter((p) => p !== null).join(' ');
}

/** The region's one-line text: its change and every part. */
function regionLine(r: UniversalRegion): string {
  const p = regionParts(r);
  return `${changeText(r)}: from ${p.from}; to ${p.to}; on ${p.on}${p.except.map((e) => `; except ${e}`).join('')}`;
}

/** A stable id: the same region (change and conditions) gets the same id in every run and format. */
export function regionId(r: UniversalRegion): string {
  return `r-${createHash('sha256').update(regionLine(r)).digest('hex').slice(0, 12)}`;
}

/** A region's conditions per part: source, destination, protocol/ports, and what is carved out. */
export function regionParts(r: UniversalRegion): { from: string; to: string; on: string; except: string[] } {
  return {
    from: sideText(r.conds, 'src', 'anything') ?? 'any end',
    to: sideText(r.conds, 'dst', 'anything') ?? 'any end',
    on: servicesText(r.conds) ?? 'any protocol and port',
    except: (r.except ?? []).map(exceptionText),
  };
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
    out.push(`region ${i + 1}: ${changeText(r)}`, `  from: ${p.from}`, `  to:   ${p.to}`, `  on:   ${p.on}`);
    for (const e of p.except) out.push(`  except: ${e}`);
    out.push(`  witness: ${witnessText(r.witness)}`);
    if (r.decidedBy) out.push(`  decided by: ${decidedText(r.decidedBy)}`);
  });
  out.push(...status(d));
  return out.join('\n') + '\n';
}

/** A Markdown code span; text holding backticks gets a double-backtick span (CommonMark). */
const code = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

export function renderUniversalMd(d: UniversalDiff): string {
  const out = ['# Universal diff', ''];
  d.regions.forEach((r, i) => {
    const p = regionParts(r);
    const except = p.except.map((e) => `; except ${e}`).join('');
    out.push(`${i + 1}. **${changeText(r)}**: from ${p.from}; to ${p.to}; on ${p.on}${except}`, `   - witness: ${code(witnessText(r.witness))}`);
    if (r.decidedBy) out.push(`   - decided by: ${code(decidedText(r.decidedBy))}`);
  });
  if (d.regions.length > 0) out.push('');
  out.push(...status(d).map((s) => `- ${s}`));
  return out.join('\n') + '\n';
}

export function renderUniversalJson(d: UniversalDiff): string {
  const regions = d.regions.map((r) => ({
    id: regionId(r),
    change: r.change,
    ...regionParts(r),
    conditions: r.conds,
    exceptions: r.except ?? [],
    witness: r.witness,
    ...(r.decidedBy ? { decidedBy: r.decidedBy } : {}),
    ...(r.newSource ? { newSource: r.newSource } : {}),
  }));
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
  if (format === 'sarif') return renderUniversalSarif(d);
  return format === 'json' ? renderUniversalJson(d) : format === 'md' ? renderUniversalMd(d) : renderUniversalText(d);
}

const SARIF_RULES = [
  { id: 'diff-newly-allowed', level: 'warning', text: 'Flows between pods that could exist became allowed' },
  { id: 'diff-newly-denied', level: 'note', text: 'Flows between pods that could exist are no longer allowed' },
  { id: 'diff-verdict-changed', level: 'warning', text: 'Flows whose verdict changed to or from undecided (constructs netpolc does not model)' },
] as const;

function sarifRule(r: UniversalRegion): 0 | 1 | 2 {
  if (r.change.new === 'allow') return 0;
  if (r.change.old === 'allow' && r.change.new === 'deny') return 1;
  return 2;
}

/**
 * SARIF 2.1.0: one result per region (rule by change, message = the region's text, location =
 * what decided its witness in the new version: a rule, or a policy under its tier's default),
 * `partialFingerprints["netpolcUniversalDiff/v1"]` = the region's id; the run's `properties` hold
 * mode, status, relation, and an incomplete search is a warning notification of the invocation.
 */
export function renderUniversalSarif(d: UniversalDiff): string {
  const results = d.regions.map((r) => {
    const p = regionParts(r);
    const k = sarifRule(r);
    const text = regionLine(r);
    const at = r.newSource;
    return {
      ruleId: SARIF_RULES[k].id,
      ruleIndex: k,
      level: SARIF_RULES[k].level,
      message: { text: `${text} (witness: ${witnessText(r.witness)})` },
      ...(at && at.version === 'new'
        ? { locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(at.file) }, region: { startLine: at.line, startColumn: at.column } } }] }
        : {}),
      partialFingerprints: { 'netpolcUniversalDiff/v1': regionId(r) },
      properties: { change: r.change, ...p, conditions: r.conds, exceptions: r.except ?? [], witness: r.witness, ...(r.decidedBy ? { decidedBy: r.decidedBy } : {}) },
    };
  });
  const incomplete = d.status === 'complete' ? [] : [{ level: 'warning', message: { text: status(d).slice(1).join('; ') } }];
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'netpolc', rules: SARIF_RULES.map((r) => ({ id: r.id, shortDescription: { text: r.text }, defaultConfiguration: { level: r.level } })) } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: incomplete }],
        results,
        properties: { mode: d.mode, status: d.status, ...(d.reason !== undefined ? { reason: d.reason } : {}), relation: d.relation },
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
