/**
 * The runners the conformance harness calls, one per case kind, registered in one table with what
 * each supports. Adding a feature = implementing its runner here and widening its `supports`.
 *
 * Stage: conformance. Input → output: a case → `{ output }` (the text to compare with the golden),
 * `{ skip }` (reason names what is missing) or `{ error }` (the run itself broke).
 * Contract: a runner never throws for a bad input (it returns `{ error }`); it is only called for
 * cases whose resource kinds and options are all within its `supports` (the harness checks first,
 * see `unsupportedFeatures`).
 */
import type { CaseKind, ConformanceCase, ConnlistCase, DiffCase, NcaQueryCase } from './manifest.js';
import { connectivity } from '../commands/connectivity.js';
import { CONNLIST_FORMATS, type ConnlistFormat } from '../report/connlist/index.js';

export type RunResult = { output: string } | { skip: string } | { error: string };
export type Runner<C extends ConformanceCase = ConformanceCase> = (c: C) => Promise<RunResult>;

/** Case options a runner may or may not handle yet. */
export type CaseOption =
  | 'focusWorkloads'
  | 'focusWorkloadPeers'
  | 'focusDirection'
  | 'focusConn'
  | 'exposureAnalysis'
  | 'multipleNetworksEnabled';

export interface Capabilities {
  /** Of the kinds in `SPECIAL_KINDS`, those the runner handles; other kinds are always accepted. */
  readonly kinds: readonly string[];
  readonly options: readonly CaseOption[];
}

export interface RunnerEntry {
  readonly run: Runner;
  readonly supports: Capabilities;
}

/**
 * Resource kinds with OpenShift/OVN-specific semantics (netpol-analyzer's `usesOnlyCoreKinds =
 * false`), by the name a skip reason shows.
 */
export const SPECIAL_KINDS: Readonly<Record<string, string>> = {
  Route: 'OpenShift Route',
  Ingress: 'Ingress',
  UserDefinedNetwork: 'UserDefinedNetwork',
  ClusterUserDefinedNetwork: 'ClusterUserDefinedNetwork',
  NetworkAttachmentDefinition: 'NetworkAttachmentDefinition',
  VirtualMachine: 'VirtualMachine',
  VirtualMachineInstance: 'VirtualMachineInstance',
  MultiNetworkPolicy: 'MultiNetworkPolicy',
};

/** What a case needs that `supports` lacks, in display form; empty when the runner can take it. */
export function unsupportedFeatures(c: ConformanceCase, supports: Capabilities): string[] {
  const out: string[] = [];
  for (const kind of c.resourceKinds) {
    const shown = SPECIAL_KINDS[kind];
    if (shown && !supports.kinds.includes(kind)) out.push(shown);
  }
  const used: CaseOption[] = [];
  if (c.kind === 'connlist') {
    if (c.focusWorkloads.length > 0) used.push('focusWorkloads');
    if (c.focusWorkloadPeers.length > 0) used.push('focusWorkloadPeers');
    if (c.focusDirection !== '') used.push('focusDirection');
    if (c.focusConn !== '') used.push('focusConn');
    if (c.exposureAnalysis) used.push('exposureAnalysis');
  }
  if (c.kind !== 'nca-query' && c.multipleNetworksEnabled) used.push('multipleNetworksEnabled');
  out.push(...used.filter((o) => !supports.options.includes(o)));
  return out;
}

/**
 * netpol-analyzer `connlist`: the same library function as `netpolc connectivity`, with
 * netpol-analyzer's reading of `ipBlock` (addresses outside the pods).
 */
export async function runConnlist(c: ConnlistCase): Promise<RunResult> {
  if (!CONNLIST_FORMATS.includes(c.format as ConnlistFormat)) return { skip: `format \`${c.format}\`` };
  const r = await connectivity([c.inputDir], { format: c.format as ConnlistFormat, lower: { ipBlockScope: 'external' } });
  return { output: r.output };
}

/** netpol-analyzer `diff` between two snapshots (ref1 = old, ref2 = new). */
export async function runDiff(_c: DiffCase): Promise<RunResult> {
  return { skip: 'diff not implemented yet' };
}

/** network-config-analyzer scheme queries (`output` is the golden text, or the numeric result). */
export async function runNcaQuery(_c: NcaQueryCase): Promise<RunResult> {
  return { skip: 'not implemented yet' };
}

export const RUNNERS: Readonly<Record<CaseKind, RunnerEntry>> = {
  connlist: { run: runConnlist as Runner, supports: { kinds: [], options: [] } },
  diff: { run: runDiff as Runner, supports: { kinds: [], options: [] } },
  'nca-query': { run: runNcaQuery as Runner, supports: { kinds: [], options: [] } },
};
