import { describe, expect, it } from 'vitest';
import { quantise, textsToEmbed, type Semantics } from '../src/answer/embeddings.js';
import { hasEvidence } from '../src/search/question-type.js';
import { framingWords, parseQuestion, whoSaidVerb } from '../src/question/question.js';
import { openCorpus, vocabularyOf } from './helpers/one-document.js';

/** A unit vector along one axis: texts on the same axis "mean the same". */
function axis(i: number): Float32Array {
  const v = new Float32Array(512);
  v[i] = 1;
  return v;
}

/** Stand-in embeddings: the question and chosen texts (passages or sentences) get the given vectors. */
function semantics(question: Float32Array, texts: Record<string, Float32Array>): Semantics {
  const vectors = new Map(Object.entries(texts).map(([text, v]) => [text, quantise(v)]));
  return { question: () => question, passage: (text) => vectors.get(text) };
}

describe('similarity of the best sentence', () => {
  // The answer is the second sentence of a passage about something else.
  const OPENING = 'The delegations toured the port and the customs sheds in the morning.';
  const ANSWER = 'No soldiers may enter Mexico under the agreement, the minister said.';
  const MIXED = `${OPENING} ${ANSWER}`;
  const TROOPS = 'The troops stayed at the border on Monday, officials said.';
  const question = 'Will troops be sent to Mexico?';

  it('embeds every passage and each sentence of a passage of several sentences', () => {
    expect(textsToEmbed([{ text: MIXED }, { text: TROOPS }])).toEqual([MIXED, TROOPS, OPENING, ANSWER]);
  });

  it('answers with a passage whose one sentence means the question, though the passage as a whole does not', async () => {
    const pact = await openCorpus([MIXED, TROOPS]);
    const s = semantics(axis(0), { [MIXED]: axis(1), [OPENING]: axis(1), [ANSWER]: axis(0), [TROOPS]: axis(2) });
    // Judged by the whole passage's vector, nothing means the question: refused.
    const whole = pact.answerQuestion(question, { semantics: s, settings: { sentenceSemanticShare: 0 } });
    expect(whole.notFound).toBe(true);
    // Judged by its best sentence (the default), it is answered, with that passage and sentence.
    const answer = pact.answerQuestion(question, { semantics: s });
    expect(answer.notFound).toBe(false);
    expect(answer.answers.find((a) => a.text === MIXED)?.quote).toBe(ANSWER);
  });

  it('uses the whole passage while its sentences have no vectors yet', async () => {
    const pact = await openCorpus([MIXED, TROOPS]);
    const s = semantics(axis(0), { [MIXED]: axis(1), [TROOPS]: axis(2) });
    const plain = semantics(axis(0), { [MIXED]: axis(1), [TROOPS]: axis(2) });
    const answer = pact.answerQuestion(question, { semantics: s });
    expect(answer.answers.map((a) => a.text)).toEqual(
      pact
        .answerQuestion(question, { semantics: plain, settings: { sentenceSemanticShare: 0 } })
        .answers.map((a) => a.text),
    );
  });
});

describe('how-many questions', () => {
  it('counts neither a year nor "the two countries" as the number asked for', () => {
    expect(hasEvidence('number', 'Officials closed 14 tunnels.')).toBe(true);
    expect(hasEvidence('number', 'Two tunnels were closed.')).toBe(true);
    expect(hasEvidence('number', 'The two countries agreed to close tunnels.')).toBe(false);
    expect(hasEvidence('number', 'Tunnels were closed in 2024.')).toBe(false);
    expect(hasEvidence('number', 'Smuggling has grown since 1988-1994.')).toBe(false);
    // A year still dates a "when" question.
    expect(hasEvidence('when', 'Tunnels were closed in 2024.')).toBe(true);
  });

  it('reads "so far" and "currently" as framing, not as what the question is about', () => {
    expect([...framingWords('How many tunnels have been closed so far?')].sort()).toEqual(['far', 'so']);
    expect([...framingWords('Which tunnels are currently open?')]).toEqual(['currently']);
    expect([...framingWords('What did the two countries agree?')]).toEqual(['two']);
    expect([...framingWords('How far is the border?')]).toEqual([]);
  });

  it('weighs the words of "so far" as framing in the question model', () => {
    const q = parseQuestion(
      'How many tunnels have been closed so far?',
      vocabularyOf(['So far, so good: far fewer migrants crossed.', 'Engineers closed the smuggling tunnels.']),
    );
    const word = (w: string) => q.words.find((x) => x.word === w);
    expect(word('so')?.role).toBe('framing');
    expect(word('far')?.role).toBe('framing');
    expect(word('far')?.weight).toBeLessThan(word('tunnels')?.weight ?? 0);
  });

  it('refuses when no passage counts what is asked, though one says "so far" beside a year', async () => {
    const pact = await openCorpus([
      'The two countries promised to close clandestine border tunnels.',
      'So far the talks have gone well, officials said, in contrast with 1988.',
      'The navy seized a shipment of cocaine in the Pacific.',
    ]);
    expect(pact.answerQuestion('How many border tunnels have been closed so far?').notFound).toBe(true);
  });

  it('answers with the passage that gives the count', async () => {
    const pact = await openCorpus([
      'The two countries promised to close clandestine border tunnels.',
      'So far the talks have gone well, officials said, in contrast with 1988.',
      'Engineers have closed 14 border tunnels near Nogales.',
    ]);
    const answer = pact.answerQuestion('How many border tunnels have been closed so far?');
    expect(answer.answers[0]?.quote).toBe('Engineers have closed 14 border tunnels near Nogales.');
  });
});

describe('who said…', () => {
  const PARAGRAPHS = [
    'Trump claimed that Mexico is run by cartels.',
    'Rubio said Mexico and the cartels came up at the meeting.',
    'The navy seized a shipment of cocaine in the Pacific.',
  ];

  it('reads the speech verb of "who said / claimed that…" as asking for a speaker', () => {
    expect(whoSaidVerb('Who said that Mexico is run by cartels?')).toBe('said');
    expect(whoSaidVerb('Who has warned about the cartels?')).toBe('warned');
    expect(whoSaidVerb('Who designated the cartels?')).toBeUndefined();
    const q = parseQuestion('Who said that Mexico is run by cartels?', vocabularyOf(PARAGRAPHS));
    const said = q.words.find((w) => w.word === 'said');
    const run = q.words.find((w) => w.word === 'run');
    expect(said?.role).toBe('speech');
    expect(said?.weight).toBeLessThan(run?.weight ?? 0);
  });

  it('quotes the speaker who said it in another verb', async () => {
    const pact = await openCorpus(PARAGRAPHS);
    const answer = pact.answerQuestion('Who said that Mexico is run by cartels?');
    expect(answer.answers[0]?.text).toBe('Trump claimed that Mexico is run by cartels.');
  });
});
