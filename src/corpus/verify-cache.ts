/**
 * Checks on what the index cache gives back, before the bot quotes from it. The cache is a file
 * anyone with disk access can edit; the verbatim promise must not depend on it. Two checks:
 * its shape (a zod schema; a wrong shape means rebuild, never a crash) and its text (every
 * passage must be a verbatim slice of the document file it cites, as read from disk now).
 */
import path from 'node:path';
import { z } from 'zod';
import type { CorpusDocument } from './types.js';
import type { CorpusFile } from './read-folder.js';

const documentSchema = z.object({
  id: z.string().min(1),
  file: z.string().min(1),
  meta: z
    .object({
      title: z.string(),
      date: z.string(),
      publisher: z.string().optional(),
      author: z.string().optional(),
      url: z.string().optional(),
      language: z.enum(['en', 'es']),
      partial: z.boolean(),
      license: z.string().optional(),
      notes: z.string().optional(),
    })
    .strict(),
  header: z.array(z.string()),
  paragraphs: z.array(z.string()).min(1),
});

const problemSchema = z.object({ file: z.string(), field: z.string(), reason: z.string() });

/**
 * The saved index's manifest: version, hash, problems and where its record files are. The search
 * index's header (whose format is the search module's business) passes through unchecked here;
 * loading it is wrapped so a bad one also means a rebuild.
 */
export const cacheManifestSchema = z.object({
  version: z.number().int(),
  corpusHash: z.string().regex(/^[0-9a-f]{64}$/),
  lastChanged: z.string(),
  problems: z.array(problemSchema),
  index: z.looseObject({}),
  folder: z.string().regex(/^[^/\\]+$/),
});

/** The manifest when the JSON has the right shape; otherwise why not, in one line. */
export function checkManifestShape(json: unknown): { ok: true } | { ok: false; reason: string } {
  const result = cacheManifestSchema.safeParse(json);
  if (result.success) return { ok: true };
  const issue = result.error.issues[0];
  return { ok: false, reason: `${issue?.path.join('.') || 'cache'}: ${issue?.message ?? 'wrong shape'}` };
}

/** One saved document record, checked; throws with the field when it has the wrong shape. */
export function checkCachedDocument(record: unknown): CorpusDocument {
  const result = documentSchema.safeParse(record);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Error(`a saved document has the wrong shape (${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'wrong shape'})`);
}

/** A document file's text as the parser sees it: UTF-8, no byte-order mark, `\n` line ends. */
export function documentText(bytes: Buffer): string {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = bytes.toString('utf8', bom ? 3 : 0);
  // Most files have no carriage return: skip a regex pass over every byte of the corpus.
  return bytes.includes(0x0d) ? text.replace(/\r\n?/g, '\n') : text;
}

/** The corpus files read at start-up, by absolute path (`--corpus corpus` and `--corpus /abs/corpus` share one cache). */
export function filesByPath(files: readonly CorpusFile[]): Map<string, CorpusFile> {
  return new Map(files.map((f) => [path.resolve(f.path), f]));
}

/**
 * Why a saved document is not what its file says: the first header line or paragraph that is
 * not a verbatim slice of the file as read now (or the file is not in the corpus); undefined
 * when every one is. Passages are cut from the paragraphs, so they are slices when these are.
 */
export function checkDocumentIsSlices(
  doc: CorpusDocument,
  files: ReadonlyMap<string, CorpusFile>,
): { passage: string; reason: string } | undefined {
  const file = files.get(path.resolve(doc.file));
  if (!file) return { passage: `${doc.id} ¶1`, reason: `its document ${doc.id} is not a file of the corpus` };
  const text = documentText(file.bytes);
  // Blocks come in file order, so each is looked for from where the previous one ended (one
  // pass over the file, not one per block); a block found only earlier is still a slice.
  let from = 0;
  const find = (block: string): boolean => {
    const at = text.indexOf(block, from);
    if (at >= 0) from = at + block.length;
    return at >= 0 || text.includes(block);
  };
  const header = doc.header.findIndex((line) => !find(line));
  if (header >= 0) return { passage: `${doc.id} header line ${header + 1}`, reason: 'its text is not in the document file' };
  const paragraph = doc.paragraphs.findIndex((p) => !find(p));
  if (paragraph >= 0) return { passage: `${doc.id} ¶${paragraph + 1}`, reason: 'its text is not in the document file' };
  return undefined;
}
