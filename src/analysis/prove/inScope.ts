/**
 * Prover, the concrete side of a property's scope: whether one concrete flow is within
 * `S -> D on P`, by the same rules as the symbolic `smt/property.ts`, written plainly over the
 * oracle's view of the flow's ends. The prover checks every witness with it before returning it,
 * so an encoding bug in a scope cannot produce a witness outside the property.
 */
import type { Program } from '../../ir/ast.js';
import type { Flow, FlowParty } from '../../ir/flow.js';
import { carriesPorts } from '../../ir/protocol.js';
import { resolveParty } from '../../oracle/index.js';
import type { EndpointSpec, PortMatch } from '../../property/ast.js';
import { evaluateSelector } from '../../selector/index.js';
import { cidrHas, isParseError, parseCidr } from '../../util/cidr.js';

export function endpointInSpec(program: Program, flow: Flow, end: FlowParty, spec: EndpointSpec): boolean {
  if (spec.kind === 'any') return true;
  const p = resolveParty(program, flow, end);
  if (spec.kind === 'pods') {
    if (!p.pod) return false;
    return (
      (spec.namespace === null || evaluateSelector(spec.namespace, p.pod.namespaceLabels)) &&
      (spec.pod === null || evaluateSelector(spec.pod, p.pod.labels))
    );
  }
  if (p.pod || !p.address) return false;
  const a = p.address;
  const inside = (cs: readonly string[]) =>
    cs.some((t) => {
      const c = parseCidr(t, { strict: false });
      return !isParseError(c) && cidrHas(c, a);
    });
  return inside(spec.cidrs) && !inside(spec.except);
}

export function flowOn(flow: Flow, on: readonly PortMatch[] | null): boolean {
  if (on === null) return true;
  return on.some(
    (m) =>
      m.protocol === flow.protocol &&
      (m.ports === null ||
        (carriesPorts(m.protocol) && flow.dstPort !== undefined && m.ports.from <= flow.dstPort && flow.dstPort <= m.ports.to)),
  );
}
