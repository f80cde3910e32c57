import snowball from 'snowball-stemmers';
import stopword from 'stopword';
import { fold } from './fold.js';
import type { AliasGroup } from './aliases.js';
import { SPEECH_VERB_FORMS } from '../lexicon/speech-verbs.js';

export type Language = 'en' | 'es';

const stemmers = { en: snowball.newStemmer('english'), es: snowball.newStemmer('spanish') };

// Speech verbs matter to quotes ("what did Rubio say"), so the stop list must not drop them;
// question words it lacks carry no content either.
const KEEP = new Set([...SPEECH_VERB_FORMS, 'against']);
const EXTRA_EN = [
  'when',
  'why',
  'whom',
  'whose',
  'does',
  'will',
  'shall',
  'might',
  'must',
  'also',
  'besides',
  'whether',
  'she',
  'its',
  'onto',
  'upon',
  'toward',
  'towards',
  'per',
  'via',
  'yet',
  'even',
  'just',
];
const STOP_WORDS: Record<Language, Set<string>> = {
  en: new Set([...stopword.eng, ...EXTRA_EN].map(fold).filter((w) => !KEEP.has(w))),
  es: new Set(stopword.spa.map(fold)),
};

const IDIOM_GLUE = new Set(['of', 'to', 'the', 'its', 'in', 'and', 'a', 'on', 'for', 'at', 'by']);

/** Folded words of a text, in order: "U.S.-Mexico García's" → ["us", "mexico", "garcia"]. */
export function words(text: string): string[] {
  let folded = fold(text);
  // Acronyms need a dot and compounds a hyphen: most passages skip both passes.
  if (folded.includes('.') || folded.includes('-')) {
    folded = folded
      .replace(/\b(?:[a-z]\.){2,}/g, (acronym) => acronym.replace(/\./g, ''))
      // A compound with a function word inside is an idiom ("first-of-its-kind", "up-to-date"):
      // one word, lest its parts match questions about "first" or "date".
      .replace(/\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b/g, (compound) =>
        compound.split('-').some((part) => IDIOM_GLUE.has(part)) ? compound.replace(/-/g, '') : compound,
      );
  }
  const found = folded.match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
  const out: string[] = [];
  for (let w of found) {
    if (w.includes("'")) w = w.replace(/'(s)?$/, '').replace(/'/g, '');
    if (w.length > 1 || (w.length === 1 && w >= '0' && w <= '9')) out.push(w);
  }
  return out;
}

/** True when `run` occurs as consecutive items of `tokens` (an empty run always does). */
export function containsRun(tokens: string[], run: string[]): boolean {
  for (let i = 0; i + run.length <= tokens.length; i++) {
    if (run.every((t, k) => tokens[i + k] === t)) return true;
  }
  return false;
}

/** One content word of a query and the index terms that stand for it. */
export interface QueryWord {
  /** The folded word as the user wrote it, e.g. "putin". */
  word: string;
  /** Index terms for it: stems in each language searched, or an alias term. */
  terms: string[];
  /** True for the term of an alias phrase (AMLO → its group), which is never typo-corrected. */
  alias: boolean;
  /** The alias term of a longer phrase this word is part of: matching it covers the word too. */
  phrase?: string;
}

/**
 * The analysis shared by indexing and searching, so both sides agree on what a word is:
 * case and accent folding, stop words, stemming by the document's language, and aliases —
 * every name of an alias group also yields one shared term (e.g. "@amlo"), matched as a phrase.
 */
export class Analyzer {
  private readonly aliasPhrases = new Map<string, { words: string[]; term: string }[]>();

  constructor(aliases: AliasGroup[] = []) {
    for (const group of aliases) {
      const term = `@${words(group[0] ?? '').join('_')}`;
      for (const name of group) {
        const nameWords = words(name);
        const first = nameWords[0];
        if (first === undefined) continue;
        const list = this.aliasPhrases.get(first) ?? [];
        list.push({ words: nameWords, term });
        this.aliasPhrases.set(first, list);
      }
    }
  }

  /** Index terms of a text, in order of appearance (alias terms follow their phrase). */
  tokens(text: string, language: Language = 'en'): string[] {
    const all = words(text);
    const out: string[] = [];
    const terms = termCache[language];
    // A plain loop with one lookup per word (its term, or null for a stop word): answering
    // tokenizes every candidate passage it has not seen yet, so this is the hot path.
    for (let i = 0; i < all.length; i++) {
      const word = all[i] ?? '';
      let term = terms.get(word);
      if (term === undefined) {
        term = STOP_WORDS[language].has(word) ? null : stem(word, language);
        if (terms.size >= MAX_STEMS) terms.clear();
        terms.set(word, term);
      }
      if (term !== null) out.push(term);
      if (this.aliasPhrases.has(word)) for (const alias of this.aliasesAt(all, i)) out.push(alias.term);
    }
    return out;
  }

