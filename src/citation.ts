/**
 * Where a quoted passage comes from, built once in the core and rendered by small formatters: the
 * terminal's plain line (src/answer/format-answer.ts `formatCitation`), Discord's linked line
 * (src/discord/render.ts `renderCitation`) and an update post's byline (src/discord/update-post.ts).
 * Every one of them spells the date the same way.
 */

/** What a citation is made from: a corpus document's own metadata. */
export interface CitableDocument {
  title: string;
  author?: string;
  publisher?: string;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as the corpus file gives it. */
  date: string;
  url?: string;
}

export interface Citation {
  title: string;
  url?: string;
  /** Publisher then author, each once ("Office of the Spokesperson" inside the publisher's name is not repeated). */
  by: string[];
  /** The date as a reader reads it: `3 September 2025`, `September 2025`, `2025`. */
  date: string;
  /** The paragraph the passage is in, counted from 1. */
  paragraph?: number;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2025-09-03` → `3 September 2025`, `2025-09` → `September 2025`; anything else as written. */
export function formatDate(date: string): string {
  const full = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  const fullMonth = full && MONTHS[Number(full[2]) - 1];
  if (full && fullMonth) return `${Number(full[3])} ${fullMonth} ${full[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(date);
  const monthName = month && MONTHS[Number(month[2]) - 1];
  if (month && monthName) return `${monthName} ${month[1]}`;
  return date;
}

/** The citation of `doc`, at `paragraph` when a passage is cited. */
export function citationOf(doc: CitableDocument, paragraph?: number): Citation {
  const by: string[] = [];
  if (doc.publisher) by.push(doc.publisher);
  if (doc.author && !(doc.publisher ?? '').includes(doc.author)) by.push(doc.author);
  return {
    title: doc.title,
    ...(doc.url ? { url: doc.url } : {}),
    by,
    date: doc.date ? formatDate(doc.date) : '',
    ...(paragraph !== undefined ? { paragraph } : {}),
  };
}
