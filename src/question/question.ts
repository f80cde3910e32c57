import { createRequire } from 'node:module';
import type nlp from 'compromise';
import { Analyzer, type Language, type QueryWord } from '../search/analyze.js';
import { words as wordsOf } from '../search/analyze.js';
import { fold } from '../search/fold.js';
import { asksFuture, questionType, type QuestionType } from '../search/question-type.js';
import { speechVerbPattern, SPEECH_VERB_FORMS, SPEECH_VERB_FORMS_ES } from '../lexicon/speech-verbs.js';
import { TIME_ADVERBIAL_PHRASES, TIME_ADVERBIAL_WORDS } from '../lexicon/time-adverbials.js';
import {
  CHATTER_WORDS,
  QUESTION_LEAD_IN,
  QUESTION_OPENERS,
  QUESTION_WORDS,
  SPANISH_QUESTION_FILLERS,
  SPANISH_QUESTION_WORDS,
} from '../lexicon/question-lead-ins.js';
import { DEFAULT_ANSWER_SETTINGS, type AnswerSettings } from '../answer/settings.js';
import { synonymsOf } from './synonyms.js';
import { BoundedMemo } from '../search/bounded-memo.js';

/** What a question is understood to mean, parsed once and passed to every step of answering. */
export interface Question {
  /** The question as asked. */
  asked: string;
  /** The text searched: chat markup (mentions, custom emoji, timestamps) and links removed. */
  text: string;
  /**
   * The message asks nothing searchable: only greetings, thanks, "help", question words, emoji,
   * punctuation or links ("thanks!", "hello", "what?", "👍"). It gets the how-to-ask hint.
   */
  nothingAsked: boolean;
  /** Read as Spanish ("¿Qué dijo…?", "¿Dónde…?"): its stop words are Spanish ones too. */
  spanish: boolean;
  /** Asked in a language none of the corpus's documents is written in (Spanish on an English corpus). */
  otherLanguage: boolean;
  /** Its content words, each with the index terms it matches and its weight. */
  words: QuestionWord[];
  /** Folded names it asks about (capitalised words of the asked part, not openers like "Describe"). */
  names: string[];
  type: QuestionType;
  /** The folded word it asks for ("what **salary**", "which **bank**", "how many **trips**"), if any. */
  focus?: string;
  /** A "when" question about the future ("When will…"): its answer dates something still to come. */
  future: boolean;
  /** "What did X say (about Y)?" asks for X's quotations; anything else asks about a topic. */
  intent: { kind: 'topic' } | { kind: 'speaker'; speaker: string; verb: string; about?: string };
  /** Folded words the corpus never mentions (aliases aside). */
  unknownTerms: string[];
  /**
   * What the question cannot do without and the corpus never mentions: nothing can answer.
   * The speaker of "what did X say", or every name and number of the question proper (one
   * unknown name beside known ones is left to the evidence rule: news questions often name more
   * than the passage does), or a key noun with `refuseMissingNoun`.
   */
  missing: string[];
}

export interface QuestionWord extends QueryWord {
  /** Index terms that stand for the word here, typo-corrected where needed; empty when unknown. */
  matches: Set<string>;
  /** Index terms of WordNet synonyms of a word the corpus lacks: a match earns `synonymShare`. */
  synonyms: Set<string>;
  known: boolean;
  /** What the word is in the question; it sets the word's share of the weight. */
  role: 'content' | 'framing' | 'speech';
  /** IDF of its best match; an unknown word is as rare as the rarest term. */
  rarity: number;
  /** Its rarity times the role's share (`roleShare`), and `focusWeight` for the word asked for. */
  weight: number;
}

/** A word's share of its rarity in the ranking, by what it is in the question. */
function roleShare(role: QuestionWord['role'], settings: AnswerSettings): number {
  return role === 'framing' ? settings.framingWeight : role === 'speech' ? settings.speechVerbWeight : 1;
}

/** What parsing needs from the corpus: its analysis, and how often each index term occurs. */
export interface Vocabulary {
  analyzer: Analyzer;
  languages: Language[];
  index: {
    frequency(term: string): number;
    idf(term: string): number;
    nearTerms(term: string): string[];
  };
}

