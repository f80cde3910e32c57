import type { CorpusDocument, Passage } from '../corpus/types.js';
import type { QuoteBook } from '../quotes/quote-book.js';
import type { Quotation } from '../quotes/types.js';
import { citeDocument, type Answer, type AnswerPassage } from './types.js';

const SPEECH_VERBS = 'say|said|tell|told|state|stated|claim|claimed|stress|stressed|declare|declared|announce|announced|think|thought|pledge|pledged|promise|promised|emphasize|emphasized|warn|warned';
const SPEAKER_QUESTION = new RegExp(
  `^\\s*(?:what|how)\\s+(?:did|does|do|has|have|had)\\s+(.+?)\\s+(?:${SPEECH_VERBS})\\b(?:\\s+(?:about|on|of|regarding|concerning)\\s+(.+?))?\\s*[?.!]*\\s*$`,
  'i',
);

/** "What did Rubio say about sovereignty?" → { speaker: "Rubio", about: "sovereignty" }. */
export function parseSpeakerQuestion(question: string): { speaker: string; about?: string } | undefined {
  const match = SPEAKER_QUESTION.exec(question);
  if (!match) return undefined;
  return { speaker: match[1], about: match[2] };
}

export interface QuoteSource {
  quotes: QuoteBook;
  passages(docId: string): Passage[];
  document(id: string): CorpusDocument | undefined;
}

/**
 * Answers "what did X say about Y?" with X's own quotations first (best match to Y), followed by
 * the passages that plain search found. Returns undefined when the question is not of that form,
 * names nobody the corpus quotes, or X said nothing about Y.
 */
export function answerWithQuotes(source: QuoteSource, question: string, searched: Answer, limit: number): Answer | undefined {
  const parsed = parseSpeakerQuestion(question);
  const speaker = parsed && source.quotes.resolveSpeaker(parsed.speaker);
  if (!parsed || !speaker) return undefined;
  const quotations = source.quotes.find({ speaker: speaker.name, about: parsed.about, limit });
  // Quotations rank above every searched passage, in the order the quote book found them.
  const above = (searched.answers[0]?.score ?? 0) + 1;
  const fromQuotes = quotations
    .map((q) => quotationPassage(source, q))
    .filter((a): a is AnswerPassage => a !== undefined)
    .map((a, i) => ({ ...a, score: Math.round((above - i / 100) * 1000) / 1000 }));
  if (fromQuotes.length === 0) return undefined;
  const seen = new Set(fromQuotes.map((a) => a.passageId));
  const rest = searched.answers.filter((a) => !seen.has(a.passageId));
  return { question, notFound: false, unknownTerms: searched.unknownTerms, answers: [...fromQuotes, ...rest].slice(0, limit) };
}

/** The passage holding a quotation, with the quotation's sentence as the marked quote. */
function quotationPassage(source: QuoteSource, q: Quotation): AnswerPassage | undefined {
  const doc = source.document(q.docId);
  if (!doc) return undefined;
  const sentence = q.context.split('\n\n')[0];
  const words = q.text.split('\n\n')[0];
  const candidates = source.passages(q.docId).filter((p) => p.paragraph === q.paragraph);
  const passage = candidates.find((p) => p.text.includes(sentence)) ?? candidates.find((p) => p.text.includes(words));
  if (!passage) return undefined;
  return {
    passageId: passage.id,
    text: passage.text,
    quote: passage.text.includes(sentence) ? sentence : words,
    paragraph: passage.paragraph,
    score: 0,
    document: citeDocument(doc),
  };
}
