/**
 * Scores quotation extraction and attribution against hand-made gold labels: precision and
 * recall of (quotation, speaker) pairs. A predicted quotation matches a gold one of the same
 * document when their words overlap enough (so a boundary off by punctuation still matches);
 * the pair counts as right only if the speaker is right too (or both are unattributed).
 */
import { readFile } from 'node:fs/promises';
import type { CorpusDocument } from '../corpus/types.js';
import { fold } from '../search/fold.js';
import { QuoteBook, sameSpeakerName } from './quote-book.js';
import { isSuffixName } from './names.js';
import type { Quotation } from './types.js';

export interface GoldQuote {
  docId: string;
  /** The quoted words, verbatim (pieces of a multi-paragraph quotation joined with "\n\n"). */
  text: string;
  /** Canonical speaker name, or null for a quotation nobody is named as saying. */
  speaker: string | null;
  note?: string;
}

export interface EvalDetail {
  docId: string;
  status: 'tp' | 'fp' | 'fn' | 'wrong-speaker';
  gold?: { text: string; speaker: string | null };
  predicted?: { id: string; text: string; speaker: string | null };
  overlap?: number;
}

export interface QuoteEvaluation {
  /** Right (quotation, speaker) pairs over all predicted pairs, unattributed ones included. */
  precision: number;
  /** Right pairs over all gold pairs. */
  recall: number;
  /** Of the quotations given a speaker, the share given the right one (a speakerless gold quotation or none counts as wrong). */
  attributedPrecision: number;
  /** Of the gold quotations with a speaker, the share found and given that speaker. */
  attributedRecall: number;
  /** Quotations given a speaker other than the gold one. */
  wrongSpeaker: number;
  tp: number;
  fp: number;
  fn: number;
  details: EvalDetail[];
}

export interface EvaluateOptions {
  /** Score only these documents (default: every document given). */
  docIds?: string[];
}

function tokens(text: string): string[] {
  return fold(text).match(/[a-z0-9]+/g) ?? [];
}

/** Share of common words: over the shorter text and over the longer one. */
export function overlap(a: string, b: string): { short: number; long: number } {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return { short: 0, long: 0 };
  const counts = new Map<string, number>();
  for (const t of ta) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of tb) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common++;
      counts.set(t, c - 1);
    }
  }
  return { short: common / Math.min(ta.length, tb.length), long: common / Math.max(ta.length, tb.length) };
}

function sameSpeaker(gold: string | null, predicted: string | null): boolean {
  if (gold === null || predicted === null) return gold === predicted;
  if (sameSpeakerName(gold, predicted)) return true;
  return isSuffixName(gold, predicted) || isSuffixName(predicted, gold);
}

export function evaluateQuotes(
  documents: CorpusDocument[],
  gold: GoldQuote[],
  options: EvaluateOptions = {},
): QuoteEvaluation {
  const ids = new Set(options.docIds ?? documents.map((d) => d.id));
  const book = QuoteBook.build(documents);
  const predicted = book.all().filter((q) => ids.has(q.docId));
  const goldHere = gold.filter((g) => ids.has(g.docId));
  const details: EvalDetail[] = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const docId of ids) {
    const ps = predicted.filter((q) => q.docId === docId);
    const gs = goldHere.filter((g) => g.docId === docId);
    const pairs: { g: number; p: number; gold: (typeof gs)[number]; found: Quotation; score: number }[] = [];
    gs.forEach((g, gi) =>
      ps.forEach((p, pi) => {
        const o = overlap(g.text, p.text);
        if (o.short >= 0.8 && o.long >= 0.5) pairs.push({ g: gi, p: pi, gold: g, found: p, score: o.short + o.long });
      }),
    );
    pairs.sort((a, b) => b.score - a.score);
    const usedG = new Set<number>();
    const usedP = new Set<number>();
    const show = (q: Quotation) => ({ id: q.id, text: q.text, speaker: q.speaker?.name ?? null });
    for (const pair of pairs) {
      if (usedG.has(pair.g) || usedP.has(pair.p)) continue;
      usedG.add(pair.g);
      usedP.add(pair.p);
      const { gold: g, found: p } = pair;
      const right = sameSpeaker(g.speaker, p.speaker?.name ?? null);
      if (right) tp++;
      else {
        fp++;
        fn++;
      }
      details.push({
        docId,
        status: right ? 'tp' : 'wrong-speaker',
        gold: { text: g.text, speaker: g.speaker },
        predicted: show(p),
        overlap: pair.score / 2,
      });
    }
    gs.forEach((g, gi) => {
      if (usedG.has(gi)) return;
      fn++;
      details.push({ docId, status: 'fn', gold: { text: g.text, speaker: g.speaker } });
    });
    ps.forEach((p, pi) => {
      if (usedP.has(pi)) return;
      fp++;
      details.push({ docId, status: 'fp', predicted: show(p) });
    });
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const attributedRight = details.filter((d) => d.status === 'tp' && d.gold?.speaker).length;
  const attributedPredicted = details.filter((d) => d.predicted?.speaker).length;
  const attributedGold = goldHere.filter((g) => g.speaker).length;
  const wrongSpeaker = details.filter((d) => d.status === 'wrong-speaker' && d.predicted?.speaker).length;
  return {
    precision,
    recall,
    attributedPrecision: attributedPredicted === 0 ? 1 : attributedRight / attributedPredicted,
    attributedRecall: attributedGold === 0 ? 1 : attributedRight / attributedGold,
    wrongSpeaker,
    tp,
    fp,
    fn,
    details,
  };
}

/** A labelled set of documents written for the evaluation (tests/fixtures/quotes-dev.json …). */
export interface QuoteSet {
  note: string;
  documents: CorpusDocument[];
  gold: GoldQuote[];
}

interface QuoteSetFile {
  note: string;
  documents: { id: string; title: string; date: string; language: 'en' | 'es'; paragraphs: string[] }[];
  gold: GoldQuote[];
}

export async function readQuoteSet(file: string): Promise<QuoteSet> {
  const data = JSON.parse(await readFile(file, 'utf8')) as QuoteSetFile;
  const documents = data.documents.map((d): CorpusDocument => ({
    id: d.id,
    file: `${d.id}.md`,
    meta: { title: d.title, date: d.date, language: d.language, partial: false },
    header: [],
    paragraphs: d.paragraphs,
  }));
  return { note: data.note, documents, gold: data.gold };
}

export async function readGold(file: string): Promise<GoldQuote[]> {
  return JSON.parse(await readFile(file, 'utf8')) as GoldQuote[];
}

/** A printable summary of an evaluation. */
export function formatEvaluation(result: QuoteEvaluation): string {
  const lines = [
    `quotes: precision ${result.precision.toFixed(3)}  recall ${result.recall.toFixed(3)}  (tp ${result.tp}, fp ${result.fp}, fn ${result.fn}); ` +
      `attributed: precision ${result.attributedPrecision.toFixed(3)}  recall ${result.attributedRecall.toFixed(3)}  wrong speaker ${result.wrongSpeaker}`,
  ];
  for (const d of result.details) {
    if (d.status === 'tp') continue;
    const g = d.gold ? `gold ${JSON.stringify(d.gold.text.slice(0, 70))} → ${d.gold.speaker ?? 'unattributed'}` : '';
    const p = d.predicted
      ? `got ${JSON.stringify(d.predicted.text.slice(0, 70))} → ${d.predicted.speaker ?? 'unattributed'}`
      : '';
    lines.push(`  ${d.status.padEnd(13)} ${d.docId}: ${[g, p].filter(Boolean).join('; ')}`);
  }
  return lines.join('\n');
}
