/**
 * `prove` reports: one file per output format, all rendered from one `ProveReport`. Re-exports
 * and the format switch only.
 */
import { formatProveJson } from './json.js';
import type { ProveReport } from './report.js';
import { formatProveSarif } from './sarif.js';
import { formatProveText } from './text.js';

export { formatProveJson, proveJson } from './json.js';
export { counts, entries, modeText, type ProveMode, type ProveReport, type ReportEntry } from './report.js';
export { formatProveSarif, proveSarif, ruleId, SARIF_SCHEMA } from './sarif.js';
export { formatProveText } from './text.js';

export const PROVE_FORMATS = ['text', 'json', 'sarif'] as const;
export type ProveFormat = (typeof PROVE_FORMATS)[number];

export function renderProve(format: ProveFormat, r: ProveReport): string {
  switch (format) {
    case 'text':
      return formatProveText(r);
    case 'json':
      return formatProveJson(r);
    case 'sarif':
      return formatProveSarif(r);
  }
}
