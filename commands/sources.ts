/** /sources — the documents, newest first, with dates, publishers and links, paged with buttons. */
import { ButtonStyle } from 'discord.js';
import type { CorpusDocument } from '../src/corpus/types.js';
import { EMBED_COLOR } from '../src/discord/documents.js';
import type { MessageData } from '../src/discord/limits.js';
import { escapeSource, formatDate, safeUrl, truncate } from '../src/discord/render.js';
import { reply, tell, update } from '../src/discord/respond.js';
import type { Command } from '../src/discord/types.js';

export const SOURCES_PAGE_SIZE = 8;

function line(doc: CorpusDocument, n: number): string {
  const title = escapeSource(truncate(doc.meta.title, 200));
  const url = safeUrl(doc.meta.url);
  const parts = [formatDate(doc.meta.date)];
  if (doc.meta.publisher) parts.push(escapeSource(truncate(doc.meta.publisher, 100)));
  if (doc.meta.language !== 'en') parts.push(doc.meta.language === 'es' ? 'Spanish' : doc.meta.language);
  if (doc.meta.partial) parts.push('partial copy');
  return `**${n}.** ${url ? `[${title}](${url})` : `*${title}*`}\n${parts.join(' · ')} · \`${doc.id.replace(/`/g, "'")}\``;
}

export function buildSourcesPage(docs: CorpusDocument[], page: number, userId: string): MessageData {
  const pages = Math.max(1, Math.ceil(docs.length / SOURCES_PAGE_SIZE));
  const current = Math.max(0, Math.min(page, pages - 1));
  const shown = docs.slice(current * SOURCES_PAGE_SIZE, (current + 1) * SOURCES_PAGE_SIZE);
  const description =
    shown.length === 0
      ? 'The corpus is empty.'
      : shown.map((d, i) => line(d, current * SOURCES_PAGE_SIZE + i + 1)).join('\n\n');
  const message: MessageData = {
    embeds: [
      {
        title: 'Sources',
        description,
        color: EMBED_COLOR,
        footer: { text: `Page ${current + 1} of ${pages} · ${docs.length} document${docs.length === 1 ? '' : 's'}, newest first · /source shows one` },
      },
    ],
  };
  if (pages > 1) {
    message.components = [
      {
        type: 1,
        components: [
          { type: 2, style: ButtonStyle.Secondary, label: 'Previous', custom_id: `sources:page:${userId}:${current - 1}`, disabled: current === 0 },
          { type: 2, style: ButtonStyle.Secondary, label: 'Next', custom_id: `sources:page:${userId}:${current + 1}`, disabled: current >= pages - 1 },
        ],
      },
    ];
  }
  return message;
}

export const sources: Command = {
  data: {
    name: 'sources',
    description: 'List the documents the bot quotes from, newest first',
  },

  async execute(interaction, { index }) {
    await reply(interaction, buildSourcesPage(index.documents(), 0, interaction.user.id));
  },

  async button(interaction, { index }) {
    const [, action, userId, pageText] = interaction.customId.split(':');
    if (action !== 'page') return tell(interaction, 'This button no longer works. Run /sources again.');
    if (interaction.user.id !== userId) {
      return tell(interaction, 'Only the person who asked can turn these pages. Run /sources yourself.');
    }
    await update(interaction, buildSourcesPage(index.documents(), Number.parseInt(pageText ?? '0', 10) || 0, userId));
  },
};

export default sources;
