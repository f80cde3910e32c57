import type { DocumentAnalysis } from './extract.js';
import { foldName, nameKey, nameSuffixKeys, nameTokens, type NameKey } from './names.js';
import type { Quotation, Speaker } from './types.js';

/**
 * Speaker naming across the corpus, kept up to date one document at a time.
 *
 * What it computes is a function of every document's analysis (see `QuoteBook`): a short name
 * resolves to the one full name the corpus knows it as, unless a role written with it says
 * otherwise; each speaker is named by its first quotation, carries its commonest role, and
 * every way the corpus writes it. The parts that depend on the whole corpus are counted, so a
 * document adds or removes its own counts; only names whose resolution a change can alter (by
 * their keys) are resolved again, and only the documents using a name whose resolution did
 * change are re-applied. "First seen" is decided by order keys (document order, then position),
 * never by which document happened to arrive first, so the result equals naming from scratch.
 */

/** A speaker as the book shows it. */
export interface NamedEntry {
  speaker: Speaker;
  key: string;
  person: boolean;
  /** Folded variant → as written, first seen first. */
  variants: Map<string, string>;
  /** The canonical name and every variant, as keys. */
  keys: NameKey[];
  /** Quotations attributed to it. */
  count: number;
  /** Where its first quotation is (document order): speakers with equal rank keep this order. */
  order: number;
}

interface DocState {
  id: string;
  /** Document order: the order the book was given its documents (a replacement keeps its place). */
  seq: number;
  analysis: DocumentAnalysis;
  applied: boolean;
  /** Entry key of each quotation (by index in `analysis.quotes`), or undefined when unattributed. */
  quoteEntries: (string | undefined)[];
  /** Entry key each name surface adds to (by index in `analysis.nameSurfaces`). */
  surfaceEntries: string[];
  /** Quotation indexes in book order (paragraph, then number). */
  quoteOrder: number[];
  /** The quotations as the book shows them; undefined until (re)made. */
  shown?: Quotation[];
}

/**
 * What one document gives one speaker: its first quotation's name, its roles and its variants,
 * each with an order key (see `apply`), so naming a speaker merges shares instead of reading
 * every document again.
 */
interface Share {
  first?: { name: string; order: number };
  /** Role, how often, order key. */
  roles?: [string, number, number][];
  /** Folded variant, as written, order key. */
  variants?: [string, string, number][];
  /**
   * True once the document's name surfaces are counted in. They are counted only when the
   * entry is first named: most entries (places, outlets) have no quotation and never are,
   * and a document's surfaces are 85% of what it contributes.
   */
  surfaces: boolean;
}

/** The share of a document that only names the entry in passing, until the entry is named. */
const MENTION_ONLY: Share = Object.freeze({ surfaces: false });

interface EntryState {
  key: string;
  person: boolean;
  /** Each contributing document's share, by `seq`. */
  docs: Map<number, Share>;
  /** Quotations attributed to it; the entry is a speaker only while this is above 0. */
  quotes: number;
  named?: NamedEntry;
}

/** One short name (with the role written beside it) resolved to its canonical name. */
interface Resolution {
  name: string;
  role: string | undefined;
  /** Key of the full name the short name resolved to, before the role check. */
  resolvedKey: string;
  canonical: string;
  /** The entry key of a person of that canonical name (`p:` and the folded name), kept with it. */
  personKey: string;
  /** Documents using it. */
  users: Set<string>;
}

/** A full name: how often persons bear it, and its spelling per document (the first document's wins). */
interface FullName {
  count: number;
  length: number;
  spellings: Map<number, string>;
  chosen?: { seq: number; name: string };
}

const PASS_SURFACES = 2e15;
const PER_DOC = 1e6;
/** Documents' worth of work between yields in `settle` (a few milliseconds). */
const SLICE_DOCS = 200;

