import { DOCUMENT_NOUNS, REFERRING_NOUNS } from '../lexicon/bodies.js';
import { ROLE_NOUNS } from '../lexicon/titles.js';
import { fold } from '../search/fold.js';
import { activeStatement } from './blocks.js';
import { isBefore, type DocumentContext, type Gender, type Mention, type RawSpeaker } from './context.js';
import { fullNameOf, genderOf, isPerson, learnGender, rawFromName } from './mentions.js';
import { nameTokens } from './names.js';
import type { NounPhrase } from './phrases.js';
import { ATTRIBUTION_RULES, type Finding, type Previous, type QuoteSite } from './rules.js';
import { backwards } from '../lists.js';

/**
 * Stage 4b: runs the rules in order and resolves what they found to a speaker. Precision first:
 * a rule on the quotation's own sentence decides even when its phrase resolves to nobody (no
 * carry-over then); a pronoun resolves only to an earlier person of a compatible gender; a role
 * ("the president") only to the one person holding it; when rules disagree, nobody.
 */

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const PRONOUN_GENDER: Record<string, Gender | undefined> = { he: 'm', she: 'f', él: 'm', ella: 'f' };

/**
 * "he"/"she" → the latest person named before, preferring sentence subjects and speakers within
 * two paragraphs, then anyone within one; a person of the other gender is skipped, never chosen.
 */
export function pronounToAntecedent(
  ctx: DocumentContext,
  word: string,
  paragraph: number,
  offset: number,
): RawSpeaker | null {
  if (word === 'it' || word === 'they') {
    const statement = activeStatement(ctx, paragraph, offset);
    return statement ? { core: statement, surface: statement, person: false } : null;
  }
  const gender = PRONOUN_GENDER[word];
  if (!gender) return null;
  const pick = (filter: (m: Mention) => boolean, window: number): RawSpeaker | undefined => {
    for (const m of backwards(ctx.mentions)) {
      if (!m.speaker.person || !filter(m) || !isBefore(m, paragraph, offset) || paragraph - m.paragraph > window)
        continue;
      const g = genderOf(ctx, m.speaker);
      if (g && g !== gender) continue;
      // A name of unknown gender ("Kash Patel", "Las Vegas Raiders") only as a speaker or a sentence's subject.
      if (!g && !m.speaking && !m.subject) continue;
      return m.speaker;
    }
    return undefined;
  };
  const found = pick((m) => m.speaking || m.subject, 2) ?? pick(() => true, 1);
  if (!found) return null;
  learnGender(ctx, found, gender);
  return found;
}

/** Roles that a generic noun stands for: "la mandataria" is the president. */
const ROLE_SYNONYMS: Record<string, string[]> = {
  mandataria: ['presidenta', 'president'],
  mandatario: ['presidente', 'president'],
  presidenta: ['president'],
  presidente: ['president'],
  canciller: ['foreign minister', 'foreign secretary'],
};

/**
 * "the president", "the Secretary", "the agency" → the one person whose role it is, or the
 * latest body of that kind; nobody when two people hold it.
 */
export function roleReference(
  ctx: DocumentContext,
  roleText: string,
  paragraph: number,
  offset: number,
): RawSpeaker | null {
  const word = fold(roleText)
    .replace(/^(?:the|el|la)\s+/, '')
    .trim();
  const wanted = [word, ...(ROLE_SYNONYMS[word] ?? [])];
  type Holder = { name: string; role: string };
  const exact = new Map<string, Holder>();
  const partial = new Map<string, Holder>();
  const consider = (core: string, role: string) => {
    const r = fold(role);
    const full = fullNameOf(ctx, core);
    const key = nameTokens(full).join(' ');
    if (wanted.some((w) => r === w)) exact.set(key, { name: full, role });
    else if (wanted.some((w) => r.startsWith(`${w} `) || r.endsWith(` ${w}`))) partial.set(key, { name: full, role });
  };
  for (const e of ctx.people.byKey.values()) for (const role of e.roles) consider(e.name, role);
  for (const [core, roles] of ctx.people.rolesByCore) for (const role of roles) consider(core, role);
  for (const tier of [exact, partial]) {
    const [holder, ...others] = tier.values();
    if (holder && others.length === 0)
      return { core: holder.name, role: holder.role, surface: holder.name, person: true };
    if (holder) return null;
  }
  // A body of that kind named before: "the agency" after "the Drug Enforcement Agency".
  for (const m of backwards(ctx.mentions)) {
    if (m.speaker.person || !isBefore(m, paragraph, offset)) continue;
    if (fold(m.speaker.core).split(/\s+/).includes(word)) return m.speaker;
  }
  return null;
}

