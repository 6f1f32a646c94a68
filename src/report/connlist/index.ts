/**
 * The connlist formats, registered in one table: `renderConnlist(format, conns)` is the single
 * entry point the CLI and the conformance runners use.
 *
 * Stage: report (connlist). Input → output: format name + `Connection[]` → text.
 * Contract: every renderer sorts by itself (callers may pass connections in any order) and is pure.
 */
import type { Connection, ConnlistFormat, ConnlistOptions } from './connection.js';
import { renderCsv } from './csv.js';
import { renderDot } from './dot.js';
import { renderJson } from './json.js';
import { renderMd } from './md.js';
import { renderTxt } from './txt.js';

export const CONNLIST_RENDERERS: Readonly<
  Record<ConnlistFormat, (conns: readonly Connection[], opts?: ConnlistOptions) => string>
> = {
  txt: renderTxt,
  json: renderJson,
  csv: renderCsv,
  md: renderMd,
  dot: renderDot,
};

export function renderConnlist(format: ConnlistFormat, conns: readonly Connection[], opts: ConnlistOptions = {}): string {
  return CONNLIST_RENDERERS[format](conns, opts);
}

export * from './connection.js';
export { parseConnlistTxt } from './parse.js';
