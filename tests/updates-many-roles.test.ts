/**
 * A channel where many subscriptions, each with its own role, match one document (an operator
 * may raise MAX_SUBSCRIPTIONS_PER_SERVER to 10000): the post must still be one Discord accepts —
 * content within 2000 characters and at most 100 roles in allowed_mentions — and every role it
 * writes out must be one it may ping. Before, 150 roles made a 3,599-character message that
 * Discord refuses, and the post was lost for the whole channel.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../src/discord/limits.js';
import { renderUpdate } from '../src/discord/update-post.js';
import type { DocumentSummary } from '../src/updates/index.js';

const doc: DocumentSummary = {
  documentId: 'd',
  title: 'Security Implementation Group meets',
  date: '2025-10-20',
  language: 'en',
  lead: 'The group met.',
  quotes: [],
};

/** Discord's cap on allowed_mentions.roles. */
const ALLOWED_ROLES_MAX = 100;

describe('an update post mentioning many roles', () => {
  it.each([30, 90, 150])('%i roles: within Discord limits, and only allowed roles written out', (n) => {
    const roles = Array.from({ length: n }, (_, i) => String(1_000_000_000_000_000_000n + BigInt(i)));
    const body = renderUpdate(
      { kind: 'document', subscriptionId: 1, filters: [''], mentionRoleIds: roles, document: doc },
      'nonce-1',
    );
    expect(body.content!.length).toBeLessThanOrEqual(LIMITS.content);
    expect(body.allowed_mentions.roles.length).toBeLessThanOrEqual(ALLOWED_ROLES_MAX);
    const written = [...body.content!.matchAll(/<@&(\d+)>/g)].map((m) => m[1]);
    expect(written).toEqual(body.allowed_mentions.roles);
    // As many as fit are pinged, in the subscriptions' order.
    expect(written).toEqual(roles.slice(0, written.length));
    expect(written.length).toBe(Math.min(n, 80)); // 80 × "<@&19 digits> " and the note on the rest fit in 2000
  });

  it('says how many roles it could not ping, so a subscriber left out knows why', () => {
    const roles = Array.from({ length: 150 }, (_, i) => String(1_000_000_000_000_000_000n + BigInt(i)));
    const body = renderUpdate(
      { kind: 'document', subscriptionId: 1, filters: [''], mentionRoleIds: roles, document: doc },
      'nonce-1',
    );
    const pinged = body.allowed_mentions.roles.length;
    expect(body.content).toMatch(
      new RegExp(
        `\\n${150 - pinged} more subscribed roles are not mentioned: one message can mention only ${pinged}\\.$`,
      ),
    );
    expect(body.content!.length).toBeLessThanOrEqual(LIMITS.content);
  });

  it('adds no note when every role fits', () => {
    const body = renderUpdate(
      { kind: 'document', subscriptionId: 1, filters: [''], mentionRoleIds: ['111111111111111111'], document: doc },
      'nonce-1',
    );
    expect(body.content).toBe('<@&111111111111111111>');
  });
});