/**
 * Discord mention, channel, custom emoji and timestamp markup, and links: no document's words
 * hold them (a link is not fetched: the corpus is searched, not the web).
 */
const CHAT_MARKUP = /<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|<t:-?\d+(?::\w)?>|<?(?:https?:\/\/|www\.)[^\s>]+>?/giu;

/** The text a message searches: chat markup and links removed, white space collapsed. */
export function searchableText(message: string): string {
  return message.replace(CHAT_MARKUP, ' ').replace(/\s+/g, ' ').trim();
}

/** An analyzer without the corpus's aliases: stop words are all `asksNothing` needs. */
let plainAnalyzer: Analyzer | undefined;

/**
 * Whether a message has nothing to search: no word of it is a content word once stop words
 * (English and Spanish), question words and chatter (`CHATTER_WORDS`: greetings, thanks, "help")
 * are set aside, and chat markup and links removed. Needs no corpus, so /ask can answer at once.
 *
 * ```ts
 * asksNothing('thanks!'); // true
 * asksNothing('Rubio');   // false: a name is something to search
 * ```
 */
export function asksNothing(message: string): boolean {
  const words = (plainAnalyzer ??= new Analyzer()).queryWords(searchableText(message), ['en', 'es']);
  return words.every((w) => CHATTER_WORDS.has(w.word));
}

/** "¿Qué dijo…?", "Dónde se reunieron…": a question opened the Spanish way or by a Spanish question word. */
export function readsAsSpanish(asked: string): boolean {
  const text = asked.trim();
  if (/^[¿¡]/u.test(text)) return true;
  const first = wordsOf(text)[0];
  return first !== undefined && SPANISH_QUESTION_WORDS.has(first);
}

// Imperatives that open a request in capitals without naming anything.
const OPENERS = new Set([
  'describe',
  'explain',
  'list',
  'summarize',
  'summarise',
  'give',
  'name',
  'show',
  'find',
  'compare',
  'define',
  'quote',
  'tell',
]);

const SPEAKER_QUESTION = new RegExp(
  `^\\s*(?:what|how)\\s+(?:did|does|do|has|have|had|is|was)\\s+(.+?)\\s+(${speechVerbPattern(SPEECH_VERB_FORMS)})\\b(?:\\s+(?:about|on|of|regarding|concerning)\\s+(.+?))?\\s*[?.!]*\\s*$`,
  'i',
);

/** Asked about, though no quotation cue: the participle after "ha" ("ha dicho") and opinion verbs. */
const SPANISH_ASKED_VERBS = ['dicho', 'declarado', 'afirmado', 'opina', 'opinó', 'opino', 'piensa'];

/**
 * "¿Qué dijo Sheinbaum sobre la soberanía?", "Qué ha declarado X acerca de Y": the Spanish form.
 * Accented letters are no word characters to `\b`, so the verb ends at a space or punctuation.
 */
const SPEAKER_QUESTION_ES = new RegExp(
  `^\\s*¿?\\s*qu[eé]\\s+(?:(?:es\\s+)?lo\\s+que\\s+)?(?:(?:ha|han|había|habia)\\s+)?(${speechVerbPattern([...SPEECH_VERB_FORMS_ES, ...SPANISH_ASKED_VERBS])})(?=[\\s?.!,]|$)\\s*(?:(?:el|la|los|las)\\s+)?(.+?)(?:\\s+(?:sobre|acerca\\s+de|respecto\\s+(?:a|de)|en\\s+cuanto\\s+a|en\\s+torno\\s+a)\\s+(.+?))?\\s*[?.!]*\\s*$`,
  'iu',
);

/**
 * "What did Rubio say about sovereignty?" → { speaker: "Rubio", verb: "say", about: "sovereignty" };
 * "¿Qué dijo Sheinbaum sobre la soberanía?" → { speaker: "Sheinbaum", verb: "dijo", about: "la soberanía" }.
 */
