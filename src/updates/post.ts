import type { CorpusDocument } from '../corpus/types.js';
import { truncate } from '../trim-text.js';

/** A quotation shown in an update post (same shape as `src/quotes` produces). */
export interface UpdateQuote {
  text: string;
  speaker: { name: string; role?: string } | null;
  /** 1-based paragraph the quotation is in. */
  paragraph: number;
}

/** What an update post shows about one document; stored when queued so delivery survives restarts. */
export interface DocumentSummary {
  documentId: string;
  title: string;
  url?: string;
  publisher?: string;
  author?: string;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
  date: string;
  language: 'en' | 'es';
  /** The first paragraph, verbatim (cut at ~1000 characters with "…"). */
  lead: string;
  /** Up to three quotations. */
  quotes: UpdateQuote[];
}

interface PostBase {
  /** The subscription the post goes out under (the lowest-numbered one matching at its destination). */
  subscriptionId: number;
  /** The filters of every matching subscription at the destination, to say why this was posted ('' = everything). */
  filters: string[];
  /** Roles to mention (channel subscriptions only): one per matching subscription that has one. */
  mentionRoleIds: string[];
}

/** One new document. */
export interface DocumentUpdatePost extends PostBase {
  kind: 'document';
  document: DocumentSummary;
}

/** Several new documents at once (a burst), as one post, in date order. */
export interface DigestUpdatePost extends PostBase {
  kind: 'digest';
  documents: DocumentSummary[];
}

/** A plain-data description of an update post; the Discord layer renders it (src/discord/update-post.ts). */
export type UpdatePost = DocumentUpdatePost | DigestUpdatePost;

export const MAX_LEAD_CHARS = 1000;
export const MAX_QUOTES = 3;

export function summarizeDocument(doc: CorpusDocument, quotes: UpdateQuote[] = []): DocumentSummary {
  return {
    documentId: doc.id,
    title: doc.meta.title,
    url: doc.meta.url,
    publisher: doc.meta.publisher,
    author: doc.meta.author,
    date: doc.meta.date,
    language: doc.meta.language,
    lead: truncate(doc.paragraphs[0] ?? '', MAX_LEAD_CHARS),
    quotes: quotes.slice(0, MAX_QUOTES).map((q) => ({
      text: q.text,
      speaker: q.speaker ? { name: q.speaker.name, ...(q.speaker.role ? { role: q.speaker.role } : {}) } : null,
      paragraph: q.paragraph,
    })),
  };
}
