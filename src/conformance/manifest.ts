/**
 * Conformance suites as data: reads a suite folder's manifest(s) into one list of typed cases.
 *
 * Stage: conformance (test tooling; reads files, imports nothing of the pipeline).
 * Input → output: a suite directory → `{ name, cases, problems }`.
 * Layouts understood (both may sit in one folder):
 * - `MANIFEST.cases.json` (np-guard netpol-analyzer): `{ cases: [...] }`, kind `connlist` (inputDir,
 *   focus options, exposureAnalysis, multipleNetworksEnabled, format) or `diff` (ref1Dir = old,
 *   ref2Dir = new), each with an `expectedOutput` golden and the `resourceKinds` its inputs contain.
 * - `MANIFEST.queries.json` (network-config-analyzer): a flat list of queries (scheme, index, name,
 *   query type, configs, numeric `expected`, optional `expectedOutput`) and, per scheme, a
 *   `networkConfigs` table; each query case carries its scheme's table.
 * Contract: paths in cases are absolute; ids are unique within a suite and stable across runs
 * (connlist/diff: the golden's path under `test_outputs/`; queries: `<scheme>#<index>`). A malformed
 * entry is reported in `problems` and left out, never thrown.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export type CaseKind = 'connlist' | 'diff' | 'nca-query';

interface CaseBase {
  readonly id: string;
  readonly suite: string;
  /** Absolute path of the expected output file, when the case has one. */
  readonly expectedOutput?: string;
  /** Resource kinds found in the inputs (netpol-analyzer suites; empty when unknown). */
  readonly resourceKinds: readonly string[];
}

export interface ConnlistCase extends CaseBase {
  readonly kind: 'connlist';
  readonly inputDir: string;
  readonly format: string;
  readonly focusWorkloads: readonly string[];
  readonly focusWorkloadPeers: readonly string[];
  /** `''`, `ingress` or `egress`. */
  readonly focusDirection: string;
  /** `''` or e.g. `udp-52`. */
  readonly focusConn: string;
  readonly exposureAnalysis: boolean;
  readonly multipleNetworksEnabled: boolean;
}

export interface DiffCase extends CaseBase {
  readonly kind: 'diff';
  /** The old snapshot. */
  readonly ref1Dir: string;
  /** The new snapshot. */
  readonly ref2Dir: string;
  readonly format: string;
  readonly multipleNetworksEnabled: boolean;
}

export interface NcaNetworkConfig {
  readonly namespaceList?: string | null;
  readonly podList?: string | null;
  readonly networkPolicyList?: readonly string[];
  readonly resourceList?: readonly string[];
  readonly expectedWarnings?: number | null;
  readonly expectedError?: unknown;
}

export interface NcaQueryCase extends CaseBase {
  readonly kind: 'nca-query';
  readonly scheme: string;
  readonly index: number;
  readonly name: string;
  /** The query type: `connectivityMap`, `equivalence`, `containment`, … */
  readonly query: string;
  readonly configs: readonly string[];
  /** The query's numeric result, when the scheme states one. */
  readonly expected: number | null;
  readonly outputConfiguration: Readonly<Record<string, unknown>> | null;
  readonly area: string;
  /** The scheme's network configurations by name (paths absolute). */
  readonly networkConfigs: Readonly<Record<string, NcaNetworkConfig>>;
}

export type ConformanceCase = ConnlistCase | DiffCase | NcaQueryCase;

export interface Suite {
  readonly name: string;
  readonly dir: string;
  readonly cases: readonly ConformanceCase[];
  /** Manifest entries that could not be read, with why. */
  readonly problems: readonly string[];
}

