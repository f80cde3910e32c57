/**
 * A document option typed rather than picked from the suggestions (`/ask source:Rubio`,
 * `/source document:Rubio`): when the text fits several documents, the bot must not pick one of
 * them silently — an answer limited to a document the asker did not choose looks like the whole
 * corpus's answer. It says which documents fit, only to the asker, and answers nothing yet.
 * Real discord.js client and the real index on corpus/, against the stand-in on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRealIndex, startHarness, type Harness } from './discord-standin/harness.js';
import { ALICE, commandInteraction, type OptionInput } from './discord-standin/payloads.js';
import { expectSendable, isCallback, isEditOriginal } from './discord-standin/requests.js';

let h: Harness;
let cleanup: () => void;

beforeAll(async () => {
  const opened = await openRealIndex();
  cleanup = opened.cleanup;
  h = await startHarness({ index: opened.index });
});

afterAll(async () => {
  await h?.stop();
  cleanup?.();
});

/** The first callback of a command: its type and message data. */
async function send(name: string, options: OptionInput[]) {
  const since = h.discord.requests.length;
  const sent = h.discord.sendInteraction(commandInteraction(h.discord, { name, user: ALICE, options }));
  const callback = await h.discord.waitFor(isCallback(sent), { since });
  return { sent, since, callback: callback.body };
}

/** corpus/ titles holding "Rubio" (four of its seven documents). */
const RUBIO_TITLES = [
  "Secretary Rubio's Meeting with Mexican Foreign Secretary de la Fuente (Readout)",
  'Rubio, De La Fuente Hold Joint Press Conference (Mexico City, Secretaría de Relaciones Exteriores)',
  "Secretary Rubio's Travel to Mexico and Ecuador",
  'US Secretary of State Rubio and Mexican President Sheinbaum unveil security pact',
];

describe('a document option that fits several documents', () => {
  it.each([
    [
      'ask',
      [
        { name: 'question', value: 'what about fentanyl' },
        { name: 'source', value: 'Rubio' },
      ],
    ],
    ['source', [{ name: 'document', value: 'rubio' }]],
  ] as [string, OptionInput[]][])(
    '/%s says which documents fit, ephemerally, instead of picking one',
    async (name, options) => {
      const { callback } = await send(name, options);
      expect(callback.type).toBe(4);
      expect(callback.data.flags).toBe(64);
      expectSendable(callback.data);
      expect(callback.data.embeds ?? []).toEqual([]);
      const content: string = callback.data.content;
      expect(content).toMatch(/^“Rubio” fits \d+ documents/i);
      for (const title of RUBIO_TITLES) expect(content.replace(/\\/g, '')).toContain(title);
      expect(content).toMatch(/Pick one from the suggestions/);
    },
  );

  it('still answers when the typed text fits one document only', async () => {
    const { sent, since, callback } = await send('ask', [
      { name: 'question', value: 'what about fentanyl' },
      { name: 'source', value: 'unveil security pact' },
    ]);
    expect(callback.type).toBe(5);
    const edit = await h.discord.waitFor(isEditOriginal(h.discord, sent), { since });
    expect(edit.body.embeds.at(-1).footer.text).toContain('source: wsws-2025-09-08-rubio-sheinbaum-security-pact');
  });
});
