/** Finding documents from what a user typed or picked, and showing one. */
import { createHash } from 'node:crypto';
import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { CorpusDocument } from '../corpus/types.js';
import { fold as foldText } from '../search/fold.js';
import { LIMITS, type EmbedData, type MessageData } from './limits.js';
import { escapeSource, formatDate, pickOneMessage, renderExcerpt, safeUrl, truncate } from './render.js';
import type { AnswerIndex } from './types.js';

export const EMBED_COLOR = 0x2b6cb0;

/** Typed text and titles compared as search compares words: case, accents, typography and spacing aside. */
const fold = (s: string) => foldText(s).trim();

/** What a user's document option names: one document, or the documents it fits (none or several). */
export type DocumentLookup = { document: CorpusDocument } | { candidates: CorpusDocument[] };

/**
 * The document a user means: the picked id, or free text matching an id or a title exactly
 * (accent- and case-insensitive), or the one document whose title contains the text (or, failing
 * that, the one suggestion). Text that fits several documents names none of them: picking one
 * silently would answer from a document the user did not choose.
 */
export function lookUpDocument(index: AnswerIndex, input: string): DocumentLookup {
  const typed = input.trim();
  if (!typed) return { candidates: [] };
  const byId = documentByShortId(index, typed);
  if (byId) return { document: byId };
  const folded = fold(typed);
  const docs = index.documents();
  const byName = docs.find((d) => fold(d.id) === folded);
  if (byName) return { document: byName };
  // A title can be shared (one wire story from two publishers), so even an exact title may fit several.
  const exact = docs.filter((d) => fold(d.meta.title) === folded);
  const containing = exact.length > 0 ? exact : docs.filter((d) => fold(d.meta.title).includes(folded));
  const fits =
    containing.length > 0
      ? containing
      : index.suggestDocuments(typed, LIMITS.choices).flatMap(({ id }) => index.getDocument(id) ?? []);
  const [only] = fits;
  return fits.length === 1 && only ? { document: only } : { candidates: fits };
}

/** The one document a user's option names, if it names exactly one (see `lookUpDocument`). */
export function resolveDocument(index: AnswerIndex, input: string): CorpusDocument | undefined {
  const found = lookUpDocument(index, input);
  return 'document' in found ? found.document : undefined;
}

/**
 * A document id in at most `max` characters (a choice's value, a button's custom_id): the id
 * itself, or — for a longer id (a long file name) — its start, `~` and 8 hex digits of its
 * hash, which `documentByShortId` reads back.
 */
export function shortDocumentId(id: string, max: number = LIMITS.choiceValue): string {
  if (id.length <= max) return id;
  return `${id.slice(0, Math.max(0, max - 9))}~${idHash(id)}`;
}

const idHash = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, 8);

/** The document an id or a `shortDocumentId` of it names. */
export function documentByShortId(index: AnswerIndex, key: string): CorpusDocument | undefined {
  const byId = index.getDocument(key);
  if (byId) return byId;
  const [, prefix, hash] = /^(.*)~([0-9a-f]{8})$/su.exec(key) ?? [];
  if (prefix === undefined || hash === undefined) return undefined;
  return index.documents().find((d) => d.id.length > key.length && d.id.startsWith(prefix) && idHash(d.id) === hash);
}

/** The answer when `lookUpDocument` names no single document: what was typed, and what it fits if anything. */
export function unknownDocumentMessage(typed: string, candidates: CorpusDocument[] = []): MessageData {
  const shown = `“${escapeSource(truncate(typed.trim(), 100))}”`;
  if (candidates.length < 2) {
    return { content: `I don’t know a document called ${shown}. Pick one from the suggestions, or see /sources.` };
  }
  const lines = candidates.map((d) => {
    const publisher = d.meta.publisher ? ` · ${escapeSource(truncate(d.meta.publisher, 60))}` : '';
    return `• *${escapeSource(truncate(d.meta.title, 150))}*${publisher} (${d.meta.date.slice(0, 10)})`;
  });
  return pickOneMessage(
    `${shown} fits ${candidates.length} documents:`,
    lines,
    'Pick one from the suggestions as you type, or type more of its title.',
  );
}

/** Autocomplete choices: ≤ 25, names ≤ 100 characters, the document id (see `shortDocumentId`) as the value. */
export function documentChoices(index: AnswerIndex, partial: string): ApplicationCommandOptionChoiceData<string>[] {
  const seen = new Set<string>();
  const choices: ApplicationCommandOptionChoiceData<string>[] = [];
  for (const { id, title } of index.suggestDocuments(partial.slice(0, 100), LIMITS.choices)) {
    const value = shortDocumentId(id);
    if (seen.has(id)) continue;
    seen.add(id);
    const doc = index.getDocument(id);
    const date = doc ? ` (${doc.meta.date.slice(0, 10)})` : '';
    const name = truncate(title, LIMITS.choiceName - date.length) + date;
    choices.push({ name: name.trim() || id.slice(0, LIMITS.choiceName), value });
    if (choices.length === LIMITS.choices) break;
  }
  return choices;
}

const LANGUAGES: Record<string, string> = { en: 'English', es: 'Spanish' };

/** `es` → `Spanish`; a code without a name as written. */
export function languageName(code: string): string {
  return LANGUAGES[code] ?? code;
}

/** A document's metadata and an excerpt: one paragraph with its neighbours, or its opening. */
export function documentEmbed(doc: CorpusDocument, paragraph?: number): EmbedData {
  const { meta } = doc;
  const fields: NonNullable<EmbedData['fields']> = [];
  const add = (name: string, value: string | undefined, inline = true) => {
    if (value && value.trim())
      fields.push({ name, value: escapeSource(truncate(value, LIMITS.fieldValue - 100)), inline });
  };
  add('Publisher', meta.publisher);
  add('Author', meta.author);
  fields.push({ name: 'Date', value: formatDate(meta.date), inline: true });
  fields.push({ name: 'Language', value: languageName(meta.language), inline: true });
  fields.push({ name: 'Paragraphs', value: String(doc.paragraphs.length), inline: true });
  if (meta.partial)
    fields.push({ name: 'Note', value: 'The stored copy breaks off before the original ends.', inline: false });
  add('License', meta.license, false);
  const embed: EmbedData = {
    title: truncate(meta.title, LIMITS.embedTitle),
    description: renderExcerpt(doc, paragraph, 3000),
    color: EMBED_COLOR,
    fields,
    footer: {
      text: truncate(
        paragraph === undefined
          ? `Document id: ${doc.id} · the opening; ask for /source paragraph:<N> to see more`
          : `Document id: ${doc.id} · ¶${paragraph} of ${doc.paragraphs.length}`,
        LIMITS.footerText,
      ),
    },
  };
  const url = safeUrl(meta.url);
  if (url) embed.url = url;
  return embed;
}
