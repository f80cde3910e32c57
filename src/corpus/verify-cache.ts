/**
 * Checks on what the index cache gives back, before the bot quotes from it. The cache is a file
 * anyone with disk access can edit; the verbatim promise must not depend on it. Two checks:
 * its shape (a zod schema; a wrong shape means rebuild, never a crash) and its text (every
 * passage must be a verbatim slice of the document file it cites, as read from disk now).
 */
import path from 'node:path';
import { z } from 'zod';
import type { CorpusDocument, Passage } from './types.js';
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
  return bytes.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * The first passage that is not a verbatim slice of its document's text (`texts`: document id →
 * the text of the file read from disk), with the reason; undefined when every passage is one.
 */
export function checkPassagesAreSlices(
  texts: ReadonlyMap<string, string>,
  passages: Iterable<Pick<Passage, 'id' | 'docId' | 'text'>>,
): { passage: string; reason: string } | undefined {
  // Blocks come in file order, so each is looked for from where the previous one ended (one
  // pass over the file, not one per block); a block found only earlier is still a slice.
  let docId: string | undefined;
  let from = 0;
  for (const p of passages) {
    const text = texts.get(p.docId);
    if (text === undefined) return { passage: p.id, reason: `its document ${p.docId} is not a file of the corpus` };
    if (p.docId !== docId) [docId, from] = [p.docId, 0];
    const at = text.indexOf(p.text, from);
    if (at >= 0) from = at + p.text.length;
    else if (!text.includes(p.text)) return { passage: p.id, reason: 'its text is not in the document file' };
  }
  return undefined;
}

/** Document id → file text, for the cached documents whose file was read at start-up. */
export function textsOfCachedDocuments(documents: readonly CorpusDocument[], files: readonly CorpusFile[]): Map<string, string> {
  // By absolute path: `--corpus corpus` and `--corpus /abs/corpus` share one cache.
  const byPath = new Map(files.map((f) => [path.resolve(f.path), f]));
  const texts = new Map<string, string>();
  for (const doc of documents) {
    const file = byPath.get(path.resolve(doc.file));
    if (file) texts.set(doc.id, documentText(file.bytes));
  }
  return texts;
}

/** A document's header lines and paragraphs as slices to check (/source shows them whole). */
export function documentBlocks(documents: readonly CorpusDocument[]): Pick<Passage, 'id' | 'docId' | 'text'>[] {
  return documents.flatMap((doc) => [
    ...doc.header.map((text, i) => ({ id: `${doc.id} header line ${i + 1}`, docId: doc.id, text })),
    ...doc.paragraphs.map((text, i) => ({ id: `${doc.id} ¶${i + 1}`, docId: doc.id, text })),
  ]);
}
