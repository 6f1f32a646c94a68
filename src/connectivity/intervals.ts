/**
 * Canonical sets of integers as sorted, disjoint, non-adjacent closed intervals — the one
 * representation netpolc uses for ports, protocol numbers and (with bigint) IPv4/IPv6 addresses.
 *
 * Stage: connectivity (a pure value type; imports nothing of the project).
 * Input → output: ranges `[lo, hi]` (inclusive) → an immutable `IntervalSet`; every operation returns
 * a new set.
 * Contract: INVARIANT: `ranges` is sorted by `lo`, every range has `lo <= hi`, and consecutive ranges
 * are separated by at least one missing integer (`prev.hi + 1 < next.lo`). So two sets hold the same
 * integers iff their range lists are identical, and `equals` is a plain element-wise compare.
 * Numbers must be safe integers; addresses use bigint so that IPv6 (2^128) fits.
 */

/** A closed interval `[lo, hi]`. */
export interface Interval<T extends number | bigint> {
  readonly lo: T;
  readonly hi: T;
}

/** Successor and predecessor: all the arithmetic an interval set needs besides comparison. */
export interface Scalar<T extends number | bigint> {
  succ(x: T): T;
  pred(x: T): T;
  /** The number of integers in `[lo, hi]`, as a bigint so that IPv6 sizes stay exact. */
  width(lo: T, hi: T): bigint;
}

export const NUMBER: Scalar<number> = {
  succ: (x) => x + 1,
  pred: (x) => x - 1,
  width: (lo, hi) => BigInt(hi - lo + 1),
};

export const BIGINT: Scalar<bigint> = {
  succ: (x) => x + 1n,
  pred: (x) => x - 1n,
  width: (lo, hi) => hi - lo + 1n,
};

/** Destination ports as netpol-analyzer and Kubernetes count them: port 0 is not a port. */
export const PORT_UNIVERSE: Interval<number> = { lo: 1, hi: 65535 };
/** Ports including 0, for sources that allow it (e.g. raw Calico source ports). */
export const PORT_UNIVERSE_WITH_ZERO: Interval<number> = { lo: 0, hi: 65535 };
/** IP protocol numbers. */
export const PROTOCOL_UNIVERSE: Interval<number> = { lo: 0, hi: 255 };
export const IPV4_UNIVERSE: Interval<bigint> = { lo: 0n, hi: (1n << 32n) - 1n };
export const IPV6_UNIVERSE: Interval<bigint> = { lo: 0n, hi: (1n << 128n) - 1n };

export class IntervalSet<T extends number | bigint> {
  private constructor(
    readonly scalar: Scalar<T>,
    /** INVARIANT: canonical (see the file doc). */
    readonly ranges: readonly Interval<T>[],
  ) {}

  static empty<T extends number | bigint>(scalar: Scalar<T>): IntervalSet<T> {
    return new IntervalSet(scalar, []);
  }

  /** `[lo, hi]`; empty when `lo > hi`. */
  static range<T extends number | bigint>(scalar: Scalar<T>, lo: T, hi: T): IntervalSet<T> {
    return new IntervalSet(scalar, lo <= hi ? [{ lo, hi }] : []);
  }

  static of<T extends number | bigint>(scalar: Scalar<T>, universe: Interval<T>): IntervalSet<T> {
    return IntervalSet.range(scalar, universe.lo, universe.hi);
  }

  /** Any ranges, in any order, overlapping or not; empty ranges (`lo > hi`) are dropped. */
  static fromRanges<T extends number | bigint>(scalar: Scalar<T>, ranges: Iterable<Interval<T>>): IntervalSet<T> {
    const sorted = [...ranges].filter((r) => r.lo <= r.hi).sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
    return new IntervalSet(scalar, mergeSorted(scalar, sorted));
  }

  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** True when the set is exactly `universe`. */
  isAll(universe: Interval<T>): boolean {
    const only = this.ranges.length === 1 ? this.ranges[0]! : undefined;
    return only !== undefined && only.lo === universe.lo && only.hi === universe.hi;
  }

