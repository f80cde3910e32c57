/**
 * Rendering for /quote and /speakers: quotations as cited embeds (speaker, verbatim words, title,
 * date, ¶N), the paging state kept in the message (footer + custom_id), speaker autocomplete
 * choices, and the list of who is quoted. Pure functions over a `QuoteIndex`, so they are unit
 * tested without Discord.
 */
import { ButtonStyle, ComponentType, type ApplicationCommandOptionChoiceData } from 'discord.js';
import { citeDocument, type AnswerPassage, type CitedDocument } from '../answer/types.js';
import type { CorpusDocument } from '../corpus/types.js';
import { sameSpeakerName, type SpeakerSummary } from '../quotes/quote-book.js';
import { foldName } from '../quotes/names.js';
import type { Quotation, Speaker } from '../quotes/types.js';
import { EMBED_COLOR } from './documents.js';
import { LIMITS, type ButtonData, type EmbedData, type MessageData } from './limits.js';
import { escapeSource, oneLine, pickOneMessage, renderPassage, truncate } from './render.js';
import type { QuoteIndex } from './types.js';
import { buildListPage, lastFooter, pageButtonId, pageStart, shortHash, type WithFooters } from './paged-list.js';

/** Quotations per page (one embed each). */
export const QUOTE_PAGE_SIZE = 3;
/** Quotations reachable by paging. */
export const MAX_QUOTES = 60;
export const SPEAKER_INPUT_MAX = 100;
export const ABOUT_MAX = 200;
export const SPEAKERS_PAGE_SIZE = 15;

export const HOW_TO_QUOTE =
  'Tell me whose quotations you want, what about, or both:\n' +
  '• `/quote speaker:Rubio` — what Marco Rubio is quoted as saying, newest first\n' +
  '• `/quote about:sovereignty` — who said something about sovereignty, best match first\n' +
  '• `/quote speaker:de la Fuente about:territory` — both\n' +
  'See /speakers for everyone who is quoted.';

/** Whitespace collapsed and cut to `max`, so what is shown reads back exactly from the footer. */
export function normalizeInput(text: string | null | undefined, max: number): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

// ---------------------------------------------------------------------------------------------
// Finding

export interface QuoteQuery {
  /** The canonical speaker name (as `resolveSpeaker` returns it). */
  speaker?: string;
  about?: string;
}

export interface QuoteState extends QuoteQuery {
  userId: string;
  offset: number;
}

/** The speaker's quotations (only theirs), best match to `about` first, else newest first. */
export function findQuotations(book: QuoteIndex, query: QuoteQuery): Quotation[] {
  const about = query.about?.trim() || undefined;
  if (query.speaker) {
    return book
      .find({ speaker: query.speaker, about, limit: 10_000 })
      .filter((q) => q.speaker !== null && sameSpeakerName(q.speaker.name, query.speaker!))
      .slice(0, MAX_QUOTES);
  }
  if (!about) return [];
  return book.find({ about, limit: MAX_QUOTES });
}

/**
 * Near misses for a name nobody is quoted under: speakers with a name word (in any variant)
 * starting like a typed word — its first 3 letters, or 4 for longer words ("Rubo" → Marco
 * Rubio, "Fuentes" → Juan Ramón de la Fuente), accent-insensitively; most quoted first.
 */
function speakerSuggestions(book: QuoteIndex, typed: string, limit = 5): Speaker[] {
  const prefixes = foldName(typed)
    .split(' ')
    .filter((w) => w.length >= 3)
    .map((w) => w.slice(0, w.length >= 5 ? 4 : 3));
  if (prefixes.length === 0) return [];
  return book
    .speakers()
    .filter((s) => {
      const words = [s.speaker.name, ...s.variants].flatMap((v) => foldName(v).split(' '));
      return prefixes.some((p) => words.some((w) => w.startsWith(p)));
    })
    .slice(0, limit)
    .map((s) => s.speaker);
}

/**
 * The answer when a typed name names no single speaker: with `candidates` (the speakers it fits
 * equally, see `QuoteBook.lookUpSpeaker`) a list to pick from; else "nobody by that name is
 * quoted", with near misses, or the most quoted speakers.
 */
export function unknownSpeakerMessage(book: QuoteIndex, typed: string, candidates: Speaker[] = []): MessageData {
  if (candidates.length >= 2) return severalSpeakersMessage(book, typed, candidates);
  const names = (list: Speaker[]) => list.map((s) => `**${escapeSource(truncate(s.name, 100))}**`).join(', ');
  const lines = [
    `Nobody by that name is quoted: I found no quotation by “${escapeSource(truncate(typed, SPEAKER_INPUT_MAX))}”.`,
  ];
  const near = speakerSuggestions(book, typed);
  if (near.length > 0) lines.push(`Perhaps: ${names(near)}.`);
  else {
    const top = book
      .speakers()
      .slice(0, 5)
      .map((s) => s.speaker);
    if (top.length > 0) lines.push(`Most quoted: ${names(top)}.`);
  }
  lines.push('Pick a name from the suggestions as you type, or see /speakers for everyone who is quoted.');
  return { content: lines.join('\n') };
}

