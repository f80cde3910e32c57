import type { CorpusDocument } from '../corpus/types.js';
import { findStatementBlocks, findStatementMentions, findTranscriptTurns, readTranscriptLabels } from './blocks.js';
import {
  newContext,
  paragraphAt,
  sentenceIn,
  type Candidate,
  type DocumentContext,
  type RawSpeaker,
} from './context.js';
import { attributeQuote } from './attribute.js';
import { emptyPeople, findMentions, findPeople } from './mentions.js';
import { siteOf, type Previous } from './rules.js';
import { findQuotationSpans, isNameInMarks, isShortQuote, maskQuotations, spanText } from './spans.js';
import { canonicalSpeaker, nameSurfaces } from './speakers.js';
import type { Quotation } from './types.js';
import { lastOf } from '../lists.js';

export type { RawSpeaker } from './context.js';

/** A quotation with what the corpus-wide book needs to name its speaker. */
export interface AnalyzedQuote {
  quotation: Quotation;
  raw: RawSpeaker | null;
  /** The rule that named the speaker (for debugging and the README's rule table). */
  rule?: string;
}

/** Everything learnt from one document: plain data, so it can be saved and read back. */
export interface DocumentAnalysis {
  docId: string;
  /** The document's date, for ordering the quote book without the document. */
  date: string;
  quotes: AnalyzedQuote[];
  /** Full person names (two words or more) seen in the document, with the roles written with them. */
  persons: { name: string; roles: string[] }[];
  /** Every way a person is named in the document: core name and the words as written ("Secretary Rubio"). */
  nameSurfaces: { core: string; surface: string; role?: string }[];
}

function trimQuoteText(text: string, last: boolean): string {
  const out = text.trim();
  return last ? out.replace(/[\s,;:]+$/u, '') : out;
}

/** Attributes the marked quotations in document order; each attributed person becomes a mention for later pronouns. */
function attributeMarked(
  ctx: DocumentContext,
  marked: Candidate[],
): { candidate: Candidate; raw: RawSpeaker | null; rule?: string }[] {
  const placed: { candidate: Candidate; raw: RawSpeaker | null; rule?: string; sentenceIndex: number }[] = [];
  for (const c of marked) {
    if (isNameInMarks(ctx, c)) continue;
    const site = siteOf(ctx, c);
    const last = placed[placed.length - 1];
    const previous: Previous | undefined = last
      ? { candidate: last.candidate, speaker: last.raw, sentenceIndex: last.sentenceIndex }
      : undefined;
    const result = attributeQuote(ctx, site, previous);
    if (isShortQuote(ctx, c)) {
      // Scare quotes ("teams", Trump’s “offer,”) unless a short statement of its own: "No," he said / would "watch closely."
      const opensSentence = /^[\s█]*$/u.test(site.before);
      // Two words ending the sentence ("watch closely." or Spanish «una simulación».), not one ("metaverse.", "Jeopardy!").
      const text = spanText(ctx, c);
      const endsSentence =
        (/[.!?]\s*$/u.test(text) || /^\s*[.!?]\s*$/u.test(site.after)) && text.trim().split(/\s+/).length === 2;
      const ownRule = result.rule && !/continuation|colon/.test(result.rule);
      if (!(result.speaker && ((result.adjacent && opensSentence) || (ownRule && endsSentence)))) continue;
    }
    if (last && result.speaker && result.adjacent && speakerNamedForBoth(ctx, last, c)) {
      // The carried-over speaker's mention goes with it.
      const at = last.candidate;
      ctx.mentions = ctx.mentions.filter((m) => m.paragraph !== at.segments[0].paragraph || m.start !== at.openMark);
      last.raw = result.speaker;
      last.rule = 'nextQuotationNamesSpeaker';
      addSpeakingMention(ctx, last.candidate, result.speaker);
    }
    placed.push({ candidate: c, raw: result.speaker, rule: result.rule, sentenceIndex: site.sentenceIndex });
    addSpeakingMention(ctx, c, result.speaker);
  }
  return placed;
}

/** An attributed person becomes a mention, for later pronouns and roles. */
function addSpeakingMention(ctx: DocumentContext, c: Candidate, speaker: RawSpeaker | null): void {
  if (!speaker?.person) return;
  const paragraph = c.segments[0].paragraph;
  ctx.mentions.push({ paragraph, start: c.openMark, speaker, speaking: true, subject: true });
  ctx.mentions.sort((a, b) => a.paragraph - b.paragraph || a.start - b.start);
}

/**
 * `"Nobody told us." "We lost two days," said Maria Garza.`: a whole quoted sentence with nothing
 * of its own naming a speaker, followed by nothing but space and then a quotation whose speaker is
 * named right beside it — news copy names the speaker once, after the second. A speaker carried
 * over from before yields to the one named here.
 */
