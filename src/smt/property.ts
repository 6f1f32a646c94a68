/**
 * SMT stage, the property's scope as terms: endpoint specs and port matches of the property
 * language (`property/ast.ts`) over the symbolic flow, for the prover's `verify*` functions.
 *
 * Contract (mirrored concretely by `analysis/prove/inScope.ts`, which checks every witness):
 * - `any`: every end; `pods`: an end that is a pod whose namespace's labels match `namespace` and
 *   whose labels match `pod` (plain selector semantics: `all()` and `global()` are true);
 *   `cidr`: an external address in some `cidrs` and in no `except`;
 * - `on`: the flow's protocol is one listed, and when the item has a port range the protocol
 *   carries ports and the destination port is in the range; `null` is every flow.
 */
import { carriesPorts } from '../ir/protocol.js';
import type { EndpointSpec, PortMatch } from '../property/ast.js';
import type { TermFactory } from './factory.js';
import { cidrsOf, inCidr, type Case, type FlowVars, type Party } from './party.js';
import { encodeSelector } from './selector.js';
import type { Term } from './term.js';

function specAt(f: TermFactory, v: FlowVars, spec: EndpointSpec, k: Case): Term {
  switch (spec.kind) {
    case 'any':
      return f.T;
    case 'pods': {
      if (!k.pod) return f.F;
      return f.and(
        spec.namespace === null ? f.T : encodeSelector(f, spec.namespace, k.pod.ns.labels),
        spec.pod === null ? f.T : encodeSelector(f, spec.pod, k.pod.labels),
      );
    }
    case 'cidr': {
      if (k.kind !== 'external') return f.F;
      const inside = (cs: readonly string[]) => f.or(...cidrsOf(cs).map((c) => inCidr(f, v.v6, k.address, c)));
      return f.and(inside(spec.cidrs), f.not(inside(spec.except)));
    }
  }
}

/** The end is one of the spec's endpoints. */
export function encodeEndpointSpec(f: TermFactory, v: FlowVars, spec: EndpointSpec, end: Party): Term {
  if (spec.kind === 'any') return f.T;
  return f.or(...end.cases.map((k) => f.and(k.guard, specAt(f, v, spec, k))));
}

/** The flow is on one of the listed protocols and ports. */
export function encodeOn(f: TermFactory, v: FlowVars, on: readonly PortMatch[] | null): Term {
  if (on === null) return f.T;
  return f.or(
    ...on.map((m) => {
      const proto = f.eq(v.protocol, f.bv(m.protocol, 8));
      if (m.ports === null) return proto;
      if (!carriesPorts(m.protocol)) return f.F;
      return f.and(proto, v.dstPortKnown, f.inRange(v.dstPort, m.ports.from, m.ports.to));
    }),
  );
}
