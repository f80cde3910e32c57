/**
 * A corpus nobody here wrote, as a feed or an editor might leave it — titles, bylines and speaker
 * names of hundreds of characters holding mention syntax, Markdown and right-to-left marks, long
 * file names, forty documents — through the real discord.js client and the Discord stand-in:
 * every reply and autocomplete list stays inside Discord's limits with mentions off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/discord/limits.js';
import {
  ALICE,
  autocompleteInteraction,
  buttonInteraction,
  customIds,
  type OptionInput,
} from './discord-standin/payloads.js';
import { expectSendable, isCallback } from './discord-standin/requests.js';
import { corpusFile } from './helpers/corpus.js';
import { cleanupWorlds, run, startWorld, type World } from './helpers/update-world.js';

let w: World;
const NASTY =
  '<@111111111111111111> @everyone **bold** [link](https://evil.example) \u202egnol\u202c <#222222222222222222>';

function files(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    const speaker = `Commissioner ${'Maximiliano '.repeat(8)}Fernández-Ortega${i}`;
    out[`${'security-pact-coverage-'.repeat(i % 2 ? 6 : 4)}${i}.md`] = corpusFile(
      {
        title: `${NASTY} Security pact report number ${i} `.repeat(4),
        date: `2025-10-${String((i % 28) + 1).padStart(2, '0')}`,
        publisher: `${NASTY} `.repeat(10),
        author: `${NASTY} `.repeat(10),
        url: `https://example.org/${'a'.repeat(300)}/${i}?q=(x)<y>`,
      },
      [
        `"We will keep working on the pact ${NASTY}," said ${speaker}.`,
        `The security group met again. ${NASTY} `.repeat(30),
      ],
    );
  }
  return out;
}

beforeAll(async () => {
  w = await startWorld({ files: files(), runtime: { feedTickMs: 0, deliveryIntervalMs: 60_000 } });
}, 60_000);
afterAll(cleanupWorlds);

async function choicesFor(command: string, options: OptionInput[]): Promise<{ name: string; value: unknown }[]> {
  const since = w.discord.requests.length;
  const sent = w.discord.sendInteraction(autocompleteInteraction(w.discord, { name: command, user: ALICE, options }));
  const callback = await w.discord.waitFor(isCallback(sent), { since, timeout: 10_000 });
  expect(callback.status).toBeLessThan(300);
  return callback.body.data.choices as { name: string; value: unknown }[];
}

describe('a hostile corpus on Discord', () => {
  it('every command answers inside the limits, mentions off', async () => {
    const runs = [
      await run(w, 'sources'),
      await run(w, 'about'),
      await run(w, 'speakers'),
      await run(w, 'quote', [{ name: 'speaker', value: 'Fernández-Ortega7' }]),
      await run(w, 'ask', [{ name: 'question', value: 'When did the security group meet?' }]),
    ];
    for (const r of runs) {
      expect(r.callback.status).toBeLessThan(300);
      expectSendable(r.body);
    }
  });

  it('autocomplete offers documents and speakers, each choice inside the limits', async () => {
    for (const [command, option] of [
      ['source', 'document'],
      ['ask', 'source'],
      ['quote', 'speaker'],
    ] as const) {
      const choices = await choicesFor(command, [{ name: option, value: '', focused: true }]);
      expect(choices.length, `${command} ${option}`).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(LIMITS.choices);
      for (const c of choices) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(LIMITS.choiceName);
        expect(String(c.value).length).toBeLessThanOrEqual(LIMITS.choiceValue);
      }
    }
  });

  it('a document whose file name is over 100 characters can still be picked and shown', async () => {
    // Document 3's id is 141 characters: more than a choice's value may hold.
    const choices = await choicesFor('source', [{ name: 'document', value: 'report number 3 ', focused: true }]);
    const r = await Promise.all(choices.map((c) => run(w, 'source', [{ name: 'document', value: String(c.value) }])));
    for (const one of r) expectSendable(one.body);
    expect(r.some((one) => /report number 3 /.test(JSON.stringify(one.body.embeds?.[0]?.title ?? '')))).toBe(true);
  });

  it('/ask offers Context on passages of documents with long file names, and the button shows them', async () => {
    const asked = await run(w, 'ask', [{ name: 'question', value: 'What did Fernández-Ortega3 say about the pact?' }]);
    const message = w.discord.originalMessage(asked.sent.token);
    const contexts = customIds(message).filter((id) => id.startsWith('ask:ctx:'));
    // One passage an embed, each with its Context button.
    expect(contexts).toHaveLength(asked.body.embeds.length);
    for (const customId of contexts) {
      const since = w.discord.requests.length;
      const press = w.discord.sendInteraction(buttonInteraction(w.discord, { customId, message }));
      const callback = await w.discord.waitFor(isCallback(press), { since });
      expectSendable(callback.body.data);
      expect(callback.body.data.embeds[0].title).toMatch(/Security pact report number/);
    }
  });
});
