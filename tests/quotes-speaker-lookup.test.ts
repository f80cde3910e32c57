/**
 * The tie rule of `QuoteBook.lookUpSpeaker`: a typed name that fits several speakers equally well
 * names none of them (it lists them), so nobody is shown another person's quotations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PactIndex } from '../src/pact-index.js';
import { QuoteBook } from '../src/quotes/quote-book.js';
import { tempDataDir } from './helpers/corpus.js';
import { pactbot } from './helpers/cli.js';
import { makeTalksCorpus, TALKS } from './helpers/talks-corpus.js';
import { makeDoc } from './quotes-helpers.js';

const talks = makeDoc(TALKS, { id: 'talks', date: '2025-09-03' });
const panel = makeDoc(
  [
    '"Welcome to the panel on border security," the moderator said.',
    'A State Department spokesman said: "We will keep working with Mexico."',
  ],
  { id: 'panel', date: '2025-09-04' },
);
const book = QuoteBook.build([talks, panel]);
const names = (found: ReturnType<QuoteBook['lookUpSpeaker']>) =>
  'speaker' in found ? found.speaker.name : found.candidates.map((s) => s.name);

describe('a typed speaker name', () => {
  it('that fits several speakers equally names none and lists them, most quoted first', () => {
    expect(book.resolveSpeaker('Secretary')).toBeUndefined();
    expect(book.resolveSpeaker('state')).toBeUndefined();
    expect(book.find({ speaker: 'Secretary' })).toEqual([]);
    expect(names(book.lookUpSpeaker('Secretary'))).toEqual(['Marco Rubio', 'Juan Ramón de la Fuente']);
    expect(names(book.lookUpSpeaker('state'))).toEqual(['Marco Rubio', 'State Department spokesman']);
  });

  it('that fits one speaker best names them: a full name, a surname, a role only one has', () => {
    expect(names(book.lookUpSpeaker('Marco Rubio'))).toBe('Marco Rubio');
    expect(names(book.lookUpSpeaker('rubio'))).toBe('Marco Rubio');
    expect(names(book.lookUpSpeaker('Secretary Rubio'))).toBe('Marco Rubio');
    expect(names(book.lookUpSpeaker('Foreign Secretary'))).toBe('Juan Ramón de la Fuente');
    expect(names(book.lookUpSpeaker('de la Fuente'))).toBe('Juan Ramón de la Fuente');
    expect(book.find({ speaker: 'Foreign Secretary' }).map((q) => q.speaker?.name)).toEqual([
      'Juan Ramón de la Fuente',
    ]);
  });

  it('ignores a leading article ("the", "el", "la")', () => {
    for (const typed of ['the moderator', 'The Moderator', 'el moderator', 'la moderator']) {
      expect(names(book.lookUpSpeaker(typed))).toBe('Moderator');
    }
    expect(names(book.lookUpSpeaker('the'))).toEqual([]);
  });

  it('either names one speaker, whose quotations alone are found, or finds nothing (any words of any name)', () => {
    const words = book.speakers().flatMap((s) => s.variants.flatMap((v) => v.split(' ')));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words, 'the', 'of'), { minLength: 1, maxLength: 3 }), (typed) => {
        const text = typed.join(' ');
        const found = book.lookUpSpeaker(text);
        const quoted = book.find({ speaker: text, limit: 100 }).map((q) => q.speaker?.name);
        if ('speaker' in found) expect(new Set(quoted)).toEqual(new Set([found.speaker.name]));
        else expect(quoted).toEqual([]);
      }),
    );
  });
});

describe('pactbot quotes --speaker', () => {
  it('exits 2 listing the speakers a name fits, and lists no quotation', async () => {
    const corpus = await makeTalksCorpus();
    const { code, stdout, stderr } = await pactbot(['quotes', '--corpus', corpus, '--speaker', 'Secretary']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--speaker "Secretary" fits 2 speakers');
    expect(stderr).toContain('  Marco Rubio, Secretary of State (2 quotations)');
    expect(stderr).toContain('  Juan Ramón de la Fuente, Foreign Secretary (1 quotation)');
    const one = await pactbot(['quotes', '--corpus', corpus, '--speaker', 'Foreign Secretary']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('— Juan Ramón de la Fuente, Foreign Secretary');
    expect(one.stdout).not.toContain('Rubio,');
  });
});

describe('/ask "what did X say" with a name that fits several speakers', () => {
  it('gives nobody’s quotation as X’s words: "Secretary" answers from passages, "Foreign Secretary" from his quotation', async () => {
    const pact = await PactIndex.open({ corpusDir: await makeTalksCorpus(), dataDir: await tempDataDir() });
    const sources = (q: string) => pact.answerQuestion(q).answers.map((a) => a.source);
    expect(sources('What did Secretary say about cooperation?')).not.toContain('quotation');
    expect(sources('What did Foreign Secretary say about territory?')).toContain('quotation');
  });
});
