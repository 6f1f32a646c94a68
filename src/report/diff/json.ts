/**
 * diff as JSON, netpolc's own shape (netpol-analyzer has no JSON diff format).
 *
 * Stage: report (diff). Input → output: `SnapshotDiff` → JSON text (two-space indent, final `\n`).
 * Contract — the document, keys in this order:
 *   {
 *     "mode": "snapshot",
 *     "relation": "equivalent" | "old-subset-new" | "new-subset-old" | "incomparable",
 *     "counts": { "changed": n, "added": n, "removed": n },
 *     "changes": [ {
 *       "type": "changed" | "added" | "removed",
 *       "src": display name, "dst": display name,
 *       "old": connections text, "new": connections text,   // "No Connections" for none
 *       "workloadsDiffInfo": "workload … added",             // only when an end exists in one version only
 *       "witness": { "src", "dst",                           // endpoint id (ns/pod) or address: what
 *                    "protocol", "port"?,                    //   `netpolc explain --from/--to` accepts
 *                    "old", "new",                           // allow | deny | unknown | absent
 *                    "decidedBy"?: { "version", "file", "line", "column", "resource", "path", "byDefault"? } }
 *     } ],
 *     "undecided": { "old": [ {src, dst, conn} ], "new": [ … ] },
 *     "proved"?: { "relation": relation | null, "reason"? }  // Z3 over every flow, when undecided
 *   }
 * `changes` are in canonical order (type, then source, then destination); `relation` covers the
 * decided connections only, so it means nothing final while `undecided` is non-empty.
 */
import { countChanges, type Change, type SnapshotDiff, type Witness, type WitnessParty } from '../../analysis/diff/types.js';
import type { Connection } from '../connlist/connection.js';
import { lineFields } from './lines.js';

export function renderJson(diff: SnapshotDiff): string {
  const doc = {
    mode: diff.mode,
    relation: diff.relation,
    counts: countChanges(diff.changes),
    changes: diff.changes.map(changeJson),
    undecided: { old: diff.unknown.old.map(connJson), new: diff.unknown.new.map(connJson) },
    ...(diff.proved ? { proved: diff.proved } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function changeJson(c: Change): Record<string, unknown> {
  const f = lineFields(c);
  return {
    type: f.type,
    src: f.src,
    dst: f.dst,
    old: f.old,
    new: f.new,
    ...(f.info !== '' ? { workloadsDiffInfo: f.info } : {}),
    ...(c.witness ? { witness: witnessJson(c.witness) } : {}),
  };
}

export function witnessJson(w: Witness): Record<string, unknown> {
  return {
    src: partyText(w.src),
    dst: partyText(w.dst),
    protocol: w.protocol,
    ...(w.port !== undefined ? { port: w.port } : {}),
    old: w.old,
    new: w.new,
    ...(w.decidedBy ? { decidedBy: { ...w.decidedBy } } : {}),
  };
}

function partyText(p: WitnessParty): string {
  return p.kind === 'endpoint' ? p.id : p.ip;
}

function connJson(c: Connection): { src: string; dst: string; conn: string } {
  return { src: c.src, dst: c.dst, conn: c.conn.toString() };
}
