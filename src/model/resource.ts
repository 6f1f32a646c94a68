/**
 * What every typed resource shares: identity, labels and where it came from.
 */
import type { Location } from '../diagnostics/diagnostic.js';

export interface Source extends Location {
  /** 0-based index of the document in its file. */
  index: number;
}

export interface ResourceBase {
  apiVersion: string;
  kind: string;
  name: string;
  /** Set for namespaced kinds (defaulted to `default` with an info diagnostic when absent). */
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  source: Source;
}
