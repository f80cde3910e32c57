/**
 * /ask question:<text> [source:<document>] [private:<bool>] — up to three verbatim passages, the
 * answering sentence in bold, each with its citation; "More"/"Back" page through further
 * passages, "Context" shows the paragraphs around one (ephemeral).
 *
 * Paging survives restarts: the button's custom_id holds who asked, the offset and a short hash
 * of the question; the question itself (and the source) is read back from the message's footer
 * and the search is run again.
 */
import { ApplicationCommandOptionType, ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import type { AnswerPassage } from '../src/answer/types.js';
import { howToAsk, OTHER_LANGUAGE_NOTE, type AskCommands } from '../src/answer/format-answer.js';
import { asksNothing } from '../src/question/question.js';
import {
  EMBED_COLOR,
  documentByShortId,
  documentChoices,
  documentEmbed,
  lookUpDocument,
  shortDocumentId,
  unknownDocumentMessage,
} from '../src/discord/documents.js';
import {
  LIMITS,
  type ActionRowData,
  type ButtonData,
  type EmbedData,
  type MessageData,
} from '../src/discord/limits.js';
import { escapeSource, renderPassage, truncate } from '../src/discord/render.js';
import {
  lastFooter,
  pageButtonId,
  pageStart,
  requestedPage,
  shortHash,
  type WithFooters,
} from '../src/discord/paged-list.js';
import { editReply, reply, tell, update } from '../src/discord/respond.js';
import type { AnswerIndex, Command } from '../src/discord/types.js';
import { readOptions, type CommandDefinition } from '../src/discord/command-options.js';

export const PAGE_SIZE = 3;
/** Passages reachable by paging (five pages). */
export const MAX_PASSAGES = 15;
export const QUESTION_MAX = 300;

export interface AskState {
  question: string;
  documentId?: string;
  userId: string;
  offset: number;
}

/** Whitespace collapsed, so the question reads back from the footer exactly as hashed. */
export function normalizeQuestion(question: string): string {
  return question.replace(/\s+/g, ' ').trim().slice(0, QUESTION_MAX);
}

export function questionHash(question: string, documentId?: string): string {
  return shortHash(question, documentId);
}

const FOOTER = /^Passages \d+–\d+(?: · source: (\S+))? · Q: ([\s\S]+)$/;

export function footerText(state: AskState, shown: number): string {
  const source = state.documentId ? ` · source: ${state.documentId}` : '';
  return `Passages ${state.offset + 1}–${state.offset + shown}${source} · Q: ${state.question}`;
}

/** The question and source of an /ask message, read back from its last embed's footer. */
export function readFooter(message: WithFooters): { question: string; documentId?: string } | undefined {
  const text = lastFooter(message);
  const [, documentId, question] = (text ? FOOTER.exec(text) : null) ?? [];
  if (question === undefined) return undefined;
  return { question: normalizeQuestion(question), documentId };
}

function moreId(userId: string, offset: number, hash: string): string {
  return pageButtonId('ask', 'more', userId, offset, hash);
}

function contextId(passage: AnswerPassage): string {
  const prefix = `ask:ctx:${passage.paragraph}:`;
  return prefix + shortDocumentId(passage.document.id, LIMITS.customId - prefix.length);
}

/** The commands the how-to-ask hint names on Discord. */
const DISCORD_COMMANDS: AskCommands = { ask: '/ask', quote: '/quote speaker:' };

function notFoundMessage(
  index: AnswerIndex,
  question: string,
  { unknownTerms, otherLanguage }: { unknownTerms: string[]; otherLanguage?: boolean },
  documentId?: string,
): MessageData {
  const lines = [`I found nothing in the corpus that answers “${escapeSource(truncate(question, QUESTION_MAX))}”.`];
  const terms = unknownTerms.slice(0, 20).map((t) => `**${escapeSource(truncate(t, 60))}**`);
  if (terms.length > 0) {
    const list = terms.length === 1 ? terms[0] : `${terms.slice(0, -1).join(', ')} and ${terms.at(-1)}`;
    lines.push(`No document in the corpus mentions ${list}.`);
  }
  if (otherLanguage) lines.push(OTHER_LANGUAGE_NOTE);
  if (documentId) {
    const title = index.getDocument(documentId)?.meta.title ?? documentId;
    lines.push(`I only searched *${escapeSource(truncate(title, 200))}*; try again without a source.`);
  }
  lines.push('Try other words, or see /sources for what the corpus contains.');
  return { content: lines.join('\n') };
}

/** One page of an answer: embeds with passages, the footer that carries the question, buttons. */
export function buildAskPage(index: AnswerIndex, state: AskState): MessageData {
  const limit = Math.min(state.offset + PAGE_SIZE + 1, MAX_PASSAGES);
  // The question model drops chat markup (mentions, emoji) from what is searched.
  const answer = index.answerQuestion(state.question, { limit, documentId: state.documentId });
  if (answer.nothingAsked) return { content: howToAsk(DISCORD_COMMANDS) };
  if (answer.notFound || answer.answers.length === 0) {
    return notFoundMessage(index, state.question, answer, state.documentId);
  }
  const all = answer.answers.slice(0, MAX_PASSAGES);
  const offset = pageStart(state.offset, all.length, PAGE_SIZE);
  const shown = all.slice(offset, offset + PAGE_SIZE);
  const page = { ...state, offset };
  const footer = truncate(footerText(page, shown.length), LIMITS.footerText);
  const perEmbed = Math.min(
    LIMITS.embedDescription,
    Math.floor((LIMITS.embedTotal - footer.length - 20) / shown.length),
  );
  const embeds: EmbedData[] = shown.map((p) => ({ description: renderPassage(p, perEmbed), color: EMBED_COLOR }));
  const lastEmbed = embeds.at(-1);
  if (lastEmbed) lastEmbed.footer = { text: footer };

  const hash = questionHash(state.question, state.documentId);
  const hasMore = all.length > offset + PAGE_SIZE;
  const paging: ButtonData[] = [];
  if (offset > 0)
    paging.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: 'Back',
      custom_id: moreId(state.userId, offset - PAGE_SIZE, hash),
    });
  paging.push({
    type: ComponentType.Button,
    style: ButtonStyle.Primary,
    label: 'More',
    custom_id: moreId(state.userId, offset + PAGE_SIZE, hash),
    disabled: !hasMore,
  });
  const context: ButtonData[] = [];
  const used = new Set<string>();
  shown.forEach((p, k) => {
    const id = contextId(p);
    if (id.length > LIMITS.customId || used.has(id)) return;
    used.add(id);
    context.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: `Context ${offset + k + 1} (¶${p.paragraph})`,
      custom_id: id,
    });
  });
  const components: ActionRowData[] = [{ type: ComponentType.ActionRow, components: paging }];
  if (context.length > 0) components.push({ type: ComponentType.ActionRow, components: context });
  return { embeds, components };
}

