/**
 * The diff analysis: two versions → what changed. Re-exports only. Snapshot mode lives here;
 * universal mode (over every pod that could exist) will come with the Z3 encoding as a sibling of
 * `snapshotDiff.ts` returning its own `DiffResult` variant.
 */
export { diffSnapshots, type SnapshotDiffOptions } from './snapshotDiff.js';
export { diffConnections, comparePairs, sortChanges, type VersionConnections, type PairConns } from './diffConnections.js';
export { relationOf, describeRelation } from './relation.js';
export { witnessFor, differingFlow, type WitnessVersion } from './witness.js';
export { checkoutRevision, type RevisionCheckout } from './gitRevision.js';
export * from './types.js';
