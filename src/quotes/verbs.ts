import {
  NAMING_VERB_FORMS,
  SPEECH_VERB_FORMS,
  SPEECH_VERB_FORMS_ES,
  speechVerbLemma,
  speechVerbPattern,
} from '../lexicon/speech-verbs.js';

/**
 * The speech-verb forms the extractor reads in running text: the shared lexicon's inflected
 * forms (not bare lemmas, which are often nouns: "a state", "the post"), "say" and "tell", and
 * the Spanish cues. Third-person forms that are mostly plural nouns in news text are left out.
 */
const NOUN_LIKE = new Set([
  'posts',
  'calls',
  'states',
  'comments',
  'answers',
  'demands',
  'counters',
  'thinks',
  'thought',
  'thinking',
  'speaks',
  'spoke',
  'spoken',
  'speaking',
  'highlights',
  'notes',
  'remarks',
  'claims',
  'reply',
  'replies',
]);
const LEMMAS = new Set(['say', 'tell']);

const FORMS = new Set<string>();
for (const form of SPEECH_VERB_FORMS) {
  if (NOUN_LIKE.has(form)) continue;
  // Bare lemmas are often nouns ("a state", "the post"); only "say" and "tell" are kept.
  if (speechVerbLemma(form) === form && !LEMMAS.has(form)) continue;
  FORMS.add(form);
}
for (const form of SPEECH_VERB_FORMS_ES) FORMS.add(form);
for (const form of NAMING_VERB_FORMS) FORMS.add(form);

/** Alternation of every extraction form, longest first. */
export const VERB = `(?:${speechVerbPattern(FORMS)})`;
const VERB_WORD = new RegExp(String.raw`(?<![\p{L}\p{M}])(${VERB})(?![\p{L}\p{M}])`, 'gu');

export function isSpeechVerbForm(word: string): boolean {
  return FORMS.has(word);
}

export function isNamingVerb(word: string): boolean {
  return NAMING_VERB_FORMS.has(word);
}

/** Every speech verb in a text, with its offset. */
export function verbWords(text: string, _spanish = false): { word: string; index: number }[] {
  // The verb is the whole match (the lookarounds take no characters).
  return [...text.matchAll(VERB_WORD)].map((m) => ({ word: m[0], index: m.index }));
}
