import { AGENT_HEAD, BODY_HEADS } from '../lexicon/bodies.js';
import { ROLE_NOUNS, TITLE_HEADS } from '../lexicon/titles.js';
import { fold } from '../search/fold.js';
import { MASK } from './context.js';
import {
  NAME_RUN_AT_END,
  NAME_RUN_AT_START,
  NAME_RUN_SOURCE,
  foldName,
  nameTokens,
  parseName,
  type ParsedName,
} from './names.js';

/**
 * Noun phrases that can name a speaker: a pronoun, a name (with its role apart), or a common
 * noun phrase ("a Commerce Department spokesperson", "the agency"). Pure functions of text.
 */
export type NounPhrase =
  | { kind: 'pronoun'; word: string }
  | { kind: 'name'; parsed: ParsedName; role?: string }
  | { kind: 'np'; text: string; role?: string };

const PRONOUN = /^(?:he|she|they|it|we|i|él|ella)$/iu;
const DET = String.raw`(?:an?|the|el|la|los|las|un|una)`;
const POSSESSIVE_DET = String.raw`(?:its|his|her|their|our|su|sus|[\p{Lu}][\p{L}\p{M}.\-]*(?:\s+[\p{Lu}][\p{L}\p{M}.\-]*)*['’]s)`;
/** Words that never sit inside a role before a name: prepositions, conjunctions, verbs of a clause. */
const NOT_IN_ROLE = new Set([
  'in',
  'on',
  'at',
  'about',
  'to',
  'with',
  'from',
  'after',
  'before',
  'during',
  'that',
  'which',
  'who',
  'while',
  'by',
  'as',
  'and',
  'or',
  'but',
  'is',
  'was',
  'has',
  'had',
  'said',
  'says',
  'told',
  'when',
  'than',
  'into',
  'over',
  'en',
  'que',
  'con',
  'y',
  'para',
  'por',
]);

export const ADVERB = String.raw`(?:also|quickly|later|then|again|once|further|previously|recently|only|soon|still|just|[a-z]+ly)`;
export const AUX = String.raw`(?:has|had|have|would|will|could|did|does|do|may|might)`;
// Adverbs and auxiliaries between subject and verb: "de la Fuente quickly stressed", "Smith has said".
const ADVERBS_AT_END = new RegExp(String.raw`(?:\s+(?:${ADVERB}|${AUX}))+$`, 'u');

