import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import type { CorpusDocument } from '../src/corpus/types.js';
import { extractQuotes } from '../src/quotes/extract.js';
import { QuoteBook } from '../src/quotes/quote-book.js';
import { evaluateQuotes, formatEvaluation, readGold, type GoldQuote } from '../src/quotes/evaluate.js';
import { runQuotesCommand, runSpeakersCommand } from '../src/cli/quotes.js';
import { expectVerbatim } from './quotes-helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED = 'wsws-2025-09-08-rubio-sheinbaum-security-pact';
const PRESS = 'state-rubio-delafuente-press-conference-2025-09-03';

let documents: CorpusDocument[];
let book: QuoteBook;
let gold: GoldQuote[];

beforeAll(async () => {
  ({ documents } = await loadCorpus(path.join(root, 'corpus')));
  book = QuoteBook.build(documents);
  gold = await readGold(path.join(root, 'tests/fixtures/quotes-gold.json'));
});

function quoteContaining(words: string) {
  const found = book.all().filter((q) => q.text.includes(words));
  expect(found, words).toHaveLength(1);
  return found[0];
}

describe('the real corpus', () => {
  it('has the seed article', () => {
    expect(documents.map((d) => d.id)).toContain(SEED);
  });

  it('every quotation and context occurs verbatim in its document', () => {
    for (const doc of documents) expectVerbatim(doc, extractQuotes(doc));
    for (const q of book.all()) {
      const doc = documents.find((d) => d.id === q.docId)!;
      for (const piece of q.text.split('\n\n')) expect(doc.paragraphs.join('\n\n')).toContain(piece);
    }
  });

  it('attributes "each one in his own territory" to Juan Ramón de la Fuente', () => {
    expect(quoteContaining('each one in his own territory')?.speaker?.name).toBe('Juan Ramón de la Fuente');
  });

  it('attributes "We have reached a historical level of cooperation" to Marco Rubio', () => {
    const q = quoteContaining('We have reached a historical level of cooperation');
    expect(q?.speaker).toEqual({ name: 'Marco Rubio', role: 'Secretary of State' });
    expect(q?.docId).toBe(SEED);
    expect(q?.paragraph).toBe(2);
  });

  it('resolves "he claimed" to de la Fuente, not Rubio', () => {
    expect(
      quoteContaining('will put an end to the trafficking of fentanyl and other illicit drugs as well')?.speaker?.name,
    ).toBe('Juan Ramón de la Fuente');
  });

  it('never lists the Chapo / El Mayo nicknames or scare quotes as statements', () => {
    const texts = book.all().map((q) => q.text);
    for (const bad of ['El Mayo', 'Chapo', 'offer', 'teams'])
      expect(texts.filter((t) => t.replace(/[,.]$/, '') === bad)).toEqual([]);
    expect(texts.some((t) => t.startsWith('Mission Firewall'))).toBe(false);
  });

  it('gives the joint-statement blocks to the statement', () => {
    const q = quoteContaining('The aim is to work together to dismantle transnational organized crime');
    expect(q?.speaker?.name).toBe('Joint statement');
    expect(quoteContaining('Our close coordination has allowed us')?.speaker?.name).toBe('Joint statement');
  });

  it('reads the transcript: speakers, and the statement cut off where the copy ends', () => {
    const press = book.all().filter((q) => q.docId === PRESS);
    expect(press.map((q) => q.speaker?.name)).toEqual(['Moderator', 'Juan Ramón de la Fuente', 'Joint statement']);
    expect(press[2]?.text.endsWith('Both governm')).toBe(true);
    expect(press[1]?.text).toContain('\n\nFor this, I would like');
  });

  it('has one canonical speaker per person across documents', () => {
    const names = book.speakers().map((s) => s.speaker.name);
    expect(names.filter((n) => /rubio/i.test(n))).toEqual(['Marco Rubio']);
    expect(names.filter((n) => /fuente/i.test(n))).toEqual(['Juan Ramón de la Fuente']);
    const fuente = book.speakers().find((s) => s.speaker.name === 'Juan Ramón de la Fuente')!;
    expect(fuente.variants).toEqual(expect.arrayContaining(['de la Fuente', 'FOREIGN SECRETARY DE LA FUENTE']));
    expect(fuente.speaker.role).toMatch(/^Foreign (Secretary|Minister)$/);
    expect(new Set(book.find({ speaker: 'de la fuente', limit: 100 }).map((q) => q.docId))).toEqual(
      new Set([SEED, PRESS]),
    );
  });

  it('finds by speaker variant, accent- and case-insensitively', () => {
    const rubio = book
      .all()
      .filter((q) => q.speaker?.name === 'Marco Rubio')
      .map((q) => q.id);
    expect(rubio.length).toBeGreaterThan(0);
    for (const variant of ['Rubio', 'secretary rubio', 'Marco Rubio', 'Secretary of State Marco Rubio']) {
      expect(
        book.find({ speaker: variant, limit: 100 }).map((q) => q.id),
        variant,
      ).toEqual(rubio);
    }
    const fuente = book
      .all()
      .filter((q) => q.speaker?.name === 'Juan Ramón de la Fuente')
      .map((q) => q.id);
    expect(book.find({ speaker: 'JUAN RAMON DE LA FUENTE', limit: 100 }).map((q) => q.id)).toEqual(fuente);
    expect(book.resolveSpeaker('FOREIGN SECRETARY DE LA FUENTE')?.name).toBe('Juan Ramón de la Fuente');
    expect(book.resolveSpeaker('nobody at all')).toBeUndefined();
  });

  it('finds who said something, ranked by relevance', () => {
    const [top] = book.find({ about: 'nonintervention' });
    expect(top?.speaker?.name).toBe('Juan Ramón de la Fuente');
    const sovereignty = book.find({ about: 'own territory', speaker: 'de la Fuente' });
    expect(sovereignty[0]?.text).toContain('each one in his own territory');
    expect(book.find({ about: 'cartels', limit: 3 }).length).toBeLessThanOrEqual(3);
  });

  it('lists newest documents first without a topic', () => {
    const dates = book.find({ limit: 100 }).map((q) => documents.find((d) => d.id === q.docId)!.meta.date);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('suggests speakers for autocomplete', () => {
    expect(book.suggestSpeakers('fuen').map((s) => s.name)).toEqual(['Juan Ramón de la Fuente']);
    expect(book.suggestSpeakers('ramon')[0]?.name).toBe('Juan Ramón de la Fuente');
    expect(book.suggestSpeakers('').length).toBe(book.speakers().length);
    expect(book.suggestSpeakers('', 2)).toHaveLength(2);
  });

  it('speakers() is sorted by count', () => {
    const counts = book.speakers().map((s) => s.count);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(book.speakers()[0]?.speaker.name).toBe('Marco Rubio');
  });

  it('keeps every gold (quotation, speaker) pair of the shipped corpus', () => {
    const result = evaluateQuotes(documents, gold);
    if (result.precision < 1 || result.recall < 1) console.log(formatEvaluation(result));
    expect(result.precision).toBe(1);
    expect(result.recall).toBe(1);
  });

  it('the gold file quotes every text verbatim and covers the seed article', () => {
    for (const g of gold) {
      const doc = documents.find((d) => d.id === g.docId);
      expect(doc, g.docId).toBeDefined();
      for (const piece of g.text.split('\n\n')) expect(doc!.paragraphs.join('\n\n')).toContain(piece);
    }
    expect(gold.filter((g) => g.docId === SEED).length).toBeGreaterThanOrEqual(14);
  });

  it('grows incrementally with add()', () => {
    const partial = QuoteBook.build(documents.filter((d) => d.id !== SEED));
    expect(partial.find({ speaker: 'Rubio' })).toHaveLength(0);
    partial.add(documents.find((d) => d.id === SEED)!);
    expect(partial.find({ speaker: 'Rubio', limit: 100 })).toEqual(book.find({ speaker: 'Rubio', limit: 100 }));
    expect(partial.speakers()).toEqual(book.speakers());
  });
});

describe('CLI output', () => {
  it('quotes --json', () => {
    const out = JSON.parse(runQuotesCommand(book, { speaker: 'Rubio', json: true, limit: 2 }, documents));
    expect(out.quotes).toHaveLength(2);
    expect(out.quotes[0]).toEqual({
      text: "security cooperation and respect Mexico's sovereignty and territory.",
      speaker: { name: 'Marco Rubio', role: 'Secretary of State' },
      attributed: true,
      paragraph: 2,
      document: {
        id: SEED,
        title: 'US Secretary of State Rubio and Mexican President Sheinbaum unveil security pact',
        date: '2025-09-08',
        url: null,
      },
    });
    const unattributed = JSON.parse(
      runQuotesCommand(book, { about: 'bilateral security issues', json: true }, documents),
    );
    const agenda = unattributed.quotes.find((q: { text: string }) => q.text === 'bilateral security issues');
    expect(agenda.speaker).toBeNull();
    expect(agenda.attributed).toBe(false);
  });

  it('quotes, human-readable', () => {
    const out = runQuotesCommand(book, { about: 'historical level of cooperation', json: false, limit: 1 }, documents);
    expect(out).toContain('“We have reached a historical level of cooperation”');
    expect(out).toContain('— Marco Rubio, Secretary of State');
    expect(out).toContain('(2025-09-08), ¶2');
    expect(runQuotesCommand(book, { speaker: 'Nobody Here', json: false }, documents)).toMatch(/^No quotations found/);
  });

  it('speakers, JSON and table', () => {
    const out = JSON.parse(runSpeakersCommand(book, { json: true }));
    expect(out.speakers[0]).toMatchObject({ name: 'Marco Rubio', role: 'Secretary of State', count: 6 });
    expect(out.speakers[0].variants).toContain('Rubio');
    const table = runSpeakersCommand(book, { json: false });
    expect(table.split('\n')[0]).toMatch(/^Speaker\s+Role\s+Quotes/);
    expect(table).toContain('Juan Ramón de la Fuente');
  });
});
