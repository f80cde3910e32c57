import type { CorpusDocument } from '../corpus/types.js';
import { splitSentences, type Sentence } from '../corpus/sentences.js';
import type { NameIndex, ParsedName } from './names.js';
import type { NonEmpty } from '../lists.js';

/**
 * What the stages of extraction learn about one document, passed explicitly from stage to stage:
 *   1. statement blocks and transcript turns (src/quotes/blocks.ts) claim whole paragraphs;
 *   2. quotation spans (spans.ts) are the words between quotation marks elsewhere;
 *   3. mentions (mentions.ts): the people and bodies the document names, with roles and genders;
 *   4. attribution (attribute.ts, rules.ts): an ordered list of small rules names each speaker;
 *   5. canonical speakers (speakers.ts): a short name becomes the document's full name.
 */
export interface DocumentContext {
  doc: CorpusDocument;
  paragraphs: string[];
  sentences: Sentence[][];
  spanish: boolean;
  /** Transcript labels ("MR PIGOTT:") per paragraph, when the document is a transcript. */
  labels: (TranscriptLabel | undefined)[];
  isTranscript: boolean;
  /** Paragraphs a block or turn owns whole. */
  covered: (Kind | undefined)[];
  /** Paragraph text with every quotation replaced by MASK, so quoted words never name a speaker. */
  masked: string[];
  /** People named in the document. */
  people: People;
  /** Where a statement (joint statement, readout) is named, for "it said" and "the statement said". */
  statements: { paragraph: number; start: number; name: string }[];
  /** Every run of capitalised words in the document, parsed (quotations and turns included). */
  nameRuns: ParsedName[];
  /** Person mentions outside quotations, in document order (for pronouns and roles). */
  mentions: Mention[];
}

export const MASK = '\u2588';

export type Kind = 'marked' | 'turn' | 'block';

export interface TranscriptLabel {
  label: string;
  textStart: number;
}

export interface Segment {
  paragraph: number; // 0-based
  start: number;
  end: number;
}

/** A quotation found by a stage, before attribution. */
export interface Candidate {
  kind: Kind;
  segments: NonEmpty<Segment>;
  /** For marked quotations: the opening mark's offset in the first paragraph and the closing mark's in the last (or -1). */
  openMark: number;
  closeMark: number;
  /** Ends where a partial document breaks off. */
  cutOff: boolean;
  /**
   * A line of dash dialogue (`—No vamos a aceptar —dijo la presidenta—. Es nuestro país.`): the
   * narrator's words of its paragraph (the inciso) that name who speaks, if the paragraph has one.
   */
  dialogue?: { inciso?: { start: number; end: number } };
  /** Transcript label or statement for turns and blocks. */
  owner?: RawSpeaker | null;
}

/** A speaker as found, before canonical naming. */
export interface RawSpeaker {
  /** Name as found without role ("Rubio", "Juan Ramón de la Fuente", "Joint statement"). */
  core: string;
  role?: string;
  /** The words that named it in the text ("Secretary of State Marco Rubio", "FOREIGN SECRETARY DE LA FUENTE"). */
  surface: string;
  /** A person (resolved to full names), rather than a body or document. */
  person: boolean;
}

export type Gender = 'f' | 'm';

/** The people of one document, by full name. */
export interface People {
  /** Full names (two words or more) → roles written with them. */
  byKey: Map<string, { name: string; roles: string[]; gender?: Gender }>;
  /** Roles written before any name, full or short, by folded core. */
  rolesByCore: Map<string, string[]>;
  /** Genders learnt for a short name ("Ms. Klobuchar", "she" resolved to "Romero"). */
  genderByCore: Map<string, Gender>;
  index: NameIndex;
}

export interface Mention {
  paragraph: number;
  start: number;
  speaker: RawSpeaker;
  /** Named as the subject of a speech verb or quotation. */
  speaking: boolean;
  /** First noun phrase of its sentence. */
  subject: boolean;
}

export function sentenceIndexAt(sentences: Sentence[], offset: number): number {
  const i = sentences.findIndex((s) => offset < s.end);
  return i >= 0 ? i : sentences.length - 1;
}

/** One paragraph (0-based) as the stages read it. */
export interface ParagraphView {
  text: string;
  masked: string;
  sentences: Sentence[];
}

/**
 * Paragraph `i` of the document. The stages pass only indices taken from this document's segments,
 * mentions and paragraphs, so one out of range is a bug: it throws rather than reading on with undefined.
 */
export function paragraphAt(ctx: DocumentContext, i: number): ParagraphView {
  const text = ctx.paragraphs[i];
  const masked = ctx.masked[i];
  const sentences = ctx.sentences[i];
  if (text === undefined || masked === undefined || sentences === undefined) {
    throw new RangeError(`paragraph ${i} is outside the document (${ctx.paragraphs.length} paragraphs)`);
  }
  return { text, masked, sentences };
}

/** The sentence of a paragraph that holds `offset` (the last one for an offset past the end), and its index. */
export function sentenceIn(view: ParagraphView, offset: number): { index: number; sentence: Sentence } {
  const index = sentenceIndexAt(view.sentences, offset);
  const sentence = view.sentences[index];
  // Paragraphs are never blank, so each has a sentence; should one not, the whole paragraph stands in.
  return sentence ? { index, sentence } : { index: 0, sentence: { text: view.text, start: 0, end: view.text.length } };
}

/** Mention `a` comes before the position (paragraph, offset). */
export function isBefore(a: { paragraph: number; start: number }, paragraph: number, offset: number): boolean {
  return a.paragraph < paragraph || (a.paragraph === paragraph && a.start < offset);
}

export function newContext(doc: CorpusDocument, people: People): DocumentContext {
  const paragraphs = doc.paragraphs;
  return {
    doc,
    paragraphs,
    sentences: paragraphs.map((p) => splitSentences(p)),
    spanish: doc.meta.language === 'es',
    labels: paragraphs.map(() => undefined),
    isTranscript: false,
    covered: paragraphs.map(() => undefined),
    masked: [...paragraphs],
    people,
    statements: [],
    nameRuns: [],
    mentions: [],
  };
}