export class SpeakerNaming {
  private readonly docs = new Map<string, DocState>();
  private readonly bySeq = new Map<number, DocState>();
  private readonly entries = new Map<string, EntryState>();
  private readonly dirtyEntries = new Set<EntryState>();
  /** Suffix key → full-name keys ending with it. */
  private readonly bySuffix = new Map<string, Set<string>>();
  private readonly fullNames = new Map<string, FullName>();
  /** Full-name key → role word → how many person mentions give it. */
  private readonly roleWords = new Map<string, Map<string, number>>();
  private readonly resolutions = new Map<string, Resolution>();
  private readonly resolutionsByShort = new Map<string, Set<string>>();
  private readonly resolutionsByFull = new Map<string, Set<string>>();
  /** Documents with quotations, newest first (date, then id). */
  private ranked: DocState[] = [];
  private shownDirty = true;
  private speakersDirty = true;
  private quotesCache: Quotation[] = [];
  private speakersCache: NamedEntry[] = [];
  private readonly entryOfQuote = new Map<string, string>();

  /** True while some speaker's naming is out of date (see `settle`). */
  get dirty(): boolean {
    return this.dirtyEntries.size > 0;
  }

  /**
   * Adds (or replaces) documents: their full names are counted first, then the names of the
   * corpus whose resolution they may change are resolved again, then the documents are applied.
   * Yields after each document so a caller can spread a large batch over event-loop turns.
   */
  *change(adds: { analysis: DocumentAnalysis; seq: number }[], removes: string[]): Generator<void> {
    const touchedShort = new Set<string>();
    const touchedFull = new Set<string>();
    const toApply = new Map<string, DocState>();
    for (const id of removes) {
      const doc = this.docs.get(id);
      if (!doc) continue;
      this.retract(doc);
      this.unregister(doc, touchedShort, touchedFull);
      this.docs.delete(id);
      this.bySeq.delete(doc.seq);
      this.unrank(doc);
      toApply.delete(id);
      yield;
    }
    for (const { analysis, seq } of adds) {
      const old = this.docs.get(analysis.docId);
      if (old) {
        this.retract(old);
        this.unregister(old, touchedShort, touchedFull);
        this.bySeq.delete(old.seq);
        this.unrank(old);
      }
      const doc = newDoc(analysis, seq);
      this.docs.set(doc.id, doc);
      this.bySeq.set(seq, doc);
      this.register(doc, touchedShort, touchedFull);
      this.rank(doc);
      toApply.set(doc.id, doc);
      yield;
    }
    for (const doc of this.resolveAgain(touchedShort, touchedFull)) {
      if (doc.applied) {
        this.retract(doc);
        toApply.set(doc.id, doc);
        yield;
      }
    }
    for (const doc of toApply.values()) {
      if (this.docs.get(doc.id) !== doc) continue;
      this.apply(doc);
      yield;
    }
  }

  /**
   * Names every changed speaker again, then makes the quotations as the book shows them; yields
   * every few hundred documents' worth of work, for the same reason as `change`.
   */
  *settle(): Generator<void> {
    for (const entry of [...this.dirtyEntries]) {
      this.dirtyEntries.delete(entry);
      const before = entry.named;
      if (entry.quotes > 0) {
        // Counting a popular speaker's name surfaces in for the first time reads thousands of documents.
        let done = 0;
        for (const [seq, share] of entry.docs) {
          if (share.surfaces) continue;
          this.addSurfaces(entry, seq, share);
          if (++done % SLICE_DOCS === 0) yield;
        }
      }
      entry.named = entry.quotes > 0 ? this.name(entry) : undefined;
      this.speakersDirty = true;
      if (!sameSpeaker(before, entry.named)) {
        for (const seq of entry.docs.keys()) {
          const doc = this.bySeq.get(seq);
          if (doc) doc.shown = undefined;
        }
        this.shownDirty = true;
      }
      yield;
    }
    let made = 0;
    for (const doc of this.ranked) {
      if (doc.shown) continue;
      this.shownOf(doc);
      if (++made % SLICE_DOCS === 0) yield;
    }
  }

