/**
 * Evaluation order of tiers and policies: by `order` ascending, "no order" (`null`) after every
 * number, then by name (Calico reference "NetworkPolicy" `order`: "policies with lower order are
 * applied first … if the order is omitted it is treated as infinite"; equal orders sort by name).
 *
 * Contract: a total order on (order, name) pairs; names compare by UTF-16 code units, which is
 * Go's byte order for the ASCII names Kubernetes allows.
 */
import type { Order } from './ast.js';

export function compareOrder(a: Order, b: Order): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareNamed(a: { order: Order; name: string }, b: { order: Order; name: string }): number {
  return compareOrder(a.order, b.order) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** A sorted copy (stable, so equal keys keep their written order). */
export function inEvaluationOrder<T extends { order: Order; name: string }>(xs: readonly T[]): T[] {
  return [...xs].sort(compareNamed);
}

/** True when `xs` is already in evaluation order. */
export function isInEvaluationOrder(xs: readonly { order: Order; name: string }[]): boolean {
  for (let i = 1; i < xs.length; i++) if (compareNamed(xs[i - 1]!, xs[i]!) > 0) return false;
  return true;
}
