import { Readability } from '@mozilla/readability';
import { defaultTreeAdapter, parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { decodeHtml } from './http.js';
import { loadJsdom } from './load-jsdom.js';

/** An article's text and what the page says about it. */
export interface ExtractedArticle {
  title?: string;
  byline?: string;
  siteName?: string;
  /** As the page gives it (usually ISO 8601). */
  publishedTime?: string;
  /** Page language, e.g. "en", "es-MX". */
  lang?: string;
  /** The article's paragraphs as plain text, in order. */
  paragraphs: string[];
}

/** Less article text than this (characters) counts as "no article found". */
export const MIN_ARTICLE_CHARS = 200;

/**
 * A page refused or abandoned by the reader: too large, nested too deep, too many elements, or
 * (off the main thread) too slow or too hungry. Permanent: the same page fails the same way, so
 * a feed must not retry it.
 */
export class UnreadablePageError extends Error {
  readonly permanent = true as const;

  constructor(message: string) {
    super(message);
    this.name = 'UnreadablePageError';
  }
}

/** What a page may be before it is handed to jsdom and Readability. */
export interface DocumentLimits {
  /** Characters of HTML. */
  maxChars: number;
  /** Element nesting, as the HTML parser builds it (browsers stop nesting at 512). */
  maxDepth: number;
  maxElements: number;
}

/**
 * Real article pages nest 10–40 levels and have a few thousand elements. Readability slows down
 * steeply with depth (seconds at 100 levels, minutes at 2,000), and jsdom's parsing with it.
 */
export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = { maxChars: 5_000_000, maxDepth: 128, maxElements: 50_000 };

/** Feed content (content:encoded) is read on the main thread, so it gets a tighter size cap. */
const FRAGMENT_LIMITS: DocumentLimits = { ...DEFAULT_DOCUMENT_LIMITS, maxChars: 512 * 1024, maxElements: 10_000 };

/**
 * Throws `UnreadablePageError` when `html` breaks a limit. Parsed with parse5 (jsdom's own HTML
 * parser) on a bare tree that stops at the first element too deep or too many — quick even for a
 * hostile page, so nothing expensive ever sees it.
 */
export function checkDocumentShape(
  html: string,
  limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
  fragment = false,
): void {
  if (html.length > limits.maxChars) {
    throw new UnreadablePageError(
      `the page is too large (${html.length.toLocaleString('en-US')} characters; the limit is ${limits.maxChars.toLocaleString('en-US')})`,
    );
  }
  type Node = DefaultTreeAdapterMap['parentNode'] | DefaultTreeAdapterMap['childNode'];
  const depth = new WeakMap<Node, number>();
  let elements = 0;
  const place = (parent: Node, child: Node) => {
    const level = (depth.get(parent) ?? 0) + 1;
    depth.set(child, level);
    if (!('tagName' in child)) return;
    if (level > limits.maxDepth)
      throw new UnreadablePageError(`the page is nested too deeply (more than ${limits.maxDepth} levels)`);
    if (++elements > limits.maxElements)
      throw new UnreadablePageError(
        `the page has too many elements (more than ${limits.maxElements.toLocaleString('en-US')})`,
      );
  };
  const treeAdapter = {
    ...defaultTreeAdapter,
    appendChild(parent: Node, child: Node) {
      place(parent, child);
      defaultTreeAdapter.appendChild(parent as never, child as never);
    },
    insertBefore(parent: Node, child: Node, reference: Node) {
      place(parent, child);
      defaultTreeAdapter.insertBefore(parent as never, child as never, reference as never);
    },
  } as typeof defaultTreeAdapter;
  if (fragment) parseFragment(html, { treeAdapter });
  else parse(html, { treeAdapter });
}

const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'SVG',
  'FIGURE',
  'FIGCAPTION',
  'NAV',
  'ASIDE',
  'FORM',
  'BUTTON',
  'INPUT',
  'SELECT',
  'TEXTAREA',
  'IMG',
  'VIDEO',
  'AUDIO',
  'H1',
]);
const BLOCK = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'FOOTER',
  'BLOCKQUOTE',
  'PRE',
  'UL',
  'OL',
  'LI',
  'DL',
  'DT',
  'DD',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TD',
  'TH',
  'HR',
  'ADDRESS',
  'CENTER',
]);

