import path from 'node:path';
import matter from 'gray-matter';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { CorpusDocument, CorpusProblem, DocumentMeta } from './types.js';
import { splitBody } from './paragraphs.js';
import { readCorpusFolder } from './read-folder.js';

/** File endings that hold documents; other files in the folder (aliases.yml, feeds.yml) are data. */
export const DOCUMENT_EXTENSIONS = ['.md', '.txt'];

export function isDocumentFile(file: string): boolean {
  const base = path.basename(file);
  return !base.startsWith('.') && !/^readme\./i.test(base) && DOCUMENT_EXTENSIONS.includes(path.extname(base).toLowerCase());
}

const optionalText = z.string().trim().min(1).optional();

const metaSchema = z.object({
  title: z.string({ error: 'is required' }).trim().min(1, 'must not be empty'),
  date: z
    .string({ error: 'is required (YYYY-MM-DD, YYYY-MM or YYYY)' })
    .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'must be YYYY-MM-DD, YYYY-MM or YYYY')
    .refine(isCalendarDate, 'is not a day of the calendar (e.g. 2025-02-30): fix the day'),
  publisher: optionalText,
  author: optionalText,
  url: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
  language: z.enum(['en', 'es'], { error: 'must be "en" or "es"' }).default('en'),
  partial: z.boolean({ error: 'must be true or false' }).default(false),
  license: optionalText,
  notes: optionalText,
});

/** `2025-02-30` matches the pattern but names no day; a month or year alone always does. */
export function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number);
  if (day === undefined || year === undefined || month === undefined) return true;
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

export interface ParsedFile {
  document?: CorpusDocument;
  problems: CorpusProblem[];
}

/**
 * Reads one corpus file: YAML front matter between `---` lines, then the body. Every problem
 * names the file, the field and the reason, so an editor can fix it without guessing.
 */
export function parseCorpusFile(file: string, bytes: Buffer): ParsedFile {
  const problem = (field: string, reason: string): ParsedFile => ({ problems: [{ file, field, reason }] });
  let source: string;
  try {
    // `\n` line ends, as `documentText` reads the file: a file saved with Windows line ends (CRLF)
    // would otherwise keep a carriage return on its last front-matter field ("en\r").
    source = new TextDecoder('utf-8', { fatal: true })
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n');
  } catch {
    return problem('encoding', 'is not valid UTF-8: save the file as UTF-8');
  }
  if (!/^---[ \t]*\r?\n/.test(source)) {
    return problem('front matter', 'is missing: the file must start with a "---" line, the YAML fields, and another "---" line');
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // The `yaml` package follows YAML 1.2, which keeps 2025-09-03 a string instead of a Date.
    parsed = matter(source, { engines: { yaml: (text: string) => (parseYaml(text) ?? {}) as object } });
  } catch (error) {
    return problem('front matter', `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const data = parsed.data as Record<string, unknown>;
  if (typeof data.date === 'number') data.date = String(data.date); // `date: 2025` reads as a number
  const result = metaSchema.safeParse(data);
  if (!result.success) {
    return {
      problems: result.error.issues.map((issue) => ({
        file,
        field: issue.path.join('.') || 'front matter',
        reason: issue.message,
      })),
    };
  }
  const { header, paragraphs } = splitBody(parsed.content);
  if (paragraphs.length === 0) return problem('body', 'is empty: the document has no text after the front matter');
  const meta: DocumentMeta = result.data;
  const id = path.basename(file, path.extname(file));
  return { document: { id, file, meta, header, paragraphs }, problems: [] };
}

export interface LoadedCorpus {
  documents: CorpusDocument[];
  problems: CorpusProblem[];
}

/** Parses document files already read, in the order given; a bad file is reported and the rest still load. */
export function parseCorpusFiles(files: { path: string; bytes: Buffer }[]): LoadedCorpus {
  const documents: CorpusDocument[] = [];
  const problems: CorpusProblem[] = [];
  for (const file of files) {
    const parsed = parseCorpusFile(file.path, file.bytes);
    if (parsed.document) documents.push(parsed.document);
    problems.push(...parsed.problems);
  }
  return { documents, problems };
}

/** Loads every document of a corpus folder; a bad file is reported and the rest still load. */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const folder = await readCorpusFolder(dir);
  const parsed = parseCorpusFiles(folder.files);
  return { documents: parsed.documents, problems: [...folder.problems, ...parsed.problems] };
}

/** Newest first; a document dated only by month or year sorts as its first day. */
export function byDateDescending(a: CorpusDocument, b: CorpusDocument): number {
  return b.meta.date.localeCompare(a.meta.date) || a.id.localeCompare(b.id);
}
