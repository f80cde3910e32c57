/** /sources — the documents, newest first, with dates, publishers and links, paged with buttons. */
import type { CorpusDocument } from '../src/corpus/types.js';
import { languageName } from '../src/discord/documents.js';
import type { MessageData } from '../src/discord/limits.js';
import { escapeSource, formatDate, inlineCode, safeUrl, truncate } from '../src/discord/render.js';
import { reply, update } from '../src/discord/respond.js';
import { buildListPage, requestedPage } from '../src/discord/paged-list.js';
import type { Command } from '../src/discord/types.js';
import type { CommandDefinition } from '../src/discord/command-options.js';

export const SOURCES_PAGE_SIZE = 8;

function line(doc: CorpusDocument, n: number): string {
  const title = escapeSource(truncate(doc.meta.title, 200));
  const url = safeUrl(doc.meta.url);
  const parts = [formatDate(doc.meta.date)];
  if (doc.meta.publisher) parts.push(escapeSource(truncate(doc.meta.publisher, 100)));
  if (doc.meta.language !== 'en') parts.push(languageName(doc.meta.language));
  if (doc.meta.partial) parts.push('partial copy');
  return `**${n}.** ${url ? `[${title}](${url})` : `*${title}*`}\n${parts.join(' · ')} · ${inlineCode(doc.id)}`;
}

export function buildSourcesPage(docs: CorpusDocument[], page: number, userId: string): MessageData {
  return buildListPage({
    command: 'sources',
    title: 'Sources',
    items: docs,
    pageSize: SOURCES_PAGE_SIZE,
    page,
    userId,
    empty: 'The corpus is empty.',
    renderItem: line,
    separator: '\n\n',
    footer: `${docs.length} document${docs.length === 1 ? '' : 's'}, newest first · /source shows one`,
  });
}

/** The /sources definition, as Discord receives it. */
const definition = {
  name: 'sources',
  description: 'List the documents the bot quotes from, newest first',
} as const satisfies CommandDefinition;

export const sources: Command = {
  data: definition,

  async execute(interaction, { index }) {
    await reply(interaction, buildSourcesPage(index.documents(), 0, interaction.user.id));
  },

  async button(interaction, { index }) {
    const asked = await requestedPage(interaction, 'sources');
    if (asked) await update(interaction, buildSourcesPage(index.documents(), asked.page, asked.userId));
  },
};

export default sources;
