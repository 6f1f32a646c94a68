/**
 * Oracle matching: one side of a rule (`PeerMatch`) against one end of a flow.
 *
 * Contract (the field docs in `ir/ast.ts`): every non-null field must hold. The positive entity
 * clauses (`selector`, `namespace`, `serviceAccounts`) must all hold for one and the same entity of
 * the end, as Calico folds them into one selector (libcalico-go `RuleAPIV2ToBackend`); when all
 * three are null the end need not be an entity at all. `notSelector` holds when no entity of the
 * end matches it.
 */
import type { PeerMatch } from '../ir/ast.js';
import { netsMatch, notNetsMatch } from './nets.js';
import type { Party } from './party.js';
import { portsMatch } from './ports.js';
import { entityMatches, namespaceMatches, serviceAccountMatches } from './selectors.js';
import { conj, type Tri } from './tri.js';

export interface PeerResult {
  result: Tri;
  /** The first field that failed, for traces. */
  failed?: keyof PeerMatch;
}

export function matchPeer(m: PeerMatch, p: Party, port: number | undefined, protocol: number, which: string): PeerResult {
  if (m.nets && !netsMatch(m.nets, p)) return { result: false, failed: 'nets' };
  if (m.notNets && !notNetsMatch(m.notNets, p)) return { result: false, failed: 'notNets' };
  if (m.selector || m.namespace || m.serviceAccounts) {
    const some = p.entities.some(
      (e) =>
        (m.selector === null || entityMatches(m.selector, e)) &&
        (m.namespace === null || namespaceMatches(m.namespace, e)) &&
        (m.serviceAccounts === null || serviceAccountMatches(m.serviceAccounts, e)),
    );
    if (!some) return { result: false, failed: m.selector ? 'selector' : m.namespace ? 'namespace' : 'serviceAccounts' };
  }
  if (m.notSelector) {
    const sel = m.notSelector;
    if (p.entities.some((e) => entityMatches(sel, e))) return { result: false, failed: 'notSelector' };
  }
  const ports = m.ports === null ? true : portsMatch(m.ports, false, port, protocol, p, which);
  if (ports === false) return { result: false, failed: 'ports' };
  const notPorts = m.notPorts === null ? true : portsMatch(m.notPorts, true, port, protocol, p, which);
  if (notPorts === false) return { result: false, failed: 'notPorts' };
  return { result: conj([ports, notPorts]) };
}
