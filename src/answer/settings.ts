/**
 * Every weight and threshold of answering, in one place with its default. Scores are sums of
 * these weights times shares in [0, 1], so a passage's score reads as "how much of the ranking's
 * evidence it carries": the same scale for passages and quotations.
 *
 * ```ts
 * answerQuestion(ctx, 'Where was the first meeting held?', { settings: { minEvidence: 0.6 } });
 * ```
 */
export interface AnswerSettings {
  /** Passages taken from the BM25 index before re-ranking. */
  candidates: number;
  /**
   * Refusal: the best passage must cover at least this share of what the question is about
   * (its names and content words weighed by rarity, words the corpus lacks included, framing
   * clauses discounted by `framingEvidenceWeight`); below it the answer is "not in the corpus". The
   * largest value that refuses at most 10% of the answerable questions of the news tuning half
   * answered lexically (README, "Scores"; 0.2 before `framingEvidenceWeight`).
   */
  minEvidence: number;
  /**
   * Once the best passage has `minEvidence`, the other passages shown need this share of it
   * (1 filters every passage by `minEvidence`; measured: 0.5 ranks the right passage in the top 5
   * more often on the news development set, with the same refusals).
   */
  shownEvidenceShare: number;
  /**
   * Refuse when the noun the question asks for ("What salary…", "Which bank…") is in neither the
   * corpus nor, by a WordNet synonym, near it: whatever passage matches the rest is about something else.
   */
  refuseMissingFocus: boolean;
  /**
   * For a question asking for a date, a length of time or a number ("When…", "How long…", "How
   * many…"), a passage counts as an answer only when it holds such a fact (`CRISP_TYPES`).
   */
  refuseWithoutAnswerType: boolean;
  /** Refuse when a noun of the question proper is in neither the corpus nor, by a WordNet synonym, near it ("salary"). */
  refuseMissingNoun: boolean;
  /**
   * Ranking with sentence embeddings: the share of a candidate's score that is its similarity to
   * the question (both min–max normalised over the candidates); 0 ranks lexically only.
   */
  semanticWeight: number;
  /**
   * The fusion weight of the similarity when the lexical evidence is thin: it rises from
   * `semanticWeight` to this as the best candidate's coverage (the share of the question's weight
   * its words cover, framing weighed `framingWeight`, as the ranking reads it) falls from
   * `strongEvidence` to `thinEvidence`. When no passage shares much of the question's words (a news
   * quiz question phrased unlike its article), word overlap hardly tells the candidates apart and
   * their meaning must; when one passage covers most of the question, the words decide. Measured
   * (README, "Scores"): news dev Hit@1 +0.015 / +0.027 (tuning / held-out half, all passages) and
   * pact dev Hit@1 +0.019; one fixed weight that high costs the pact set (0.7: −0.09).
   */
  thinEvidenceSemanticWeight: number;
  /** The best coverage at or below which the fusion uses `thinEvidenceSemanticWeight`. */
  thinEvidence: number;
  /** The best coverage at or above which the fusion uses `semanticWeight`. */
  strongEvidence: number;
  /**
   * Share of a passage's similarity taken from its most similar sentence, the rest from the whole
   * passage's vector: an answer lives in one sentence ("Hosted in McAllen, Texas, the meeting…"),
   * and the rest of a paragraph dilutes the passage's vector. 1 (measured: pact dev Hit@1 +0.056,
   * news about even; README, "Scores"); the whole passage stands in while its sentences have no vectors.
   */
  sentenceSemanticShare: number;
  /** Refusal with sentence embeddings: weight of the similarity added to a passage's word evidence. */
  semanticEvidenceWeight: number;
  /**
   * Refusal with sentence embeddings: a passage answers when its word evidence plus
   * `semanticEvidenceWeight` × similarity reaches this (replaces `minEvidence` for embedded passages).
   * The largest value that refuses at most 10% of the answerable questions of the news tuning half
   * (0.455 before `framingEvidenceWeight`).
   */
  minSemanticEvidence: number;
  /**
   * Weight of a word in a framing clause ("With all the talk about X lately, …") or sentence before
   * the question, of a time adverbial or hedge ("so far", "currently") and of the number of "the two countries".
   */
  framingWeight: number;
  /**
   * Refusal: the weight of those framing words in the word evidence that decides "not in the
   * corpus" (the ranking uses `framingWeight`). A quiz question's opening sentence names the event
   * ("A storm hit California this week.") and a passage about it is evidence the corpus covers the
   * question, though it need not rank first. 0.5 (measured: news unanswerable refused +0.007 / +0.019
   * on the tuning / held-out halves and held-out answerable refused −0.014, pact unchanged; 0.75
   * refuses one more answerable pact question; README, "Scores").
   */
  framingEvidenceWeight: number;
  /** Weight of the speech verb of "what did X say" / "who said that…": it states the intent, not the topic. */
  speechVerbWeight: number;
  /**
   * Weight of the word a question asks for ("What **principles**…", "Which **bank**…", "How many
   * **trips**…"), times its rarity. 1 weighs it as any content word: 1.5 paid on the question
   * model alone, but with the evidence-dependent fusion it answered a near miss and refused an
   * answerable question, news even (README, "Scores", "Round 6 merged").
   */
  focusWeight: number;
  /** Share of a word's weight earned by a WordNet synonym of a word the corpus lacks (0 turns expansion off). */
  synonymShare: number;
  /** Share of a word's weight earned when it is found only in the document's title, byline or the previous paragraph. */
  contextShare: number;
  /** Ranking: BM25 score, normalised by the best candidate's. */
  bm25Weight: number;
  /** Ranking: share of the question covered by the whole passage. */
  coverageWeight: number;
  /** Ranking: score of the passage's best sentence (its coverage, phrase and type bonuses below). */
  sentenceWeight: number;
  /** Ranking: share of the question's adjacent word pairs found adjacent in the passage. */
  phraseWeight: number;
  /** Ranking: the marked sentence holds the kind of fact asked for (a date for "when"…). */
  typeWeight: number;
  /** Sentence choice: weight of adjacent question pairs in the sentence. */
  sentencePhraseWeight: number;
  /** Sentence choice: the sentence holds the kind of fact asked for. */
  sentenceTypeWeight: number;
  /** Ranking: a quotation by the speaker the question asks about ("What did X say…"). */
  quotationWeight: number;
  /** A neighbouring sentence joins the marked one when it adds at least this share of the question. */
  neighbourGain: number;
}

