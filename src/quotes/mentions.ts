import { BODY_HEADS } from '../lexicon/bodies.js';
import { firstNameGender } from '../lexicon/first-names.js';
import { courtesyGender, roleGender, ROLE_NOUNS } from '../lexicon/titles.js';
import { fold } from '../search/fold.js';
import { isSpeechVerbForm, verbWords } from './verbs.js';
import { sentenceIndexAt, type DocumentContext, type Gender, type People, type RawSpeaker } from './context.js';
import {
  NameIndex,
  findNameRuns,
  foldName,
  isPersonName,
  nameTokens,
  parseName,
  titleCase,
  type ParsedName,
} from './names.js';
import { nounPhraseAtEnd, roleFromApposition, rolePhrase } from './phrases.js';

/**
 * Stage 3: the people and bodies a document names. A person is a name with its role apart
 * ("Homeland Security Secretary" + "Kristi Noem"), with a gender when a first name, a courtesy
 * title or a role tells it; a body is a named organisation ("Treasury Department").
 */

export function emptyPeople(): People {
  return { byKey: new Map(), rolesByCore: new Map(), genderByCore: new Map(), index: new NameIndex() };
}

/** A role written around a name run: lower-case before it ("customs inspector X"), or an appositive after it. */
function roleAround(text: string, start: number, end: number): string | undefined {
  const before = /((?:[\p{Ll}\-]+\s+){0,2}[\p{Ll}\-]+)\s+$/u.exec(text.slice(Math.max(0, start - 40), start))?.[1];
  if (before !== undefined) {
    const head = before.split(/\s+/).at(-1) ?? before;
    if (ROLE_NOUNS.has(fold(head))) return rolePhrase(before) ?? head;
  }
  const after = /^,\s+([^,.;:█]{2,60})[,.]/u.exec(text.slice(end))?.[1];
  if (after !== undefined) {
    const role = roleFromApposition(after);
    if (role && rolePhrase(role)) return role;
  }
  const apposBefore =
    /(?:^|[,.;]\s*|\b)((?:the|a|an|el|la|its|his|her|[\p{Lu}][\p{L}]*['’]s)\s+[^,.;█]{2,60}),\s+$/iu.exec(
      text.slice(Math.max(0, start - 70), start),
    )?.[1];
  if (apposBefore !== undefined) return rolePhrase(apposBefore);
  return undefined;
}

function noteGender(people: People, core: string, gender: Gender | undefined): void {
  if (!gender) return;
  const key = foldName(core);
  if (!people.genderByCore.has(key)) people.genderByCore.set(key, gender);
}

/** Registers every full name (and short name with a role or title) of the document. */
export function findPeople(ctx: DocumentContext): void {
  const { people } = ctx;
  const runs: { parsed: ParsedName; role?: string }[] = [];
  ctx.paragraphs.forEach((p, i) => {
    const from = ctx.labels[i]?.textStart ?? 0;
    const text = p.slice(from);
    for (const r of findNameRuns(text)) {
      const parsed = parseName(r.run);
      const around = parsed.core && !parsed.org ? roleAround(text, r.start, r.end) : undefined;
      runs.push({ parsed, role: parsed.role ?? around });
    }
  });
  for (const l of ctx.labels) if (l) runs.push({ parsed: parseName(titleCase(l.label)) });
  ctx.nameRuns = runs.map((r) => r.parsed);
  for (const { parsed, role } of runs) {
    if (parsed.org || !parsed.core) continue;
    const tokens = nameTokens(parsed.core);
    if (tokens.length >= 2 && isPersonName(parsed)) {
      const key = tokens.join(' ');
      let entry = people.byKey.get(key);
      if (!entry) {
        entry = { name: parsed.core, roles: [] };
        people.byKey.set(key, entry);
        people.index.add(parsed.core);
      }
      if (role) entry.roles.push(role);
      const [firstName = parsed.core] = parsed.core.split(/\s+/);
      entry.gender ??= firstNameGender(firstName);
    }
    if (role) {
      const key = foldName(parsed.core);
      people.rolesByCore.set(key, [...(people.rolesByCore.get(key) ?? []), role]);
    }
    noteGender(
      people,
      parsed.core,
      (parsed.courtesy && courtesyGender(parsed.courtesy)) || (role ? roleGender(role) : undefined),
    );
  }
}

/** A person: a full name, a known person's surname, or a name written with a role somewhere in the document. */
export function isPerson(ctx: DocumentContext, parsed: ParsedName): boolean {
  return (
    isPersonName(parsed, ctx.people.index) ||
    (!parsed.org && !!parsed.core && (ctx.people.rolesByCore.get(foldName(parsed.core))?.length ?? 0) > 0)
  );
}

export function rawFromName(ctx: DocumentContext, parsed: ParsedName, role?: string, speaking = false): RawSpeaker {
  const person = isPerson(ctx, parsed) || (!parsed.org && !!parsed.core && (!!(role ?? parsed.role) || speaking));
  const core = parsed.core || parsed.role || parsed.surface;
  return {
    core,
    role: parsed.core ? (role ?? parsed.role) : undefined,
    surface: parsed.surface,
    person: person && !!parsed.core,
  };
}

/** The full name a person's short name stands for in this document (or the name itself). */
export function fullNameOf(ctx: DocumentContext, core: string): string {
  return ctx.people.index.resolve(core) ?? core;
}

/** What the document tells of a person's gender: first name, "Ms.", "spokeswoman", an earlier "she". */
export function genderOf(ctx: DocumentContext, speaker: RawSpeaker): Gender | undefined {
  if (!speaker.person) return undefined;
  const full = fullNameOf(ctx, speaker.core);
  const entry = ctx.people.byKey.get(nameTokens(full).join(' '));
  return (
    ctx.people.genderByCore.get(foldName(full)) ??
    ctx.people.genderByCore.get(foldName(speaker.core)) ??
    entry?.gender ??
    (speaker.role ? roleGender(speaker.role) : undefined)
  );
}

export function learnGender(ctx: DocumentContext, speaker: RawSpeaker, gender: Gender): void {
  noteGender(ctx.people, fullNameOf(ctx, speaker.core), gender);
}

const NOT_BEFORE_SUBJECT =
  /\b(?:with|to|by|from|of|for|against|at|met|meet|meets|on|about|and|or|than|like|between|among|toward|towards|into|under|over|called|named|told|asked|thanked|welcomed|praised|criticized)\s+$/i;

/** Every person and body named outside quotations, in document order, marking sentence subjects and speakers. */
export function findMentions(ctx: DocumentContext): void {
  ctx.masked.forEach((text, i) => {
    if (ctx.covered[i]) return;
    let lastSentence = -1;
    for (const r of findNameRuns(text)) {
      const parsed = parseName(r.run);
      const body =
        parsed.org &&
        BODY_HEADS.has(
          foldName(parsed.core || parsed.surface)
            .split(' ')
            .pop() ?? '',
        );
      if (!isPerson(ctx, parsed) && !body) continue;
      const sentences = ctx.sentences[i] ?? [];
      const si = sentenceIndexAt(sentences, r.start);
      const sentence = sentences[si];
      // The first person named in a sentence, not as an object: its subject.
      const prefix = sentence ? text.slice(sentence.start, r.start) : '';
      // Near the start, past any opening clause: "At the time, Sheinbaum …", not "… plays with the Las Vegas Raiders".
      const lead = prefix.replace(/^.*[,—–]\s+/su, '').trim();
      const near = lead === '' || lead.split(/\s+/).length <= 3;
      const subject = si !== lastSentence && near && !NOT_BEFORE_SUBJECT.test(prefix) && !/['’]s\s+$/.test(prefix);
      lastSentence = si;
      const speaker = body ? { core: parsed.core, surface: parsed.surface, person: false } : rawFromName(ctx, parsed);
      ctx.mentions.push({ paragraph: i, start: r.start, speaker, speaking: false, subject });
    }
  });
  // Subjects of speech verbs are people speaking, even when no quotation follows ("Sheinbaum insisted that …").
  ctx.masked.forEach((text, i) => {
    if (ctx.covered[i]) return;
    for (const sentence of ctx.sentences[i] ?? []) {
      const st = text.slice(sentence.start, sentence.end);
      for (const v of verbWords(st, ctx.spanish)) {
        if (/ing$/.test(v.word) || !isSpeechVerbForm(v.word)) continue;
        const pre = st.slice(0, v.index);
        if (/\b(?:was|were|is|are|be|been|being)\s+$/i.test(pre)) continue;
        const np = nounPhraseAtEnd(pre);
        if (!np || np.kind !== 'name' || np.parsed.org || !np.parsed.core) continue;
        const [firstWord = np.parsed.core] = np.parsed.core.split(' ');
        const start = sentence.start + Math.max(0, pre.lastIndexOf(firstWord));
        ctx.mentions.push({
          paragraph: i,
          start,
          speaker: rawFromName(ctx, np.parsed, np.role, true),
          speaking: true,
          subject: true,
        });
      }
    }
  });
  ctx.mentions.sort((a, b) => a.paragraph - b.paragraph || a.start - b.start);
}
