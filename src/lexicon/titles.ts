/**
 * Titles and roles as news text writes them before or beside a name: "Secretary of State",
 * "ICE Director", "customs inspector", "la gobernadora de Colima". Used to take a role apart from
 * the name it precedes, and to read a speaker's gender from "Mr."/"Ms." or "spokeswoman".
 */
import { fold } from '../search/fold.js';

/** Words that make up a role (heads and their modifiers), folded. */
export const ROLE_WORDS: ReadonlySet<string> = new Set([
  'president', 'vice', 'secretary', 'of', 'state', 'foreign', 'minister', 'attorney', 'general', 'defense', 'defence',
  'deputy', 'principal', 'spokesperson', 'spokesman', 'spokeswoman', 'ambassador', 'senator', 'sen.', 'rep.',
  'representative', 'gov.', 'governor', 'mayor', 'gen.', 'lt.', 'col.', 'maj.', 'adm.', 'admiral', 'chief', 'director',
  'prime', 'commissioner', 'judge', 'justice', 'interior', 'security', 'public', 'homeland', 'treasury', 'commerce',
  'undersecretary', 'under', 'assistant', 'special', 'envoy', 'press', 'chancellor', 'premier', 'king', 'queen', 'pope',
  'affairs', 'finance', 'economy', 'trade', 'relations', 'national', 'advisor', 'adviser', 'senior', 'acting', 'first',
  'lady', 'speaker', 'leader', 'majority', 'minority', 'pres.', 'sec.', 'amb.', 'sheriff', 'police', 'commander',
  'captain', 'capt.', 'sergeant', 'sgt.', 'officer', 'agent', 'ceo', 'chairman', 'chairwoman', 'chair', 'head',
  'congressman', 'congresswoman', 'moderator', 'executive', 'economic', 'energy', 'health', 'education', 'consul',
  'administrator', 'navy', 'army', 'official',
]);

/**
 * The head of a role: the word after which a name may start inside one capitalised run
 * ("ICE Director Todd Lyons", "Baja California Governor Marina del Pilar Ávila").
 */
export const TITLE_HEADS: ReadonlySet<string> = new Set([
  'president', 'secretary', 'minister', 'attorney', 'general', 'spokesperson', 'spokesman', 'spokeswoman', 'ambassador',
  'senator', 'sen.', 'rep.', 'representative', 'gov.', 'governor', 'mayor', 'gen.', 'lt.', 'col.', 'maj.', 'adm.',
  'admiral', 'chief', 'director', 'commissioner', 'judge', 'justice', 'undersecretary', 'envoy', 'chancellor', 'premier',
  'advisor', 'adviser', 'sheriff', 'commander', 'captain', 'capt.', 'sergeant', 'sgt.', 'officer', 'ceo', 'chairman',
  'chairwoman', 'chair', 'congressman', 'congresswoman', 'moderator', 'consul', 'administrator', 'official', 'pres.',
  'sec.', 'amb.', 'leader', 'speaker',
]);

/** Lower-case occupations that stand before a name after a speech verb: "said customs inspector Lucia Romero". */
export const ROLE_NOUNS: ReadonlySet<string> = new Set([
  'official', 'officials', 'inspector', 'analyst', 'expert', 'researcher', 'spokesperson', 'spokesman', 'spokeswoman',
  'agent', 'officer', 'lawmaker', 'senator', 'economist', 'professor', 'lawyer', 'attorney', 'prosecutor', 'diplomat',
  'adviser', 'advisor', 'aide', 'director', 'commander', 'consultant', 'activist', 'historian', 'scholar', 'fellow',
  'strategist', 'negotiator', 'leader', 'chief', 'minister', 'secretary', 'governor', 'mayor', 'ambassador', 'envoy',
  'administrator', 'commissioner', 'president', 'executive', 'head', 'manager', 'coordinator', 'investigator',
  'journalist', 'reporter', 'deputy', 'general', 'colonel', 'captain', 'sheriff', 'judge',
  // Spanish
  'presidente', 'presidenta', 'secretario', 'secretaria', 'gobernador', 'gobernadora', 'canciller', 'fiscal', 'alcalde',
  'alcaldesa', 'senador', 'senadora', 'diputado', 'diputada', 'director', 'directora', 'subsecretario', 'subsecretaria',
  'embajador', 'embajadora', 'vocero', 'vocera', 'titular', 'jefe', 'jefa', 'analista', 'investigador', 'investigadora',
  'especialista', 'experto', 'experta', 'ministro', 'ministra', 'mandatario', 'mandataria', 'consul', 'comisionado', 'comisionada',
]);

/** Courtesy titles, with the gender they give when they give one. */
const COURTESY_GENDER: Record<string, 'f' | 'm' | undefined> = {
  'mr.': 'm', mr: 'm', 'mrs.': 'f', mrs: 'f', 'ms.': 'f', ms: 'f', 'dr.': undefined, dr: undefined, 'sr.': 'm',
  'sra.': 'f', 'lic.': undefined, don: 'm', dona: 'f', sir: 'm', dame: 'f', 'srta.': 'f',
};
export const COURTESY: ReadonlySet<string> = new Set(Object.keys(COURTESY_GENDER));

export function courtesyGender(word: string): 'f' | 'm' | undefined {
  return COURTESY_GENDER[fold(word)];
}

/** Roles that say the holder's gender: "spokeswoman", "la gobernadora". */
const ROLE_GENDER: Record<string, 'f' | 'm'> = {
  spokeswoman: 'f', spokesman: 'm', chairwoman: 'f', chairman: 'm', congresswoman: 'f', congressman: 'm', queen: 'f',
  king: 'm', presidenta: 'f', gobernadora: 'f', secretaria: 'f', alcaldesa: 'f', senadora: 'f', diputada: 'f',
  directora: 'f', embajadora: 'f', vocera: 'f', ministra: 'f', mandataria: 'f', subsecretaria: 'f', jefa: 'f',
  presidente: 'm', gobernador: 'm', secretario: 'm', alcalde: 'm', senador: 'm', diputado: 'm', embajador: 'm',
  vocero: 'm', ministro: 'm', mandatario: 'm', subsecretario: 'm',
};

/** The gender a role gives its holder, if any ("Spokeswoman" → f). */
export function roleGender(role: string): 'f' | 'm' | undefined {
  for (const word of fold(role).split(/\s+/)) {
    const g = ROLE_GENDER[word];
    if (g) return g;
  }
  return undefined;
}

export function isRoleWord(token: string): boolean {
  return ROLE_WORDS.has(fold(token));
}

export function isTitleHead(token: string): boolean {
  return TITLE_HEADS.has(fold(token));
}

/** "U.S.", "Mexican", "British": a nationality before a role, dropped from the role. */
export function isNationality(token: string): boolean {
  const f = fold(token);
  if (/^(?:u\.s\.|us|u\.k\.|uk|eu)$/.test(f)) return true;
  // "Mexican", "Japanese", "British", "Israeli" — but not an acronym ("FBI", "DEA").
  return token !== token.toUpperCase() && f.length >= 5 && /(?:an|ese|ish|i)$/.test(f);
}
