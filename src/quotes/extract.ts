import type { CorpusDocument } from '../corpus/types.js';
import { splitSentences, type Sentence } from '../corpus/sentences.js';
import { fold } from '../search/fold.js';
import {
  NAME_RUN_AT_END,
  NAME_RUN_AT_START,
  findNameRuns,
  foldName,
  isPersonName,
  isSuffixName,
  longestMatchingName,
  nameTokens,
  normaliseRole,
  parseName,
  titleCase,
  type ParsedName,
} from './names.js';
import type { Quotation, Speaker } from './types.js';

/**
 * Quotation extraction and attribution for one document. Three kinds of quotation:
 *  - marked: words between quotation marks (straight or curly, over several paragraphs too);
 *  - turn: in a transcript, what follows `SPEAKER NAME:`;
 *  - block: unquoted paragraphs introduced by "It said:" after a sentence naming a statement,
 *    or by a sentence that names the statement itself ("… the joint statement …:").
 * Attribution follows the forms news uses, then a pronoun or continuation, else none.
 */

// ---------------------------------------------------------------------------------------------
// Word lists

const SPEECH_VERBS = [
  'said', 'says', 'say', 'told', 'tells', 'added', 'adds', 'stressed', 'stresses', 'claimed', 'claims', 'insisted',
  'insists', 'pledged', 'pledges', 'emphasized', 'emphasised', 'emphasizes', 'emphasises', 'declared', 'declares',
  'warned', 'warns', 'noted', 'notes', 'gushed', 'stated', 'explained', 'explains', 'argued', 'argues', 'asserted',
  'asserts', 'wrote', 'writes', 'remarked', 'remarks', 'continued', 'recalled', 'replied', 'responded', 'answered',
  'acknowledged', 'acknowledges', 'admitted', 'admits', 'announced', 'announces', 'observed', 'suggested', 'cautioned',
  'urged', 'urges', 'promised', 'promises', 'vowed', 'vows', 'boasted', 'conceded', 'maintained', 'contended',
  'affirmed', 'reaffirmed', 'reiterated', 'commented', 'predicted', 'complained', 'lamented', 'tweeted', 'posted',
  'concluded', 'demanded', 'asked', 'thundered', 'quipped', 'joked', 'underscored', 'underlined', 'highlighted',
  'called', 'described', 'praised', 'denounced', 'criticized', 'criticised', 'accused', 'countered', 'retorted',
  'confirmed', 'denied', 'insisting', 'saying', 'adding', 'telling', 'declaring', 'warning', 'noting', 'claiming',
  'stressing', 'emphasizing', 'emphasising', 'arguing', 'explaining', 'calling', 'describing', 'pledging', 'promising',
  'vowing', 'urging',
];
const VERB = `(?:${SPEECH_VERBS.join('|')})`;
const ADVERB = String.raw`(?:also|quickly|later|then|again|once|further|previously|recently|only|soon|still|just|[a-z]+ly)`;
const AUX = String.raw`(?:has|had|have|would|will|could|did|does|do|may|might)`;
/** A speech verb as a whole word (used with matchAll, so one instance serves every scan). */
const VERB_WORD = new RegExp(String.raw`(?<![\p{L}\p{M}])(${VERB})(?![\p{L}\p{M}])`, 'gu');
/** "was said", "is called": a passive verb has no speaking subject before it. */
const PASSIVE_BEFORE = /\b(?:was|were|is|are|be|been|being)\s+$/i;
const SPEECH_NOUNS = [
  'blasting', 'remarks', 'remark', 'comments', 'comment', 'words', 'statement', 'criticism', 'claim', 'warning', 'pledge',
  'promise', 'description', 'speech', 'testimony', 'tweet', 'post', 'message', 'letter', 'accusation', 'assertion',
  'insistence', 'vow', 'call', 'calls', 'complaint', 'charge', 'boast', 'denunciation', 'attack', 'praise', 'answer',
  'reply', 'response', 'declaration', 'announcement', 'argument', 'view',
];
/** Nouns of a document or body that can be the subject of "said". */
const DOCUMENT_NOUNS = /\b(?:statement|communiqu[eé]|declaration|agreement|accord|pact|document|text|letter|release|readout|memo|memorandum|resolution)s?$/i;
const STATEMENT_MENTION =
  /\b(joint\s+)?(?:(?:written|official|formal|brief|short|final|signed|public)\s+)*(statement|communiqu[eé]|declaration|press release|readout)\b/giu;
/** Head nouns that can speak: people by occupation, bodies, documents. */
const AGENT_HEAD =
  /(?:man|woman|person|people|er|or|ist|ian|ent|ant|ary|ive|ial|ee|ion|ry|ce|cy|ff|rs|ers|ors|ists|ians|ents|ants|als|ives|ees|nt|ts|ft|ps|sy|ch|ge)$|^(?:official|officials|source|sources|aide|aides|police|party|parties|bloc|authority|authorities|government|ministry|embassy|statement|communiqué|communique|agreement|accord|pact|document|text|letter|release|readout|memo|report|court|judge|group|panel|board|staff|team|chief|head|envoy|diplomat|diplomats|spokesman|spokeswoman|spokesperson)$/iu;
const TRANSCRIPT_NOT_LABELS = new Set(['note', 'update', "editor's note", 'editors note', 'photo', 'watch', 'read more', 'related', 'source', 'sources', 'correction', 'ps', 'p.s.', 'tags', 'share', 'listen']);
const QUESTIONER_LABELS = /^(?:q|question|questions|reporter|audience member|participant|questioner|journalist|press)$/i;
const TRANSCRIPT_ROLE = /\b(?:moderator|secretary|president|minister|ambassador|spokesperson|spokesman|mr|ms|mrs|senator|governor|director|q|question|operator)\b/i;