  contains(x: T): boolean {
    // Binary search: sets of addresses can hold thousands of ranges.
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (x < r.lo) hi = mid - 1;
      else if (x > r.hi) lo = mid + 1;
      else return true;
    }
    return false;
  }

  equals(other: IntervalSet<T>): boolean {
    if (this.ranges.length !== other.ranges.length) return false;
    return this.ranges.every((r, i) => r.lo === other.ranges[i]!.lo && r.hi === other.ranges[i]!.hi);
  }

  union(other: IntervalSet<T>): IntervalSet<T> {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    // Merge two sorted lists, then coalesce.
    const out: Interval<T>[] = [];
    let i = 0;
    let j = 0;
    while (i < this.ranges.length || j < other.ranges.length) {
      const a = this.ranges[i];
      const b = other.ranges[j];
      if (b === undefined || (a !== undefined && a.lo <= b.lo)) {
        out.push(a!);
        i++;
      } else {
        out.push(b);
        j++;
      }
    }
    return new IntervalSet(this.scalar, mergeSorted(this.scalar, out));
  }

  intersect(other: IntervalSet<T>): IntervalSet<T> {
    const out: Interval<T>[] = [];
    let i = 0;
    let j = 0;
    while (i < this.ranges.length && j < other.ranges.length) {
      const a = this.ranges[i]!;
      const b = other.ranges[j]!;
      const lo = a.lo > b.lo ? a.lo : b.lo;
      const hi = a.hi < b.hi ? a.hi : b.hi;
      if (lo <= hi) out.push({ lo, hi });
      if (a.hi < b.hi) i++;
      else j++;
    }
    // Pieces of canonical inputs are separated by gaps of both inputs, so `out` is canonical.
    return new IntervalSet(this.scalar, out);
  }

  subtract(other: IntervalSet<T>): IntervalSet<T> {
    if (other.isEmpty() || this.isEmpty()) return this;
    const s = this.scalar;
    const out: Interval<T>[] = [];
    let j = 0;
    for (const a of this.ranges) {
      let lo = a.lo;
      const hi = a.hi;
      while (j < other.ranges.length && other.ranges[j]!.hi < lo) j++;
      let k = j;
      while (k < other.ranges.length && other.ranges[k]!.lo <= hi) {
        const b = other.ranges[k]!;
        if (b.lo > lo) out.push({ lo, hi: s.pred(b.lo) });
        if (b.hi >= hi) {
          lo = s.succ(hi); // nothing of `a` is left
          break;
        }
        lo = s.succ(b.hi);
        k++;
      }
      if (lo <= hi) out.push({ lo, hi });
    }
    return new IntervalSet(this.scalar, out);
  }

  /** `universe \ this`. */
  complement(universe: Interval<T>): IntervalSet<T> {
    return IntervalSet.of(this.scalar, universe).subtract(this);
  }

  isSubsetOf(other: IntervalSet<T>): boolean {
    return this.subtract(other).isEmpty();
  }

  overlaps(other: IntervalSet<T>): boolean {
    return !this.intersect(other).isEmpty();
  }

  /** Number of integers in the set. */
  count(): bigint {
    let n = 0n;
    for (const r of this.ranges) n += this.scalar.width(r.lo, r.hi);
    return n;
  }

  min(): T | undefined {
    return this.ranges[0]?.lo;
  }

  max(): T | undefined {
    return this.ranges[this.ranges.length - 1]?.hi;
  }

  /** One set per maximal range, in ascending order. */
  split(): IntervalSet<T>[] {
    return this.ranges.map((r) => new IntervalSet(this.scalar, [r]));
  }

  /** Every integer, ascending. Only sensible for small sets (ports, protocols). */
  *values(): IterableIterator<T> {
    for (const r of this.ranges) {
      for (let x = r.lo; x <= r.hi; x = this.scalar.succ(x)) yield x;
    }
  }

  [Symbol.iterator](): IterableIterator<Interval<T>> {
    return this.ranges[Symbol.iterator]();
  }

  /**
   * Ranges as text: `a` for a single integer, `a-b` otherwise, joined by `sep` — the form
   * netpol-analyzer prints port sets in (`80,8080-8090`).
   */
  toShortString(show: (x: T) => string = String, sep = ','): string {
    return this.ranges.map((r) => (r.lo === r.hi ? show(r.lo) : `${show(r.lo)}-${show(r.hi)}`)).join(sep);
  }

  toString(): string {
    return this.isEmpty() ? '{}' : this.toShortString();
  }
}

/** Coalesces ranges sorted by `lo` that overlap or touch. */
function mergeSorted<T extends number | bigint>(s: Scalar<T>, sorted: readonly Interval<T>[]): Interval<T>[] {
  const out: Interval<T>[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.lo <= s.succ(last.hi)) {
      if (r.hi > last.hi) out[out.length - 1] = { lo: last.lo, hi: r.hi };
    } else {
      out.push(r);
    }
  }
  return out;
}

/** Shorthands for the two element types. */
export type NumberSet = IntervalSet<number>;
export type BigIntSet = IntervalSet<bigint>;

export function numberSet(...ranges: Array<[number, number] | number>): NumberSet {
  return IntervalSet.fromRanges(
    NUMBER,
    ranges.map((r) => (typeof r === 'number' ? { lo: r, hi: r } : { lo: r[0], hi: r[1] })),
  );
}

export function bigintSet(...ranges: Array<[bigint, bigint] | bigint>): BigIntSet {
  return IntervalSet.fromRanges(
    BIGINT,
    ranges.map((r) => (typeof r === 'bigint' ? { lo: r, hi: r } : { lo: r[0], hi: r[1] })),
  );
}
