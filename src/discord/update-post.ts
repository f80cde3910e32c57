/**
 * Update posts as Discord message bodies: one document (title, lead, up to three quotations) or a
 * digest of a burst in date order. Source text is escaped (markdown and mention syntax such as
 * `<@123>` or `<#456>` shows as written); only the chosen roles can be pinged.
 */
import type { DocumentSummary, UpdatePost, UpdateQuote } from '../updates/post.js';
import { citationOf } from '../citation.js';
import { EMBED_COLOR } from './documents.js';
import { LIMITS, embedLength, type EmbedData } from './limits.js';
import { escapeSource, fitLines, safeUrl, truncate } from './render.js';

/** A Discord "create message" JSON body (plain data, no discord.js). */
export interface MessageBody {
  content?: string;
  embeds: EmbedData[];
  allowed_mentions: { parse: []; roles: string[] };
  nonce: string;
  enforce_nonce: true;
}

/** Publisher · author · date, from the same `Citation` as an answer's citation line. */
function byline(doc: DocumentSummary): string {
  const c = citationOf(doc);
  return [...c.by, c.date].filter(Boolean).join(' · ');
}

function quoteField(q: UpdateQuote): { name: string; value: string } {
  const who = q.speaker ? (q.speaker.role ? `${q.speaker.name}, ${q.speaker.role}` : q.speaker.name) : 'Quoted';
  return {
    name: truncate(`${who} (¶${q.paragraph})`, LIMITS.fieldName),
    value: truncate(`“${escapeSource(q.text)}”`, LIMITS.fieldValue),
  };
}

function filterNote(filters: string[]): string {
  const named = filters.filter(Boolean);
  if (named.length === 0 || named.length < filters.length) return 'New in the corpus';
  return `Matches your subscription${named.length > 1 ? 's' : ''}: ${named.join(' · ')}`;
}

function documentEmbed(doc: DocumentSummary, filters: string[]): EmbedData {
  const embed: EmbedData = {
    title: truncate(doc.title, LIMITS.embedTitle),
    // Well formed (percent-encoded) as /source does it: Discord refuses the whole post otherwise.
    ...(safeUrl(doc.url) ? { url: safeUrl(doc.url) } : {}),
    description: truncate(escapeSource(doc.lead), LIMITS.embedDescription),
    fields: doc.quotes.slice(0, 3).map(quoteField),
    footer: { text: truncate(filterNote(filters), LIMITS.footerText) },
    color: EMBED_COLOR,
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
  const title = escapeSource(truncate(doc.title, 200));
  const url = safeUrl(doc.url);
  const link = url ? `[${title}](${url})` : `**${title}**`;
  const by = byline(doc);
  return `• ${link}${by ? ` — ${escapeSource(by)}` : ''}`;
}

/** Oldest first; equal dates by title, numbers compared as numbers ("2" before "10"). */
export function byDate(a: DocumentSummary, b: DocumentSummary): number {
  return (
    a.date.localeCompare(b.date) ||
    a.title.localeCompare(b.title, 'en', { numeric: true }) ||
    a.documentId.localeCompare(b.documentId)
  );
}

/** Where to see what a digest could not show. */
export const DIGEST_REST = '/sources lists every document';

function digestEmbed(docs: DocumentSummary[], filters: string[]): EmbedData {
  const lines = [...docs].sort(byDate).map(digestLine);
  return {
    title: `${docs.length} new documents`,
    description: fitLines(lines, LIMITS.embedDescription, (left) => `…and ${left} more: ${DIGEST_REST}`),
    footer: { text: truncate(filterNote(filters), LIMITS.footerText) },
    color: EMBED_COLOR,
  };
}

/** Discord takes at most 100 roles in `allowed_mentions.roles`. */
const ALLOWED_ROLES_MAX = 100;

/** Said under the mentions when some chosen roles could not be mentioned, so nobody wonders why. */
function rolesLeftOutNote(left: number, pinged: number): string {
  return `\n${left} more subscribed roles are not mentioned: one message can mention only ${pinged}.`;
}

/**
 * The roles one post can ping, in order: as many as fit the content limit and Discord's cap (a
 * channel with scores of role subscriptions would otherwise get a post Discord refuses outright),
 * with room kept for the note saying how many were left out.
 */
function rolesThatFit(roles: string[]): { roles: string[]; content: string } {
  const mentions = (ids: string[]) => ids.map((id) => `<@&${id}>`).join(' ');
  for (let n = Math.min(roles.length, ALLOWED_ROLES_MAX); n > 0; n--) {
    const kept = roles.slice(0, n);
    const content = mentions(kept) + (n < roles.length ? rolesLeftOutNote(roles.length - n, n) : '');
    if (content.length <= LIMITS.content) return { roles: kept, content };
  }
  return { roles: [], content: '' };
}

/**
 * Renders an update post as a Discord message body within Discord's limits. Only the
 * chosen roles of the matching subscriptions can be pinged (`allowed_mentions.parse` is empty, so text such as
 * "@everyone" in a document never pings); the nonce is enforced so a retried send cannot post twice.
 */
export function renderUpdate(post: UpdatePost, nonce: string): MessageBody {
  const embed =
    post.kind === 'document' ? documentEmbed(post.document, post.filters) : digestEmbed(post.documents, post.filters);
  const { roles, content } = rolesThatFit([...new Set(post.mentionRoleIds)]);
  const body: MessageBody = {
    embeds: [embed],
    allowed_mentions: { parse: [], roles },
    nonce,
    enforce_nonce: true,
  };
  if (content) body.content = content;
  return body;
}
