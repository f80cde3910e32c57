/**
 * Messages that are not really questions, or not in English, as a new Discord user types them:
 * nothing to search gets the how-to-ask hint, a bare name gets passages, a Spanish question is
 * read like its English form.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHATTER_WORDS } from '../src/lexicon/question-lead-ins.js';
import { PactIndex } from '../src/pact-index.js';
import { formatAnswer } from '../src/answer/format-answer.js';
import { asksNothing, speakerIntent, understandMessage } from '../src/question/question.js';
import { questionType } from '../src/search/question-type.js';
import { corpusFile, makeCorpus, tempDataDir } from './helpers/corpus.js';

async function openCorpus(files: Record<string, string>): Promise<PactIndex> {
  return PactIndex.open({ corpusDir: await makeCorpus(files), dataDir: await tempDataDir() });
}

const ENGLISH = corpusFile({ title: 'Press conference', date: '2025-09-03', language: 'en' }, [
  'Hello and good morning to you all, thanks for coming.',
  'Secretary Rubio met Foreign Secretary de la Fuente in Mexico City to discuss border tunnels.',
  '"We will respect Mexico\'s sovereignty," Rubio said.',
]);
const SPANISH = corpusFile({ title: 'Conferencia matutina', date: '2025-09-04', language: 'es' }, [
  'La presidenta Sheinbaum recibió al secretario Rubio en Palacio Nacional.',
  '"La soberanía de México no se negocia", dijo Sheinbaum en su conferencia.',
  'Los gobiernos se reunieron en la Ciudad de México el 3 de septiembre.',
]);

describe('a message with nothing to search', () => {
  it.each(['thanks!', 'hello', 'help', '?', 'what?', 'ok', '👍🙏', '<:pact:123456789012345678>', 'gracias', 'hola!'])(
    '%j asks nothing',
    (message) => expect(asksNothing(message)).toBe(true),
  );

  it.each(['https://www.state.gov/secretary-rubios-travel/', '<www.state.gov>'])(
    'a link alone (%j) asks nothing',
    (m) => expect(asksNothing(m)).toBe(true),
  );

  it.each(['Rubio', 'hello Rubio', 'thanks! where were the tunnels?', '2025', '¿Qué dijo Sheinbaum?'])(
    '%j has something to search',
    (message) => expect(asksNothing(message)).toBe(false),
  );

  it('any mix of chatter, question words, emoji, punctuation and links asks nothing; a name added asks something', () => {
    const piece = fc.oneof(
      fc.constantFrom(...CHATTER_WORDS, 'what', 'who', 'why', 'is', 'it', 'the', 'que'),
      fc.constantFrom('!', '?', '…', '👍', '🙏🏽', ':)', '<@123456789>', 'https://example.org/a?b=c', '\u200b'),
    );
    const capitalised = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.boolean(), (pieces, caps) => {
        const message = pieces.map((p) => (caps ? capitalised(p) : p)).join(' ');
        expect(asksNothing(message)).toBe(true);
        expect(asksNothing(`${message} Sheinbaum`)).toBe(false);
      }),
    );
  });

  it('gets the how-to-ask hint instead of the paragraph that starts "Hello" or says "thanks"', async () => {
    const pact = await openCorpus({ 'en.md': ENGLISH });
    for (const message of ['hello', 'thanks!', 'Good morning!']) {
      const answer = pact.answerQuestion(message);
      expect(answer.nothingAsked).toBe(true);
      expect(answer.answers).toEqual([]);
      const printed = formatAnswer(answer, (s) => s);
      expect(printed).toContain('nothing in that message I can look up');
      expect(printed).toContain('pactbot ask');
      expect(printed).not.toContain('good morning to you all');
    }
  });

  it('a bare name finds passages about that person; a greeting beside it is ignored', async () => {
    const pact = await openCorpus({ 'en.md': ENGLISH });
    for (const message of ['Rubio', 'hello Rubio']) {
      const answer = pact.answerQuestion(message);
      expect(answer.nothingAsked).toBeFalsy();
      expect(answer.answers.length).toBeGreaterThan(0);
      expect(answer.answers.every((a) => a.text.includes('Rubio'))).toBe(true);
    }
  });
});

describe('a Spanish question', () => {
  it('"qué dijo X (sobre Y)" is the speaker intent, like "what did X say (about Y)"', () => {
    expect(speakerIntent('¿Qué dijo Sheinbaum sobre la soberanía?')).toEqual({
      speaker: 'Sheinbaum',
      verb: 'dijo',
      about: 'la soberanía',
    });
    expect(speakerIntent('¿Qué ha declarado la presidenta Sheinbaum acerca de los túneles?')).toMatchObject({
      speaker: 'presidenta Sheinbaum',
      about: 'los túneles',
    });
    expect(speakerIntent('Qué dijo Rubio')).toMatchObject({ speaker: 'Rubio', about: undefined });
    // "La" opening a name is no article.
    expect(speakerIntent('¿Qué dijo Lasalle?')).toMatchObject({ speaker: 'Lasalle' });
    expect(understandMessage('Hola, ¿qué dijo Rubio sobre la frontera?').intent).toMatchObject({
      kind: 'speaker',
      speaker: 'Rubio',
    });
  });

  it.each([
    ['¿Cuándo se firmó el acuerdo?', 'when'],
    ['¿En qué año se creó el grupo?', 'when'],
    ['¿Por cuánto tiempo durará el acuerdo?', 'duration'],
    ['¿Hasta cuándo sigue vigente?', 'duration'],
    ['¿Cuántos túneles se cerraron?', 'number'],
    ['¿Quién encabezó la delegación?', 'person'],
    ['¿Con quién se reunió Rubio?', 'person'],
    ['¿Dónde se reunieron?', 'place'],
    ['¿En qué ciudad se firmó?', 'place'],
    ['¿Por qué se creó el grupo?', 'reason'],
    ['¿Qué es el grupo de implementación?', 'other'],
  ] as const)('%j asks for a %s', (question, type) => expect(questionType(question)).toBe(type));

  it('finds the Spanish quotation of the asked speaker on a corpus with English and Spanish documents', async () => {
    const pact = await openCorpus({ 'en.md': ENGLISH, 'es.md': SPANISH });
    const answer = pact.answerQuestion('¿Qué dijo Sheinbaum sobre la soberanía?');
    expect(answer.notFound).toBe(false);
    expect(answer.answers[0]?.quote).toContain('La soberanía de México no se negocia');
  });

  it('on an English-only corpus: names still answer, and a refusal says the corpus is in English', async () => {
    const pact = await openCorpus({ 'en.md': ENGLISH });
    // "quién" and "es" ask; they are no words the corpus lacks.
    const who = pact.answerQuestion('¿Quién es Rubio?');
    expect(who.notFound).toBe(false);
    expect(who.answers[0]?.text).toContain('Rubio');
    const refused = pact.answerQuestion('¿Cuándo se firmó el acuerdo?');
    expect(refused.notFound).toBe(true);
    expect(refused.unknownTerms).toEqual(['firmo', 'acuerdo']);
    expect(formatAnswer(refused, (s) => s)).toContain('documents are in English');
    // The same refusal in English says nothing about languages.
    expect(formatAnswer(pact.answerQuestion('When was the accord signed?'), (s) => s)).not.toContain('in English');
  });

  it('reads Spanish question words as the question type: "¿Dónde…?" quotes the place', async () => {
    const pact = await openCorpus({ 'es.md': SPANISH });
    const answer = pact.answerQuestion('¿Dónde se reunieron los gobiernos?');
    expect(answer.answers[0]?.quote).toContain('en la Ciudad de México');
  });
});
