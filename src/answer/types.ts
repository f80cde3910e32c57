import type { CorpusDocument } from '../corpus/types.js';
import type { AnswerSettings } from './settings.js';
import type { Semantics } from './embeddings.js';

/** The citation fields of a document, as shown with every quoted passage. */
export interface CitedDocument {
  id: string;
  title: string;
  author?: string;
  publisher?: string;
  date: string;
  url?: string;
}

/** One quoted passage of an answer. */
export interface AnswerPassage {
  passageId: string;
  /** The whole passage, verbatim. */
  text: string;
  /** The sentence(s) that best answer the question, verbatim, a substring of `text`. */
  quote: string;
  /** 1-based paragraph number. */
  paragraph: number;
  /**
   * The ranker's score: BM25, coverage, best sentence, phrasing and fact type, weighted as in
   * DEFAULT_ANSWER_SETTINGS (plus `quotationWeight` for a quotation of the asked speaker).
   */
  score: number;
  /** Where the answer came from: a searched passage, or a quotation of the speaker asked about. */
  source: 'passage' | 'quotation';
  document: CitedDocument;
}

export interface Answer {
  question: string;
  /** Nothing in the corpus answers: `answers` is empty. */
  notFound: boolean;
  /** The message asks nothing searchable (a greeting, thanks, "help", emoji, a link): show how to ask. */
  nothingAsked?: boolean;
  /** Asked in a language none of the corpus's documents is written in: a refusal says so. */
  otherLanguage?: boolean;
  /** Lower-case, accent-folded words of the question that occur nowhere in the corpus. */
  unknownTerms: string[];
  answers: AnswerPassage[];
}

export interface AskOptions {
  /** How many passages at most (default 3). */
  limit?: number;
  /** Only passages of this document. */
  documentId?: string;
  /** Overrides of the ranking weights and refusal threshold (for calibration). */
  settings?: Partial<AnswerSettings>;
  /** Sentence embeddings of the question and passages (`PassageEmbeddings.semantics()`); lexical only without. */
  semantics?: Semantics;
}

export function citeDocument(doc: CorpusDocument): CitedDocument {
  const { title, author, publisher, date, url } = doc.meta;
  return { id: doc.id, title, author, publisher, date, url };
}