/** A common noun phrase that only refers back ("the agency", "the president"), rather than describing a speaker. */
function isReferring(text: string): boolean {
  if (/\p{Lu}/u.test(text)) return false;
  const head = fold(text).split(/\s+/).pop() ?? '';
  return REFERRING_NOUNS.has(head) || (text.split(/\s+/).length === 1 && ROLE_NOUNS.has(head));
}

/** Documents of their own kind: "the letter" is never the joint statement or readout named before. */
const OTHER_DOCUMENT = /\b(?:letter|memo|memorandum|resolution)s?$/i;

/** The speaker a rule's noun phrase stands for, or null. */
export function resolvePhrase(
  ctx: DocumentContext,
  np: NounPhrase,
  paragraph: number,
  offset: number,
): RawSpeaker | null {
  if (np.kind === 'pronoun') return pronounToAntecedent(ctx, np.word, paragraph, offset);
  if (np.kind === 'name') {
    const { parsed } = np;
    if (!parsed.core && parsed.role) return roleReference(ctx, parsed.role, paragraph, offset);
    if (DOCUMENT_NOUNS.test(parsed.core) && !isPerson(ctx, parsed)) {
      const statement = OTHER_DOCUMENT.test(parsed.core) ? undefined : activeStatement(ctx, paragraph, offset);
      return statement
        ? { core: statement, surface: parsed.surface, person: false }
        : { core: capitalise(parsed.core), surface: parsed.surface, person: false };
    }
    return rawFromName(ctx, parsed, np.role, true);
  }
  const text = np.text.replace(/\s+/g, ' ');
  if (DOCUMENT_NOUNS.test(text)) {
    const statement = OTHER_DOCUMENT.test(text) ? undefined : activeStatement(ctx, paragraph, offset);
    return { core: statement ?? capitalise(text.replace(/^(?:the|a|an)\s+/i, '')), surface: text, person: false };
  }
  if (isReferring(text)) return roleReference(ctx, text.split(/\s+/).at(-1) ?? text, paragraph, offset);
  return { core: capitalise(text), surface: text, person: false, role: np.role };
}

function resolveFinding(ctx: DocumentContext, f: Finding): RawSpeaker | null {
  if (f.speaker !== undefined) return f.speaker;
  return f.np ? resolvePhrase(ctx, f.np, f.paragraph, f.offset) : null;
}

function sameSpeaker(ctx: DocumentContext, a: RawSpeaker, b: RawSpeaker): boolean {
  const key = (s: RawSpeaker) => nameTokens(s.person ? fullNameOf(ctx, s.core) : s.core).join(' ');
  return key(a) === key(b);
}

export interface Attribution {
  speaker: RawSpeaker | null;
  rule?: string;
  adjacent: boolean;
}

/** Runs the rules in order on one quotation. */
export function attributeQuote(ctx: DocumentContext, site: QuoteSite, previous: Previous | undefined): Attribution {
  let decided: { finding: Finding; speaker: RawSpeaker | null } | undefined;
  for (const rule of ATTRIBUTION_RULES) {
    if (decided && !rule.ownSentence) break;
    const f = rule.apply(site, ctx, previous);
    if (!f) continue;
    const speaker = resolveFinding(ctx, f);
    if (!decided) {
      decided = { finding: f, speaker };
      if (!rule.ownSentence) break;
      continue;
    }
    // A second own-sentence rule naming somebody else: the rules disagree, so nobody.
    if (
      speaker &&
      decided.speaker &&
      speaker.person &&
      decided.speaker.person &&
      !sameSpeaker(ctx, speaker, decided.speaker)
    ) {
      return { speaker: null, rule: `${decided.finding.rule}≠${f.rule}`, adjacent: decided.finding.adjacent };
    }
  }
  if (!decided) return { speaker: null, adjacent: false };
  return { speaker: decided.speaker, rule: decided.finding.rule, adjacent: decided.finding.adjacent };
}
