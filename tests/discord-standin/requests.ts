/**
 * Finding the bot's answers to one interaction among the stand-in's recorded requests, and the
 * check every message the bot sends must pass.
 */
import { expect } from 'vitest';
import { LIMITS, limitViolations } from '../../src/discord/limits.js';
import { customIds } from './payloads.js';
import type { DiscordStandIn, RecordedRequest } from './server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The interaction response (callback) to `sent`. */
export const isCallback = (sent: Json) => (r: RecordedRequest) =>
  r.path === `/interactions/${sent.id}/${sent.token}/callback`;

/** The edit of `sent`'s original response (a deferred reply's answer). */
export const isEditOriginal = (discord: DiscordStandIn, sent: Json) => (r: RecordedRequest) =>
  r.method === 'PATCH' &&
  decodeURIComponent(r.path) === `/webhooks/${discord.applicationId}/${sent.token}/messages/@original`;

/** A followup message to `sent`. */
export const isFollowUp = (discord: DiscordStandIn, sent: Json) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/webhooks/${discord.applicationId}/${sent.token}`;

/** The message body of a request (callback data or webhook body). */
export const messageOf = (r: RecordedRequest): Json => (r.path.endsWith('/callback') ? r.body.data : r.body);

/** Mentions off and within every Discord limit. */
export function expectSendable(body: Json): void {
  expect(body.allowed_mentions).toEqual({ parse: [] });
  expect(limitViolations(body)).toEqual([]);
  expect(body.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
  for (const id of customIds(body)) expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
}
