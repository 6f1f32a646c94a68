/**
 * Loads an ohm grammar from the repository's `grammar/` folder, once per file. Compiled modules
 * run from `dist/src/<stage>/` (and sources from `src/<stage>/`), so the folder is two or three
 * levels up from the calling module.
 */
import { readFileSync } from 'node:fs';
import * as ohm from 'ohm-js';

const cache = new Map<string, ohm.Grammar>();

/** `name` like `ir.ohm`; `from` is the caller's `import.meta.url`. Throws if no copy is found. */
export function loadGrammarFile(name: string, from: string): ohm.Grammar {
  const cached = cache.get(name);
  if (cached) return cached;
  const here = new URL('.', from);
  let lastError: unknown;
  for (const url of [new URL(`../../../grammar/${name}`, here), new URL(`../../grammar/${name}`, here)]) {
    try {
      const g = ohm.grammar(readFileSync(url, 'utf8'));
      cache.set(name, g);
      return g;
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