const MASK = '\u2588';

// ---------------------------------------------------------------------------------------------
// Types

interface Segment {
  paragraph: number; // 0-based
  start: number;
  end: number;
}

type Kind = 'marked' | 'turn' | 'block';

interface Candidate {
  kind: Kind;
  segments: Segment[];
  /** For marked quotes: the opening mark's offset in the first paragraph and the closing mark's in the last (or -1). */
  openMark: number;
  closeMark: number;
  /** Ends where a partial document breaks off. */
  cutOff: boolean;
  /** Transcript label or statement for turns and blocks. */
  owner?: RawSpeaker | null;
}

/** A speaker as found, before canonical naming. */
export interface RawSpeaker {
  /** Name as found without role ("Rubio", "Juan Ramón de la Fuente", "Joint statement"). */
  core: string;
  role?: string;
  /** The words that named it in the text ("Secretary of State Marco Rubio", "FOREIGN SECRETARY DE LA FUENTE"). */
  surface: string;
  /** A person (resolved to full names), rather than a body or document. */
  person: boolean;
}

/** A quotation with what the corpus-wide book needs to name its speaker. */
export interface AnalyzedQuote {
  quotation: Quotation;
  raw: RawSpeaker | null;
}

/** Everything learnt from one document. */
export interface DocumentAnalysis {
  docId: string;
  quotes: AnalyzedQuote[];
  /** Full person names (two words or more) seen in the document, with the roles written before them. */
  persons: { name: string; roles: string[] }[];
  /** Every way a person is named in the document: core name and the words as written ("Secretary Rubio"). */
  nameSurfaces: { core: string; surface: string; role?: string }[];
}

interface Mention {
  paragraph: number;
  start: number;
  speaker: RawSpeaker;
  /** Named as the subject of a speech verb or quotation. */
  speaking: boolean;
  /** First noun phrase of its sentence. */
  subject: boolean;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function sentenceIndexAt(sentences: Sentence[], offset: number): number {
  for (let i = 0; i < sentences.length; i++) if (offset < sentences[i].end) return i;
  return sentences.length - 1;
}

/** A paragraph that closes a quotation (curly mark) before it opens one: a page-broken paragraph. */
function closesBeforeOpening(text: string): boolean {
  const close = text.indexOf('”');
  const opening = text.indexOf('“');
  return close >= 0 && (opening < 0 || close < opening);
}

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu) ?? [];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const TITLE_SMALL = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'for', 'to', 'in', 'on', 'at', 'by', 'with', 'de', 'la', 'del', 'y', 'vs']);

/** "Mission Firewall: United Against Firearms Trafficking Initiative." is a name, not a statement. */
function isTitleCase(text: string): boolean {
  const words = wordsOf(text);
  if (words.length < 2) return false;
  if (/[!?]\s*$/.test(text)) return false;
  const significant = words.filter((w) => !TITLE_SMALL.has(w.toLowerCase()));
  return significant.length > 0 && significant.every((w) => /^[\p{Lu}\p{N}]/u.test(w));
}

function trimQuoteText(text: string, last: boolean): string {
  const out = text.trim();
  return last ? out.replace(/[\s,;:]+$/u, '') : out;
}

// ---------------------------------------------------------------------------------------------
// Noun phrases around speech verbs

type NounPhrase =
  | { kind: 'pronoun'; word: string }
  | { kind: 'name'; parsed: ParsedName; role?: string }
  | { kind: 'np'; text: string; role?: string };

const PRONOUN = /^(?:he|she|they|it|we|i)$/i;

