import { paragraphAt, sentenceIn, MASK, type Candidate, type DocumentContext, type RawSpeaker } from './context.js';
import { findNameRuns, NAME_RUN_AT_END, NAME_RUN_AT_START, nameTokens, parseName } from './names.js';
import { ADVERB, AUX, nounPhraseAtEnd, sentenceSubject, wholeNounPhrase, type NounPhrase } from './phrases.js';
import { isNamingVerb, isSpeechVerbForm, VERB, verbWords } from './verbs.js';
import { isPerson } from './mentions.js';
import { BODY_HEADS } from '../lexicon/bodies.js';
import { ROLE_NOUNS } from '../lexicon/titles.js';
import { fold } from '../search/fold.js';
import { lastOf } from '../lists.js';

/**
 * Stage 4a: the attribution rules, in the order they are tried. Each is a small function of one
 * quotation site and the document context that either does not apply (undefined) or names the
 * noun phrase that says who spoke (a name, a pronoun, "the agency") — resolving that phrase to a
 * person is attribute.ts's job. Rules marked `ownSentence` read only the quotation's own
 * sentence: when one applies, its answer is final, even if it resolves to nobody.
 */

/** Where a quotation sits, as the rules read it (all text masked: quoted words are MASK). */
export interface QuoteSite {
  candidate: Candidate;
  /** First and last paragraph (0-based). */
  paragraph: number;
  lastParagraph: number;
  /** The sentence of the opening mark. */
  sentenceIndex: number;
  sentenceStart: number;
  /** The opening sentence up to the opening mark. */
  before: string;
  /** After the closing mark to the end of its sentence, stopping at the next quotation. */
  after: string;
  /** The sentence(s) holding the quotation. */
  frame: string;
  /** Nothing but other quotations before it in its paragraph. */
  opensParagraph: boolean;
}

export interface Finding {
  /** The rule that named the speaker. */
  rule: string;
  /** What names the speaker, to be resolved… */
  np?: NounPhrase;
  /** …or the speaker itself (continuation rules), null when the rule knows there is none. */
  speaker?: RawSpeaker | null;
  /** Where the phrase is, for pronouns and roles: they refer back from here. */
  paragraph: number;
  offset: number;
  /** The speaker is named right beside the quotation ("…," she said). */
  adjacent: boolean;
}

/** What a rule may know of the quotations already attributed. */
export interface Previous {
  candidate: Candidate;
  speaker: RawSpeaker | null;
  sentenceIndex: number;
}

export interface AttributionRule {
  name: string;
  ownSentence: boolean;
  apply(site: QuoteSite, ctx: DocumentContext, previous: Previous | undefined): Finding | undefined;
}

export function siteOf(ctx: DocumentContext, c: Candidate): QuoteSite {
  const first = c.segments[0];
  const last = lastOf(c.segments);
  const opening = paragraphAt(ctx, first.paragraph);
  const closing = paragraphAt(ctx, last.paragraph);
  const { index: si, sentence } = sentenceIn(opening, c.openMark);
  const closeAt = c.closeMark >= 0 ? c.closeMark : last.end - 1;
  const lastSentence = sentenceIn(closing, closeAt).sentence;
  // A line of dash dialogue reads its inciso as the words after it: `—…—dijo la presidenta—. …`.
  const inciso = c.dialogue?.inciso;
  const before = c.dialogue ? '' : opening.masked.slice(sentence.start, c.openMark);
  const afterText = inciso
    ? opening.masked.slice(inciso.start, inciso.end)
    : c.closeMark >= 0 && !c.dialogue
      ? closing.masked.slice(c.closeMark + 1, lastSentence.end)
      : '';
  const frame = opening.masked.slice(
    sentence.start,
    first.paragraph === last.paragraph ? lastSentence.end : sentence.end,
  );
  return {
    candidate: c,
    paragraph: first.paragraph,
    lastParagraph: last.paragraph,
    sentenceIndex: si,
    sentenceStart: sentence.start,
    before,
    after: afterText.split(MASK, 1)[0] ?? '',
    frame,
    opensParagraph: c.dialogue !== undefined || /^[\s█]*$/u.test(opening.masked.slice(0, c.openMark)),
  };
}

