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
 * Splits text into sentences, right for news text: no break after abbreviations (U.S., Gen.,
 * Mr., Jan.) or initials, and none before a lower-case continuation.
 */
export function splitSentences(text: string): Sentence[] {
  const raw: Sentence[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    raw.push({ text: segment, start: index, end: index + segment.length });
  }
  const merged: Sentence[] = [];
  for (const piece of raw) {
    const previous = merged[merged.length - 1];
    const continues =
      previous !== undefined &&
      (endsWithAbbreviation(previous.text) || /^\s*[a-zà-ÿ0-9,;]/u.test(piece.text));
    if (continues) {
      previous.end = piece.end;
      previous.text = text.slice(previous.start, previous.end);
    } else {
      merged.push({ ...piece });
    }
  }
  // Trim surrounding whitespace so every sentence is a clean verbatim slice.
  return merged
    .map((s) => {
      const lead = s.text.length - s.text.trimStart().length;
      const trimmed = s.text.trim();
      return { text: trimmed, start: s.start + lead, end: s.start + lead + trimmed.length };
    })
    .filter((s) => s.text.length > 0);
}
