/**
 * The registered subcommands: each one parses nothing itself (main.ts does) and calls one
 * library function. Commands whose issue has not landed say so and exit 2.
 */
import { validate } from '../commands/validate.js';
import { compile } from '../commands/compile.js';
import { connectivity } from '../commands/connectivity.js';
import { parseFocus } from '../connectivity/focus.js';
import { explain } from '../commands/explain.js';
import { diff } from '../commands/diff.js';
import { DIFF_FORMATS, type DiffFormat } from '../report/diff/index.js';
import { emitSmt2, proveCommand } from '../commands/prove.js';
import { PROVE_FORMATS, type ProveFormat } from '../report/prove/index.js';
import { renderDiagnostics, plural } from '../diagnostics/render.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { InputOptions } from '../pipeline.js';
import type { LowerOptions } from '../lower/types.js';
import { CONNLIST_FORMATS, type ConnlistFormat } from '../report/connlist/index.js';
import type { SourceTexts } from '../yaml/node.js';
import { readStdin } from './stdin.js';
import { readFileSync } from 'node:fs';
import { lintPaths } from '../commands/lint.js';
import { LINT_FORMATS, type LintFormat } from '../report/lint/index.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  arg?: string;
  help: string;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  run(values: Values, positionals: string[]): Promise<number>;
}

const FORMAT: OptionSpec = { type: 'string', arg: 'text|json', default: 'text', help: 'output format' };

function format(values: Values, allowed: readonly string[]): string | undefined {
  const f = String(values.format ?? 'text');
  if (!allowed.includes(f)) {
    process.stderr.write(`netpolc: unknown --format \`${f}\`; use one of ${allowed.join(', ')}\n`);
    return undefined;
  }
  return f;
}

function needPaths(cmd: string, paths: string[]): boolean {
  if (paths.length > 0) return true;
  process.stderr.write(`netpolc ${cmd}: give at least one path (a file, a folder, or - for stdin)\n`);
  return false;
}

const validateCommand: Command = {
  name: 'validate',
  usage: '[--format text|json] [--quiet] <paths…>',
  summary: 'load and validate policies and cluster objects; report every problem with its position',
  options: {
    format: FORMAT,
    quiet: { type: 'boolean', short: 'q', help: 'leave out info diagnostics (skipped kinds)' },
  },
  async run(values, paths) {
    const fmt = format(values, ['text', 'json']);
    if (!fmt || !needPaths('validate', paths)) return 2;
    const { report, texts } = await validate(paths, { readStdin });
    if (fmt === 'json') {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    } else {
      const shown = renderDiagnostics(report.diagnostics, { texts, quiet: Boolean(values.quiet) });
      if (shown) process.stdout.write(shown + '\n\n');
      const total = Object.values(report.resources).reduce((a, b) => a + b, 0);
      const kinds = Object.entries(report.resources).map(([k, n]) => `${n} ${k}`).join(', ');
      process.stdout.write(
        `${plural(report.documents, 'document')}, ${plural(total, 'valid resource')}${kinds ? ` (${kinds})` : ''}; ` +
          `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}\n`,
      );
    }
    return report.errors > 0 ? 2 : 0;
  },
};

const IPBLOCK: OptionSpec = {
  type: 'string',
  arg: 'any|external',
  default: 'any',
  help: 'whether a Kubernetes ipBlock matches pod addresses (any: Calico\'s behaviour; external: only non-pod addresses)',
};

/** Input options shared by the commands that lower to the IR; undefined after a usage error. */
function inputOptions(values: Values): InputOptions | undefined {
  const scope = String(values['ipblock-scope'] ?? 'any');
  if (scope !== 'any' && scope !== 'external') {
    process.stderr.write(`netpolc: unknown --ipblock-scope \`${scope}\`; use any or external\n`);
    return undefined;
  }
  const lower: Partial<LowerOptions> = { ipBlockScope: scope };
  return { readStdin, lower };
}

/**
 * Diagnostics of an analysis go to stderr, so that stdout carries only the result; input errors
 * make the exit code 2 even though the valid documents were analysed.
 */
