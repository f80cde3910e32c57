import { DetectError, parseFeed } from 'feedsmith';
import { isCalendarDate } from '../corpus/load-corpus.js';
import { decodeBody } from './http.js';
import { loadJsdom } from './load-jsdom.js';

/** One feed entry, the same shape whatever the feed format. */
export interface FeedItem {
  /** Stable identity for "seen before": guid / Atom id / JSON id, else the link, else title+date. */
  key: string;
  title?: string;
  /** The article's address. */
  link?: string;
  /** Short description or summary (HTML or text). */
  summary?: string;
  /** Full content (RSS content:encoded, Atom content, JSON content_html/text), HTML. */
  contentHtml?: string;
  author?: string;
  /** `YYYY-MM-DD`, when the feed gives a date. */
  date?: string;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title?: string;
  link?: string;
  language?: string;
  items: FeedItem[];
  /** Entries left out because they had no id, link or title to know them by. */
  dropped?: number;
}

/** The feed could not be read: malformed XML, not a feed, or no items structure. */
export class FeedParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedParseError';
  }
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Throws a `FeedParseError` naming line and column if the XML is not well-formed. HTML named
 * entities (&nbsp; &eacute;), common in real feeds though not XML, are tolerated.
 */
export function assertWellFormedXml(text: string): void {
  const tolerant = text.replace(/&([a-zA-Z][a-zA-Z0-9]*);/g, (m, name: string) => (XML_ENTITIES.has(name) ? m : ' '));
  try {
    new (loadJsdom().JSDOM)(tolerant, { contentType: 'application/xml' });
  } catch (error) {
    const message = (error as Error).message.replace(/^about:blank:/, 'line ');
    throw new FeedParseError(`malformed XML (${message.replace(/^line (\d+):(\d+):/, 'line $1, column $2:')})`, {
      cause: error,
    });
  }
}

function textOf(html: string | undefined): string | undefined {
  if (html === undefined) return undefined;
  const spaced = html.replace(/<(br|\/p|\/div|\/li|\/h\d)\b[^>]*>/gi, '$& ');
  const text = /[<&]/.test(spaced) ? (loadJsdom().JSDOM.fragment(spaced).textContent ?? '') : spaced;
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean || undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * `YYYY-MM-DD` of a feed date as the publisher wrote it (its own time zone, not UTC): ISO 8601
 * and RFC 822 dates are read as written; anything else goes through `Date`.
 */
export function isoDate(value: unknown): string | undefined {
  const date = writtenDate(value);
  // "31 Feb 2025", "2025-13-01": no day at all, so none rather than a file the corpus refuses.
  return date !== undefined && /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/.test(date) && isCalendarDate(date) ? date : undefined;
}

function writtenDate(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return undefined;
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const [, day, monthName, year] = /(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})/i.exec(value) ?? [];
  const month = monthName ? MONTHS.indexOf(monthName.toLowerCase()) : -1;
  if (day && year && month >= 0) return `${year}-${String(month + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

function first<T>(list: T[] | undefined): T | undefined {
  return list && list.length > 0 ? list[0] : undefined;
}

function finish(item: Omit<FeedItem, 'key'> & { id?: string }): FeedItem | undefined {
  const key = item.id?.trim() || item.link?.trim() || (item.title ? `${item.title}|${item.date ?? ''}` : undefined);
  if (!key) return undefined;
  const { id: _id, ...rest } = item;
  void _id;
  return { key, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== '')) };
}

/** The items that have an identity, and how many did not (no id, link or title): those are reported, not silently lost. */
function kept(items: (FeedItem | undefined)[]): { items: FeedItem[]; dropped: number } {
  const good = items.filter((i): i is FeedItem => !!i);
  return { items: good, dropped: items.length - good.length };
}

/** Parses feed text (RSS 2.0, Atom, RDF/RSS 1.0 or JSON Feed) into normalized items. */
export function parseFeedText(text: string): ParsedFeed {
  const trimmed = text.trimStart();
  if (!trimmed) throw new FeedParseError('empty response: no feed');
  if (trimmed.startsWith('<')) {
    if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<!doctype html|^<html/i.test(trimmed)) {
      throw new FeedParseError('not a feed: got an HTML page (is the URL the feed address?)');
    }
    assertWellFormedXml(trimmed);
  }
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(trimmed);
  } catch (error) {
    if (error instanceof DetectError)
      throw new FeedParseError('not a feed: no RSS, Atom, RDF or JSON Feed structure found', { cause: error });
    throw new FeedParseError(`unreadable feed: ${(error as Error).message}`, { cause: error });
  }
  switch (parsed.format) {
    case 'rss': {
      const feed = parsed.feed;
      const items = (feed.items ?? []).map((i) =>
        finish({
          id: i.guid?.value,
          title: textOf(i.title),
          link: i.link,
          summary: i.description,
          contentHtml: i.content?.encoded,
          author: first(i.authors)?.name ?? first(i.dc?.creators),
          date: isoDate(i.pubDate) ?? isoDate(first(i.dc?.dates)),
        }),
      );
      return { format: 'rss', title: textOf(feed.title), link: feed.link, language: feed.language, ...kept(items) };
    }
    case 'atom': {
      const feed = parsed.feed;
      const linkOf = (links: { href?: string; rel?: string }[] | undefined) =>
        (links ?? []).find((l) => !l.rel || l.rel === 'alternate')?.href ?? first(links)?.href;
      const items = (feed.entries ?? []).map((e) => {
        const content = e.content;
        const contentHtml =
          content?.value === undefined
            ? undefined
            : content.type === 'html' || content.type === 'xhtml' || content.type === 'text/html'
              ? content.value
              : `<p>${escapeHtml(content.value)}</p>`;
        return finish({
          id: e.id,
          title: textOf(e.title?.value),
          link: linkOf(e.links),
          summary: e.summary?.value,
          contentHtml,
          author: first(e.authors)?.name ?? first(e.dc?.creators),
          date: isoDate(e.published) ?? isoDate(e.updated),
        });
      });
      return { format: 'atom', title: textOf(feed.title?.value), link: linkOf(feed.links), ...kept(items) };
    }
    case 'rdf': {
      const feed = parsed.feed;
      const items = (feed.items ?? []).map((i) =>
        finish({
          id: i.rdf?.about,
          title: textOf(i.title),
          link: i.link,
          summary: i.description,
          contentHtml: i.content?.encoded,
          author: first(i.dc?.creators),
          date: isoDate(first(i.dc?.dates)),
        }),
      );
      return { format: 'rdf', title: textOf(feed.title), link: feed.link, ...kept(items) };
    }
    case 'json': {
      const feed = parsed.feed;
      const items = (feed.items ?? []).map((i) =>
        finish({
          id: i.id,
          title: textOf(i.title),
          link: i.url ?? i.external_url,
          summary: i.summary,
          contentHtml: i.content_html ?? (i.content_text ? `<p>${escapeHtml(i.content_text)}</p>` : undefined),
          author: first(i.authors)?.name,
          date: isoDate(i.date_published) ?? isoDate(i.date_modified),
        }),
      );
      return { format: 'json', title: feed.title, link: feed.home_page_url, language: feed.language, ...kept(items) };
    }
  }
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n\s*\n/g, '</p><p>');
}

/** Decodes (by BOM, Content-Type charset or XML declaration) and parses a fetched feed. */
export function parseFeedBytes(bytes: Buffer, contentType?: string): ParsedFeed {
  return parseFeedText(decodeBody(bytes, contentType));
}
