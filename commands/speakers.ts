/** /speakers — the people and bodies quoted in the corpus, most quoted first, with roles and counts; paged. */
import { buildSpeakersPage } from '../src/discord/quotes.js';
import { reply, tell, update } from '../src/discord/respond.js';
import { QUOTE_BOOK_LOADING, quoteBookReady } from '../src/discord/quote-book-ready.js';
import type { Command } from '../src/discord/types.js';
import type { CommandDefinition } from '../src/discord/command-options.js';
import { requestedPage } from '../src/discord/paged-list.js';

/** The /speakers definition, as Discord receives it. */
const definition = {
  name: 'speakers',
  description: 'Who is quoted in the documents, with how many quotations each',
} as const satisfies CommandDefinition;

export const speakers: Command = {
  data: definition,

  async execute(interaction, { index }) {
    if (!(await quoteBookReady(index))) return tell(interaction, QUOTE_BOOK_LOADING);
    await reply(interaction, buildSpeakersPage(index.quotes.speakers(), 0, interaction.user.id));
  },

  async button(interaction, { index }) {
    const asked = await requestedPage(interaction, 'speakers');
    if (!asked) return;
    if (!(await quoteBookReady(index))) return tell(interaction, QUOTE_BOOK_LOADING);
    await update(interaction, buildSpeakersPage(index.quotes.speakers(), asked.page, asked.userId));
  },
};

export default speakers;
