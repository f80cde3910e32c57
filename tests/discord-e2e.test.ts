/**
 * End to end: the real discord.js client and the real PactIndex on corpus/, talking to the
 * Discord stand-in on 127.0.0.1. Discord itself is never reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../src/answer/types.js';
import { LIMITS } from '../src/discord/limits.js';
import { escapeSource } from '../src/discord/render.js';
import { openRealIndex, startHarness, type Harness } from './discord-standin/harness.js';
import {
  ALICE,
  BOB,
  autocompleteInteraction,
  buttonInteraction,
  commandInteraction,
  customIds,
} from './discord-standin/payloads.js';
import { expectSendable, isCallback, isEditOriginal, isFollowUp, messageOf } from './discord-standin/requests.js';
import { wrapIndex } from './helpers/fake-index.js';
import { at } from './helpers/at.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let h: Harness;
let cleanup: () => void;
/** When set, every passage the index returns is blown up to test the limits. */
let inflate = false;

function inflateAnswer(answer: Answer): Answer {
  return {
    ...answer,
    answers: answer.answers.map((p) => ({
      ...p,
      text: `${'Preceding *context* sentence with <@123456> and @everyone in it. '.repeat(60)}${p.text} ${'Following sentence with _markdown_ and `code`. '.repeat(80)}`,
    })),
  };
}

beforeAll(async () => {
  const real = await openRealIndex();
  cleanup = real.cleanup;
  const index = wrapIndex(real.index, {
    answerQuestion: (q, o) =>
      inflate ? inflateAnswer(real.index.answerQuestion(q, o)) : real.index.answerQuestion(q, o),
  });
  h = await startHarness({ index });
});

afterAll(async () => {
  await h?.stop();
  cleanup?.();
});

const CARTELS = 'Who designated the cartels as terrorist organizations?';

async function ask(question: string, extra: Json[] = [], user = ALICE) {
  const since = h.discord.requests.length;
  const sent = h.discord.sendInteraction(
    commandInteraction(h.discord, { name: 'ask', user, options: [{ name: 'question', value: question }, ...extra] }),
  );
  const callback = await h.discord.waitFor(isCallback(sent), { since });
  const edit = await h.discord.waitFor(isEditOriginal(h.discord, sent), { since });
  return { sent, callback, edit, body: edit.body };
}

describe('gateway', () => {
  it('identifies with the Guilds intent only, no compression, API v10 JSON', () => {
    expect(h.discord.identifies).toHaveLength(1);
    expect(h.discord.identifies[0].intents).toBe(1);
    expect(h.discord.identifies[0].compress).toBeFalsy();
    expect(h.bot.client.isReady()).toBe(true);
    expect(h.bot.client.guilds.cache.has(at(h.discord.guilds, 0))).toBe(true);
  });
});

describe('gateway reconnects', () => {
  it('resumes after Discord drops the connection and keeps answering', async () => {
    const before = h.discord.resumes.length;
    h.discord.disconnectAll(4000);
    await expect.poll(() => h.discord.resumes.length, { timeout: 10_000 }).toBeGreaterThan(before);
    await expect.poll(() => h.discord.connections, { timeout: 10_000 }).toBe(1);
    const { body } = await ask(CARTELS);
    expect(body.embeds.length).toBeGreaterThan(0);
  });
});

