/**
 * Emit, iptables: translation validation without a solver. IR program + the emitted text →
 * `equivalent` (a proof, for this snapshot), or a counterexample flow on which the oracle and the
 * simulated kernel disagree.
 *
 * The argument. Let F be the flows of one family whose ends are endpoints with an address of that
 * family or external addresses (not a pod's), at least one end a pod and the two ends different,
 * with conntrack state NEW. `partition.ts` cuts F into cells: the source and destination are each
 * either one endpoint or one block of external addresses between consecutive cut points, and the
 * other fields lie in one interval between consecutive cut points of their own (ports per side,
 * ICMP type and code), or the protocol is one of the named ones or the stand-in for all others.
 * 1. The oracle is constant on every cell: it reads an external address only through `cidrHas`
 *    against rule CIDRs and network set nets, a port only through comparisons with range bounds
 *    and named port numbers, protocol, type and code only through equality with rule constants —
 *    all of them cut points — and an endpoint through its identity, which a cell fixes.
 * 2. The simulator is constant on every cell: it reads the addresses only through CIDRs in `-s`,
 *    `-d` and set entries, ports through `multiport` bounds and set entries, protocol through
 *    `-p` and set entries, type and code through `icmp` matches, set entries and the `u32` forms
 *    `partition.ts` accepts — again all cut points — and the mark, which only rules change.
 * Hence one representative per cell decides the whole cell for both.
 * 3. Endpoints fall into classes (`classes.ts`) whose members both sides read identically, so a
 *    cell's verdicts depend only on the classes of its ends: one pair of representatives per pair
 *    of classes (two distinct members for a class with itself) stands for all of them.
 * So agreement on every representative flow is agreement on all of F: the emitted rules are
 * equivalent to the IR there. `cells` counts the representative flows compared.
 *
 * Assumptions (the model, not the proof): the simulator is the kernel (`simulate.ts` says which
 * kernel behaviour it follows, and `test/kernel/` checks it with real packets); packets are
 * unfragmented, IPv6 packets carry no extension headers and their protocol is never an extension
 * header number; addresses are not spoofed (dispatch is by address, as pods sit behind their own
 * veth); each pod sends from its first address of the family (the oracle's view, `party.ts`);
 * packets that are not NEW are accepted by conntrack before any policy, which is the stateful
 * reply semantics of DESIGN §2 rather than something to compare.
 *
 * Hook: `EquivalenceChecker` is the shape of any other check of the same claim; the Z3 encoding
 * (issue 8, item 3, SMT engineer) plugs in there and `emit` runs it after this one.
 */
import type { Program } from '../../ir/ast.js';
import type { Flow } from '../../ir/flow.js';
import { printFlowText } from '../../ir/flowText.js';
import { evaluate, type Verdict } from '../../oracle/index.js';
import type { IptablesRules } from './emitIptables.js';
import { familyCells, UnsupportedForm, type Party } from './partition.js';
import { RulesError } from './parseRules.js';
import { loadRules, simulate, type Packet, type Step } from './simulate.js';
import { FAMILIES } from './world.js';
import { U32Error } from './u32.js';

export interface Counterexample {
  flow: Flow;
  /** `printFlowText(flow)`. */
  text: string;
  oracle: Verdict;
  emitted: 'ACCEPT' | 'DROP';
  /** The rules the packet matched in the emitted text, in order. */
  trace: Step[];
}

export type ValidationResult =
  | { status: 'equivalent'; method: string; cells: number }
  | { status: 'counterexample'; method: string; cells: number; counterexample: Counterexample }
  | { status: 'error'; method: string; message: string };

/** Any check that the emitted rules mean the program (this one, or the coming Z3 encoding). */
export type EquivalenceChecker = (program: Program, rules: IptablesRules) => ValidationResult | Promise<ValidationResult>;

const METHOD = 'exhaustive partition';

export function validateIptables(program: Program, rules: IptablesRules): ValidationResult {
  let loaded;
  try {
    loaded = loadRules(rules);
  } catch (e) {
    if (e instanceof RulesError || e instanceof U32Error) return { status: 'error', method: METHOD, message: `the emitted rules do not load: ${e.message}` };
    throw e;
  }
  let cells = 0;
  for (const family of FAMILIES) {
    let fc;
    try {
      fc = familyCells(program, loaded, family);
    } catch (e) {
      if (e instanceof UnsupportedForm) return { status: 'error', method: METHOD, message: e.message };
      throw e;
    }
    // Pairs of representatives: two classes' first members, or a class's first two members
    // (a pod to itself is out of scope, DESIGN §2); each class with each external block, both ways.
    const pairs: [Party, Party][] = [];
    fc.classes.forEach((a, i) =>
      fc.classes.forEach((b, j) => {
        if (i !== j) pairs.push([a[0]!, b[0]!]);
        else if (a.length > 1) pairs.push([a[0]!, a[1]!]);
      }),
    );
    for (const c of fc.classes) for (const x of fc.externals) pairs.push([c[0]!, x], [x, c[0]!]);
    for (const [src, dst] of pairs)
      for (const t of fc.templates) {
        cells++;
        const flow: Flow = { src: src.flow, dst: dst.flow, ipVersion: family, ...t };
        const oracle = evaluate(program, flow).verdict;
        const packet: Packet = { family, src: src.addr, dst: dst.addr, ...t, ctstate: 'NEW' };
        let sim;
        try {
          sim = simulate(loaded, packet);
        } catch (e) {
          if (e instanceof RulesError) return { status: 'error', method: METHOD, message: e.message };
          throw e;
        }
        const agree = (oracle === 'allow' && sim.verdict === 'ACCEPT') || (oracle === 'deny' && sim.verdict === 'DROP');
        if (!agree)
          return {
            status: 'counterexample',
            method: METHOD,
            cells,
            counterexample: { flow, text: printFlowText(flow), oracle, emitted: sim.verdict, trace: sim.trace },
          };
      }
  }
  return { status: 'equivalent', method: METHOD, cells };
}

/** A counterexample as a few lines of text: the flow, both verdicts, the rules it went through. */
export function formatCounterexample(c: Counterexample): string {
  const file = c.flow.ipVersion === 4 ? 'iptables.rules' : 'ip6tables.rules';
  const lines = [
    `counterexample: ${c.text}`,
    `  the IR says ${c.oracle}; the emitted rules ${c.emitted === 'ACCEPT' ? 'accept' : 'drop'} it`,
    '  emitted rules it matched:',
    ...c.trace.map((s) => `    ${s.line === null ? '' : `${file}:${s.line} `}${s.chain}: ${s.target}${s.comment ? ` (${s.comment})` : ''}`),
  ];
  return lines.join('\n');
}

