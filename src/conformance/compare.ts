/**
 * Comparing a runner's output with a golden, and showing the difference briefly.
 *
 * Stage: conformance. Input → output: expected and actual text → equal or not; a short unified diff.
 * Contract: texts are compared exactly after normalising line endings (CRLF/CR → LF) and dropping
 * final newlines. Why the last part: netpol-analyzer's own tests compare with every newline
 * removed, so its goldens are inconsistent about the final newline (some csv goldens lack it);
 * every other newline still counts.
 */

export function normaliseOutput(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
}

export function sameOutput(expected: string, actual: string): boolean {
  return normaliseOutput(expected) === normaliseOutput(actual);
}

/**
 * One unified-diff hunk from the first to the last differing line (common leading and trailing
 * lines trimmed), with `context` lines around it and at most `maxLines` lines shown per side.
 */
export function unifiedDiff(expected: string, actual: string, context = 3, maxLines = 12): string {
  const lines = (t: string) => (t === '' ? [] : t.split('\n')); // an empty file has no lines
  const e = lines(normaliseOutput(expected));
  const a = lines(normaliseOutput(actual));
  let head = 0;
  while (head < e.length && head < a.length && e[head] === a[head]) head++;
  let tail = 0;
  while (tail < e.length - head && tail < a.length - head && e[e.length - 1 - tail] === a[a.length - 1 - tail]) tail++;
  if (head === e.length && head === a.length) return '';
  const removed = e.slice(head, e.length - tail);
  const added = a.slice(head, a.length - tail);
  const before = e.slice(Math.max(0, head - context), head);
  const after = e.slice(e.length - tail, e.length - tail + context);
  const start = head - before.length;
  const span = (n: number) => before.length + n + after.length;
  const at = (length: number) => (length === 0 ? start : start + 1);
  const shown = (lines: string[], sign: string) => {
    const out = lines.slice(0, maxLines).map((l) => sign + l);
    if (lines.length > maxLines) out.push(`${sign}… ${lines.length - maxLines} more line(s)`);
    return out;
  };
  return [
    '--- expected',
    '+++ actual',
    // A side with no lines in the hunk names the line before it, as diff(1) does.
    `@@ -${at(span(removed.length))},${span(removed.length)} +${at(span(added.length))},${span(added.length)} @@`,
    ...before.map((l) => ' ' + l),
    ...shown(removed, '-'),
    ...shown(added, '+'),
    ...after.map((l) => ' ' + l),
  ].join('\n');
}
