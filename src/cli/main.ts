#!/usr/bin/env node
/**
 * The `netpolc` command: parses arguments and calls the library (`src/index.ts`); no logic of its
 * own. Exit codes: 0 clean, 1 findings (analyses), 2 input errors or usage errors.
 * Any exception that escapes a command is a bug: it is reported as an internal error, exit 2,
 * without a stack trace unless NETPOLC_DEBUG is set.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { COMMANDS, type Command } from './commands.js';
import { withProgressSink } from '../util/progress.js';

const VERSION = readVersion();

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const which = name === 'help' ? rest[0] : undefined;
    const cmd = which ? COMMANDS.find((c) => c.name === which) : undefined;
    process.stdout.write((cmd ? commandHelp(cmd) : topHelp()) + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`netpolc ${VERSION}\n`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`netpolc: unknown command \`${name}\`\n${topHelp()}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...cmd.options, help: { type: 'boolean', short: 'h' } } as ParseArgsConfig['options'],
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    process.stderr.write(`netpolc ${cmd.name}: ${(e as Error).message}\n\n${commandHelp(cmd)}\n`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) {
    process.stdout.write(commandHelp(cmd) + '\n');
    return 0;
  }
  const stop = showProgress(cmd.name);
  try {
    return await cmd.run(values, parsed.positionals);
  } finally {
    stop();
  }
}

/**
 * A status line on stderr while a command runs, only on a terminal and never in CI: the step the
 * library reports (`util/progress.ts`) and the elapsed time, shown after the first second.
 */
function showProgress(name: string): () => void {
  if (!process.stderr.isTTY || process.env.CI) return () => {};
  const started = Date.now();
  let step = '';
  let drawn = false;
  let last = 0;
  const draw = () => {
    last = Date.now();
    const secs = Math.round((last - started) / 1000);
    const line = `netpolc ${name}: ${step || 'working'} (${secs}s)`;
    process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns ?? 80) - 1)}`);
    drawn = true;
  };
  const restore = withProgressSink((what) => {
    step = what;
    // A synchronous stretch (the snapshot matrix) gives the timer no turn: draw from here too.
    if (Date.now() - started >= 1000 && Date.now() - last >= 250) draw();
  });
  const timer = setInterval(() => {
    if (Date.now() - started >= 1000) draw();
  }, 250);
  timer.unref();
  return () => {
    clearInterval(timer);
    restore();
    if (drawn) process.stderr.write('\r\x1b[K');
  };
}

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `netpolc ${VERSION}: compile and verify Kubernetes network policy`,
    '',
    'usage: netpolc <command> [options] <paths…>     (a path may be a file, a folder, or - for stdin)',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'netpolc <command> --help shows the options of a command; --version prints the version.',
    'exit codes: 0 clean, 1 findings, 2 input or usage errors',
  ].join('\n');
}

function commandHelp(c: Command): string {
  const opts = Object.entries(c.options).map(([k, o]) => {
    const flag = `--${k}${o.type === 'string' ? ` <${o.arg ?? 'value'}>` : ''}`;
    return `  ${flag.padEnd(28)} ${o.help}`;
  });
  return [`usage: netpolc ${c.name} ${c.usage}`, '', c.summary, '', 'options:', ...opts, `  ${'--help'.padEnd(28)} this help`].join('\n');
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return 'unknown';
  }
}

// Run when executed directly (also through the npm bin symlink).
const invoked = process.argv[1] ?? '';
if (/netpolc$|cli[\\/]main\.js$/.test(invoked)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`netpolc: internal error: ${(e as Error)?.message ?? String(e)}\n`);
      if (process.env.NETPOLC_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
      process.exitCode = 2;
    },
  );
}
