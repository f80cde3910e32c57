import { describe, expect, it } from 'vitest';
import type { AnswerPassage } from '../src/answer/types.js';
import {
  clampMessage,
  escapeSource,
  fitEscaped,
  formatDate,
  renderCitation,
  renderExcerpt,
  renderPassage,
  trimEnd,
  trimMarkdown,
  trimStart,
  truncate,
} from '../src/discord/render.js';
import { LIMITS, limitViolations } from '../src/discord/limits.js';

const doc = {
  id: 'joint-communique',
  title: 'Joint Communiqué of the U.S.–Mexico Security Implementation Group',
  publisher: 'U.S. Department of State',
  author: 'Office of the Spokesperson',
  date: '2025-09-03',
  url: 'https://www.state.gov/joint-communique',
};

function passage(text: string, quote: string, paragraph = 4): AnswerPassage {
  return { passageId: `${doc.id}#${paragraph}`, text, quote, paragraph, score: 1, source: 'passage', document: doc };
}

const sentence = (i: number) => `Sentence number ${i} talks about security cooperation between both countries.`;
const longText = (n: number) => Array.from({ length: n }, (_, i) => sentence(i + 1)).join(' ');

describe('trimming', () => {
  it('returns text unchanged when it fits', () => {
    expect(trimEnd('Short. Text.', 100)).toBe('Short. Text.');
    expect(trimStart('Short. Text.', 100)).toBe('Short. Text.');
  });

  it('cuts at a sentence boundary with an ellipsis', () => {
    const text = longText(10);
    const out = trimEnd(text, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.endsWith('countries. …')).toBe(true);
    expect(text.startsWith(out.slice(0, -2))).toBe(true);
  });

  it('keeps the end from a sentence start', () => {
    const text = longText(10);
    const out = trimStart(text, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.startsWith('… Sentence number')).toBe(true);
    expect(text.endsWith(out.slice(2))).toBe(true);
  });

  it('falls back to a word boundary, never inside a word', () => {
    const text = 'word '.repeat(100).trim();
    const out = trimEnd(text, 52);
    expect(out.length).toBeLessThanOrEqual(52);
    expect(out).toMatch(/ word…$/);
    const start = trimStart(text, 52);
    expect(start).toMatch(/^…word /);
    expect(start.length).toBeLessThanOrEqual(52);
  });

  it('never splits a surrogate pair', () => {
    const text = '😀'.repeat(50);
    for (let max = 2; max < 40; max++) {
      const out = trimEnd(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.slice(0, -1)).toMatch(/^(😀)*$/u);
      const start = trimStart(text, max);
      expect(start.slice(1)).toMatch(/^(😀)*$/u);
      expect(start.length).toBeLessThanOrEqual(max);
    }
  });

  it('does not treat abbreviations as sentence ends', () => {
    const text = 'The U.S. State Department said Gen. Smith would attend. ' + 'More words follow here. '.repeat(20);
    expect(trimEnd(text, 80)).toBe('The U.S. State Department said Gen. Smith would attend. …');
  });

  it('truncate cuts plain text at a word', () => {
    expect(truncate('a'.repeat(10) + ' ' + 'b'.repeat(200), 100)).toBe('a'.repeat(10) + '…');
    expect(truncate('short', 100)).toBe('short');
  });
});

describe('escaping', () => {
  it('shows Markdown, mentions and quotes literally', () => {
    expect(escapeSource('*bold* _it_ `code` ~~s~~ ||sp||')).toBe(
      '\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|sp\\|\\|',
    );
    expect(escapeSource('hi <@123456> and <#42> and <t:1:R>')).toBe('hi \\<@123456> and \\<#42> and \\<t:1:R>');
    expect(escapeSource('> not a quote')).toBe('\\> not a quote');
    expect(escapeSource('# not a heading')).toBe('\\# not a heading');
    expect(escapeSource('[x](http://evil)')).toBe('\\[x\\](http://evil)');
    expect(escapeSource('1. one\n- two\n+ three')).toBe('1\\. one\n\\- two\n\\+ three');
    expect(escapeSource('a \\ b')).toBe('a \\\\ b');
  });

  it('trims before escaping so no escape sequence is cut', () => {
    const raw = '*'.repeat(300);
    const out = fitEscaped(raw, 101);
    expect(out.length).toBeLessThanOrEqual(101);
    expect(out.replace(/…$/, '')).toMatch(/^(\\\*)*$/);
  });

  it('trimMarkdown closes an open bold marker and drops a dangling backslash', () => {
    const out = trimMarkdown('> **' + 'word '.repeat(50) + '** tail', 60);
    expect(out.length).toBeLessThanOrEqual(60);
    expect((out.match(/\*\*/g) ?? []).length % 2).toBe(0);
    const esc = trimMarkdown('abc \\' + '\\*'.repeat(40), 20);
    expect(esc.length).toBeLessThanOrEqual(20);
  });
});

