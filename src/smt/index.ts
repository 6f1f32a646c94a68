/**
 * The SMT stage's public API: encoding an IR program over a symbolic flow, the realisability
 * axioms, the Z3 wrapper, the decoder and the SMT-LIB printer. Re-exports only.
 */
export { realisable, type RealisabilityOptions } from './axioms.js';
export { decodeFlow, decodeWitness, flowAssignment, OracleDisagreement, verdictOf, type Witness } from './decode.js';
export { encodeProgram, type Encoding, type Outcome } from './encode.js';
export { TermFactory, TermSortError } from './factory.js';
export type { Mode, SymFlow } from './party.js';
export { encodeEndpointSpec, encodeOn } from './property.js';
export { compileSmt2, printTerms, smt2Queries, type Smt2Options } from './smtlib.js';
export { DEFAULT_TIMEOUT_MS, checkSmtLib, shutdownSolver, SolverError, SolverSession, type CheckOptions, type Model, type SolverResult } from './solver.js';
export type { Sort, Term, Value, Var } from './term.js';