export function speakerIntent(text: string): { speaker: string; verb: string; about?: string } | undefined {
  const spanish = SPEAKER_QUESTION_ES.exec(text);
  if (spanish?.[1] && spanish[2]) return { speaker: spanish[2], verb: fold(spanish[1]), about: spanish[3] };
  const match = SPEAKER_QUESTION.exec(text);
  const [, speaker, verb, about] = match ?? [];
  return speaker && verb ? { speaker, verb: fold(verb), about } : undefined;
}

/**
 * The question proper, the framing around it, and chatter that says nothing: "With all the talk
 * lately, I was wondering: which tunnels…?" asks about tunnels; a news quiz's "A storm hit
 * California. Which part…?" asks about the last sentence. Inside that sentence, a clause before
 * the question word frames it too ("According to the officer, what…"). Lead-ins ("Quick
 * question:", "Ok so", "Is it true that", "Do you know when") are chatter: no part of the question.
 */
export function splitFraming(text: string): { asked: string; framing: string; chatter: string } {
  const parts = text.split(/(?<=[.!?:;])\s+(?=\S)/u).filter((p) => p.trim());
  let last = parts.length - 1;
  while (last > 0 && !/\?\s*$/.test(parts[last] ?? '') && parts.slice(0, last).some((p) => /\?\s*$/.test(p))) last--;
  const chatter: string[] = [];
  // A sentence that is all lead-in ("Hi!", "Quick question:") is chatter, not framing.
  const framing = parts.slice(0, Math.max(0, last)).filter((part) => {
    const lead = leadIns(part);
    if (lead.rest.trim()) return true;
    chatter.push(part.trim());
    return false;
  });
  const sentence = splitClause(parts.length < 2 ? text : parts.slice(last).join(' '));
  return {
    asked: sentence.asked,
    framing: [...framing, ...sentence.framing].join(' '),
    chatter: [...chatter, ...sentence.chatter].join(' '),
  };
}

/** The lead-ins at the start of a text ("Ok so, quick question: is it true that…") and the rest. */
function leadIns(text: string): { leads: string[]; rest: string } {
  const leads: string[] = [];
  let rest = text;
  for (let lead = QUESTION_LEAD_IN.exec(rest); lead?.[0]; lead = QUESTION_LEAD_IN.exec(rest)) {
    leads.push(lead[0].trim());
    rest = rest.slice(lead[0].length);
  }
  return { leads, rest };
}

const WORD_AT_START = (words: readonly string[]) => `(?:${words.join('|')})\\b`;
/** "Sorry if this is basic, but who…": a clause (not itself a question) before the question word. */
const CLAUSE_BEFORE_QUESTION = new RegExp(
  `^(?!\\s*${WORD_AT_START(QUESTION_OPENERS)})(.+?(?:[,;:]|\\s[—–-])(?:\\s*(?:but|and|so)\\b)?)\\s*(${WORD_AT_START(QUESTION_WORDS)}.*)$`,
  'isu',
);
const ANY_QUESTION_WORD = new RegExp(`\\b${WORD_AT_START(QUESTION_WORDS)}`, 'iu');

/** Splits lead-ins and a framing clause off the front of the question's sentence. */
function splitClause(sentence: string): { asked: string; framing: string[]; chatter: string[] } {
  const first = leadIns(sentence);
  const clause = CLAUSE_BEFORE_QUESTION.exec(first.rest);
  // Only a question is split ("…, which is the home state of…" in a statement is a relative
  // clause), and only when the clause asks nothing itself ("The governor of which state…, which…").
  if (!clause?.[1] || !clause[2] || !/\?\s*$/.test(clause[2]) || ANY_QUESTION_WORD.test(clause[1])) {
    // A lead-in that is all there is ("Is it true?") leaves the sentence as asked.
    return first.rest.trim()
      ? { asked: first.rest, framing: [], chatter: first.leads }
      : { asked: sentence, framing: [], chatter: [] };
  }
  const second = leadIns(clause[2]);
  return {
    asked: second.rest.trim() ? second.rest : clause[2],
    framing: [clause[1].trim()],
    chatter: [...first.leads, ...(second.rest.trim() ? second.leads : [])],
  };
}

