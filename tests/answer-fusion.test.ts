import { describe, expect, it } from 'vitest';
import { quantise, type Semantics } from '../src/answer/embeddings.js';
import { fusionWeight } from '../src/answer/answer-question.js';
import { answerSettings } from '../src/answer/settings.js';
import { openCorpus } from './helpers/one-document.js';

/** A unit vector in the plane of the first two axes, at cosine `c` to the first. */
function toward(c: number): Float32Array {
  const v = new Float32Array(512);
  v[0] = c;
  v[1] = Math.sqrt(1 - c * c);
  return v;
}

/** Stand-in embeddings: the question lies on the first axis; each text gets its cosine to it. */
function semantics(cosines: Record<string, number>): Semantics {
  const vectors = new Map(Object.entries(cosines).map(([text, c]) => [text, quantise(toward(c))]));
  return { question: () => toward(1), passage: (text) => vectors.get(text) };
}

describe('fusion weight by the strength of the word evidence', () => {
  it('trusts the words when a passage covers most of the question, the meaning when none does', () => {
    const settings = answerSettings();
    expect(fusionWeight(0.9, settings)).toBeCloseTo(0.4);
    expect(fusionWeight(0.5, settings)).toBeCloseTo(0.4);
    expect(fusionWeight(0.35, settings)).toBeCloseTo(0.55);
    expect(fusionWeight(0.2, settings)).toBeCloseTo(0.7);
    expect(fusionWeight(0.05, settings)).toBeCloseTo(0.7);
    // Both ends the same: one fixed weight, as before this rule.
    expect(fusionWeight(0.05, answerSettings({ thinEvidenceSemanticWeight: 0.4 }))).toBeCloseTo(0.4);
  });

  // The question shares little with any passage: its words are mostly not the corpus's.
  const SHARED_WORDS = 'Settlements near the border stayed dry this year, officials said.';
  const MEANS_IT = 'Engineers dammed the upper river so the farm settlements would not flood.';
  const OTHER = 'The river festival drew crowds to the settlements.';
  const thin = 'Which river did hydrologists obstruct so agricultural settlements stay dry?';

  it('ranks first the passage that means a question phrased unlike the corpus', async () => {
    const pact = await openCorpus([SHARED_WORDS, MEANS_IT, OTHER], 'Water report');
    const s = semantics({ [SHARED_WORDS]: 0.6, [MEANS_IT]: 1, [OTHER]: 0 });
    const answer = pact.answerQuestion(thin, { semantics: s });
    expect(answer.answers[0]?.text).toBe(MEANS_IT);
    // With the similarity weighed as for well-covered questions, the shared words win.
    const fixed = pact.answerQuestion(thin, { semantics: s, settings: { thinEvidenceSemanticWeight: 0.4 } });
    expect(fixed.answers[0]?.text).toBe(SHARED_WORDS);
  });

  it('keeps the passage holding all the words first when one does', async () => {
    const ALL_WORDS = 'Army engineers dammed the upper river in 1950.';
    const pact = await openCorpus([ALL_WORDS, MEANS_IT, OTHER], 'Water report');
    const s = semantics({ [ALL_WORDS]: 0.6, [MEANS_IT]: 1, [OTHER]: 0 });
    const answer = pact.answerQuestion('Which army engineers dammed the upper river?', { semantics: s });
    expect(answer.answers[0]?.text).toBe(ALL_WORDS);
  });
});

describe('refusal reads the framing of a chatty question', () => {
  const STORM = 'A winter storm flooded the harbour town of Pellworth on Tuesday, and the coast road was shut.';
  const OTHERS = ['The ministry published its annual budget.', 'Farmers sold more wheat than last year.'];
  // The opening sentence names an event the corpus reports; the question proper asks for details
  // it never mentions.
  const chatty =
    'A winter storm flooded the harbour town of Pellworth this week. Which road did county engineers reinforce with steel girders?';

  it('answers when a passage reports the event the framing names', async () => {
    const pact = await openCorpus([STORM, ...OTHERS], 'Water report');
    const answer = pact.answerQuestion(chatty);
    expect(answer.notFound).toBe(false);
    expect(answer.answers[0]?.text).toBe(STORM);
    // Weighed as the ranking weighs it, the framing is too light to count: refused.
    expect(pact.answerQuestion(chatty, { settings: { framingEvidenceWeight: 0.25 } }).notFound).toBe(true);
  });

  it('still refuses when the corpus does not report the event', async () => {
    const pact = await openCorpus([STORM, ...OTHERS], 'Water report');
    const elsewhere =
      'A heatwave scorched the mountain city of Ostrava this week. Which road did county engineers reinforce with steel girders?';
    expect(pact.answerQuestion(elsewhere).notFound).toBe(true);
  });
});
