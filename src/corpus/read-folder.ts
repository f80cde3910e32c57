/**
 * Reading the corpus folder without trusting it. Only regular files with a document extension
 * are opened; FIFOs, devices, sockets and directories are never opened (a FIFO would hang the
 * read, `/dev/zero` would never end); a file over the size cap is reported, not read; files are
 * read a few at a time so a large corpus never runs out of file descriptors; and two files that
 * would give one document id are reported rather than silently merged.
 *
 * Symlink policy (start-up and the watcher share it through `readCorpusFile`): a symlink is
 * followed, and what it points at must pass the same checks as any file — a regular file under
 * the size cap — or it is reported and skipped.
 */
import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isDocumentFile } from './load-corpus.js';
import type { CorpusProblem } from './types.js';

/** The largest document file read: the longest real corpus document is a few hundred KB. */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
/** How many corpus files are open at once at start-up; far below any `ulimit -n`. */
export const READ_CONCURRENCY = 16;

export interface CorpusFile {
  path: string;
  bytes: Buffer;
  mtimeMs: number;
}

export type ReadResult = { file: CorpusFile } | { problem: CorpusProblem } | { gone: true };

export interface ReadOptions {
  /** Default `MAX_DOCUMENT_BYTES`. */
  maxBytes?: number;
}

/** The id a document file gives its document: its name without the extension. */
export function documentId(file: string): string {
  return path.basename(file, path.extname(file));
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'something other than a file';
}

/**
 * Reads one corpus file if it is safe to: a regular file (after following a symlink) no larger
 * than the cap. Checked with `stat` before opening, and again on the open descriptor (opened
 * non-blocking, so even a FIFO swapped in between never blocks), and the read itself stops at the
 * cap, so a file that grows while being read cannot exhaust memory.
 */
export async function readCorpusFile(file: string, options: ReadOptions = {}): Promise<ReadResult> {
  const maxBytes = options.maxBytes ?? MAX_DOCUMENT_BYTES;
  const problem = (reason: string): ReadResult => ({ problem: { file, field: 'file', reason } });
  const tooLarge = (size: number) => problem(`is ${megabytes(size)}, over the ${megabytes(maxBytes)} limit for a document file: split it or remove it`);
  let before;
  try {
    before = await stat(file); // follows a symlink: the policy is judged on what it points at
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { gone: true };
    if (code === 'ELOOP') return problem('is a symlink loop: skipped');
    return problem(`cannot be read: ${(error as Error).message}`);
  }
  if (!before.isFile()) return problem(`is ${kindOf(before)}, not a regular file: skipped`);
  if (before.size > maxBytes) return tooLarge(before.size);
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { gone: true };
    return problem(`cannot be read: ${(error as Error).message}`);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return problem(`is ${kindOf(opened)}, not a regular file: skipped`);
    if (opened.size > maxBytes) return tooLarge(opened.size);
    // One byte more than the cap tells a file that grew since `stat` from one exactly at the cap.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, opened.size + 1));
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return tooLarge(length);
    return { file: { path: file, bytes: buffer.subarray(0, length), mtimeMs: opened.mtimeMs } };
  } catch (error) {
    return problem(`cannot be read: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

/** Runs `task` over `items` with at most `limit` running at once; results in the items' order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  // One iterator shared by the workers: each takes the next item as it frees up.
  const queue = items.entries();
  const worker = async () => {
    for (const [i, item] of queue) results[i] = await task(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Splits document files (sorted) into those that each own their id and the duplicates: the first
 * file in name order keeps the id (`x.md` before `x.txt`); every other one is a problem.
 */
export function oneFilePerId(files: readonly string[]): { unique: string[]; problems: CorpusProblem[] } {
  const owner = new Map<string, string>();
  const unique: string[] = [];
  const problems: CorpusProblem[] = [];
  for (const file of files) {
    const id = documentId(file);
    const first = owner.get(id);
    if (first === undefined) {
      owner.set(id, file);
      unique.push(file);
    } else {
      problems.push(duplicateIdProblem(file, first));
    }
  }
  return { unique, problems };
}

/** The problem reported for a second file giving an id another file already gives. */
export function duplicateIdProblem(file: string, owner: string): CorpusProblem {
  return {
    file,
    field: 'file name',
    reason: `gives the document id "${documentId(file)}", which ${path.basename(owner)} already has: rename or remove one of them (this one is not loaded)`,
  };
}

export interface CorpusFolder {
  /** Document files read, sorted by path. */
  files: CorpusFile[];
  /** Files that were not read, each with its reason. */
  problems: CorpusProblem[];
}

/** Throws, in words an operator can act on, unless `dir` is a folder. */
export async function checkCorpusFolder(dir: string): Promise<void> {
  const stats = await stat(dir).catch((error: unknown) => {
    throw new Error(unreadableFolder(dir, error), { cause: error });
  });
  if (!stats.isDirectory()) throw new Error(unreadableFolder(dir, Object.assign(new Error(''), { code: 'ENOTDIR' })));
}

/** Why the corpus folder cannot be listed, in words an operator can act on (not an errno). */
function unreadableFolder(dir: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const fix = 'set CORPUS_DIR (or --corpus) to the folder of document files';
  if (code === 'ENOENT') return `the corpus folder ${dir} does not exist: create it, or ${fix}`;
  if (code === 'ENOTDIR') return `the corpus folder ${dir} is not a folder: ${fix}`;
  if (code === 'EACCES' || code === 'EPERM') return `the corpus folder ${dir} cannot be read (permission denied)`;
  return `the corpus folder ${dir} cannot be read: ${(error as Error).message}`;
}

/**
 * Reads the document files of a corpus folder (top level), sorted so every load sees them in
 * one order. Files that are not documents by name are never opened.
 */
export async function readCorpusFolder(dir: string, options: ReadOptions & { concurrency?: number } = {}): Promise<CorpusFolder> {
  await checkCorpusFolder(dir);
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    throw new Error(unreadableFolder(dir, error), { cause: error });
  });
  const names = entries
    .filter((entry) => !entry.isDirectory() && isDocumentFile(entry.name))
    .map((entry) => path.join(dir, entry.name))
    .sort();
  const { unique, problems } = oneFilePerId(names);
  const results = await mapLimited(unique, options.concurrency ?? READ_CONCURRENCY, (file) => readCorpusFile(file, options));
  const files: CorpusFile[] = [];
  for (const result of results) {
    if ('file' in result) files.push(result.file);
    else if ('problem' in result) problems.push(result.problem);
  }
  problems.sort((a, b) => a.file.localeCompare(b.file));
  return { files, problems };
}
