import { describe, expect, it } from 'vitest';
import { answerSettings } from '../src/answer/settings.js';
import { asksFuture, hasEvidence, holdsAnswerType, questionType } from '../src/search/question-type.js';
import { framingWords, namesIn, parseQuestion, splitFraming } from '../src/question/question.js';
import { openCorpus, vocabularyOf } from './helpers/one-document.js';

const NAVY = [
  'A senior naval officer warned that firing on a vessel would badly damage the ties between the two militaries.',
  'The navy seized a shipment of cocaine in the Pacific.',
  'Both governments promised to close clandestine border tunnels in 2024.',
];

describe('lead-ins and framing clauses', () => {
  it('sets a clause before the question word apart as framing, and lead-ins as chatter', () => {
    expect(splitFraming('Sorry if this is a basic one, but who leads the navy?')).toEqual({
      framing: 'Sorry if this is a basic one, but',
      asked: 'who leads the navy?',
      chatter: '',
    });
    expect(splitFraming('According to the officer, what would firing do?').asked).toBe('what would firing do?');
    expect(splitFraming('Is it true that the navy seized cocaine?')).toEqual({
      chatter: 'Is it true that',
      asked: 'the navy seized cocaine?',
      framing: '',
    });
    expect(splitFraming('Do you know when the tunnels were closed?').asked).toBe('when the tunnels were closed?');
    expect(splitFraming('Quick question: where was the first meeting held?')).toEqual({
      chatter: 'Quick question:',
      asked: 'where was the first meeting held?',
      framing: '',
    });
    expect(splitFraming('Hello there, could you tell me who the foreign minister is?').asked).toBe(
      'who the foreign minister is?',
    );
    // "so far" places the question in time: it is not the discourse marker "so".
    expect(splitFraming('So far, how many tunnels were closed?').framing).toBe('So far,');
  });

  it('leaves questions and statements whose commas are not a lead-in whole', () => {
    // A question that opens with its verb, a clause that asks itself, a relative "which" in a statement.
    for (const text of [
      'Did the minister, who spoke first, sign the pact?',
      'What did Vance, Bondi and Hegseth call for?',
      'The governor of which state, which issued licences, walked back the order?',
      'The plane was bound for this country, which is its airline’s home.',
    ])
      expect(splitFraming(text)).toEqual({ asked: text, framing: '', chatter: '' });
  });

  it('reads the type of the question after a lead-in: "Do you know when…" asks for a date', () => {
    expect(parseQuestion('Do you know when the tunnels were closed?', vocabularyOf(NAVY)).type).toBe('when');
    expect(parseQuestion('Ok so where did the navy seize cocaine?', vocabularyOf(NAVY)).type).toBe('place');
  });

  it('reads "what did X say" after chatter as asking for X\'s quotations', () => {
    const q = parseQuestion('Quick question: what did the officer say about the vessel?', vocabularyOf(NAVY));
    expect(q.intent).toEqual({ kind: 'speaker', speaker: 'the officer', verb: 'say', about: 'the vessel' });
  });

  it("leaves chatter out of the question's words, so it neither matches nor dilutes the evidence", async () => {
    const q = parseQuestion('Quick question: is it true that the navy seized cocaine?', vocabularyOf(NAVY));
    expect(q.words.map((w) => w.word)).toEqual(['navy', 'seized', 'cocaine']);
    const pact = await openCorpus(NAVY);
    const plain = pact.answerQuestion('Where did the navy seize cocaine?');
    const chatty = pact.answerQuestion('Hi! Quick question: where did the navy seize cocaine?');
    expect(chatty.answers).toEqual(plain.answers);
    expect(chatty.answers[0]?.text).toBe(NAVY[1]);
  });

  it('weighs a chatty opener as framing, so its words unknown to the corpus do not outweigh the question', () => {
    const q = parseQuestion(
      'Sorry if this is a basic one, but which tunnels did both governments promise to close?',
      vocabularyOf(NAVY),
    );
    const word = (w: string) => q.words.find((x) => x.word === w);
    expect(word('sorry')?.role).toBe('framing');
    expect(word('basic')?.role).toBe('framing');
    expect(word('tunnels')?.role).toBe('content');
    expect(word('sorry')?.weight).toBeLessThan(word('tunnels')?.weight ?? 0);
  });

  it('answers "According to X, what…" rather than refusing on the capitalised "According"', async () => {
    const pact = await openCorpus(NAVY);
    const answer = pact.answerQuestion(
      'According to the naval officer, what would firing on a vessel do to the ties between the militaries?',
    );
    expect(answer.notFound).toBe(false);
    expect(answer.answers[0]?.text).toBe(NAVY[0]);
  });
});

describe('names', () => {
  it('reads no names in a question written all in capitals: its missing key noun still refuses it', async () => {
    expect(namesIn('WHERE DID THE NAVY SEIZE THE COCAINE?')).toEqual([]);
    expect(namesIn('Where did Rubio meet Sheinbaum?')).toEqual(expect.arrayContaining(['rubio', 'sheinbaum']));
    const pact = await openCorpus(NAVY);
    expect(pact.answerQuestion('What salary does the naval officer earn?').notFound).toBe(true);
    expect(pact.answerQuestion('WHAT SALARY DOES THE NAVAL OFFICER EARN?').notFound).toBe(true);
    expect(pact.answerQuestion('WHERE DID THE NAVY SEIZE COCAINE?').answers[0]?.text).toBe(NAVY[1]);
  });
});

