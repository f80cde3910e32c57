/** The /ask page builder with a fake index: paging, footers, custom_id limits, mentions. */
import { describe, expect, it } from 'vitest';
import type { Answer, AnswerPassage } from '../src/answer/types.js';
import type { CorpusDocument } from '../src/corpus/types.js';
import { limitViolations } from '../src/discord/limits.js';
import { trimMarkdown } from '../src/discord/render.js';
import type { AnswerIndex } from '../src/discord/types.js';
import { fakeIndex } from './helpers/fake-index.js';
import { buildAskPage, footerText, normalizeQuestion, questionHash, readFooter } from '../commands/ask.js';
import { buildSourcesPage } from '../commands/sources.js';
import { buildAbout } from '../commands/about.js';
import {
  documentChoices,
  documentEmbed,
  lookUpDocument,
  resolveDocument,
  unknownDocumentMessage,
} from '../src/discord/documents.js';
import { at } from './helpers/at.js';

function makeDoc(id: string, title: string, paragraphs: string[], date = '2025-09-03'): CorpusDocument {
  return {
    id,
    file: `${id}.md`,
    meta: { title, date, language: 'en', partial: false, url: 'https://example.org/' + id },
    header: [],
    paragraphs,
  };
}

function answeringIndex(
  docs: CorpusDocument[],
  passages: number,
  text = (i: number) => `Before ${i}. The answer number ${i} is here. After ${i}.`,
): AnswerIndex & { asked: string[] } {
  const asked: string[] = [];
  const index = fakeIndex(docs, {
    stats: () => ({ documents: docs.length, passages, lastChanged: '2025-10-01T12:00:00.000Z' }),
    answerQuestion(question, opts): Answer {
      asked.push(question);
      const pool = docs.filter((d) => !opts?.documentId || d.id === opts.documentId);
      const answers: AnswerPassage[] = Array.from({ length: Math.min(passages, opts?.limit ?? 3) }, (_, i) => {
        const doc = at(pool, i % pool.length);
        return {
          passageId: `${doc.id}#${i + 1}`,
          text: text(i + 1),
          quote: `The answer number ${i + 1} is here.`,
          source: 'passage',
          paragraph: i + 1,
          score: 1,
          document: { id: doc.id, title: doc.meta.title, date: doc.meta.date, url: doc.meta.url },
        };
      });
      return { question, notFound: answers.length === 0, unknownTerms: [], answers };
    },
  });
  return Object.assign(index, { asked });
}

const doc = makeDoc('doc-a', 'Document A', ['One.', 'Two.', 'Three.']);

describe('buildAskPage', () => {
  it('shows three passages, footer with the question, More enabled while more exist', () => {
    const index = answeringIndex([doc], 10);
    const page = buildAskPage(index, { question: 'What is it?', userId: '42', offset: 0 });
    expect(page.embeds).toHaveLength(3);
    expect(page.embeds!.at(-1)!.footer!.text).toBe('Passages 1–3 · Q: What is it?');
    const [paging, context] = page.components!;
    expect(paging?.components.map((b) => [b.label, b.disabled])).toEqual([['More', false]]);
    expect(context?.components.map((b) => b.custom_id)).toEqual([
      'ask:ctx:1:doc-a',
      'ask:ctx:2:doc-a',
      'ask:ctx:3:doc-a',
    ]);
    expect(limitViolations(page)).toEqual([]);
  });

  it('pages up to 15 passages, then disables More', () => {
    const index = answeringIndex([doc], 40);
    const last = buildAskPage(index, { question: 'q?', userId: '42', offset: 12 });
    expect(last.embeds!.at(-1)!.footer!.text).toBe('Passages 13–15 · Q: q?');
    const more = last.components?.[0]?.components.find((b) => b.label === 'More');
    expect(more?.disabled).toBe(true);
    expect(last.components![0]?.components[0]?.label).toBe('Back');
  });

  it('clamps an offset beyond the results (the corpus changed since) to the last page', () => {
    const index = answeringIndex([doc], 4);
    const page = buildAskPage(index, { question: 'q?', userId: '42', offset: 9 });
    expect(page.embeds!.at(-1)!.footer!.text).toBe('Passages 4–4 · Q: q?');
  });

  it('keeps every custom_id ≤ 100 characters; a long document id is shortened, not its Context button dropped', () => {
    const longId = 'x'.repeat(95);
    const index = answeringIndex([makeDoc(longId, 'Long id document', ['a'])], 3);
    const page = buildAskPage(index, { question: 'q?', userId: '123456789012345678', offset: 0 });
    expect(limitViolations(page)).toEqual([]);
    expect(page.components).toHaveLength(2);
    const context = page.components![1]!.components.map((b) => b.custom_id!);
    expect(context.length).toBeGreaterThan(0);
    for (const id of context) expect(id).toMatch(/^ask:ctx:\d+:x+~[0-9a-f]{8}$/);
  });

  it('reads the question back from the footer and checks it against the hash', () => {
    const state = {
      question: normalizeQuestion('  What   did they\nsay · Q: about it? '),
      documentId: 'doc-a',
      userId: '1',
      offset: 3,
    };
    const footer = footerText(state, 3);
    const read = readFooter({ embeds: [{ footer: { text: footer } }] });
    expect(read).toEqual({ question: 'What did they say · Q: about it?', documentId: 'doc-a' });
    expect(questionHash(read!.question, read!.documentId)).toBe(questionHash(state.question, state.documentId));
    expect(readFooter({ embeds: [] })).toBeUndefined();
  });

  it('passes the question as typed to answering (which drops the markup) and shows it as typed', () => {
    const index = answeringIndex([doc], 3);
    const page = buildAskPage(index, { question: 'Did <@123> agree?', userId: '1', offset: 0 });
    expect(index.asked.at(-1)).toBe('Did <@123> agree?');
    expect(page.embeds!.at(-1)!.footer!.text).toBe('Passages 1–3 · Q: Did <@123> agree?');
  });

  it('keeps huge passages with Markdown and emoji within every limit', () => {
    const huge = (i: number) =>
      `${'😀 *x* _y_ `z` > q <@1> '.repeat(400)}The answer number ${i} is here. ${'||s|| ~~t~~ [l](http://a) '.repeat(400)}`;
    const index = answeringIndex([doc], 15, huge);
    for (const offset of [0, 3, 12]) {
      const page = buildAskPage(index, { question: 'q?', userId: '1', offset });
      expect(limitViolations(page)).toEqual([]);
      for (const e of page.embeds!) {
        expect(e.description).toMatch(/\*\*The answer number \d+ is here\.\*\*/);
        expect(e.description).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
      }
    }
  });

  it('says when nothing answers, naming unknown terms, with mentions escaped', () => {
    const index: AnswerIndex = {
      ...answeringIndex([doc], 0),
      answerQuestion: (q) => ({ question: q, notFound: true, unknownTerms: ['merkel', 'angela'], answers: [] }),
    };
    const page = buildAskPage(index, { question: 'Did <@1> meet Angela Merkel?', userId: '1', offset: 0 });
    expect(page.content).toContain('“Did \\<@1> meet Angela Merkel?”');
    expect(page.content).toContain('No document in the corpus mentions **merkel** and **angela**.');
    expect(page.components).toBeUndefined();
  });
});

