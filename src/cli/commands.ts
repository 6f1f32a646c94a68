/**
 * The registered subcommands: each one parses nothing itself (main.ts does) and calls one
 * library function. Commands whose issue has not landed say so and exit 2.
 */
import { validate } from '../commands/validate.js';
import { renderDiagnostics, plural } from '../diagnostics/render.js';
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
  pending('compile', 'print the IR (--emit ir) or the SMT encoding (--emit smt2)', 4),
  pending('explain', 'the verdict and decision trace of one flow', 4),
  pending('connectivity', 'the allowed connections of a cluster snapshot', 4),
  pending('prove', 'prove properties for every pod that could exist, or refute them with a witness', 5),
  pending('lint', 'conflicting, shadowed, redundant and vacuous rules', 6),
  pending('diff', 'what a policy change newly allows or denies', 7),
  pending('emit', 'iptables-restore and ipset rules, proved equivalent to the IR', 8),
];