/** "“Secretary” fits 2 speakers:" and one line each (name, role, count), within the content limit. */
function severalSpeakersMessage(book: QuoteIndex, typed: string, candidates: Speaker[]): MessageData {
  const counts = new Map(book.speakers().map((s) => [s.speaker.name, s.count]));
  const lines = candidates.map((s) => {
    const role = s.role ? ` — ${escapeSource(truncate(s.role, 100))}` : '';
    const count = counts.get(s.name);
    const quoted = count === undefined ? '' : ` · ${count} quotation${count === 1 ? '' : 's'}`;
    return `• **${escapeSource(truncate(s.name, 100))}**${role}${quoted}`;
  });
  return pickOneMessage(
    `“${escapeSource(truncate(typed, SPEAKER_INPUT_MAX))}” fits ${candidates.length} speakers:`,
    lines,
    'Pick one from the suggestions as you type, or type more of the name.',
  );
}

function noQuotationsMessage(query: QuoteQuery): MessageData {
  const about = query.about ? `“${escapeSource(truncate(query.about, ABOUT_MAX))}”` : '';
  const who = query.speaker ? `**${escapeSource(truncate(query.speaker, 100))}**` : '';
  if (who && about) {
    return {
      content: `None of ${who}’s quotations match ${about}. Try other words, or leave out \`about\` to see all of them.`,
    };
  }
  if (who) return { content: `I found no quotations of ${who}. See /speakers for who is quoted.` };
  return {
    content: `No quotation in the corpus matches ${about}. Try other words, or see /speakers for who is quoted.`,
  };
}

// ---------------------------------------------------------------------------------------------
// One quotation

/** "Marco Rubio, Secretary of State"; unattributed quotations say so. */
export function speakerLabel(speaker: Speaker | null): string {
  if (!speaker) return 'Unattributed (the source does not say who)';
  return speaker.role ? `${speaker.name}, ${speaker.role}` : speaker.name;
}

/** A quotation as a passage for `renderPassage`: its sentence(s), the quoted words in bold. */
export function quotationPassage(q: Quotation, doc: CorpusDocument | undefined): AnswerPassage {
  const document: CitedDocument = doc ? citeDocument(doc) : { id: q.docId, title: q.docId, date: '' };
  const inContext = q.context && oneLine(q.context).includes(oneLine(q.text).trim());
  return {
    passageId: q.id,
    text: inContext ? q.context : q.text,
    quote: q.text,
    paragraph: q.paragraph,
    score: 0,
    source: 'quotation',
    document,
  };
}

/** One quotation: who (as the embed author), the words in a block quote, then the citation line. */
export function quotationEmbed(
  q: Quotation,
  doc: CorpusDocument | undefined,
  max: number = LIMITS.embedDescription,
): EmbedData {
  return {
    author: { name: truncate(speakerLabel(q.speaker), LIMITS.authorName) },
    description: renderPassage(quotationPassage(q, doc), Math.min(max, LIMITS.embedDescription)),
    color: EMBED_COLOR,
  };
}

// ---------------------------------------------------------------------------------------------
// Pages and their state

const FOOTER = /^(\d+)(?:–(\d+))?\/(\d+) quotes?(?: · speaker: (.+?))?(?: · about: ([\s\S]+))?$/;

/** `1–3/6 quotes · speaker: Marco Rubio · about: territory` — the page, and the query for paging. */
export function quoteFooter(query: QuoteQuery, from: number, to: number, total: number): string {
  const range = from === to ? `${from}` : `${from}–${to}`;
  const speaker = query.speaker ? ` · speaker: ${query.speaker}` : '';
  const about = query.about ? ` · about: ${query.about}` : '';
  return `${range}/${total} quote${total === 1 ? '' : 's'}${speaker}${about}`;
}

/** The query of a /quote message, read back from its last embed's footer. */
export function readQuoteFooter(message: WithFooters): QuoteQuery | undefined {
  const text = lastFooter(message);
  const match = text ? FOOTER.exec(text) : null;
  if (!match || (!match[4] && !match[5])) return undefined;
  const query: QuoteQuery = {};
  if (match[4]) query.speaker = match[4];
  if (match[5]) query.about = normalizeInput(match[5], ABOUT_MAX);
  return query;
}

/** A short hash of the query: a button only pages the message whose footer matches it. */
export function queryHash(query: QuoteQuery): string {
  return shortHash(query.speaker, query.about);
}

