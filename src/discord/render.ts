/**
 * Limit-aware rendering of corpus text for Discord: trimming at sentence or word boundaries,
 * Markdown escaping so source text shows literally, the citation line, and the clamp every
 * outgoing message goes through.
 */
import type { AnswerPassage, CitedDocument } from '../answer/types.js';
import { citationOf, formatDate } from '../citation.js';
import type { CorpusDocument } from '../corpus/types.js';
import { LIMITS, embedLength, type EmbedData, type MessageData } from './limits.js';
import { ELLIPSIS, codePointCut, trimEnd, trimStart, truncate, type TrimOptions } from '../trim-text.js';

// ---------------------------------------------------------------------------------------------
// Escaping

/**
 * Escapes Markdown so source text (or a user's question) shows exactly as written: emphasis,
 * code, spoilers, headings, list markers, masked links, block quotes, and mention/emoji/timestamp
 * syntax (`<@123>` shows as text, not as a mention pill).
 */
export function escapeSource(text: string): string {
  return text
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    .replace(/^([ \t]*)(>|#|-(?=\s)|\+(?=\s))/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)\.(?=\s)/gm, '$1\\.')
    .replace(/<(?=[@#:/]|a:|t:)/g, '\\<');
}

/** Text as inline code (ids, file names, filters); a backtick would end it, so it becomes `'`. */
export function inlineCode(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** An http(s) URL made safe inside `(...)` of a masked link; undefined when not http(s). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// Trimming

// Cutting text to a length lives in src/trim-text.ts (the core cuts update-post leads with it too).
export { trimEnd, trimStart, truncate, type TrimOptions } from '../trim-text.js';

/**
 * Lines joined with newlines within `max` characters; when they do not all fit, the last line says
 * how many are left out (`more(n)`, e.g. "…and 3 more").
 */
export function fitLines(lines: string[], max: number, more: (left: number) => string): string {
  const out: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const rest = more(lines.length - i);
    if (length + line.length + 1 > max - rest.length - 1) {
      out.push(rest);
      break;
    }
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}

/**
 * "“x” fits 3 documents:", one line per candidate, and how to pick one: a typed option that names
 * several things, within the content limit ("…and N more" when the list is cut).
 */
export function pickOneMessage(head: string, lines: string[], tail: string): MessageData {
  const list = fitLines(lines, LIMITS.content - head.length - tail.length - 2, (left) => `…and ${left} more`);
  return { content: `${head}\n${list}\n${tail}` };
}

/**
 * Trims raw text so that, once escaped, it fits `max`. Trimming happens before escaping, so a cut
 * never falls inside an escape sequence or a Markdown marker.
 */
export function fitEscaped(
  raw: string,
  max: number,
  keep: 'start' | 'end' = 'start',
  options: TrimOptions = {},
): string {
  let budget = max;
  for (let attempt = 0; attempt < 50 && budget > 0; attempt++) {
    const trimmed = keep === 'start' ? trimEnd(raw, budget, options) : trimStart(raw, budget, options);
    const escaped = escapeSource(trimmed);
    if (escaped.length <= max) return escaped;
    budget -= Math.max(1, escaped.length - max);
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// Citations

export { formatDate };

/**
 * The citation line under a quoted passage: `— [Title](url) · Publisher · Author · 3 September
 * 2025 · ¶4`. The title is the link when the document has an http(s) URL, italic otherwise.
 */
export function renderCitation(doc: CitedDocument, paragraph?: number): string {
  const c = citationOf(doc, paragraph);
  const title = escapeSource(truncate(c.title, 200));
  const url = safeUrl(c.url);
  // `escapeSource` escapes brackets too, so the title is safe inside a masked link's `[...]`.
  const parts = [url ? `[${title}](${url})` : `*${title}*`, ...c.by.map((name) => escapeSource(truncate(name, 120)))];
  if (c.date) parts.push(c.date);
  if (c.paragraph !== undefined) parts.push(`¶${c.paragraph}`);
  return `— ${parts.join(' · ')}`;
}

// ---------------------------------------------------------------------------------------------
// Passages

/** Line breaks (with the spaces around them) as one space: a block quote must stay one line. */
export const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ');

/**
 * A passage as a block quote with the answering sentence in bold, then its citation line, in at
 * most `max` characters. When it must be trimmed the quote is kept first, then the text after
 * it, then the text before it, each cut at a sentence or word boundary with "…".
 */
export function renderPassage(passage: AnswerPassage, max: number = LIMITS.embedDescription): string {
  const citation = renderCitation(passage.document, passage.paragraph);
  const text = oneLine(passage.text);
  const quote = oneLine(passage.quote).trim();
  const at = quote ? text.indexOf(quote) : -1;
  const before = at >= 0 ? text.slice(0, at) : text;
  const bold = at >= 0 ? quote : '';
  const after = at >= 0 ? text.slice(at + quote.length) : '';
  const avail = max - citation.length - 1 /* \n */ - 2 /* > */ - (bold ? 4 : 0); /* ** ** */

  const full = escapeSource(before) + escapeSource(bold) + escapeSource(after);
  let body: string;
  if (full.length <= avail) {
    body = escapeSource(before) + (bold ? `**${escapeSource(bold)}**` : '') + escapeSource(after);
  } else if (!bold) {
    body = fitEscaped(text, avail);
  } else {
    // Keep the quote first (leaving room for two ellipses), then the text after it, then before it.
    const boldEsc = fitEscaped(bold, Math.max(avail - 4, 1));
    let left = avail - boldEsc.length;
    const afterEsc = fitPart(after, Math.floor(left / 2), 'start');
    left -= afterEsc.length;
    const beforeEsc = fitPart(before, left, 'end');
    body = `${beforeEsc}**${boldEsc}**${afterEsc}`;
  }
  return `> ${body}\n${citation}`;
}

/** Text around the quote, escaped and trimmed to `max`; "…" alone when only that fits. */
function fitPart(raw: string, max: number, keep: 'start' | 'end'): string {
  if (raw.length === 0) return '';
  if (!raw.trim()) return max >= raw.length ? raw : '';
  if (max <= 0) return '';
  const fitted = fitEscaped(raw, max, keep);
  if (fitted) return fitted;
  return max >= 2 ? (keep === 'start' ? ` ${ELLIPSIS}` : `${ELLIPSIS} `) : '';
}

/**
 * A paragraph of a document with its neighbours, or (no paragraph) its opening paragraphs:
 * `**¶N**` before each, the asked-for one as a block quote.
 */
export function renderExcerpt(doc: CorpusDocument, paragraph: number | undefined, max: number): string {
  const count = doc.paragraphs.length;
  if (count === 0) return '*(This document has no paragraphs.)*';
  const numbers =
    paragraph === undefined
      ? [1, 2, 3].filter((n) => n <= count)
      : [paragraph - 1, paragraph, paragraph + 1].filter((n) => n >= 1 && n <= count);
  const target = paragraph ?? -1;
  const lines: string[] = [];
  // The asked-for paragraph may use up to 60% of the space; the others share the rest.
  let remaining = max - numbers.length * 12;
  const order = [...numbers].sort((a, b) => (a === target ? -1 : b === target ? 1 : a - b));
  const rendered = new Map<number, string>();
  order.forEach((n, i) => {
    const left = order.length - i;
    const share = n === target ? Math.floor(remaining * 0.6) : Math.floor(remaining / left);
    const text = oneLine(doc.paragraphs[n - 1] ?? '');
    const keep = paragraph !== undefined && n < target ? 'end' : 'start';
    const escaped = fitEscaped(text, Math.max(share, 0), keep);
    rendered.set(n, escaped);
    remaining -= escaped.length;
  });
  for (const n of numbers) {
    const body = rendered.get(n) ?? '';
    if (!body) continue;
    lines.push(n === target ? `> **¶${n}** ${body}` : `**¶${n}** ${body}`);
  }
  return lines.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// The safety net

/**
 * Makes any message acceptable to Discord: content ≤ 2000, ≤ 10 embeds each within its limits
 * and 6000 in total (descriptions of later embeds shrink first), ≤ 25 fields, ≤ 5 rows of ≤ 5
 * components. Rendering aims to stay within the limits; this catches whatever slips through.
 */
export function clampMessage<T extends MessageData>(message: T): T {
  const out: T = { ...message };
  if (out.content !== undefined && out.content.length > LIMITS.content)
    out.content = trimMarkdown(out.content, LIMITS.content);
  if (out.embeds) {
    const embeds: EmbedData[] = out.embeds.slice(0, LIMITS.embeds).map((e) => {
      const c: EmbedData = { ...e };
      if (c.title !== undefined) c.title = truncate(c.title, LIMITS.embedTitle);
      if (c.description !== undefined && c.description.length > LIMITS.embedDescription)
        c.description = trimMarkdown(c.description, LIMITS.embedDescription);
      if (c.footer) c.footer = { text: truncate(c.footer.text, LIMITS.footerText) };
      if (c.author) c.author = { ...c.author, name: truncate(c.author.name, LIMITS.authorName) };
      if (c.fields)
        c.fields = c.fields.slice(0, LIMITS.embedFields).map((f) => ({
          ...f,
          name: truncate(f.name, LIMITS.fieldName) || '\u200b',
          value: trimMarkdown(f.value, LIMITS.fieldValue) || '\u200b',
        }));
      return c;
    });
    // Over 6000 in total: shrink from the last embed backwards — fields first, then the
    // description, then the footer; drop whole embeds only as a last resort.
    const total = () => embeds.reduce((n, e) => n + embedLength(e), 0);
    for (const e of [...embeds].reverse()) {
      if (total() <= LIMITS.embedTotal) break;
      while (e.fields && e.fields.length > 0 && total() > LIMITS.embedTotal) e.fields.pop();
      if (e.fields?.length === 0) delete e.fields;
      for (const key of ['description', 'footer'] as const) {
        const over = total() - LIMITS.embedTotal;
        if (over <= 0) break;
        const current = key === 'description' ? e.description : e.footer?.text;
        if (!current) continue;
        const shorter = current.length - over > 20 ? trimMarkdown(current, current.length - over) : '';
        if (key === 'description') {
          if (shorter) e.description = shorter;
          else delete e.description;
        } else if (shorter) e.footer = { text: shorter };
        else delete e.footer;
      }
    }
    while (total() > LIMITS.embedTotal && embeds.length > 1) embeds.pop();
    out.embeds = embeds;
  }
  if (out.components) {
    out.components = out.components
      .slice(0, LIMITS.actionRows)
      .map((row) => ({ ...row, components: row.components.slice(0, LIMITS.componentsPerRow) }));
  }
  return out;
}

/**
 * Cuts already-rendered Markdown to `max` at a line or word boundary, then closes any bold marker
 * left open so the cut never leaves a dangling `**`.
 */
export function trimMarkdown(markdown: string, max: number): string {
  if (markdown.length <= max) return markdown;
  const limit = Math.max(max - 3, 0); // room for "…" and a closing "**"
  let cut = markdown.lastIndexOf('\n', limit);
  if (cut < limit * 0.6) cut = markdown.slice(0, limit + 1).search(/\s\S*$/);
  if (cut <= 0) cut = codePointCut(markdown, limit);
  let out = markdown.slice(0, cut).replace(/\s+$/, '');
  // Never leave half a masked link: cut before an unfinished `[text](url)`.
  const openLink = /(?<!\\)\[(?:[^\]\\]|\\.)*(?:\](?:\([^)]*)?)?$/.exec(out);
  if (openLink && openLink.index > 0) out = out.slice(0, openLink.index).replace(/\s+$/, '');
  // A trailing single backslash would escape the ellipsis' neighbour; drop it.
  if (/(^|[^\\])(\\\\)*\\$/.test(out)) out = out.slice(0, -1);
  const unescapedBold = out.replace(/\\./g, '').match(/\*\*/g)?.length ?? 0;
  out += ELLIPSIS;
  if (unescapedBold % 2 === 1) out += '**';
  return out.slice(0, max);
}
