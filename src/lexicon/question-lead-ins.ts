/**
 * How people open a question before asking it: "Is it true that…", "Do you know whether…",
 * "Can you tell me who…", "Quick question:", "Ok so…". These words say that a question
 * follows, not what it is about: they are left out of the question's words, and its type is
 * read from what follows ("Do you know when…" asks for a date).
 *
 * ```ts
 * QUESTION_LEAD_IN.exec('Is it true that Mexico sends cartel leaders north?')?.[0]; // 'Is it true that '
 * ```
 */
const LEAD_INS = [
  // Greetings and discourse markers.
  'ok(?:ay)?',
  // Not "so far", which places the question in time.
  'so(?!\\s+far\\b)',
  'well',
  'hey',
  'hi',
  'hello(?:\\s+there)?',
  'um+',
  'uh+',
  'oh',
  'anyway',
  'also',
  'and',
  'but',
  'please',
  'quick\\s+question',
  'just\\s+(?:curious|wondering)',
  'out\\s+of\\s+curiosity',
  // Asking whether, or asking to be told.
  "(?:is|was|isn't|wasn't)\\s+it\\s+(?:really\\s+)?(?:true|right|correct|the\\s+case)",
  '(?:do|does|did)\\s+(?:you|anyone|anybody|someone|somebody)\\s+(?:happen\\s+to\\s+)?(?:know|have\\s+any\\s+idea)',
  'any\\s+idea',
  '(?:(?:can|could|would)\\s+(?:you|anyone|someone|somebody)\\s+)?(?:please\\s+)?(?:tell|remind|show|explain\\s+to)\\s+(?:me|us)',
  "i(?:'m|\\s+am|\\s+was|\\s+have\\s+been|'ve\\s+been)?\\s+(?:wondering|wonder|curious)",
  "i(?:'d|\\s+would)\\s+(?:like|love)\\s+to\\s+know",
];

/** One lead-in at the start of a text, with the punctuation after it and the "that / if / whether" joining it to the question. */
export const QUESTION_LEAD_IN = new RegExp(
  `^\\s*(?:${LEAD_INS.join('|')})\\b[\\s,:;.!?—–-]*(?:(?:that|if|whether)\\b\\s*)?`,
  'iu',
);

/** Words that open a question proper: a clause before one of them ("Sorry if this is basic, but who…") frames it. */
export const QUESTION_WORDS = ['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how'] as const;

/** Words that open a yes/no question or a question proper: a clause starting with one is not a lead-in. */
export const QUESTION_OPENERS = [
  ...QUESTION_WORDS,
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'can',
  'could',
  'will',
  'would',
  'should',
  'has',
  'have',
  'had',
] as const;