describe('question types', () => {
  it('reads a date or a number asked for through its noun: "In what year…", "Approximately how many…"', () => {
    expect(questionType('In what year was the pact signed?')).toBe('when');
    expect(questionType('On which day did the group meet?')).toBe('when');
    expect(questionType('Approximately how many tunnels were closed?')).toBe('number');
    expect(questionType("What's the number of agencies in the group?")).toBe('number');
    expect(questionType('What is the total number of states?')).toBe('number');
    expect(questionType('What is the name of the initiative?')).toBe('other');
  });

  it('refuses "In what year…" when no passage holds a date', async () => {
    const pact = await openCorpus(NAVY.slice(0, 2));
    expect(pact.answerQuestion('In what year did the navy seize the cocaine shipment in the Pacific?').notFound).toBe(
      true,
    );
    const dated = await openCorpus([
      ...NAVY.slice(0, 2),
      'The navy seized the cocaine shipment in the Pacific in 2023.',
    ]);
    expect(
      dated.answerQuestion('In what year did the navy seize the cocaine shipment in the Pacific?').answers[0]?.text,
    ).toBe('The navy seized the cocaine shipment in the Pacific in 2023.');
  });
});

describe('counting questions', () => {
  it('counts an ordinal as the number asked for, but not "first"', () => {
    expect(hasEvidence('number', 'The Secretary’s fourth trip to the hemisphere began on Monday.')).toBe(true);
    expect(hasEvidence('number', 'The first meeting was held in McAllen.')).toBe(false);
  });

  it('answers "how many trips" with the passage that names the fourth trip', async () => {
    const pact = await openCorpus([
      'The minister’s fourth trip to the region began on Monday.',
      'The minister met the first delegation of the region on his trip.',
    ]);
    const answer = pact.answerQuestion('How many trips to the region has the minister made?');
    expect(answer.notFound).toBe(false);
    expect(answer.answers[0]?.text).toBe('The minister’s fourth trip to the region began on Monday.');
  });

  it('reads "so much" as an intensifier, not as what the question is about', () => {
    expect([...framingWords('Why does the US care so much about lithium?')].sort()).toEqual(['much', 'so']);
  });
});

describe('when-questions about the future', () => {
  it('reads "When will…" and "When does X next…" as asking for a date still to come', () => {
    expect(asksFuture('When will the working group meet next?')).toBe(true);
    expect(asksFuture('When is the summit going to start?')).toBe(true);
    expect(asksFuture('When does the group meet next?')).toBe(true);
    expect(asksFuture('When did the group meet?')).toBe(false);
    expect(asksFuture('When does the agreement take effect?')).toBe(false);
  });

  it('takes only a sentence that speaks of the future as its answer', () => {
    const future = { type: 'when' as const, future: true };
    expect(holdsAnswerType(future, 'The ministers met in Washington on Monday.')).toBe(false);
    expect(holdsAnswerType(future, 'The working group will next meet in March.')).toBe(true);
    // A past question takes the past date.
    expect(holdsAnswerType({ type: 'when', future: false }, 'The ministers met in Washington on Monday.')).toBe(true);
  });

  it('refuses "When will the group meet next?" when the corpus dates only past meetings, and answers it when it says', async () => {
    const past = [
      'The working group met in Washington on Monday to review the tunnel closures.',
      'The working group will meet regularly to follow up on commitments.',
    ];
    const question = 'When will the working group meet next?';
    expect((await openCorpus(past)).answerQuestion(question).notFound).toBe(true);
    const pact = await openCorpus([...past, 'The working group will next meet in Monterrey in March.']);
    expect(pact.answerQuestion(question).answers[0]?.text).toBe(
      'The working group will next meet in Monterrey in March.',
    );
  });
});

describe('the word a question asks for', () => {
  const PARAGRAPHS = [
    'The two militaries have built up close cooperation over the years.',
    'Their cooperation rests on the principles of reciprocity and respect.',
    'The navy seized a shipment of cocaine in the Pacific.',
  ];

  it('weighs the noun after what / which by focusWeight, rarity aside', () => {
    const weights = (focusWeight: number) => {
      const settings = answerSettings({ focusWeight });
      const q = parseQuestion('What principles is the cooperation built on?', vocabularyOf(PARAGRAPHS), settings);
      const word = (w: string) => q.words.find((x) => x.word === w)?.weight ?? 0;
      expect(q.focus).toBe('principles');
      return { principles: word('principles'), built: word('built') };
    };
    // "principles" and "built" are equally rare here (one passage each).
    const plain = weights(1);
    expect(plain.principles).toBeCloseTo(plain.built);
    const weighed = weights(1.5);
    expect(weighed.principles).toBeCloseTo(1.5 * weighed.built);
  });
});
