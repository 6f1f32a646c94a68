/**
 * `validate`: load and validate inputs, and report. The library function behind
 * `netpolc validate`; its JSON shape is documented in the README.
 */
import { readInputs, type InputOptions } from '../pipeline.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { countBySeverity } from '../diagnostics/render.js';
import type { SourceTexts } from '../yaml/node.js';

export interface ValidateReport {
  /** Resources that validated, by kind. */
  resources: Record<string, number>;
  documents: number;
  errors: number;
  warnings: number;
  infos: number;
  diagnostics: Diagnostic[];
}

export async function validate(paths: readonly string[], opts: InputOptions = {}): Promise<{ report: ValidateReport; texts: SourceTexts }> {
  const inputs = await readInputs(paths, opts);
  const byKind: Record<string, number> = {};
  for (const r of inputs.resources) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  const c = countBySeverity(inputs.diagnostics);
  return {
    report: {
      resources: Object.fromEntries(Object.entries(byKind).sort(([a], [b]) => (a < b ? -1 : 1))),
      documents: inputs.documentCount,
      errors: c.error,
      warnings: c.warning,
      infos: c.info,
      diagnostics: sortDiagnostics(inputs.diagnostics),
    },
    texts: inputs.texts,
  };
}
