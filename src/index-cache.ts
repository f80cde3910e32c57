import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import type { CorpusProblem } from './corpus/types.js';
import type { SavedDocument } from './corpus/verify-cache.js';
import type { SavedIndexHeader, SavedPassageRow, SavedTermRow } from './search/passage-index.js';
import type { DocumentAnalysis } from './quotes/extract.js';

/**
 * The saved index: a small manifest naming a folder of line-per-record files, so no record is
 * ever one giant string (a 675k-passage corpus overflowed V8's string limit as one JSON) and
 * nothing is JSON inside JSON. A document's text is kept only in its corpus file: the saved
 * document holds its metadata and where each header line and paragraph lies in the file, and
 * they (then the passages) are cut from the file again at load, so they are always slices of
 * it; each term's postings are one line.
 *
 *     index/<key>.json               manifest: version, corpus hash, counts, folder name
 *     index/<key>-<stamp>/documents.ndjson   one SavedDocument a line (paragraphs as places in the file)
 *     index/<key>-<stamp>/passages.ndjson    [shortId, passageId, docId, fieldLengths] a line
 *     index/<key>-<stamp>/terms.ndjson       [term, df, [fieldId, idGaps, freqs]...] a line
 *     index/<key>-<stamp>/quotes.ndjson      one document's extracted quotations a line
 *
 * Writing is atomic: the folder is written in full, then the manifest is renamed into place,
 * then older folders are removed. A crash leaves the previous cache or none, never half of one.
 */
export interface CacheManifest {
  version: number;
  corpusHash: string;
  lastChanged: string;
  problems: CorpusProblem[];
  index: SavedIndexHeader;
  /** The folder beside the manifest that holds the files. */
  folder: string;
  /**
   * SHA-256 of each file as written. A file read whole and parsed lazily (the terms) is checked
   * against it at load, since a damaged line would otherwise surface only when first parsed.
   */
  digests: Record<keyof typeof FILES, string>;
}

export interface CacheContents {
  documents: Iterable<SavedDocument>;
  passages: Iterable<SavedPassageRow>;
  terms: Iterable<SavedTermRow>;
  quotes: Iterable<DocumentAnalysis>;
}

const FILES = {
  documents: 'documents.ndjson',
  passages: 'passages.ndjson',
  terms: 'terms.ndjson',
  quotes: 'quotes.ndjson',
} as const;

/** Each corpus folder gets its own cache, so `--corpus DIR` never reuses another's index. */
export function cacheManifestPath(dataDir: string, corpusDir: string): string {
  const key = createHash('sha256').update(path.resolve(corpusDir)).digest('hex').slice(0, 16);
  return path.join(dataDir, 'index', `${key}.json`);
}

/** The manifest's JSON as saved; throws when it is missing (ENOENT) or not JSON. Checked by the caller. */
export async function readManifestJson(manifestFile: string): Promise<unknown> {
  return JSON.parse(await readFile(manifestFile, 'utf8')) as unknown;
}

/**
 * One saved file read whole, checked against the digest written with it (throws on a mismatch
 * or a missing digest), for a caller that parses its lines only when it needs them.
 */
export async function readRecordFile(
  manifestFile: string,
  manifest: CacheManifest,
  kind: keyof typeof FILES,
): Promise<Buffer> {
  const bytes = await readFile(path.join(path.dirname(manifestFile), manifest.folder, FILES[kind]));
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== manifest.digests?.[kind]) throw new Error(`${FILES[kind]} does not match the digest saved with it`);
  return bytes;
}

/** One saved file read whole, unchecked: for records parsed later, one at a time, each checked then. */
export async function readRecordBytes(
  manifestFile: string,
  manifest: CacheManifest,
  kind: keyof typeof FILES,
): Promise<Buffer> {
  return readFile(path.join(path.dirname(manifestFile), manifest.folder, FILES[kind]));
}

/**
 * The records of one saved file, read whole and parsed a line at a time. Reading the file in
 * one go and cutting lines at newline bytes is several times cheaper than a line reader over a
 * stream, which decodes and copies every line twice (measured at 10,000 documents).
 */
export async function readRecords<T>(
  manifestFile: string,
  manifest: CacheManifest,
  kind: keyof typeof FILES,
): Promise<Iterable<T>> {
  const bytes = await readRecordBytes(manifestFile, manifest, kind);
  return (function* () {
    for (const { start, end } of recordLines(bytes)) yield JSON.parse(bytes.toString('utf8', start, end)) as T;
  })();
}

/** Where each non-empty line of a record file starts and ends. */
export function* recordLines(bytes: Buffer, from = 0): Generator<{ start: number; end: number }> {
  for (let start = from; start < bytes.length;) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) yield { start, end };
    start = end + 1;
  }
}

export async function writeCache(
  manifestFile: string,
  manifest: Omit<CacheManifest, 'folder' | 'digests'>,
  contents: CacheContents,
): Promise<void> {
  const dir = path.dirname(manifestFile);
  const base = path.basename(manifestFile, '.json');
  const folder = `${base}-${Date.now().toString(36)}-${process.pid}`;
  await mkdir(path.join(dir, folder), { recursive: true });
  try {
    const digests = { documents: '', passages: '', terms: '', quotes: '' };
    for (const kind of Object.keys(FILES) as (keyof typeof FILES)[]) {
      digests[kind] = await writeLines(path.join(dir, folder, FILES[kind]), contents[kind]);
    }
    const temporary = `${manifestFile}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ ...manifest, folder, digests } satisfies CacheManifest));
    await rename(temporary, manifestFile);
  } catch (err) {
    await rm(path.join(dir, folder), { recursive: true, force: true });
    throw err;
  }
  // Older folders of this corpus are no longer named by the manifest.
  for (const entry of await readdir(dir)) {
    if (entry !== folder && entry.startsWith(`${base}-`))
      await rm(path.join(dir, entry), { recursive: true, force: true });
  }
}

/** Writes one JSON record a line, in chunks, waiting when the disk falls behind; returns the SHA-256. */
async function writeLines(file: string, records: Iterable<unknown>): Promise<string> {
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  let chunk = '';
  for (const record of records) {
    chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length >= 1 << 20) {
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  hash.update(chunk);
  out.end(chunk);
  await finished(out);
  return hash.digest('hex');
}