/** An appositive that gives a role: "the mayor", "Mexico's foreign minister", not "who …". */
function roleFromApposition(appos: string): string | undefined {
  const a = appos.trim();
  if (!a || wordsOf(a).length > 8) return undefined;
  if (/^(?:who|which|that|whose|where|when|as|in|on|at|after|before|speaking|according)\b/i.test(a)) return undefined;
  // Ages and clauses: "Smith, 45, said", "Lee, asked about it, said".
  if (/^\d+$/.test(a) || /^\p{Ll}+(?:ed|ing)\b/u.test(a)) return undefined;
  // Party and state after a lawmaker's name: "R-Texas".
  if (/^[DRI]-[\p{Lu}]/u.test(a)) return undefined;
  const stripped = a.replace(/^(?:the|a|an)\s+/i, '').replace(/^[\p{L}\p{M}.\- ]+['’]s\s+/u, '');
  if (!stripped) return undefined;
  return stripped;
}

/** The noun phrase that a text consists of entirely, if it is one. */
function wholeNounPhrase(text: string): NounPhrase | undefined {
  const t = text.trim();
  if (!t || t.includes(MASK)) return undefined;
  if (PRONOUN.test(t)) return { kind: 'pronoun', word: t.toLowerCase() };
  const run = NAME_RUN_AT_START.exec(t);
  if (run && run[0].length === t.length) {
    const parsed = parseName(t);
    if (parsed.core || parsed.role) return { kind: 'name', parsed };
  }
  const det = /^(?:an?|the)\s+((?:[\p{L}\p{M}.'’\-]+\s+){0,6}[\p{L}\p{M}\-]+)$/iu.exec(t);
  if (det) {
    const head = det[1].split(/\s+/).pop()!;
    if (/^\p{Lu}/u.test(head) && NAME_RUN_AT_START.test(det[1])) {
      const parsed = parseName(det[1]);
      if (parsed.core || parsed.role) return { kind: 'name', parsed };
    }
    if (AGENT_HEAD.test(head)) return { kind: 'np', text: det[1] };
  }
  // "Officials", "Critics": a bare plural noun opening the sentence.
  if (/^\p{Lu}\p{Ll}+s$/u.test(t)) return { kind: 'np', text: t };
  return undefined;
}

// Adverbs and auxiliaries between subject and verb: "de la Fuente quickly stressed", "Smith has said".
const ADVERBS_AT_END = new RegExp(String.raw`(?:\s+(?:${ADVERB}|${AUX}))+$`, 'u');

/** The noun phrase that ends a text (the subject before a verb), with an appositive role. */
function nounPhraseAtEnd(text: string): NounPhrase | undefined {
  let s = text.replace(/\s+$/u, '').replace(ADVERBS_AT_END, '');
  let role: string | undefined;
  // "Smith, the mayor, said"
  if (s.endsWith(',')) {
    const body = s.slice(0, -1);
    const comma = body.lastIndexOf(',');
    if (comma < 0) return undefined;
    role = roleFromApposition(body.slice(comma + 1));
    s = body.slice(0, comma);
  }
  if (!s || s.endsWith(MASK)) return undefined;
  const pron = /(?:^|[^\p{L}])(he|she|they|it|we|I)$/iu.exec(s);
  if (pron) return { kind: 'pronoun', word: pron[1].toLowerCase() };
  const det = /(?:^|\s)(?:an?|the|An?|The)\s+((?:[\p{L}\p{M}.'’\-]+\s+){0,6}\p{Ll}[\p{L}\p{M}\-]*)$/u.exec(s);
  if (det) {
    const head = det[1].split(/\s+/).pop()!;
    if (AGENT_HEAD.test(head)) return { kind: 'np', text: det[1], role };
  }
  const run = NAME_RUN_AT_END.exec(s);
  if (run) {
    const parsed = parseName(run[0]);
    if (parsed.core || parsed.role) return { kind: 'name', parsed, role };
  }
  // "… and human rights groups warned": a bare plural of people or bodies.
  const bare = /(?:^|,\s*|\b(?:and|but|while|as)\s+)((?:[\p{L}\-]+\s+){0,3}\p{Ll}[\p{Ll}\-]*s)$/u.exec(s);
  if (bare && AGENT_HEAD.test(bare[1].split(/\s+/).pop()!) && !/^(?:it|this|that|there|which|who)\b/i.test(bare[1])) {
    return { kind: 'np', text: bare[1], role };
  }
  return undefined;
}

/** The subject that opens a sentence, past an opening adverbial ("At the time, Sheinbaum …"). */
function sentenceSubject(sentence: string): { np: NounPhrase; offset: number } | undefined {
  let offset = 0;
  let s = sentence;
  // A wire dateline: "WASHINGTON, Oct 2 (Reuters) - ", "MEXICO CITY (AP) — ".
  const dateline = /^\p{Lu}[\p{Lu} .,'’\-]*\p{Lu}(?:,\s*[\p{L}.]+\s+\d{1,2})?\s*(?:\([^)]*\)\s*)?[-—–]+\s+/u.exec(s);
  if (dateline) {
    offset = dateline[0].length;
    s = s.slice(offset);
  }
  const lead = /^[^,█]{0,60},\s+/u.exec(s);
  if (lead && /^(?:at|in|on|during|after|before|earlier|later|when|while|meanwhile|however|still|yet|but|and|so|since|as|for|with|despite|historically|today|yesterday|then|of course|in fact|instead|indeed)\b/i.test(s)) {
    offset += lead[0].length;
    s = s.slice(lead[0].length);
  }
  const lead2 = /^(?:but|and|so|yet|still|then|also)\s+/i.exec(s);
  if (lead2) {
    offset += lead2[0].length;
    s = s.slice(lead2[0].length);
  }
  const pron = /^(he|she|they|it|we|I)\b/i.exec(s);
  if (pron) return { np: { kind: 'pronoun', word: pron[1].toLowerCase() }, offset };
  const run = NAME_RUN_AT_START.exec(s);
  if (run) {
    const parsed = parseName(run[0]);
    if (parsed.core || parsed.role) return { np: { kind: 'name', parsed }, offset };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The analysis

export function analyzeDocument(doc: CorpusDocument): DocumentAnalysis {
  const paragraphs = doc.paragraphs;
  const n = paragraphs.length;
  const sentencesOf = paragraphs.map((p) => splitSentences(p));

  // --- Transcript labels -------------------------------------------------------------------
  const labels: ({ label: string; textStart: number } | undefined)[] = paragraphs.map((p) => {
    const m = /^([A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,6}):\s+/u.exec(p);
    if (!m || /\p{Ll}/u.test(m[1])) return undefined;
    if (TRANSCRIPT_NOT_LABELS.has(m[1].toLowerCase())) return undefined;
    let textStart = m[0].length;
    const paren = /^(?:\([^)]*\)\s*)+/u.exec(p.slice(textStart));
    if (paren) textStart += paren[0].length;
    return { label: m[1], textStart };
  });
  const labelCount = labels.filter(Boolean).length;
  const isTranscript = labelCount >= 2 || labels.some((l) => l && TRANSCRIPT_ROLE.test(l.label));
  if (!isTranscript) labels.fill(undefined);

  // --- Full names and roles ----------------------------------------------------------------
  const personNames = new Map<string, { name: string; roles: string[] }>();
  const roleByCore = new Map<string, string[]>();
  const allRuns: { parsed: ParsedName; paragraph: number; start: number }[] = [];
  paragraphs.forEach((p, i) => {
    const from = labels[i]?.textStart ?? 0;
    for (const r of findNameRuns(p.slice(from))) allRuns.push({ parsed: parseName(r.run), paragraph: i, start: from + r.start });
  });
  for (const l of labels) if (l) allRuns.push({ parsed: parseName(titleCase(l.label)), paragraph: -1, start: 0 });
  for (const { parsed } of allRuns) {
    if (parsed.org || !parsed.core) continue;
    if (nameTokens(parsed.core).length >= 2 && isPersonName(parsed, [])) {
      const key = foldName(parsed.core);
      const entry = personNames.get(key) ?? { name: parsed.core, roles: [] };
      if (parsed.role) entry.roles.push(parsed.role);
      personNames.set(key, entry);
    }
    if (parsed.role) {
      const key = foldName(parsed.core);
      roleByCore.set(key, [...(roleByCore.get(key) ?? []), parsed.role]);
    }
  }
  const fullNames = [...personNames.values()].map((e) => e.name);

  /** A person: a full name, a known person's surname, or a name written with a role somewhere in the document. */
  const isPerson = (parsed: ParsedName): boolean =>
    isPersonName(parsed, fullNames) || (!parsed.org && !!parsed.core && (roleByCore.get(foldName(parsed.core))?.length ?? 0) > 0);
  const rawFromName = (parsed: ParsedName, role?: string, speaking = false): RawSpeaker => {
    const person = isPerson(parsed) || (!parsed.org && !!parsed.core && (!!(role ?? parsed.role) || speaking));
    const core = parsed.core || parsed.role || parsed.surface;
    return { core, role: parsed.core ? (role ?? parsed.role) : undefined, surface: parsed.surface, person: person && !!parsed.core };
  };

  // --- Statement blocks and transcript turns -------------------------------------------------
  const covered: (Kind | undefined)[] = new Array(n).fill(undefined);
  const candidates: Candidate[] = [];
  const statementMentions: { paragraph: number; start: number; name: string }[] = [];

  const statementName = (joint: string | undefined, noun: string): string =>
    capitalise(`${joint ? 'joint ' : ''}${noun.toLowerCase()}`);

  const activeStatement = (paragraph: number, offset: number): string | undefined => {
    let best: { paragraph: number; start: number; name: string } | undefined;
    for (const s of statementMentions) {
      if (s.paragraph > paragraph || (s.paragraph === paragraph && s.start >= offset)) continue;
      if (paragraph - s.paragraph > 6) continue;
      if (!best || s.paragraph > best.paragraph || (s.paragraph === best.paragraph && s.start > best.start)) best = s;
    }
    return best?.name;
  };

  paragraphs.forEach((p, i) => {
    for (const m of p.matchAll(STATEMENT_MENTION)) {
      // "the statement" after "a joint statement" is the same statement.
      const definite = !m[1] && /\b(?:the|this|that|its|their)\s+$/i.test(p.slice(Math.max(0, m.index - 8), m.index));
      const earlier = definite ? activeStatement(i, m.index) : undefined;
      statementMentions.push({ paragraph: i, start: m.index, name: earlier ?? statementName(m[1], m[2]) });
    }
  });

  const hasMarks = (text: string): boolean => /[“”"]/u.test(text);
  for (let i = 0; i < n - 1; i++) {
    const p = paragraphs[i];
    if (!/:\s*$/u.test(p) || hasMarks(p.slice(p.lastIndexOf('.') + 1))) continue;
    const sentences = sentencesOf[i];
    const intro = sentences[sentences.length - 1];
    if (!intro) continue;
    let owner: string | undefined;
    const mentioned = [...intro.text.matchAll(STATEMENT_MENTION)];
    if (mentioned.length > 0) {
      const m = mentioned[mentioned.length - 1];
      owner = statementName(m[1], m[2]);
    } else {
      const said =
        /^(?:(?:[\p{L}\p{M}]+\s+){0,3}?)?(it|they|the\s+(?:[\p{L}\p{M}\-]+\s+){0,3}?[\p{L}\p{M}\-]+)\s+(?:[a-z]+ly\s+)?(?:said|says|read|reads|stated|states|continued|continues|added|adds|declared|declares|noted|notes|went on|goes on)\s*:$/iu.exec(
          intro.text,
        );
      if (said) {
        const subject = said[1].toLowerCase();
        const active = activeStatement(i, intro.start);
        if (subject === 'it' || subject === 'they' || DOCUMENT_NOUNS.test(subject)) owner = active;
        if (!owner && DOCUMENT_NOUNS.test(subject)) owner = capitalise(subject.replace(/^the\s+/, ''));
      }
    }
    if (!owner) continue;
    const segments: Segment[] = [];
    for (let j = i + 1; j < n; j++) {
      const q = paragraphs[j];
      if (labels[j] || hasMarks(q) || covered[j]) break;
      if (segments.length > 0 && !isTranscript) {
        const previous = paragraphs[j - 1];
        const firstPerson = /\b(?:we|our|us|ours)\b/i.test(q);
        const broken = !/[.!?…"”)\]]\s*$/u.test(previous) || /^\p{Ll}/u.test(q);
        if (!firstPerson && !broken) break;
      }
      segments.push({ paragraph: j, start: 0, end: q.length });
      if (/:\s*$/u.test(q)) break;
    }
    if (segments.length === 0) continue;
    for (const s of segments) covered[s.paragraph] = 'block';
    statementMentions.push({ paragraph: segments[0].paragraph, start: 0, name: owner });
    const last = segments[segments.length - 1];
    candidates.push({
      kind: 'block',
      segments,
      openMark: -1,
      closeMark: -1,
      cutOff: doc.meta.partial && last.paragraph === n - 1,
      owner: { core: owner, surface: owner, person: false },
    });
  }

  if (isTranscript) {
    for (let i = 0; i < n; i++) {
      const l = labels[i];
      if (!l) continue;
      const segments: Segment[] = [{ paragraph: i, start: l.textStart, end: paragraphs[i].length }];
      for (let j = i + 1; j < n && !labels[j] && !covered[j]; j++) segments.push({ paragraph: j, start: 0, end: paragraphs[j].length });
      for (const s of segments) covered[s.paragraph] = 'turn';
      let owner: RawSpeaker | null = null;
      if (!QUESTIONER_LABELS.test(l.label.trim())) {
        const parsed = parseName(titleCase(l.label));
        owner = parsed.core
          ? { core: parsed.core, role: parsed.role, surface: l.label, person: true }
          : { core: parsed.role ?? titleCase(l.label), surface: l.label, person: false };
      }
      const last = segments[segments.length - 1];
      candidates.push({ kind: 'turn', segments, openMark: -1, closeMark: -1, cutOff: doc.meta.partial && last.paragraph === n - 1, owner });
    }
  }

  // --- Quotation marks ---------------------------------------------------------------------
  const marked: Candidate[] = [];
  let open: { segments: Segment[]; openMark: number; start: number; paragraph: number } | undefined;
  const closeAtParagraphEnd = (i: number) => {
    if (!open) return;
    open.segments.push({ paragraph: i, start: open.start, end: paragraphs[i].length });
  };
  for (let i = 0; i < n; i++) {
    const p = paragraphs[i];
    if (covered[i]) {
      if (open) {
        marked.push({ kind: 'marked', segments: open.segments, openMark: open.openMark, closeMark: -1, cutOff: false });
        open = undefined;
      }
      continue;
    }
    let k = 0;
    if (open) {
      // A quotation carried over: the new paragraph reopens it with a mark, or closes it.
      const lead = /^\s*/u.exec(p)![0].length;
      if (p[lead] === '“' || p[lead] === '"') {
        open.start = lead + 1;
        k = lead + 1;
      } else {
        open.start = lead;
      }
    }
    for (; k < p.length; k++) {
      const ch = p[k];
      if (ch !== '“' && ch !== '”' && ch !== '"') continue;
      const opening = ch === '“' || (ch === '"' && !open);
      if (opening && ch === '“' && open) continue; // stray or nested opening mark
      if (opening) {
        open = { segments: [], openMark: k, start: k + 1, paragraph: i };
      } else if (open) {
        open.segments.push({ paragraph: i, start: open.start, end: k });
        marked.push({ kind: 'marked', segments: open.segments, openMark: open.openMark, closeMark: k, cutOff: false });
        open = undefined;
      }
    }
    if (open) {
      closeAtParagraphEnd(i);
      const next = paragraphs[i + 1];
      const continues =
        next !== undefined &&
        !covered[i + 1] &&
        (/^\s*[“"]/u.test(next) || closesBeforeOpening(next));
      if (!continues) {
        const cutOff = i === n - 1 && doc.meta.partial;
        marked.push({ kind: 'marked', segments: open.segments, openMark: open.openMark, closeMark: -1, cutOff });
        open = undefined;
      } else {
        open.paragraph = i + 1;
      }
    }
  }

  // --- Masks: quoted words never name the speaker -----------------------------------------
  const masked = paragraphs.map((p, i) => (covered[i] ? MASK.repeat(p.length) : p.split('')));
  for (const c of marked) {
    c.segments.forEach((s, idx) => {
      const from = idx === 0 ? c.openMark : Math.max(0, s.start - 1);
      const to = idx === c.segments.length - 1 && c.closeMark >= 0 ? c.closeMark + 1 : s.end;
      const chars = masked[s.paragraph];
      if (typeof chars === 'string') return;
      for (let k = from; k < to; k++) chars[k] = MASK;
    });
  }
  const maskedText = masked.map((m) => (typeof m === 'string' ? m : m.join('')));

  // --- Person mentions outside quotations, for pronouns ------------------------------------
  const mentions: Mention[] = [];
  const NOT_BEFORE_SUBJECT = /\b(?:with|to|by|from|of|for|against|at|met|meet|meets|on|about|and|or|than|like|between|among|toward|towards|into|under|over|called|named|told|asked|thanked|welcomed|praised|criticized)\s+$/i;
  maskedText.forEach((text, i) => {
    if (covered[i]) return;
    let lastSentence = -1;
    for (const r of findNameRuns(text)) {
      const parsed = parseName(r.run);
      if (!isPerson(parsed)) continue;
      const si = sentenceIndexAt(sentencesOf[i], r.start);
      const sentence = sentencesOf[i][si];
      // The first person named in a sentence, not as an object: its subject.
      const prefix = sentence ? text.slice(sentence.start, r.start) : '';
      const subject = si !== lastSentence && !NOT_BEFORE_SUBJECT.test(prefix) && !/['’]s\s+$/.test(prefix);
      lastSentence = si;
      mentions.push({ paragraph: i, start: r.start, speaker: rawFromName(parsed), speaking: false, subject });
    }
  });

  // Subjects of speech verbs are people speaking, even when no quotation follows ("Sheinbaum insisted that …").
  maskedText.forEach((text, i) => {
    if (covered[i]) return;
    for (const sentence of sentencesOf[i]) {
      const st = text.slice(sentence.start, sentence.end);
      for (const v of st.matchAll(VERB_WORD)) {
        if (/ing$/.test(v[1])) continue;
        const pre = st.slice(0, v.index);
        if (PASSIVE_BEFORE.test(pre)) continue;
        const np = nounPhraseAtEnd(pre);
        if (!np || np.kind !== 'name' || np.parsed.org || !np.parsed.core) continue;
        const start = sentence.start + Math.max(0, pre.lastIndexOf(np.parsed.core.split(' ')[0]));
        mentions.push({ paragraph: i, start, speaker: rawFromName(np.parsed, np.role, true), speaking: true, subject: true });
      }
    }
  });

  const before = (a: { paragraph: number; start: number }, paragraph: number, offset: number) =>
    a.paragraph < paragraph || (a.paragraph === paragraph && a.start < offset);

  const resolvePronoun = (word: string, paragraph: number, offset: number): RawSpeaker | null => {
    if (word === 'it' || word === 'they') {
      const statement = activeStatement(paragraph, offset);
      return statement ? { core: statement, surface: statement, person: false } : null;
    }
    if (word !== 'he' && word !== 'she') return null;
    const pick = (filter: (m: Mention) => boolean, window: number) => {
      let best: Mention | undefined;
      for (const m of mentions) {
        if (!m.speaker.person || !filter(m) || !before(m, paragraph, offset) || paragraph - m.paragraph > window) continue;
        if (!best || before(best, m.paragraph, m.start)) best = m;
      }
      return best?.speaker;
    };
    return pick((m) => m.speaking || m.subject, 2) ?? pick(() => true, 1) ?? null;
  };

  const speakerFrom = (np: NounPhrase, paragraph: number, offset: number): RawSpeaker | null => {
    if (np.kind === 'pronoun') return resolvePronoun(np.word, paragraph, offset);
    if (np.kind === 'name') {
      const { parsed } = np;
      if (!parsed.core && parsed.role) {
        // "The Secretary said": the person last named with that role.
        const role = fold(parsed.role);
        for (let k = mentions.length - 1; k >= 0; k--) {
          const m = mentions[k];
          if (before(m, paragraph, offset) && m.speaker.role && fold(m.speaker.role).includes(role)) return m.speaker;
        }
        for (const e of personNames.values()) if (e.roles.some((r) => fold(r).includes(role))) return { core: e.name, role: e.roles[0], surface: parsed.surface, person: true };
        return null;
      }
      if (DOCUMENT_NOUNS.test(parsed.core) && !isPersonName(parsed, fullNames)) {
        const statement = activeStatement(paragraph, offset);
        if (statement) return { core: statement, surface: parsed.surface, person: false };
      }
      return rawFromName(parsed, np.role, true);
    }
    const text = np.text.replace(/\s+/g, ' ');
    if (DOCUMENT_NOUNS.test(text)) {
      const statement = activeStatement(paragraph, offset);
      if (statement) return { core: statement, surface: text, person: false };
    }
    return { core: capitalise(text), surface: text, person: false, role: np.role };
  };

  // --- Attribution of quotation marks ------------------------------------------------------
  interface Placed {
    candidate: Candidate;
    raw: RawSpeaker | null;
    sentence: number;
    adjacent: boolean;
  }
  const placed: Placed[] = [];
  const verbAfter = new RegExp(String.raw`^[\s,;:—–\-]*(?:${ADVERB}\s+)?(${VERB})\b[\s,]*(.*)$`, 'su');
  const subjectThenVerb = new RegExp(
    String.raw`^[\s,;:—–\-]*([^,.;:!?█]{1,80}?)(?:,\s*([^,█]{1,80}),)?\s+(?:(?:${ADVERB}|${AUX})\s+)*(${VERB})\b`,
    'su',
  );
  const accordingTo = /according to\s+([^,.;█]{1,80})/iu;
  const introSpeaker = new RegExp(String.raw`^(.*?)\s+(?:${ADVERB}\s+)?(?:${VERB})(?:\s+[\p{Ll}\s]{0,30})?$`, 'su');
  const possessiveNoun = new RegExp(String.raw`(${'[^█]*?'})['’]s\s+(?:[\p{L}\-]+\s+){0,2}?(?:${SPEECH_NOUNS.join('|')})\b`, 'iu');

  const attribute = (c: Candidate): { raw: RawSpeaker | null; adjacent: boolean; sentence: number } => {
    const first = c.segments[0];
    const last = c.segments[c.segments.length - 1];
    const firstSentences = sentencesOf[first.paragraph];
    const si = sentenceIndexAt(firstSentences, c.openMark);
    const sentence = firstSentences[si];
    const lastSentences = sentencesOf[last.paragraph];
    const closeAt = c.closeMark >= 0 ? c.closeMark : last.end - 1;
    const lastSentence = lastSentences[sentenceIndexAt(lastSentences, closeAt)];
    const beforeText = maskedText[first.paragraph].slice(sentence.start, c.openMark);
    const afterText = c.closeMark >= 0 ? maskedText[last.paragraph].slice(c.closeMark + 1, lastSentence.end) : '';
    const afterUntilQuote = afterText.split(MASK)[0];

    // 1. "…," said Smith / "…," Smith said / "…," Smith, the mayor, said
    const inv = verbAfter.exec(afterUntilQuote);
    if (inv && !/ing$/.test(inv[1])) {
      const rest = inv[2];
      const nameRun = NAME_RUN_AT_START.exec(rest)?.[0];
      const np = (nameRun ? wholeNounPhrase(nameRun) : undefined) ?? wholeNounPhrase((/^([^,.;:!?]+)/u.exec(rest) ?? ['', ''])[1]);
      if (np) {
        const afterNp = nameRun ? rest.slice(nameRun.length) : rest.replace(/^[^,.;:!?]+/u, '');
        const appos = (/^\s*,\s*([^,]+?)(?:[,.]|$)/u.exec(afterNp) ?? ['', ''])[1] ?? '';
        if (np.kind === 'np') {
          // "said the mayor, John Doe": the name after the role.
          const inner = appos ? wholeNounPhrase(appos) : undefined;
          if (inner && inner.kind === 'name' && inner.parsed.core) {
            return { raw: speakerFrom({ ...inner, role: np.text }, last.paragraph, c.closeMark), adjacent: true, sentence: si };
          }
        }
        const role = np.kind === 'name' ? roleFromApposition(appos) : undefined;
        const withRole = np.kind === 'name' ? { ...np, role: role ?? np.role } : np;
        return { raw: speakerFrom(withRole, last.paragraph, c.closeMark), adjacent: true, sentence: si };
      }
    }
    const stv = subjectThenVerb.exec(afterUntilQuote);
    if (stv) {
      const np = wholeNounPhrase(stv[1]);
      if (np) {
        const role = stv[2] ? roleFromApposition(stv[2]) : undefined;
        const withRole = np.kind === 'name' || np.kind === 'np' ? { ...np, role: role ?? np.role } : np;
        return { raw: speakerFrom(withRole, last.paragraph, c.closeMark), adjacent: true, sentence: si };
      }
    }

    // 2. according to Smith
    const frame = maskedText[first.paragraph].slice(sentence.start, first.paragraph === last.paragraph ? lastSentence.end : sentence.end);
    const acc = accordingTo.exec(frame);
    if (acc) {
      const who = acc[1].replace(/\s+(?:who|which|that|whose|familiar|speaking|briefed)\b.*$/su, '').trim();
      const np = wholeNounPhrase(who) ?? nounPhraseAtEnd(who);
      if (np) return { raw: speakerFrom(np, first.paragraph, c.openMark), adjacent: false, sentence: si };
    }

    // 3. Smith said (that) … "…" / Smith said: "…" — the last speech verb before the quotation.
    const verbs = [...beforeText.matchAll(VERB_WORD)];
    for (let k = verbs.length - 1; k >= 0; k--) {
      const v = verbs[k];
      const pre = beforeText.slice(0, v.index);
      if (PASSIVE_BEFORE.test(pre)) continue;
      if (/ing$/.test(v[1])) {
        // "Smith rejected it, saying "…"": the subject of the sentence.
        if (!/,\s*$/.test(pre)) continue;
        const subj = sentenceSubject(beforeText);
        if (subj) return { raw: speakerFrom(subj.np, first.paragraph, sentence.start + subj.offset), adjacent: false, sentence: si };
        continue;
      }
      const np = nounPhraseAtEnd(pre);
      if (np) return { raw: speakerFrom(np, first.paragraph, sentence.start + v.index), adjacent: false, sentence: si };
    }

    // 4. Smith's remarks … "…"
    const poss = possessiveNoun.exec(beforeText);
    if (poss) {
      const np = nounPhraseAtEnd(poss[1]);
      if (np && np.kind === 'name') return { raw: speakerFrom(np, first.paragraph, c.openMark), adjacent: false, sentence: si };
    }

    // 5. He gave "…" / Smith called it "…": the sentence's subject, a person.
    const subj = sentenceSubject(beforeText);
    if (subj) {
      if (subj.np.kind === 'pronoun' && (subj.np.word === 'he' || subj.np.word === 'she')) {
        const raw = speakerFrom(subj.np, first.paragraph, sentence.start + subj.offset);
        if (raw) return { raw, adjacent: false, sentence: si };
      }
      if (subj.np.kind === 'name' && isPerson(subj.np.parsed)) {
        return { raw: speakerFrom(subj.np, first.paragraph, sentence.start + subj.offset), adjacent: false, sentence: si };
      }
    }

    // 6. A further quotation of the speaker just quoted: same or next sentence, or the next paragraph.
    const previous = placed[placed.length - 1];
    if (previous && previous.raw && previous.candidate.kind === 'marked') {
      const prevLast = previous.candidate.segments[previous.candidate.segments.length - 1];
      const sameParagraph = prevLast.paragraph === first.paragraph && si - previous.sentence <= 1;
      const opensParagraph = /^\s*$/u.test(maskedText[first.paragraph].slice(0, c.openMark));
      const nextParagraph = prevLast.paragraph === first.paragraph - 1 && opensParagraph && si === 0;
      if (sameParagraph || nextParagraph) return { raw: previous.raw, adjacent: false, sentence: si };
    }

    // 7. Smith said:\n\n"…"
    if (si === 0 && first.paragraph > 0 && /^\s*$/u.test(beforeText) && /:\s*$/u.test(paragraphs[first.paragraph - 1])) {
      const prevText = maskedText[first.paragraph - 1];
      const ps = sentencesOf[first.paragraph - 1];
      const intro = ps[ps.length - 1];
      const introText = prevText.slice(intro.start, intro.end).replace(/:\s*$/u, '');
      const m = introSpeaker.exec(introText);
      if (m) {
        const np = nounPhraseAtEnd(m[1]);
        if (np) return { raw: speakerFrom(np, first.paragraph - 1, intro.start), adjacent: false, sentence: si };
      }
    }
    return { raw: null, adjacent: false, sentence: si };
  };

  marked.sort((a, b) => a.segments[0].paragraph - b.segments[0].paragraph || a.openMark - b.openMark);
  for (const c of marked) {
    const first = c.segments[0];
    const text = c.segments.map((s) => paragraphs[s.paragraph].slice(s.start, s.end)).join(' ');
    const words = wordsOf(text);
    if (words.length === 0) continue;
    const p = paragraphs[first.paragraph];
    const single = c.segments.length === 1 && c.closeMark >= 0;
    // Nicknames between a first name and a surname: Ismael “El Mayo” Zambada García.
    if (
      single &&
      words.length <= 3 &&
      words.every((w) => /^\p{Lu}/u.test(w)) &&
      /^\s+(?:(?:de|del|la|y)\s+)*\p{Lu}/u.test(p.slice(c.closeMark + 1)) &&
      !/[.,!?]\s*$/u.test(text)
    ) {
      continue;
    }
    if (single && isTitleCase(text)) continue;
    const result = attribute(c);
    if (single && words.length <= 2) {
      // Scare quotes ("teams", Trump’s “offer,”) unless a short statement of its own: "No," he said.
      const sentences = sentencesOf[first.paragraph];
      const opensSentence = /^[\s█]*$/u.test(maskedText[first.paragraph].slice(sentences[result.sentence].start, c.openMark));
      if (!(result.adjacent && opensSentence && result.raw)) continue;
    }
    placed.push({ candidate: c, raw: result.raw, sentence: result.sentence, adjacent: result.adjacent });
    if (result.raw && result.raw.person) {
      mentions.push({ paragraph: first.paragraph, start: c.openMark, speaker: result.raw, speaking: true, subject: true });
    }
  }

  // --- Canonical names within the document -------------------------------------------------
  const canonical = (raw: RawSpeaker | null): Speaker | null => {
    if (!raw) return null;
    if (!raw.person) return raw.role ? { name: raw.core, role: raw.role } : { name: raw.core };
    const full = longestMatchingName(raw.core, fullNames) ?? raw.core;
    let role = raw.role;
    if (!role) {
      const entry = personNames.get(foldName(full));
      role = entry?.roles[0];
      if (!role) {
        for (const [core, roles] of roleByCore) if (core && isSuffixName(core, full) && roles.length) { role = roles[0]; break; }
      }
    }
    return role ? { name: full, role: normaliseRole(role) } : { name: full };
  };

  const all: { candidate: Candidate; raw: RawSpeaker | null }[] = [
    ...placed.map((p) => ({ candidate: p.candidate, raw: p.raw })),
    ...candidates.map((c) => ({ candidate: c, raw: c.owner ?? null })),
  ];
  const startOf = (c: Candidate) => (c.openMark >= 0 ? c.openMark : c.segments[0].start);
  all.sort((a, b) => a.candidate.segments[0].paragraph - b.candidate.segments[0].paragraph || startOf(a.candidate) - startOf(b.candidate));

  const quotes: AnalyzedQuote[] = [];
  for (const { candidate: c, raw } of all) {
    const pieces: string[] = [];
    const contexts: string[] = [];
    c.segments.forEach((s, idx) => {
      const p = paragraphs[s.paragraph];
      const text = trimQuoteText(p.slice(s.start, s.end), idx === c.segments.length - 1 && c.kind === 'marked');
      if (text) pieces.push(text);
      if (c.kind === 'marked') {
        const sentences = sentencesOf[s.paragraph];
        const from = idx === 0 ? c.openMark : s.start;
        const to = idx === c.segments.length - 1 && c.closeMark >= 0 ? c.closeMark : s.end - 1;
        const a = sentences[sentenceIndexAt(sentences, Math.max(0, from))];
        const b = sentences[sentenceIndexAt(sentences, Math.max(0, to))];
        contexts.push(p.slice(Math.min(a.start, from), Math.max(b.end, Math.min(p.length, to + 1))));
      } else {
        contexts.push(text);
      }
    });
    if (pieces.length === 0) continue;
    const speaker = canonical(raw);
    quotes.push({
      quotation: {
        id: `${doc.id}#q${quotes.length + 1}`,
        docId: doc.id,
        paragraph: c.segments[0].paragraph + 1,
        text: pieces.join('\n\n'),
        context: contexts.join('\n\n'),
        speaker,
        attributed: speaker !== null,
      },
      raw,
    });
  }

  const nameSurfaces: { core: string; surface: string; role?: string }[] = [];
  for (const { parsed } of allRuns) {
    if (!parsed.core || !isPerson(parsed)) continue;
    nameSurfaces.push({ core: parsed.core, surface: parsed.surface.replace(/['’]s$/u, '').replace(/\.$/u, ''), role: parsed.role });
  }
  for (const q of quotes) if (q.raw) nameSurfaces.push({ core: q.raw.core, surface: q.raw.surface, role: q.raw.role });
  return { docId: doc.id, quotes, persons: [...personNames.values()], nameSurfaces };
}

/** The direct quotations of one document, with speakers named canonically within it. */
export function extractQuotes(doc: CorpusDocument): Quotation[] {
  return analyzeDocument(doc).quotes.map((q) => q.quotation);
}
