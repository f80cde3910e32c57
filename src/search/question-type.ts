import { fold } from './fold.js';

/** What kind of fact a question asks for, from its opening words (part of the `Question` model). */
export type QuestionType = 'when' | 'duration' | 'number' | 'person' | 'place' | 'reason' | 'other';

export function questionType(question: string): QuestionType {
  const q = question.trim().toLowerCase().replace(/’/g, "'");
  const spanish = spanishQuestionType(fold(q).replace(/^[¿¡\s]+/u, ''));
  if (spanish) return spanish;
  if (/^(when\b|what (date|day|year|month|time)\b|since when\b|how long ago\b)/.test(q) || ASKS_TIME.test(q))
    return 'when';
  if (/^how long\b(?! ago\b)|^for how long\b/.test(q)) return 'duration';
  if (/^how (many|much)\b|^what (number|percentage|amount)\b/.test(q) || ASKS_NUMBER.test(q)) return 'number';
  if (/^(who|whom|whose)\b/.test(q)) return 'person';
  if (/^where\b|^(in|from|to) (what|which) (city|country|place|state)\b/.test(q)) return 'place';
  if (/^why\b|^for what reason\b/.test(q)) return 'reason';
  return 'other';
}

/**
 * The type of a Spanish question, from its question word ("¿Cuándo…" when, "¿Por cuánto tiempo…"
 * duration, "¿Cuántos…" number, "¿Quién…" person, "¿Dónde…" / "¿En qué ciudad…" place, "¿Por
 * qué…" reason); undefined when the text opens with none of them. Reads folded text.
 */
function spanishQuestionType(q: string): QuestionType | undefined {
  for (const [type, pattern] of SPANISH_TYPES) if (pattern.test(q)) return type;
  return undefined;
}

// Checked in order: "cuánto tiempo" is a duration before "cuánto" is a number.
const SPANISH_TYPES: [QuestionType, RegExp][] = [
  ['duration', /^(?:(?:por|durante) )?cuanto tiempo\b|^hasta cuando\b/],
  ['when', /^(?:desde |a partir de )?cuando\b|^(?:(?:en|a) )?(?:que|cual|cuales) (?:fecha|dia|ano|mes|hora)\b/],
  ['number', /^(?:(?:a|en|de|con|por) )?cuant[oa]s?\b|^(?:que|cual es el) (?:numero|cantidad|porcentaje)\b/],
  ['person', /^(?:(?:a|de|con|por|para) )?quien(?:es)?\b/],
  [
    'place',
    /^(?:(?:a|de|en|por|hacia) )?donde\b|^adonde\b|^(?:en|a|de) (?:que|cual) (?:ciudad|pais|lugar|estado|region)\b/,
  ],
  ['reason', /^por ?que\b|^para que\b/],
];

/** "In what year…", "On which day…", "Which decade…": a date asked for through the noun of time. */
const ASKS_TIME = /^(?:(?:in|on|at|by|during) )?(?:what|which) (?:date|day|year|month|time|decade|century)\b/;
/** "Approximately how many…", "What's the number of…", "What percentage of…". */
const ASKS_NUMBER =
  /^(?:roughly|approximately|about|around|nearly|almost|by) how (?:many|much)\b|^what(?:'s| is| was| are| were)? (?:the )?(?:total |approximate |estimated )?(?:number|percentage|percent|amount|share|proportion) of\b/;
const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec';
const WEEKDAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|dozens';

const ORDINALS = 'second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|twentieth|hundredth';

const EVIDENCE: Record<Exclude<QuestionType, 'other'>, RegExp> = {
  when: new RegExp(
    `\\b(${MONTHS}|${WEEKDAYS})\\b|\\b(1[89]|20)\\d\\d\\b|\\b(ago|yesterday|today|earlier this year|last (week|month|year))\\b`,
    'i',
  ),
  duration: new RegExp(
    `\\b(\\d+|a|an|${NUMBER_WORDS})[\\s-]+(hours?|days?|weeks?|months?|years?|decades?)\\b|\\b(until|through|expires?|indefinite(ly)?|permanent(ly)?)\\b`,
    'i',
  ),
  // A year ("in 2020") dates rather than counts, and "the two countries" refers to things
  // already named: neither answers "how many".
  // An ordinal counts ("the Secretary's fourth trip" answers "how many trips"), except "first":
  // "the first meeting" names an occasion far more often than it counts one.
  number: new RegExp(
    `\\b(?!(?:1[89]|20)\\d\\d\\b)\\d|(?<!\\b(?:the|these|those|both|their|its|our)\\s+)\\b(${NUMBER_WORDS})\\b|\\b(${ORDINALS})\\b`,
    'i',
  ),
  // A capitalised name after the sentence's first word, or a title that introduces a person.
  person:
    /(?<!^)(?<![.!?]\s)\b[A-Z][a-zà-ÿ]+(?:\s+(?:de la |de |del )?[A-Z][a-zà-ÿ]+)+|\b(President|Secretary|Minister|spokes(?:man|woman|person)|Ambassador|Attorney General)\b/,
  place: /\b(in|at|near|hosted in|held in)\s+(?:the\s+)?[A-Z][a-zà-ÿ]+/,
  reason: /\b(because|due to|in order to|so that|since|needs?|aims?|to (?:reduce|prevent|stop|protect|ensure))\b/i,
};

/**
 * The kinds of fact whose evidence is crisp (a date, a length of time, a number): a passage
 * without one cannot answer the question, however many of its words it shares.
 */
export const CRISP_TYPES: ReadonlySet<QuestionType> = new Set(['when', 'duration', 'number']);

/** True when a sentence holds the kind of fact the question asks for. */
export function hasEvidence(type: QuestionType, sentence: string): boolean {
  return type === 'other' ? false : EVIDENCE[type].test(sentence);
}

/** "When will…", "When is X going to…", "When does X next…": a date still to come is asked for. */
const ASKS_FUTURE = /^when\s+(?:will|shall|(?:is|are)\b.*\bgoing\s+to|(?:does|do|is|are)\b.*\bnext)\b/i;

/** What a sentence says when it dates something still to come: a future verb or a time ahead. */
const STATES_FUTURE =
  /\b(will|would|shall|going to|set to|scheduled|planned|plans?|expected|due|next|upcoming|coming|later|soon|until|from now)\b|'ll\b/i;

/** Whether a "when" question asks about the future ("When will the group meet next?"). */
export function asksFuture(question: string): boolean {
  return ASKS_FUTURE.test(question.trim());
}

/**
 * Whether a sentence holds the fact a question asks for (`hasEvidence`); for a "when" question
 * about the future, the sentence must speak of the future too: "met … today" and "entered into
 * force in July 2020" date past events and cannot say when something will happen.
 */
export function holdsAnswerType(question: { type: QuestionType; future: boolean }, sentence: string): boolean {
  if (!hasEvidence(question.type, sentence)) return false;
  return !(question.type === 'when' && question.future) || STATES_FUTURE.test(sentence);
}
