import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { charsetOf, supportedEncoding } from './http.js';

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

const SKIP = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'SVG', 'FIGURE', 'FIGCAPTION', 'NAV', 'ASIDE',
  'FORM', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'IMG', 'VIDEO', 'AUDIO', 'H1',
]);
const BLOCK = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'BLOCKQUOTE', 'PRE', 'UL', 'OL', 'LI', 'DL', 'DT', 'DD',
  'H2', 'H3', 'H4', 'H5', 'H6', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TD', 'TH', 'HR', 'ADDRESS', 'CENTER',
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

/** Paragraphs of an HTML fragment (e.g. a feed item's content:encoded). */
export function htmlToParagraphs(html: string): string[] {
  return paragraphsOf(JSDOM.fragment(html));
}

/** The Content-Type handed to jsdom, keeping the charset only when `TextDecoder` knows it. */
function htmlContentType(contentType: string | undefined): string {
  const charset = charsetOf(contentType);
  return supportedEncoding(charset) ? `text/html; charset=${charset}` : 'text/html';
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
 * raw bytes (decoded by BOM, `contentType` charset or `<meta charset>`) or a string. Returns null
 * when no article text of at least MIN_ARTICLE_CHARS is found.
 */
export function extractArticle(html: Buffer | string, url: string, contentType?: string): ExtractedArticle | null {
  const virtualConsole = new VirtualConsole(); // swallow CSS / script noise
  const dom = new JSDOM(html, { url, contentType: htmlContentType(contentType), virtualConsole });
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
    const parsed = new Readability<Node>(document, { serializer: (node) => node }).parse();
    if (!parsed || !parsed.content) return null;
    const paragraphs = paragraphsOf(parsed.content);
    const title = cleanText(parsed.title ?? '') || metaInfo.title;
    // Readability sometimes keeps the headline or byline as a first block.
    while (paragraphs.length > 0 && title && cleanText(paragraphs[0]) === title) paragraphs.shift();
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
