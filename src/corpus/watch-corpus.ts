import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { FEEDS_FILE } from '../feeds/config.js';
import { ALIASES_FILE } from '../search/aliases.js';
import { DOCUMENT_EXTENSIONS, isDocumentFile, parseCorpusFile } from './load-corpus.js';
import { documentId, duplicateIdProblem, readCorpusFile } from './read-folder.js';
import type { CorpusDocument, CorpusProblem } from './types.js';

/** Data files of the corpus folder that are not documents but matter to the bot. */
export const CONFIG_FILES = [FEEDS_FILE, ALIASES_FILE] as const;
export type ConfigFile = (typeof CONFIG_FILES)[number];

export interface WatchCorpusOptions {
  /** A document file appeared or changed and parsed cleanly. */
  onDocument(doc: CorpusDocument, kind: 'added' | 'changed'): void | Promise<void>;
  /** A document file appeared or changed but cannot be loaded; it is not announced. */
  onProblem(problem: CorpusProblem): void;
  /** A document file was deleted or renamed away. */
  onRemoved?(id: string, file: string): void | Promise<void>;
  /** feeds.yml or aliases.yml was added or changed. */
  onConfigChanged?(name: ConfigFile, file: string): void | Promise<void>;
  /** A callback threw, or the watcher itself failed; never stops watching. */
  onError?(error: unknown, file?: string): void;
  /** Documents already loaded at start-up: a later write to one of them is 'changed', not 'added'. */
  known?: Iterable<Pick<CorpusDocument, 'id' | 'file'>>;
  /** A file must stop changing for this long before it is read. Default 500 ms. */
  stabilityMs?: number;
  /** How often a settling file's size is checked. Default 100 ms. */
  pollIntervalMs?: number;
  /** Poll the folder instead of using file system events (network drives, some containers). */
  usePolling?: boolean;
}

