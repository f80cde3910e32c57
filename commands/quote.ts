/**
 * /quote [speaker:<autocompleted>] [about:<text>] [private:<bool>] — what a person or body is
 * quoted as saying, verbatim, each with the speaker (and role), the document's title, date and ¶N;
 * best match to `about` first, else newest first. With only `about` it finds who said it.
 * "Previous"/"Next" page through the quotations (only for the person who asked).
 *
 * Paging survives restarts: the button's custom_id holds who asked, the offset and a short hash
 * of the query; the speaker and the topic are read back from the message's footer
 * (`1–3/6 quotes · speaker: Marco Rubio · about: territory`) and the search is run again.
 */
import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import {
  ABOUT_MAX,
  HOW_TO_QUOTE,
  MAX_QUOTES,
  SPEAKER_INPUT_MAX,
  buildQuotePage,
  findQuotations,
  normalizeInput,
  queryHash,
  readQuoteFooter,
  speakerChoices,
  unknownSpeakerMessage,
  type QuoteState,
} from '../src/discord/quotes.js';
import { requestedPage } from '../src/discord/paged-list.js';
import { editReply, reply, tell, update } from '../src/discord/respond.js';
import { QUOTE_BOOK_LOADING, quoteBookReady } from '../src/discord/quote-book-ready.js';
import type { AnswerIndex, Command, QuoteIndex } from '../src/discord/types.js';
import { readOptions, type CommandDefinition } from '../src/discord/command-options.js';

function page(index: AnswerIndex, book: QuoteIndex, state: QuoteState) {
  const quotes = findQuotations(book, state);
  return buildQuotePage(quotes, (id) => index.getDocument(id), state);
}

/** The /quote definition, as Discord receives it. */
const definition = {
  name: 'quote',
  description: 'What someone said about the pact: verbatim quotations with citations',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'speaker',
      description: 'Who said it (start typing any part of the name)',
      autocomplete: true,
      max_length: SPEAKER_INPUT_MAX,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'about',
      description: 'What about, e.g. “sovereignty”; alone, it finds who said it',
      max_length: ABOUT_MAX,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'private',
      description: 'Show the quotations only to you',
    },
  ],
} as const satisfies CommandDefinition;

export const quote: Command = {
  data: definition,

  async execute(interaction, { index }) {
    const options = readOptions(definition, interaction);
    const typed = normalizeInput(options.speaker, SPEAKER_INPUT_MAX);
    const about = normalizeInput(options.about, ABOUT_MAX) || undefined;
    const isPrivate = options.private ?? false;
    if (!typed && !about) return reply(interaction, { content: HOW_TO_QUOTE }, true);
    if (!(await quoteBookReady(index))) return tell(interaction, QUOTE_BOOK_LOADING);
    const book = index.quotes;
    let speaker: string | undefined;
    if (typed) {
      const found = book.lookUpSpeaker(typed);
      if (!('speaker' in found)) return reply(interaction, unknownSpeakerMessage(book, typed, found.candidates), true);
      speaker = found.speaker.name;
    }
    await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
    await editReply(interaction, page(index, book, { speaker, about, userId: interaction.user.id, offset: 0 }));
  },

  async autocomplete(interaction, { index }) {
    const focused = interaction.options.getFocused(true);
    const ready = focused.name === 'speaker' && (await quoteBookReady(index));
    await interaction.respond(ready ? speakerChoices(index.quotes, String(focused.value)) : []);
  },

  async button(interaction, { index }) {
    const pressed = await requestedPage(interaction, 'quote', {
      notYours: 'Only the person who asked can page through these quotations. Run /quote yourself.',
    });
    if (!pressed) return;
    if (!(await quoteBookReady(index))) return tell(interaction, QUOTE_BOOK_LOADING);
    const book = index.quotes;
    const query = readQuoteFooter(interaction.message);
    if (!query || queryHash(query) !== pressed.hash) {
      return tell(interaction, 'I can’t page these quotations any more. Please run /quote again.');
    }
    if (query.speaker && !book.resolveSpeaker(query.speaker)) {
      return tell(interaction, 'That speaker is no longer quoted in the corpus. Run /quote again, or see /speakers.');
    }
    const offset = Math.max(0, Math.min(pressed.page, MAX_QUOTES - 1));
    return update(interaction, page(index, book, { ...query, userId: pressed.userId, offset }));
  },
};

export default quote;
