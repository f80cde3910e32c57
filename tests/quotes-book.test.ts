import { describe, expect, it } from 'vitest';
import { runQuotesCommand } from '../src/cli/quotes.js';
import { QuoteBook } from '../src/quotes/quote-book.js';
import { pactbot } from './helpers/cli.js';
import { corpusFile, makeCorpus } from './helpers/corpus.js';
import { makeDoc } from './quotes-helpers.js';

const samuel = makeDoc(['Nuevo León Governor Samuel García spoke on Monday.', '"We are ready," García said.'], {
  id: 'samuel',
  date: '2025-10-01',
});
const short = makeDoc(['"The border is busy," García told reporters.'], { id: 'short', date: '2025-10-02' });
const omar = makeDoc(['Security Secretary Omar García met the press.', '"Arrests are up," said Omar García.'], {
  id: 'omar',
  date: '2025-10-03',
});

describe('quote book across documents', () => {
  it('links a surname to the one full name the corpus knows', () => {
    const book = QuoteBook.build([samuel, short]);
    expect(book.all().find((q) => q.docId === 'short')?.speaker?.name).toBe('Samuel García');
  });

  it('leaves a surname two people share as written', () => {
    const book = QuoteBook.build([samuel, short, omar]);
    expect(book.all().find((q) => q.docId === 'short')?.speaker?.name).toBe('García');
    expect(book.find({ speaker: 'Samuel García', limit: 10 }).map((q) => q.docId)).toEqual(['samuel']);
  });

  it('does not link a surname whose role says it is somebody else', () => {
    const doc = makeDoc([
      'President Biden, alongside First Lady Dr. Jill Biden, urged vaccination, saying it "can save your life and the lives of others."',
    ]);
    expect(QuoteBook.build([doc]).all()[0]?.speaker?.name).toBe('Biden');
  });

  it('adds and removes one document without touching the others', () => {
    const book = QuoteBook.build([samuel, short]);
    book.add(omar);
    expect(book.all().map((q) => q.docId)).toEqual(['omar', 'short', 'samuel']);
    expect(book.remove('omar')).toBe(true);
    expect(book.remove('omar')).toBe(false);
    expect(book.all()).toEqual(QuoteBook.build([samuel, short]).all());
    expect(book.all().find((q) => q.docId === 'short')?.speaker?.name).toBe('Samuel García');
  });

  it('reads a saved book back without the documents, equal to the one saved', () => {
    const book = QuoteBook.build([samuel, short, omar]);
    const saved = JSON.parse(JSON.stringify(book));
    const restored = QuoteBook.fromJSON(saved)!;
    expect(restored.all()).toEqual(book.all());
    expect(restored.speakers()).toEqual(book.speakers());
    expect(restored.resolveSpeaker('omar garcia')?.name).toBe('Omar García');
    // One document saved on its own and added back.
    const single = new QuoteBook();
    single.addAnalysis(JSON.parse(JSON.stringify(book.analysisOf('samuel'))));
    expect(single.all()).toEqual(QuoteBook.build([samuel]).all());
  });

  it('refuses a saved book of another version', () => {
    expect(QuoteBook.fromJSON({ version: 0, documents: [] })).toBeUndefined();
    expect(QuoteBook.fromJSON(null)).toBeUndefined();
  });
});

describe('quotes --json and --limit', () => {
  const many = makeDoc(
    Array.from({ length: 60 }, (_, i) => `"Statement number ${i + 1} stands," said Senator Amy Klobuchar.`),
    { id: 'many' },
  );
  const book = QuoteBook.build([many]);

  it('lists every quotation in JSON without --limit, and exactly N with --limit N', () => {
    expect(JSON.parse(runQuotesCommand(book, { json: true }, [many])).quotes).toHaveLength(60);
    expect(JSON.parse(runQuotesCommand(book, { json: true, limit: 55 }, [many])).quotes).toHaveLength(55);
    expect(runQuotesCommand(book, { json: false }, [many]).split('\n\n')).toHaveLength(20);
  });

  it('the command line takes any positive whole number and refuses others', async () => {
    const dir = await makeCorpus({ 'many.md': corpusFile({ title: 'Many', date: '2025-10-01' }, many.paragraphs) });
    const cli = (args: string[]) => pactbot(['quotes', '--corpus', dir, ...args]);
    expect(JSON.parse((await cli(['--json'])).stdout).quotes).toHaveLength(60);
    expect(JSON.parse((await cli(['--json', '--limit', '57'])).stdout).quotes).toHaveLength(57);
    expect(await cli(['--json', '--limit', '0'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--limit must be a whole number'),
    });
  });
});
