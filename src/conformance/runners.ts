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
import { parseFocus } from '../connectivity/focus.js';
import { diff } from '../commands/diff.js';
import { CONNLIST_FORMATS, type ConnlistFormat } from '../report/connlist/index.js';
import { NCA_QUERIES, ncaCount, type NcaQuery } from '../analysis/lint/nca/ncaQueries.js';
import { loadProgram } from '../pipeline.js';
import { isNcaRelationQuery, ncaRelationCount, type NcaConfig, type NcaRelationQuery } from '../analysis/nca/relations.js';
import { basename } from 'node:path';
import { CODES } from '../diagnostics/codes.js';
import type { Program } from '../ir/ast.js';

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
 * netpol-analyzer `connlist`: the same library function as `netpolc connectivity`, with its focus
 * options, and with netpol-analyzer's documented readings where netpolc's default differs: an
 * `ipBlock` (and an ANP `networks` peer) matches addresses outside the pods only, and an ANP
 * `nodes` peer is ignored ("it will be ignored, and will not appear in the connectivity results").
 */
export async function runConnlist(c: ConnlistCase): Promise<RunResult> {
  if (!CONNLIST_FORMATS.includes(c.format as ConnlistFormat)) return { skip: `format \`${c.format}\`` };
  const focus = parseFocus({ workloads: c.focusWorkloads, workloadPeers: c.focusWorkloadPeers, direction: c.focusDirection, conn: c.focusConn });
  if ('error' in focus) return { error: focus.error };
  const r = await connectivity([c.inputDir], {
    format: c.format as ConnlistFormat,
    focus,
    lower: { ipBlockScope: 'external', nodePeers: 'never-match' },
  });
  return { output: r.output };
}

/**
 * netpol-analyzer `diff` between two snapshots (ref1 = old, ref2 = new): the same library function
 * as `netpolc diff`, with netpol-analyzer's reading of `ipBlock` and without witnesses (the
 * goldens have no place for them).
 */
export async function runDiff(c: DiffCase): Promise<RunResult> {
  if (c.format !== 'txt' && c.format !== 'csv') return { skip: `format \`${c.format}\`` };
  const r = await diff([c.ref1Dir, c.ref2Dir], { format: c.format, lower: { ipBlockScope: 'external' }, witnesses: false });
  return r.ok ? { output: r.output } : { error: r.error };
}

/**
 * network-config-analyzer scheme queries (`output` is the golden text, or the numeric result).
 * The two-config queries (equivalence, containment, permits, …) go to `runNcaRelation` below.
 * The six single-configuration lint queries (`analysis/lint/nca/ncaQueries.ts`) are run; each
 * config of the query is loaded and lowered with NCA's reading of ipBlock (addresses outside the
 * pods), the counts are summed as NCA sums its sub-queries, and the sum is the output. Skipped,
 * with the reason: other query types; inputs netpolc rejects (errors that drop a document);
 * inputs given as URLs or absent from the corpus; Istio resources (out of scope); Kubernetes
 * Ingress resources (NCA's ingress layer, which these queries count); Calico host endpoints (not
 * modelled; NCA treats them as peers).
 */
export async function runNcaQuery(c: NcaQueryCase): Promise<RunResult> {
  if (isNcaRelationQuery(c.query)) return runNcaRelation(c, c.query);
  if (!(NCA_QUERIES as readonly string[]).includes(c.query)) return { skip: `query \`${c.query}\` is not run by netpolc` };
  let total = 0;
  for (const name of c.configs) {
    const program = await loadNcaConfig(c, name);
    if ('output' in program || 'skip' in program || 'error' in program) return program;
    const endpoints = c.outputConfiguration?.['outputEndpoints'] === 'pods' ? 'pods' : 'deployments';
    total += await ncaCount(program, c.query as NcaQuery, { endpoints });
  }
  if (c.expected === null || c.expected === undefined) return { skip: `NCA records no expected count for this query (netpolc counts ${total})` };
  // The harness compares with the golden file when there is one; NCA's report text is not
  // reproduced, so say how the count compares instead of failing on the wording.
  if (c.expectedOutput !== undefined)
    return { skip: `NCA's report text (${basename(c.expectedOutput)}) is not reproduced; the count ${total} ${total === c.expected ? 'equals' : 'differs from'} NCA's ${String(c.expected)}` };
  return { output: String(total) };
}

/**
 * One config of an NCA scheme as a program, read as the lint queries read it (above), or why it
 * cannot be: the same skips.
 */
