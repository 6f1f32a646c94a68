/**
 * The old version of a path, read from git: `netpolc diff --base <rev> <path>` compares the
 * working tree's `<path>` with the same path at `<rev>`.
 *
 * Stage: input for diff (file system and git; no analysis). Input → output: a revision and a path
 * → a temporary folder holding that path's files as of the revision, and a way to name them back.
 * Contract:
 * - git runs without a shell (`execFile`/`spawn` with argument lists); a revision starting with
 *   `-` is refused, so it cannot be read as an option.
 * - Only blobs are copied (submodules and other non-file entries are skipped); under a folder only
 *   the files the loader reads (`.yaml`, `.yml`, `.json`), a single named file whatever its name.
 * - Errors (not in a git repository, unknown revision, path missing at the revision, git missing)
 *   are returned as `{ error }` in netpolc's message style, never thrown.
 * - The caller must call `cleanup()` (it removes the folder; calling it twice is harmless).
 *   `label` turns paths inside the folder into `<rev>:<path from the repository root>`, in
 *   diagnostics and witness positions.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface RevisionCheckout {
  /** The path to load: the temporary copy of the requested path. */
  readonly path: string;
  /** The full commit id the revision resolved to. */
  readonly commit: string;
  /** Every `<temporary folder>/<path>` in a file name or message → `<rev>:<path>`. */
  label(text: string): string;
  cleanup(): Promise<void>;
}

const LOADED_FILE = /\.(?:ya?ml|json)$/i;

export async function checkoutRevision(rev: string, path: string): Promise<RevisionCheckout | { error: string }> {
  if (rev === '' || rev.startsWith('-')) return { error: `\`${rev}\` is not a revision` };
  const abs = resolve(path);
  let probe = abs;
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  const cwd = existsSync(probe) && statSync(probe).isDirectory() ? probe : dirname(probe);

  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  if ('error' in top) return { error: `\`${path}\` is not in a git repository` };
  const root = top.out.toString('utf8').trim();
  const rel = relative(root, abs).split(sep).join('/');
  if (rel.startsWith('..')) return { error: `\`${path}\` is outside the git repository at \`${root}\`` };

  const commitOut = await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  if ('error' in commitOut) return { error: `unknown revision \`${rev}\`` };
  const commit = commitOut.out.toString('utf8').trim();

  const listed = await git(root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...(rel === '' ? [] : [rel])]);
  if ('error' in listed) return { error: `cannot list \`${path}\` at \`${rev}\`: ${listed.error}` };
  const entries = parseLsTree(listed.out.toString('utf8')).filter((e) => e.type === 'blob');
  const single = entries.length === 1 && entries[0]!.file === rel;
  const wanted = single ? entries : entries.filter((e) => LOADED_FILE.test(e.file));
  if (entries.length === 0) return { error: `\`${rel === '' ? '.' : rel}\` does not exist at \`${rev}\`` };

  const dir = await mkdtemp(join(tmpdir(), 'netpolc-diff-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const blobs = await readBlobs(root, wanted.map((e) => e.object));
    for (const [i, e] of wanted.entries()) {
      const target = join(dir, ...e.file.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, blobs[i]!);
    }
  } catch (e) {
    await cleanup();
    return { error: `cannot read \`${rel}\` at \`${rev}\`: ${(e as Error).message}` };
  }
  const path2 = rel === '' ? dir : join(dir, ...rel.split('/'));
  if (!existsSync(path2)) await mkdir(path2, { recursive: true }); // a folder with no YAML files in it
  return {
    path: path2,
    commit,
    // Also used on messages, which may quote another file of the copy.
    label: (text) => text.split(dir + sep).join(`${rev}:`),
    cleanup,
  };
}

interface TreeEntry {
  type: string;
  object: string;
  file: string;
}

/** `git ls-tree -z` lines: `<mode> SP <type> SP <object> TAB <path>`, NUL-terminated. */
function parseLsTree(text: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const record of text.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [, type, object] = record.slice(0, tab).split(' ');
    if (type && object) out.push({ type, object, file: record.slice(tab + 1) });
  }
  return out;
}

function git(cwd: string, args: string[]): Promise<{ out: Buffer } | { error: string }> {
  return new Promise((done) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      if (err) done({ error: (stderr.toString('utf8').trim() || err.message).split('\n')[0]! });
      else done({ out: stdout });
    });
  });
}

/**
 * Blob contents by object id, with one `git cat-file --batch` process: its output is, per id,
 * `<id> <type> <size>\n<content>\n`.
 */
function readBlobs(cwd: string, ids: string[]): Promise<Buffer[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return new Promise((done, fail) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(stderr.trim() || `git cat-file exited with ${code}`));
      const all = Buffer.concat(chunks);
      const out: Buffer[] = [];
      let at = 0;
      for (const id of ids) {
        const nl = all.indexOf(0x0a, at);
        const header = all.subarray(at, nl).toString('utf8').split(' ');
        if (nl < 0 || header[0] !== id || header[1] === 'missing') return fail(new Error(`object ${id} is missing`));
        const size = Number(header[2]);
        out.push(all.subarray(nl + 1, nl + 1 + size));
        at = nl + 1 + size + 1;
      }
      done(out);
    });
    child.stdin.end(ids.join('\n') + '\n');
  });
}
