import { DOCUMENT_NOUNS, STATEMENT_MENTION } from '../lexicon/bodies.js';
import { paragraphAt, type Candidate, type DocumentContext, type RawSpeaker, type Segment } from './context.js';
import { parseName, titleCase } from './names.js';
import { isNonEmpty, lastOf, type NonEmpty } from '../lists.js';

/**
 * Stage 1: paragraphs that are quotations without quotation marks.
 *  - transcript turns: what follows `SPEAKER NAME:` in a transcript;
 *  - statement blocks: unquoted paragraphs introduced by "It said:" after a sentence naming a
 *    statement, or by a sentence that names the statement itself ("… the joint statement …:").
 */

const TRANSCRIPT_NOT_LABELS = new Set([
  'note',
  'update',
  "editor's note",
  'editors note',
  'photo',
  'watch',
  'read more',
  'related',
  'source',
  'sources',
  'correction',
  'ps',
  'p.s.',
  'tags',
  'share',
  'listen',
]);
const QUESTIONER_LABELS =
  /^(?:q|question|questions|reporter|audience member|participant|questioner|journalist|press)$/i;
const TRANSCRIPT_ROLE =
  /\b(?:moderator|secretary|president|minister|ambassador|spokesperson|spokesman|mr|ms|mrs|senator|governor|director|q|question|operator)\b/i;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The name of a statement a STATEMENT_MENTION match names: "Joint statement", "Readout". */
function statementName(mention: RegExpMatchArray): string {
  const [, joint, noun = 'statement'] = mention;
  return capitalise(`${joint ? 'joint ' : ''}${noun.toLowerCase()}`);
}

/** Reads `SPEAKER NAME:` labels; a document is a transcript with two labels or one that names a role. */
export function readTranscriptLabels(ctx: DocumentContext): void {
  const labels = ctx.paragraphs.map((p) => {
    const [whole, label] = /^([A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,6}):\s+/u.exec(p) ?? [];
    if (whole === undefined || label === undefined || /\p{Ll}/u.test(label)) return undefined;
    if (TRANSCRIPT_NOT_LABELS.has(label.toLowerCase())) return undefined;
    const paren = /^(?:\([^)]*\)\s*)+/u.exec(p.slice(whole.length))?.[0] ?? '';
    return { label, textStart: whole.length + paren.length };
  });
  const count = labels.filter(Boolean).length;
  ctx.isTranscript = count >= 2 || labels.some((l) => l && TRANSCRIPT_ROLE.test(l.label));
  if (ctx.isTranscript) ctx.labels = labels;
}

/** The statement last named before a position, within six paragraphs. */
export function activeStatement(ctx: DocumentContext, paragraph: number, offset: number): string | undefined {
  let best: { paragraph: number; start: number; name: string } | undefined;
  for (const s of ctx.statements) {
    if (s.paragraph > paragraph || (s.paragraph === paragraph && s.start >= offset)) continue;
    if (paragraph - s.paragraph > 6) continue;
    if (!best || s.paragraph > best.paragraph || (s.paragraph === best.paragraph && s.start > best.start)) best = s;
  }
  return best?.name;
}

export function findStatementMentions(ctx: DocumentContext): void {
  ctx.paragraphs.forEach((p, i) => {
    for (const m of p.matchAll(STATEMENT_MENTION)) {
      // "the statement" after "a joint statement" is the same statement.
      const definite = !m[1] && /\b(?:the|this|that|its|their)\s+$/i.test(p.slice(Math.max(0, m.index - 8), m.index));
      const earlier = definite ? activeStatement(ctx, i, m.index) : undefined;
      ctx.statements.push({ paragraph: i, start: m.index, name: earlier ?? statementName(m) });
    }
  });
}