describe('/ask', () => {
  it('defers, then answers with block-quoted passages, bold quotes, citations and buttons', async () => {
    const { callback, body } = await ask(CARTELS);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    expectSendable(body);
    expect(body.embeds.length).toBeGreaterThanOrEqual(1);
    expect(body.embeds.length).toBeLessThanOrEqual(3);
    for (const embed of body.embeds) {
      expect(embed.description).toMatch(/^> .*\*\*[^*]+\*\*/);
      expect(embed.description).toMatch(
        /\n— \[Terrorist Designations of International Cartels \(Press Statement\)\]\(https:\/\/www\.scoop\.co\.nz\/[^)]+\) · U\.S\. Department of State · Marco Rubio, Secretary of State · 20 February 2025 · ¶\d+$/,
      );
    }
    expect(body.embeds.at(-1).footer.text).toBe(`Passages 1–3 · Q: ${CARTELS}`);
    const ids = customIds(body);
    expect(ids[0]).toMatch(/^ask:more:111111111111111111:3:[\w-]{8}$/);
    expect(ids.filter((id) => id.startsWith('ask:ctx:'))).toHaveLength(body.embeds.length);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
  });

  it('is ephemeral when private', async () => {
    const { callback, body } = await ask(CARTELS, [{ name: 'private', value: true }]);
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    expectSendable(body);
  });

  it('restricts to the chosen source, by id or by typed title', async () => {
    const byId = await ask('What are the principles of the security cooperation?', [
      { name: 'source', value: 'us-mx-joint-communique-2025-09-03-en' },
    ]);
    expectSendable(byId.body);
    for (const e of byId.body.embeds) expect(e.description).toContain('Joint Communiqué Mexico-United States');
    expect(byId.body.embeds.at(-1).footer.text).toContain('source: us-mx-joint-communique-2025-09-03-en');
    const byTitle = await ask('What are the principles of the security cooperation?', [
      { name: 'source', value: 'joint communique mexico' },
    ]);
    for (const e of byTitle.body.embeds) expect(e.description).toContain('Joint Communiqué Mexico-United States');
  });

  it('explains an unknown source ephemerally', async () => {
    const sent = h.discord.sendInteraction(
      commandInteraction(h.discord, {
        name: 'ask',
        options: [
          { name: 'question', value: CARTELS },
          { name: 'source', value: 'no such document xyz' },
        ],
      }),
    );
    const callback = await h.discord.waitFor(isCallback(sent));
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(64);
    expect(callback.body.data.content).toContain('I don’t know a document called “no such document xyz”');
    expectSendable(callback.body.data);
  });

  it('says plainly when nothing answers, naming the terms the corpus never mentions', async () => {
    const { body } = await ask('What did Angela Merkel say about the agreement?');
    expectSendable(body);
    expect(body.content).toContain('I found nothing in the corpus that answers');
    expect(body.content).toMatch(/never|No document in the corpus mentions/);
    expect(body.content).toContain('**merkel**');
    expect(body.embeds ?? []).toEqual([]);
    expect(body.components ?? []).toEqual([]);
  });

  it('answers a message with nothing to search ("thanks!") at once with a hint only the asker sees', async () => {
    const since = h.discord.requests.length;
    const sent = h.discord.sendInteraction(
      commandInteraction(h.discord, { name: 'ask', user: ALICE, options: [{ name: 'question', value: 'thanks! 👍' }] }),
    );
    const callback = await h.discord.waitFor(isCallback(sent), { since });
    // Type 4 is an immediate reply (no "thinking…" deferral); flag 64 makes it ephemeral.
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(64);
    expectSendable(callback.body.data);
    expect(callback.body.data.content).toContain('nothing in that message I can look up');
    expect(callback.body.data.content).toContain('/ask');
    expect(callback.body.data.content).not.toContain('Good morning to you all');
    expect(callback.body.data.embeds ?? []).toEqual([]);
  });

  it('echoes mentions in a question safely: escaped, and nobody is pinged', async () => {
    // Not found: the question is echoed in the content, escaped so the mention shows as text.
    const notFound = await ask('Did <@123456> tell @everyone and @here about Merkel?');
    expectSendable(notFound.body);
    expect(notFound.body.content).toContain('“Did \\<@123456> tell @everyone and @here about Merkel?”');
    expect(notFound.body.content).not.toMatch(/[^\\]<@123456>/);
    // Found: the question rides in the footer, where Discord never renders mentions.
    const question = 'Who designated the cartels as terrorist organizations, <@123456> @everyone?';
    const found = await ask(question);
    expectSendable(found.body);
    expect(found.body.embeds.at(-1).footer.text).toBe(`Passages 1–3 · Q: ${question}`);
    for (const e of found.body.embeds) expect(e.description).not.toContain('<@123456>');
  });

  it('keeps an answer far too long for one message within every limit', async () => {
    inflate = true;
    try {
      const { body } = await ask(CARTELS);
      expectSendable(body);
      const total = body.embeds.reduce(
        (n: number, e: Json) => n + e.description.length + (e.footer?.text.length ?? 0),
        0,
      );
      expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
      expect(total).toBeGreaterThan(5000); // it really was cut to fit, not dropped
      for (const e of body.embeds) {
        expect(e.description).toMatch(/^> …/);
        expect(e.description).toMatch(/\*\*[^*]+\*\*/);
        expect(e.description).toContain('\\<@123456>');
        expect(e.description).toMatch(/\n— \[Terrorist Designations/);
      }
    } finally {
      inflate = false;
    }
  });
});

