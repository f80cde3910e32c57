/** Unit tests of /quote and /speakers rendering: format, escaping, paging state and Discord's limits. */
import { describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../src/corpus/types.js';
import { limitViolations, LIMITS, type MessageData } from '../src/discord/limits.js';
import {
  MAX_QUOTES,
  QUOTE_PAGE_SIZE,
  SPEAKERS_PAGE_SIZE,
  buildQuotePage,
  buildSpeakersPage,
  findQuotations,
  queryHash,
  quoteFooter,
  quotationEmbed,
  readQuoteFooter,
  speakerChoiceValue,
  speakerChoices,
  unknownSpeakerMessage,
  type QuoteQuery,
} from '../src/discord/quotes.js';
import type { QuoteIndex } from '../src/discord/types.js';
import type { SpeakerSummary } from '../src/quotes/quote-book.js';
import type { Quotation } from '../src/quotes/types.js';
import { at } from './helpers/at.js';

const USER = '12345678901234567890'; // the longest a snowflake gets

function doc(id: string, extra: Partial<CorpusDocument['meta']> = {}): CorpusDocument {
  return {
    id,
    file: `${id}.md`,
    paragraphs: ['One.', 'Two.', 'Three.'],
    meta: {
      title: `Title of ${id}`,
      date: '2025-09-08',
      language: 'en',
      publisher: 'Publisher',
      url: `https://example.org/${id}`,
      ...extra,
    },
  } as unknown as CorpusDocument;
}

const DOCS = new Map([
  ['a', doc('a')],
  ['b', doc('b', { url: undefined, title: 'No *link* here' })],
]);
const getDocument = (id: string) => DOCS.get(id);

function q(n: number, extra: Partial<Quotation> = {}): Quotation {
  return {
    id: `a#q${n}`,
    docId: 'a',
    paragraph: n,
    text: `quoted words ${n}`,
    context: `Rubio said "quoted words ${n}" to reporters.`,
    speaker: { name: 'Marco Rubio', role: 'Secretary of State' },
    attributed: true,
    ...extra,
  };
}

const RUBIO: QuoteQuery = { speaker: 'Marco Rubio' };

function expectSendable(message: MessageData) {
  expect(limitViolations(message)).toEqual([]);
  expect(message.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
}

describe('one quotation', () => {
  it('shows the speaker and role, the sentence with the quoted words in bold, then title · date · ¶N linked', () => {
    const embed = quotationEmbed(q(4), DOCS.get('a'));
    expect(embed.author).toEqual({ name: 'Marco Rubio, Secretary of State' });
    expect(embed.description).toBe(
      '> Rubio said "**quoted words 4**" to reporters.\n— [Title of a](https://example.org/a) · Publisher · 8 September 2025 · ¶4',
    );
  });

  it('italicises the title of a document without a URL, and escapes it', () => {
    const embed = quotationEmbed(q(1, { docId: 'b' }), DOCS.get('b'));
    expect(embed.description).toMatch(/\n— \*No \\\*link\\\* here\* · Publisher · 8 September 2025 · ¶1$/);
  });

  it('escapes Markdown and mention syntax in the source text', () => {
    const text = 'we _never_ said *that* to <@123> or @everyone ~~ever~~ `x`';
    const embed = quotationEmbed(q(2, { text, context: `He wrote: "${text}" > # not a heading` }), DOCS.get('a'));
    expect(embed.description).toContain(
      '**we \\_never\\_ said \\*that\\* to \\<@123> or @everyone \\~\\~ever\\~\\~ \\`x\\`**',
    );
    expect(embed.description).not.toMatch(/[^\\]<@123>/);
  });

  it('says when the source does not name the speaker, and shows a role-less speaker by name', () => {
    expect(quotationEmbed(q(1, { speaker: null, attributed: false }), DOCS.get('a')).author!.name).toBe(
      'Unattributed (the source does not say who)',
    );
    expect(quotationEmbed(q(1, { speaker: { name: 'Joint statement' } }), DOCS.get('a')).author!.name).toBe(
      'Joint statement',
    );
  });

  it('quotes the words alone when the context does not hold them, and cites a missing document by id', () => {
    const embed = quotationEmbed(q(3, { docId: 'gone', context: 'something else entirely' }), undefined);
    expect(embed.description).toBe('> **quoted words 3**\n— *gone* · ¶3');
  });

  it('joins a quotation over several paragraphs on one line and still bolds it', () => {
    const embed = quotationEmbed(
      q(1, { text: 'First part.\n\nSecond part.', context: 'He said: "First part.\n\nSecond part."' }),
      DOCS.get('a'),
    );
    expect(embed.description).toMatch(/^> He said: "\*\*First part\. Second part\.\*\*"\n/);
  });
});

describe('a page of quotations', () => {
  const six = [1, 2, 3, 4, 5, 6].map((n) => q(n));

  it('shows three per page, the "n/m quotes" footer with the query, and Previous/Next', () => {
    const page = buildQuotePage(six, getDocument, { ...RUBIO, userId: USER, offset: 0 });
    expectSendable(page);
    expect(page.embeds).toHaveLength(QUOTE_PAGE_SIZE);
    expect(page.embeds!.map((e) => e.footer)).toEqual([
      undefined,
      undefined,
      { text: '1–3/6 quotes · speaker: Marco Rubio' },
    ]);
    const [prev, next] = at(page.components ?? [], 0).components;
    expect(prev).toMatchObject({
      label: 'Previous',
      disabled: true,
      custom_id: `quote:page:${USER}:0:${queryHash(RUBIO)}`,
    });
    expect(next).toMatchObject({
      label: 'Next',
      disabled: false,
      custom_id: `quote:page:${USER}:3:${queryHash(RUBIO)}`,
    });
  });

  it('the last page disables Next; an offset past the end or off the grid shows the last real page', () => {
    for (const offset of [3, 4, 5, 99]) {
      const page = buildQuotePage(six, getDocument, { ...RUBIO, userId: USER, offset });
      expect(page.embeds!.at(-1)!.footer!.text).toBe('4–6/6 quotes · speaker: Marco Rubio');
      expect(page.components![0]?.components.map((b) => b.disabled)).toEqual([false, true]);
    }
  });

  it('has no buttons when everything fits on one page; says "1/1 quote" for one', () => {
    const page = buildQuotePage([q(1)], getDocument, { about: 'territory', userId: USER, offset: 0 });
    expect(page.components).toBeUndefined();
    expect(page.embeds![0]?.footer!.text).toBe('1/1 quote · about: territory');
  });

  it('says so plainly when nothing matches', () => {
    expect(buildQuotePage([], getDocument, { ...RUBIO, about: 'zebras', userId: USER, offset: 0 })).toEqual({
      content:
        'None of **Marco Rubio**’s quotations match “zebras”. Try other words, or leave out `about` to see all of them.',
    });
    expect(buildQuotePage([], getDocument, { about: '*zebras*', userId: USER, offset: 0 }).content).toBe(
      'No quotation in the corpus matches “\\*zebras\\*”. Try other words, or see /speakers for who is quoted.',
    );
  });

  it('stays within every limit with huge quotations, huge names and the longest ids', () => {
    const huge = Array.from({ length: MAX_QUOTES + 10 }, (_, i) =>
      q(i + 1, {
        text: `${'word *bold* <@1> '.repeat(300)}end ${i}`,
        context: `${'before _x_ '.repeat(400)}"${'word *bold* <@1> '.repeat(300)}end ${i}"${' after `y`'.repeat(400)}`,
        speaker: { name: 'N'.repeat(300), role: 'R'.repeat(300) },
      }),
    );
    const about = 'a'.repeat(200);
    for (const offset of [0, 3, MAX_QUOTES - 1]) {
      const page = buildQuotePage(huge, getDocument, { speaker: 'N'.repeat(300), about, userId: USER, offset });
      expectSendable(page);
      const total = page.embeds!.reduce(
        (n, e) => n + (e.description?.length ?? 0) + (e.author?.name.length ?? 0) + (e.footer?.text.length ?? 0),
        0,
      );
      expect(total).toBeGreaterThan(4000);
      for (const e of page.embeds!) expect(e.description).toMatch(/\*\*[^*]/);
      for (const b of at(page.components ?? [], 0).components)
        expect(b.custom_id!.length).toBeLessThanOrEqual(LIMITS.customId);
    }
    // Only MAX_QUOTES are reachable.
    const last = buildQuotePage(huge, getDocument, { ...RUBIO, userId: USER, offset: 999 });
    expect(last.embeds!.at(-1)!.footer!.text).toBe(`58–60/${MAX_QUOTES} quotes · speaker: Marco Rubio`);
  });
});

describe('paging state in the footer', () => {
  const embedsWith = (text: string) => ({ embeds: [{ footer: null }, { footer: { text } }] });

  it('reads back speaker and topic exactly as written, whatever the topic contains', () => {
    for (const query of [
      { speaker: 'Marco Rubio' },
      { about: 'each one in his own territory' },
      { speaker: 'Juan Ramón de la Fuente', about: 'territory · speaker: Trump · about: x /3 quotes' },
      { speaker: 'U.S. State Department spokesman', about: '<@123> *x*' },
    ] as QuoteQuery[]) {
      for (const [from, to, total] of [
        [1, 3, 6],
        [1, 1, 1],
        [58, 60, 60],
      ] as const) {
        const read = readQuoteFooter(embedsWith(quoteFooter(query, from, to, total)));
        expect(read).toEqual(query);
        expect(queryHash(read!)).toBe(queryHash(query));
      }
    }
  });

  it('rejects footers that are not its own', () => {
    expect(readQuoteFooter(embedsWith('Passages 1–3 · Q: who?'))).toBeUndefined();
    expect(readQuoteFooter(embedsWith('1–3/6 quotes'))).toBeUndefined();
    expect(readQuoteFooter({ embeds: [] })).toBeUndefined();
  });

  it('hashes speaker and topic apart', () => {
    expect(queryHash({ speaker: 'a', about: 'b' })).not.toBe(queryHash({ speaker: 'a b' }));
    expect(queryHash({ speaker: 'a' })).toMatch(/^[\w-]{8}$/);
  });
});

function fakeBook(summaries: SpeakerSummary[], quotes: Quotation[] = []): QuoteIndex {
  return {
    find: ({ speaker, about, limit = 10 } = {}) =>
      quotes
        .filter((x) => (!speaker || x.speaker?.name.includes(speaker)) && (!about || x.text.includes(about)))
        .slice(0, limit),
    speakers: () => summaries,
    suggestSpeakers: (partial, limit = 25) =>
      summaries
        .map((s) => s.speaker)
        .filter((s) => s.name.toLowerCase().includes(partial.toLowerCase()))
        .slice(0, limit),
    resolveSpeaker: (text) => summaries.find((s) => s.speaker.name.toLowerCase().includes(text.toLowerCase()))?.speaker,
    lookUpSpeaker: (text) => {
      const fits = summaries.filter((s) => s.speaker.name.toLowerCase().includes(text.toLowerCase()));
      const [only] = fits;
      return fits.length === 1 && only ? { speaker: only.speaker } : { candidates: fits.map((s) => s.speaker) };
    },
  };
}

const many = (n: number, name = (i: number) => `Speaker ${i}`): SpeakerSummary[] =>
  Array.from({ length: n }, (_, i) => ({
    speaker: { name: name(i + 1), role: i % 2 ? 'Minister' : undefined },
    count: n - i,
    variants: [],
  }));

describe('speaker autocomplete choices', () => {
  it('gives ≤ 25 unique choices with names and values ≤ 100, labelled with role and count', () => {
    const book = fakeBook(many(40, (i) => `${'Very Long Name '.repeat(10)}${i}`));
    const choices = speakerChoices(book, '');
    expect(choices).toHaveLength(25);
    expect(new Set(choices.map((c) => c.value)).size).toBe(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(LIMITS.choiceName);
      expect(c.value.length).toBeLessThanOrEqual(LIMITS.choiceValue);
      expect(c.name).toMatch(/ \(\d+ quotes?\)$/);
    }
    expect(speakerChoices(fakeBook(many(3)), 'speaker 2')).toEqual([
      { name: 'Speaker 2, Minister (2 quotes)', value: 'Speaker 2' },
    ]);
  });

  it('names a speaker longer than 100 characters by the last words of the name', () => {
    const name = `${'Very Long Name '.repeat(10)}Juan Ramón de la Fuente`;
    const value = speakerChoiceValue(name);
    expect(value.endsWith(' Juan Ramón de la Fuente')).toBe(true);
    expect(name.endsWith(` ${value}`)).toBe(true); // whole words only
    expect(value.length).toBeGreaterThan(90);
    expect(speakerChoiceValue(name).length).toBeLessThanOrEqual(100);
    expect(speakerChoiceValue('X'.repeat(150))).toBe('X'.repeat(100));
    expect(speakerChoiceValue('Marco Rubio')).toBe('Marco Rubio');
  });
});

describe('unknown speakers', () => {
  it('offers near misses by their first letters, else the most quoted', () => {
    const book = fakeBook([
      { speaker: { name: 'Marco Rubio' }, count: 6, variants: [] },
      { speaker: { name: 'Trump' }, count: 2, variants: [] },
    ]);
    expect(unknownSpeakerMessage(book, 'Rubo').content).toContain('Perhaps: **Marco Rubio**.');
    expect(unknownSpeakerMessage(book, 'trúmpet').content).toContain('Perhaps: **Trump**.');
    expect(unknownSpeakerMessage(book, 'Stanley Rubbish').content).toContain('Most quoted:'); // "stan", "rubb": no near miss
    const none = unknownSpeakerMessage(book, 'Angela *Merkel*').content!;
    expect(none).toMatch(/^Nobody by that name is quoted: I found no quotation by “Angela \\\*Merkel\\\*”\./);
    expect(none).toContain('Most quoted: **Marco Rubio**, **Trump**.');
  });
});

describe('findQuotations', () => {
  it('keeps only the speaker’s own quotations, caps them, and needs a speaker or a topic', () => {
    const book = fakeBook(
      [],
      [
        q(1),
        q(2, { speaker: { name: 'Marco Rubio Jr' } }),
        q(3, { speaker: null }),
        ...Array.from({ length: 80 }, (_, i) => q(10 + i)),
      ],
    );
    const found = findQuotations(book, { speaker: 'Marco Rubio' });
    expect(found.every((x) => x.speaker?.name === 'Marco Rubio')).toBe(true);
    expect(found).toHaveLength(MAX_QUOTES);
    expect(findQuotations(book, {})).toEqual([]);
    expect(findQuotations(book, { about: 'words 3' })[0]?.id).toBe('a#q3');
  });
});

describe('/speakers page', () => {
  it('lists name — role · count, escaped, paged by buttons only the asker can use', () => {
    const list = many(40, (i) => (i === 1 ? 'Dr. *Star* <@1>' : `Speaker ${i}`));
    const first = buildSpeakersPage(list, 0, USER);
    expectSendable(first);
    const embed = first.embeds![0];
    expect(embed?.description!.split('\n')).toHaveLength(SPEAKERS_PAGE_SIZE);
    expect(embed?.description).toMatch(
      /^\*\*1\.\*\* Dr\. \\\*Star\\\* \\<@1> · 40 quotations\n\*\*2\.\*\* Speaker 2 — Minister · 39 quotations\n/,
    );
    expect(embed?.footer!.text).toMatch(/^Page 1 of 3 · 40 speakers, 820 attributed quotations, most quoted first/);
    expect(first.components![0]?.components).toMatchObject([
      { label: 'Previous', disabled: true, custom_id: `speakers:page:${USER}:0` },
      { label: 'Next', disabled: false, custom_id: `speakers:page:${USER}:1` },
    ]);
    const last = buildSpeakersPage(list, 99, USER);
    expect(last.embeds![0]?.footer!.text).toMatch(/^Page 3 of 3 /);
    expect(last.embeds![0]?.description).toMatch(/^\*\*31\.\*\* /);
    expect(last.components![0]?.components.map((b) => b.disabled)).toEqual([false, true]);
    expect(buildSpeakersPage(many(2), 0, USER).components).toBeUndefined();
    expect(buildSpeakersPage([], 0, USER).embeds![0]?.description).toBe('Nobody is quoted in the corpus.');
  });

  it('stays within the limits with very long names and roles', () => {
    const list = Array.from({ length: 15 }, (_, i) => ({
      speaker: { name: 'N'.repeat(500) + i, role: 'R'.repeat(500) },
      count: 1,
      variants: [],
    }));
    expectSendable(buildSpeakersPage(list, 0, USER));
  });
});
