/**
 * Emit, iptables, simulation: the `u32` match. Its test text → a parsed test, and a parsed test ×
 * packet bytes → match, as the kernel's `xt_u32.c` computes it.
 *
 * Contract (iptables-extensions(8) "u32", kernel `u32_match_it`): a test is `location=ranges`,
 * tests joined by `&&` must all hold. A location starts with a byte offset from the network
 * header, whose 32-bit big-endian word is read; `&N`, `<<N`, `>>N` transform the value; `@N` adds
 * the value to the base offset and reads the word at base + N. A read past the packet's end makes
 * the whole match false. Values are decimal or `0x` hex; a range is `lo:hi`.
 */

export type U32Op = { op: '&' | '<<' | '>>' | '@'; n: number };

export interface U32Test {
  start: number;
  ops: U32Op[];
  ranges: [number, number][];
}

export class U32Error extends Error {
  override name = 'U32Error';
}

function num(text: string): number {
  const t = text.trim();
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t)) throw new U32Error(`\`${text}\` is not a number`);
  const n = Number(t);
  if (n > 0xffffffff) throw new U32Error(`\`${text}\` does not fit 32 bits`);
  return n;
}

export function parseU32(text: string): U32Test[] {
  return text.split('&&').map((test) => {
    const eq = test.indexOf('=');
    if (eq < 0) throw new U32Error(`\`${test}\` has no \`=\``);
    const loc = test.slice(0, eq);
    const ranges = test
      .slice(eq + 1)
      .split(',')
      .map((r): [number, number] => {
        const [lo, hi] = r.split(':');
        return [num(lo!), hi === undefined ? num(lo!) : num(hi)];
      });
    // Split the location at its operators, keeping them.
    const parts = loc.split(/(<<|>>|&|@)/);
    const start = num(parts[0]!);
    const ops: U32Op[] = [];
    for (let i = 1; i < parts.length; i += 2) ops.push({ op: parts[i] as U32Op['op'], n: num(parts[i + 1] ?? '') });
    return { start, ops, ranges };
  });
}

function word(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

export function evalU32(tests: readonly U32Test[], bytes: Uint8Array): boolean {
  const len = bytes.length;
  for (const t of tests) {
    let at = 0;
    if (len < 4 || t.start > len - 4) return false;
    let val = word(bytes, t.start);
    for (const { op, n } of t.ops) {
      if (op === '&') val = (val & n) >>> 0;
      else if (op === '<<') val = n >= 32 ? 0 : (val << n) >>> 0;
      else if (op === '>>') val = n >= 32 ? 0 : val >>> n;
      else {
        at += val;
        if (len < at + 4 || n > len - at - 4) return false;
        val = word(bytes, at + n);
      }
    }
    if (!t.ranges.some(([lo, hi]) => lo <= val && val <= hi)) return false;
  }
  return true;
}