export interface CorpusWatcher {
  /** Resolves once the initial scan is done and changes are being reported. */
  ready: Promise<void>;
  /** Resolves once no file event is being handled (files chokidar still sees being written are not counted). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** True for names an editor or downloader uses while writing: `x.md.tmp`, `x.md~`, `.#x.md`, `x.swp`, `4913`. */
export function isTemporaryFile(file: string): boolean {
  const base = path.basename(file);
  return (
    base.startsWith('.') ||
    base.startsWith('~') ||
    base.endsWith('~') ||
    /\.(tmp|temp|swp|swo|swx|part|partial|crdownload|download|bak|orig)$/i.test(base) ||
    /^\d+$/.test(base)
  );
}

/**
 * Watches a corpus folder (top level only) and reports document files added or changed while
 * the bot runs, once each has finished being written. Each is parsed with `parseCorpusFile`:
 * a good one goes to `onDocument`, a bad one only to `onProblem` — a bad file never crashes the
 * watcher and is never announced. Non-document files (feeds.yml, aliases.yml, dotfiles,
 * temporary files) are not documents; the two config files are reported to `onConfigChanged`.
 * A write that leaves a file's bytes unchanged is not reported again.
 */
export function watchCorpus(dir: string, options: WatchCorpusOptions): CorpusWatcher {
  const root = path.resolve(dir);
  const knownIds = new Set<string>();
  for (const doc of options.known ?? []) knownIds.add(doc.id);
  // Which file each loaded id came from: a second file with the same id is a problem, not a replacement.
  const owners = new Map<string, string>();
  for (const doc of options.known ?? []) owners.set(doc.id, path.resolve(doc.file));
  const exists = (file: string) => access(file).then(() => true, () => false);
  const lastHash = new Map<string, string>();
  // Events for one file are handled in order, one at a time.
  const queues = new Map<string, Promise<void>>();

  const report = (error: unknown, file?: string) => {
    try {
      options.onError?.(error, file);
    } catch {
      // nothing left to tell
    }
  };

  const enqueue = (file: string, task: () => Promise<void>) => {
    const previous = queues.get(file) ?? Promise.resolve();
    const next = previous.then(task).catch((error) => report(error, file));
    queues.set(file, next);
    void next.finally(() => {
      if (queues.get(file) === next) queues.delete(file);
    });
  };

  const configName = (file: string): ConfigFile | undefined =>
    CONFIG_FILES.find((name) => name === path.basename(file).toLowerCase());
  const isDocument = (file: string) => isDocumentFile(file) && !isTemporaryFile(file);

  const otherFileWithId = async (file: string): Promise<string | undefined> => {
    for (const ext of DOCUMENT_EXTENSIONS) {
      const candidate = path.join(path.dirname(path.resolve(file)), documentId(file) + ext);
      if (candidate !== path.resolve(file) && (await exists(candidate))) return candidate;
    }
    return undefined;
  };

  const handle = async (file: string, event: 'add' | 'change') => {
    const config = configName(file);
    if (config) {
      await options.onConfigChanged?.(config, file);
      return;
    }
    if (!isDocument(file)) return;
    const owner = owners.get(documentId(file));
    if (owner !== undefined && owner !== path.resolve(file) && (await exists(owner))) {
      options.onProblem(duplicateIdProblem(file, owner));
      return;
    }
    // The start-up rules: regular files (a symlink judged by its target) under the size cap.
    const read = await readCorpusFile(file);
    if ('gone' in read) return; // gone again already
    if ('problem' in read) {
      options.onProblem(read.problem);
      return;
    }
    const bytes = read.file.bytes;
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (lastHash.get(file) === hash) return;
    lastHash.set(file, hash);
    let parsed: ReturnType<typeof parseCorpusFile>;
    try {
      parsed = parseCorpusFile(file, bytes);
    } catch (error) {
      parsed = { problems: [{ file, field: 'file', reason: `could not be parsed: ${(error as Error).message}` }] };
    }
    if (!parsed.document) {
      for (const problem of parsed.problems) options.onProblem(problem);
      return;
    }
    const id = parsed.document.id;
    const kind = event === 'change' || knownIds.has(id) ? 'changed' : 'added';
    knownIds.add(id);
    owners.set(id, path.resolve(file));
    await options.onDocument(parsed.document, kind);
  };

  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    depth: 0,
    usePolling: options.usePolling ?? false,
    interval: options.pollIntervalMs ?? 100,
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 500, pollInterval: options.pollIntervalMs ?? 100 },
    ignored: (file: string, stats?: { isFile(): boolean }) => {
      if (path.resolve(file) === root) return false;
      if (path.basename(file).startsWith('.')) return true;
      if (!stats?.isFile()) return false;
      return !configName(file) && !isDocument(file);
    },
  });

  watcher.on('add', (file: string) => enqueue(file, () => handle(file, 'add')));
  watcher.on('change', (file: string) => enqueue(file, () => handle(file, 'change')));
  watcher.on('unlink', (file: string) =>
    enqueue(file, async () => {
      lastHash.delete(file);
      if (!isDocument(file)) return;
      const id = documentId(file);
      if (owners.has(id) && owners.get(id) !== path.resolve(file)) return; // a duplicate that was never loaded
      const sibling = await otherFileWithId(file);
      if (sibling) {
        // The other file with this id takes over, in place: the document stays, now from that file.
        owners.set(id, sibling);
        lastHash.delete(sibling);
        await handle(sibling, 'change');
        return;
      }
      owners.delete(id);
      knownIds.delete(id);
      await options.onRemoved?.(id, file);
    }),
  );
  watcher.on('error', (error: unknown) => report(error));

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  const idle = async () => {
    // A handler may queue another event for a file (a sibling taking over): wait until none is left.
    while (queues.size > 0) await Promise.all([...queues.values()]);
  };
  return {
    ready,
    idle,
    close: async () => {
      await watcher.close();
      await Promise.all([...queues.values()]);
    },
  };
}