  /** Every quotation, newest document first, then in document order. */
  quotations(): Quotation[] {
    if (this.shownDirty) {
      const out: Quotation[] = [];
      for (const doc of this.ranked) for (const q of this.shownOf(doc)) out.push(q);
      this.quotesCache = out;
      this.shownDirty = false;
    }
    return this.quotesCache;
  }

  /** Every speaker with at least one quotation, in the order their first quotation appears. */
  speakerEntries(): NamedEntry[] {
    if (this.speakersDirty) {
      const named: NamedEntry[] = [];
      for (const entry of this.entries.values()) if (entry.named) named.push(entry.named);
      this.speakersCache = named.sort((a, b) => a.order - b.order);
      this.speakersDirty = false;
    }
    return this.speakersCache;
  }

  /** The entry key a quotation is attributed to. */
  entryKeyOf(quoteId: string): string | undefined {
    return this.entryOfQuote.get(quoteId);
  }

  // ------------------------------------------------------------------------------------------

  private register(doc: DocState, touchedShort: Set<string>, touchedFull: Set<string>): void {
    for (const p of doc.analysis.persons) {
      const k = nameKey(p.name);
      if (k.tokens.length > 0) {
        let full = this.fullNames.get(k.key);
        if (!full) {
          full = { count: 0, length: k.tokens.length, spellings: new Map() };
          this.fullNames.set(k.key, full);
          for (const suffix of nameSuffixKeys(k)) {
            addTo(this.bySuffix, suffix, k.key);
            touchedShort.add(suffix);
          }
        }
        full.count++;
        if (!full.spellings.has(doc.seq)) {
          full.spellings.set(doc.seq, p.name);
          if (!full.chosen || doc.seq < full.chosen.seq) {
            full.chosen = { seq: doc.seq, name: p.name };
            touchedFull.add(k.key);
          }
        }
      }
      let words = this.roleWords.get(k.key);
      if (!words) this.roleWords.set(k.key, (words = new Map<string, number>()));
      for (const r of p.roles)
        for (const w of nameKey(r).tokens) {
          if (w.length <= 2) continue;
          const n = words.get(w) ?? 0;
          words.set(w, n + 1);
          if (n === 0) touchedFull.add(k.key);
        }
    }
  }

  private unregister(doc: DocState, touchedShort: Set<string>, touchedFull: Set<string>): void {
    for (const p of doc.analysis.persons) {
      const k = nameKey(p.name);
      const full = this.fullNames.get(k.key);
      if (full) {
        full.spellings.delete(doc.seq);
        if (--full.count <= 0) {
          this.fullNames.delete(k.key);
          for (const suffix of nameSuffixKeys(k)) {
            removeFrom(this.bySuffix, suffix, k.key);
            touchedShort.add(suffix);
          }
          touchedFull.add(k.key);
        } else if (full.chosen?.seq === doc.seq) {
          full.chosen = undefined;
          for (const [seq, name] of full.spellings)
            if (!full.chosen || seq < full.chosen.seq) full.chosen = { seq, name };
          touchedFull.add(k.key);
        }
      }
      const words = this.roleWords.get(k.key);
      if (!words) continue;
      for (const r of p.roles)
        for (const w of nameKey(r).tokens) {
          if (w.length <= 2) continue;
          const n = (words.get(w) ?? 0) - 1;
          if (n > 0) words.set(w, n);
          else {
            words.delete(w);
            touchedFull.add(k.key);
          }
        }
      if (words.size === 0 && !this.fullNames.has(k.key)) this.roleWords.delete(k.key);
    }
  }