export const NETPOL_ANALYZER_MANIFEST = 'MANIFEST.cases.json';
export const NCA_MANIFEST = 'MANIFEST.queries.json';

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads every manifest in `dir`; a folder with none gives a problem and no cases. */
export function loadSuite(dir: string): Suite {
  const abs = resolve(dir);
  const name = basename(abs);
  const cases: ConformanceCase[] = [];
  const problems: string[] = [];
  const read = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(abs, file), 'utf8')) as unknown;
    } catch (e) {
      problems.push(`${file}: ${(e as Error).message}`);
      return undefined;
    }
  };
  const found = [NETPOL_ANALYZER_MANIFEST, NCA_MANIFEST].filter((f) => existsSync(join(abs, f)));
  if (found.length === 0) problems.push(`no ${NETPOL_ANALYZER_MANIFEST} or ${NCA_MANIFEST} in \`${abs}\``);
  if (found.includes(NETPOL_ANALYZER_MANIFEST)) {
    const m = read(NETPOL_ANALYZER_MANIFEST);
    const list = isObj(m) && Array.isArray(m.cases) ? m.cases : undefined;
    if (m !== undefined && !list) problems.push(`${NETPOL_ANALYZER_MANIFEST}: no \`cases\` list`);
    for (const [i, raw] of (list ?? []).entries()) {
      const c = netpolAnalyzerCase(abs, name, raw);
      if (typeof c === 'string') problems.push(`${NETPOL_ANALYZER_MANIFEST} case ${i}: ${c}`);
      else cases.push(c);
    }
  }
  if (found.includes(NCA_MANIFEST)) {
    const m = read(NCA_MANIFEST);
    if (m !== undefined && !Array.isArray(m)) problems.push(`${NCA_MANIFEST}: not a list`);
    const entries = Array.isArray(m) ? m.filter(isObj) : [];
    const configs = new Map<string, Record<string, NcaNetworkConfig>>();
    for (const e of entries) {
      const scheme = str(e.scheme);
      if (scheme && isObj(e.networkConfigs)) configs.set(scheme, absoluteConfigs(abs, e.networkConfigs));
    }
    for (const [i, e] of entries.entries()) {
      if (!('query' in e)) continue;
      const c = ncaCase(abs, name, e, configs);
      if (typeof c === 'string') problems.push(`${NCA_MANIFEST} entry ${i}: ${c}`);
      else cases.push(c);
    }
  }
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) problems.push(`duplicate case id \`${c.id}\``);
    seen.add(c.id);
  }
  return { name, dir: abs, cases, problems };
}

function netpolAnalyzerCase(dir: string, suite: string, raw: unknown): ConformanceCase | string {
  if (!isObj(raw)) return 'not an object';
  const expected = str(raw.expectedOutput);
  const format = str(raw.format);
  if (!expected || !format) return 'missing `expectedOutput` or `format`';
  const base = {
    id: expected.replace(/^test_outputs\//, ''),
    suite,
    expectedOutput: join(dir, expected),
    resourceKinds: strs(raw.resourceKinds),
    format,
    multipleNetworksEnabled: raw.multipleNetworksEnabled === true,
  };
  if (raw.kind === 'connlist') {
    const input = str(raw.inputDir);
    if (!input) return 'connlist case without `inputDir`';
    return {
      ...base,
      kind: 'connlist',
      inputDir: join(dir, input),
      focusWorkloads: strs(raw.focusWorkloads),
      focusWorkloadPeers: strs(raw.focusWorkloadPeers),
      focusDirection: str(raw.focusDirection) ?? '',
      focusConn: str(raw.focusConn) ?? '',
      exposureAnalysis: raw.exposureAnalysis === true,
    };
  }
  if (raw.kind === 'diff') {
    const ref1 = str(raw.ref1Dir);
    const ref2 = str(raw.ref2Dir);
    if (!ref1 || !ref2) return 'diff case without `ref1Dir`/`ref2Dir`';
    return { ...base, kind: 'diff', ref1Dir: join(dir, ref1), ref2Dir: join(dir, ref2) };
  }
  return `unknown kind \`${String(raw.kind)}\``;
}

function ncaCase(dir: string, suite: string, e: Json, configs: Map<string, Record<string, NcaNetworkConfig>>): NcaQueryCase | string {
  const scheme = str(e.scheme);
  const query = str(e.query);
  if (!scheme || !query || typeof e.index !== 'number') return 'missing `scheme`, `query` or `index`';
  const expectedOutput = str(e.expectedOutput);
  return {
    id: `${scheme.replace(/^tests\//, '')}#${e.index}`,
    suite,
    kind: 'nca-query',
    ...(expectedOutput ? { expectedOutput: join(dir, expectedOutput) } : {}),
    resourceKinds: [],
    scheme: join(dir, scheme),
    index: e.index,
    name: str(e.name) ?? '',
    query,
    configs: strs(e.configs),
    expected: typeof e.expected === 'number' ? e.expected : null,
    outputConfiguration: isObj(e.outputConfiguration) ? e.outputConfiguration : null,
    area: str(e.area) ?? '',
    networkConfigs: configs.get(scheme) ?? {},
  };
}

function absoluteConfigs(dir: string, table: Json): Record<string, NcaNetworkConfig> {
  const out: Record<string, NcaNetworkConfig> = {};
  const abs = (p: unknown) => (typeof p === 'string' && !/^https?:/.test(p) ? join(dir, p) : str(p) ?? null);
  for (const [name, v] of Object.entries(table)) {
    if (!isObj(v)) continue;
    out[name] = {
      namespaceList: abs(v.namespaceList),
      podList: abs(v.podList),
      networkPolicyList: strs(v.networkPolicyList).map((p) => abs(p) ?? p),
      resourceList: strs(v.resourceList).map((p) => abs(p) ?? p),
      expectedWarnings: typeof v.expectedWarnings === 'number' ? v.expectedWarnings : null,
      expectedError: v.expectedError ?? null,
    };
  }
  return out;
}
