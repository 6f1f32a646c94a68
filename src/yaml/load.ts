/**
 * Stage 1, load: paths → positioned documents. The loader's entry point.
 *
 * Input: files, directories (walked recursively for `.yaml`, `.yml` and `.json`) and `-` for
 * standard input. Output: every document that loaded, the text of every file read (for rendering
 * source lines under diagnostics), and diagnostics.
 *
 * Contract:
 * - Deterministic: paths in the order given; inside a directory, entries sorted by name (UTF-16
 *   code-unit order, not locale) and walked depth-first. A file or directory reached twice (by
 *   symbolic links or repeated arguments) is loaded once, so symlink loops end.
 * - File names in spans are the paths as given, or joined onto them (relative stays relative);
 *   stdin is `<stdin>`.
 * - Bounded: a file over `maxFileBytes` is refused from its `stat` size without being read, and
 *   streams (stdin, pipes) are read only up to that size. Never throws for bad input.
 */
import { createReadStream, type Dirent, type Stats } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Code } from '../diagnostics/codes.js';
import type { SourceDocument, SourceTexts } from './node.js';
import { resolveLimits, type Limits } from './limits.js';
import { parseDocuments } from './parseDocuments.js';

export type { Limits } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';
export { parseDocuments } from './parseDocuments.js';

export const STDIN_NAME = '<stdin>';

export interface LoadOptions {
  limits?: Partial<Limits>;
  /** Reads all of standard input, for the path `-` (default: `process.stdin`, size-capped). */
  readStdin?: () => Promise<string>;
}

export interface Loaded {
  documents: SourceDocument[];
  texts: SourceTexts;
  diagnostics: Diagnostic[];
}

const YAML_FILE = /\.(?:ya?ml|json)$/i;

/** One input to read: a file found on disk, or stdin. */
interface Input {
  name: string;
  /** Undefined for stdin. */
  stats?: Stats;
}

export async function loadPaths(paths: string[], opts: LoadOptions = {}): Promise<Loaded> {
  const limits = resolveLimits(opts.limits);
  const out: Loaded = { documents: [], texts: new Map(), diagnostics: [] };
  const report = (code: Code, file: string, message: string) =>
    out.diagnostics.push(diagnostic(code, { file, line: 1, column: 1 }, '', message));

  const inputs: Input[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if (p === '-') {
      if (!seen.has(STDIN_NAME)) inputs.push({ name: STDIN_NAME });
      seen.add(STDIN_NAME);
    } else {
      await collect(p, true, inputs, seen, report);
    }
  }

  for (const input of inputs) {
    const bytes = await readInput(input, limits.maxFileBytes, opts.readStdin, report);
    if (bytes === undefined) continue;
    let text: string;
    try {
      text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      report('file-unreadable', input.name, 'file is not valid UTF-8 text');
      continue;
    }
    out.texts.set(input.name, text);
    const parsed = parseDocuments(input.name, text, limits);
    out.documents.push(...parsed.documents);
    out.diagnostics.push(...parsed.diagnostics);
  }
  return out;
}

type Report = (code: Code, file: string, message: string) => void;

function fsReason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    default:
      return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Adds the files under `path` to `inputs`. An explicit path is read whatever its extension; inside
 * directories only YAML and JSON files are, and other entries are skipped silently unless they
 * look like YAML files that cannot be reached (a dangling link `x.yaml`).
 */
async function collect(
  path: string,
  explicit: boolean,
  inputs: Input[],
  seen: Set<string>,
  report: Report,
): Promise<void> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (err) {
    if (explicit || YAML_FILE.test(path)) {
      if (isMissing(err)) {
        report('file-not-found', path, explicit ? 'no such file or directory' : 'broken symbolic link');
      } else report('file-unreadable', path, `cannot read: ${fsReason(err)}`);
    }
    return;
  }
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    report('file-unreadable', path, `cannot resolve: ${fsReason(err)}`);
    return;
  }
  if (seen.has(real)) return;
  if (st.isDirectory()) {
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (err) {
      report('file-unreadable', path, `cannot list directory: ${fsReason(err)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const child = join(path, e.name);
      // Plain files are filtered by name here; directories and links need a stat to classify.
      if (e.isFile() && !YAML_FILE.test(e.name)) continue;
      if (e.isFile() || e.isDirectory() || e.isSymbolicLink()) await collect(child, false, inputs, seen, report);
    }
    return;
  }
  if (!explicit && (!st.isFile() || !YAML_FILE.test(path))) return;
  seen.add(real);
  inputs.push({ name: path, stats: st });
}

/** The input's bytes (or stdin's text), or undefined after reporting why not. */
async function readInput(
  input: Input,
  max: number,
  readStdin: (() => Promise<string>) | undefined,
  report: Report,
): Promise<Uint8Array | string | undefined> {
  const tooLarge = (size: number | undefined) => {
    const what = size === undefined ? 'input is over' : `file is ${size} bytes, over`;
    report('file-too-large', input.name, `${what} the limit of ${max} bytes`);
  };
  try {
    if (!input.stats) {
      if (readStdin) {
        const text = await readStdin();
        const size = Buffer.byteLength(text, 'utf8');
        if (size > max) return void tooLarge(size);
        return text;
      }
      const bytes = await readCapped(process.stdin, max);
      return bytes ?? void tooLarge(undefined);
    }
    if (input.stats.isFile()) {
      if (input.stats.size > max) return void tooLarge(input.stats.size);
      const bytes = await readFile(input.name);
      // The file may have grown since `stat`.
      return bytes.length > max ? void tooLarge(bytes.length) : bytes;
    }
    // A pipe or device named explicitly (`<(…)`, /dev/stdin): its size is unknown, so cap the read.
    const bytes = await readCapped(createReadStream(input.name), max);
    return bytes ?? void tooLarge(undefined);
  } catch (err) {
    report('file-unreadable', input.name, `cannot read: ${fsReason(err)}`);
    return undefined;
  }
}

/** Reads a stream to its end, or stops (and returns undefined) once it passes `max` bytes. */
async function readCapped(
  stream: NodeJS.ReadableStream & { destroy?: () => void },
  max: number,
): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += b.length;
    if (total > max) {
      stream.destroy?.();
      return undefined;
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