const VERB_AFTER = new RegExp(String.raw`^[\s,;:—–\-]*(?:${ADVERB}\s+)?(${VERB})(?![\p{L}\p{M}])[\s,]*(.*)$`, 'su');
const SUBJECT_THEN_VERB = new RegExp(
  String.raw`^[\s,;:—–\-]*([^,;:!?█]{1,80}?)(?:,\s*([^,█]{1,80}),)?\s+(?:(?:${ADVERB}|${AUX})\s+)*(${VERB})(?![\p{L}\p{M}])`,
  'su',
);
const ROLE_NOUN_AT_START = /^(?:the|el|la|a|an)\s+((?:[\p{Ll}\-]+\s+)?[\p{Ll}\-]+)(?![\p{L}])/u;

function finding(rule: string, np: NounPhrase, paragraph: number, offset: number, adjacent: boolean): Finding {
  return { rule, np, paragraph, offset, adjacent };
}

/** `"…," said Treasury official Mark Ellison, who leads …` / `"…," said the mayor, John Doe` / `«…», dijo la mandataria`. */
export const quoteThenSaidName: AttributionRule = {
  name: 'quoteThenSaidName',
  ownSentence: true,
  apply(site) {
    const [, verb, rest] = VERB_AFTER.exec(site.after) ?? [];
    if (verb === undefined || rest === undefined || /ing$/.test(verb)) return undefined;
    const cut = rest.search(/[,;:]/u);
    const phrase = (cut >= 0 ? rest.slice(0, cut) : rest).replace(/[\s.]+$/u, '');
    const appos = cut >= 0 && rest[cut] === ',' ? (/^,\s*([^,]+?)(?:[,.]|$)/u.exec(rest.slice(cut))?.[1] ?? '') : '';
    const nameRun = NAME_RUN_AT_START.exec(rest)?.[0];
    const runNp = nameRun ? wholeNounPhrase(nameRun.replace(/\.$/u, '')) : undefined;
    // "said University of Tokyo professor Kazushige Touhara": an organisation opening a longer phrase is not the speaker.
    const orgOpening =
      runNp?.kind === 'name' && runNp.parsed.org && nameRun!.replace(/\.$/u, '').length < phrase.length;
    // "said Mr. Guzmán's lawyer, Jeffrey Lichtman": the lawyer speaks, never the possessor.
    const possessor = nameRun !== undefined && /['’]s$/u.test(nameRun) && nameRun.length < phrase.length;
    const np =
      wholeNounPhrase(phrase) ??
      personEndingPhrase(nameRun, phrase) ??
      (possessor ? ({ kind: 'np', text: phrase } as const) : undefined) ??
      (orgOpening ? undefined : runNp) ??
      roleNounAtStart(phrase);
    if (!np) return undefined;
    const at = { paragraph: site.lastParagraph, offset: site.candidate.closeMark };
    if (np.kind === 'np' && appos) {
      const inner = wholeNounPhrase(appos);
      if (inner && inner.kind === 'name' && inner.parsed.core)
        return finding(this.name, { ...inner, role: np.text }, at.paragraph, at.offset, true);
    }
    if (np.kind === 'name' && !np.role && appos) {
      const role = roleAppositive(appos);
      if (role) return finding(this.name, { ...np, role }, at.paragraph, at.offset, true);
    }
    return finding(this.name, np, at.paragraph, at.offset, true);
  },
};

/**
 * "said Time editor-in-chief Edward Felsenthal": a short description opening with a name and
 * ending with a person's full name — the person speaks, not the name that opens it.
 */
function personEndingPhrase(nameRun: string | undefined, phrase: string): NounPhrase | undefined {
  if (!nameRun || nameRun.length >= phrase.length) return undefined;
  const end = NAME_RUN_AT_END.exec(phrase);
  if (!end || end.index <= nameRun.length) return undefined;
  const between = phrase.slice(nameRun.length, end.index).trim().split(/\s+/).filter(Boolean);
  if (
    between.length === 0 ||
    between.length > 3 ||
    between.some(
      (w) => !/^\p{Ll}[\p{Ll}\-]*$/u.test(w) || /^(?:and|or|in|on|at|to|with|from|of|for|by|that|who|which)$/.test(w),
    )
  )
    return undefined;
  const parsed = parseName(end[0]);
  if (!parsed.core || parsed.org || parsed.core.split(/\s+/).length < 2) return undefined;
  const role = `${nameRun} ${between.join(' ')}`;
  return { kind: 'name', parsed: { ...parsed, role }, role };
}

function roleAppositive(appos: string): string | undefined {
  const a = appos.trim();
  if (/^(?:who|which|that|whose|where|when|as|in|on|at|after|before|speaking|according|quien|que)\b/i.test(a))
    return undefined;
  if (a.split(/\s+/).length > 8) return undefined;
  return a.replace(/^(?:the|a|an|el|la|un|una)\s+/i, '').replace(/^[\p{L}\p{M}.\- ]+['’]s\s+/u, '') || undefined;
}

/** "dijo la mandataria durante su conferencia": an occupation right after the verb. */
function roleNounAtStart(phrase: string): NounPhrase | undefined {
  const words = ROLE_NOUN_AT_START.exec(phrase)?.[1]?.split(/\s+/);
  if (words === undefined) return undefined;
  // "the border czar" (two words) or "la mandataria durante …" (one word, then the sentence goes on).
  for (const role of [words.join(' '), words[0] ?? '']) {
    const head = role.split(/\s+/).at(-1) ?? role;
    if (ROLE_NOUNS.has(fold(head))) return { kind: 'np', text: role };
  }
  return undefined;
}

/** `"…," U.S. Consul General Peter Walsh told journalists` / `"…," she said` / `"…," Smith, the mayor, said`. */
export const quoteThenNameSaid: AttributionRule = {
  name: 'quoteThenNameSaid',
  ownSentence: true,
  apply(site) {
    const [, subject, appositive] = SUBJECT_THEN_VERB.exec(site.after) ?? [];
    const named = subject !== undefined && appositive ? nameAfterDescription(subject, appositive) : undefined;
    if (named) return finding(this.name, named, site.lastParagraph, site.candidate.closeMark, true);
    const np = subject === undefined ? undefined : wholeNounPhrase(subject);
    if (!np) return undefined;
    const role = appositive ? roleAppositive(appositive) : undefined;
    const withRole = np.kind === 'name' || np.kind === 'np' ? { ...np, role: role ?? np.role } : np;
    return finding(this.name, withRole, site.lastParagraph, site.candidate.closeMark, true);
  },
};

const DESCRIPTION_OPENING = new RegExp(
  String.raw`^(?:(?:the|a|an|his|her|its|their|el|la|su)\s+|[\p{Lu}][\p{L}\p{M}.\-]*(?:\s+[\p{Lu}][\p{L}\p{M}.\-]*)*['’]s\s+)`,
  'u',
);

/**
 * `"…," CBP's spokesman, Daniel Ortiz, said` / `his lawyer, Paul Hernández, said` / `the U.S. ambassador, X, said`:
 * a description (a determiner or someone's possessive, then at most five words) with a person's
 * full name in apposition — the named person speaks, never the possessor.
 */
function nameAfterDescription(subject: string, appositive: string): NounPhrase | undefined {
  const description = subject.trim().replace(/\s+/g, ' ');
  const opening = DESCRIPTION_OPENING.exec(description)?.[0];
  if (opening === undefined || description.includes(MASK)) return undefined;
  const words = description.slice(opening.length).split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 5 || words.some((w) => /^(?:and|or|who|which|that|y|o|que)$/i.test(w)))
    return undefined;
  const inner = wholeNounPhrase(appositive);
  if (inner?.kind !== 'name' || !inner.parsed.core || inner.parsed.org || inner.parsed.core.split(/\s+/).length < 2)
    return undefined;
  const role = /^(?:the|a|an|el|la)\s/i.test(opening) ? description.slice(opening.length) : description;
  return { ...inner, role: /^(?:his|her|its|their|su)\s/i.test(opening) ? words.join(' ') : role };
}

/** `«…», explicó.` — Spanish drops the subject: the person speaking just before in the paragraph. */
export const quoteThenBareVerb: AttributionRule = {
  name: 'quoteThenBareVerb',
  ownSentence: true,
  apply(site, ctx) {
    if (!ctx.spanish) return undefined;
    const rest = VERB_AFTER.exec(site.after)?.[2];
    if (rest === undefined || rest.trim().replace(/[.]+$/u, '') !== '') return undefined;
    let best: RawSpeaker | null = null;
    for (const mention of ctx.mentions) {
      if (mention.paragraph !== site.paragraph || mention.start >= site.candidate.openMark) continue;
      if (mention.speaker.person && (mention.speaking || mention.subject)) best = mention.speaker;
    }
    return {
      rule: this.name,
      speaker: best,
      paragraph: site.paragraph,
      offset: site.candidate.openMark,
      adjacent: true,
    };
  },
};

/** `According to Ellison, the network moved "…"` / `Según el canciller X, el acuerdo "…"`. */
export const accordingTo: AttributionRule = {
  name: 'accordingTo',
  ownSentence: true,
  apply(site) {
    const [, source, , appositive] =
      /(?:according to|según|segun)\s+([^,.;█]{1,80})(,\s*([^,.;█]{1,60}),)?/iu.exec(site.frame) ?? [];
    if (source === undefined) return undefined;
    const who = source.replace(/\s+(?:who|which|that|whose|familiar|speaking|briefed)\b.*$/su, '').trim();
    const np = wholeNounPhrase(who) ?? nounPhraseAtEnd(who);
    // "Según la fiscal estatal, María Elena Treviño, …": the name in apposition to a role.
    if (appositive && np?.kind !== 'pronoun') {
      const inner = wholeNounPhrase(appositive);
      const roleWords = who.split(/\s+/).some((w) => ROLE_NOUNS.has(fold(w)));
      if (
        inner &&
        inner.kind === 'name' &&
        inner.parsed.core &&
        !inner.parsed.org &&
        (roleWords || np?.kind === 'np')
      ) {
        const role = who.replace(/^(?:the|a|an|el|la)\s+/i, '');
        return finding(this.name, { ...inner, role }, site.paragraph, site.candidate.openMark, false);
      }
    }
    if (!np) return undefined;
    return finding(this.name, np, site.paragraph, site.candidate.openMark, false);
  },
};

const RELATIVE_WHO = /^(.*[^\s,])\s*,\s*(?:who|quien|quienes)\s+(?:(?:also|later|then|had|has|have)\s+)?$/iu;

/** The last speech verb before the quotation in its sentence, and the noun phrase before it. */
function verbBefore(site: QuoteSite): { verb: string; pre: string; np?: NounPhrase; index: number } | undefined {
  const verbs = verbWords(site.before);
  for (const v of [...verbs].reverse()) {
    const pre = site.before.slice(0, v.index);
    if (/\b(?:was|were|is|are|be|been|being)\s+$/i.test(pre)) continue;
    if (/ing$/.test(v.word)) {
      if (/,\s*$/.test(pre)) return { verb: v.word, pre, index: v.index };
      continue;
    }
    // "Rubio thanked Sheinbaum, who said "…"": the relative clause's antecedent speaks.
    const relative = RELATIVE_WHO.exec(pre)?.[1];
    if (relative === undefined) return { verb: v.word, pre, np: nounPhraseAtEnd(pre), index: v.index };
    // "who" stands for a person: a name, or an occupation ("the envoy, who"), never a place ("the embassy, who").
    const np = nounPhraseAtEnd(relative);
    const person =
      (np?.kind === 'name' && !np.parsed.org) ||
      (np?.kind === 'np' && !BODY_HEADS.has(fold(np.text.split(/\s+/).at(-1) ?? '')));
    return { verb: v.word, pre, np: person ? np : undefined, index: v.index };
  }
  return undefined;
}

/** `Cecilia Farfán-Méndez, who heads …, called the pact "a test of trust."` */
export const calledAs: AttributionRule = {
  name: 'calledAs',
  ownSentence: true,
  apply(site) {
    const v = verbBefore(site);
    if (!v || !v.np || !isNamingVerb(v.verb)) return undefined;
    return finding(this.name, v.np, site.paragraph, site.sentenceStart + v.index, false);
  },
};

/** `Mexico's former national security adviser, Jorge Tello Peón, warned that "…"` / `X, a senior fellow, said "…"`. */
export const appositiveSpeaker: AttributionRule = {
  name: 'appositiveSpeaker',
  ownSentence: true,
  apply(site) {
    const v = verbBefore(site);
    if (!v || !v.np || !/,\s*$/.test(v.pre) || v.np.kind !== 'name') return undefined;
    return finding(this.name, v.np, site.paragraph, site.sentenceStart + v.index, false);
  },
};

/** `Smith said (that) … "…"` / `Smith said: "…"` / `Smith …, saying "…"`. */
export const nameSaidQuote: AttributionRule = {
  name: 'nameSaidQuote',
  ownSentence: true,
  apply(site) {
    const v = verbBefore(site);
    if (!v) return undefined;
    if (!v.np) {
      if (!/ing$/.test(v.verb)) return undefined;
      const subj = sentenceSubject(site.before);
      return subj ? finding(this.name, subj.np, site.paragraph, site.sentenceStart + subj.offset, false) : undefined;
    }
    return finding(this.name, v.np, site.paragraph, site.sentenceStart + v.index, false);
  },
};

const SPEECH_NOUNS = [
  'blasting',
  'remarks',
  'remark',
  'comments',
  'comment',
  'words',
  'statement',
  'criticism',
  'claim',
  'warning',
  'pledge',
  'promise',
  'description',
  'speech',
  'testimony',
  'tweet',
  'post',
  'message',
  'letter',
  'accusation',
  'assertion',
  'insistence',
  'vow',
  'call',
  'calls',
  'complaint',
  'charge',
  'boast',
  'denunciation',
  'attack',
  'praise',
  'answer',
  'reply',
  'response',
  'declaration',
  'announcement',
  'argument',
  'view',
];
const POSSESSIVE_NOUN = new RegExp(
  String.raw`([^█]*?)['’]s\s+(?:[\p{L}\-]+\s+){0,2}?(?:${SPEECH_NOUNS.join('|')})\b`,
  'iu',
);

/** `Smith's remarks … "…"`. */
export const possessiveRemarks: AttributionRule = {
  name: 'possessiveRemarks',
  ownSentence: true,
  apply(site) {
    const owner = POSSESSIVE_NOUN.exec(site.before)?.[1];
    if (owner === undefined) return undefined;
    const np = nounPhraseAtEnd(owner);
    return np && np.kind === 'name'
      ? finding(this.name, np, site.paragraph, site.candidate.openMark, false)
      : undefined;
  },
};

const COMMON_VERBS = new Set([
  'gave',
  'gives',
  'made',
  'makes',
  'took',
  'takes',
  'put',
  'puts',
  'kept',
  'keeps',
  'has',
  'had',
  'is',
  'was',
  'wrote',
  'writes',
  'offered',
  'offers',
  'sent',
  'sends',
  'used',
  'uses',
  'left',
  'leaves',
]);
const SKIPPABLE = /^(?:also|again|then|once|still|just|only|even|never|[a-z]+ly)$/;

/** The subject is followed by a verb ("Noem gave", "He called"), not by more noun phrase ("The California bill", "Trebek, host of"). */
function verbFollows(before: string, subj: { np: NounPhrase; offset: number }): boolean {
  const surface = subj.np.kind === 'pronoun' ? subj.np.word : subj.np.kind === 'name' ? subj.np.parsed.surface : '';
  const from = before.toLowerCase().indexOf(surface.toLowerCase(), subj.offset);
  if (!surface || from < 0) return false;
  const rest = before
    .slice(from + surface.length)
    .trim()
    .split(/\s+/);
  const w = rest.find((word) => !SKIPPABLE.test(word)) ?? '';
  return /^\p{Ll}+ed$/u.test(w) || COMMON_VERBS.has(w) || isSpeechVerbForm(w);
}

/** `He gave "…"` / `Smith called it "…"` without a speech verb: a person opening the sentence. */
export const subjectOfSentence: AttributionRule = {
  name: 'subjectOfSentence',
  ownSentence: true,
  apply(site, ctx) {
    // "…, who told reporters "…"": a relative clause's speaker the rules could not read is not the subject.
    const v = verbBefore(site);
    if (v && /(?:^|\s)(?:who|which|that|whom|quien|quienes)\s+$/iu.test(v.pre)) return undefined;
    const subj = sentenceSubject(site.before);
    if (!subj) return undefined;
    const at = site.sentenceStart + subj.offset;
    if (!verbFollows(site.before, subj)) return undefined;
    if (subj.np.kind === 'pronoun' && (subj.np.word === 'he' || subj.np.word === 'she'))
      return finding(this.name, subj.np, site.paragraph, at, false);
    if (
      subj.np.kind === 'name' &&
      subj.np.parsed.core &&
      isPerson(ctx, subj.np.parsed) &&
      subj.np.parsed.core.split(/\s+/).length <= 5
    ) {
      return finding(this.name, subj.np, site.paragraph, at, false);
    }
    return undefined;
  },
};

/**
 * A further quotation of the speaker just quoted: in the same or the next sentence, or opening
 * the next paragraph — and only when nobody else is named in between.
 */
export const continuationOfPreviousSpeaker: AttributionRule = {
  name: 'continuationOfPreviousSpeaker',
  ownSentence: false,
  apply(site, ctx, previous) {
    const previousSpeaker = previous?.speaker;
    if (!previous || !previousSpeaker || previous.candidate.kind !== 'marked') return undefined;
    // A line of dialogue is spoken by whoever its own inciso names: the next line is often the other party.
    if (site.candidate.dialogue || previous.candidate.dialogue) return undefined;
    const prevLast = lastOf(previous.candidate.segments);
    const sameParagraph = prevLast.paragraph === site.paragraph && site.sentenceIndex - previous.sentenceIndex <= 1;
    const nextParagraph = prevLast.paragraph === site.paragraph - 1 && site.opensParagraph && site.sentenceIndex === 0;
    if (!sameParagraph && !nextParagraph) return undefined;
    // A quotation that opens or ends its sentence continues a speaker; words in marks inside a
    // sentence ("its earlier "flight to nowhere" campaign") are a name, not more of the quotation.
    if (!/^[\s█]*$/u.test(site.before) && !/^[\s.,;:!?)\]”"»]*$/u.test(site.after)) return undefined;
    // Its own sentence, or the rest of a paragraph it opens, naming a speaker the rules could not
    // read (`"…," economist X of the Y think tank told Reuters`, `Ebrard agreed: "…"`,
    // `"…" "…," said Senator Z.`): somebody else may be speaking, so nobody rather than a guess.
    if (introducesOther(ctx, site, previousSpeaker)) return undefined;
    const from = { paragraph: prevLast.paragraph, offset: previous.candidate.closeMark };
    const other = ctx.mentions.some(
      (m) =>
        m.subject &&
        (m.paragraph > from.paragraph || (m.paragraph === from.paragraph && m.start > from.offset)) &&
        (m.paragraph < site.paragraph || (m.paragraph === site.paragraph && m.start < site.candidate.openMark)) &&
        fold(m.speaker.core) !== fold(previousSpeaker.core),
    );
    if (other) return undefined;
    return {
      rule: this.name,
      speaker: previousSpeaker,
      paragraph: site.paragraph,
      offset: site.candidate.openMark,
      adjacent: false,
    };
  },
};

/** The paragraph's text after the quotation's closing mark, quotations masked. */
function restOfParagraph(ctx: DocumentContext, site: QuoteSite): string {
  const close = site.candidate.closeMark;
  return close < 0 ? '' : paragraphAt(ctx, site.lastParagraph).masked.slice(close + 1);
}

/** A person other than `speaker` named in the text (quotations masked). */
function namesOtherPerson(ctx: DocumentContext, text: string, speaker: RawSpeaker): boolean {
  const own = new Set(nameTokens(`${speaker.core} ${speaker.surface}`));
  return findNameRuns(text).some(({ run }) => {
    const parsed = parseName(run);
    return isPerson(ctx, parsed) && nameTokens(parsed.core).some((t) => !own.has(t));
  });
}

const TIME_WORDS =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)$/;

/** A capitalised name in the text other than `speaker`'s (a day or a month aside), person or not. */
function namesAnyone(text: string, speaker: RawSpeaker): boolean {
  const own = new Set(nameTokens(`${speaker.core} ${speaker.surface}`));
  return findNameRuns(text).some(({ run }) =>
    nameTokens(parseName(run).core).some((t) => !own.has(t) && !TIME_WORDS.test(t)),
  );
}

/**
 * The quotation's own sentence holds a speech verb or ends in a colon after some words (an
 * introduction), or names another person; or the rest of a paragraph it opens names someone else.
 */
function introducesOther(ctx: DocumentContext, site: QuoteSite, speaker: RawSpeaker): boolean {
  const own = `${site.before} ${site.after}`;
  if (verbWords(own).length > 0 || /\S\s*:\s*$/u.test(site.before)) return true;
  if (namesOtherPerson(ctx, own, speaker)) return true;
  // `"…" — that was how Ebrard put it`: a name after the quotation in its own sentence.
  if (namesAnyone(site.after, speaker)) return true;
  // A paragraph it opens that goes on to name someone else (`"…" That was Guerrero's verdict.`).
  const rest = restOfParagraph(ctx, site);
  return site.opensParagraph && namesAnyone(rest, speaker);
}

const INTRO_SPEAKER = new RegExp(String.raw`^(.*?)\s+(?:${ADVERB}\s+)?(?:${VERB})(?:\s+[\p{Ll}\s]{0,50})?$`, 'su');

/** `Smith said:` ending the previous paragraph, then the quotation. */
export const colonIntroduction: AttributionRule = {
  name: 'colonIntroduction',
  ownSentence: false,
  apply(site, ctx) {
    const i = site.paragraph;
    if (site.sentenceIndex !== 0 || i === 0 || !/^\s*$/u.test(site.before)) return undefined;
    const previous = paragraphAt(ctx, i - 1);
    const intro = previous.sentences.at(-1);
    if (!intro || !/:\s*$/u.test(previous.text)) return undefined;
    const introText = previous.masked.slice(intro.start, intro.end).replace(/:\s*$/u, '');
    const speaker = INTRO_SPEAKER.exec(introText)?.[1];
    const np = speaker === undefined ? undefined : nounPhraseAtEnd(speaker);
    return np ? finding(this.name, np, i - 1, intro.start, false) : undefined;
  },
};

/** The rules in order: the quotation's own sentence first, then what carries over. */
export const ATTRIBUTION_RULES: readonly AttributionRule[] = [
  quoteThenSaidName,
  quoteThenNameSaid,
  quoteThenBareVerb,
  accordingTo,
  calledAs,
  appositiveSpeaker,
  nameSaidQuote,
  possessiveRemarks,
  subjectOfSentence,
  continuationOfPreviousSpeaker,
  colonIntroduction,
];

export { isSpeechVerbForm };