  /** The full name a short one stands for (see `NameIndex.resolve`), spelt as the corpus first spells it. */
  private resolveFull(short: string): string | undefined {
    const keys = this.bySuffix.get(nameKey(short).key);
    if (!keys || keys.size === 0) return undefined;
    let best: { key: string; length: number } | undefined;
    for (const key of keys) {
      const length = this.fullNames.get(key)?.length ?? 0;
      if (!best || length > best.length) best = { key, length };
    }
    for (const key of keys) if (best!.key !== key && !best!.key.endsWith(` ${key}`)) return undefined;
    return this.fullNames.get(best!.key)?.chosen?.name;
  }

  /** A person's canonical name, with the resolution's key inputs (see `resolveAgain`). */
  private canonical(name: string, role: string | undefined): { resolvedKey: string; canonical: string } {
    const full = this.resolveFull(name) ?? name;
    const resolvedKey = nameKey(full).key;
    const known = this.roleWords.get(resolvedKey);
    // "President Biden" is not "Jill Biden": a role the full name is never written with refuses the link.
    const refused = full !== name && role && known && known.size > 0 && !nameKey(role).tokens.some((w) => known.has(w));
    return { resolvedKey, canonical: refused ? name : full };
  }

  /** Looks a name up for a document, remembering that the document used it. */
  private use(doc: DocState, name: string, role: string | undefined): Resolution {
    const memo = `${name}|${role ?? ''}`;
    let r = this.resolutions.get(memo);
    if (!r) {
      const resolved = this.canonical(name, role);
      r = { name, role, ...resolved, personKey: `p:${foldName(resolved.canonical)}`, users: new Set() };
      this.resolutions.set(memo, r);
      addTo(this.resolutionsByShort, nameKey(name).key, memo);
      addTo(this.resolutionsByFull, r.resolvedKey, memo);
    }
    r.users.add(doc.id);
    return r;
  }

  /** Resolves again the names a change of full names or roles can alter; the documents whose names changed. */
  private resolveAgain(touchedShort: Set<string>, touchedFull: Set<string>): Set<DocState> {
    const memos = new Set<string>();
    for (const key of touchedShort) for (const m of this.resolutionsByShort.get(key) ?? []) memos.add(m);
    for (const key of touchedFull) for (const m of this.resolutionsByFull.get(key) ?? []) memos.add(m);
    const changed = new Set<DocState>();
    for (const memo of memos) {
      const r = this.resolutions.get(memo);
      if (!r) continue;
      const next = this.canonical(r.name, r.role);
      if (next.resolvedKey !== r.resolvedKey) {
        removeFrom(this.resolutionsByFull, r.resolvedKey, memo);
        addTo(this.resolutionsByFull, next.resolvedKey, memo);
        r.resolvedKey = next.resolvedKey;
      }
      if (next.canonical === r.canonical) continue;
      r.canonical = next.canonical;
      r.personKey = `p:${foldName(next.canonical)}`;
      for (const id of r.users) {
        const doc = this.docs.get(id);
        if (doc) changed.add(doc);
      }
    }
    return changed;
  }

  /**
   * Attributes a document's quotations and name surfaces to entries by the current resolutions.
   * Order keys put every quotation (document order, then position) before every name surface,
   * as naming from scratch visits them.
   */
  private apply(doc: DocState): void {
    const { quotes, nameSurfaces } = doc.analysis;
    const base = doc.seq * PER_DOC;
    quotes.forEach(({ quotation, raw }, i) => {
      if (!quotation.speaker || !raw) return;
      const person = raw.person ? this.use(doc, quotation.speaker.name, quotation.speaker.role) : undefined;
      const name = person?.canonical ?? quotation.speaker.name;
      const entry = this.entryOf(person?.personKey ?? `b:${foldName(name)}`, raw.person);
      let share = entry.docs.get(doc.seq);
      if (!share || share === MENTION_ONLY) entry.docs.set(doc.seq, (share = { surfaces: false }));
      const order = base + i * 2;
      entry.quotes++;
      share.first ??= { name, order };
      addRole(share, quotation.speaker.role, order);
      addVariant(share, quotation.speaker.name, order);
      addVariant(share, raw.surface, order + 1);
      doc.quoteEntries[i] = entry.key;
      this.entryOfQuote.set(quotation.id, entry.key);
    });
    nameSurfaces.forEach(({ core }, j) => {
      const entry = this.entryOf(this.use(doc, core, undefined).personKey, true);
      if (!entry.docs.has(doc.seq)) entry.docs.set(doc.seq, MENTION_ONLY);
      doc.surfaceEntries[j] = entry.key;
    });
    doc.applied = true;
    doc.shown = undefined;
    this.shownDirty = true;
  }