function words(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** The last word of a text ('' for none). */
function lastWord(text: string): string {
  return words(text).at(-1) ?? '';
}

/** A role phrase: a few words ending in an occupation or title ("former national security adviser", "governor of Colima"). */
export function rolePhrase(text: string): string | undefined {
  const stripped = text
    .trim()
    .replace(new RegExp(String.raw`^(?:${DET}|${POSSESSIVE_DET})\s+`, 'iu'), '')
    .trim();
  const ws = words(stripped);
  if (ws.length === 0 || ws.length > 8) return undefined;
  if (ws.some((w) => NOT_IN_ROLE.has(fold(w)))) return undefined;
  // The occupation comes first or is followed by "of/de <place>": "governor of Colima", "secretario de Seguridad".
  const ofAt = ws.findIndex((w, i) => i > 0 && /^(?:of|de|del|for)$/i.test(w));
  const headPart = ofAt > 0 ? ws.slice(0, ofAt) : ws;
  const head = fold(headPart.at(-1) ?? '').replace(/[.,]$/u, '');
  if (!ROLE_NOUNS.has(head) && !TITLE_HEADS.has(head)) return undefined;
  return stripped;
}

/** An appositive that gives a role: "the mayor", "Mexico's foreign minister", not "who …". */
export function roleFromApposition(appos: string): string | undefined {
  const a = appos.trim();
  if (!a || words(a).length > 8) return undefined;
  if (/^(?:who|which|that|whose|where|when|as|in|on|at|after|before|speaking|according|quien|que)\b/i.test(a))
    return undefined;
  // Ages and clauses: "Smith, 45, said", "Lee, asked about it, said".
  if (/^\d+$/.test(a) || /^\p{Ll}+(?:ed|ing)\b/u.test(a)) return undefined;
  // Party and state after a lawmaker's name: "R-Texas".
  if (/^[DRI]-[\p{Lu}]/u.test(a)) return undefined;
  const stripped = a.replace(/^(?:the|a|an|el|la|un|una)\s+/i, '').replace(/^[\p{L}\p{M}.\- ]+['’]s\s+/u, '');
  return stripped || undefined;
}

const ROLE_THEN_NAME = new RegExp(
  String.raw`^(?:${DET}\s+)?((?:[\p{L}\p{M}.'’\-]+\s+){1,7}?)(${NAME_RUN_SOURCE})$`,
  'u',
);
const ROLE_FOR_BODY = new RegExp(
  String.raw`^${DET}\s+((?:[\p{Ll}\-]+\s+){0,2}[\p{Ll}\-]+)\s+(?:for|of|at|from|de|del)\s+(?:the\s+|la\s+|el\s+)?(${NAME_RUN_SOURCE})$`,
  'iu',
);
const BODY_IN_PLACE = new RegExp(
  String.raw`^(?:the\s+|la\s+|el\s+)?(${NAME_RUN_SOURCE})\s+(?:in|at|en)\s+(${NAME_RUN_SOURCE})$`,
  'iu',
);

function isBody(parsed: ParsedName): boolean {
  const last =
    foldName(parsed.core || parsed.surface)
      .split(' ')
      .pop() ?? '';
  return parsed.org && BODY_HEADS.has(last);
}

/** An occupation word: in the lexicon, or a lower-case agent noun ("biochemist", "researcher", "historian"). */
function isOccupation(word: string): boolean {
  const f = fold(word);
  return ROLE_NOUNS.has(f) || (/^\p{Ll}/u.test(word) && /(?:ist|ologist|er|or|ian)$/.test(f) && f.length > 4);
}

/** "Treasury official Mark Ellison", "customs inspector Lucia Romero", "el canciller Juan Ramón de la Fuente". */
function roleThenName(t: string): NounPhrase | undefined {
  const [, roleWords, name] = ROLE_THEN_NAME.exec(t) ?? [];
  if (roleWords === undefined || name === undefined) return undefined;
  const prefix = words(roleWords);
  if (!isOccupation(lastWord(roleWords))) return undefined;
  // "professor and biochemist": "and" joins two occupations, nothing else.
  const joins = (w: string, i: number) =>
    fold(w) === 'and' && i > 0 && isOccupation(prefix[i - 1] ?? '') && i + 1 < prefix.length;
  if (prefix.some((w, i) => NOT_IN_ROLE.has(fold(w)) && !joins(w, i))) return undefined;
  const parsed = parseName(name);
  if (!parsed.core || parsed.org) return undefined;
  const role = [...prefix, ...(parsed.role ? [parsed.role] : [])].join(' ');
  return { kind: 'name', parsed: { ...parsed, role }, role };
}

/** The noun phrase that a text consists of entirely, if it is one. */
export function wholeNounPhrase(text: string): NounPhrase | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t || t.includes(MASK)) return undefined;
  if (PRONOUN.test(t)) return { kind: 'pronoun', word: t.toLowerCase() };
  const run = NAME_RUN_AT_START.exec(t);
  if (run && run[0].length === t.length) {
    const parsed = parseName(t);
    if (parsed.core || parsed.role) return { kind: 'name', parsed };
  }
  const [, bodyRole, body] = ROLE_FOR_BODY.exec(t) ?? [];
  if (bodyRole !== undefined && body !== undefined && ROLE_NOUNS.has(fold(lastWord(bodyRole)))) {
    const parsed = parseName(body);
    if (isBody(parsed)) return { kind: 'name', parsed, role: bodyRole };
  }
  const bodyInPlace = BODY_IN_PLACE.exec(t)?.[1];
  if (bodyInPlace !== undefined) {
    const parsed = parseName(bodyInPlace);
    if (isBody(parsed)) return { kind: 'name', parsed };
  }
  const named = roleThenName(t);
  if (named) return named;
  const affiliated = personOfBody(t);
  if (affiliated) return affiliated;
  const det = new RegExp(String.raw`^${DET}\s+((?:[\p{L}\p{M}.'’\-]+\s+){0,6}[\p{L}\p{M}\-]+)$`, 'iu').exec(t)?.[1];
  if (det !== undefined) {
    const head = lastWord(det);
    if (/^\p{Lu}/u.test(head) && NAME_RUN_AT_START.test(det)) {
      const parsed = parseName(det);
      if (parsed.core || parsed.role) return { kind: 'name', parsed };
    }
    // "a decision Russian officials": lower-case words before a capitalised description are not part of it.
    if (AGENT_HEAD.test(head) || ROLE_NOUNS.has(fold(head)))
      return { kind: 'np', text: det.replace(/^(?:\p{Ll}[\p{L}\-]*\s+)+(?=\p{Lu})/u, '') };
  }
  // "Officials", "Critics": a bare plural noun opening the sentence.
  if (/^\p{Lu}\p{Ll}+s$/u.test(t)) return { kind: 'np', text: t };
  return undefined;
}

/**
 * "Vanda Felbab-Brown of the Brookings Institution", "Ana Ruiz from Mexico Evalúa": a full name
 * with the body it belongs to — the person speaks.
 */
function personOfBody(text: string): NounPhrase | undefined {
  const [, who, body] = /^(.+?)\s+(?:of|from|at)\s+(?:the\s+)?(\p{Lu}.*)$/u.exec(text) ?? [];
  if (who === undefined || body === undefined) return undefined;
  const run = NAME_RUN_AT_START.exec(body);
  if (!run || run[0].length !== body.length) return undefined;
  const np = wholeNounPhrase(who);
  if (np?.kind !== 'name' || np.parsed.org || nameTokens(np.parsed.core).length < 2) return undefined;
  return np;
}

/** "Mexico's former national security adviser, Jorge Tello Peón,": the name, with the role before it. */
function roleFirstApposition(head: string, segment: string): NounPhrase | undefined {
  const np = wholeNounPhrase(segment);
  if (!np || np.kind !== 'name' || !np.parsed.core || np.parsed.org) return undefined;
  const lastComma = head.lastIndexOf(',');
  const description = head.slice(lastComma + 1);
  const role = rolePhrase(description) ?? describedRole(description);
  if (role) return { kind: 'name', parsed: np.parsed, role };
  // "Guerrero's colleague, the analyst Falko Ernst, said": the name brings its own role, after a
  // short description of someone's (never that someone).
  const own = np.role ?? np.parsed.role;
  if (own && np.parsed.core.split(/\s+/).length >= 2 && POSSESSIVE_DESCRIPTION.test(description.trim()))
    return { kind: 'name', parsed: np.parsed, role: own };
  return undefined;
}

/**
 * "El coordinador del PAN, Ricardo Anaya, criticó": a description opening with an article, whose
 * head word the role list lacks, before a full name in apposition — the description is a role, and
 * the name at its end ("PAN") never the speaker.
 */
function describedRole(description: string): string | undefined {
  const d = description.trim();
  const ws = words(d);
  if (!/^(?:the|el|la)$/i.test(ws[0] ?? '') || ws.length < 2 || ws.length > 6) return undefined;
  if (!/^\p{Ll}/u.test(ws[1] ?? '') || ws.some((w) => NOT_IN_ROLE.has(fold(w)))) return undefined;
  return ws.slice(1).join(' ');
}

const POSSESSIVE_DESCRIPTION = new RegExp(String.raw`^${POSSESSIVE_DET}\s+[\p{Ll}\-]+(?:\s+[\p{Ll}\-]+)?$`, 'u');

/** The role written right before a name at the end of a text: "… Treasury official" → "Treasury official". */
function roleBeforeName(text: string): string | undefined {
  const out: string[] = [];
  for (const w of words(text).reverse()) {
    if (out.length >= 4) break;
    if (NOT_IN_ROLE.has(fold(w)) || /[,.;:]$/u.test(w) || w.includes(MASK)) break;
    if (out.length === 0 && !ROLE_NOUNS.has(fold(w))) return undefined;
    if (/^(?:the|a|an|el|la)$/i.test(w)) break;
    out.unshift(w);
  }
  return out.length ? out.join(' ') : undefined;
}

/** The noun phrase that ends a text (the subject before a verb), with an appositive role. */
export function nounPhraseAtEnd(text: string): NounPhrase | undefined {
  let s = text.replace(/\s+$/u, '').replace(ADVERBS_AT_END, '');
  let role: string | undefined;
  if (s.endsWith(',')) {
    const body = s.slice(0, -1);
    const comma = body.lastIndexOf(',');
    if (comma < 0) return undefined;
    const segment = body.slice(comma + 1);
    const head = body.slice(0, comma);
    // "The governor of Colima, Indira Vizcaíno, said"
    const roleFirst = roleFirstApposition(head, segment);
    if (roleFirst) return roleFirst;
    // "Smith, the mayor, said"
    role = roleFromApposition(segment);
    s = head;
  }
  if (!s || s.endsWith(MASK)) return undefined;
  const pron = /(?:^|[^\p{L}])(he|she|they|it|we|I|él|ella)$/iu.exec(s)?.[1];
  if (pron !== undefined) return { kind: 'pronoun', word: pron.toLowerCase() };
  // "A spokesperson for the State Department", "The Mexican Embassy in Washington", "a Commerce Department spokesperson".
  const tail = new RegExp(String.raw`(?:^|[\s,])(${DET}\s+(?:[\p{L}\p{M}.'’\-]+\s+){0,7}[\p{L}\p{M}.\-]+)$`, 'iu').exec(
    s,
  )?.[1];
  if (tail !== undefined) {
    const np = wholeNounPhrase(tail);
    if (np && (np.kind === 'np' || (np.kind === 'name' && (np.parsed.org || np.role)))) {
      return np.kind === 'np' ? { ...np, role: role ?? np.role } : np;
    }
  }
  const run = NAME_RUN_AT_END.exec(s);
  if (run) {
    const parsed = parseName(run[0]);
    if (parsed.core || parsed.role) {
      const before = s.slice(0, run.index);
      const written = parsed.core && !parsed.org ? roleBeforeName(before) : undefined;
      const fullRole = role ?? (written ? [written, parsed.role].filter(Boolean).join(' ') : undefined);
      return { kind: 'name', parsed, role: fullRole };
    }
  }
  // "… and human rights groups warned": a bare plural of people or bodies.
  const bare = /(?:^|,\s*|\b(?:and|but|while|as)\s+)((?:[\p{L}\-]+\s+){0,3}\p{Ll}[\p{Ll}\-]*s)$/u.exec(s)?.[1];
  if (bare !== undefined && AGENT_HEAD.test(lastWord(bare)) && !/^(?:it|this|that|there|which|who)\b/i.test(bare)) {
    return { kind: 'np', text: bare, role };
  }
  return undefined;
}

/** The subject that opens a sentence, past a dateline and an opening adverbial ("At the time, Sheinbaum …"). */
export function sentenceSubject(sentence: string): { np: NounPhrase; offset: number } | undefined {
  let offset = 0;
  let s = sentence;
  // A wire dateline: "WASHINGTON, Oct 2 (Reuters) - ", "MEXICO CITY (AP) — ", "MONTERREY.— ".
  const dateline = /^\p{Lu}[\p{Lu} .,'’\-]*\p{Lu}\.?(?:,\s*[\p{L}.]+\s+\d{1,2})?\s*(?:\([^)]*\)\s*)?[-—–]+\s+/u.exec(s);
  if (dateline) {
    offset = dateline[0].length;
    s = s.slice(offset);
  }
  const lead = /^[^,█]{0,60},\s+/u.exec(s);
  if (
    lead &&
    /^(?:at|in|on|during|after|before|earlier|later|when|while|meanwhile|however|still|yet|but|and|so|since|as|for|with|despite|historically|today|yesterday|then|of course|in fact|instead|indeed|por su parte|sin embargo|además)\b/i.test(
      s,
    )
  ) {
    offset += lead[0].length;
    s = s.slice(lead[0].length);
  }
  // "Taking to Twitter, Nadal …", "Asked about it, Noem …": a participle clause before the subject.
  const participle = /^(?:\p{Lu}\p{Ll}+ing|Asked|Pressed|Questioned)\b[^,█]{0,80},\s+/u.exec(s);
  if (participle) {
    offset += participle[0].length;
    s = s.slice(participle[0].length);
  }
  const conj = /^(?:but|and|so|yet|still|then|also)\s+/i.exec(s);
  if (conj) {
    offset += conj[0].length;
    s = s.slice(conj[0].length);
  }
  const pron = /^(he|she|they|it|we|I)\b/i.exec(s)?.[1];
  if (pron !== undefined) return { np: { kind: 'pronoun', word: pron.toLowerCase() }, offset };
  // "The governor of Colima, Indira Vizcaíno, …": a role-first apposition opening the sentence.
  const [, role, name] = /^([^,█]{1,60}),\s+([^,█]{1,60}),/u.exec(s) ?? [];
  if (role !== undefined && name !== undefined) {
    const np = roleFirstApposition(role, name);
    if (np) return { np, offset: offset + role.length + 2 };
  }
  const run = NAME_RUN_AT_START.exec(s);
  if (run) {
    const parsed = parseName(run[0]);
    if (parsed.core || parsed.role) return { np: { kind: 'name', parsed }, offset };
  }
  return undefined;
}