export const DEFAULT_ANSWER_SETTINGS: Readonly<AnswerSettings> = {
  candidates: 40,
  minEvidence: 0.19,
  shownEvidenceShare: 0.5,
  refuseMissingFocus: true,
  refuseMissingNoun: false,
  refuseWithoutAnswerType: true,
  semanticWeight: 0.4,
  thinEvidenceSemanticWeight: 0.7,
  thinEvidence: 0.2,
  strongEvidence: 0.5,
  semanticEvidenceWeight: 0.5,
  sentenceSemanticShare: 1,
  minSemanticEvidence: 0.448,
  framingWeight: 0.25,
  framingEvidenceWeight: 0.5,
  speechVerbWeight: 0.2,
  focusWeight: 1,
  contextShare: 0.5,
  synonymShare: 0,
  bm25Weight: 0.3,
  coverageWeight: 0.4,
  sentenceWeight: 0.4,
  phraseWeight: 0.15,
  typeWeight: 0.15,
  sentencePhraseWeight: 0.3,
  sentenceTypeWeight: 0.2,
  quotationWeight: 1,
  neighbourGain: 0.25,
};

export function answerSettings(overrides: Partial<AnswerSettings> = {}): AnswerSettings {
  return { ...DEFAULT_ANSWER_SETTINGS, ...overrides };
}