describe('autocomplete', () => {
  it('offers ≤ 25 document choices, names ≤ 100 characters, ids as values', async () => {
    for (const [command, option] of [
      ['ask', 'source'],
      ['source', 'document'],
    ] as const) {
      const options =
        command === 'ask'
          ? [
              { name: 'question', value: 'x' },
              { name: option, value: 'rub', focused: true },
            ]
          : [{ name: option, value: 'rub', focused: true }];
      const sent = h.discord.sendInteraction(autocompleteInteraction(h.discord, { name: command, options }));
      const callback = await h.discord.waitFor(isCallback(sent));
      expect(callback.body.type).toBe(8);
      const choices = callback.body.data.choices as { name: string; value: string }[];
      expect(choices.length).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(h.index.getDocument(c.value)).toBeDefined();
        expect(c.name.toLowerCase()).toContain('rubio');
      }
    }
  });

  it('offers the newest documents when nothing is typed', async () => {
    const sent = h.discord.sendInteraction(
      autocompleteInteraction(h.discord, { name: 'source', options: [{ name: 'document', value: '', focused: true }] }),
    );
    const callback = await h.discord.waitFor(isCallback(sent));
    expect(callback.body.data.choices[0].value).toBe(h.index.documents()[0]?.id);
  });
});

describe('buttons', () => {
  it('"More" pages forward (and "Back" back) for the asker', async () => {
    const first = await ask('What is the security implementation group?');
    const message = h.discord.originalMessage(first.sent.token);
    const more = customIds(message).find((id) => id.startsWith('ask:more:'))!;
    const press = h.discord.sendInteraction(buttonInteraction(h.discord, { customId: more, message }));
    const callback = await h.discord.waitFor(isCallback(press));
    expect(callback.body.type).toBe(7);
    const page2 = callback.body.data;
    expectSendable(page2);
    expect(page2.embeds.at(-1).footer.text).toMatch(
      /^Passages 4–\d+ · Q: What is the security implementation group\?$/,
    );
    expect(page2.embeds[0].description).not.toBe(first.body.embeds[0].description);
    const back = customIds(page2).find((id) => id.endsWith(':0:' + more.split(':').at(-1)))!;
    expect(back).toBeDefined();
    const pressBack = h.discord.sendInteraction(
      buttonInteraction(h.discord, { customId: back, message: h.discord.messages.get(message.id) }),
    );
    const callbackBack = await h.discord.waitFor(isCallback(pressBack));
    expect(callbackBack.body.data.embeds.at(-1).footer.text).toMatch(/^Passages 1–3 /);
  });

  it('pages a message answered before the bot restarted', async () => {
    const first = await ask('What is the security implementation group?');
    const message = h.discord.originalMessage(first.sent.token);
    await h.restart();
    expect(h.discord.identifies.length).toBeGreaterThanOrEqual(2);
    const more = customIds(message).find((id) => id.startsWith('ask:more:'))!;
    const press = h.discord.sendInteraction(buttonInteraction(h.discord, { customId: more, message }));
    const callback = await h.discord.waitFor(isCallback(press));
    expect(callback.body.type).toBe(7);
    expect(callback.body.data.embeds.at(-1).footer.text).toMatch(/^Passages 4–/);
  });

  it('refuses "More" to anyone but the asker, ephemerally, leaving the message alone', async () => {
    const first = await ask(CARTELS);
    const message = h.discord.originalMessage(first.sent.token);
    const more = customIds(message).find((id) => id.startsWith('ask:more:'))!;
    const press = h.discord.sendInteraction(buttonInteraction(h.discord, { customId: more, message, user: BOB }));
    const callback = await h.discord.waitFor(isCallback(press));
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(64);
    expect(callback.body.data.content).toContain('Only the person who asked');
    expectSendable(callback.body.data);
  });

  it('"Context" shows the paragraph with its neighbours, ephemerally, to anyone', async () => {
    const first = await ask(CARTELS);
    const message = h.discord.originalMessage(first.sent.token);
    const ctx = customIds(message).find((id) => id.startsWith('ask:ctx:'))!;
    const [, , paragraphText, docId = ''] = ctx.split(':');
    const paragraph = Number(paragraphText);
    const doc = h.index.getDocument(docId)!;
    const press = h.discord.sendInteraction(buttonInteraction(h.discord, { customId: ctx, message, user: BOB }));
    const callback = await h.discord.waitFor(isCallback(press));
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(64);
    const embed = callback.body.data.embeds[0];
    expect(embed.title).toBe(doc.meta.title);
    if (paragraph > 1) expect(embed.description).toContain(`**¶${paragraph - 1}**`);
    expect(embed.description).toContain(
      `> **¶${paragraph}** ${escapeSource(at(doc.paragraphs, paragraph - 1)).slice(0, 20)}`,
    );
    if (paragraph < doc.paragraphs.length) expect(embed.description).toContain(`**¶${paragraph + 1}**`);
    expectSendable(callback.body.data);
  });
});

