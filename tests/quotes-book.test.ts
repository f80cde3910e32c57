import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runQuotesCommand } from '../src/cli/quotes.js';
import { QuoteBook } from '../src/quotes/quote-book.js';
import { analyzeDocument, type DocumentAnalysis } from '../src/quotes/extract.js';
import { pactbot } from './helpers/cli.js';
import { corpusFile, makeCorpus } from './helpers/corpus.js';
import { makeDoc } from './quotes-helpers.js';

type CorpusDocumentLike = ReturnType<typeof makeDoc>;

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

describe('naming speakers as documents come and go, without naming the book again', () => {
  const samuelAgain = makeDoc(['"Monterrey is safe," said Governor Samuel Garcia.'], {
    id: 'samuel-2',
    date: '2025-10-04',
  });
  const shortReplaced = makeDoc(['"Prices will fall," Omar García told reporters.'], {
    id: 'short',
    date: '2025-10-02',
  });
  const biden = makeDoc(['"We will act," President Biden said.'], { id: 'biden', date: '2025-10-05' });
  const jill = makeDoc(['First Lady Jill Biden visited the school.', '"Teachers matter," Jill Biden said.'], {
    id: 'jill',
    date: '2025-10-06',
  });
  const pool = [samuel, short, omar, samuelAgain, shortReplaced, biden, jill];
  const analyses = new Map<CorpusDocumentLike, DocumentAnalysis>(pool.map((doc) => [doc, analyzeDocument(doc)]));
  const speakerOf = (book: QuoteBook, docId: string) => book.all().find((q) => q.docId === docId)?.speaker?.name;

  it('a surname follows the full names the corpus knows after each add and removal', () => {
    const book = new QuoteBook();
    book.add(short);
    expect(speakerOf(book, 'short')).toBe('García');
    book.add(samuel);
    expect(speakerOf(book, 'short')).toBe('Samuel García');
    book.add(omar);
    expect(speakerOf(book, 'short')).toBe('García');
    expect(book.resolveSpeaker('omar garcia')?.name).toBe('Omar García');
    book.remove('samuel');
    expect(speakerOf(book, 'short')).toBe('Omar García');
    expect(book.find({ speaker: 'Omar García' }).map((q) => q.docId)).toEqual(['omar', 'short']);
    book.add(shortReplaced);
    expect(book.all().map((q) => [q.docId, q.speaker?.name])).toEqual([
      ['omar', 'Omar García'],
      ['short', 'Omar García'],
    ]);
  });

  it('after any adds, replacements and removals, names speakers as a book made from the final documents', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...pool)), { minLength: 1, maxLength: 14 }),
        (changes) => {
          const book = new QuoteBook();
          // The documents in the book's order: a replaced document keeps its place, a removed one loses it.
          const held = new Map<string, CorpusDocumentLike>();
          for (const [adding, doc] of changes) {
            if (adding) {
              book.addAnalysis(analyses.get(doc)!);
              held.set(doc.id, doc);
            } else {
              book.remove(doc.id);
              held.delete(doc.id);
            }
            book.all(); // names after every change, as a bot answering /quote in between would
          }
          const fresh = new QuoteBook();
          for (const doc of held.values()) fresh.addAnalysis(analyses.get(doc)!);
          expect(book.all()).toEqual(fresh.all());
          expect(book.speakers()).toEqual(fresh.speakers());
          for (const name of ['García', 'Samuel Garcia', 'Biden', 'Omar'])
            expect(book.resolveSpeaker(name)).toEqual(fresh.resolveSpeaker(name));
        },
      ),
      { numRuns: 150 },
    );
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
