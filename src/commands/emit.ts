/**
 * `emit`: load and lower inputs, emit dataplane rules for the snapshot, and prove them equivalent
 * to the IR before anyone may load them. The library function behind `netpolc emit`.
 *
 * Contract:
 * - `files` is null when nothing may be written: the emitter refused (unmodelled constructs,
 *   shared addresses, no snapshot — see `findings`) or a checker did not prove equivalence;
 * - every checker in `checkers` runs on the emitted text (default `CHECKS.both`: the exhaustive
 *   partition of `emit/iptables/validate.ts`, then the Z3 proof of `emit/iptables/smt/`; `check`
 *   picks one of them), and `validation` is the first result that is not `equivalent`, else the
 *   first one; a Z3 `unknown` is an `error`, so it refuses too;
 * - input diagnostics come back as every command returns them; the caller decides whether rules
 *   built from partly invalid input may be written (the CLI refuses).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Program } from '../ir/ast.js';
import { emitIptables, type EmitStats } from '../emit/iptables/emitIptables.js';
import { formatFinding, type EmitFinding } from '../emit/iptables/findings.js';
import { proveIptables, Z3_METHOD } from '../emit/iptables/smt/proveIptables.js';
import { formatCounterexample, validateIptables, type EquivalenceChecker, type ValidationResult } from '../emit/iptables/validate.js';
import { loadProgram, type InputOptions } from '../pipeline.js';
import type { SourceTexts } from '../yaml/node.js';

export type EmitTarget = 'iptables';
export const EMIT_TARGETS: readonly EmitTarget[] = ['iptables'];

export type CheckName = 'partition' | 'z3' | 'both';
export const CHECK_NAMES: readonly CheckName[] = ['partition', 'z3', 'both'];

/** The equivalence checks `--check` names: the partition is the solver-free one, Z3 the proof. */
export const CHECKS: Readonly<Record<CheckName, readonly EquivalenceChecker[]>> = {
  partition: [validateIptables],
  z3: [proveIptables],
  both: [validateIptables, proveIptables],
};

export interface EmitOptions extends InputOptions {
  target: EmitTarget;
  /** Which named checks to run (default `both`); `checkers` overrides it. */
  check?: CheckName;
  /** Equivalence checks to run on the emitted text. */
  checkers?: EquivalenceChecker[];
}

/** File name → content, in the order they must be loaded. */
export interface EmittedFiles {
  'ipsets.rules': string;
  'iptables.rules': string;
  'ip6tables.rules': string;
}

export interface EmitReport {
  files: EmittedFiles | null;
  /** Null when nothing was emitted to check. */
  validation: ValidationResult | null;
  /** Every checker's result, in order. */
  checks: ValidationResult[];
  findings: EmitFinding[];
  stats: EmitStats;
  program: Program;
  diagnostics: Diagnostic[];
  texts: SourceTexts;
}

export const DEFAULT_CHECKERS: readonly EquivalenceChecker[] = CHECKS.both;

/** Emits for an already lowered program (the part of `emit` after loading). */
export async function emitProgram(program: Program, checkers: readonly EquivalenceChecker[] = DEFAULT_CHECKERS): Promise<Omit<EmitReport, 'program' | 'diagnostics' | 'texts'>> {
  const e = emitIptables(program);
  if (e.rules === null) return { files: null, validation: null, checks: [], findings: e.findings, stats: e.stats };
  const checks: ValidationResult[] = [];
  for (const check of checkers) checks.push(await check(program, e.rules));
  const validation = checks.find((c) => c.status !== 'equivalent') ?? checks[0] ?? null;
  const proved = validation !== null && validation.status === 'equivalent';
  const files = proved ? { 'ipsets.rules': e.rules.ipsets, 'iptables.rules': e.rules.iptables, 'ip6tables.rules': e.rules.ip6tables } : null;
  return { files, validation, checks, findings: e.findings, stats: e.stats };
}

export async function emit(paths: readonly string[], opts: EmitOptions): Promise<EmitReport> {
  const { program, diagnostics, texts } = await loadProgram(paths, opts);
  const r = await emitProgram(program, opts.checkers ?? CHECKS[opts.check ?? 'both']);
  return { ...r, program, diagnostics, texts };
}

/** What to tell the user about a report (stderr lines): findings, the proof or the refusal. */
export function describeEmit(r: Pick<EmitReport, 'files' | 'validation' | 'findings' | 'stats'> & { checks?: ValidationResult[] }): string[] {
  const out = r.findings.filter((f) => f.severity !== 'info').map(formatFinding);
  const v = r.validation;
  if (v === null) out.push('netpolc emit: nothing written: the emitter refused (errors above)');
  else if (v.status === 'equivalent' && r.stats.endpoints === 0)
    out.push('netpolc emit: no endpoint has an address, so the rules police no traffic (nothing to prove)');
  else if (v.status === 'equivalent') {
    out.push(`netpolc emit: proved equivalent to the IR ${provedHow(v)}; ${r.stats.endpoints} endpoints, ${r.stats.rules[4]} + ${r.stats.rules[6]} rules, ${r.stats.ipsets} ipsets`);
    // Each further checker is an independent argument for the same claim: name it too.
    for (const c of (r.checks ?? []).filter((c) => c !== v)) out.push(`netpolc emit: also proved equivalent ${provedHow(c)}`);
  } else if (v.status === 'counterexample') out.push(`netpolc emit: nothing written: the emitted rules disagree with the IR (found by ${v.method})`, formatCounterexample(v.counterexample));
  else out.push(`netpolc emit: nothing written: validation failed (${v.method}): ${v.message}`);
  return out;
}

function provedHow(v: ValidationResult): string {
  if (v.method === Z3_METHOD) return `by Z3: no flow in scope where the IR and the rules differ (${v.status === 'equivalent' ? v.cells : 0} queries, one per family)`;
  return `on ${v.status === 'equivalent' ? v.cells : 0} representative flows (${v.method})`;
}

/** Writes the files into the folder `out` (created when missing); `-` returns them as one text. */
export function writeEmitted(files: EmittedFiles, out: string): string | null {
  if (out === '-') return Object.entries(files).map(([name, text]) => `### ${name}\n${text}`).join('');
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  return null;
}
