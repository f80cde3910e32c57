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
  // Each a `SavedBlock`, checked by hand in `restoreDocument` (a schema per block costs more
  // than the rest of the start at 250,000 paragraphs).
  header: z.array(z.unknown()),
  paragraphs: z.array(z.unknown()).min(1),
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

/**
 * A header line or paragraph as saved: where it is in its file's text (start and end, as
 * `documentText` gives the text), or the text itself when it was not found there. Saving places
 * instead of text keeps the saved documents small (they are the largest part of a start) and
 * makes each restored paragraph a slice of the file as read now.
 */
export type SavedBlock = [number, number] | string;

/** A document as saved with the index (see `SavedBlock`). */
export type SavedDocument = Omit<CorpusDocument, 'header' | 'paragraphs'> & { header: SavedBlock[]; paragraphs: SavedBlock[] };

/** A document's saved form, its blocks placed in its file's text (`text`; undefined: kept as text). */
export function savedDocument(doc: CorpusDocument, text: string | undefined): SavedDocument {
  let from = 0;
  const place = (block: string): SavedBlock => {
    const at = text === undefined ? -1 : text.indexOf(block, from);
    if (at < 0) return block;
    from = at + block.length;
    return [at, from];
  };
  return { ...doc, header: doc.header.map(place), paragraphs: doc.paragraphs.map(place) };
}

/**
 * A saved document read back against its file as read now: its header lines and paragraphs
 * cut from the file's text where the index says, so every one is a verbatim slice of it (a
 * block saved as text must be found in the file). Throws when the record has the wrong shape;
 * `wrong` says why it does not match the corpus files.
 */
export function restoreDocument(
  record: unknown,
  files: ReadonlyMap<string, CorpusFile>,
): { document: CorpusDocument } | { wrong: { passage: string; reason: string } } {
  const result = documentSchema.safeParse(record);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`a saved document has the wrong shape (${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'wrong shape'})`);
  }
  const saved = result.data;
  const file = files.get(path.resolve(saved.file));
  if (!file) return { wrong: { passage: `${saved.id} ¶1`, reason: `its document ${saved.id} is not a file of the corpus` } };
  const text = documentText(file.bytes);
  let wrong: { passage: string; reason: string } | undefined;
  const restore = (blocks: unknown[], name: (i: number) => string) =>
    blocks.map((block, i) => {
      if (typeof block === 'string') {
        if (!text.includes(block)) wrong ??= { passage: name(i), reason: 'its text is not in the document file' };
        return block;
      }
      const [start, end] = Array.isArray(block) ? (block as unknown[]) : [];
      if (!Number.isInteger(start) || !Number.isInteger(end) || (block as unknown[]).length !== 2)
        throw new Error(`a saved document has the wrong shape (${name(i)}: neither text nor a place in the file)`);
      if ((start as number) < 0 || (start as number) > (end as number) || (end as number) > text.length)
        wrong ??= { passage: name(i), reason: 'its place is outside the document file' };
      return text.slice(start as number, end as number);
    });
  const header = restore(saved.header, (i) => `${saved.id} header line ${i + 1}`);
  const paragraphs = restore(saved.paragraphs, (i) => `${saved.id} ¶${i + 1}`);
  return wrong ? { wrong } : { document: { ...saved, header, paragraphs } };
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