  private entryOf(key: string, person: boolean): EntryState {
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { key, person, docs: new Map(), quotes: 0 }));
    this.dirtyEntries.add(entry);
    return entry;
  }

  /** Counts a document's name surfaces into its share of an entry (see `Share.surfaces`). */
  private addSurfaces(entry: EntryState, seq: number, share: Share): Share {
    const doc = this.bySeq.get(seq);
    const filled: Share = share === MENTION_ONLY ? { surfaces: true } : share;
    filled.surfaces = true;
    if (filled !== share) entry.docs.set(seq, filled);
    if (!doc) return filled;
    const base = PASS_SURFACES + seq * PER_DOC;
    doc.analysis.nameSurfaces.forEach(({ core, surface, role }, j) => {
      if (doc.surfaceEntries[j] !== entry.key) return;
      const order = base + j * 2;
      addVariant(filled, surface, order);
      addVariant(filled, core, order + 1);
      if (nameTokens(surface).length > nameTokens(core).length) addRole(filled, role, order);
    });
    return filled;
  }

  /** Takes a document's contributions back out (its registration of full names stays). */
  private retract(doc: DocState): void {
    if (!doc.applied) return;
    const keys = new Set<string>(doc.surfaceEntries);
    doc.analysis.quotes.forEach(({ quotation, raw }, i) => {
      const key = doc.quoteEntries[i];
      const entry = key === undefined ? undefined : this.entries.get(key);
      if (key !== undefined) keys.add(key);
      if (entry) entry.quotes--;
      this.entryOfQuote.delete(quotation.id);
      if (quotation.speaker && raw?.person)
        this.release(doc, `${quotation.speaker.name}|${quotation.speaker.role ?? ''}`);
    });
    for (const { core } of doc.analysis.nameSurfaces) this.release(doc, `${core}|`);
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      entry.docs.delete(doc.seq);
      this.dirtyEntries.add(entry);
      if (entry.docs.size === 0) {
        this.entries.delete(key);
        if (entry.named) this.speakersDirty = true;
        entry.named = undefined;
      }
    }
    doc.quoteEntries = [];
    doc.surfaceEntries = [];
    doc.applied = false;
    doc.shown = undefined;
    this.shownDirty = true;
  }

  /** A document no longer uses a name lookup; the lookup goes when no document does. */
  private release(doc: DocState, memo: string): void {
    const r = this.resolutions.get(memo);
    if (!r) return;
    r.users.delete(doc.id);
    if (r.users.size > 0) return;
    this.resolutions.delete(memo);
    removeFrom(this.resolutionsByShort, nameKey(r.name).key, memo);
    removeFrom(this.resolutionsByFull, r.resolvedKey, memo);
  }

  /** Names one speaker from every document's share in it, as naming from scratch would. */
  private name(entry: EntryState): NamedEntry {
    let first: { name: string; order: number } | undefined;
    const roles = new Map<string, { n: number; order: number }>();
    const variants = new Map<string, { text: string; order: number }>();
    for (const [seq, counted] of entry.docs) {
      const share = counted.surfaces ? counted : this.addSurfaces(entry, seq, counted);
      if (share.first && (!first || share.first.order < first.order)) first = share.first;
      for (const [role, n, order] of share.roles ?? []) {
        const seen = roles.get(role);
        if (!seen) roles.set(role, { n, order });
        else {
          seen.n += n;
          seen.order = Math.min(seen.order, order);
        }
      }
      for (const [key, text, order] of share.variants ?? []) {
        const seen = variants.get(key);
        if (!seen || order < seen.order) variants.set(key, { text, order });
      }
    }
    const role = [...roles].sort(
      ([xRole, x], [yRole, y]) => y.n - x.n || yRole.length - xRole.length || x.order - y.order,
    )[0]?.[0];
    const name = first?.name ?? '';
    const speaker: Speaker = role !== undefined ? { name, role } : { name };
    const ordered = [...variants].sort(([, x], [, y]) => x.order - y.order);
    const variantMap = new Map(ordered.map(([key, v]) => [key, v.text]));
    return {
      speaker,
      key: entry.key,
      person: entry.person,
      variants: variantMap,
      keys: [name, ...variantMap.values()].map(nameKey),
      count: entry.quotes,
      order: first?.order ?? 0,
    };
  }

  private shownOf(doc: DocState): Quotation[] {
    if (!doc.shown) {
      doc.shown = doc.quoteOrder.map((i) => {
        const { quotation } = doc.analysis.quotes[i]!;
        const key = doc.quoteEntries[i];
        const entry = key === undefined ? undefined : this.entries.get(key)?.named;
        return { ...quotation, speaker: entry ? { ...entry.speaker } : null, attributed: entry !== undefined };
      });
    }
    return doc.shown;
  }

  private rank(doc: DocState): void {
    if (doc.analysis.quotes.length === 0) return;
    let low = 0;
    let high = this.ranked.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (byNewest(this.ranked[mid]!, doc) < 0) low = mid + 1;
      else high = mid;
    }
    this.ranked.splice(low, 0, doc);
    this.shownDirty = true;
  }

  private unrank(doc: DocState): void {
    const at = this.ranked.indexOf(doc);
    if (at >= 0) this.ranked.splice(at, 1);
    this.shownDirty = true;
  }
}

