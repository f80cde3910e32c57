import type { CorpusDocument } from '../corpus/types.js';
import type { QuoteBook } from '../quotes/quote-book.js';
import type { Quotation } from '../quotes/types.js';

export interface QuotesArgs {
  speaker?: string;
  about?: string;
  json: boolean;
  /** Any positive whole number; without it, JSON lists every quotation and text shows the first 20. */
  limit?: number;
}

/** How many quotations the human-readable listing shows without --limit. */
export const DEFAULT_TEXT_LIMIT = 20;

export interface QuoteJson {
  text: string;
  speaker: { name: string; role: string | null } | null;
  attributed: boolean;
  paragraph: number;
  document: { id: string; title: string; date: string; url: string | null };
}

function toJson(q: Quotation, documents: Map<string, CorpusDocument>): QuoteJson {
  const doc = documents.get(q.docId);
  return {
    text: q.text,
    speaker: q.speaker ? { name: q.speaker.name, role: q.speaker.role ?? null } : null,
    attributed: q.attributed,
    paragraph: q.paragraph,
    document: {
      id: q.docId,
      title: doc?.meta.title ?? q.docId,
      date: doc?.meta.date ?? '',
      url: doc?.meta.url ?? null,
    },
  };
}

/** `pactbot quotes [--speaker NAME] [--about WORDS] [--limit N] [--json]`. */
export function runQuotesCommand(book: QuoteBook, args: QuotesArgs, documents: CorpusDocument[]): string {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const limit = args.limit ?? (args.json ? Number.POSITIVE_INFINITY : DEFAULT_TEXT_LIMIT);
  const quotes = book.find({ speaker: args.speaker, about: args.about, limit });
  if (args.json) return JSON.stringify({ quotes: quotes.map((q) => toJson(q, byId)) }, null, 2);
  if (quotes.length === 0) {
    const what = [args.speaker && `by "${args.speaker}"`, args.about && `about "${args.about}"`]
      .filter(Boolean)
      .join(' ');
    return `No quotations found${what ? ` ${what}` : ''}.`;
  }
  return quotes
    .map((q) => {
      const j = toJson(q, byId);
      const who = j.speaker ? `${j.speaker.name}${j.speaker.role ? `, ${j.speaker.role}` : ''}` : 'unattributed';
      const text = `“${q.text.replace(/\n\n/g, '\n   ')}”`;
      const doc = byId.get(q.docId);
      const lastParagraph = doc?.paragraphs[doc.paragraphs.length - 1] ?? '';
      const cutOff =
        doc?.meta.partial === true && lastParagraph.trimEnd().endsWith(q.text.split('\n\n').pop()!)
          ? ' (the stored copy breaks off here)'
          : '';
      return `${text}${cutOff}\n   — ${who} · ${j.document.title}${j.document.date ? ` (${j.document.date})` : ''}, ¶${q.paragraph}`;
    })
    .join('\n\n');
}

/**
 * Why `--speaker NAME` names nobody though people fit it: the speakers it fits equally, one a
 * line, to name one of them instead (see `QuoteBook.lookUpSpeaker`); undefined when it names one
 * speaker or fits nobody (then the listing says no quotations were found).
 */
export function ambiguousSpeaker(book: QuoteBook, speaker: string | undefined): string | undefined {
  if (!speaker?.trim()) return undefined;
  const found = book.lookUpSpeaker(speaker);
  if ('speaker' in found || found.candidates.length < 2) return undefined;
  const counts = new Map(book.speakers().map((s) => [s.speaker.name, s.count]));
  const lines = found.candidates.map((s) => {
    const count = counts.get(s.name) ?? 0;
    return `  ${s.name}${s.role ? `, ${s.role}` : ''} (${count} quotation${count === 1 ? '' : 's'})`;
  });
  return [
    `pactbot: --speaker "${speaker}" fits ${found.candidates.length} speakers; give more of the name, one of:`,
    ...lines,
  ].join('\n');
}

/** `pactbot speakers [--json]`. */
export function runSpeakersCommand(book: QuoteBook, args: { json: boolean }): string {
  const speakers = book.speakers();
  if (args.json) {
    return JSON.stringify(
      {
        speakers: speakers.map((s) => ({
          name: s.speaker.name,
          role: s.speaker.role ?? null,
          count: s.count,
          variants: s.variants,
        })),
      },
      null,
      2,
    );
  }
  if (speakers.length === 0) return 'No attributed quotations.';
  const rows = speakers.map((s) => [
    s.speaker.name,
    s.speaker.role ?? '',
    String(s.count),
    s.variants.filter((v) => v !== s.speaker.name).join('; '),
  ]);
  const head = ['Speaker', 'Role', 'Quotes', 'Also named'];
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
