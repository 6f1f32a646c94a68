/**
 * SMT stage, realisability: the asserts that keep a symbolic flow to flows that could occur, so a
 * counterexample is never an impossible pod (DESIGN §6). Computed after everything else is
 * encoded, because symbolic label maps create their variables on demand: the axioms cover exactly
 * the keys and named ports the query mentions.
 *
 * What is realisable (universal and snapshot modes; mode `any` has no axioms):
 * - the case index names a case; an ICMP flow uses its family's ICMP (1 for IPv4, 58 for IPv6);
 * - a symbolic pod has a non-empty namespace name; its namespace carries
 *   `kubernetes.io/metadata.name` and `projectcalico.org/name` equal to that name, and a namespace
 *   of the snapshot keeps its labels unless `anyNamespaceLabels`; its own labels carry
 *   `projectcalico.org/namespace` (the namespace), `projectcalico.org/orchestrator` = `k8s` and
 *   `projectcalico.org/serviceaccount` exactly when it has a service account (`build.ts` `podLabels`);
 *   its named ports are TCP, UDP or SCTP with a number 1–65535; its address, when `podCidr` is
 *   given and of the flow's family, lies inside it;
 * - two symbolic pods in one namespace see the same namespace labels, and the same service account
 *   labels when they run as the same account;
 * - an external address is none of the snapshot's pod addresses and outside `podCidr`.
 */
import type { Program } from '../ir/ast.js';
import {
  CALICO_NAME_LABEL,
  CALICO_NAMESPACE_LABEL,
  CALICO_ORCHESTRATOR_LABEL,
  CALICO_SERVICE_ACCOUNT_LABEL,
  K8S_NAMESPACE_NAME_LABEL,
} from '../ir/build.js';
import { ICMP, ICMPV6, SCTP, TCP, UDP } from '../ir/protocol.js';
import { isParseError, parseIp, type Cidr } from '../util/cidr.js';
import type { TermFactory } from './factory.js';
import { labelsEqual, type SymbolicLabels } from './labels.js';
import { inCidr, type AddressView, type Case, type Party, type SymbolicPod, type SymFlow } from './party.js';
import type { Term } from './term.js';

export interface RealisabilityOptions {
  /** Namespaces of the snapshot may carry any labels (universal mode). */
  anyNamespaceLabels?: boolean;
  /** The cluster's pod address range. */
  podCidr?: Cidr | null;
}

function caseInRange(f: TermFactory, p: Party): Term {
  if (!p.select) return f.T;
  const w = (p.select.sort as { width: number }).width;
  return f.bvule(p.select, f.bv(p.cases.length - 1, w));
}

function knownPodAddress(f: TermFactory, v6: Term, a: AddressView, program: Program): Term {
  const same: Term[] = [];
  for (const e of program.snapshot?.endpoints ?? [])
    for (const text of e.ips ?? []) {
      const ip = parseIp(text, { strict: false });
      if (!isParseError(ip)) same.push(inCidr(f, v6, a, { family: ip.family, addr: ip.addr, prefix: ip.family === 4 ? 32 : 128 }));
    }
  return f.or(...same);
}

function sameLabels(f: TermFactory, a: SymbolicLabels, b: SymbolicLabels): Term {
  const keys = new Set([...a.keys(), ...b.keys()].map((k) => k.key));
  return f.and(
    ...[...keys].map((k) => f.and(f.eq(a.has(k), b.has(k)), f.implies(a.has(k), f.eq(a.val(k), b.val(k))))),
  );
}

function podAxioms(f: TermFactory, program: Program, flow: SymFlow, k: Case, s: SymbolicPod, o: RealisabilityOptions): Term[] {
  const out: Term[] = [f.not(f.eq(s.ns, f.str('')))];
  const fixed = (labels: SymbolicLabels, key: string, value: Term, present: Term = f.T) => {
    if (labels.keys().some((x) => x.key === key))
      out.push(f.eq(labels.has(key), present), f.implies(present, f.eq(labels.val(key), value)));
  };
  fixed(s.nsLabels, K8S_NAMESPACE_NAME_LABEL, s.ns);
  fixed(s.nsLabels, CALICO_NAME_LABEL, s.ns);
  fixed(s.labels, CALICO_NAMESPACE_LABEL, s.ns);
  fixed(s.labels, CALICO_ORCHESTRATOR_LABEL, f.str('k8s'));
  fixed(s.labels, CALICO_SERVICE_ACCOUNT_LABEL, s.saName, s.saHas);
  if (!o.anyNamespaceLabels) {
    const keys = s.nsLabels.keys().map((x) => x.key);
    for (const n of program.snapshot?.namespaces ?? [])
      out.push(f.implies(f.eq(s.ns, f.str(n.name)), labelsEqual(f, s.nsLabels, n.labels, keys)));
  }
  for (const p of s.namedPorts.values())
    out.push(f.implies(p.has, f.and(f.or(...[TCP, UDP, SCTP].map((x) => f.eq(p.protocol, f.bv(x, 8)))), f.not(f.eq(p.port, f.bv(0, 16))))));
  if (o.podCidr) {
    const fam = o.podCidr.family === 6 ? flow.vars.v6 : f.not(flow.vars.v6);
    out.push(f.implies(f.and(fam, k.address.has), inCidr(f, flow.vars.v6, k.address, o.podCidr)));
  }
  return out.map((t) => f.implies(k.guard, t));
}

function externalAxioms(f: TermFactory, program: Program, flow: SymFlow, k: Case, o: RealisabilityOptions): Term[] {
  const inside = [knownPodAddress(f, flow.vars.v6, k.address, program)];
  if (o.podCidr) inside.push(inCidr(f, flow.vars.v6, k.address, o.podCidr));
  return [f.implies(k.guard, f.not(f.or(...inside)))];
}

/** Both ends symbolic pods in one namespace: one namespace, one set of labels. */
function sharedNamespace(f: TermFactory, flow: SymFlow): Term[] {
  const a = flow.src.cases.find((k) => k.symbolic);
  const b = flow.dst.cases.find((k) => k.symbolic);
  if (!a?.symbolic || !b?.symbolic) return [];
  const [s, d] = [a.symbolic, b.symbolic];
  const together = f.and(a.guard, b.guard, f.eq(s.ns, d.ns));
  return [
    f.implies(together, sameLabels(f, s.nsLabels, d.nsLabels)),
    f.implies(f.and(together, s.saHas, d.saHas, f.eq(s.saName, d.saName)), sameLabels(f, s.saLabels, d.saLabels)),
  ];
}

/** The realisability asserts of a symbolic flow (none in mode `any`). */
export function realisable(f: TermFactory, program: Program, flow: SymFlow, o: RealisabilityOptions = {}): Term[] {
  if (flow.mode === 'any') return [];
  const { v6, protocol } = flow.vars;
  const out: Term[] = [
    caseInRange(f, flow.src),
    caseInRange(f, flow.dst),
    f.implies(f.eq(protocol, f.bv(ICMP, 8)), f.not(v6)),
    f.implies(f.eq(protocol, f.bv(ICMPV6, 8)), v6),
    // First: it may ask about keys of one end that only the other mentions, and the per-pod
    // axioms below must see every key.
    ...sharedNamespace(f, flow),
  ];
  for (const end of [flow.src, flow.dst])
    for (const k of end.cases) {
      if (k.symbolic) out.push(...podAxioms(f, program, flow, k, k.symbolic, o));
      if (k.kind === 'external') out.push(...externalAxioms(f, program, flow, k, o));
    }
  return out.filter((t) => t !== f.T);
}
