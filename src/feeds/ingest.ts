import { parseCorpusFile } from '../corpus/load-corpus.js';
import { htmlToParagraphs, MIN_ARTICLE_CHARS, UnreadablePageError, type ExtractedArticle } from './extract.js';
import { extractArticleOffThread } from './extract-off-thread.js';
import { FetchError, FetchRefusedError, fetchConditional, looksLikeHtml, type FetchOptions } from './http.js';
import { isoDate } from './parse.js';
import {
  detectLanguage,
  findDocumentByUrl,
  normalizeParagraphs,
  renderDocumentFile,
  saveDocument,
  today,
  type NewDocument,
  type SavedDocument,
} from './save.js';

export type IngestFailureCode =
  | 'invalid-url'
  | 'refused'
  | 'duplicate'
  | 'http'
  | 'network'
  | 'not-html'
  | 'unreadable'
  | 'no-text'
  | 'invalid-document'
  | 'save-failed';

export type IngestResult =
  | { ok: true; document: SavedDocument; source: 'page' | 'feed-content' }
  | {
      ok: false;
      code: IngestFailureCode;
      /** A sentence fit to show an admin, e.g. "HTTP 404 Not Found from https://…". */
      reason: string;
      /** Trying again later could succeed (network error, 5xx). */
      transient: boolean;
      /** For 'duplicate': the corpus file that already has this URL. */
      existingFile?: string;
    };

/** What a feed item (or the admin) already knows about the article. */
export interface ArticleHints {
  title?: string;
  author?: string;
  /** Any date string the feed gave. */
  date?: string;
  publisher?: string;
  /** Publisher when neither `publisher` nor the page's site name is known (e.g. the feed's title). */
  fallbackPublisher?: string;
  language?: 'en' | 'es';
  /** The feed item's full content (HTML), used when the page yields no article. */
  contentHtml?: string;
  /** Written into the document's `notes:`. */
  notes?: string;
}

function fail(code: IngestFailureCode, reason: string, transient = false, existingFile?: string): IngestResult {
  return { ok: false, code, reason, transient, ...(existingFile ? { existingFile } : {}) };
}

function duplicateOf(existingFile: string): IngestResult {
  return fail('duplicate', `already in the corpus as ${existingFile.split(/[\\/]/).pop()}`, false, existingFile);
}

/**
 * Fetches an article page, extracts its text (Readability; else the feed's full content),
 * and saves it as a new corpus document — unless the corpus already has that URL. The file is
 * checked with `parseCorpusFile` before it is written, so what is saved always loads.
 */
export async function ingestArticle(
  url: string,
  corpusDir: string,
  hints: ArticleHints = {},
  fetchOptions: FetchOptions = {},
): Promise<IngestResult> {
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    return fail('invalid-url', `"${url}" is not a URL`);
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') {
    return fail('invalid-url', `only http(s) addresses can be added, not ${parsedUrl.protocol}`);
  }
  // Permanent: retrying cannot help, and the secret must not be fetched with or stored.
  if (parsedUrl.username || parsedUrl.password) {
    return fail('invalid-url', 'the address contains a user name or password; give the public address of the page');
  }
  const existing = await findDocumentByUrl(corpusDir, url);
  if (existing) return duplicateOf(existing);

  let page: Awaited<ReturnType<typeof fetchConditional>> | undefined;
  let fetchFailure: IngestResult | undefined;
  try {
    page = await fetchConditional(url, { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5', ...fetchOptions });
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    // A refused address is not fetched at all, and the feed's own content must not stand in for it.
    if (error instanceof FetchRefusedError) return fail('refused', error.message);
    // A redirect to another scheme (file:, ftp:) or a loop never heals: permanent at once.
    const detail = `${error.message} ${(error.cause as Error | undefined)?.message ?? ''} ${(error.cause as { cause?: Error })?.cause?.message ?? ''}`;
    const permanent = /scheme|redirect count|credentials/i.test(detail);
    fetchFailure = fail(error.status ? 'http' : 'network', error.message, error.transient && !permanent);
  }

  let paragraphs: string[] = [];
  let source: 'page' | 'feed-content' = 'page';
  let article: ExtractedArticle | null = null;
  let finalUrl = url;
  if (page && page.status === 200) {
    finalUrl = page.url || url;
    if (finalUrl !== url) {
      const existingFinal = await findDocumentByUrl(corpusDir, finalUrl);
      if (existingFinal) return duplicateOf(existingFinal);
    }
    if (!looksLikeHtml(page.contentType, page.bytes)) {
      if (!hints.contentHtml) {
        return fail('not-html', `${url} is not a web page (Content-Type: ${page.contentType.split(';')[0] || 'none'})`);
      }
    } else {
      try {
        article = await extractArticleOffThread(page.bytes, finalUrl, page.contentType, fetchOptions.extraction);
        if (article) paragraphs = article.paragraphs;
      } catch (error) {
        // A page too large, too deep or too slow fails the same way every time; a reader that
        // could not start is not the page's fault.
        const permanent = error instanceof UnreadablePageError;
        fetchFailure = fail('unreadable', `${finalUrl} could not be read: ${(error as Error).message}`, !permanent);
      }
    }
  }
  if (paragraphs.length === 0 && hints.contentHtml) {
    const fromFeed = normalizeParagraphs(htmlToParagraphs(hints.contentHtml));
    if (fromFeed.join(' ').length >= MIN_ARTICLE_CHARS) {
      paragraphs = fromFeed;
      source = 'feed-content';
    }
  }
  if (paragraphs.length === 0) {
    if (fetchFailure) return fetchFailure;
    return fail(
      'no-text',
      `no article text found at ${url} (the page may need JavaScript, a login, or is not an article)`,
    );
  }

  const title = hints.title ?? article?.title;
  if (!title) return fail('no-text', `no title found for ${url}`);
  const doc: NewDocument = {
    title,
    date: isoDate(hints.date) ?? isoDate(article?.publishedTime) ?? today(),
    publisher:
      hints.publisher ?? article?.siteName ?? hints.fallbackPublisher ?? parsedUrl.hostname.replace(/^www\./, ''),
    author: hints.author ?? article?.byline,
    url: finalUrl,
    language: hints.language ?? detectLanguage(`${title} ${paragraphs.join(' ')}`, article?.lang),
    paragraphs,
    partial: false,
    notes: hints.notes,
  };
  // Check the exact text that will be written with the corpus loader itself.
  const check = parseCorpusFile('new-document.md', Buffer.from(renderDocumentFile(doc)));
  if (!check.document) {
    const p = check.problems[0];
    return fail('invalid-document', `the extracted document would not load (${p?.field}: ${p?.reason})`);
  }
  try {
    return { ok: true, document: await saveDocument(corpusDir, doc), source };
  } catch (error) {
    return fail('save-failed', `could not save the document: ${(error as Error).message}`, true);
  }
}
