/**
 * "What did X say about Y?": answers from the speaker's quotations first. The corpus is written
 * here, so which paragraph quotes whom is known without asking the code under test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PactIndex } from '../src/pact-index.js';
import { speakerIntent } from '../src/question/question.js';
import { corpusFile, makeCorpus, tempDataDir } from './helpers/corpus.js';
import { DE_LA_FUENTE_QUOTED, makeTalksCorpus, RUBIO_QUOTED, TALKS } from './helpers/talks-corpus.js';

let pact: PactIndex;
beforeAll(async () => {
  pact = await PactIndex.open({ corpusDir: await makeTalksCorpus(), dataDir: await tempDataDir() });
});

describe('"what did X say about Y?"', () => {
  it('recognises the question form', () => {
    expect(speakerIntent('What did Rubio say about sovereignty?')).toEqual({
      speaker: 'Rubio',
      verb: 'say',
      about: 'sovereignty',
    });
    expect(speakerIntent('what has Juan Ramón de la Fuente said')).toEqual({
      speaker: 'Juan Ramón de la Fuente',
      verb: 'said',
      about: undefined,
    });
    expect(speakerIntent('How did Trump warn about the cartels?')).toEqual({
      speaker: 'Trump',
      verb: 'warn',
      about: 'the cartels',
    });
    expect(speakerIntent('What is Mission Firewall?')).toBeUndefined();
  });

  it("answers with the speaker's own quotations first", () => {
    const answer = pact.answerQuestion('What did de la Fuente say about territory?');
    expect(answer.notFound).toBe(false);
    expect(answer.answers[0]).toMatchObject({
      source: 'quotation',
      paragraph: DE_LA_FUENTE_QUOTED,
      quote: TALKS[DE_LA_FUENTE_QUOTED - 1],
    });
  });

  it('puts every quotation of the speaker before passages that merely mention them, in one ranking', () => {
    const answer = pact.answerQuestion('What did Rubio say about cooperation?', { limit: 8 });
    const quoted = answer.answers.slice(0, RUBIO_QUOTED.length);
    expect(quoted.map((a) => [a.source, a.document.id, a.paragraph]).sort()).toEqual(
      RUBIO_QUOTED.map((p) => ['quotation', 'talks', p]),
    );
    // The paragraph that only mentions Rubio and cooperation comes after, as a passage.
    const rest = answer.answers.slice(RUBIO_QUOTED.length);
    expect(rest.every((a) => a.source === 'passage')).toBe(true);
    expect(rest.map((a) => a.paragraph)).toContain(6);
    const scores = answer.answers.map((a) => a.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('merges a quotation and the passage holding it into one answer marked as a quotation', async () => {
    const dir = await makeCorpus({
      'talks.md': corpusFile({ title: 'Border talks', date: '2025-09-03' }, [
        'The ministers met in the capital to discuss the border.',
        'Afterwards the minister spoke to reporters. "We will close every tunnel," Minister Ana Ruiz said.',
        'The tunnel programme will be reviewed next year.',
      ]),
    });
    const small = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
    const answer = small.answerQuestion('What did Ana Ruiz say about the tunnel?', { limit: 5 });
    expect(answer.answers[0]).toMatchObject({
      source: 'quotation',
      paragraph: 2,
      quote: '"We will close every tunnel," Minister Ana Ruiz said.',
    });
    expect(answer.answers.filter((a) => a.paragraph === 2)).toHaveLength(1);
    expect(answer.answers.slice(1).every((a) => a.source === 'passage')).toBe(true);
  });

  it('never marks a lead-in such as "It said:" as the answer', () => {
    for (const answer of pact.answerQuestion('What did the statement say?', { limit: 10 }).answers) {
      expect(answer.quote).not.toMatch(/^It (said|continued):$/);
    }
  });

  it('still refuses a speaker the corpus never mentions', () => {
    expect(pact.answerQuestion('What did Merkel say about the pact?').notFound).toBe(true);
  });

  it('does not make a passage of a lead-in such as "It continued:"', () => {
    const texts = pact.passages('statement').map((p) => p.text);
    expect(texts).not.toContain('It continued:');
    expect(texts).not.toContain('It said:');
    expect(pact.getDocument('statement')?.paragraphs).toContain('It continued:');
  });
});
