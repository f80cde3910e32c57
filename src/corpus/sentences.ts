/** A sentence as a slice of the text it came from: `text === source.slice(start, end)`. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Words that end in a period without ending the sentence. Intl.Segmenter breaks after
// all of them ("U.S. State Department" would become two sentences), so we re-join.
const ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'lt', 'col', 'maj', 'capt', 'cmdr', 'adm', 'sgt', 'gov', 'sen',
    'rep', 'rev', 'hon', 'pres', 'amb', 'sec', 'st', 'jr', 'sr', 'no', 'vs', 'etc', 'approx', 'dept', 'inc',
    'corp', 'co', 'ltd', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    'sra', 'lic', 'ing', 'gral', 'fig', 'op', 'cit', 'al', 'e.g', 'i.e', 'u.s', 'u.n', 'u.k', 'd.c',
  ],
);

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** True when a segment ending here ends with an abbreviation or an initial rather than a sentence. */
function endsWithAbbreviation(segment: string): boolean {
  const ending = /(?:^|[\s(“"‘'])((?:[A-Za-zÀ-ÿ]\.)+|[A-Za-zÀ-ÿ]+\.)\s*$/u.exec(segment)?.[1];
  if (ending === undefined) return false;
  const word = ending.slice(0, -1).toLowerCase();
  // Single letters and dotted acronyms (J., U.S., D.C.) are initials.
  if (/^[a-zà-ÿ](\.[a-zà-ÿ])*$/u.test(word)) return true;
  return ABBREVIATIONS.has(word);
}

/**
 * How much text one call of the segmenter sees. V8's sentence segmenter takes time proportional
 * to the text's length for every step, so a whole 1.5 MB paragraph takes minutes; in windows it
 * stays linear. A window's last segments may be cut short by the window's end (the rules look a
 * little ahead), so only segments ending `LOOKAHEAD` before it are kept and the next window
 * starts where the first dropped one began — a sentence boundary, as the text's start is.
 */
const WINDOW = 4096;
const LOOKAHEAD = 256;

/** The segmenter's sentences of the whole text, segmented window by window. */
function segments(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let from = 0;
  let size = WINDOW;
  while (from < text.length) {
    const to = Math.min(text.length, from + size);
    const last = to === text.length;
    let next = from;
    for (const { segment, index } of segmenter.segment(text.slice(from, to))) {
      const end = from + index + segment.length;
      if (!last && end > to - LOOKAHEAD) break;
      out.push({ start: from + index, end });
      next = end;
    }
    if (last) break;
    // One sentence longer than the window: look at more text at once.
    if (next === from) size *= 2;
    else {
      from = next;
      size = WINDOW;
    }
  }
  return out;
}

/**
 * The end of a sentence, enough to read an abbreviation from (copying a whole sentence that
 * grows piece by piece would take time proportional to its length squared). Its first word is
 * dropped unless it is the sentence's own first word: it may be cut.
 */
function tail(text: string, s: { start: number; end: number }): string {
  const from = Math.max(s.start, s.end - 1000);
  const out = text.slice(from, s.end);
  return from === s.start ? out : out.replace(/^\S*/u, '');
}

/**
 * Splits text into sentences, right for news text: no break after abbreviations (U.S., Gen.,
 * Mr., Jan.) or initials, and none before a lower-case continuation.
 */
export function splitSentences(text: string): Sentence[] {
  const merged: { start: number; end: number }[] = [];
  for (const piece of segments(text)) {
    const previous = merged[merged.length - 1];
    const continues =
      previous !== undefined &&
      (endsWithAbbreviation(tail(text, previous)) || /^\s*[a-zà-ÿ0-9,;]/u.test(text.slice(piece.start, piece.end)));
    if (continues) previous.end = piece.end;
    else merged.push({ ...piece });
  }
  // Trim surrounding whitespace so every sentence is a clean verbatim slice.
  return merged
    .map((s) => {
      const whole = text.slice(s.start, s.end);
      const lead = whole.length - whole.trimStart().length;
      const trimmed = whole.trim();
      return { text: trimmed, start: s.start + lead, end: s.start + lead + trimmed.length };
    })
    .filter((s) => s.text.length > 0);
}
