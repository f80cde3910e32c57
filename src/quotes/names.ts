import { fold } from '../search/fold.js';

/**
 * Names of people and bodies as news text writes them: runs of capitalised words with name
 * particles ("Juan Ramón de la Fuente"), led by roles ("Secretary of State Marco Rubio") and
 * possessives ("Mexico's Foreign Minister …").
 */

const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'van', 'von', 'der', 'den', 'da', 'das', 'do', 'dos', 'di', 'du', 'le', 'bin', 'ibn', 'al', 'y']);

/** Words that make up a role before a name ("Defense Secretary", "Vice President"). */
const ROLE_WORDS = new Set(
  [
    'president', 'vice', 'secretary', 'of', 'state', 'foreign', 'minister', 'attorney', 'general', 'defense', 'defence',
    'deputy', 'principal', 'spokesperson', 'spokesman', 'spokeswoman', 'ambassador', 'senator', 'sen.', 'rep.',
    'representative', 'gov.', 'governor', 'mayor', 'gen.', 'lt.', 'col.', 'maj.', 'adm.', 'admiral', 'chief', 'director',
    'prime', 'commissioner', 'judge', 'justice', 'interior', 'security', 'public', 'homeland', 'treasury', 'commerce',
    'undersecretary', 'under', 'assistant', 'special', 'envoy', 'press', 'chancellor', 'premier', 'king', 'queen', 'pope',
    'affairs', 'finance', 'economy', 'trade', 'relations', 'national', 'advisor', 'adviser', 'senior', 'acting', 'first',
    'lady', 'speaker', 'leader', 'majority', 'minority', 'pres.', 'sec.', 'amb.', 'sheriff', 'police', 'commander',
    'captain', 'capt.', 'sergeant', 'sgt.', 'officer', 'agent', 'ceo', 'chairman', 'chairwoman', 'chair', 'head',
    'congressman', 'congresswoman', 'moderator', 'executive', 'economic', 'energy', 'health', 'education',
  ],
);
const COURTESY = new Set(['mr.', 'mrs.', 'ms.', 'dr.', 'sr.', 'sra.', 'lic.', 'don', 'dona', 'sir', 'dame', 'mr', 'mrs', 'ms', 'dr']);

/** Words that mark a run as an organisation or a place, never a person. */
const ORG_WORDS = new Set(
  [
    'department', 'house', 'cartel', 'cartels', 'ministry', 'group', 'office', 'initiative', 'agreement',
    'organization', 'organizations', 'organisation', 'ocean', 'palace', 'city', 'court', 'party', 'administration',
    'government', 'governments', 'union', 'nations', 'republic', 'army', 'navy', 'guard', 'council', 'congress', 'senate',
    'committee', 'bureau', 'agency', 'order', 'act', 'law', 'university', 'street', 'hemisphere', 'america', 'states',
    'kingdom', 'latin', 'caribbean', 'pacific', 'atlantic', 'gulf', 'mexico', 'texas', 'washington', 'conference',
    'statement', 'communique', 'declaration', 'news', 'times', 'post', 'press', 'site', 'web', 'media', 'network',
    'company', 'corporation', 'bank', 'fund', 'institute', 'center', 'centre', 'foundation', 'association', 'agencies',
    'embassy', 'consulate', 'police', 'forces', 'force', 'military', 'secretaria', 'exteriores', 'relaciones', 'sinaloa',
    'jalisco', 'designations', 'designation', 'terrorist', 'terrorists', 'mission', 'firewall', 'tunnels',
    'platform', 'program', 'plan', 'treaty', 'accord', 'pact', 'summit', 'meeting', 'monday', 'tuesday', 'wednesday',
    'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august',
    'september', 'october', 'november', 'december', 'day', 'week', 'year',
  ],
);

/** Capitalised words that start a sentence or clause without being part of a name. */
const FUNCTION_WORDS = new Set(
  [
    'as', 'but', 'and', 'or', 'so', 'yet', 'when', 'while', 'after', 'before', 'at', 'in', 'on', 'the', 'a', 'an', 'then',
    'still', 'meanwhile', 'however', 'also', 'earlier', 'later', 'today', 'yesterday', 'tonight', 'if', 'though',
    'although', 'since', 'for', 'with', 'without', 'from', 'by', 'to', 'during', 'despite', 'historically', 'others',
    'this', 'that', 'these', 'those', 'it', 'he', 'she', 'they', 'we', 'i', 'you', 'his', 'her', 'their', 'our', 'my',
    'both', 'all', 'some', 'many', 'most', 'such', 'under', 'over', 'between', 'among', 'about', 'according', 'asked',
    'speaking', 'allow', 'thank', 'welcome', 'good', 'of', 'course', 'what', 'why', 'how', 'where', 'who', 'instead',
    'indeed', 'now', 'here', 'there', 'even', 'just', 'only', 'last', 'next', 'two', 'three', 'several', 'every', 'each',
  ],
);

const ABBREVIATIONS = new Set(['mr.', 'mrs.', 'ms.', 'dr.', 'gen.', 'sen.', 'rep.', 'gov.', 'jr.', 'sr.', 'lt.', 'col.', 'maj.', 'adm.', 'capt.', 'sgt.', 'st.', 'pres.', 'sec.', 'amb.', 'lic.', 'sra.']);

