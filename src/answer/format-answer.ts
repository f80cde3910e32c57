import type { CitedDocument, Answer } from './types.js';
import { citationOf } from '../citation.js';

/** "Title — Publisher, Author, 8 September 2025, ¶3": the terminal's rendering of a `Citation`. */
export function formatCitation(doc: CitedDocument, paragraph?: number): string {
  const c = citationOf(doc, paragraph);
  const parts = [...c.by, c.date, ...(c.paragraph !== undefined ? [`¶${c.paragraph}`] : [])].filter(Boolean);
  return `${c.title} — ${parts.join(', ')}`;
}

/**
 * An answer as a person reads it in a terminal: each passage quoted, the answering sentence
 * marked by `highlight`, then its citation and link.
 */
export function formatAnswer(answer: Answer, highlight: (quote: string) => string): string {
  if (answer.notFound) {
    const unknown = answer.unknownTerms.length ? ` The corpus never mentions: ${answer.unknownTerms.join(', ')}.` : '';
    return `No passage in the corpus answers "${answer.question}".${unknown}`;
  }
  return answer.answers
    .map((a, i) => {
      const start = a.text.indexOf(a.quote);
      const marked =
        start < 0 ? a.text : a.text.slice(0, start) + highlight(a.quote) + a.text.slice(start + a.quote.length);
      const quoted = marked
        .split('\n')
        .map((line) => `  > ${line}`)
        .join('\n');
      const link = a.document.url ? `\n    ${a.document.url}` : '';
      return `${i + 1}.\n${quoted}\n    — ${formatCitation(a.document, a.paragraph)}${link}`;
    })
    .join('\n\n');
}
