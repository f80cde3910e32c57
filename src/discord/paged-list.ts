/**
 * A numbered list in one embed, a page at a time, with Previous/Next buttons whose custom_id
 * (`<command>:page:<user>:<page>`) carries all the state, so paging survives a restart.
 */
import { ButtonStyle, type ButtonInteraction } from 'discord.js';
import { EMBED_COLOR } from './documents.js';
import type { MessageData } from './limits.js';
import { tell } from './respond.js';

export interface ListPageOptions<T> {
  /** The command's name: the custom_id prefix its router entry dispatches on. */
  command: string;
  title: string;
  items: T[];
  pageSize: number;
  /** Zero-based; clamped to the pages there are. */
  page: number;
  userId: string;
  /** Shown when there are no items. */
  empty: string;
  /** One item's text; `n` counts from 1 across pages. */
  renderItem(item: T, n: number): string;
  separator: string;
  /** Follows "Page i of n · ". */
  footer: string;
}

export function buildListPage<T>(o: ListPageOptions<T>): MessageData {
  const pages = Math.max(1, Math.ceil(o.items.length / o.pageSize));
  const current = Math.max(0, Math.min(o.page, pages - 1));
  const shown = o.items.slice(current * o.pageSize, (current + 1) * o.pageSize);
  const description = shown.length === 0 ? o.empty : shown.map((item, i) => o.renderItem(item, current * o.pageSize + i + 1)).join(o.separator);
  const message: MessageData = {
    embeds: [{ title: o.title, description, color: EMBED_COLOR, footer: { text: `Page ${current + 1} of ${pages} · ${o.footer}` } }],
  };
  if (pages > 1) {
    const pageId = (page: number) => `${o.command}:page:${o.userId}:${page}`;
    message.components = [
      {
        type: 1,
        components: [
          { type: 2, style: ButtonStyle.Secondary, label: 'Previous', custom_id: pageId(Math.max(0, current - 1)), disabled: current === 0 },
          { type: 2, style: ButtonStyle.Secondary, label: 'Next', custom_id: pageId(current + 1), disabled: current >= pages - 1 },
        ],
      },
    ];
  }
  return message;
}

/**
 * The page a list button asks for, or undefined after telling the presser why not (a stale
 * button, or someone other than the person who ran the command).
 */
export async function requestedPage(interaction: ButtonInteraction, command: string): Promise<{ page: number; userId: string } | undefined> {
  const [, action, userId, pageText] = interaction.customId.split(':');
  if (action !== 'page' || !userId) {
    await tell(interaction, `This button no longer works. Run /${command} again.`);
    return undefined;
  }
  if (interaction.user.id !== userId) {
    await tell(interaction, `Only the person who asked can turn these pages. Run /${command} yourself.`);
    return undefined;
  }
  return { page: Number.parseInt(pageText ?? '0', 10) || 0, userId };
}
