/**
 * The registered subcommands: each one parses nothing itself (main.ts does) and calls one
 * library function. Commands whose issue has not landed say so and exit 2.
 */
import { validate } from '../commands/validate.js';
import { compile } from '../commands/compile.js';
import { connectivity } from '../commands/connectivity.js';
import { explain } from '../commands/explain.js';
import { renderDiagnostics, plural } from '../diagnostics/render.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { InputOptions } from '../pipeline.js';
import type { LowerOptions } from '../lower/types.js';
import { CONNLIST_FORMATS, type ConnlistFormat } from '../report/connlist/index.js';
import type { SourceTexts } from '../yaml/node.js';
import { readStdin } from './stdin.js';

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
  usage: '[--emit ir] [--ipblock-scope any|external] <paths…>',
  summary: 'print the IR: what the policies really mean, every default written out',
  options: {
    emit: { type: 'string', arg: 'ir', default: 'ir', help: 'what to emit (smt2 comes with the Z3 encoding)' },
    'ipblock-scope': IPBLOCK,
  },
  async run(values, paths) {
    const emit = String(values.emit ?? 'ir');
    if (emit !== 'ir') {
      process.stderr.write(`netpolc compile: --emit \`${emit}\` is not available (only ir; smt2 comes with issue #5)\n`);
      return 2;
    }
    const inputs = inputOptions(values);
    if (!inputs || !needPaths('compile', paths)) return 2;
    const r = await compile(paths, { ...inputs, emit: 'ir' });
    process.stdout.write(r.output);
    return reportInputProblems(r.diagnostics, r.texts) ? 2 : 0;
  },
};

const connectivityCommand: Command = {
  name: 'connectivity',
  usage: '[--format txt|json|csv|md|dot] [--ipblock-scope any|external] <paths…>',
  summary: 'the allowed connections of a cluster snapshot, between workloads and external address blocks',
  options: {
    format: { type: 'string', arg: CONNLIST_FORMATS.join('|'), default: 'txt', help: 'output format (netpol-analyzer\'s)' },
    'ipblock-scope': IPBLOCK,
  },
  async run(values, paths) {
    const fmt = format({ ...values, format: values.format ?? 'txt' }, CONNLIST_FORMATS);
    const inputs = inputOptions(values);
    if (!fmt || !inputs || !needPaths('connectivity', paths)) return 2;
    const r = await connectivity(paths, { ...inputs, format: fmt as ConnlistFormat });
    process.stdout.write(r.output.endsWith('\n') || r.output === '' ? r.output : r.output + '\n');
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

/** A command registered for the issue that fills it. */
function pending(name: string, summary: string, issue: number): Command {
  return {
    name,
    usage: '<paths…>',
    summary: `${summary} (not yet available: issue #${issue})`,
    options: { format: FORMAT },
    async run() {
      process.stderr.write(`netpolc ${name}: not implemented yet (issue #${issue})\n`);
      return 2;
    },
  };
}

export const COMMANDS: Command[] = [
  validateCommand,
  compileCommand,
  explainCommand,
  connectivityCommand,
  pending('prove', 'prove properties for every pod that could exist, or refute them with a witness', 5),
  pending('lint', 'conflicting, shadowed, redundant and vacuous rules', 6),
  pending('diff', 'what a policy change newly allows or denies', 7),
  pending('emit', 'iptables-restore and ipset rules, proved equivalent to the IR', 8),
];