/** "What salary…", "Which bank…", "What is the population of…": the thing the question asks for. */
const FOCUS =
  /(?:^|[.?!:]\s+)(?:what|which|how\s+many|how\s+much)\s+(?:(?:is|are|was|were|the|a|an|kind|type|sort|of)\s+)*(\p{L}[\p{L}'’-]*)/giu;

/** The folded word right after the question word, skipping the copula and articles; undefined for other questions. */
export function focusWord(asked: string): string | undefined {
  const matches = [...asked.matchAll(FOCUS)];
  const last = matches.at(-1)?.[1];
  return last === undefined ? undefined : fold(last);
}

/** Folded capitalised words of a text that are not sentence openers: the names it asks about. */
export function namesIn(text: string): string[] {
  // A question in capitals ("WHERE WAS THE MEETING HELD?") shouts; its capitals name nothing.
  if (!/\p{Ll}/u.test(text)) return [];
  const names = text.match(/(?<![\p{L}'’])\p{Lu}[\p{L}'’-]*/gu) ?? [];
  return names.map((n) => fold(n).replace(/'s?$/, '')).filter((n) => !OPENERS.has(n));
}

/** A small number after "the" names things already known ("the two countries"): it counts nothing. */
const REFERENCE_DETERMINERS = new Set(['the', 'these', 'those', 'both']);
const SMALL_NUMBERS = new Set(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']);

/**
 * Folded words of a question that frame it rather than say what it is about: time adverbials
 * and hedges ("so far", "currently", "actually") and the number of "the two countries".
 */
export function framingWords(text: string): Set<string> {
  const list = wordsOf(text);
  const out = new Set(list.filter((w) => TIME_ADVERBIAL_WORDS.has(w)));
  list.forEach((w, i) => {
    const next = list[i + 1];
    if (next === undefined) return;
    if (TIME_ADVERBIAL_PHRASES.some(([a, b]) => a === w && b === next)) out.add(w).add(next);
    if (REFERENCE_DETERMINERS.has(w) && SMALL_NUMBERS.has(next)) out.add(next);
  });
  return out;
}

const WHO_SAID = new RegExp(
  `^\\s*who\\s+(?:(?:has|had|have|did|was|is)\\s+)?(${speechVerbPattern(SPEECH_VERB_FORMS)})\\b`,
  'i',
);

/** The speech verb of "who said / claimed / warned that…": it asks for a speaker, not about saying. */
export function whoSaidVerb(text: string): string | undefined {
  const verb = WHO_SAID.exec(text)?.[1];
  return verb === undefined ? undefined : fold(verb);
}

/** Index terms of every speech verb (English and Spanish) the corpus uses. */
function speechVerbTerms({ analyzer, index }: Vocabulary): string[] {
  const terms = [
    ...[...SPEECH_VERB_FORMS].flatMap((form) => analyzer.tokens(form, 'en')),
    ...[...SPEECH_VERB_FORMS_ES].flatMap((form) => analyzer.tokens(form, 'es')),
  ];
  return [...new Set(terms)].filter((t) => index.frequency(t) > 0);
}

function missingNames(all: QuestionWord[], names: Set<string>, speaker: string | undefined): string[] {
  const asked = all.filter((w) => w.role !== 'framing' && !w.alias);
  if (speaker) {
    const speakerWords = new Set(wordsOf(speaker));
    const said = asked.filter((w) => speakerWords.has(w.word));
    if (said.length > 0 && said.every((w) => !w.known)) return said.map((w) => w.word);
  }
  const named = asked.filter((w) => names.has(w.word) || /^\d+$/.test(w.word));
  return named.length > 0 && named.every((w) => !w.known) ? named.map((w) => w.word) : [];
}

const requireModule = createRequire(import.meta.url);
let loadedTagger: typeof nlp | undefined;
/** The part-of-speech tagger, loaded on first use: a start-up and most questions never pay its ~0.3 s. */
const tagger = (): typeof nlp => (loadedTagger ??= requireModule('compromise') as typeof nlp);

/** Words the tagger reads as adverbs on their own: questions share their rare words. */
const ADVERBS_ALONE = new BoundedMemo<string, boolean>(20_000);

/**
 * Folded words a part-of-speech tagger reads as adverbs ("suddenly") and as nouns ("salary").
 * Tagging a whole question costs about a millisecond (nouns twice that), and only a few of its
 * words are ever asked about: a word is first tagged on its own (remembered), and the question
 * is tagged only to confirm a word that could be an adverb, or when its nouns are asked for.
 */
function tagged(text: string): { adverbs: Pick<Set<string>, 'has'>; nouns: Pick<Set<string>, 'has'> } {
  let doc: ReturnType<typeof nlp> | undefined;
  let adverbs: Set<string> | undefined;
  let nouns: Set<string> | undefined;
  const tag = () => (doc ??= tagger()(text));
  const of = (phrases: string[]) => new Set(phrases.flatMap((phrase) => wordsOf(phrase)));
  const inText = new Set(wordsOf(text));
  const adverbAlone = (word: string) =>
    ADVERBS_ALONE.get(word, () => of(tagger()(word).adverbs().out('array') as string[]).has(word));
  return {
    adverbs: {
      has: (word) =>
        inText.has(word) && adverbAlone(word) && (adverbs ??= of(tag().adverbs().out('array') as string[])).has(word),
    },
    nouns: { has: (word) => (nouns ??= of(tag().nouns().out('array') as string[])).has(word) },
  };
}

/** Whether the corpus holds a WordNet synonym of a word (only asked for a word the corpus lacks). */
function synonymKnown(word: string, { analyzer, index }: Vocabulary): boolean {
  return synonymsOf(word).some((synonym) => analyzer.tokens(synonym, 'en').some((term) => index.frequency(term) > 0));
}

/**
 * Parses a question once: its words with weights (rare words weigh more; framing clauses and
 * speech verbs less), its names, type and intent, and what the corpus lacks.
 */
export function parseQuestion(
  asked: string,
  vocabulary: Vocabulary,
  settings: AnswerSettings = DEFAULT_ANSWER_SETTINGS,
): Question {
  const text = searchableText(asked);
  const parts = splitFraming(text);
  const proper = parts.asked;
  // Chatter ("Quick question:", "Is it true that") is no part of what is searched.
  const searched = parts.chatter ? [parts.framing, proper].filter(Boolean).join(' ') : text;
  const { analyzer, index } = vocabulary;
  // A Spanish question's "qué", "se", "la" are stop words even on an English corpus.
  const spanish = readsAsSpanish(proper);
  const languages: Language[] = spanish ? [...new Set([...vocabulary.languages, 'es' as const])] : vocabulary.languages;
  const maxIdf = index.idf('\u0000never-indexed');
  // A Spanish question's "cuántos" or "es" asks, as "how many" and "is" do in English.
  const contentOnly = (list: QueryWord[]) =>
    spanish ? list.filter((w) => w.alias || !SPANISH_QUESTION_FILLERS.has(w.word)) : list;
  const queryWords = contentOnly(analyzer.queryWords(searched, languages));
  const askedWords = new Set(
    (proper === searched ? queryWords : contentOnly(analyzer.queryWords(proper, languages))).map((w) => w.word),
  );
  const intent = speakerIntent(proper);
  const hedges = framingWords(proper);
  const speechVerb = intent?.verb ?? whoSaidVerb(proper);
  const weighed: QuestionWord[] = queryWords.map((word) => {
    const matches = new Set(
      word.alias ? word.terms.filter((t) => index.frequency(t) > 0) : word.terms.flatMap((t) => index.nearTerms(t)),
    );
    // The verb of "what did X say" states the intent, not the topic; elsewhere "state" is a word.
    const role =
      !askedWords.has(word.word) || hedges.has(word.word) ? 'framing' : word.word === speechVerb ? 'speech' : 'content';
    // Any speech verb answers "what did X say": "X insisted", "X warned".
    if (role === 'speech') for (const term of speechVerbTerms(vocabulary)) matches.add(term);
    const idfs = word.terms.flatMap((t) => ([...matches].includes(t) ? [index.idf(t)] : []));
    if (idfs.length === 0) idfs.push(...[...matches].map((t) => index.idf(t)));
    const synonyms = new Set<string>();
    if (matches.size === 0 && !word.alias && settings.synonymShare > 0) {
      for (const synonym of synonymsOf(word.word))
        for (const term of analyzer.tokens(synonym, 'en')) if (index.frequency(term) > 0) synonyms.add(term);
    }
    const rarity = idfs.length ? Math.max(...idfs) : maxIdf;
    return {
      ...word,
      matches,
      synonyms,
      known: matches.size > 0,
      role,
      rarity,
      weight: roleShare(role, settings) * rarity,
    };
  });
  // A word inside a known alias phrase ("mayo" in "El Mayo") is known through the phrase.
  const knownPhrases = new Set(weighed.filter((w) => w.alias && w.known).flatMap((w) => w.terms));
  for (const w of weighed) {
    if (!w.known && w.phrase && knownPhrases.has(w.phrase)) {
      w.known = true;
      w.matches = new Set([w.phrase]);
      w.rarity = index.idf(w.phrase);
      w.weight = roleShare(w.role, settings) * w.rarity;
    }
  }
  // The phrase's words already carry its weight; counting the phrase again would double it.
  const all = weighed.filter((w) => !(w.alias && weighed.some((o) => o.phrase && w.terms.includes(o.phrase))));
  const unknown = all.filter((w) => !w.known && !w.alias);
  const names = namesIn(proper).filter((n) => all.some((w) => w.word === n));
  const nameSet = new Set(names);
  // An unknown word is still what the question is about ("salary"), unless it only says how to
  // answer: a speech or request verb ("describe") or an adverb ("suddenly"). The tagger costs a
  // millisecond, so only questions with unknown words pay for it.
  const tags = unknown.length > 0 ? tagged(proper) : { adverbs: new Set<string>(), nouns: new Set<string>() };
  const words = all.filter(
    (w) => w.known || (!w.alias && w.role !== 'speech' && !OPENERS.has(w.word) && !tags.adverbs.has(w.word)),
  );
  // A noun of the question proper that neither the corpus nor any WordNet synonym of it holds
  // ("salary") is a thing the corpus never speaks of: no passage can answer.
  // The noun the question asks for ("what salary"), when neither it nor a WordNet synonym of it
  // occurs anywhere: every passage would answer about something else.
  const focus = focusWord(proper);
  // The word asked for weighs more: a passage that holds it more likely answers.
  for (const w of words) if (w.word === focus && w.role === 'content') w.weight *= settings.focusWeight;
  const focusMissing = unknown.filter(
    (w) =>
      settings.refuseMissingFocus &&
      w.word === focus &&
      w.role === 'content' &&
      tags.nouns.has(w.word) &&
      !nameSet.has(w.word) &&
      !synonymKnown(w.word, vocabulary),
  );
  const missingNouns = settings.refuseMissingNoun
    ? unknown.filter((w) => w.role === 'content' && w.synonyms.size === 0 && tags.nouns.has(w.word))
    : [];
  return {
    asked,
    text,
    nothingAsked: asksNothing(text),
    spanish,
    otherLanguage: spanish && !vocabulary.languages.includes('es'),
    words,
    names,
    type: questionType(proper),
    focus,
    future: asksFuture(proper),
    intent: intent ? { kind: 'speaker', ...intent } : { kind: 'topic' },
    unknownTerms: unknown.map((w) => w.word),
    missing: [
      ...new Set([
        ...missingNames(all, nameSet, intent?.speaker),
        ...[...focusMissing, ...missingNouns.filter((w) => !nameSet.has(w.word))].map((w) => w.word),
      ]),
    ],
  };
}

/** The corpus-independent part of the question model: what is asked, its type and intent. */
export function understandMessage(message: string): Pick<Question, 'type' | 'intent'> & { asked: string } {
  const proper = splitFraming(searchableText(message)).asked;
  const intent = speakerIntent(proper);
  return {
    asked: proper,
    type: questionType(proper),
    intent: intent ? { kind: 'speaker', ...intent } : { kind: 'topic' },
  };
}
