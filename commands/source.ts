/** /source document:<autocompleted> [paragraph:<N>] — a document's metadata and one paragraph with its neighbours. */
import { ApplicationCommandOptionType, ButtonStyle, ComponentType } from 'discord.js';
import { documentChoices, documentEmbed, lookUpDocument, unknownDocumentMessage } from '../src/discord/documents.js';
import type { MessageData } from '../src/discord/limits.js';
import { escapeSource, safeUrl, truncate } from '../src/discord/render.js';
import { reply } from '../src/discord/respond.js';
import type { Command } from '../src/discord/types.js';
import { readOptions, type CommandDefinition } from '../src/discord/command-options.js';

/** The /source definition, as Discord receives it. */
const definition = {
  name: 'source',
  description: 'Show a document of the corpus: its details and a paragraph with its neighbours',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'document',
      description: 'The document (start typing its title)',
      required: true,
      autocomplete: true,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'paragraph',
      description: 'Paragraph number (¶) to show; the opening if left out',
      min_value: 1,
    },
  ],
} as const satisfies CommandDefinition;

export const source: Command = {
  data: definition,

  async execute(interaction, { index }) {
    const { document: input, paragraph } = readOptions(definition, interaction);
    const found = lookUpDocument(index, input);
    if (!('document' in found)) return reply(interaction, unknownDocumentMessage(input, found.candidates), true);
    const doc = found.document;
    const count = doc.paragraphs.length;
    if (paragraph !== undefined && (paragraph < 1 || paragraph > count)) {
      return reply(
        interaction,
        {
          content: `*${escapeSource(truncate(doc.meta.title, 200))}* has ${count} paragraph${count === 1 ? '' : 's'}, so there is no ¶${paragraph}. Pick a number from 1 to ${count}.`,
        },
        true,
      );
    }
    const message: MessageData = { embeds: [documentEmbed(doc, paragraph)] };
    const url = safeUrl(doc.meta.url);
    if (url && url.length <= 512) {
      message.components = [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Open the original', url }],
        },
      ];
    }
    await reply(interaction, message);
  },

  async autocomplete(interaction, { index }) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'document' ? documentChoices(index, String(focused.value)) : []);
  },
};

export default source;