describe('citations', () => {
  it('formats dates', () => {
    expect(formatDate('2025-09-03')).toBe('3 September 2025');
    expect(formatDate('2025-09')).toBe('September 2025');
    expect(formatDate('2025')).toBe('2025');
  });

  it('links the title and lists publisher, author, date and paragraph', () => {
    expect(renderCitation(doc, 4)).toBe(
      '— [Joint Communiqué of the U.S.–Mexico Security Implementation Group](https://www.state.gov/joint-communique) · U.S. Department of State · Office of the Spokesperson · 3 September 2025 · ¶4',
    );
  });

  it('italicises the title without a URL and escapes Markdown in it', () => {
    const c = renderCitation(
      { id: 'x', title: 'A *starred* [title]', date: '2025-01-02', url: 'javascript:alert(1)' },
      2,
    );
    expect(c).toBe('— *A \\*starred\\* \\[title\\]* · 2 January 2025 · ¶2');
  });

  it('escapes brackets in a linked title and parentheses in the URL', () => {
    const c = renderCitation({ id: 'x', title: 'Plan [draft]', date: '2025', url: 'https://e.org/a_(b)' });
    expect(c).toBe('— [Plan \\[draft\\]](https://e.org/a_%28b%29) · 2025');
  });
});

describe('renderPassage', () => {
  it('block-quotes the passage with the quote in bold, then the citation', () => {
    const text = 'Both governments met in Mexico City. They agreed to form a security group. Work starts soon.';
    const out = renderPassage(passage(text, 'They agreed to form a security group.'));
    expect(out).toBe(
      '> Both governments met in Mexico City. **They agreed to form a security group.** Work starts soon.\n' +
        renderCitation(doc, 4),
    );
  });

  it('escapes Markdown in the passage so it shows literally', () => {
    const out = renderPassage(passage('Costs *rose* by 5%. See <@123>.', 'See <@123>.'));
    expect(out.startsWith('> Costs \\*rose\\* by 5%. **See \\<@123>.**\n')).toBe(true);
  });

  it('trims a long passage around the quote within the limit', () => {
    const text = longText(80);
    const quote = sentence(40);
    for (const max of [4096, 1500, 700, 400]) {
      const out = renderPassage(passage(text, quote), max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).toContain(`**${quote}**`);
      expect(out).toMatch(/^> …/);
      if (max >= 700) expect(out).toContain('countries. …');
      else expect(out).toMatch(/…\n/);
      expect(out.endsWith(renderCitation(doc, 4))).toBe(true);
    }
  });

  it('trims an over-long quote itself, keeping bold balanced', () => {
    const text = longText(80);
    const out = renderPassage(passage(text, text), 900);
    expect(out.length).toBeLessThanOrEqual(900);
    expect((out.match(/\*\*/g) ?? []).length).toBe(2);
    expect(out).toMatch(/^> \*\*Sentence number 1 /);
  });

  it('renders without bold when the quote is not found', () => {
    const out = renderPassage(passage('Some text here.', 'Not present.'));
    expect(out).toBe('> Some text here.\n' + renderCitation(doc, 4));
  });
});

describe('renderExcerpt', () => {
  const corpusDoc = {
    id: doc.id,
    file: 'x.md',
    meta: { title: doc.title, date: doc.date, language: 'en' as const, partial: false },
    header: [],
    paragraphs: Array.from({ length: 6 }, (_, i) => longText(30).replace(/Sentence/g, `P${i + 1}`)),
  };

  it('shows the paragraph with its neighbours within the budget', () => {
    const out = renderExcerpt(corpusDoc, 3, 3500);
    expect(out.length).toBeLessThanOrEqual(3500);
    expect(out).toContain('**¶2**');
    expect(out).toContain('> **¶3** P3');
    expect(out).toContain('**¶4** P4');
    expect(out).not.toContain('¶5');
  });

  it('shows the opening without a paragraph', () => {
    const out = renderExcerpt(corpusDoc, undefined, 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.startsWith('**¶1** P1')).toBe(true);
    expect(out).not.toContain('> ');
  });
});

describe('limits', () => {
  it('clampMessage brings any message within limits', () => {
    const huge = 'x '.repeat(5000);
    const message = {
      content: huge,
      embeds: Array.from({ length: 12 }, () => ({
        title: huge,
        description: huge,
        footer: { text: huge },
        fields: Array.from({ length: 30 }, () => ({ name: huge, value: huge })),
      })),
      components: Array.from({ length: 7 }, (_, r) => ({
        type: 1 as const,
        components: Array.from({ length: 7 }, (_, i) => ({
          type: 2 as const,
          style: 1,
          label: 'b',
          custom_id: `b${r}-${i}`,
        })),
      })),
    };
    expect(limitViolations(message).length).toBeGreaterThan(0);
    const clamped = clampMessage(message);
    expect(limitViolations(clamped)).toEqual([]);
    expect(clamped.content.length).toBeLessThanOrEqual(LIMITS.content);
  });

  it('limitViolations reports long custom ids', () => {
    expect(
      limitViolations({
        components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: 'x'.repeat(101) }] }],
      }),
    ).toEqual(['custom_id 101 > 100']);
  });
});
