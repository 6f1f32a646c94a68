/**
 * The iptables emitter's public API: IR program with a snapshot → `iptables-restore` and `ipset
 * restore` text (`emitIptables`), the simulator that reads that text back (`loadRules`,
 * `simulate`), and translation validation against the oracle (`validateIptables`). Re-exports
 * only.
 */
export { emitIptables, ACCEPT_MARK, PASS_MARK, type EmitStats, type IptablesEmission, type IptablesRules } from './emitIptables.js';
export { EMIT_CODES, formatFinding, type EmitCode, type EmitFinding } from './findings.js';
export { loadRules, simulate, type LoadedRules, type Packet, type SimResult, type Step } from './simulate.js';
export { RulesError } from './parseRules.js';
export { formatCounterexample, validateIptables, type Counterexample, type EquivalenceChecker, type ValidationResult } from './validate.js';