/** One page of quotations: an embed per quotation, the footer on the last, Previous/Next buttons. */
export function buildQuotePage(
  quotes: Quotation[],
  getDocument: (id: string) => CorpusDocument | undefined,
  state: QuoteState,
): MessageData {
  const query: QuoteQuery = { speaker: state.speaker, about: state.about };
  if (quotes.length === 0) return noQuotationsMessage(query);
  const all = quotes.slice(0, MAX_QUOTES);
  const offset = pageStart(state.offset, all.length, QUOTE_PAGE_SIZE);
  const shown = all.slice(offset, offset + QUOTE_PAGE_SIZE);
  const footer = truncate(quoteFooter(query, offset + 1, offset + shown.length, all.length), LIMITS.footerText);
  const authors = shown.map((q) => truncate(speakerLabel(q.speaker), LIMITS.authorName));
  const authorTotal = authors.reduce((n, a) => n + a.length, 0);
  const perEmbed = Math.min(
    LIMITS.embedDescription,
    Math.floor((LIMITS.embedTotal - footer.length - authorTotal - 20) / shown.length),
  );
  const embeds = shown.map((q) => quotationEmbed(q, getDocument(q.docId), perEmbed));
  const lastEmbed = embeds.at(-1);
  if (lastEmbed) lastEmbed.footer = { text: footer };

  const message: MessageData = { embeds };
  if (all.length > QUOTE_PAGE_SIZE) {
    const hash = queryHash(query);
    const buttons: ButtonData[] = [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Previous',
        custom_id: pageButtonId('quote', 'page', state.userId, Math.max(0, offset - QUOTE_PAGE_SIZE), hash),
        disabled: offset === 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: 'Next',
        custom_id: pageButtonId('quote', 'page', state.userId, offset + QUOTE_PAGE_SIZE, hash),
        disabled: offset + QUOTE_PAGE_SIZE >= all.length,
      },
    ];
    message.components = [{ type: ComponentType.ActionRow, components: buttons }];
  }
  return message;
}

// ---------------------------------------------------------------------------------------------
// Autocomplete

/**
 * A choice value naming the speaker in ≤ 100 characters: the name, or for a longer one its last
 * whole words (surnames tell people apart; `resolveSpeaker` matches any run of a name's words).
 */
export function speakerChoiceValue(name: string): string {
  if (name.length <= LIMITS.choiceValue) return name;
  const words = name.split(/\s+/).filter(Boolean);
  let value = '';
  for (const word of [...words].reverse()) {
    const next = value ? `${word} ${value}` : word;
    if (next.length > LIMITS.choiceValue) break;
    value = next;
  }
  return value || name.slice(-LIMITS.choiceValue);
}

/** Speaker choices: ≤ 25, accent-insensitive on any name variant, names and values ≤ 100. */
export function speakerChoices(book: QuoteIndex, partial: string): ApplicationCommandOptionChoiceData<string>[] {
  const counts = new Map(book.speakers().map((s) => [s.speaker.name, s.count]));
  const seen = new Set<string>();
  const choices: ApplicationCommandOptionChoiceData<string>[] = [];
  for (const speaker of book.suggestSpeakers(partial.slice(0, SPEAKER_INPUT_MAX), LIMITS.choices)) {
    const value = speakerChoiceValue(speaker.name.trim());
    if (!value || seen.has(value)) continue;
    seen.add(value);
    const count = counts.get(speaker.name);
    const suffix = count === undefined ? '' : ` (${count} quote${count === 1 ? '' : 's'})`;
    const name = truncate(speakerLabel(speaker), LIMITS.choiceName - suffix.length) + suffix;
    choices.push({ name: name.trim() || value, value });
    if (choices.length === LIMITS.choices) break;
  }
  return choices;
}

// ---------------------------------------------------------------------------------------------
// /speakers

function speakerLine(summary: SpeakerSummary, n: number): string {
  const name = escapeSource(truncate(summary.speaker.name, 100));
  const role = summary.speaker.role ? ` — ${escapeSource(truncate(summary.speaker.role, 100))}` : '';
  return `**${n}.** ${name}${role} · ${summary.count} quotation${summary.count === 1 ? '' : 's'}`;
}

/** The people and bodies quoted, most quoted first, with counts and roles; paged with buttons. */
export function buildSpeakersPage(speakers: SpeakerSummary[], page: number, userId: string): MessageData {
  const total = speakers.reduce((n, s) => n + s.count, 0);
  return buildListPage({
    command: 'speakers',
    title: 'Who is quoted',
    items: speakers,
    pageSize: SPEAKERS_PAGE_SIZE,
    page,
    userId,
    empty: 'Nobody is quoted in the corpus.',
    renderItem: speakerLine,
    separator: '\n',
    footer:
      `${speakers.length} speaker${speakers.length === 1 ? '' : 's'}, ` +
      `${total} attributed quotation${total === 1 ? '' : 's'}, most quoted first · /quote speaker:<name> shows them`,
  });
}
