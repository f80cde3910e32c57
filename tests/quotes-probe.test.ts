import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../src/quotes/extract.js';
import { expectVerbatim, makeDoc, scoreQuoteFixture } from './quotes-helpers.js';

/**
 * Quotations on text written by a tester who did not write the rules (tests/fixtures/quotes-probe.json
 * and the sentences below): a speaker carried over from an earlier quotation must never be given
 * to words that someone else is said to have spoken.
 */

function speakersOf(paragraphs: string[], language: 'en' | 'es' = 'en'): (string | null)[] {
  const doc = makeDoc(paragraphs, { language });
  const quotes = extractQuotes(doc);
  expectVerbatim(doc, quotes);
  return quotes.map((q) => q.speaker?.name ?? null);
}

const GUILLOT = '"There will be no combat troops," Gen. Gregory Guillot told the committee.';

describe('carry-over never overrides someone else speaking', () => {
  it('a quotation its own sentence gives to a person of a named body', () => {
    expect(speakersOf([GUILLOT, '"It is a fair deal," Vanda Felbab-Brown of the Brookings Institution said.'])).toEqual(
      ['Gregory Guillot', 'Vanda Felbab-Brown'],
    );
    expect(speakersOf([GUILLOT, '"It is a fair deal," said Mark Smith of the Brookings Institution.'])).toEqual([
      'Gregory Guillot',
      'Mark Smith',
    ]);
  });

  it('a speaker the rules cannot read in the sentence: nobody, not the previous speaker', () => {
    expect(
      speakersOf([GUILLOT, '"Trade will grow," economist Valeria Moy of the IMCO think tank told Reuters.']),
    ).toEqual(['Gregory Guillot', null]);
    expect(speakersOf([GUILLOT, '"We will see," one diplomat told us.'])).toEqual(['Gregory Guillot', null]);
  });

  it('a person introducing the quotation with a colon', () => {
    expect(speakersOf(['"Mexico is sovereign," said Sheinbaum. Ebrard agreed: "We set the terms."'])).toEqual([
      'Sheinbaum',
      null,
    ]);
  });

  it("a paragraph whose next quotation names its speaker: both quotations are that speaker's", () => {
    expect(speakersOf([GUILLOT, '"Nobody wanted this." "We had no choice," said Senator Ted Cruz.'])).toEqual([
      'Gregory Guillot',
      'Ted Cruz',
      'Ted Cruz',
    ]);
  });

  it('still carries over when nobody else is named', () => {
    expect(speakersOf([GUILLOT, '"Not one soldier."'])).toEqual(['Gregory Guillot', 'Gregory Guillot']);
    expect(speakersOf([`${GUILLOT} "Not one soldier will go."`])).toEqual(['Gregory Guillot', 'Gregory Guillot']);
  });
});

describe('who speaks in a clause of its own', () => {
  const OPENING = 'President Claudia Sheinbaum spoke on Monday. Secretary of State Marco Rubio spoke on Tuesday.';
  it('"X thanked Y, who said "…"": Y, not the subject X', () => {
    expect(speakersOf([OPENING, 'Rubio thanked Sheinbaum, who said "cooperation is the only way."'])).toEqual([
      'Claudia Sheinbaum',
    ]);
    expect(
      speakersOf([OPENING, 'Rubio met the envoy at the embassy, who said "cooperation is the only way."']),
    ).toEqual([null]);
  });

  it('"said Mr. X\'s lawyer, Y": the lawyer, never X', () => {
    expect(speakersOf(['"We will appeal the ruling," said Mr. Guzmán\'s lawyer, Jeffrey Lichtman.'])).toEqual([
      'Jeffrey Lichtman',
    ]);
    expect(speakersOf(['Joaquín Guzmán was sentenced.', '"We appeal," said Guzmán\'s lawyer.'])).not.toContain(
      'Joaquín Guzmán',
    );
  });

  it('a name after the quotation in its own sentence stops carry-over', () => {
    expect(
      speakersOf(['"No comment," said the White House.', '"This changes everything" — that was how Ebrard put it.']),
    ).toEqual(['White House', null]);
  });

  it('"the letter" is not the readout named before it', () => {
    expect(
      speakersOf([
        '"Mexico is a partner," Rubio told Sheinbaum, according to a readout.',
        'The letter, signed by Senator Tim Kaine and Senator Bill Cassidy, warned that "oversight is lacking."',
      ]),
    ).toEqual(['Rubio', 'Letter']);
  });
});

describe('Spanish role after the verb', () => {
  it('«…», dijo la mandataria en su conferencia → the president named before', () => {
    expect(
      speakersOf(
        [
          'La presidenta Claudia Sheinbaum habló este martes del acuerdo.',
          '«No hay subordinación», dijo la mandataria en su conferencia matutina.',
        ],
        'es',
      ),
    ).toEqual(['Claudia Sheinbaum']);
  });
});

describe('probe set (never tuned on)', () => {
  it('no quotation given to the wrong person', async () => {
    const result = await scoreQuoteFixture('quotes-probe.json');
    expect(result.wrongSpeaker).toBe(0);
    expect(result.attributedPrecision).toBe(1);
    expect(result.attributedRecall).toBeGreaterThanOrEqual(0.96); // 29 of 30 today (0.967)
  });
});