function reportInputProblems(ds: readonly Diagnostic[], texts: SourceTexts): boolean {
  const shown = renderDiagnostics(ds, { texts, quiet: true });
  if (shown) process.stderr.write(shown + '\n');
  return ds.some((d) => d.severity === 'error');
}

const compileCommand: Command = {
  name: 'compile',
  usage: '[--emit ir|smt2] [--mode universal|snapshot] [--ipblock-scope any|external] <paths…>',
  summary: 'print the IR: what the policies really mean, every default written out (or its SMT-LIB encoding)',
  options: {
    emit: { type: 'string', arg: 'ir|smt2', default: 'ir', help: 'what to emit: the IR, or the SMT-LIB 2 encoding Z3 is given' },
    mode: { type: 'string', arg: 'universal|snapshot', default: 'universal', help: 'for smt2: quantify over every possible pod, or over the snapshot' },
    'ipblock-scope': IPBLOCK,
  },
  async run(values, paths) {
    const emit = String(values.emit ?? 'ir');
    if (emit !== 'ir' && emit !== 'smt2') {
      process.stderr.write(`netpolc compile: unknown --emit \`${emit}\`; use ir or smt2\n`);
      return 2;
    }
    const mode = proveMode(values);
    const inputs = inputOptions(values);
    if (!mode || !inputs || !needPaths('compile', paths)) return 2;
    const r = emit === 'smt2' ? await emitSmt2(paths, { ...inputs, mode }) : await compile(paths, { ...inputs, emit: 'ir' });
    process.stdout.write(r.output);
    return reportInputProblems(r.diagnostics, r.texts) ? 2 : 0;
  },
};

/** A repeatable option whose values may also be comma-separated (`--focus-workload a,b`). */
function listOption(v: string | boolean | string[] | undefined): string[] {
  const all = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return all.flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '');
}

const connectivityCommand: Command = {
  name: 'connectivity',
  usage:
    '[--format txt|json|csv|md|dot] [--ipblock-scope any|external] [--focus-workload <w>…] [--focus-workload-peer <w>…] ' +
    '[--focus-direction ingress|egress] [--focus-conn <proto-port>] <paths…>',
  summary: 'the allowed connections of a cluster snapshot, between workloads and external address blocks',
  options: {
    format: { type: 'string', arg: CONNLIST_FORMATS.join('|'), default: 'txt', help: 'output format (netpol-analyzer\'s)' },
    'ipblock-scope': IPBLOCK,
    'focus-workload': {
      type: 'string',
      multiple: true,
      arg: 'name|ns/name',
      help: 'only connections from or to these workloads (repeat or separate with commas)',
    },
    'focus-workload-peer': {
      type: 'string',
      multiple: true,
      arg: 'name|ns/name',
      help: 'with --focus-workload: only connections between a focus workload and these workloads',
    },
    'focus-direction': { type: 'string', arg: 'ingress|egress', help: 'with --focus-workload: only connections into (ingress) or out of (egress) them' },
    'focus-conn': { type: 'string', arg: 'proto-port', help: 'only pairs that allow this connection, e.g. udp-52 (tcp, udp or sctp)' },
  },
  async run(values, paths) {
    const fmt = format({ ...values, format: values.format ?? 'txt' }, CONNLIST_FORMATS);
    const inputs = inputOptions(values);
    if (!fmt || !inputs || !needPaths('connectivity', paths)) return 2;
    const focus = parseFocus({
      workloads: listOption(values['focus-workload']),
      workloadPeers: listOption(values['focus-workload-peer']),
      direction: typeof values['focus-direction'] === 'string' ? values['focus-direction'] : '',
      conn: typeof values['focus-conn'] === 'string' ? values['focus-conn'] : '',
    });
    if ('error' in focus) {
      process.stderr.write(`netpolc connectivity: ${focus.error}\n`);
      return 2;
    }
    const r = await connectivity(paths, { ...inputs, format: fmt as ConnlistFormat, focus });
    process.stdout.write(r.output.endsWith('\n') || r.output === '' ? r.output : r.output + '\n');
    for (const n of r.notes) process.stderr.write(`netpolc connectivity: note: ${n}\n`);
    return reportInputProblems(r.diagnostics, r.texts) ? 2 : 0;
  },
};

