/**
 * The diff formats, registered in one table: `renderDiff(format, diff)` is the single entry point
 * the CLI and the conformance runner use.
 *
 * Stage: report (diff). Input → output: format name + `SnapshotDiff` → text.
 * Contract: renderers are pure and order lines themselves. `txt` and `csv` are netpol-analyzer's
 * byte for byte (its goldens check them); `text` is txt plus netpolc's summary; `json`, `md` and
 * `sarif` are netpolc's (each file documents its shape).
 */
import type { SnapshotDiff } from '../../analysis/diff/types.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderMd } from './md.js';
import { renderSarif } from './sarif.js';
import { renderText, renderTxt } from './txt.js';
import type { DiffFormat, DiffFormatOptions } from './lines.js';

export const DIFF_RENDERERS: Readonly<Record<DiffFormat, (diff: SnapshotDiff, opts?: DiffFormatOptions) => string>> = {
  text: renderText,
  txt: renderTxt,
  csv: renderCsv,
  json: renderJson,
  md: renderMd,
  sarif: renderSarif,
};

export function renderDiff(format: DiffFormat, diff: SnapshotDiff, opts: DiffFormatOptions = {}): string {
  return DIFF_RENDERERS[format](diff, opts);
}

export { DIFF_FORMATS, DEFAULT_REF_NAMES, connText, summaryLine, workloadsDiffInfo, type DiffFormat, type DiffFormatOptions } from './lines.js';
