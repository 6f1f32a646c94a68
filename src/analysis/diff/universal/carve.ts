/**
 * Universal diff, carving: a widened region made larger still by dropping one of its conditions
 * and carving out, as exceptions, the flows that then no longer fit. "From `kube-system` to
 * `calico-system`, any service, except udp/53 to pods with `k8s-app=kube-dns`" is one region where
 * plain widening leaves two or more that each stop at the exception's edge.
 *
 * Stage: analysis (diff, universal), after `generalise.ts`. Input → output: confirmed conditions →
 * conditions and exceptions.
 * Contract: the result's flows (its conditions hold, no exception does) all get `change`: the last
 * step of every accepted drop is a Z3 `unsat` on "a flow of the region not decided as `change`";
 * each exception holds no flow of `change` inside its base (also an `unsat`), so the result
 * contains the input region. Exceptions are conjunctions of positive conditions only (no `…NotIn`),
 * at most `maxExcept` of them, each of at most `maxExceptConds` conditions beyond the base's, and
 * never only on what the dropped condition constrained (that would restate it), so the text stays
 * readable. A solver `unknown` anywhere keeps the region as it was before that drop.
 */
import type { Cond, VerdictChange } from './region.js';
import type { DiffQueries } from './diffQueries.js';
import { widen, witnessConds } from './generalise.js';

export interface CarveOptions {
  budget?: number;
  maxExcept?: number;
  maxExceptConds?: number;
}

export interface Carved {
  conds: Cond[];
  except: Cond[][];
}

/** Conditions worth dropping for an exception: services, then what the pods carry, then negative namespace and address conditions. Named namespaces and the ends stay. */
const RANK: Partial<Record<Cond['kind'], number>> = { protocolNotIn: 0, protocol: 1, range: 2, anyOf: 3, label: 4, labelNotIn: 4, namedPort: 5, serviceAccount: 6, namespaceNotIn: 7, addressNotIn: 8, address: 8 };

const key = (c: Cond) => JSON.stringify(c);

/** What a condition constrains: the service as a whole, or one end's label, named port, and so on. */
function dimension(c: Cond): string {
  switch (c.kind) {
    case 'protocol':
    case 'protocolNotIn':
    case 'range':
    case 'anyOf':
    case 'ipVersion':
      return 'service';
    case 'label':
    case 'labelNotIn':
      return `label ${c.side} ${c.map} ${c.key}`;
    case 'namedPort':
      return `namedPort ${c.side} ${c.name}`;
    case 'namespace':
    case 'namespaceNotIn':
    case 'namespaceIn':
      return `namespace ${c.side}`;
    case 'address':
    case 'addressNotIn':
      return `address ${c.side}`;
    default:
      return `${c.kind} ${c.side}`;
  }
}

/** Drops conditions of `start` (confirmed for `change`) one at a time, carving exceptions (see the file contract). */
export async function carve(q: DiffQueries, start: Cond[], change: VerdictChange, opts: CarveOptions = {}): Promise<Carved> {
  const limit = q.queries + (opts.budget ?? 100);
  const maxExcept = opts.maxExcept ?? 2;
  const maxExceptConds = opts.maxExceptConds ?? 4;
  let cur: Carved = { conds: start, except: [] };
  const candidates = start.filter((c) => RANK[c.kind] !== undefined).sort((a, b) => RANK[a.kind]! - RANK[b.kind]!);
  for (const drop of candidates) {
    if (q.queries >= limit) break;
    const base = cur.conds.filter((c) => c !== drop);
    const inBase = new Set(base.map(key));
    const except = [...cur.except];
    for (;;) {
      if (q.queries >= limit) break;
      const cex = await q.counterexample(base, change, except);
      if (cex === 'none') {
        cur = { conds: base, except };
        break;
      }
      if (cex === 'unknown' || except.length >= maxExcept) break;
      const cls = witnessConds(q.enc, cex.flow);
      // One query to spot the common case: the counterexample's value on the dropped dimension
      // alone excludes the change, so an exception would only restate the condition.
      if (await q.excludes([...base, ...cls.filter((c) => dimension(c) === dimension(drop))], change)) break;
      const widened = await widen(q, cls, (next) => q.excludes([...base, ...next], change), {
        budget: Math.min(40, limit - q.queries),
        positiveOnly: true,
      });
      const own = widened.filter((c) => !inBase.has(key(c)));
      // An exception on the dropped condition's dimension alone only restates it (`tcp except ports 0-5431, 5433-65535`).
      const restates = own.every((c) => dimension(c) === dimension(drop));
      if (own.length === 0 || restates || own.length > maxExceptConds || !(await q.excludes([...base, ...own], change))) break;
      except.push(own);
    }
  }
  return cur;
}
