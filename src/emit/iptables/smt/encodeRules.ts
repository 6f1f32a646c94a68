/**
 * Emit, iptables, Z3 proof: the parsed filter table (`parseRules.ts`) and sets (`parseIpsets.ts`)
 * × the symbolic packet → the term "the kernel accepts it", walking FORWARD as `simulate.ts` does.
 *
 * The walk is symbolic execution with merged states rather than a tree of if-then-elses: at each
 * rule the state is (`done`: a verdict was reached, `acc`: that verdict was ACCEPT, `ret`: the
 * chain has returned, `mark`: 32 bit terms), and a rule updates it under its guard
 * `¬done ∧ ¬ret ∧ matches`. A jump walks the target chain from the current mark and merges its
 * result back (`done` and `acc` when it decided, its exit mark when it returned); a goto does the
 * same and then returns from the current chain, since the goto'd chain's RETURN goes to our caller.
 * A chain's end, or RETURN, in the built-in chain applies its policy. So a rule set of n rules
 * gives a term of size O(n × call sites) instead of 2ⁿ paths.
 *
 * Contract: for every concrete packet (conntrack NEW, mark 0 on entry), the term is true iff
 * `simulate` answers ACCEPT. A loop of jumps or nesting beyond the simulator's 64 is a
 * `Z3Unsupported`, as it is a `RulesError` there.
 */
import type { TermFactory } from '../../../smt/factory.js';
import type { Term } from '../../../smt/term.js';
import type { ParsedSet } from '../parseIpsets.js';
import type { ParsedTable } from '../parseRules.js';
import { matchHolds, setXmark, zeroMark, Z3Unsupported, type Mark } from './encodeMatch.js';
import type { SymPacket } from './packet.js';

const MAX_DEPTH = 64;

interface ChainResult {
  done: Term;
  acc: Term;
  /** The mark when the chain returned (meaningful when `¬done`). */
  mark: Mark;
}

function pick(f: TermFactory, c: Term, a: Mark, b: Mark): Mark {
  return a.map((x, i) => f.ite(c, x, b[i]!));
}

export interface RulesEncoding {
  accept: Term;
  /** Rules visited, counting a chain once per call site (a size measure). */
  rulesWalked: number;
}

export function encodeTable(f: TermFactory, table: ParsedTable, sets: ReadonlyMap<string, ParsedSet>, p: SymPacket): RulesEncoding {
  let rulesWalked = 0;
  const walk = (name: string, entry: Mark, depth: number, active: ReadonlySet<string>): ChainResult => {
    const chain = table.chains.get(name);
    if (!chain) throw new Z3Unsupported(`chain \`${name}\` is not declared`);
    if (active.has(name)) throw new Z3Unsupported(`chain \`${name}\` is reached from itself`);
    if (depth > MAX_DEPTH) throw new Z3Unsupported(`jumps nest deeper than ${MAX_DEPTH}`);
    const inside = new Set(active).add(name);
    let done = f.F;
    let acc = f.F;
    let ret = f.F;
    let mark = entry;
    for (const r of chain.rules) {
      rulesWalked++;
      const alive = f.and(f.not(done), f.not(ret));
      if (alive === f.F) break;
      const m = f.and(alive, ...r.matches.map((x) => matchHolds(f, x, p, mark, sets)));
      if (m === f.F) continue;
      const t = r.target;
      switch (t.kind) {
        case 'RETURN':
          ret = f.or(ret, m);
          break;
        case 'ACCEPT':
        case 'DROP':
          acc = f.ite(m, f.bool(t.kind === 'ACCEPT'), acc);
          done = f.or(done, m);
          break;
        case 'MARK':
          mark = pick(f, m, setXmark(f, mark, t.value, t.mask), mark);
          break;
        case 'jump':
        case 'goto': {
          // A jump pushes a return point, a goto does not: only jumps count towards the depth.
          const s = walk(t.chain, mark, t.kind === 'jump' ? depth + 1 : depth, inside);
          const decided = f.and(m, s.done);
          const returned = f.and(m, f.not(s.done));
          acc = f.ite(decided, s.acc, acc);
          done = f.or(done, decided);
          mark = pick(f, returned, s.mark, mark);
          if (t.kind === 'goto') ret = f.or(ret, returned);
          break;
        }
        case 'LOG':
        case 'none':
          break;
      }
    }
    return { done, acc, mark };
  };
  const forward = table.chains.get('FORWARD');
  if (!forward || forward.policy === null) throw new Z3Unsupported('the table has no FORWARD chain');
  const r = walk('FORWARD', zeroMark(f), 0, new Set());
  return { accept: f.ite(r.done, r.acc, f.bool(forward.policy === 'ACCEPT')), rulesWalked };
}
