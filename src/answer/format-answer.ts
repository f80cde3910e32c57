import type { CitedDocument, Answer } from './types.js';
import { spellDate } from '../corpus/passages.js';

/** "Title — Publisher, Author, September 8, 2025, ¶3": how every quoted passage is cited. */
export function formatCitation(doc: CitedDocument, paragraph?: number): string {
  const parts = [doc.publisher, doc.author].filter((part): part is string => Boolean(part));
  // "Office of the Spokesperson" by "U.S. Department of State, Office of the Spokesperson" once.
  if (parts.length === 2 && parts[0].includes(parts[1])) parts.pop();
  parts.push(spellDate(doc.date));
  if (paragraph !== undefined) parts.push(`¶${paragraph}`);
  return `${doc.title} — ${parts.join(', ')}`;
}

/**
 * An answer as a person reads it in a terminal: each passage quoted, the answering sentence
 * marked by `highlight`, then its citation and link.
 */
export function formatAnswer(answer: Answer, highlight: (quote: string) => string): string {
  if (answer.notFound) {
    const unknown = answer.unknownTerms.length
      ? ` The corpus never mentions: ${answer.unknownTerms.join(', ')}.`
      : '';
    return `No passage in the corpus answers "${answer.question}".${unknown}`;
  }
  return answer.answers
    .map((a, i) => {
      const start = a.text.indexOf(a.quote);
      const marked = start < 0 ? a.text : a.text.slice(0, start) + highlight(a.quote) + a.text.slice(start + a.quote.length);
      const quoted = marked.split('\n').map((line) => `  > ${line}`).join('\n');
      const link = a.document.url ? `\n    ${a.document.url}` : '';
      return `${i + 1}.\n${quoted}\n    — ${formatCitation(a.document, a.paragraph)}${link}`;
    })
    .join('\n\n');
}