const CAP = String.raw`(?:(?:\p{Lu}\.){2,}|\p{Lu}[\p{L}\p{M}\-]*(?:['’]s)?\.?)`;
const PART = String.raw`(?:de|del|la|las|los|van|von|der|den|da|das|do|dos|di|du|le|bin|ibn|al|y)`;
/** A run of capitalised words, with particles and "of" between them. */
export const NAME_RUN_SOURCE = String.raw`(?<![\p{L}\p{M}'’])(?:${PART}\s+)*${CAP}(?:\s+(?:(?:of|${PART})\s+)*${CAP})*`;
const NAME_RUN = new RegExp(NAME_RUN_SOURCE, 'gu');
/** The same run, anchored at the end of a text. */
export const NAME_RUN_AT_END = new RegExp(`${NAME_RUN_SOURCE}$`, 'u');
/** The same run, anchored at the start of a text. */
export const NAME_RUN_AT_START = new RegExp(`^${NAME_RUN_SOURCE}`, 'u');

export function foldName(name: string): string {
  return fold(name)
    .replace(/['’]s\b/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function nameTokens(name: string): string[] {
  return foldName(name).split(' ').filter(Boolean);
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
  /** The run names an organisation or place. */
  org: boolean;
}

function isRoleWord(token: string): boolean {
  return ROLE_WORDS.has(fold(token));
}

function isNationality(token: string): boolean {
  const f = fold(token);
  return /^(?:u\.s\.|us|u\.k\.|uk|eu)$/.test(f) || /(?:an|ese|ish|i)$/.test(f);
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

/** Takes apart a run of capitalised words: role, name, organisation. */
export function parseName(run: string): ParsedName {
  let tokens = run.trim().split(/\s+/).filter(Boolean);
  while (tokens.length > 0 && FUNCTION_WORDS.has(fold(tokens[0]))) tokens.shift();
  // "Mexico's Foreign Minister X": what precedes a possessive is not part of the name.
  for (let i = tokens.length - 2; i >= 0; i--) {
    if (/['’]s$/.test(tokens[i])) {
      tokens = tokens.slice(i + 1);
      break;
    }
  }
  const surface = tokens.join(' ');
  // Sentence-final periods are no part of a name; abbreviations and initials keep theirs.
  tokens = tokens.map((t, i) => {
    let out = i === tokens.length - 1 ? t.replace(/['’]s$/, '') : t;
    if (out.endsWith('.') && !ABBREVIATIONS.has(fold(out)) && !/^(?:\p{Lu}\.)+$/u.test(out)) out = out.slice(0, -1);
    return out;
  });
  const roleTokens: string[] = [];
  let i = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    const f = fold(t);
    if (COURTESY.has(f)) continue;
    if (isRoleWord(t) && (f !== 'of' || roleTokens.length > 0)) {
      roleTokens.push(t);
      continue;
    }
    // "Mexican President X", "U.S. Ambassador X": a nationality before a role is dropped.
    if (i + 1 < tokens.length && isRoleWord(tokens[i + 1]) && isNationality(t) && fold(tokens[i + 1]) !== 'of') continue;
    break;
  }
  let rest = tokens.slice(i).filter((t) => !COURTESY.has(fold(t)));
  // "Director of Sinaloa Cartel": the role stops before the organisation, without its "of".
  while (roleTokens.length > 0 && fold(roleTokens[roleTokens.length - 1]) === 'of') roleTokens.pop();
  const org = rest.some((t) => ORG_WORDS.has(foldName(t))) || (rest.length === 0 && roleTokens.some((t) => ORG_WORDS.has(foldName(t)) && !isRoleWord(t)));
  const role = roleTokens.length > 0 ? normaliseRole(roleTokens.join(' ')) : undefined;
  rest = rest.filter((t, k) => !(k === 0 && t === 'of'));
  return { surface, core: rest.join(' '), role, org };
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
      piece += parts[i];
      const token = parts[i];
      const ends = i % 2 === 0 && token.endsWith('.') && !ABBREVIATIONS.has(fold(token)) && !/^(?:\p{Lu}\.)+$/u.test(token);
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

/**
 * True when a parsed name can be a person: a name of two words or more that is no organisation,
 * a role with a name, or one word that is the surname of a person already known.
 */
export function isPersonName(name: ParsedName, knownFullNames: Iterable<string>): boolean {
  if (name.org || name.core.length === 0) return false;
  const tokens = nameTokens(name.core);
  if (tokens.length === 0) return false;
  if (tokens.every((t) => PARTICLES.has(t) || FUNCTION_WORDS.has(t))) return false;
  if (name.role && !name.role.split(/\s+/).every((w) => ORG_WORDS.has(foldName(w)) && !isRoleWord(w))) return true;
  if (tokens.length >= 2) return true;
  for (const full of knownFullNames) if (nameTokens(full).length >= 2 && isSuffixName(name.core, full)) return true;
  return false;
}

/** The longest of `names` that `short` is a suffix of (surname matching), or undefined. */
export function longestMatchingName(short: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const candidate of names) {
    if (!isSuffixName(short, candidate)) continue;
    if (!best || nameTokens(candidate).length > nameTokens(best).length) best = candidate;
  }
  return best;
}