/** Whitespace of HTML text collapsed to single spaces (non-breaking spaces included), trimmed. */
export function cleanText(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/**
 * The paragraphs of an HTML element: each block (p, li, blockquote, h2–h6, …) becomes one
 * paragraph; text directly in a container, split by `<br><br>`, too. Images, captions, forms,
 * scripts and asides are left out.
 */
export function paragraphsOf(root: Node): string[] {
  const out: string[] = [];
  let buffer = '';
  let breaks = 0;
  const flush = () => {
    const text = cleanText(buffer);
    if (text && /[\p{L}\p{N}]/u.test(text)) out.push(text);
    buffer = '';
    breaks = 0;
  };
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        if (child.textContent && child.textContent.trim()) breaks = 0;
        buffer += child.textContent ?? '';
      } else if (child.nodeType === 1) {
        const tag = (child as Element).tagName.toUpperCase();
        if (SKIP.has(tag)) continue;
        if (tag === 'BR') {
          buffer += ' ';
          if (++breaks >= 2) flush();
        } else if (BLOCK.has(tag)) {
          flush();
          walk(child);
          flush();
        } else {
          walk(child);
        }
      }
    }
  };
  walk(root);
  flush();
  return out;
}

/**
 * Paragraphs of an HTML fragment (e.g. a feed item's content:encoded); none when the fragment is
 * too large or nested too deeply to read on the main thread (the feed's publisher chooses it).
 */
export function htmlToParagraphs(html: string): string[] {
  try {
    checkDocumentShape(html, FRAGMENT_LIMITS, true);
  } catch (error) {
    if (error instanceof UnreadablePageError) return [];
    throw error;
  }
  return paragraphsOf(loadJsdom().JSDOM.fragment(html));
}

function meta(document: Document, ...selectors: string[]): string | undefined {
  for (const selector of selectors) {
    const value = document.querySelector(selector)?.getAttribute('content');
    if (value && value.trim()) return cleanText(value);
  }
  return undefined;
}

/**
 * Extracts the article of a web page with Mozilla Readability (the engine of Firefox Reader
 * View) over jsdom: navigation, ads, related links and footers are dropped. `html` may be the
 * raw bytes (decoded by `decodeHtml`: BOM, `contentType` charset, `<meta charset>`, UTF-8 when
 * valid, else windows-1252) or a string. Returns null when no article text of at least
 * MIN_ARTICLE_CHARS is found; throws `UnreadablePageError` for a page over `limits`.
 * Synchronous and CPU-bound: the bot calls it through `extractArticleOffThread`.
 */
export function extractArticle(
  html: Uint8Array | string,
  url: string,
  contentType?: string,
  limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
): ExtractedArticle | null {
  const text = typeof html === 'string' ? html : decodeHtml(html, contentType);
  checkDocumentShape(text, limits);
  const { JSDOM, VirtualConsole } = loadJsdom();
  const virtualConsole = new VirtualConsole(); // swallow CSS / script noise
  const dom = new JSDOM(text, { url, contentType: 'text/html', virtualConsole });
  const document = dom.window.document;
  try {
    const metaInfo = {
      title: meta(document, 'meta[property="og:title"]', 'meta[name="twitter:title"]'),
      publishedTime: meta(
        document,
        'meta[property="article:published_time"]',
        'meta[name="date"]',
        'meta[name="pubdate"]',
        'meta[itemprop="datePublished"]',
      ),
      lang: document.documentElement.getAttribute('lang') ?? undefined,
    };
    const parsed = new Readability<Node>(document, {
      serializer: (node) => node,
      maxElemsToParse: limits.maxElements,
    }).parse();
    if (!parsed || !parsed.content) return null;
    const paragraphs = paragraphsOf(parsed.content);
    const title = cleanText(parsed.title ?? '') || metaInfo.title;
    // Readability sometimes keeps the headline or byline as a first block.
    while (title && paragraphs[0] !== undefined && cleanText(paragraphs[0]) === title) paragraphs.shift();
    if (paragraphs.join(' ').length < MIN_ARTICLE_CHARS) return null;
    return {
      title: title || undefined,
      byline: cleanText(parsed.byline ?? '') || undefined,
      siteName: cleanText(parsed.siteName ?? '') || undefined,
      publishedTime: parsed.publishedTime ?? metaInfo.publishedTime,
      lang: parsed.lang ?? metaInfo.lang,
      paragraphs,
    };
  } finally {
    dom.window.close();
  }
}
