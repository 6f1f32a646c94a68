/**
 * Offsets → 1-based line and column, for one file's text.
 *
 * Contract: a line ends at `\n` (so `\r\n` files work and agree with the diagnostic renderer,
 * which splits on `\n` too); columns count UTF-16 code units from the start of the line, as the
 * `Span` contract says. Line starts are found lazily, only as far as the offsets asked for, so a
 * file refused after a glance at its start never pays for indexing millions of lines. Lookups are
 * O(1) when offsets arrive in increasing order, which is how the tree builder asks.
 */

export class LineIndex {
  private readonly starts: number[] = [0];
  /** Every line start at or before this offset is in `starts`. */
  private scanned = 0;
  private last = 0;

  constructor(private readonly text: string) {}

  /** Extends `starts` past `offset`. */
  private scanTo(offset: number): void {
    while (this.scanned <= offset && this.scanned < this.text.length) {
      const nl = this.text.indexOf('\n', this.scanned);
      if (nl < 0) {
        this.scanned = this.text.length;
        break;
      }
      this.starts.push(nl + 1);
      this.scanned = nl + 1;
    }
  }

  /** The 0-based index of the line holding `offset`. */
  private lineOf(offset: number): number {
    this.scanTo(offset);
    const s = this.starts;
    const l = this.last;
    // Fast path: the builder walks the text forwards, so the answer is usually this line or the next.
    if (s[l]! <= offset && (l + 1 >= s.length || offset < s[l + 1]!)) return l;
    if (l + 1 < s.length && s[l + 1]! <= offset && (l + 2 >= s.length || offset < s[l + 2]!)) return (this.last = l + 1);
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }

  /** 1-based line and column of a 0-based offset. */
  position(offset: number): { line: number; column: number } {
    const l = this.lineOf(offset);
    return { line: l + 1, column: offset - this.starts[l]! + 1 };
  }
}
