import { beforeAll, describe, expect, it } from 'vitest';
import { Analyzer, words } from '../src/search/analyze.js';
import { fold } from '../src/search/fold.js';
import { loadAliases } from '../src/search/aliases.js';
import { PactIndex } from '../src/pact-index.js';
import { corpusFile, makeCorpus, tempDataDir } from './helpers/corpus.js';

let pact: PactIndex;
beforeAll(async () => {
  pact = await PactIndex.open({ corpusDir: 'corpus', dataDir: await tempDataDir() });
});

const top = (question: string) => pact.answerQuestion(question).answers[0];

describe('analysis', () => {
  it('folds case, accents and typographic quotes', () => {
    expect(fold('García’s CÁRTEL')).toBe("garcia's cartel");
    expect(words('U.S.-Mexico García’s')).toEqual(['us', 'mexico', 'garcia']);
  });

  it('keeps an idiom compound whole but splits a compound of names', () => {
    expect(words('a first-of-its-kind platform')).toEqual(['firstofitskind', 'platform']);
    expect(words('the United States-Mexico-Canada Agreement')).toEqual(['the', 'united', 'states', 'mexico', 'canada', 'agreement']);
    expect(words('drug-carrying boat')).toEqual(['drug', 'carrying', 'boat']);
  });

  it('stems, and keeps "said" while dropping function words', () => {
    const analyzer = new Analyzer();
    expect(analyzer.tokens('The designations said')).toEqual(['design', 'say']);
    expect(analyzer.tokens('designated')).toEqual(analyzer.tokens('designation'));
    expect(analyzer.tokens('She told them')).toEqual(analyzer.tokens('tell'));
  });

  it('gives every name of an alias group one shared term', async () => {
    const analyzer = new Analyzer(await loadAliases('corpus'));
    const shared = (a: string, b: string) => analyzer.tokens(a).filter((t) => t.startsWith('@') && analyzer.tokens(b).includes(t));
    expect(shared('AMLO', 'Andrés Manuel López Obrador')).not.toEqual([]);
    expect(shared('USMCA', 'the T-MEC')).not.toEqual([]);
    expect(shared('El Mayo', 'Ismael Zambada García')).not.toEqual([]);
    expect(shared('SIG', 'the Security Implementation Group')).not.toEqual([]);
  });

  it('matches García = Garcia and AMLO = López Obrador in search', () => {
    expect(top('Genaro Garcia Luna')?.text).toContain('Genaro García Luna');
    expect(top('Lopez Obrador campaign funding')?.text).toContain('AMLO himself was a recipient of campaign funding');
    expect(top('What did AMLO turn over to drug cartels?')?.text).toContain('entire sections of his country over to drug cartels');
  });

  it('tolerates a typo in a long name but not in short words', () => {
    const answer = pact.answerQuestion('What did Sheinbam turn down?');
    expect(answer.notFound).toBe(false);
    expect(answer.unknownTerms).toEqual([]);
    expect(answer.answers[0].text).toContain('Sheinbaum turned down');
  });

  it('stems Spanish documents with the Spanish stemmer', async () => {
    const dir = await makeCorpus({
      'es.md': corpusFile({ title: 'Comunicado', date: '2025-09-03', language: 'es' }, ['Los gobiernos acordaron la cooperación en materia de seguridad fronteriza.']),
      'en.md': corpusFile({ title: 'Statement', date: '2025-09-03' }, ['The tunnels were closed.']),
    });
    const spanish = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
    const answer = spanish.answerQuestion('acuerdos de cooperacion fronteriza');
    expect(answer.notFound).toBe(false);
    expect(answer.answers[0].document.id).toBe('es');
  });
});

describe('answers', () => {
  it.each([
    ['Who was Calderon’s secretary of public security?', 'Genaro García Luna, the secretary of public security'],
    ['What is Mission Firewall?', 'Mission Firewall: United Against Firearms Trafficking Initiative'],
    ['When did Rubio travel to Mexico and Ecuador?', 'will travel to Mexico and Ecuador September 2-4'],
    ['What did de la Fuente stress about each country’s territory?', 'each one in his own territory'],
  ])('ranks the passage that answers "%s" first', (question, expected) => {
    const answer = top(question)!;
    expect(answer.text).toContain(expected);
    // The marked sentence is verbatim and part of the passage.
    expect(answer.text).toContain(answer.quote);
    expect(answer.quote).toContain(expected);
  });

  it('cites the document and the paragraph of each passage', () => {
    const answer = top('What is Mission Firewall?')!;
    expect(answer.document).toMatchObject({ id: 'state-media-note-sig-first-meeting-2025-09-27', date: '2025-09-27', publisher: expect.stringContaining('Department of State') });
    expect(answer.document.url).toMatch(/^https:\/\//);
    expect(answer.paragraph).toBe(2);
  });

  it('prefers a sentence with a date for a "when" question', () => {
    const answer = top('When was the first meeting of the Security Implementation Group?')!;
    expect(answer.quote).toMatch(/September 26, 2025/);
  });

  it('limits answers to one document when asked', () => {
    const answer = pact.answerQuestion('border security', { documentId: 'us-mx-joint-communique-2025-09-03-en', limit: 5 });
    expect(answer.answers.length).toBeGreaterThan(0);
    expect(new Set(answer.answers.map((a) => a.document.id))).toEqual(new Set(['us-mx-joint-communique-2025-09-03-en']));
  });
});

describe('refusal', () => {
  it.each([
    ['What did Angela Merkel say about the agreement?', ['merkel']],
    ['Who won the Super Bowl in 2024?', ['super', 'bowl', '2024']],
    ['recipe for chocolate cake', ['chocolate', 'cake']],
    ['What did Putin say about the pact?', ['putin']],
    ['What did the pope say about the pact?', ['pope']],
  ])('says "not found" for "%s" and names the unknown words', (question, unknown) => {
    const answer = pact.answerQuestion(question);
    expect(answer.notFound).toBe(true);
    expect(answer.answers).toEqual([]);
    expect(answer.unknownTerms).toEqual(expect.arrayContaining(unknown));
  });

  it('does not refuse a question over a word of phrasing the corpus lacks', () => {
    const answer = pact.answerQuestion('How did Rubio describe the level of cooperation?');
    expect(answer.notFound).toBe(false);
    expect(answer.unknownTerms).toEqual(['describe']);
    expect(answer.answers[0].quote).toContain('historical level of cooperation');
  });

  it('never pads with passages that share only a common word', () => {
    const answer = pact.answerQuestion('Mexico volcano eruption tourism statistics', { limit: 10 });
    expect(answer.notFound).toBe(true);
  });
});

describe('the marked quote', () => {
  it('joins the next sentence when the answer runs over both', async () => {
    const pact = await PactIndex.open({ corpusDir: 'corpus', dataDir: await tempDataDir() });
    const answer = pact.answerQuestion('When did El Mayo plead guilty and what would the plea require?').answers[0];
    expect(answer.quote).toMatch(/^Two weeks ago Ismael “El Mayo” Zambada García.*pleaded guilty.*\. Such a plea would require El Mayo to testify/);
    expect(answer.text).toContain(answer.quote);
  });
});