function addRole(share: Share, role: string | undefined, order: number): void {
  if (!role) return;
  share.roles ??= [];
  const seen = share.roles.find((r) => r[0] === role);
  if (seen) seen[1]++;
  else share.roles.push([role, 1, order]);
}

/** The first spelling of each folded variant wins (a share sees its document in order). */
function addVariant(share: Share, variant: string, order: number): void {
  const clean = variant.trim();
  if (!clean) return;
  const key = foldName(clean);
  share.variants ??= [];
  if (!share.variants.some((v) => v[0] === key)) share.variants.push([key, clean, order]);
}

function newDoc(analysis: DocumentAnalysis, seq: number): DocState {
  const quoteOrder = analysis.quotes.map((_, i) => i);
  const number = (i: number) => quoteNumber(analysis.quotes[i]!.quotation.id);
  const paragraph = (i: number) => analysis.quotes[i]!.quotation.paragraph;
  quoteOrder.sort((x, y) => paragraph(x) - paragraph(y) || number(x) - number(y));
  return {
    id: analysis.docId,
    seq,
    analysis,
    applied: false,
    quoteEntries: [],
    surfaceEntries: [],
    quoteOrder,
  };
}

/** Newest document first, then by id. */
function byNewest(x: DocState, y: DocState): number {
  return y.analysis.date.localeCompare(x.analysis.date) || x.id.localeCompare(y.id);
}

function quoteNumber(id: string): number {
  return Number(/#q(\d+)$/.exec(id)?.[1] ?? 0);
}

function sameSpeaker(a: NamedEntry | undefined, b: NamedEntry | undefined): boolean {
  return a?.speaker.name === b?.speaker.name && a?.speaker.role === b?.speaker.role && !a === !b;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
