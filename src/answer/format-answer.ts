import type { CitedDocument, Answer } from './types.js';
import { citationOf } from '../citation.js';

/** "Title — Publisher, Author, 8 September 2025, ¶3": the terminal's rendering of a `Citation`. */
export function formatCitation(doc: CitedDocument, paragraph?: number): string {
  const c = citationOf(doc, paragraph);
  const parts = [...c.by, c.date, ...(c.paragraph !== undefined ? [`¶${c.paragraph}`] : [])].filter(Boolean);
  return `${c.title} — ${parts.join(', ')}`;
}

/** How a reader asks, in the terminal or on Discord: the commands named in the hint. */
export interface AskCommands {
  /** Asking a question: `/ask` on Discord, `pactbot ask "…"` in a terminal. */
  ask: string;
  /** A speaker's quotations: `/quote speaker:…` on Discord, `pactbot quotes --speaker …` in a terminal. */
  quote: string;
}

export const TERMINAL_COMMANDS: AskCommands = { ask: 'pactbot ask "…"', quote: 'pactbot quotes --speaker NAME' };

/**
 * The reply to a message with nothing to search ("thanks!", "hello", "help", "?", an emoji, a
 * link): how to ask, instead of weak matches. One wording for the terminal and /ask; short
 * enough for an ephemeral reply.
 */
export function howToAsk(commands: AskCommands): string {
  return [
    'There is nothing in that message I can look up. Ask about the US–Mexico security pact in a sentence,',
    `with ${commands.ask}, for example: “Where was the first meeting held?” or “What did Sheinbaum say about sovereignty?”`,
    `A name on its own (“Rubio”) finds passages about that person; ${commands.quote} lists their quotations.`,
  ].join('\n');
}

/** Said with a refusal of a question asked in a language none of the corpus's documents is in. */
export const OTHER_LANGUAGE_NOTE =
  'The corpus’s documents are in English and the bot does not translate: asking in English finds more.';

/**
 * An answer as a person reads it in a terminal: each passage quoted, the answering sentence
 * marked by `highlight`, then its citation and link.
 */
export function formatAnswer(answer: Answer, highlight: (quote: string) => string): string {
  if (answer.nothingAsked) return howToAsk(TERMINAL_COMMANDS);
  if (answer.notFound) {
    const unknown = answer.unknownTerms.length ? ` The corpus never mentions: ${answer.unknownTerms.join(', ')}.` : '';
    const language = answer.otherLanguage ? ` ${OTHER_LANGUAGE_NOTE}` : '';
    return `No passage in the corpus answers "${answer.question}".${unknown}${language}`;
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
