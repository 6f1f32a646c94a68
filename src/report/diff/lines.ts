/**
 * What every diff format shares: the fields of one diff line, their order, and the summary.
 *
 * Stage: report (diff). Input → output: `SnapshotDiff` → per-change fields, ordered lines, text.
 * Contract, as netpol-analyzer prints (pkg/netpol/diff/diff_formatter*.go and its goldens):
 * - Fields: diff-type, source, destination, the old connections, the new connections, and the
 *   workloads-diff-info: `workload <name> added|removed`, or `workload <src> and <dst> added|removed`
 *   when both ends exist in one version only; empty otherwise.
 * - Connection sets print as `connectivity` prints them (`All Connections`, `TCP 80,UDP 53`), and
 *   an empty one as `No Connections`. When other protocols (ICMP, …) were decided they are listed
 *   too (`toFullString`), so a change that lies only there still reads as a change.
 * - Order: every format renders its lines, then sorts them as strings (Go `sort.Strings`) within
 *   each type, types in the order changed, added, removed; lines whose source is
 *   `{ingress-controller}` come after all others, in the same type order.
 * - The two versions are called `ref1` and `ref2` unless the caller names them.
 */
import { compareCodePoints, type ConnSet } from '../../connectivity/connset.js';
import { INGRESS_CONTROLLER } from '../connlist/connection.js';
import { CHANGE_TYPES, countChanges, type Change, type SnapshotDiff } from '../../analysis/diff/types.js';
import { describeRelation } from '../../analysis/diff/relation.js';

export type DiffFormat = 'text' | 'txt' | 'csv' | 'json' | 'md' | 'sarif';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'txt', 'csv', 'json', 'md', 'sarif'];

export interface DiffFormatOptions {
  /** Names of the old and new versions in headers (default `ref1`, `ref2`). */
  readonly refNames?: readonly [string, string];
}

export const DEFAULT_REF_NAMES: readonly [string, string] = ['ref1', 'ref2'];

export interface LineFields {
  readonly type: string;
  readonly src: string;
  readonly dst: string;
  readonly old: string;
  readonly new: string;
  readonly info: string;
}

export function connText(c: ConnSet): string {
  return c.otherProtocols().isEmpty() ? c.toString() : c.toFullString();
}

/** netpol-analyzer's workloads-diff-info of a change (empty when no end is new or gone). */
export function workloadsDiffInfo(c: Change): string {
  const { src, dst } = c.onlyInOneVersion;
  if (!src && !dst) return '';
  const names = [src ? c.src : undefined, dst ? c.dst : undefined].filter((n): n is string => n !== undefined);
  return `workload ${names.join(' and ')} ${c.type}`;
}

export function lineFields(c: Change): LineFields {
  return { type: c.type, src: c.src, dst: c.dst, old: connText(c.old), new: connText(c.new), info: workloadsDiffInfo(c) };
}

/** Each change rendered by `line`, in netpol-analyzer's order (see the file doc). */
export function orderedLines(changes: readonly Change[], line: (f: LineFields) => string): string[] {
  return orderedFields(changes, line).map(line);
}

/** The changes' fields, ordered as their renderings by `key` sort (see the file doc). */
export function orderedFields(changes: readonly Change[], key: (f: LineFields) => string): LineFields[] {
  const out: LineFields[] = [];
  for (const fromIngress of [false, true]) {
    for (const type of CHANGE_TYPES) {
      const group = changes
        .filter((c) => c.type === type && (c.src === INGRESS_CONTROLLER) === fromIngress)
        .map((c) => {
          const f = lineFields(c);
          return { f, k: key(f) };
        })
        .sort((a, b) => compareCodePoints(a.k, b.k));
      out.push(...group.map((x) => x.f));
    }
  }
  return out;
}

/** One line: how many changes of each type, the relation, and what was left undecided. */
export function summaryLine(diff: SnapshotDiff): string {
  const n = countChanges(diff.changes);
  const total = diff.changes.length;
  const parts = [
    total === 0
      ? 'no connectivity changes'
      : `${total} connectivity ${total === 1 ? 'change' : 'changes'} (${n.changed} changed, ${n.added} added, ${n.removed} removed)`,
  ];
  const undecided = diff.unknown.old.length + diff.unknown.new.length;
  if (undecided === 0) parts.push(describeRelation(diff.relation));
  else {
    // The relation only covers decided flows: an undecided one may be allowed in either version.
    parts.push(`over decided connections, ${describeRelation(diff.relation)}`);
    parts.push(`${undecided} ${undecided === 1 ? 'pair has' : 'pairs have'} undecided connections (source ports, ICMP types or constructs netpolc does not model)`);
    const proved = diff.proved;
    if (proved) parts.push(proved.relation ? `over every flow (Z3): ${describeRelation(proved.relation)}` : `over every flow (Z3): unknown (${proved.reason ?? 'undecided'})`);
  }
  return `${diff.mode} diff: ${parts.join('; ')}`;
}
