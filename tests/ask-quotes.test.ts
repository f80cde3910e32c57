import { beforeAll, describe, expect, it } from 'vitest';
import { PactIndex } from '../src/pact-index.js';
import { parseSpeakerQuestion } from '../src/answer/speaker-questions.js';
import { tempDataDir } from './helpers/corpus.js';

let pact: PactIndex;
beforeAll(async () => {
  pact = await PactIndex.open({ corpusDir: 'corpus', dataDir: await tempDataDir() });
});

describe('"what did X say about Y?"', () => {
  it('recognises the question form', () => {
    expect(parseSpeakerQuestion('What did Rubio say about sovereignty?')).toEqual({ speaker: 'Rubio', about: 'sovereignty' });
    expect(parseSpeakerQuestion('what has Juan Ramón de la Fuente said')).toEqual({ speaker: 'Juan Ramón de la Fuente', about: undefined });
    expect(parseSpeakerQuestion('What is Mission Firewall?')).toBeUndefined();
  });

  it("answers with the speaker's own quotations first", () => {
    const answer = pact.answerQuestion('What did de la Fuente say about territory?');
    expect(answer.notFound).toBe(false);
    expect(answer.answers[0].quote).toBe('But "each one in his own territory," de la Fuente quickly stressed.');
    expect(answer.answers[0].text).toContain(answer.answers[0].quote);
  });

  it('puts every quotation of the speaker before passages that merely mention them', () => {
    const answer = pact.answerQuestion('What did Rubio say about cooperation?', { limit: 5 });
    const rubios = pact.quotes.find({ speaker: 'Rubio', about: 'cooperation', limit: 5 });
    expect(rubios.length).toBeGreaterThan(0);
    const firstQuotes = answer.answers.slice(0, rubios.length).map((a) => a.quote);
    for (const [i, q] of rubios.entries()) expect(firstQuotes[i]).toContain(q.text.split('\n\n')[0]);
    const scores = answer.answers.map((a) => a.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('still refuses a speaker the corpus never mentions', () => {
    expect(pact.answerQuestion('What did Merkel say about the pact?').notFound).toBe(true);
  });

  it('does not make a passage of a lead-in such as "It continued:"', () => {
    const seed = pact.passages('wsws-2025-09-08-rubio-sheinbaum-security-pact');
    expect(seed.map((p) => p.text)).not.toContain('It continued:');
    expect(pact.getDocument('wsws-2025-09-08-rubio-sheinbaum-security-pact')!.paragraphs).toContain('It continued:');
  });
});