function speakerNamedForBoth(
  ctx: DocumentContext,
  previous: { candidate: Candidate; raw: RawSpeaker | null; rule?: string },
  c: Candidate,
): boolean {
  const p = previous.candidate;
  if (p.kind !== 'marked' || c.kind !== 'marked' || p.closeMark < 0 || p.dialogue || c.dialogue) return false;
  if (previous.rule !== undefined && !/^continuation/.test(previous.rule)) return false;
  const paragraph = c.segments[0].paragraph;
  if (lastOf(p.segments).paragraph !== paragraph) return false;
  const text = paragraphAt(ctx, paragraph).text;
  return /^\s+$/u.test(text.slice(p.closeMark + 1, c.openMark)) && /[.!?…]\s*$/u.test(spanText(ctx, p));
}

/** The quotation's words, verbatim, and the sentence(s) around them. */
function quotationOf(
  ctx: DocumentContext,
  c: Candidate,
  n: number,
  speaker: Quotation['speaker'],
): Quotation | undefined {
  const pieces: string[] = [];
  const contexts: string[] = [];
  c.segments.forEach((s, idx) => {
    const view = paragraphAt(ctx, s.paragraph);
    const p = view.text;
    const text = trimQuoteText(p.slice(s.start, s.end), idx === c.segments.length - 1 && c.kind === 'marked');
    if (text) pieces.push(text);
    if (c.kind === 'marked') {
      const from = idx === 0 ? c.openMark : s.start;
      const to = idx === c.segments.length - 1 && c.closeMark >= 0 ? c.closeMark : s.end - 1;
      const a = sentenceIn(view, Math.max(0, from)).sentence;
      const b = sentenceIn(view, Math.max(0, to)).sentence;
      contexts.push(p.slice(Math.min(a.start, from), Math.max(b.end, Math.min(p.length, to + 1))));
    } else {
      contexts.push(text);
    }
  });
  if (pieces.length === 0) return undefined;
  return {
    id: `${ctx.doc.id}#q${n}`,
    docId: ctx.doc.id,
    paragraph: c.segments[0].paragraph + 1,
    text: pieces.join('\n\n'),
    context: contexts.join('\n\n'),
    speaker,
    attributed: speaker !== null,
  };
}

/** Stages 1–3: the document context with blocks, turns, quotation spans, people and mentions found. */
export function prepareDocument(doc: CorpusDocument): {
  ctx: DocumentContext;
  blocks: Candidate[];
  turns: Candidate[];
  marked: Candidate[];
} {
  const ctx = newContext(doc, emptyPeople());
  // 1. Paragraphs that are quotations without marks.
  readTranscriptLabels(ctx);
  findStatementMentions(ctx);
  const blocks = findStatementBlocks(ctx);
  const turns = findTranscriptTurns(ctx);
  // 2. Words between quotation marks.
  const marked = findQuotationSpans(ctx);
  maskQuotations(ctx, marked);
  // 3. People and bodies.
  findPeople(ctx);
  findMentions(ctx);
  return { ctx, blocks, turns, marked };
}

/**
 * The extraction pipeline for one document (see DocumentContext for the stages):
 * blocks and turns → quotation spans → people and mentions → attribution rules → canonical speakers.
 */
export function analyzeDocument(doc: CorpusDocument): DocumentAnalysis {
  const { ctx, blocks, turns, marked } = prepareDocument(doc);
  // 4. Attribution.
  const placed = attributeMarked(ctx, marked);
  const all = [...placed, ...[...blocks, ...turns].map((c) => ({ candidate: c, raw: c.owner ?? null, rule: c.kind }))];
  const startOf = (c: Candidate) => (c.openMark >= 0 ? c.openMark : c.segments[0].start);
  all.sort(
    (a, b) =>
      a.candidate.segments[0].paragraph - b.candidate.segments[0].paragraph ||
      startOf(a.candidate) - startOf(b.candidate),
  );
  // 5. Canonical speakers.
  const quotes: AnalyzedQuote[] = [];
  for (const { candidate, raw, rule } of all) {
    const quotation = quotationOf(ctx, candidate, quotes.length + 1, canonicalSpeaker(ctx, raw));
    if (quotation) quotes.push({ quotation, raw, rule });
  }
  return {
    docId: doc.id,
    date: doc.meta.date,
    quotes,
    persons: [...ctx.people.byKey.values()].map((e) => ({ name: e.name, roles: e.roles })),
    nameSurfaces: nameSurfaces(
      ctx,
      quotes.map((q) => q.raw),
    ),
  };
}

/** The direct quotations of one document, with speakers named canonically within it. */
export function extractQuotes(doc: CorpusDocument): Quotation[] {
  return analyzeDocument(doc).quotes.map((q) => q.quotation);
}
