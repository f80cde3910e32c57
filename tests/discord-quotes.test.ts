/**
 * /quote and /speakers end to end: the real discord.js client and the real PactIndex (and its
 * QuoteBook) on corpus/, talking to the Discord stand-in on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { LIMITS } from '../src/discord/limits.js';
import { escapeSource } from '../src/discord/render.js';
import type { QuoteIndex } from '../src/discord/types.js';
import { wrapIndex } from './helpers/fake-index.js';
import type { PactIndex } from '../src/pact-index.js';
import type { Quotation } from '../src/quotes/types.js';
import { openRealIndex, startHarness, type Harness } from './discord-standin/harness.js';
import {
  ALICE,
  BOB,
  autocompleteInteraction,
  buttonInteraction,
  commandInteraction,
  customIds,
  type OptionInput,
} from './discord-standin/payloads.js';
import { expectSendable, isCallback, isEditOriginal, messageOf } from './discord-standin/requests.js';
import { at } from './helpers/at.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let h: Harness;
let real: PactIndex;
let cleanup: () => void;
/** When set, every quotation's context is blown up (with Markdown and mentions) to test the limits. */
let inflate = false;
/** While set, the quote book is still being read in the background, as after a start from a large cache. */
let loading: Promise<void> | undefined;

function inflateQuote(q: Quotation): Quotation {
  return {
    ...q,
    context: `${'Preceding *context* with <@123456> and @everyone, __underlined__. '.repeat(60)}${q.context} ${'Following ~~text~~ with `code` and [a](http://x.y). '.repeat(80)}`,
  };
}

beforeAll(async () => {
  const opened = await openRealIndex();
  real = opened.index;
  cleanup = opened.cleanup;
  const quotes: QuoteIndex = {
    find: (o) => (inflate ? real.quotes.find(o).map(inflateQuote) : real.quotes.find(o)),
    speakers: () => real.quotes.speakers(),
    suggestSpeakers: (p, l) => real.quotes.suggestSpeakers(p, l),
    resolveSpeaker: (t) => real.quotes.resolveSpeaker(t),
    lookUpSpeaker: (t) => real.quotes.lookUpSpeaker(t),
  };
  h = await startHarness({ index: wrapIndex(real, { quotes, quotesReady: () => loading ?? Promise.resolve() }) });
});

afterAll(async () => {
  await h?.stop();
  cleanup?.();
});

/**
 * A speaker's quotations in the order /quote lists them (newest document first, then in document
 * order), taken from the book's full listing rather than from `find`, the search /quote runs.
 */
function quotationsOf(name: string): Quotation[] {
  return real.quotes.all().filter((q) => q.speaker?.name === name);
}

/** A /quote that defers and edits its reply: the deferral and the final message. */
async function quote(options: OptionInput[], user = ALICE) {
  const since = h.discord.requests.length;
  const sent = h.discord.sendInteraction(commandInteraction(h.discord, { name: 'quote', user, options }));
  const callback = await h.discord.waitFor(isCallback(sent), { since });
  expect(callback.body.type).toBe(5);
  const edit = await h.discord.waitFor(isEditOriginal(h.discord, sent), { since });
  return { sent, callback, body: edit.body };
}

/** A command answered at once (type 4): its message data. */
async function immediate(name: string, options: OptionInput[] = [], user = ALICE) {
  const sent = h.discord.sendInteraction(commandInteraction(h.discord, { name, user, options }));
  const callback = await h.discord.waitFor(isCallback(sent));
  expect(callback.body.type).toBe(4);
  return { sent, data: callback.body.data };
}

async function press(customId: string, message: Json, user = ALICE) {
  const sent = h.discord.sendInteraction(buttonInteraction(h.discord, { customId, message, user }));
  return (await h.discord.waitFor(isCallback(sent))).body;
}

async function choices(value: string): Promise<{ name: string; value: string }[]> {
  const sent = h.discord.sendInteraction(
    autocompleteInteraction(h.discord, { name: 'quote', options: [{ name: 'speaker', value, focused: true }] }),
  );
  const callback = await h.discord.waitFor(isCallback(sent));
  expect(callback.body.type).toBe(8);
  const list = callback.body.data.choices as { name: string; value: string }[];
  expect(list.length).toBeLessThanOrEqual(25);
  for (const c of list) {
    expect(c.name.length).toBeGreaterThan(0);
    expect(c.name.length).toBeLessThanOrEqual(100);
    expect(c.value.length).toBeGreaterThan(0);
    expect(c.value.length).toBeLessThanOrEqual(100);
  }
  return list;
}

