import { randomBytes } from 'node:crypto';
import { link, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { isDocumentFile } from '../corpus/load-corpus.js';
import { cleanText } from './extract.js';
import { fold } from '../search/fold.js';

/** A document to add to the corpus. */
export interface NewDocument {
  title: string;
  /** `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`); today when unknown. */
  date?: string;
  publisher?: string;
  author?: string;
  url: string;
  language: 'en' | 'es';
  paragraphs: string[];
  partial?: boolean;
  notes?: string;
}

export interface SavedDocument {
  /** The document id (file name without extension). */
  id: string;
  file: string;
  title: string;
  url: string;
  date: string;
  paragraphs: number;
}

/** A URL-safe ASCII slug: "Sheinbaum y Rubio: acuerdo" → "sheinbaum-y-rubio-acuerdo". */
export function slugify(text: string, maxLength = 80): string {
  const slug = fold(text)
    .replace(/'|\.(?=\w)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug || 'untitled';
  const cut = slug.slice(0, maxLength);
  return cut.slice(0, cut.lastIndexOf('-') > maxLength / 2 ? cut.lastIndexOf('-') : maxLength).replace(/-+$/, '');
}

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|smid|at_medium|at_campaign)$/i;

/** A URL reduced for "same article?" comparison: no fragment, no tracking parameters, no trailing slash, http = https. */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const key of [...u.searchParams.keys()]) if (TRACKING.test(key)) u.searchParams.delete(key);
    u.hostname = u.hostname.replace(/^www\./, '');
    const out = `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname.replace(/\/+$/, '')}${u.search}`;
    return out.toLowerCase();
  } catch {
    return url.trim().toLowerCase();
  }
}

/** The corpus file whose front matter `url:` is the same article as `url`, if any. */
export async function findDocumentByUrl(corpusDir: string, url: string): Promise<string | undefined> {
  const wanted = normalizeUrl(url);
  let names: string[];
  try {
    names = await readdir(corpusDir);
  } catch {
    return undefined;
  }
  for (const name of names.filter(isDocumentFile)) {
    const file = path.join(corpusDir, name);
    let head: string;
    try {
      head = (await readFile(file, 'utf8')).slice(0, 8192);
    } catch {
      continue;
    }
    const url = /^url:\s*["']?([^"'\r\n]+?)["']?\s*$/m.exec(head.split(/\n---\s*\n/)[0] ?? '')?.[1];
    if (url !== undefined && normalizeUrl(url) === wanted) return file;
  }
  return undefined;
}

const SPANISH = new Set([
  'el',
  'la',
  'los',
  'las',
  'de',
  'del',
  'que',
  'y',
  'en',
  'un',
  'una',
  'por',
  'para',
  'con',
  'se',
  'su',
  'al',
  'es',
  'lo',
  'como',
]);
const ENGLISH = new Set([
  'the',
  'of',
  'and',
  'to',
  'in',
  'a',
  'is',
  'that',
  'for',
  'on',
  'with',
  'as',
  'was',
  'by',
  'it',
  'at',
  'from',
  'said',
]);

/** 'es' or 'en': from a language tag when given ("es-MX"), else by counting common words. */
export function detectLanguage(text: string, tag?: string): 'en' | 'es' {
  const lang = tag?.toLowerCase().slice(0, 2);
  if (lang === 'es') return 'es';
  if (lang === 'en') return 'en';
  let es = 0;
  let en = 0;
  for (const word of text
    .toLowerCase()
    .split(/[^a-záéíóúñü]+/)
    .slice(0, 2000)) {
    if (SPANISH.has(word)) es++;
    if (ENGLISH.has(word)) en++;
  }
  return es > en ? 'es' : 'en';
}

/** Today's date as corpus files write it, `YYYY-MM-DD` (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Paragraphs made safe for the corpus format: one line each, no blank lines inside, no empties. */
export function normalizeParagraphs(paragraphs: string[]): string[] {
  return paragraphs.map(cleanText).filter((p) => p.length > 0 && /[\p{L}\p{N}]/u.test(p));
}

/** The text of a corpus file for a document: YAML front matter, then paragraphs separated by blank lines. */
export function renderDocumentFile(doc: NewDocument): string {
  const meta: Record<string, unknown> = {
    title: cleanText(doc.title),
    date: doc.date ?? today(),
  };
  if (doc.publisher) meta.publisher = cleanText(doc.publisher);
  if (doc.author) meta.author = cleanText(doc.author);
  meta.url = doc.url;
  meta.language = doc.language;
  meta.partial = doc.partial ?? false;
  if (doc.notes) meta.notes = doc.notes;
  const front = stringify(meta, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
  return `---\n${front}---\n\n${normalizeParagraphs(doc.paragraphs).join('\n\n')}\n`;
}

/**
 * Writes a new document file into the corpus folder, named `<date>-<slug of title>.md`, with
 * `-2`, `-3`… if taken: never overwrites a file. The file appears atomically (written under a
 * dot-name the watcher ignores, then hard-linked into place), so a watcher never sees half a file.
 */
export async function saveDocument(corpusDir: string, doc: NewDocument): Promise<SavedDocument> {
  const paragraphs = normalizeParagraphs(doc.paragraphs);
  if (paragraphs.length === 0) throw new Error('the document has no text');
  const date = doc.date ?? today();
  const text = renderDocumentFile({ ...doc, date, paragraphs });
  const base = `${date}-${slugify(doc.title, 70)}`;
  const temp = path.join(corpusDir, `.incoming-${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, text, { flag: 'wx' });
  try {
    for (let n = 1; n < 1000; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const file = path.join(corpusDir, `${id}.md`);
      try {
        await link(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      return { id, file, title: cleanText(doc.title), url: doc.url, date, paragraphs: paragraphs.length };
    }
    throw new Error(`too many documents named ${base}`);
  } finally {
    await unlink(temp).catch(() => {});
  }
}
