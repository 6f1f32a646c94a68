/**
 * Oracle matching: selectors over entities, with Calico's scoping rules.
 *
 * Contract (libcalico-go `lib/backend/syncersv1/updateprocessors/rules.go`, Calico reference
 * "Selectors"):
 * - an entity selector sees the entity's own labels; `global()` in it is true, as Calico's engine
 *   evaluates it (`global()` is meant for namespace selectors only);
 * - a namespace selector sees the labels of the entity's namespace; `all()` in it means "in some
 *   namespace" (Calico rewrites it to `has(projectcalico.org/namespace)`), `global()` means "in no
 *   namespace", and a global network set offers an empty label map to its other terms;
 * - a service-account match sees the name and labels of the entity's service account (Calico
 *   matches `projectcalico.org/serviceaccount` and the `pcsa.`-prefixed labels); an entity without
 *   one has no name and no labels.
 */
import type { NamespaceScope, Selector, ServiceAccountMatch } from '../ir/ast.js';
import { evaluateSelector } from '../selector/index.js';
import type { Entity } from './party.js';

export function entityMatches(s: Selector, e: Entity): boolean {
  return evaluateSelector(s, e.labels);
}

/** `all()` → "namespaced", everything else as written; scope decides `global()`. */
function scoped(s: Selector): Selector {
  switch (s.op) {
    case 'all':
      return { op: 'not', arg: { op: 'global' } };
    case 'not':
      return { op: 'not', arg: scoped(s.arg) };
    case 'and':
    case 'or':
      return { op: s.op, args: s.args.map(scoped) };
    default:
      return s;
  }
}

export function namespaceMatches(scope: NamespaceScope, e: Entity): boolean {
  if (scope.kind === 'name') return e.namespace === scope.name;
  const isGlobal = e.namespace === null;
  return evaluateSelector(scoped(scope.selector), isGlobal ? {} : e.namespaceLabels, isGlobal);
}

export function serviceAccountMatches(m: ServiceAccountMatch, e: Entity): boolean {
  const sa = e.serviceAccount;
  if (m.names !== null && (sa === null || !m.names.includes(sa.name))) return false;
  return m.selector === null || evaluateSelector(m.selector, sa?.labels ?? {});
}
