/**
 * The checked-in outputs of the compiler for every set in `corpus/`: what `compiled/` must hold.
 * One function computes them; `scripts/update-compiled.mjs` writes them and a test checks that the
 * tree is not stale (STYLE "Golden outputs": reviewed diffs, one script, a staleness test).
 *
 * Per set `corpus/<set>/`: `compiled/<set>/program.ir` (the IR of everything that validated),
 * `compiled/<set>/connectivity.txt` (the connectivity of its snapshot), and the rules `netpolc
 * emit --target iptables` proves and writes: `ipsets.rules`, `iptables.rules`, `ip6tables.rules`
 * (none when the emitter refuses the set).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../commands/compile.js';
import { connectivity } from '../commands/connectivity.js';
import { emitProgram } from '../commands/emit.js';

/** Relative path under `compiled/` → file content. */
export type CompiledFiles = Map<string, string>;

export async function compiledOutputs(repo: string): Promise<CompiledFiles> {
  const out: CompiledFiles = new Map();
  const corpus = join(repo, 'corpus');
  const sets = readdirSync(corpus)
    .filter((d) => statSync(join(corpus, d)).isDirectory())
    .sort();
  for (const set of sets) {
    // Paths relative to the repository, so provenance in the IR does not depend on the checkout.
    const input = join('corpus', set);
    const ir = await compile([input], { emit: 'ir' });
    out.set(join(set, 'program.ir'), ir.output);
    const conn = await connectivity([input], { format: 'txt' });
    out.set(join(set, 'connectivity.txt'), conn.output);
    const rules = await emitProgram(ir.program);
    for (const [name, text] of Object.entries(rules.files ?? {})) out.set(join(set, name), text);
  }
  return out;
}