describe('documents', () => {
  const docs = [
    makeDoc('sre-comunicado', 'Comunicado conjunto de la Secretaría', ['Uno.']),
    makeDoc('state-readout', 'Readout of the meeting', ['One.', 'Two.']),
  ];
  const index = answeringIndex(docs, 1);

  it('resolves ids, exact titles (accents and case ignored) and unique partial titles', () => {
    expect(resolveDocument(index, 'state-readout')?.id).toBe('state-readout');
    expect(resolveDocument(index, 'comunicado conjunto de la secretaria')?.id).toBe('sre-comunicado');
    expect(resolveDocument(index, 'readout')?.id).toBe('state-readout');
    expect(resolveDocument(index, 'nothing')).toBeUndefined();
  });

  it('names no document for a title two documents share (one story from two publishers), and tells them apart', () => {
    const wire = (id: string, publisher: string) => ({
      ...makeDoc(id, 'Mexico and US launch security group', ['One.']),
      meta: { ...makeDoc(id, '', []).meta, title: 'Mexico and US launch security group', publisher },
    });
    const twins = answeringIndex([wire('ap-copy', 'Associated Press'), wire('abc-copy', 'ABC News')], 1);
    const found = lookUpDocument(twins, 'mexico and us launch security group');
    expect(found).toEqual({
      candidates: [expect.objectContaining({ id: 'ap-copy' }), expect.objectContaining({ id: 'abc-copy' })],
    });
    const message = unknownDocumentMessage(
      'Mexico and US launch security group',
      'candidates' in found ? found.candidates : [],
    );
    expect(message.content).toMatch(/fits 2 documents/);
    expect(message.content).toContain('Associated Press');
    expect(message.content).toContain('ABC News');
    expect(resolveDocument(twins, 'ap-copy')?.id).toBe('ap-copy');
  });

  it('offers ≤ 25 choices with names ≤ 100', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      makeDoc(`d${i}`, `Title ${i} ${'long words '.repeat(20)}`, ['p']),
    );
    const choices = documentChoices(answeringIndex(many, 1), 'title');
    expect(choices).toHaveLength(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
    expect(choices[0]?.name).toMatch(/… \(2025-09-03\)$/);
  });

  it('documentEmbed stays within limits', () => {
    const big = makeDoc(
      'big',
      'T'.repeat(300),
      Array.from({ length: 5 }, () => 'Sentence here. '.repeat(500)),
    );
    big.meta.license = 'L'.repeat(3000);
    big.meta.publisher = 'P'.repeat(2000);
    expect(limitViolations({ embeds: [documentEmbed(big, 3)] })).toEqual([]);
  });

  it('/sources pages eight at a time; /about reports the stats', () => {
    const many = Array.from({ length: 20 }, (_, i) => makeDoc(`d${i}`, `Title ${i}`, ['p']));
    const page = buildSourcesPage(many, 2, '1');
    expect(page.embeds![0]?.footer!.text).toContain('Page 3 of 3');
    expect(page.components![0]?.components.map((b) => b.disabled)).toEqual([false, true]);
    expect(limitViolations(page)).toEqual([]);
    const about = buildAbout(answeringIndex(many, 77));
    expect(about.embeds![0]?.fields!.find((f) => f.name === 'Passages')!.value).toBe('77');
  });
});

describe('trimMarkdown', () => {
  it('never leaves half a masked link', () => {
    const md = 'Some words here and then [A linked title](https://example.org/very/long/path) and more words after it.';
    for (let max = 30; max < md.length; max++) {
      const out = trimMarkdown(md, max);
      expect(out.length).toBeLessThanOrEqual(max);
      const opened = (out.match(/(?<!\\)\[/g) ?? []).length;
      if (opened > 0) expect(out).toContain('](https://example.org/very/long/path)');
    }
  });
});