  /**
   * The content words of a question, each with the index terms it may match. A one-word alias
   * adds its group's term to the word; a longer alias phrase becomes a word of its own, and the
   * words inside it name it in `phrase`, so that "El Mayo" is covered by "Ismael Zambada García".
   */
  queryWords(text: string, languages: Language[] = ['en']): QueryWord[] {
    const all = words(text);
    const out: QueryWord[] = [];
    let phrase: { term: string; end: number } | undefined;
    all.forEach((word, i) => {
      const aliases = this.aliasesAt(all, i);
      for (const alias of aliases.filter((a) => a.length > 1)) {
        out.push({ word: all.slice(i, i + alias.length).join(' '), terms: [alias.term], alias: true });
        if (!phrase || i + alias.length > phrase.end) phrase = { term: alias.term, end: i + alias.length };
      }
      if (phrase && i >= phrase.end) phrase = undefined;
      if (languages.some((lang) => STOP_WORDS[lang].has(word))) return;
      const terms = languages.map((lang) => stem(word, lang));
      terms.push(...aliases.filter((a) => a.length === 1).map((a) => a.term));
      out.push({ word, terms: [...new Set(terms)], alias: false, phrase: phrase?.term });
    });
    return dedupe(out);
  }

  /** Alias terms whose phrase starts at word `i`, with the phrase's length in words. */
  private aliasesAt(all: string[], i: number): { term: string; length: number }[] {
    const phrases = this.aliasPhrases.get(all[i] ?? '');
    if (!phrases) return []; // most words start no alias: skip the allocations
    const found = new Map<string, number>();
    for (const { words: phrase, term } of phrases) {
      if (phrase.every((w, k) => all[i + k] === w)) found.set(term, Math.max(found.get(term) ?? 0, phrase.length));
    }
    return [...found].map(([term, length]) => ({ term, length }));
  }
}

// Stemmers only cut suffixes, so irregular past forms never meet their verb ("said" ≠ "say").
// These are the ones news text uses most.
const IRREGULAR_EN: Record<string, string> = Object.fromEntries(
  (
    'said:say told:tell met:meet held:hold made:make took:take gave:give given:give spoke:speak spoken:speak ' +
    'wrote:write written:write won:win brought:bring thought:think sought:seek began:begin begun:begin ' +
    'left:leave led:lead sent:send struck:strike knew:know known:know found:find became:become came:come ' +
    'saw:see seen:see fell:fall fallen:fall chose:choose chosen:choose drove:drive driven:drive went:go gone:go ' +
    'got:get kept:keep paid:pay sold:sell bought:buy fought:fight caught:catch taught:teach meant:mean ' +
    'felt:feel built:build spent:spend lost:lose stood:stand understood:understand rose:rise risen:rise ' +
    'broke:break broken:break flew:fly flown:fly grew:grow grown:grow threw:throw thrown:throw shot:shoot ' +
    'hid:hide hidden:hide withdrew:withdraw withdrawn:withdraw undertook:undertake undertaken:undertake'
  )
    .split(' ')
    // Every pair above is written "form:verb".
    .map((pair) => pair.split(':') as [string, string]),
);

// Stemming dominates analysis time and a corpus has few distinct words, so remember them.
const stemCache: Record<Language, Map<string, string>> = { en: new Map(), es: new Map() };

function stem(word: string, language: Language): string {
  const cache = stemCache[language];
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    stemmed = /^\d+$/.test(word)
      ? word
      : stemmers[language].stem(language === 'en' ? (IRREGULAR_EN[word] ?? word) : word);
    // Questions bring new words forever: forget them all now and then rather than grow without bound.
    if (cache.size >= MAX_STEMS) cache.clear();
    cache.set(word, stemmed);
  }
  return stemmed;
}

const MAX_STEMS = 200_000;

/** A word's index term in a language, or null for a stop word: what `tokens` asks of every word. */
const termCache: Record<Language, Map<string, string | null>> = { en: new Map(), es: new Map() };

function dedupe(list: QueryWord[]): QueryWord[] {
  const seen = new Set<string>();
  return list.filter((q) => {
    const key = q.word;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