const hasMarks = (text: string): boolean => /[“”"«»]/u.test(text);

/** The statement an introducing paragraph ("In a joint statement, they said:") hands the next paragraphs to. */
function blockOwner(ctx: DocumentContext, i: number): string | undefined {
  const { text: p, sentences } = paragraphAt(ctx, i);
  if (!/:\s*$/u.test(p) || hasMarks(p.slice(p.lastIndexOf('.') + 1))) return undefined;
  const intro = sentences.at(-1);
  if (!intro) return undefined;
  const mentioned = [...intro.text.matchAll(STATEMENT_MENTION)].at(-1);
  if (mentioned) return statementName(mentioned);
  const said =
    /^(?:(?:[\p{L}\p{M}]+\s+){0,3}?)?(it|they|the\s+(?:[\p{L}\p{M}\-]+\s+){0,3}?[\p{L}\p{M}\-]+)\s+(?:[a-z]+ly\s+)?(?:said|says|read|reads|stated|states|continued|continues|added|adds|declared|declares|noted|notes|went on|goes on)\s*:$/iu.exec(
      intro.text,
    );
  const subject = said?.[1]?.toLowerCase();
  if (subject === undefined) return undefined;
  const active = activeStatement(ctx, i, intro.start);
  let owner: string | undefined;
  if (subject === 'it' || subject === 'they' || DOCUMENT_NOUNS.test(subject)) owner = active;
  if (!owner && DOCUMENT_NOUNS.test(subject)) owner = capitalise(subject.replace(/^the\s+/, ''));
  return owner;
}

export function findStatementBlocks(ctx: DocumentContext): Candidate[] {
  const { paragraphs, covered } = ctx;
  const n = paragraphs.length;
  const out: Candidate[] = [];
  for (let i = 0; i < n - 1; i++) {
    const owner = blockOwner(ctx, i);
    if (!owner) continue;
    const segments: Segment[] = [];
    let previous: string | undefined; // the paragraph just taken into the block
    for (const [k, q] of paragraphs.slice(i + 1).entries()) {
      const j = i + 1 + k;
      if (ctx.labels[j] || hasMarks(q) || covered[j]) break;
      if (previous !== undefined && !ctx.isTranscript) {
        const firstPerson = /\b(?:we|our|us|ours)\b/i.test(q);
        const broken = !/[.!?…"”)\]]\s*$/u.test(previous) || /^\p{Ll}/u.test(q);
        if (!firstPerson && !broken) break;
      }
      segments.push({ paragraph: j, start: 0, end: q.length });
      previous = q;
      if (/:\s*$/u.test(q)) break;
    }
    if (!isNonEmpty(segments)) continue;
    for (const s of segments) covered[s.paragraph] = 'block';
    ctx.statements.push({ paragraph: segments[0].paragraph, start: 0, name: owner });
    const last = lastOf(segments);
    out.push({
      kind: 'block',
      segments,
      openMark: -1,
      closeMark: -1,
      cutOff: ctx.doc.meta.partial && last.paragraph === n - 1,
      owner: { core: owner, surface: owner, person: false },
    });
  }
  return out;
}

export function findTranscriptTurns(ctx: DocumentContext): Candidate[] {
  if (!ctx.isTranscript) return [];
  const { paragraphs, covered, labels } = ctx;
  const n = paragraphs.length;
  const out: Candidate[] = [];
  for (const [i, text] of paragraphs.entries()) {
    const l = labels[i];
    if (!l) continue;
    const segments: NonEmpty<Segment> = [{ paragraph: i, start: l.textStart, end: text.length }];
    for (const [k, next] of paragraphs.slice(i + 1).entries()) {
      const j = i + 1 + k;
      if (labels[j] || covered[j]) break;
      segments.push({ paragraph: j, start: 0, end: next.length });
    }
    for (const s of segments) covered[s.paragraph] = 'turn';
    let owner: RawSpeaker | null = null;
    if (!QUESTIONER_LABELS.test(l.label.trim())) {
      const parsed = parseName(titleCase(l.label));
      owner = parsed.core
        ? { core: parsed.core, role: parsed.role, surface: l.label, person: true }
        : { core: parsed.role ?? titleCase(l.label), surface: l.label, person: false };
    }
    const last = lastOf(segments);
    out.push({
      kind: 'turn',
      segments,
      openMark: -1,
      closeMark: -1,
      cutOff: ctx.doc.meta.partial && last.paragraph === n - 1,
      owner,
    });
  }
  return out;
}
