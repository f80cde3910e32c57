import { MASK, paragraphAt, type Candidate, type DocumentContext, type Segment } from './context.js';
import { isNonEmpty } from '../lists.js';

/**
 * Stage 2: quotation spans, the words between quotation marks — straight, curly or (in Spanish)
 * «angle» marks — over several paragraphs too, skipping paragraphs a block or turn owns.
 */

const OPENING = new Set(['“', '«']);
const CLOSING = new Set(['”', '»']);

/** A paragraph that closes a quotation (curly mark) before it opens one: a page-broken paragraph. */
function closesBeforeOpening(text: string): boolean {
  const close = text.search(/[”»]/u);
  const opening = text.search(/[“«]/u);
  return close >= 0 && (opening < 0 || close < opening);
}

export function findQuotationSpans(ctx: DocumentContext): Candidate[] {
  const { paragraphs, covered } = ctx;
  const n = paragraphs.length;
  const marked: Candidate[] = [];
  let open: { segments: Segment[]; openMark: number; start: number; paragraph: number } | undefined;
  // Ends the open quotation; it has a segment by then (each paragraph it spans adds one).
  const emit = (closeMark: number, cutOff = false) => {
    if (open && isNonEmpty(open.segments))
      marked.push({ kind: 'marked', segments: open.segments, openMark: open.openMark, closeMark, cutOff });
    open = undefined;
  };
  for (const [i, p] of paragraphs.entries()) {
    if (covered[i]) {
      if (open) emit(-1);
      continue;
    }
    let k = 0;
    if (open) {
      // A quotation carried over: the new paragraph reopens it with a mark, or closes it.
      const lead = p.length - p.trimStart().length;
      const first = p.charAt(lead);
      if (OPENING.has(first) || first === '"') {
        open.start = lead + 1;
        k = lead + 1;
      } else {
        open.start = lead;
      }
    }
    for (; k < p.length; k++) {
      const ch = p.charAt(k);
      if (!OPENING.has(ch) && !CLOSING.has(ch) && ch !== '"') continue;
      const opening = OPENING.has(ch) || (ch === '"' && !open);
      if (opening && OPENING.has(ch) && open) continue; // stray or nested opening mark
      if (opening) {
        open = { segments: [], openMark: k, start: k + 1, paragraph: i };
      } else if (open) {
        open.segments.push({ paragraph: i, start: open.start, end: k });
        emit(k);
      }
    }
    if (open) {
      open.segments.push({ paragraph: i, start: open.start, end: p.length });
      const next = paragraphs[i + 1];
      const continues = next !== undefined && !covered[i + 1] && (/^\s*[“"«]/u.test(next) || closesBeforeOpening(next));
      if (!continues) emit(-1, i === n - 1 && ctx.doc.meta.partial);
      else open.paragraph = i + 1;
    }
  }
  if (ctx.spanish) marked.push(...dialogue(paragraphs, covered));
  return marked.sort((a, b) => a.segments[0].paragraph - b.segments[0].paragraph || a.openMark - b.openMark);
}

/**
 * The dash dialogue of a document. A line with no inciso counts only beside a line that has one
 * (`—¿Habrá tropas? —preguntó una reportera.` then `—No.`): dashed lines with no narrator near
 * them are more likely a list than speech.
 */
function dialogue(paragraphs: string[], covered: DocumentContext['covered']): Candidate[] {
  const lines = paragraphs.map((p, i) => (covered[i] ? [] : dialogueLines(p, i)));
  const hasInciso = (i: number) => (lines[i] ?? []).some((c) => c.dialogue?.inciso);
  return lines.flatMap((line, i) => (hasInciso(i) || hasInciso(i - 1) || hasInciso(i + 1) ? line : []));
}

/** A dash that opens an inciso inside a line of dialogue: space, dash, then the narrator's words. */
const INCISO_OPENING = /\s([—―])\s?(?=\S)/u;

/**
 * Dash dialogue, the way Spanish news quotes speech: a paragraph opening with an em dash is
 * spoken words, cut by the narrator's incisos (`—No vamos a aceptar —dijo la presidenta—. Es
 * nuestro país.`). Each spoken piece is a quotation whose speaker the inciso after it names, or,
 * for a piece after the last inciso, the inciso before it. Read only in Spanish documents and in
 * paragraphs without quotation marks, so an English list of dashed items never becomes speech.
 */
function dialogueLines(p: string, paragraph: number): Candidate[] {
  const lead = p.length - p.trimStart().length;
  if (!/^[—―]\s?[\p{L}\p{N}¿¡]/u.test(p.slice(lead)) || /[“”«»"]/u.test(p)) return [];
  const pieces: { segment: Segment; openMark: number; closeMark: number }[] = [];
  const incisos: { start: number; end: number }[] = [];
  let openMark = lead;
  let k = lead + 1;
  while (k < p.length) {
    while (k < p.length && /\s/u.test(p.charAt(k))) k++;
    const m = INCISO_OPENING.exec(p.slice(k));
    const dash = m ? k + m.index + 1 : -1;
    if (/[\p{L}\p{N}]/u.test(p.slice(k, m ? dash : p.length)))
      pieces.push({ segment: { paragraph, start: k, end: m ? dash : p.length }, openMark, closeMark: dash });
    if (!m) break;
    const from = dash + (m[0].length - 1);
    const close = p.slice(from).search(/[—―]/u);
    const to = close >= 0 ? from + close : p.length;
    incisos.push({ start: from, end: from + p.slice(from, to).replace(/[\s.,;:]+$/u, '').length });
    if (close < 0) break;
    k = to + 1;
    while (k < p.length && /[\s.,;:]/u.test(p.charAt(k))) k++;
    openMark = k;
  }
  return pieces.map(({ segment, openMark: open, closeMark }, n) => {
    const inciso = incisos[n] ?? incisos[n - 1];
    return {
      kind: 'marked',
      segments: [segment],
      openMark: open,
      closeMark,
      cutOff: false,
      dialogue: inciso ? { inciso } : {},
    };
  });
}

/** Replaces quoted words and owned paragraphs with MASK, so no rule reads a speaker inside a quotation. */
export function maskQuotations(ctx: DocumentContext, marked: Candidate[]): void {
  const masked = ctx.paragraphs.map((p, i) => (ctx.covered[i] ? MASK.repeat(p.length) : p.split('')));
  for (const c of marked) {
    c.segments.forEach((s, idx) => {
      const from = idx === 0 ? c.openMark : Math.max(0, s.start - 1);
      const to = idx === c.segments.length - 1 && c.closeMark >= 0 ? c.closeMark + 1 : s.end;
      const chars = masked[s.paragraph];
      if (!Array.isArray(chars)) return; // a paragraph a block or turn owns is masked whole
      for (let k = from; k < to; k++) chars[k] = MASK;
    });
  }
  ctx.masked = masked.map((m) => (typeof m === 'string' ? m : m.join('')));
}

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu) ?? [];
}

const TITLE_SMALL = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'for',
  'to',
  'in',
  'on',
  'at',
  'by',
  'with',
  'de',
  'la',
  'del',
  'y',
  'vs',
]);

