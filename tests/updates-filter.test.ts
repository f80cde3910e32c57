import { describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../src/corpus/types.js';
import { Analyzer } from '../src/search/analyze.js';
import { matchesFilter, parseFilter } from '../src/search/filter.js';

const analyzer = new Analyzer([
  ['SIG', 'Security Implementation Group', 'high-level implementation group'],
  ['El Mayo', 'Ismael Zambada García', 'Mayo Zambada'],
  ['AMLO', 'Andrés Manuel López Obrador'],
]);

function doc(id: string, title: string, paragraphs: string[], language: 'en' | 'es' = 'en'): CorpusDocument {
  return {
    id,
    file: `${id}.md`,
    meta: { title, date: '2025-09-20', language, partial: false },
    header: [],
    paragraphs,
  };
}

const en = doc('en1', 'Rubio meets Sheinbaum', [
  'The Security Implementation Group met in Mexico City to review fentanyl seizures.',
  'Officials said arms trafficking across the border remained a priority for both governments.',
]);
const es = doc(
  'es1',
  'Reunión de seguridad',
  ['El Grupo de Implementación revisó los decomisos de fentanilo y el tráfico de armas en la frontera.'],
  'es',
);
const mayo = doc('m1', 'Trial update', ['Ismael Zambada García pleaded guilty in Brooklyn.']);

describe('parseFilter', () => {
  it('splits words and quoted phrases (straight, curly, guillemets)', () => {
    expect(parseFilter('fentanyl "arms trafficking" “border security” «Grupo de Implementación» x')).toEqual([
      { text: 'arms trafficking', phrase: true },
      { text: 'border security', phrase: true },
      { text: 'Grupo de Implementación', phrase: true },
      { text: 'fentanyl', phrase: false },
      { text: 'x', phrase: false },
    ]);
    expect(parseFilter('  ')).toEqual([]);
    expect(parseFilter('unclosed "quote here')).toEqual([
      { text: 'unclosed', phrase: false },
      { text: 'quote', phrase: false },
      { text: 'here', phrase: false },
    ]);
  });
});

describe('matchesFilter', () => {
  it('empty filter matches everything', () => {
    expect(matchesFilter('', en, analyzer)).toBe(true);
    expect(matchesFilter('   ', es, analyzer)).toBe(true);
  });

  it('requires every word, with stemming and case/accent folding', () => {
    expect(matchesFilter('FENTANYL seizure', en, analyzer)).toBe(true);
    expect(matchesFilter('fentanyl tunnels', en, analyzer)).toBe(false);
    expect(matchesFilter('meeting', en, analyzer)).toBe(true); // title "meets" — stems agree
    expect(matchesFilter('fentanilo frontera', es, analyzer)).toBe(true);
    expect(matchesFilter('fentanilo frontéra', es, analyzer)).toBe(true);
    expect(matchesFilter('sheinbaum', en, analyzer)).toBe(true); // title counts
  });

  it('matches phrases only when their words are adjacent', () => {
    expect(matchesFilter('"arms trafficking"', en, analyzer)).toBe(true);
    expect(matchesFilter('"trafficking arms"', en, analyzer)).toBe(false);
    expect(matchesFilter('"fentanyl border"', en, analyzer)).toBe(false);
    expect(matchesFilter('"review fentanyl seizures" border', en, analyzer)).toBe(true);
    expect(matchesFilter('"tráfico de armas"', es, analyzer)).toBe(true); // stop word inside
  });

  it('uses aliases like search does', () => {
    expect(matchesFilter('SIG', en, analyzer)).toBe(true);
    expect(matchesFilter('"El Mayo"', mayo, analyzer)).toBe(true);
    expect(matchesFilter('"El Mayo"', en, analyzer)).toBe(false);
    expect(matchesFilter('AMLO', en, analyzer)).toBe(false);
  });
});
