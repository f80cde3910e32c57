/** /speakers — the people and bodies quoted in the corpus, most quoted first, with roles and counts; paged. */
import { NO_QUOTE_BOOK, buildSpeakersPage, quoteIndexOf } from '../src/discord/quotes.js';
import { reply, tell, update } from '../src/discord/respond.js';
import type { Command } from '../src/discord/types.js';

export const speakers: Command = {
  data: {
    name: 'speakers',
    description: 'Who is quoted in the documents, with how many quotations each',
  },

  async execute(interaction, { index }) {
    const book = quoteIndexOf(index);
    if (!book) return reply(interaction, { content: NO_QUOTE_BOOK }, true);
    await reply(interaction, buildSpeakersPage(book.speakers(), 0, interaction.user.id));
  },

  async button(interaction, { index }) {
    const [, action, userId, pageText] = interaction.customId.split(':');
    if (action !== 'page') return tell(interaction, 'This button no longer works. Run /speakers again.');
    if (interaction.user.id !== userId) {
      return tell(interaction, 'Only the person who asked can turn these pages. Run /speakers yourself.');
    }
    const book = quoteIndexOf(index);
    if (!book) return tell(interaction, NO_QUOTE_BOOK);
    await update(interaction, buildSpeakersPage(book.speakers(), Number.parseInt(pageText ?? '0', 10) || 0, userId));
  },
};

export default speakers;
