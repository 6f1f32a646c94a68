/**
 * Universal diff, both versions over one symbolic flow: encodes the old and the new program in
 * universal mode and rewrites the new one's verdict terms into the old one's factory, so that one
 * Z3 query can ask for a flow on which they disagree.
 *
 * Stage: analysis (diff, universal), over `smt/encode.ts`. Input → output: two programs → one
 * factory holding both verdicts, the shared flow and the realisability axioms of both versions.
 * Why a rewrite rather than one factory for both encodings: a symbolic label map numbers its keys
 * in the order the encoder meets them (`smt/labels.ts`), so the two encodings would give the same
 * variable name to different keys. The rewrite maps each label and named-port variable by its
 * key or name, and every other variable by name (they are named after fixed flow fields).
 * Contract: `newAllowed`/`newDenied` mean, over the shared variables, what the new program's
 * encoding means over its own; the axioms hold the flow to pods and addresses realisable in both
 * versions' clusters.
 */
import type { Program } from '../../../ir/ast.js';
import { sameSnapshot } from '../../../ir/print.js';
import { realisable } from '../../../smt/axioms.js';
import { encodeProgram, type Encoding } from '../../../smt/encode.js';
import { TermFactory } from '../../../smt/factory.js';
import type { SymbolicPod } from '../../../smt/party.js';
import { postOrder, type Term } from '../../../smt/term.js';

export interface SharedEncoding {
  f: TermFactory;
  /** The old program's encoding; its flow is the shared flow. */
  old: Encoding;
  newProgram: Program;
  newAllowed: Term;
  newDenied: Term;
  axioms: Term[];
}

export interface SharedOptions {
  anyNamespaceLabels?: boolean;
}

const podOf = (e: Encoding, side: 'src' | 'dst'): SymbolicPod => e.flow[side].cases.find((k) => k.symbolic)!.symbolic!;

/** Variable name in the new encoding → the term of the same meaning in the old one's factory. */
function variableMap(oldEnc: Encoding, newEnc: Encoding): Map<string, Term> {
  const map = new Map<string, Term>();
  for (const side of ['src', 'dst'] as const) {
    const a = podOf(oldEnc, side);
    const b = podOf(newEnc, side);
    for (const m of ['labels', 'nsLabels', 'saLabels'] as const)
      for (const k of b[m].keys()) {
        const to = a[m].vars(k.key);
        map.set(k.has.name, to.has).set(k.val.name, to.val);
      }
    const oldCase = oldEnc.flow[side].cases.find((k) => k.symbolic)!;
    const f = oldEnc.f;
    for (const p of b.namedPorts.values()) {
      // Asking the old case about the port creates its variables there.
      oldCase.namedPort(p.name, f.bv(0, 8), f.bv(0, 16));
      const to = a.namedPorts.get(p.name)!;
      map.set(p.has.name, to.has).set(p.protocol.name, to.protocol).set(p.port.name, to.port);
    }
  }
  return map;
}

/** Rebuilds `roots` (terms of another factory) in `f`, renaming variables through `vars`. */
function transplant(f: TermFactory, roots: readonly Term[], vars: Map<string, Term>): Term[] {
  const out = new Map<number, Term>();
  for (const t of postOrder(roots)) {
    const a = t.args.map((x) => out.get(x.id)!);
    let r: Term;
    switch (t.op) {
      case 'const':
        r = typeof t.value === 'boolean' ? f.bool(t.value) : typeof t.value === 'bigint' ? f.bv(t.value, (t.sort as { width: number }).width) : f.str(t.value);
        break;
      case 'var':
        r = vars.get(t.name) ?? f.var(t.name, t.sort);
        break;
      case 'not':
        r = f.not(a[0]!);
        break;
      case 'and':
        r = f.and(...a);
        break;
      case 'or':
        r = f.or(...a);
        break;
      case 'ite':
        r = f.ite(a[0]!, a[1]!, a[2]!);
        break;
      case 'eq':
        r = f.eq(a[0]!, a[1]!);
        break;
      case 'bvule':
        r = f.bvule(a[0]!, a[1]!);
        break;
      case 'extract':
        r = f.extract(t.hi, t.lo, a[0]!);
        break;
      case 'prefixof':
        r = f.prefixOf(a[0]!, a[1]!);
        break;
      case 'suffixof':
        r = f.suffixOf(a[0]!, a[1]!);
        break;
      case 'contains':
        r = f.contains(a[0]!, a[1]!);
        break;
    }
    out.set(t.id, r);
  }
  return roots.map((t) => out.get(t.id)!);
}

/**
 * Both versions' verdicts over one snapshot-mode flow, when both versions have the same snapshot
 * (else null): the ends are that snapshot's endpoints and external addresses, which both
 * encodings number alike, so the new program is encoded on the old one's flow directly.
 */
export function sharedSnapshotEncoding(oldProgram: Program, newProgram: Program): SharedEncoding | null {
  if (!sameSnapshot(oldProgram.snapshot, newProgram.snapshot)) return null;
  const f = new TermFactory();
  const old = encodeProgram(oldProgram, 'snapshot', f);
  const other = encodeProgram(newProgram, 'snapshot', f, old.flow);
  return { f, old, newProgram, newAllowed: other.allowed, newDenied: other.denied, axioms: [...realisable(f, oldProgram, old.flow), ...realisable(f, newProgram, old.flow)] };
}

/** Both versions' verdicts over one universal-mode flow (see the file contract). */
export function sharedEncoding(oldProgram: Program, newProgram: Program, o: SharedOptions = {}): SharedEncoding {
  const f = new TermFactory();
  const old = encodeProgram(oldProgram, 'universal', f);
  const other = encodeProgram(newProgram, 'universal', new TermFactory());
  const [newAllowed, newDenied] = transplant(f, [other.allowed, other.denied], variableMap(old, other)) as [Term, Term];
  const opts = { anyNamespaceLabels: o.anyNamespaceLabels ?? false };
  return { f, old, newProgram, newAllowed, newDenied, axioms: [...realisable(f, oldProgram, old.flow, opts), ...realisable(f, newProgram, old.flow, opts)] };
}
