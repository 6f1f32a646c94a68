/**
 * Connectivity, first grouping: endpoints whose every fact the oracle reads is equal get one key,
 * so that the finer per-direction classes (`direction.ts`) are computed once per key, not once
 * per pod.
 *
 * Stage: connectivity. Input → output: IR program → `(endpoint) => string`.
 * Contract: equal keys ⇒ every oracle matcher (`oracle/selectors.ts`, `nets.ts`, `ports.ts`)
 * gives the same answer for the two endpoints. The key holds the namespace, the values of the
 * label keys some selector mentions (of the pod, its namespace and its service account), the
 * service account name, the named container ports, and the membership of its addresses in every
 * CIDR the program mentions. A selector's value on a label map depends only on the keys it
 * mentions (each operator of `selector/ast.ts` reads only its own key), so labels under other keys
 * (`pod-template-hash`, a per-pod index) cannot tell endpoints apart.
 */
import type { Endpoint, NamespaceScope, PeerMatch, Program, Selector, ServiceAccountMatch, Subject } from '../ir/ast.js';
import { selectorKeys } from '../selector/index.js';
import { cidrHas, isParseError, parseIp, type Cidr } from '../util/cidr.js';

export function endpointKeyer(program: Program, cidrs: readonly Cidr[]): (e: Endpoint) => string {
  const keys = mentionedLabelKeys(program);
  const nsLabels = new Map<string, string>();
  for (const n of program.snapshot?.namespaces ?? []) nsLabels.set(n.name, JSON.stringify(project(n.labels, keys)));
  return (e) => {
    const membership =
      e.ips === null
        ? 'unknown'
        : e.ips
            .map((ip) => {
              const a = parseIp(ip);
              return isParseError(a) ? 'x' : `${a.family}:` + cidrs.map((c) => (cidrHas(c, a) ? '1' : '0')).join('');
            })
            .join(',');
    const sa = e.serviceAccount && [e.serviceAccount.name, project(e.serviceAccount.labels, keys)];
    return JSON.stringify([e.namespace, nsLabels.get(e.namespace) ?? '[]', project(e.labels, keys), e.ports, sa, membership]);
  };
}

/** Every label key some selector of the program mentions. */
function mentionedLabelKeys(program: Program): Set<string> {
  const keys = new Set<string>();
  const sel = (s: Selector | null) => {
    if (s) for (const k of selectorKeys(s)) keys.add(k);
  };
  const ns = (n: NamespaceScope | null) => {
    if (n?.kind === 'selector') sel(n.selector);
  };
  const sa = (a: ServiceAccountMatch | null) => sel(a?.selector ?? null);
  const subject = (s: Subject) => {
    sel(s.selector);
    ns(s.namespace);
    sa(s.serviceAccounts);
  };
  const side = (m: PeerMatch) => {
    sel(m.selector);
    sel(m.notSelector);
    ns(m.namespace);
    sa(m.serviceAccounts);
  };
  for (const t of program.tiers)
    for (const p of t.policies) {
      subject(p.subject);
      for (const r of [...p.ingress, ...p.egress]) {
        side(r.src);
        side(r.dst);
      }
    }
  return keys;
}

function project(labels: Readonly<Record<string, string>>, keys: Set<string>): [string, string][] {
  return Object.entries(labels)
    .filter(([k]) => keys.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
