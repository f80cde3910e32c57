/**
 * /corpus add url:<address> — server managers add one web page to the corpus: it is fetched,
 * its article text extracted and saved as a document file; the corpus watcher then indexes it and
 * announces it to the matching subscriptions. The reply is deferred (fetching can take seconds)
 * and ephemeral: what was added (title, file), or why not.
 */
import { ApplicationCommandOptionType, InteractionContextType, MessageFlags } from 'discord.js';
import { addDocumentFromUrl } from '../src/feeds/add-url.js';
import { escapeSource, inlineCode, safeUrl, truncate } from '../src/discord/render.js';
import { editReply, tell } from '../src/discord/respond.js';
import { shortFile } from '../src/discord/subscriptions.js';
import type { Command, UpdatesCommandContext } from '../src/discord/types.js';
import { MANAGE_GUILD, canManageServer, withStoreErrors } from '../src/discord/updates.js';

const WHY: Record<string, string> = {
  'invalid-url': 'That is not a web address I can fetch',
  refused: 'That address is not public; I only fetch public web pages',
  duplicate: 'That page is already in the corpus',
  http: 'The site answered with an error',
  network: 'I could not reach the site',
  'not-html': 'That is not a web page (PDFs and other files cannot be added)',
  unreadable: 'That page is too large or too complex to read safely',
  'no-text': 'I found no article text on that page (it may need JavaScript or a login)',
  'invalid-document': 'The extracted text did not make a valid document',
  'save-failed': 'I could not save the document',
};

export const corpus: Command<UpdatesCommandContext> = withStoreErrors({
  data: {
    name: 'corpus',
    description: 'Manage the corpus (Manage Server)',
    default_member_permissions: MANAGE_GUILD,
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Add a web page (an article) to the corpus; subscriptions are told about it',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'url',
            description: 'The page address (http or https)',
            required: true,
            max_length: 2000,
          },
        ],
      },
    ],
  },

  async execute(interaction, { updates, logger }) {
    if (!canManageServer(interaction))
      return tell(interaction, 'Only members with the **Manage Server** permission can add documents.');
    const sub = interaction.options.getSubcommand();
    if (sub !== 'add') return tell(interaction, 'Unknown subcommand. Try `/corpus add url:`.');
    const url = interaction.options.getString('url', true).trim();
    if (!/^https?:\/\/\S+$/i.test(url))
      return tell(interaction, 'Give the full address of a web page, starting with http:// or https://.');

    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await addDocumentFromUrl(url, updates.corpusDir, {
      addedBy: `${interaction.user.username} (${interaction.user.id})`,
      fetch: updates.fetchOptions,
    });
    if (result.ok) {
      const { document } = result;
      // Recorded as "to announce" at once; if this fails (or the bot dies now), start-up reconciles it.
      try {
        await updates.store.recordPending(document.id, '/corpus add');
      } catch (err) {
        logger.warn(
          { document: document.id, err },
          'could not record the added document yet; it is announced when the ledger is next reconciled',
        );
      }
      logger.info(
        { url, document: document.id, file: document.file, by: interaction.user.id },
        'document added with /corpus add',
      );
      const link = safeUrl(document.url);
      const title = escapeSource(truncate(document.title, 200));
      await editReply(interaction, {
        content:
          `Added ${link ? `[${title}](${link})` : `**${title}**`} (${document.date}) as ${inlineCode(shortFile(document.file))}. ` +
          'It is searchable in a few seconds, and subscriptions whose filter matches get a post.',
      });
      return;
    }
    logger.info({ url, code: result.code, reason: result.reason, by: interaction.user.id }, '/corpus add refused');
    const existing = result.existingFile ? ` (${inlineCode(shortFile(result.existingFile))})` : '';
    await editReply(interaction, {
      content: `Not added. ${WHY[result.code] ?? 'It could not be added'}${existing}: ${escapeSource(truncate(result.reason, 500))}.${result.transient ? ' This may work if you try again later.' : ''}`,
    });
  },
});

export default corpus;
