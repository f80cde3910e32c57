import type { CorpusDocument, Passage } from './types.js';
import { splitSentences } from './sentences.js';

/** Paragraphs up to this many characters are one passage; longer ones become sentence windows. */
export const MAX_PASSAGE_CHARS = 800;
/** A paragraph this short that ends in a colon is a lead-in, not a passage. */
const LEAD_IN_MAX_WORDS = 5;

/**
 * Cuts a document into passages: one per paragraph, or for a long paragraph overlapping
 * windows of whole sentences (each shares its first sentence with the previous window's last),
 * so that no answer is lost at a window's edge.
 */
export function segmentPassages(doc: CorpusDocument): Passage[] {
  const passages: Passage[] = [];
  doc.paragraphs.forEach((text, i) => {
    const paragraph = i + 1;
    // A lead-in such as "It said:" answers nothing by itself; it stays in the document for context.
    if (text.endsWith(':') && text.split(/\s+/).length <= LEAD_IN_MAX_WORDS) return;
    if (text.length <= MAX_PASSAGE_CHARS) {
      passages.push({ id: `${doc.id}#${paragraph}`, docId: doc.id, paragraph, text });
      return;
    }
    sentenceWindows(text).forEach((windowText, w) => {
      passages.push({ id: `${doc.id}#${paragraph}.${w + 1}`, docId: doc.id, paragraph, text: windowText });
    });
  });
  return passages;
}

function sentenceWindows(text: string): string[] {
  const sentences = splitSentences(text);
  const windows: string[] = [];
  let first = 0;
  for (let start = sentences[first]; start; start = sentences[first]) {
    let last = first;
    let end = start.end;
    for (let next = sentences[last + 1]; next && next.end - start.start <= MAX_PASSAGE_CHARS; next = sentences[last + 1]) {
      last++;
      end = next.end;
    }
    windows.push(text.slice(start.start, end));
    if (last === sentences.length - 1) break;
    first = last > first ? last : last + 1;
  }
  return windows;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A corpus date as a reader writes it: "2025-02-20" → "February 20, 2025". */
export function spellDate(date: string): string {
  const [year = '', month, day] = date.split('-');
  if (!month) return year;
  const name = MONTH_NAMES[Number(month) - 1];
  return day ? `${name} ${Number(day)}, ${year}` : `${name} ${year}`;
}

/** What a reader knows of a document around any of its passages: title, byline, date. */
export function documentContext(doc: CorpusDocument): string {
  const { title, author, publisher, date } = doc.meta;
  return [title, ...doc.header, author, publisher, spellDate(date)].filter(Boolean).join('\n');
}
