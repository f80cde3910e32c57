/**
 * Paging state kept in the message itself, so paging survives a restart: the button's custom_id
 * (`<command>:<action>:<user>:<n>[:<hash>]`) says who may press it and where to go, and for
 * searches (/ask, /quote) the last embed's footer carries the query, which the hash ties to the
 * button. Also the plain numbered list (/sources, /speakers), a page at a time in one embed.
 */
import { createHash } from 'node:crypto';
import { ButtonStyle, ComponentType, type ButtonInteraction } from 'discord.js';
import { EMBED_COLOR } from './documents.js';
import type { MessageData } from './limits.js';
import { tell } from './respond.js';

/** A paging button's custom_id; `requestedPage` reads it back. */
export function pageButtonId(command: string, action: string, userId: string, n: number, hash?: string): string {
  return `${command}:${action}:${userId}:${n}${hash === undefined ? '' : `:${hash}`}`;
}

/** A short hash of a query's parts: a button only pages the message whose footer matches it. */
export function shortHash(...parts: (string | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\n'))
    .digest('base64url')
    .slice(0, 8);
}

/** A sent message (discord.js `Message`) or one built here: all the footer read-back needs. */
export type WithFooters = { embeds: readonly { footer?: { text: string } | null }[] };

/** The footer text of a message's last embed, where searches keep their query. */
export function lastFooter(message: WithFooters): string | undefined {
  return message.embeds.at(-1)?.footer?.text;
}

/**
 * Where a page of `total` (≥ 1) items starting at `offset` really starts: on a page boundary and
 * never past the end (after a restart the corpus may have changed: never show an empty page).
 */
export function pageStart(offset: number, total: number, pageSize: number): number {
  const clamped = Math.max(0, Math.min(offset, total - 1));
  return clamped - (clamped % pageSize);
}

export interface PageRequest {
  userId: string;
  /** The page (or offset) the button asks for; 0 when unreadable. */
  page: number;
  /** The query hash, for buttons that carry one. */
  hash?: string;
}

/**
 * The page a paging button asks for, or undefined after telling the presser why not (a stale
 * button, or someone other than the person who ran the command).
 */
export async function requestedPage(
  interaction: ButtonInteraction,
  command: string,
  { action = 'page', notYours = `Only the person who asked can turn these pages. Run /${command} yourself.` } = {},
): Promise<PageRequest | undefined> {
  const [, pressed, userId, pageText, hash] = interaction.customId.split(':');
  if (pressed !== action || !userId) {
    await tell(interaction, `This button no longer works. Run /${command} again.`);
    return undefined;
  }
  if (interaction.user.id !== userId) {
    await tell(interaction, notYours);
    return undefined;
  }
  return { page: Number.parseInt(pageText ?? '0', 10) || 0, userId, hash };
}

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

/** A numbered list in one embed, a page at a time, with Previous/Next buttons. */
export function buildListPage<T>(o: ListPageOptions<T>): MessageData {
  const pages = Math.max(1, Math.ceil(o.items.length / o.pageSize));
  const current = Math.max(0, Math.min(o.page, pages - 1));
  const shown = o.items.slice(current * o.pageSize, (current + 1) * o.pageSize);
  const description =
    shown.length === 0
      ? o.empty
      : shown.map((item, i) => o.renderItem(item, current * o.pageSize + i + 1)).join(o.separator);
  const message: MessageData = {
    embeds: [
      {
        title: o.title,
        description,
        color: EMBED_COLOR,
        footer: { text: `Page ${current + 1} of ${pages} · ${o.footer}` },
      },
    ],
  };
  if (pages > 1) {
    const pageId = (page: number) => pageButtonId(o.command, 'page', o.userId, page);
    message.components = [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Previous',
            custom_id: pageId(Math.max(0, current - 1)),
            disabled: current === 0,
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Next',
            custom_id: pageId(current + 1),
            disabled: current >= pages - 1,
          },
        ],
      },
    ];
  }
  return message;
}