async function loadNcaConfig(c: NcaQueryCase, name: string): Promise<Program | RunResult> {
  const [base, ...rest] = name.split('/');
  const cfg = c.networkConfigs[base!];
  if (!cfg) return { error: `config \`${name}\` is not in the scheme` };
  if (cfg.expectedError) return { skip: `config \`${base}\` expects NCA to report an input error` };
  const paths = [cfg.namespaceList, cfg.podList, ...(cfg.networkPolicyList ?? []), ...(cfg.resourceList ?? [])].filter((x): x is string => typeof x === 'string' && x !== '');
  const url = paths.find((x) => /^https?:/.test(x));
  if (url) return { skip: `input \`${url}\` is a URL (no network access)` };
  const loaded = await loadProgram(paths, { lower: { ipBlockScope: 'external' } });
  const bad = loaded.diagnostics.find((d) => d.severity === 'error' && !('keepsDocument' in CODES[d.code]));
  if (bad) return { skip: `input rejected by validation: ${bad.code} at ${bad.file.replace(/^.*\/tests\//, 'tests/')}:${bad.line} (${bad.message})` };
  if (loaded.diagnostics.some((d) => d.code === 'unknown-kind' && /istio/i.test(d.message))) return { skip: 'Istio resources are out of scope' };
  if (loaded.diagnostics.some((d) => d.code === 'unknown-kind' && /^kind `Ingress` of `networking\.k8s\.io\//.test(d.message)))
    return { skip: 'Kubernetes Ingress resources (NCA\'s ingress layer) are not modelled' };
  if (loaded.diagnostics.some((d) => d.code === 'host-endpoint-not-modelled')) return { skip: 'Calico host endpoints are not modelled (NCA treats them as peers)' };
  if (rest.length === 0) return loaded.program;
  const wanted = rest.length === 3 ? `${rest[1]}/${rest[2]}` : rest.join('/');
  // NCA also finds a namespaced policy by its bare name when that name is unique.
  const byBare = loaded.program.tiers.flatMap((t) => t.policies.map((p) => p.origin.name)).filter((n) => rest.length === 1 && n.endsWith(`/${wanted}`));
  const fallback = new Set(byBare).size === 1 ? byBare[0]! : wanted;
  return onlyPolicy(loaded.program, wanted) ?? onlyPolicy(loaded.program, fallback) ?? { error: `config \`${name}\`: no policy \`${wanted}\`` };
}

/**
 * NCA's two-config queries (`analysis/nca/relations.ts`): every config loaded as above, NCA's
 * numeric result compared with `expected`. A golden report text is not reproduced (skipped with how
 * the count compares), nor is a count NCA does not record.
 */
async function runNcaRelation(c: NcaQueryCase, query: NcaRelationQuery): Promise<RunResult> {
  const configs: NcaConfig[] = [];
  for (const name of c.configs) {
    const p = await loadNcaConfig(c, name);
    if ('output' in p || 'skip' in p || 'error' in p) return p;
    configs.push({ name, program: p });
  }
  const r = await ncaRelationCount(query, configs);
  if ('skip' in r) return r;
  if (c.expected === null || c.expected === undefined) return { skip: `NCA records no expected count for this query (netpolc counts ${r.count})` };
  if (c.expectedOutput !== undefined)
    return { skip: `NCA's report text (${basename(c.expectedOutput)}) is not reproduced; the count ${r.count} ${r.count === c.expected ? 'equals' : 'differs from'} NCA's ${String(c.expected)}` };
  return { output: String(r.count) };
}

/** The program with only the policy the NCA config set names (`ns/name`, or `name` when global). */
function onlyPolicy(program: Program, name: string): Program | undefined {
  const found = program.tiers.some((t) => t.policies.some((p) => p.origin.name === name));
  if (!found) return undefined;
  const keepProfiles = program.tiers.some((t) => t.policies.some((p) => p.origin.name === name && p.origin.kind === 'Profile'));
  return {
    ...program,
    tiers: program.tiers
      .map((t) => ({ ...t, policies: t.policies.filter((p) => p.origin.name === name || (keepProfiles && p.origin.file.startsWith('<'))) }))
      .filter((t) => t.policies.length > 0),
  };
}

export const RUNNERS: Readonly<Record<CaseKind, RunnerEntry>> = {
  connlist: {
    run: runConnlist as Runner,
    supports: { kinds: [], options: ['focusWorkloads', 'focusWorkloadPeers', 'focusDirection', 'focusConn'] },
  },
  diff: { run: runDiff as Runner, supports: { kinds: [], options: [] } },
  'nca-query': { run: runNcaQuery as Runner, supports: { kinds: [], options: [] } },
};