/** Citation line: `— [Title](url) · … · 8 September 2025 · ¶N` or `— *Title* · …`. */
const CITATION = /\n— (?:\[[^\]]+\]\(https?:\/\/[^)]+\)|\*[^*]+\*)(?: · [^\n]+)? · \d{1,2} \w+ \d{4} · ¶\d+$/;

describe('/quote speaker:Rubio', () => {
  it('is defined with an autocompleted speaker, a topic and a private flag, and listed in commands/index.ts', () => {
    const quoteCommand = commands.find((c) => c.data.name === 'quote')!;
    expect(quoteCommand).toBeDefined();
    expect(commands.find((c) => c.data.name === 'speakers')).toBeDefined();
    expect(quoteCommand.data.options).toEqual([
      expect.objectContaining({ name: 'speaker', type: 3, autocomplete: true, max_length: 100 }),
      expect.objectContaining({ name: 'about', type: 3 }),
      expect.objectContaining({ name: 'private', type: 5 }),
    ]);
    for (const o of quoteCommand.data.options ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
    expect(quoteCommand.data.description.length).toBeLessThanOrEqual(100);
  });

  it('lists Marco Rubio’s quotations newest first, verbatim and cited, with a paging footer', async () => {
    const expected = quotationsOf('Marco Rubio');
    expect(expected.length).toBeGreaterThan(3);
    const { callback, body } = await quote([{ name: 'speaker', value: 'Rubio' }]);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    expectSendable(body);
    expect(body.embeds).toHaveLength(3);
    body.embeds.forEach((embed: Json, i: number) => {
      const q = at(expected, i);
      expect(embed.author.name).toBe('Marco Rubio, Secretary of State');
      expect(embed.description).toMatch(/^> /);
      expect(embed.description).toContain(`**${escapeSource(q.text.replace(/\s*[\r\n]+\s*/g, ' ').trim())}**`);
      expect(embed.description).toMatch(CITATION);
      expect(embed.description).toContain(`¶${q.paragraph}`);
      const doc = real.getDocument(q.docId)!;
      if (doc.meta.url) expect(embed.description).toContain(`](${doc.meta.url}`);
      else expect(embed.description).toContain(`— *${escapeSource(doc.meta.title)}*`);
    });
    expect(body.embeds.at(-1).footer.text).toBe(`1–3/${expected.length} quotes · speaker: Marco Rubio`);
    const buttons = body.components[0].components;
    expect(buttons.map((b: Json) => b.label)).toEqual(['Previous', 'Next']);
    expect(buttons[0].disabled).toBe(true);
    expect(buttons[1].disabled).toBe(false);
    expect(buttons[1].custom_id).toMatch(/^quote:page:111111111111111111:3:[\w-]{8}$/);
  });

  it('"Next" pages forward and "Previous" back, for the asker', async () => {
    const total = quotationsOf('Marco Rubio').length;
    const first = await quote([{ name: 'speaker', value: 'rubio' }]);
    const message = h.discord.originalMessage(first.sent.token);
    const next = customIds(message).find((id) => id.includes(':3:'))!;
    const page2 = await press(next, message);
    expect(page2.type).toBe(7);
    expectSendable(page2.data);
    expect(page2.data.embeds.at(-1).footer.text).toBe(`4–${Math.min(6, total)}/${total} quotes · speaker: Marco Rubio`);
    expect(page2.data.embeds[0].description).not.toBe(first.body.embeds[0].description);
    for (const e of page2.data.embeds) expect(e.author.name).toBe('Marco Rubio, Secretary of State');
    const [previous] = page2.data.components[0].components;
    expect(previous).toMatchObject({ label: 'Previous', disabled: false });
    const back = await press(previous.custom_id, h.discord.messages.get(message.id));
    expect(back.type).toBe(7);
    expect(back.data.embeds.at(-1).footer.text).toMatch(/^1–3\//);
    expect(back.data.embeds[0].description).toBe(first.body.embeds[0].description);
  });

  it('refuses another user’s click, ephemerally, leaving the message alone', async () => {
    const first = await quote([{ name: 'speaker', value: 'Rubio' }]);
    const message = h.discord.originalMessage(first.sent.token);
    const before = JSON.stringify(message.embeds);
    const next = customIds(message).find((id) => id.includes(':3:'))!;
    const refusal = await press(next, message, BOB);
    expect(refusal.type).toBe(4);
    expect(refusal.data.flags).toBe(64);
    expect(refusal.data.content).toContain('Only the person who asked');
    expectSendable(refusal.data);
    expect(JSON.stringify(h.discord.messages.get(message.id).embeds)).toBe(before);
  });

  it('pages a message sent before the bot restarted (state read back from the footer)', async () => {
    const first = await quote([
      { name: 'speaker', value: 'Rubio' },
      { name: 'about', value: 'cooperation security' },
    ]);
    const message = h.discord.originalMessage(first.sent.token);
    const footer: string = message.embeds.at(-1).footer.text;
    expect(footer).toMatch(/ · speaker: Marco Rubio · about: cooperation security$/);
    await h.restart();
    expect(footer).toMatch(/^1–3\/[4-9]\d* quotes/); // more than one page on corpus/
    const next = customIds(message).find((id) => id.includes(':3:'))!;
    const page2 = await press(next, message);
    expect(page2.type).toBe(7);
    expect(page2.data.embeds.at(-1).footer.text).toMatch(
      /^4(–\d+)?\/\d+ quotes · speaker: Marco Rubio · about: cooperation security$/,
    );
  });

  it('refuses a button whose message footer no longer matches it', async () => {
    const first = await quote([{ name: 'speaker', value: 'Rubio' }]);
    const message = h.discord.originalMessage(first.sent.token);
    const next = customIds(message).find((id) => id.includes(':3:'))!;
    const tampered = {
      ...message,
      embeds: message.embeds.map((e: Json, i: number, all: Json[]) =>
        i === all.length - 1 ? { ...e, footer: { text: '1–3/6 quotes · speaker: Trump' } } : e,
      ),
    };
    const refusal = await press(next, tampered);
    expect(refusal).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(refusal.data.content).toContain('can’t page');
  });

  it('is ephemeral when private', async () => {
    const { callback, body } = await quote([
      { name: 'speaker', value: 'Rubio' },
      { name: 'private', value: true },
    ]);
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    expectSendable(body);
    expect(body.embeds.length).toBeGreaterThan(0);
    // Paging works on the ephemeral message too.
    const message = h.discord.originalMessage(at(callback.path.split('/'), 3));
    expect(message.flags & 64).toBe(64);
    const page2 = await press(
      customIds(message).find((id) => id.includes(':3:'))!,
      message,
    );
    expect(page2.type).toBe(7);
    expect(page2.data.embeds.at(-1).footer.text).toMatch(/^4–\d+\/\d+ quotes · speaker: Marco Rubio$/);
  });
});

describe('/quote about:', () => {
  it('finds who said “each one in his own territory”: Juan Ramón de la Fuente', async () => {
    const { body } = await quote([{ name: 'about', value: 'each one in his own territory' }]);
    expectSendable(body);
    const [top] = body.embeds;
    expect(top.author.name).toBe('Juan Ramón de la Fuente, Foreign Secretary');
    expect(top.description).toContain('**each one in his own territory**');
    expect(top.description).toMatch(CITATION);
    expect(body.embeds.at(-1).footer.text).toMatch(/^1(–\d+)?\/\d+ quotes? · about: each one in his own territory$/);
  });

  it('narrows a speaker’s quotations to a topic, best match first', async () => {
    const { body } = await quote([
      { name: 'speaker', value: 'de la fuente' },
      { name: 'about', value: 'territory' },
    ]);
    expectSendable(body);
    expect(body.embeds[0].description).toContain('**each one in his own territory**');
    for (const e of body.embeds) expect(e.author.name).toMatch(/^Juan Ramón de la Fuente/);
  });

  it('says plainly when nothing matches', async () => {
    const { body } = await quote([
      { name: 'speaker', value: 'Rubio' },
      { name: 'about', value: 'xylophone zeppelin' },
    ]);
    expectSendable(body);
    expect(body.content).toBe(
      'None of **Marco Rubio**’s quotations match “xylophone zeppelin”. Try other words, or leave out `about` to see all of them.',
    );
    expect(body.embeds ?? []).toEqual([]);
    expect(body.components ?? []).toEqual([]);
    const alone = await quote([{ name: 'about', value: 'xylophone zeppelin' }]);
    expect(alone.body.content).toContain('No quotation in the corpus matches “xylophone zeppelin”');
  });

  it('escapes Markdown and mentions in what it echoes, and pings nobody', async () => {
    const { body } = await quote([{ name: 'about', value: 'xylophone <@123456> *bold* @everyone' }]);
    expectSendable(body);
    expect(body.content).toContain('“xylophone \\<@123456> \\*bold\\* @everyone”');
  });
});

describe('/quote without a usable speaker', () => {
  it('explains ephemerally what to give when neither speaker nor about is given', async () => {
    const { data } = await immediate('quote');
    expect(data.flags).toBe(64);
    expect(data.content).toContain('/quote speaker:Rubio');
    expect(data.content).toContain('/quote about:');
    expectSendable(data);
  });

  it('tells an unknown speaker ephemerally that nobody by that name is quoted, with suggestions', async () => {
    const { data } = await immediate('quote', [{ name: 'speaker', value: 'Angela Merkel' }]);
    expect(data.flags).toBe(64);
    expect(data.content).toMatch(/^Nobody by that name is quoted: I found no quotation by “Angela Merkel”\./);
    expect(data.content).toContain('Most quoted: **Marco Rubio**'); // offered instead
    expect(data.content).toContain('/speakers');
    expectSendable(data);
  });

  it('suggests the near miss for a misspelt name', async () => {
    const { data } = await immediate('quote', [{ name: 'speaker', value: 'Rubo' }]);
    expect(data.flags).toBe(64);
    expect(data.content).toContain('Perhaps: **Marco Rubio**');
  });

  it('accepts free text that was not picked from the suggestions', async () => {
    const { body } = await quote([{ name: 'speaker', value: '  SECRETARY   of state marco RUBÍO ' }]);
    expectSendable(body);
    expect(body.embeds.at(-1).footer.text).toMatch(/ · speaker: Marco Rubio$/);
  });
});

describe('/quote with a typed name that fits several speakers', () => {
  it('"Secretary" (Secretary Rubio, Foreign Secretary de la Fuente) lists both, ephemerally, and quotes neither', async () => {
    const { data } = await immediate('quote', [{ name: 'speaker', value: 'Secretary' }]);
    expect(data.flags).toBe(64);
    expect(data.embeds ?? []).toEqual([]);
    expect(data.content).toMatch(/^“Secretary” fits 2 speakers:\n/);
    expect(data.content).toContain('• **Marco Rubio** — Secretary of State');
    expect(data.content).toContain('• **Juan Ramón de la Fuente** — Foreign Secretary');
    expect(data.content).toContain('Pick one from the suggestions');
    expectSendable(data);
  });

  it('"State" lists Marco Rubio and the State Department spokesman instead of answering for Rubio', async () => {
    const { data } = await immediate('quote', [{ name: 'speaker', value: 'State' }]);
    expect(data.flags).toBe(64);
    expect(data.content).toContain('**Marco Rubio**');
    expect(data.content).toContain('**U.S. State Department spokesman**');
    expectSendable(data);
  });

  it('escapes what it echoes and keeps the list inside Discord’s limits', async () => {
    const { data } = await immediate('quote', [{ name: 'speaker', value: '*secretary*' }]);
    expect(data.content).toMatch(/^“\\\*secretary\\\*” fits 2 speakers:/);
    expectSendable(data);
  });

  it('each speaker autocomplete offers for "secretary" answers with that speaker’s quotations', async () => {
    const offered = (await choices('secretary')).map((c) => c.value);
    expect(offered).toEqual(expect.arrayContaining(['Marco Rubio', 'Juan Ramón de la Fuente']));
    for (const value of offered) {
      const { body } = await quote([{ name: 'speaker', value }]);
      expect(body.embeds.at(-1).footer.text).toMatch(new RegExp(` · speaker: ${value}$`));
    }
  });

  it('a name that fits one speaker still answers: "Foreign Secretary" is Juan Ramón de la Fuente', async () => {
    const { body } = await quote([{ name: 'speaker', value: 'Foreign Secretary' }]);
    for (const e of body.embeds) expect(e.author.name).toBe('Juan Ramón de la Fuente, Foreign Secretary');
  });

  it('ignores a leading article: "the moderator" finds the Moderator like "Moderator" does', async () => {
    const plain = await quote([{ name: 'speaker', value: 'Moderator' }]);
    expect(plain.body.embeds.at(-1).footer.text).toMatch(/ · speaker: Moderator$/);
    for (const typed of ['the moderator', 'The Moderator']) {
      const { body } = await quote([{ name: 'speaker', value: typed }]);
      expectSendable(body);
      expect(body.embeds).toEqual(plain.body.embeds);
    }
  });
});

describe('speaker autocomplete', () => {
  it('"fuen" offers Juan Ramón de la Fuente', async () => {
    const list = await choices('fuen');
    expect(list.map((c) => c.value)).toContain('Juan Ramón de la Fuente');
    expect(list.find((c) => c.value === 'Juan Ramón de la Fuente')!.name).toMatch(
      /^Juan Ramón de la Fuente, Foreign Secretary \(\d+ quotes?\)$/,
    );
  });

  it('"rubio" offers Marco Rubio first', async () => {
    const list = await choices('rubio');
    expect(list[0]?.value).toBe('Marco Rubio');
  });

  it('matches accent-insensitively: "ramon", "RAMÓN", "fuénte" all find Juan Ramón de la Fuente', async () => {
    for (const typed of ['ramon', 'RAMÓN', 'fuénte']) {
      expect((await choices(typed)).map((c) => c.value)).toContain('Juan Ramón de la Fuente');
    }
  });

  it('"garcia" (nobody quoted) offers nothing; an empty field offers everyone, ≤ 25', async () => {
    expect(await choices('garcia')).toEqual([]);
    const everyone = await choices('');
    expect(everyone.length).toBe(Math.min(25, real.quotes.speakers().length));
  });

  it('a picked choice value resolves to the same speaker', async () => {
    for (const c of await choices('')) expect(real.quotes.resolveSpeaker(c.value)?.name).toBe(c.value);
  });
});

describe('/speakers', () => {
  it('lists the people and bodies quoted, with roles and counts, most quoted first', async () => {
    const { data } = await immediate('speakers');
    expectSendable(data);
    expect(data.flags ?? 0).toBe(0);
    const embed = data.embeds[0];
    expect(embed.title).toBe('Who is quoted');
    const rubio = real.quotes.speakers().find((s) => s.speaker.name === 'Marco Rubio')!;
    expect(embed.description).toContain(`**1.** Marco Rubio — Secretary of State · ${rubio.count} quotations`);
    expect(embed.description).toContain('Juan Ramón de la Fuente — Foreign Secretary');
    expect(embed.footer.text).toMatch(/^Page 1 of 1 · \d+ speakers, \d+ attributed quotations, most quoted first/);
  });
});

describe('while the quote book is still loading after a start', () => {
  it('answers /quote, /speakers and autocomplete within Discord’s deadline, ephemerally, then normally once ready', async () => {
    let ready = () => {};
    loading = new Promise((resolve) => (ready = resolve));
    try {
      for (const [name, options] of [
        ['quote', [{ name: 'speaker', value: 'Rubio' }]],
        ['speakers', []],
      ] as const) {
        const started = Date.now();
        const { data } = await immediate(name, [...options]);
        expect(Date.now() - started).toBeLessThan(3_000);
        expect(data).toMatchObject({ flags: 64, content: expect.stringContaining('still being loaded') });
      }
      expect(await choices('Rub')).toEqual([]);
    } finally {
      ready();
      loading = undefined;
    }
    expect((await choices('Rub')).map((c) => c.value)).toContain('Marco Rubio');
  });
});

describe('limits', () => {
  it('keeps quotations far too long for one message within every limit, escaped', async () => {
    inflate = true;
    try {
      const { body } = await quote([{ name: 'speaker', value: 'Rubio' }]);
      expectSendable(body);
      const total = body.embeds.reduce(
        (n: number, e: Json) => n + e.description.length + e.author.name.length + (e.footer?.text.length ?? 0),
        0,
      );
      expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
      expect(total).toBeGreaterThan(5000); // it really was cut to fit, not dropped
      for (const e of body.embeds) {
        expect(e.description).toMatch(/^> …/);
        expect(e.description).toMatch(/\*\*[^*]+\*\*/);
        expect(e.description).not.toMatch(/[^\\]<@123456>/);
        expect(e.description).toMatch(CITATION);
      }
    } finally {
      inflate = false;
    }
  });
});

describe('everything the bot sent', () => {
  it('turned mentions off and stayed within limits', () => {
    const sent = h.discord.messageRequests();
    expect(sent.length).toBeGreaterThan(15);
    for (const r of sent) expectSendable(messageOf(r));
    expect(h.logs.filter((l) => l.msg === 'interaction failed')).toEqual([]);
  });
});