describe('/source, /sources, /about', () => {
  it('/source shows metadata and a paragraph with neighbours', async () => {
    const sent = h.discord.sendInteraction(
      commandInteraction(h.discord, {
        name: 'source',
        options: [
          { name: 'document', value: 'state-fto-designations-international-cartels-2025-02-20' },
          { name: 'paragraph', value: 2 },
        ],
      }),
    );
    const callback = await h.discord.waitFor(isCallback(sent));
    expect(callback.body.type).toBe(4);
    const data = callback.body.data;
    expectSendable(data);
    expect(data.flags ?? 0).toBe(0);
    const embed = data.embeds[0];
    expect(embed.url).toMatch(/^https:\/\/www\.scoop\.co\.nz\//);
    expect(embed.fields.map((f: Json) => f.name)).toEqual(
      expect.arrayContaining(['Publisher', 'Author', 'Date', 'Paragraphs']),
    );
    expect(embed.description).toMatch(/^\*\*¶1\*\* [\s\S]*\n\n> \*\*¶2\*\* [\s\S]*\n\n\*\*¶3\*\* /);
    expect(data.components[0].components[0]).toMatchObject({ style: 5, label: 'Open the original' });
  });

  it('/source explains an out-of-range paragraph and an unknown document ephemerally', async () => {
    for (const options of [
      [
        { name: 'document', value: 'state-fto-designations-international-cartels-2025-02-20' },
        { name: 'paragraph', value: 99 },
      ],
      [{ name: 'document', value: 'nothing like this' }],
    ]) {
      const sent = h.discord.sendInteraction(commandInteraction(h.discord, { name: 'source', options }));
      const callback = await h.discord.waitFor(isCallback(sent));
      expect(callback.body.data.flags).toBe(64);
      expect(callback.body.data.content).toMatch(
        /has \d+ paragraphs, so there is no ¶99|I don’t know a document called/,
      );
    }
  });

  it('/sources lists documents newest first', async () => {
    const sent = h.discord.sendInteraction(commandInteraction(h.discord, { name: 'sources' }));
    const callback = await h.discord.waitFor(isCallback(sent));
    const data = callback.body.data;
    expectSendable(data);
    const docs = h.index.documents();
    const description: string = data.embeds[0].description;
    const positions = docs.slice(0, 8).map((d) => description.indexOf(d.id));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(data.embeds[0].footer.text).toContain(`${docs.length} documents, newest first`);
  });

  it('/sources page buttons update the list for the asker only', async () => {
    const sent = h.discord.sendInteraction(commandInteraction(h.discord, { name: 'sources' }));
    await h.discord.waitFor(isCallback(sent));
    const message = h.discord.originalMessage(sent.token);
    const press = h.discord.sendInteraction(
      buttonInteraction(h.discord, { customId: `sources:page:${ALICE.id}:1`, message }),
    );
    const callback = await h.discord.waitFor(isCallback(press));
    expect(callback.body.type).toBe(7);
    expect(callback.body.data.embeds[0].footer.text).toMatch(/^Page \d+ of \d+ · \d+ documents/);
    expectSendable(callback.body.data);
    const other = h.discord.sendInteraction(
      buttonInteraction(h.discord, { customId: `sources:page:${ALICE.id}:0`, message, user: BOB }),
    );
    const refusal = await h.discord.waitFor(isCallback(other));
    expect(refusal.body).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it('/about reports the corpus and how to cite it', async () => {
    const sent = h.discord.sendInteraction(commandInteraction(h.discord, { name: 'about' }));
    const callback = await h.discord.waitFor(isCallback(sent));
    const data = callback.body.data;
    expectSendable(data);
    const fields = Object.fromEntries(data.embeds[0].fields.map((f: Json) => [f.name, f.value]));
    expect(fields.Documents).toBe(String(h.index.stats().documents));
    expect(fields.Passages).toBe(String(h.index.stats().passages));
    expect(fields['How to cite']).toContain('Cite the original document');
    expect(fields['Corpus last changed']).toMatch(/^<t:\d+:f>/);
  });
});

describe('failures', () => {
  it('survives an interaction callback that keeps failing with 500, then answers the next one', async () => {
    const first = commandInteraction(h.discord, { name: 'ask', options: [{ name: 'question', value: CARTELS }] });
    // Enough failures for the defer and the error reply, retries included.
    h.discord.injectError({
      path: new RegExp(`^/interactions/${first.id}/`),
      status: 500,
      message: '500: Internal Server Error',
      times: 20,
    });
    h.discord.sendInteraction(first);
    await expect
      .poll(() => h.logs.find((l) => l.msg === 'interaction failed' && l.interactionId === first.id), {
        timeout: 10_000,
      })
      .toBeTruthy();
    const failure = h.logs.find((l) => l.msg === 'interaction failed' && l.interactionId === first.id)!;
    expect(failure.ref).toMatch(/^[0-9A-F]{6}$/);
    expect(failure.level).toBe(50);

    const { body } = await ask(CARTELS);
    expectSendable(body);
    expect(body.embeds.length).toBeGreaterThan(0);
  });

  it('reports a failed edit (404 Unknown Webhook) with an ephemeral reference and keeps working', async () => {
    const sent = commandInteraction(h.discord, { name: 'ask', options: [{ name: 'question', value: CARTELS }] });
    h.discord.injectError({
      method: 'PATCH',
      path: `/webhooks/${h.discord.applicationId}/${sent.token}/messages/%40original`,
      status: 404,
      code: 10015,
      message: 'Unknown Webhook',
    });
    h.discord.sendInteraction(sent);
    const follow = await h.discord.waitFor(isFollowUp(h.discord, sent));
    expect(follow.body.flags).toBe(64);
    expect(follow.body.content).toMatch(/^Something went wrong \(ref [0-9A-F]{6}\)/);
    expectSendable(follow.body);
    const ref = /ref ([0-9A-F]{6})/.exec(follow.body.content)![1];
    const line = h.logs.find((l) => l.ref === ref)!;
    expect(line.interactionId).toBe(sent.id);
    expect((line.err as Json).code).toBe(10015);

    const again = await ask(CARTELS);
    expect(again.body.embeds.length).toBeGreaterThan(0);
  });
});

describe('everything the bot sent', () => {
  it('turned mentions off, stayed within limits, and never leaked the token', () => {
    const sent = h.discord.messageRequests();
    expect(sent.length).toBeGreaterThan(10);
    for (const r of sent) expectSendable(messageOf(r));
    const token = h.discord.token;
    for (const r of h.discord.requests) expect(JSON.stringify(r.body ?? '')).not.toContain(token);
    for (const line of h.rawLogs) expect(line).not.toContain(token);
  });

  it('reported failures only for the interactions made to fail', () => {
    const failures = h.logs.filter((l) => l.msg === 'interaction failed');
    expect(failures).toHaveLength(2);
    const apology = h.discord.messageRequests().filter((r) => /Something went wrong/.test(messageOf(r)?.content ?? ''));
    expect(apology).toHaveLength(1);
  });
});