/** The /ask definition, as Discord receives it. */
const definition = {
  name: 'ask',
  description: 'Answer a question about the US–Mexico security pact with verbatim, cited passages',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'Your question, e.g. “What did Rubio say about sovereignty?”',
      required: true,
      min_length: 2,
      max_length: QUESTION_MAX,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'source',
      description: 'Only quote this document',
      autocomplete: true,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'private',
      description: 'Show the answer only to you',
    },
  ],
} as const satisfies CommandDefinition;

export const ask: Command = {
  data: definition,

  async execute(interaction, { index }) {
    const options = readOptions(definition, interaction);
    const question = normalizeQuestion(options.question);
    const sourceInput = options.source;
    const isPrivate = options.private ?? false;
    let documentId: string | undefined;
    if (sourceInput) {
      const found = lookUpDocument(index, sourceInput);
      if (!('document' in found))
        return reply(interaction, unknownDocumentMessage(sourceInput, found.candidates), true);
      documentId = found.document.id;
    }
    if (!question) return reply(interaction, { content: 'Please type a question.' }, true);
    // "thanks!", "hello", an emoji: nothing to search, so a hint only the asker sees, at once.
    if (asksNothing(question)) return reply(interaction, { content: howToAsk(DISCORD_COMMANDS) }, true);
    await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
    await index.prepareQuestion(question);
    await editReply(interaction, buildAskPage(index, { question, documentId, userId: interaction.user.id, offset: 0 }));
  },

  async autocomplete(interaction, { index }) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'source' ? documentChoices(index, String(focused.value)) : []);
  },

  async button(interaction, { index }) {
    const [, action, paragraphText, ...idParts] = interaction.customId.split(':');
    if (action === 'ctx') {
      // Document ids may contain ':', so the id is everything after the paragraph.
      const doc = documentByShortId(index, idParts.join(':'));
      const paragraph = Number.parseInt(paragraphText ?? '', 10);
      if (!doc || !(paragraph >= 1 && paragraph <= doc.paragraphs.length)) {
        return tell(interaction, 'That passage is no longer in the corpus.');
      }
      return reply(interaction, { embeds: [documentEmbed(doc, paragraph)] }, true);
    }
    const pressed = await requestedPage(interaction, 'ask', {
      action: 'more',
      notYours: 'Only the person who asked can page through these passages. Ask your own question with /ask.',
    });
    if (!pressed) return;
    const asked = readFooter(interaction.message);
    if (!asked || questionHash(asked.question, asked.documentId) !== pressed.hash) {
      return tell(interaction, 'I can’t page this answer any more. Please ask again with /ask.');
    }
    const offset = Math.max(0, Math.min(pressed.page, MAX_PASSAGES - 1));
    // Usually kept from the first page; after a restart it is embedded again (a short wait at most).
    await index.prepareQuestion(asked.question);
    return update(interaction, buildAskPage(index, { ...asked, userId: pressed.userId, offset }));
  },
};

export default ask;
