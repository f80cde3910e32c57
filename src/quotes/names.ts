import { fold } from '../search/fold.js';
import { BODY_HEADS, ORG_WORDS } from '../lexicon/bodies.js';
import { COURTESY, isNationality, isRoleWord, isTitleHead } from '../lexicon/titles.js';

/**
 * Names of people and bodies as news text writes them: runs of capitalised words with name
 * particles ("Juan Ramón de la Fuente"), led by roles ("Secretary of State Marco Rubio") and
 * possessives ("Mexico's Foreign Minister …").
 */

const PARTICLES = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'van',
  'von',
  'der',
  'den',
  'da',
  'das',
  'do',
  'dos',
  'di',
  'du',
  'le',
  'bin',
  'ibn',
  'al',
  'y',
]);

/** Capitalised words that start a sentence or clause without being part of a name. */
const FUNCTION_WORDS = new Set([
  'as',
  'but',
  'and',
  'or',
  'so',
  'yet',
  'when',
  'while',
  'after',
  'before',
  'at',
  'in',
  'on',
  'the',
  'a',
  'an',
  'then',
  'still',
  'meanwhile',
  'however',
  'also',
  'earlier',
  'later',
  'today',
  'yesterday',
  'tonight',
  'if',
  'though',
  'although',
  'since',
  'for',
  'with',
  'without',
  'from',
  'by',
  'to',
  'during',
  'despite',
  'historically',
  'others',
  'this',
  'that',
  'these',
  'those',
  'it',
  'he',
  'she',
  'they',
  'we',
  'i',
  'you',
  'his',
  'her',
  'their',
  'our',
  'my',
  'both',
  'all',
  'some',
  'many',
  'most',
  'such',
  'under',
  'over',
  'between',
  'among',
  'about',
  'according',
  'asked',
  'speaking',
  'allow',
  'thank',
  'welcome',
  'good',
  'of',
  'course',
  'what',
  'why',
  'how',
  'where',
  'who',
  'instead',
  'indeed',
  'now',
  'here',
  'there',
  'even',
  'just',
  'only',
  'last',
  'next',
  'two',
  'three',
  'several',
  'every',
  'each',
  // Spanish
  'el',
  'la',
  'los',
  'las',
  'un',
  'una',
  'segun',
  'por',
  'su',
  'sus',
  'en',
  'con',
  'para',
  'pero',
  'tras',
  'ante',
  'sin',
  'este',
  'esta',
]);

const ABBREVIATIONS = new Set([
  'mr.',
  'mrs.',
  'ms.',
  'dr.',
  'gen.',
  'sen.',
  'rep.',
  'gov.',
  'jr.',
  'sr.',
  'lt.',
  'col.',
  'maj.',
  'adm.',
  'capt.',
  'sgt.',
  'st.',
  'pres.',
  'sec.',
  'amb.',
  'lic.',
  'sra.',
]);

const CAP = String.raw`(?:(?:\p{Lu}\.){2,}|\p{Lu}[\p{L}\p{M}\-]*(?:['’]s)?\.?)`;
const PART = String.raw`(?:de|del|la|las|los|van|von|der|den|da|das|do|dos|di|du|le|bin|ibn|al|y)`;
/** A run of capitalised words, with particles and "of" between them. */
export const NAME_RUN_SOURCE = String.raw`(?<![\p{L}\p{M}'’])(?:${PART}\s+)*${CAP}(?:\s+(?:(?:of|${PART})\s+)*${CAP})*`;
const NAME_RUN = new RegExp(NAME_RUN_SOURCE, 'gu');
/** The same run, anchored at the end of a text. */
export const NAME_RUN_AT_END = new RegExp(`${NAME_RUN_SOURCE}$`, 'u');
/** The same run, anchored at the start of a text. */
export const NAME_RUN_AT_START = new RegExp(`^${NAME_RUN_SOURCE}`, 'u');