const explainCommand: Command = {
  name: 'explain',
  usage: '--from <ns/pod|IP> --to <ns/pod|IP> --port <proto/port> [--format text|json] <paths…>',
  summary: 'the verdict of one flow, and the tier → policy → rule trace of each direction',
  options: {
    from: { type: 'string', arg: 'ns/pod|IP', help: 'the source: a pod or workload `ns/name`, or an address' },
    to: { type: 'string', arg: 'ns/pod|IP', help: 'the destination' },
    port: { type: 'string', arg: 'proto/port', help: 'e.g. tcp/80, udp/53, icmp/8/0' },
    format: FORMAT,
    'ipblock-scope': IPBLOCK,
  },
  async run(values, paths) {
    const fmt = format(values, ['text', 'json']);
    const inputs = inputOptions(values);
    if (!fmt || !inputs || !needPaths('explain', paths)) return 2;
    for (const k of ['from', 'to', 'port']) {
      if (typeof values[k] !== 'string') {
        process.stderr.write(`netpolc explain: --${k} is required\n`);
        return 2;
      }
    }
    const r = await explain(paths, { ...inputs, from: String(values.from), to: String(values.to), port: String(values.port) });
    const bad = reportInputProblems(r.diagnostics, r.texts);
    if (!r.ok) {
      process.stderr.write(`netpolc explain: ${r.error}\n`);
      return 2;
    }
    if (fmt === 'json') {
      const { verdict, egress, ingress, notes } = r.evaluation;
      process.stdout.write(JSON.stringify({ verdict, egress, ingress, notes }, null, 2) + '\n');
    } else process.stdout.write(r.text + '\n');
    return bad ? 2 : 0;
  },
};

/** `--mode`, checked; undefined after a usage error. */
function proveMode(values: Values): 'universal' | 'snapshot' | undefined {
  const mode = String(values.mode ?? 'universal');
  if (mode === 'universal' || mode === 'snapshot') return mode;
  process.stderr.write(`netpolc: unknown --mode \`${mode}\`; use universal or snapshot\n`);
  return undefined;
}

const proveCmd: Command = {
  name: 'prove',
  usage:
    '--properties <file> [--mode universal|snapshot] [--timeout ms] [--format text|json|sarif] [--any-namespace-labels] [--pod-cidr <cidr>] <paths…>',
  summary: 'prove properties for every pod that could exist, or refute them with a witness',
  options: {
    properties: { type: 'string', short: 'p', arg: 'file', help: 'the property file (see grammar/property.ohm)' },
    mode: { type: 'string', arg: 'universal|snapshot', default: 'universal', help: 'every pod that could exist, or the pods of the snapshot' },
    timeout: { type: 'string', arg: 'ms', help: 'solver time limit per query, in milliseconds' },
    format: { type: 'string', arg: PROVE_FORMATS.join('|'), default: 'text', help: 'output format' },
    'any-namespace-labels': { type: 'boolean', help: 'universal mode: the snapshot\'s namespaces may carry any labels, not only those listed' },
    'pod-cidr': { type: 'string', arg: 'cidr', help: 'every pod address lies in this CIDR (universal mode)' },
    'ipblock-scope': IPBLOCK,
  },
  async run(values, paths) {
    const fmt = format(values, PROVE_FORMATS);
    const mode = proveMode(values);
    const inputs = inputOptions(values);
    if (!fmt || !mode || !inputs || !needPaths('prove', paths)) return 2;
    if (typeof values.properties !== 'string') {
      process.stderr.write('netpolc prove: --properties <file> is required\n');
      return 2;
    }
    let timeoutMs: number | undefined;
    if (values.timeout !== undefined) {
      timeoutMs = Number(values.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
        process.stderr.write(`netpolc prove: --timeout \`${String(values.timeout)}\` is not a positive number of milliseconds\n`);
        return 2;
      }
    }
    const r = await proveCommand(paths, {
      ...inputs,
      properties: values.properties,
      mode,
      format: fmt as ProveFormat,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(values['any-namespace-labels'] ? { anyNamespaceLabels: true } : {}),
      ...(typeof values['pod-cidr'] === 'string' ? { podCidr: values['pod-cidr'] } : {}),
    });
    if (r.usageError !== undefined) {
      process.stderr.write(`netpolc prove: ${r.usageError}\n`);
      return 2;
    }
    reportInputProblems(r.diagnostics, r.texts);
    process.stdout.write(r.output);
    return r.exitCode;
  },
};

