import type { CorpusDocument } from '../corpus/types.js';

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
  score: number;
  document: CitedDocument;
}

export interface Answer {
  question: string;
  /** Nothing in the corpus answers: `answers` is empty. */
  notFound: boolean;
  /** Lower-case, accent-folded words of the question that occur nowhere in the corpus. */
  unknownTerms: string[];
  answers: AnswerPassage[];
}

export interface AskOptions {
  /** How many passages at most (default 3). */
  limit?: number;
  /** Only passages of this document. */
  documentId?: string;
}

export function citeDocument(doc: CorpusDocument): CitedDocument {
  const { title, author, publisher, date, url } = doc.meta;
  return { id: doc.id, title, author, publisher, date, url };
}
