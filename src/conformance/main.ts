#!/usr/bin/env node
/**
 * `npm run conformance -- <suite-dir>...`: runs conformance suites and checks them against the
 * baseline.
 *
 * Stage: conformance (CLI entry). Input → output: argv → harness lines on stdout, verdicts on stderr,
 * exit code.
 * Options: `--filter <regex>` (case ids), `--concurrency <n>`, `--baseline <file>`,
 * `--update-baseline` (raise the suite's count when more cases pass; never lowers it).
 * Exit: 0 when every suite passes at least its baseline; 1 when one falls below; 2 for usage errors
 * or a folder without a readable manifest. Failing cases alone do not fail the run: the baseline
 * decides.
 */
import { BASELINE_FILE, checkBaseline, raiseBaseline, readBaseline } from './baseline.js';
import { runSuite } from './harness.js';

const USAGE =
  'usage: conformance <suite-dir>... [--filter <regex>] [--concurrency <n>] [--baseline <file>] [--update-baseline]';

async function main(argv: string[]): Promise<number> {
  const dirs: string[] = [];
  let filter: RegExp | undefined;
  let concurrency = 1;
  let baselineFile = BASELINE_FILE;
  let update = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--filter') filter = new RegExp(value());
    else if (a === '--concurrency') concurrency = Math.max(1, Number.parseInt(value(), 10) || 1);
    else if (a === '--baseline') baselineFile = value();
    else if (a === '--update-baseline') update = true;
    else if (a === '-h' || a === '--help') return (console.log(USAGE), 0);
    else if (a.startsWith('-')) throw new Error(`unknown option \`${a}\``);
    else dirs.push(a);
  }
  if (dirs.length === 0) throw new Error('no suite folder given');
  const baseline = readBaseline(baselineFile);
  let code = 0;
  for (const dir of dirs) {
    const report = await runSuite(dir, { ...(filter ? { filter } : {}), concurrency });
    if (report.results.length === 0 && report.problems.length > 0) {
      code = Math.max(code, 2);
      continue;
    }
    const verdict = checkBaseline(report, baseline);
    process.stderr.write(verdict.message + '\n');
    if (!verdict.ok) code = Math.max(code, 1);
    if (update && !filter && raiseBaseline(report, baselineFile)) {
      process.stderr.write(`${report.suite}: baseline raised to ${report.passed} in ${baselineFile}\n`);
    }
  }
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`conformance: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  },
);
