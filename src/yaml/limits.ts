/**
 * Loader limits: the bounds that keep hostile input (huge files, alias bombs, deep nesting,
 * millions of tiny nodes) from hanging netpolc or exhausting its memory.
 *
 * Contract: every limit has a default, every limit that is exceeded is reported with its own
 * diagnostic code, and the loader never builds more than these bounds allow before it stops.
 */

export interface Limits {
  /** Bytes per input file (or stdin); checked with `stat` before a file is read. */
  maxFileBytes: number;
  /** Documents per file; later documents are not parsed. */
  maxDocuments: number;
  /** Nested collections (mappings and sequences) in a document, counting aliases' contents. */
  maxDepth: number;
  /** Nodes produced by expanding aliases, per document (the billion-laughs bound). */
  maxAliasNodes: number;
  /** Nodes (every scalar, mapping key, mapping and sequence) per document. */
  maxNodes: number;
  /** Nodes over all documents of one file; loading of the file stops past it. */
  maxFileNodes: number;
}

/**
 * Defaults sized for real manifests with a wide margin (a `kubectl get -o yaml` list of thousands
 * of policies stays well inside them). The worst input they admit costs under 1 GB of heap,
 * measured: the parser is never run on a document whose text could hold more than
 * 4 × `maxNodes` nodes (see `nodeUpperBound`), so its event array stays bounded whatever the
 * file size, and the builder stops at `maxNodes`.
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFileBytes: 32 * 1024 * 1024,
  maxDocuments: 10_000,
  maxDepth: 64,
  maxAliasNodes: 100_000,
  maxNodes: 1_000_000,
  maxFileNodes: 4_000_000,
});

/** The defaults overridden by whatever the caller set (undefined fields keep the default). */
export function resolveLimits(partial: Partial<Limits> = {}): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const k of Object.keys(out) as (keyof Limits)[]) {
    const v = partial[k];
    if (typeof v === 'number' && !Number.isNaN(v)) out[k] = Math.max(0, v);
  }
  return out;
}