export const COMMANDS: Command[] = [
  validateCommand,
  compileCommand,
  explainCommand,
  connectivityCommand,
  proveCmd,
  {
    name: 'lint',
    usage: '[--mode snapshot|universal] [--fail-on error|warning|info] [--format text|json|sarif] [--ipblock-scope any|external] <paths…>',
    summary: 'shadowed, redundant, conflicting and empty rules, selectors that select nothing, blocked DNS',
    options: {
      mode: { type: 'string', arg: 'snapshot|universal', default: 'snapshot', help: 'snapshot: over the pods in the inputs; universal: every pod that could exist (Z3); cluster checks need pods and run in snapshot mode only' },
      'fail-on': { type: 'string', arg: 'error|warning|info', default: 'warning', help: 'exit 1 when a finding is at least this severe' },
      format: { type: 'string', arg: 'text|json|sarif', default: 'text', help: 'output format (SARIF 2.1.0 for code scanning)' },
      'ipblock-scope': IPBLOCK,
    },
    async run(values, paths) {
      const fmt = format(values, LINT_FORMATS);
      const mode = String(values.mode ?? 'snapshot');
      const failOn = String(values['fail-on'] ?? 'warning');
      if (mode !== 'snapshot' && mode !== 'universal') {
        process.stderr.write(`netpolc lint: unknown --mode \`${mode}\`; use snapshot or universal\n`);
        return 2;
      }
      if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'info') {
        process.stderr.write(`netpolc lint: unknown --fail-on \`${failOn}\`; use error, warning or info\n`);
        return 2;
      }
      const inputs = inputOptions(values);
      if (!fmt || !inputs || !needPaths('lint', paths)) return 2;
      const version = (() => {
        try {
          return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
        } catch {
          return 'unknown';
        }
      })();
      const r = await lintPaths(paths, { ...inputs, mode, failOn, format: fmt as LintFormat, version });
      reportInputProblems(r.diagnostics, r.texts);
      if (!r.ok) {
        process.stderr.write(`netpolc lint: ${r.error}\n`);
        return 2;
      }
      process.stdout.write(r.output);
      return r.exitCode;
    },
  },
  {
    name: 'diff',
    usage: '[--mode auto|snapshot|universal] [--format text|txt|csv|json|md|sarif] [--relation] [--base <rev>] <old> <new> | --base <rev> <path>',
    summary: 'what a policy change newly allows or denies: changed, added and removed connections per endpoint pair',
    options: {
      format: { type: 'string', arg: DIFF_FORMATS.join('|'), default: 'text', help: 'output format (txt and csv are netpol-analyzer\'s)' },
      base: { type: 'string', arg: 'rev', help: 'compare <path> with its version at this git revision' },
      relation: { type: 'boolean', help: 'print only the relation: equivalent, old-subset-new, new-subset-old or incomparable' },
      mode: {
        type: 'string',
        arg: 'auto|snapshot|universal',
        default: 'auto',
        help: 'snapshot: per endpoint pair of the given clusters; universal: regions of flows between any pods that could exist (Z3); auto: snapshot when either version has pods, else universal',
      },
      'old-name': { type: 'string', arg: 'name', default: 'ref1', help: 'the old version\'s name in headers' },
      'new-name': { type: 'string', arg: 'name', default: 'ref2', help: 'the new version\'s name in headers' },
      'all-protocols': { type: 'boolean', help: 'also compare protocols other than TCP, UDP and SCTP (ICMP, …)' },
      'max-regions': { type: 'string', arg: 'n', help: 'universal mode: stop after this many regions (default 32)' },
      timeout: { type: 'string', arg: 'ms', help: 'universal mode: solver time limit per query, in milliseconds (default 10000)' },
      'ipblock-scope': IPBLOCK,
    },
    async run(values, paths) {
      const fmt = format(values, DIFF_FORMATS);
      const positive = (name: 'max-regions' | 'timeout'): number | null | undefined => {
        if (values[name] === undefined) return undefined;
        const n = Number(values[name]);
        if (Number.isInteger(n) && n > 0) return n;
        process.stderr.write(`netpolc diff: --${name} \`${String(values[name])}\` is not a positive whole number\n`);
        return null;
      };
      const [maxRegions, timeoutMs] = [positive('max-regions'), positive('timeout')];
      if (maxRegions === null || timeoutMs === null) return 2;
      const inputs = inputOptions(values);
      const mode = String(values.mode ?? 'auto');
      if (!fmt || !inputs) return 2;
      if (mode !== 'snapshot' && mode !== 'universal' && mode !== 'auto') {
        process.stderr.write(`netpolc diff: unknown --mode \`${mode}\`; use auto, snapshot or universal\n`);
        return 2;
      }
      const r = await diff(paths, {
        ...inputs,
        format: fmt as DiffFormat,
        mode,
        refNames: [String(values['old-name'] ?? 'ref1'), String(values['new-name'] ?? 'ref2')],
        ...(typeof values.base === 'string' ? { base: values.base } : {}),
        ...(values.relation ? { relationOnly: true } : {}),
        ...(values['all-protocols'] ? { otherProtocols: true } : {}),
        ...(maxRegions !== undefined ? { maxRegions } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      });
      if (!r.ok) {
        process.stderr.write(`netpolc diff: ${r.error}\n`);
        return 2;
      }
      reportInputProblems(r.diagnostics, r.texts);
      if ('note' in r && r.note) process.stderr.write(`netpolc diff: ${r.note}\n`);
      process.stdout.write(r.output.endsWith('\n') || r.output === '' ? r.output : r.output + '\n');
      return r.exitCode;
    },
  },
  {
    name: 'emit',
    usage: '[--target iptables] -o <dir|-> [--check partition|z3|both] [--ipblock-scope any|external] <paths…>',
    summary: 'iptables-restore and ipset rules for a snapshot, proved equivalent to the IR before they are written',
    options: {
      target: { type: 'string', arg: 'iptables', default: 'iptables', help: 'the dataplane to emit for' },
      output: { type: 'string', short: 'o', arg: 'dir|-', help: 'folder for ipsets.rules, iptables.rules, ip6tables.rules; - for stdout' },
      check: {
        type: 'string',
        arg: 'partition|z3|both',
        default: 'both',
        help: 'how the rules are proved equivalent to the IR before they are written: an exhaustive partition check, Z3, or both',
      },
      'ipblock-scope': IPBLOCK,
    },
    async run(values, paths) {
      const { emit, EMIT_TARGETS, CHECKS, describeEmit, writeEmitted } = await import('../commands/emit.js');
      const check = String(values.check ?? 'both');
      if (!(check in CHECKS)) {
        process.stderr.write(`netpolc emit: unknown --check \`${check}\`; use partition, z3 or both\n`);
        return 2;
      }
      const target = String(values.target ?? 'iptables');
      if (!(EMIT_TARGETS as readonly string[]).includes(target)) {
        process.stderr.write(`netpolc emit: unknown --target \`${target}\`; use one of ${EMIT_TARGETS.join(', ')}\n`);
        return 2;
      }
      if (typeof values.output !== 'string') {
        process.stderr.write('netpolc emit: give -o <dir> for the rule files, or -o - for stdout\n');
        return 2;
      }
      const inputs = inputOptions(values);
      if (!inputs || !needPaths('emit', paths)) return 2;
      const r = await emit(paths, { ...inputs, target: 'iptables', check: check as keyof typeof CHECKS });
      const bad = reportInputProblems(r.diagnostics, r.texts);
      for (const line of describeEmit(r)) process.stderr.write(line + '\n');
      if (bad) {
        process.stderr.write('netpolc emit: nothing written: the input has errors, and rules built from part of it could allow what the rest denies\n');
        return 2;
      }
      if (r.files === null) return 2;
      const text = writeEmitted(r.files, values.output);
      if (text !== null) process.stdout.write(text);
      return 0;
    },
  },
];
