/**
 * The shape of one kind's reader: which API group, versions and scope it has, and the function
 * that turns a positioned document into a typed, validated resource.
 */
import type { YMap } from '../yaml/node.js';
import type { Reader } from './read.js';
import type { Header } from './metadata.js';
import type { ResourceBase } from './resource.js';

export interface KindDef<R extends ResourceBase = ResourceBase> {
  /** API group: `''` for core, `apps`, `batch`, `networking.k8s.io`, `projectcalico.org`, … */
  group: string;
  kind: string;
  /** Versions netpolc reads, e.g. `['v1']`, `['v1alpha2', 'v1beta1']`. */
  versions: readonly string[];
  namespaced: boolean;
  /**
   * Reads and validates one document of this kind. Reports every problem through `r` and returns
   * the resource (the caller drops it when `r` recorded an error).
   */
  read(r: Reader, root: YMap, header: Header, version: string): R | undefined;
}

/** Splits `group/version` (or `version` for the core group). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}
