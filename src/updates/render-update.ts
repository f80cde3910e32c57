import { LIMITS, embedLength, type EmbedData } from '../discord/limits.js';
import type { DocumentSummary, UpdatePost, UpdateQuote } from './post.js';
import { truncate } from './post.js';

/** A Discord "create message" JSON body (plain data, no discord.js). */
export interface MessageBody {
  content?: string;
  embeds: EmbedData[];
  allowed_mentions: { parse: []; roles: string[] };
  nonce: string;
  enforce_nonce: true;
}

const COLOR = 0x2b6cb0;

/** Escapes Discord markdown so verbatim text shows as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|>#\[\]()-])/g, (m, ch: string, offset: number, all: string) => {
    // Only escape '-', '#', '>' where they would start a list, heading or quote.
    if (ch === '-' || ch === '#' || ch === '>') {
      const lineStart = offset === 0 || all[offset - 1] === '\n';
      return lineStart ? `\\${ch}` : ch;
    }
    if (ch === '(' || ch === ')') return ch;
    return `\\${ch}`;
  });
}

function isHttpUrl(url: string | undefined): url is string {
  return !!url && /^https?:\/\//i.test(url);
}

function byline(doc: DocumentSummary): string {
  return [doc.publisher, doc.author && doc.author !== doc.publisher ? doc.author : undefined, doc.date]
    .filter(Boolean)
    .join(' · ');
}

function quoteField(q: UpdateQuote): { name: string; value: string } {
  const who = q.speaker ? (q.speaker.role ? `${q.speaker.name}, ${q.speaker.role}` : q.speaker.name) : 'Quoted';
  return {
    name: truncate(`${who} (¶${q.paragraph})`, LIMITS.fieldName),
    value: truncate(`“${escapeMarkdown(q.text)}”`, LIMITS.fieldValue),
  };
}

function filterNote(filter: string): string {
  return filter ? `Matches your subscription: ${filter}` : 'New in the corpus';
}

function documentEmbed(doc: DocumentSummary, filter: string): EmbedData {
  const embed: EmbedData = {
    title: truncate(doc.title, LIMITS.embedTitle),
    ...(isHttpUrl(doc.url) ? { url: doc.url } : {}),
    description: truncate(escapeMarkdown(doc.lead), LIMITS.embedDescription),
    fields: doc.quotes.slice(0, 3).map(quoteField),
    footer: { text: truncate(filterNote(filter), LIMITS.footerText) },
    color: COLOR,
  };
  const by = byline(doc);
  if (by) embed.author = { name: truncate(by, LIMITS.authorName) };
  // Stay under the 6000-character total: drop quotations last-first, then shorten the lead.
  while (embedLength(embed) > LIMITS.embedTotal && embed.fields && embed.fields.length > 0) embed.fields.pop();
  if (embedLength(embed) > LIMITS.embedTotal) {
    const over = embedLength(embed) - LIMITS.embedTotal;
    embed.description = truncate(embed.description!, embed.description!.length - over - 1);
  }
  return embed;
}

function digestLine(doc: DocumentSummary): string {
  const title = escapeMarkdown(truncate(doc.title, 200));
  const link = isHttpUrl(doc.url) ? `[${title}](${doc.url.replace(/\)/g, '%29')})` : `**${title}**`;
  const by = byline(doc);
  return `• ${link}${by ? ` — ${escapeMarkdown(by)}` : ''}`;
}

function digestEmbed(docs: DocumentSummary[], filter: string): EmbedData {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; i < docs.length; i++) {
    const line = digestLine(docs[i]);
    const more = `…and ${docs.length - i} more`;
    if (length + line.length + 1 > LIMITS.embedDescription - more.length - 1) {
      lines.push(more);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return {
    title: `${docs.length} new documents`,
    description: lines.join('\n'),
    footer: { text: truncate(filterNote(filter), LIMITS.footerText) },
    color: COLOR,
  };
}

/**
 * Renders an update post as a Discord message body within Discord's limits. Only the
 * subscription's chosen role can be pinged (`allowed_mentions.parse` is empty, so text such as
 * "@everyone" in a document never pings); the nonce is enforced so a retried send cannot post twice.
 */
export function renderUpdate(post: UpdatePost, nonce: string): MessageBody {
  const embed = post.kind === 'document' ? documentEmbed(post.document, post.filter) : digestEmbed(post.documents, post.filter);
  const body: MessageBody = {
    embeds: [embed],
    allowed_mentions: { parse: [], roles: post.mentionRoleId ? [post.mentionRoleId] : [] },
    nonce,
    enforce_nonce: true,
  };
  if (post.mentionRoleId) body.content = `<@&${post.mentionRoleId}>`;
  return body;
}
