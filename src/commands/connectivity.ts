/**
 * `connectivity`: the allowed connections of a cluster snapshot, between workloads (or pods) and
 * external address blocks. The library function behind `netpolc connectivity`.
 *
 * Output formats are netpol-analyzer's (`report/connlist/`); connections whose verdict is
 * `unknown` are never listed as allowed: they come back apart and the text form lists them after
 * a marker line.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { computeConnectivity, type ConnectivityResult } from '../connectivity/compute.js';
import { renderConnlist, sortConnections, type ConnlistFormat } from '../report/connlist/index.js';
import { loadProgram, type InputOptions } from '../pipeline.js';
import type { SourceTexts } from '../yaml/node.js';

export interface ConnectivityCommandOptions extends InputOptions {
  format: ConnlistFormat;
}

export interface ConnectivityReport {
  output: string;
  result: ConnectivityResult;
  diagnostics: Diagnostic[];
  texts: SourceTexts;
}

export async function connectivity(paths: readonly string[], opts: ConnectivityCommandOptions): Promise<ConnectivityReport> {
  const { program, diagnostics, texts } = await loadProgram(paths, opts);
  const result = computeConnectivity(program);
  let output = renderConnlist(opts.format, sortConnections(result.connections));
  if (result.unknown.length > 0 && opts.format === 'txt') {
    const unknown = sortConnections(result.unknown).map((c) => `${c.src} => ${c.dst} : ${c.conn.toString()}`);
    output += `${output === '' || output.endsWith('\n') ? '' : '\n'}unknown (depends on constructs netpolc does not model):\n${unknown.join('\n')}\n`;
  }
  return { output, result, diagnostics, texts };
}