/** "Mission Firewall: United Against Firearms Trafficking Initiative." is a name, not a statement. */
function isTitleCase(text: string): boolean {
  const words = wordsOf(text);
  if (words.length < 2) return false;
  if (/[!?]\s*$/.test(text)) return false;
  const significant = words.filter((w) => !TITLE_SMALL.has(w.toLowerCase()));
  return significant.length > 0 && significant.every((w) => /^[\p{Lu}\p{N}]/u.test(w));
}

export function spanText(ctx: DocumentContext, c: Candidate): string {
  return c.segments.map((s) => paragraphAt(ctx, s.paragraph).text.slice(s.start, s.end)).join(' ');
}

/** Words in marks that are no statement: a nickname between first name and surname, a title. */
export function isNameInMarks(ctx: DocumentContext, c: Candidate): boolean {
  const text = spanText(ctx, c);
  const words = wordsOf(text);
  if (words.length === 0) return true;
  const single = c.segments.length === 1 && c.closeMark >= 0;
  if (!single) return false;
  const p = paragraphAt(ctx, c.segments[0].paragraph).text;
  // Ismael “El Mayo” Zambada García.
  if (
    words.length <= 3 &&
    words.every((w) => /^\p{Lu}/u.test(w)) &&
    /^\s+(?:(?:de|del|la|y)\s+)*\p{Lu}/u.test(p.slice(c.closeMark + 1)) &&
    !/[.,!?]\s*$/u.test(text)
  ) {
    return true;
  }
  return isTitleCase(text);
}

/** One or two words in marks: a scare quote unless a speaker is named right beside it. */
export function isShortQuote(ctx: DocumentContext, c: Candidate): boolean {
  return c.segments.length === 1 && c.closeMark >= 0 && wordsOf(spanText(ctx, c)).length <= 2;
}
