import { describe, expect, it } from 'vitest';
import { LIMITS } from '../src/discord/limits.js';
import { renderUpdate, type MessageBody } from '../src/discord/update-post.js';
import type { DocumentSummary } from '../src/updates/index.js';
import { at } from './helpers/at.js';

const summary = (i: number, extra: Partial<DocumentSummary> = {}): DocumentSummary => ({
  documentId: `doc-${i}`,
  title: `Document ${i}: Security *cooperation* update`,
  url: `https://news.example/${i}`,
  publisher: 'Example News',
  author: 'Ana López',
  date: '2025-09-20',
  language: 'en',
  lead: 'The governments of Mexico and the United States reaffirm their cooperation in the field of security.',
  quotes: [],
  ...extra,
});

function totalEmbedChars(body: MessageBody): number {
  return body.embeds.reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
    0,
  );
}

function withinLimits(body: MessageBody) {
  expect(body.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
  expect(body.nonce.length).toBeLessThanOrEqual(25);
  expect(body.enforce_nonce).toBe(true);
  for (const e of body.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
  }
  expect(totalEmbedChars(body)).toBeLessThanOrEqual(LIMITS.embedTotal);
}

describe('renderUpdate', () => {
  it('renders one document with quotes, mentioning only the chosen role', () => {
    const body = renderUpdate(
      {
        kind: 'document',
        subscriptionId: 1,
        filters: ['security'],
        mentionRoleIds: ['123'],
        document: summary(1, {
          lead: 'Text with @everyone and <@&999> inside.',
          quotes: [
            {
              text: 'We collaborate, we coordinate, but we never subordinate.',
              speaker: { name: 'Claudia Sheinbaum', role: 'President' },
              paragraph: 3,
            },
            { text: 'Unattributed words.', speaker: null, paragraph: 5 },
          ],
        }),
      },
      'abcdefghijklmnopqrstuvwxy',
    );
    expect(body.content).toBe('<@&123>');
    expect(body.allowed_mentions).toEqual({ parse: [], roles: ['123'] });
    expect(body.nonce).toBe('abcdefghijklmnopqrstuvwxy');
    const [embed] = body.embeds;
    expect(embed).toMatchObject({
      title: 'Document 1: Security *cooperation* update',
      url: 'https://news.example/1',
      author: { name: 'Example News · Ana López · 20 September 2025' },
    });
    expect(embed?.fields).toEqual([
      {
        name: 'Claudia Sheinbaum, President (¶3)',
        value: '“We collaborate, we coordinate, but we never subordinate.”',
      },
      { name: 'Quoted (¶5)', value: '“Unattributed words.”' },
    ]);
    expect(embed?.footer?.text).toBe('Matches your subscription: security');
    withinLimits(body);
  });

  it('mentions nobody without a role', () => {
    const body = renderUpdate(
      { kind: 'document', subscriptionId: 1, filters: [''], mentionRoleIds: [], document: summary(1) },
      'n',
    );
    expect(body.content).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [] });
  });

  it('keeps huge documents within Discord limits', () => {
    const long = 'x'.repeat(5000);
    const body = renderUpdate(
      {
        kind: 'document',
        subscriptionId: 1,
        filters: ['f'.repeat(3000)],
        mentionRoleIds: [],
        document: summary(1, {
          title: 'T'.repeat(400),
          lead: long,
          publisher: 'P'.repeat(300),
          quotes: [1, 2, 3].map((p) => ({ text: long, speaker: { name: 'N'.repeat(300) }, paragraph: p })),
        }),
      },
      'n',
    );
    withinLimits(body);
  });

  it('renders a digest of many documents within limits', () => {
    const docs = Array.from({ length: 60 }, (_, i) =>
      summary(i, { title: `A rather long headline about the security pact, number ${i} `.repeat(3) }),
    );
    const body = renderUpdate(
      { kind: 'digest', subscriptionId: 1, filters: [''], mentionRoleIds: ['r'], documents: docs },
      'n',
    );
    expect(body.embeds[0]?.title).toBe('60 new documents');
    expect(body.embeds[0]?.description).toMatch(/^• \[A rather long headline/);
    expect(body.embeds[0]?.description).toMatch(/…and \d+ more: \/sources lists every document$/);
    withinLimits(body);
  });

  it('escapes markdown and mention syntax from source text, so it shows as written and pings nobody', () => {
    const body = renderUpdate(
      {
        kind: 'document',
        subscriptionId: 1,
        filters: [''],
        mentionRoleIds: [],
        document: summary(1, { lead: 'Ask <@123> in <#456> about *this* at <t:1700000000:R> or @everyone.' }),
      },
      'n',
    );
    const text = at(body.embeds, 0).description;
    expect(text).toBe('Ask \\<@123> in \\<#456> about \\*this\\* at \\<t:1700000000:R> or @everyone.');
    expect(text).not.toMatch(/(^|[^\\])<[@#]/);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [] });
    const digest = renderUpdate(
      {
        kind: 'digest',
        subscriptionId: 1,
        filters: [''],
        mentionRoleIds: [],
        documents: [summary(1, { title: 'Hi <@&999>' }), summary(2)],
      },
      'n',
    );
    expect(digest.embeds[0]?.description).toContain('Hi \\<@&999>');
  });

  it('lists a digest in date order, numbers in titles compared as numbers, each with its link', () => {
    const docs = [1, 10, 0, 11, 2].map((i) => summary(i, { title: `Item ${i}`, date: '2025-09-20' }));
    docs.push(summary(99, { title: 'Older item', date: '2025-09-01' }));
    const body = renderUpdate(
      { kind: 'digest', subscriptionId: 1, filters: [''], mentionRoleIds: [], documents: docs },
      'n',
    );
    const titles = body.embeds[0]
      ?.description!.split('\n')
      .map((line) => /^• \[([^\]]+)\]\((https:[^)]+)\)/.exec(line)?.slice(1, 3));
    expect(titles).toEqual([
      ['Older item', 'https://news.example/99'],
      ['Item 0', 'https://news.example/0'],
      ['Item 1', 'https://news.example/1'],
      ['Item 2', 'https://news.example/2'],
      ['Item 10', 'https://news.example/10'],
      ['Item 11', 'https://news.example/11'],
    ]);
  });

  it('mentions the roles of every matching subscription in one post, and names every filter', () => {
    const body = renderUpdate(
      {
        kind: 'document',
        subscriptionId: 1,
        filters: ['fentanyl', 'border'],
        mentionRoleIds: ['1', '2', '1'],
        document: summary(1),
      },
      'n',
    );
    expect(body.content).toBe('<@&1> <@&2>');
    expect(body.allowed_mentions).toEqual({ parse: [], roles: ['1', '2'] });
    expect(body.embeds[0]?.footer?.text).toBe('Matches your subscriptions: fentanyl · border');
  });
});