const foldedNames = new Map<string, string>();
/**
 * How many names the memos below keep before starting over. A 10,000-document corpus has well
 * over 50,000 distinct name strings; a smaller memo is cleared again and again while the quote
 * book names speakers, and every name is folded anew each time.
 */
const NAME_MEMO = 400_000;

/** A name folded for comparison: `fold`, then without possessive and punctuation; memoised. */
export function foldName(name: string): string {
  let out = foldedNames.get(name);
  if (out === undefined) {
    if (foldedNames.size >= NAME_MEMO) foldedNames.clear();
    out = foldNameUncached(name);
    foldedNames.set(name, out);
  }
  return out;
}

function foldNameUncached(name: string): string {
  return fold(name)
    .replace(/['’]s\b/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A name's folded words (shared from the memo: callers never change it). */
export function nameTokens(name: string): string[] {
  return nameKey(name).tokens;
}

/** True when `short` names the same person as `full` by its last words: "de la Fuente" ⊂ "Juan Ramón de la Fuente". */
export function isSuffixName(short: string, full: string): boolean {
  const s = nameTokens(short);
  const f = nameTokens(full);
  if (s.length === 0 || s.length > f.length) return false;
  // A particle alone ("de la") is no surname.
  if (s.every((t) => PARTICLES.has(t))) return false;
  const offset = f.length - s.length;
  return s.every((t, i) => f[offset + i] === t);
}

/** A name run taken apart. */
export interface ParsedName {
  /** The run as written (after dropping leading function words). */
  surface: string;
  /** The name without role, courtesy title, possessive: "Marco Rubio". Empty for a bare role ("the Secretary"). */
  core: string;
  role?: string;
  /** A courtesy title written with the name ("Ms."), which may give a gender. */
  courtesy?: string;
  /** The run names an organisation or place. */
  org: boolean;
}

/** Proper casing for a name written in capitals ("DE LA FUENTE" → "de la Fuente"). */
export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .split(/(\s+)/)
    .map((word, i) => {
      if (/^\s+$/.test(word)) return word;
      if (i > 0 && (PARTICLES.has(word) || word === 'of')) return word;
      return word.replace(/(^|[-'’])(\p{Ll})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
    })
    .join('');
}

/** Sentence-final periods are no part of a name; abbreviations and initials keep theirs. */
function cleanToken(t: string, last: boolean): string {
  let out = last ? t.replace(/['’]s$/, '') : t;
  if (out.endsWith('.') && !ABBREVIATIONS.has(fold(out)) && !/^(?:\p{Lu}\.)+$/u.test(out)) out = out.slice(0, -1);
  return out.replace(/[,;:]+$/u, '');
}

/**
 * Where the role ends inside a run: after the last title head that a name follows
 * ("ICE Director | Todd Lyons", "Secretary of State | Marco Rubio"), or -1.
 */
function roleEnd(tokens: string[]): number {
  let end = -1;
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!isTitleHead(tokens[i] ?? '')) continue;
    let k = i;
    // "Secretary of Homeland Security", "Consul General": role words after the head belong to the role.
    while (k + 1 < tokens.length - 1 && isRoleWord(tokens[k + 1] ?? '')) k++;
    end = k;
  }
  return end;
}

/** Takes apart a run of capitalised words: role, name, organisation. */
export function parseName(run: string): ParsedName {
  let tokens = run.trim().split(/\s+/).filter(Boolean);
  while (tokens[0] !== undefined && FUNCTION_WORDS.has(fold(tokens[0]))) tokens.shift();
  // "Mexico's Foreign Minister X": what precedes a possessive is not part of the name.
  for (let i = tokens.length - 2; i >= 0; i--) {
    if (/['’]s$/.test(tokens[i] ?? '')) {
      tokens = tokens.slice(i + 1);
      break;
    }
  }
  const surface = tokens.map((t, i) => (i === tokens.length - 1 ? cleanToken(t, true) : t)).join(' ');
  tokens = tokens.map((t, i) => cleanToken(t, i === tokens.length - 1));
  const courtesy = tokens.find((t) => COURTESY.has(fold(t)));
  const last = foldName(tokens.at(-1) ?? '');
  // "Treasury Department", "Tax Administration Service": a body, whatever role words it holds.
  if (tokens.length > 0 && BODY_HEADS.has(last) && ORG_WORDS.has(last)) {
    return { surface, core: tokens.filter((t) => !COURTESY.has(fold(t))).join(' '), org: true };
  }
  const roleTokens: string[] = [];
  let i = 0;
  const split = roleEnd(tokens);
  if (
    split >= 0 &&
    tokens.slice(0, split + 1).some((t) => !isRoleWord(t) && !COURTESY.has(fold(t)) && !isNationality(t))
  ) {
    // "ICE Director Todd Lyons", "Baja California Governor Marina del Pilar Ávila".
    roleTokens.push(...tokens.slice(0, split + 1).filter((t) => !COURTESY.has(fold(t))));
    i = split + 1;
  } else {
    for (; i < tokens.length; i++) {
      const t = tokens[i] ?? '';
      const f = fold(t);
      if (COURTESY.has(f)) continue;
      if (isRoleWord(t) && (f !== 'of' || roleTokens.length > 0)) {
        roleTokens.push(t);
        continue;
      }
      // "Mexican President X", "U.S. Ambassador X": a nationality before a role is dropped.
      const after = tokens[i + 1];
      if (after !== undefined && isRoleWord(after) && isNationality(t) && fold(after) !== 'of') continue;
      break;
    }
  }
  let rest = tokens.slice(i).filter((t) => !COURTESY.has(fold(t)));
  // "Director of Sinaloa Cartel": the role stops before the organisation, without its "of".
  while (roleTokens.length > 0 && fold(roleTokens.at(-1) ?? '') === 'of') roleTokens.pop();
  const org =
    rest.some((t) => ORG_WORDS.has(foldName(t))) ||
    (rest.length === 0 && roleTokens.some((t) => ORG_WORDS.has(foldName(t)) && !isRoleWord(t)));
  const role = roleTokens.length > 0 ? normaliseRole(roleTokens.join(' ')) : undefined;
  rest = rest.filter((t, k) => !(k === 0 && t === 'of'));
  return { surface, core: rest.join(' '), role, courtesy, org };
}

/** "FOREIGN SECRETARY" → "Foreign Secretary"; role words keep their case otherwise. */
export function normaliseRole(role: string): string {
  const clean = role.replace(/\s+/g, ' ').trim();
  if (clean === clean.toUpperCase()) return titleCase(clean);
  return clean;
}

/** Every run of capitalised words in a text (quotations should be masked beforehand if unwanted). */
export function findNameRuns(text: string): { run: string; start: number; end: number }[] {
  const out: { run: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(NAME_RUN)) {
    // A period that ends a sentence ends the run too ("Mexico City. The …"); abbreviations and initials do not.
    let start = m.index;
    let piece = '';
    const parts = m[0].split(/(\s+)/);
    for (let i = 0; i < parts.length; i++) {
      const token = parts[i] ?? '';
      piece += token;
      const ends =
        i % 2 === 0 && token.endsWith('.') && !ABBREVIATIONS.has(fold(token)) && !/^(?:\p{Lu}\.)+$/u.test(token);
      if ((ends && i < parts.length - 1) || i === parts.length - 1) {
        if (piece.trim()) out.push({ run: piece, start, end: start + piece.length });
        start += piece.length + (parts[i + 1]?.length ?? 0);
        piece = '';
        i++;
      }
    }
  }
  return out;
}

/** The folded tokens of a name, computed once: the key every comparison of names uses. */
export interface NameKey {
  name: string;
  tokens: string[];
  key: string;
}

const nameKeys = new Map<string, NameKey>();

/** A name's key, memoised: naming speakers across a corpus asks for the same names again and again. */
export function nameKey(name: string): NameKey {
  let k = nameKeys.get(name);
  if (k === undefined) {
    if (nameKeys.size >= NAME_MEMO) nameKeys.clear();
    const tokens = foldName(name).split(' ').filter(Boolean);
    k = { name, tokens, key: tokens.join(' ') };
    nameKeys.set(name, k);
  }
  return k;
}

/** The keys of a name's surname-like suffixes ("fuente", "de la fuente", …); a particle alone is none. */
export function nameSuffixKeys(k: NameKey): string[] {
  const keys: string[] = [];
  for (let i = 0; i < k.tokens.length; i++) {
    const suffix = k.tokens.slice(i);
    if (!suffix.every((t) => PARTICLES.has(t))) keys.push(suffix.join(' '));
  }
  return keys;
}

/**
 * Full names by every surname-like suffix of theirs ("Fuente", "de la Fuente", "Ramón de la
 * Fuente" → "Juan Ramón de la Fuente"), so a short name resolves by one lookup instead of a
 * scan over every name. Counts let a document's names be removed again.
 */
/** A full name reachable from one of its suffixes, with how often the corpus used it. */
type SuffixEntry = { name: string; length: number; count: number };

export class NameIndex {
  private readonly bySuffix = new Map<string, Map<string, SuffixEntry>>();

  /** Counts a full name `times` more times. */
  add(name: string, times = 1): void {
    const k = nameKey(name);
    if (k.tokens.length === 0) return;
    for (let i = 0; i < k.tokens.length; i++) {
      const suffix = k.tokens.slice(i);
      if (suffix.every((t) => PARTICLES.has(t))) continue;
      const key = suffix.join(' ');
      let names = this.bySuffix.get(key);
      if (!names) this.bySuffix.set(key, (names = new Map<string, SuffixEntry>()));
      const entry = names.get(k.key);
      if (entry) entry.count += times;
      else names.set(k.key, { name, length: k.tokens.length, count: times });
    }
  }

  remove(name: string): void {
    const k = nameKey(name);
    for (let i = 0; i < k.tokens.length; i++) {
      const key = k.tokens.slice(i).join(' ');
      const names = this.bySuffix.get(key);
      const entry = names?.get(k.key);
      if (!names || !entry) continue;
      if (--entry.count <= 0) names.delete(k.key);
      if (names.size === 0) this.bySuffix.delete(key);
    }
  }

  /** True when some full name ends with these words. */
  has(short: string): boolean {
    return this.bySuffix.has(nameKey(short).key);
  }

  /**
   * The full name a short one stands for: the longest name it ends, when every such name is
   * a suffix of that one ("Fuente" → "Juan Ramón de la Fuente"); undefined when two different
   * people share it ("García" for Omar García Harfuch's doc and Samuel García's).
   */
  resolve(short: string): string | undefined {
    const names = this.bySuffix.get(nameKey(short).key);
    if (!names || names.size === 0) return undefined;
    let best: { key: string; name: string; length: number } | undefined;
    for (const [key, e] of names) if (!best || e.length > best.length) best = { key, name: e.name, length: e.length };
    for (const key of names.keys()) if (best!.key !== key && !best!.key.endsWith(` ${key}`)) return undefined;
    return best!.name;
  }
}

/**
 * True when a parsed name can be a person: a name of two words or more that is no organisation,
 * a role with a name, or one word that is the surname of a person already known.
 */
export function isPersonName(name: ParsedName, known?: NameIndex): boolean {
  if (name.org || name.core.length === 0) return false;
  const tokens = nameTokens(name.core);
  if (tokens.length === 0) return false;
  if (tokens.every((t) => PARTICLES.has(t) || FUNCTION_WORDS.has(t))) return false;
  if (name.role && !name.role.split(/\s+/).every((w) => ORG_WORDS.has(foldName(w)) && !isRoleWord(w))) return true;
  if (tokens.length >= 2) return true;
  return known?.has(name.core) ?? false;
}
