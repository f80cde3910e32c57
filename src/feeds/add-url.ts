import type { FetchOptions } from './http.js';
import { ingestArticle, type IngestResult } from './ingest.js';
import { today } from './save.js';

export interface AddFromUrlOptions {
  fetch?: FetchOptions;
  /** Override what the page says. */
  title?: string;
  publisher?: string;
  language?: 'en' | 'es';
  /** Who added it, written into the document's notes. */
  addedBy?: string;
}

/**
 * For the admin command `/corpus add url:`: fetches one page, extracts the article and saves it
 * into the corpus folder (the corpus watcher then indexes and announces it). Resolves to what was
 * added, or `{ ok: false, reason }` — e.g. not HTML, no article text found, HTTP 404, already in
 * the corpus. Never throws for a bad URL or page.
 */
export async function addDocumentFromUrl(
  url: string,
  corpusDir: string,
  options: AddFromUrlOptions = {},
): Promise<IngestResult> {
  return ingestArticle(
    url.trim(),
    corpusDir,
    {
      title: options.title,
      publisher: options.publisher,
      language: options.language,
      notes: `added with /corpus add on ${today()}${options.addedBy ? ` by ${options.addedBy}` : ''}; text extracted automatically from the web page`,
    },
    options.fetch,
  );
}
