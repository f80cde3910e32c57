/**
 * Property-based: every command handler, through the real discord.js client and the Discord
 * stand-in, given hostile text in every option — arbitrary Unicode, 6,000 characters, Markdown,
 * mention strings, zero-width and right-to-left characters, empty and whitespace-only input —
 * always answers, inside Discord's limits, with mentions off, and never fails.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/discord/limits.js';
import type { LogLine } from './discord-standin/harness.js';
import {
  ALICE,
  autocompleteInteraction,
  buttonInteraction,
  commandInteraction,
  type OptionInput,
} from './discord-standin/payloads.js';
import { expectSendable, isCallback, isEditOriginal, isFollowUp, messageOf } from './discord-standin/requests.js';
import { DiscordStandIn, type RecordedRequest } from './discord-standin/server.js';
import { hostileText } from './helpers/hostile-text.js';
import { cleanupWorlds, startWorld } from './helpers/update-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const RUNS = 30;
let discord: DiscordStandIn;
let logs: LogLine[];

beforeAll(async () => {
  // The real documents, without feeds.yml: nothing may be fetched from outside.
  const world = await startWorld({ shippedCorpus: true, runtime: { feedTickMs: 0, deliveryIntervalMs: 60_000 } });
  discord = world.discord;
  logs = world.logs;
}, 60_000);

afterAll(cleanupWorlds);

/** The bot's requests answering `sent`, once it has replied (and, after deferring, edited or followed up). */
async function answered(sent: Json, since: number): Promise<RecordedRequest[]> {
  const callback = await discord.waitFor(isCallback(sent), { since, timeout: 10_000 });
  if (callback.body.type === 5 || callback.body.type === 6) {
    await discord.waitFor((r) => isEditOriginal(discord, sent)(r) || isFollowUp(discord, sent)(r), {
      since,
      timeout: 10_000,
    });
  }
  return discord.requests.slice(since).filter((r) => r.path.includes(sent.token) && r.body);
}

/** Every message the bot sent is sendable (limits, no mentions); nothing failed. */
function expectGoodAnswer(requests: RecordedRequest[], logsBefore: number): void {
  const messages = requests.filter((r) => !(r.path.endsWith('/callback') && [5, 6].includes(r.body.type)));
  expect(messages.length).toBeGreaterThan(0);
  for (const r of messages) {
    const body = messageOf(r);
    expectSendable(body);
    expect(Boolean(body.content?.trim()) || (body.embeds ?? []).length > 0).toBe(true);
  }
  expect(logs.slice(logsBefore).filter((l) => l.level >= 50)).toEqual([]);
}

async function runCommand(name: string, options: OptionInput[]): Promise<void> {
  const since = discord.requests.length;
  const logsBefore = logs.length;
  const sent = discord.sendInteraction(commandInteraction(discord, { name, user: ALICE, options }));
  expectGoodAnswer(await answered(sent, since), logsBefore);
}

const text = hostileText();
const property = <T>(arb: fc.Arbitrary<T>, check: (value: T) => Promise<void>) =>
  fc.assert(fc.asyncProperty(arb, check), { numRuns: RUNS });

describe('every command answers hostile text inside the limits, without pinging anyone', () => {
  it(
    '/ask question and source',
    () =>
      property(fc.tuple(text, fc.option(text, { nil: undefined }), fc.boolean()), async ([question, source, priv]) => {
        const options: OptionInput[] = [
          { name: 'question', value: question },
          { name: 'private', value: priv },
        ];
        if (source !== undefined) options.push({ name: 'source', value: source });
        await runCommand('ask', options);
      }),
    120_000,
  );

  it(
    '/quote speaker and about',
    () =>
      property(
        fc.tuple(fc.option(text, { nil: undefined }), fc.option(text, { nil: undefined })),
        async ([speaker, about]) => {
          const options: OptionInput[] = [];
          if (speaker !== undefined) options.push({ name: 'speaker', value: speaker });
          if (about !== undefined) options.push({ name: 'about', value: about });
          await runCommand('quote', options);
        },
      ),
    120_000,
  );

  it(
    '/source document and paragraph',
    () =>
      property(fc.tuple(text, fc.option(fc.integer(), { nil: undefined })), async ([document, paragraph]) => {
        const options: OptionInput[] = [{ name: 'document', value: document }];
        if (paragraph !== undefined) options.push({ name: 'paragraph', value: paragraph, type: 4 });
        await runCommand('source', options);
      }),
    120_000,
  );

  it(
    '/subscribe filter (by DM), /unsubscribe id, /corpus add url (as a plain member)',
    () =>
      property(fc.tuple(text, fc.integer(), text), async ([filter, id, url]) => {
        await runCommand('subscribe', [
          { name: 'dm', value: true },
          { name: 'filter', value: filter },
        ]);
        await runCommand('unsubscribe', [{ name: 'id', value: id, type: 4 }]);
        const since = discord.requests.length;
        const logsBefore = logs.length;
        const payload = commandInteraction(discord, { name: 'corpus', user: ALICE });
        payload.data.options = [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: url }] }];
        const sent = discord.sendInteraction(payload);
        expectGoodAnswer(await answered(sent, since), logsBefore);
      }),
    120_000,
  );

  it('/about, /sources, /speakers, /subscriptions', async () => {
    for (const name of ['about', 'sources', 'speakers', 'subscriptions']) await runCommand(name, []);
  });

  it(
    'autocomplete: at most 25 choices, each name and value inside the limits',
    () =>
      property(
        fc.tuple(
          fc.constantFrom(['ask', 'source'], ['source', 'document'], ['quote', 'speaker'], ['unsubscribe', 'id']),
          text,
        ),
        async ([[command, option], typed]) => {
          const since = discord.requests.length;
          const options: OptionInput[] = [{ name: option, value: typed, type: option === 'id' ? 4 : 3, focused: true }];
          const sent = discord.sendInteraction(
            autocompleteInteraction(discord, { name: command, user: ALICE, options }),
          );
          const callback = await discord.waitFor(isCallback(sent), { since, timeout: 10_000 });
          expect(callback.body.type).toBe(8);
          const choices = callback.body.data.choices as { name: string; value: string | number }[];
          expect(choices.length).toBeLessThanOrEqual(LIMITS.choices);
          for (const c of choices) {
            expect(c.name.length).toBeGreaterThan(0);
            expect(c.name.length).toBeLessThanOrEqual(LIMITS.choiceName);
            expect(String(c.value).length).toBeLessThanOrEqual(LIMITS.choiceValue);
          }
        },
      ),
    120_000,
  );

  it('buttons with any custom_id are answered, not failed', async () => {
    const message = {
      id: '999999999999999999',
      channel_id: discord.channelId,
      content: '',
      embeds: [],
      components: [],
      author: { id: discord.applicationId, username: 'bot', discriminator: '0' },
    };
    await property(
      fc.tuple(fc.constantFrom('ask', 'quote', 'sources', 'source', 'subscriptions', 'nope'), text),
      async ([prefix, rest]) => {
        const since = discord.requests.length;
        const logsBefore = logs.length;
        const customId = `${prefix}:${rest}`.slice(0, LIMITS.customId);
        const sent = discord.sendInteraction(buttonInteraction(discord, { user: ALICE, customId, message }));
        const requests = await answered(sent, since);
        for (const r of requests)
          if (!(r.path.endsWith('/callback') && [5, 6].includes(r.body.type))) expectSendable(messageOf(r));
        expect(logs.slice(logsBefore).filter((l) => l.level >= 50)).toEqual([]);
      },
    );
  }, 120_000);
});
