import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../src/quotes/extract.js';
import { makeDoc } from './quotes-helpers.js';
import { at } from './helpers/at.js';

/**
 * Generated news paragraphs: quotation position × speech verb × title × name × pronoun and
 * gender × apposition × carry-over. Every quotation must get its speaker or none — never
 * another person — and a speaker named in the quotation's own sentence must always be found.
 */

const WOMEN = ['Kristi', 'Amy', 'Lucia', 'Claudia', 'Gabriela', 'Mariana', 'Rachel', 'Susan'];
const MEN = ['Mark', 'Peter', 'Marcelo', 'Omar', 'Daniel', 'Luis', 'Robert', 'Thomas'];
const SURNAMES = [
  'Ellison',
  'Walsh',
  'Romero',
  'Ortega',
  'Brennan',
  'Castillo',
  'Navarro',
  'Fischer',
  'Alvarez',
  'Hughes',
];
const TITLES = [
  '',
  'Deputy Secretary',
  'ICE Director',
  'U.S. Consul General',
  'Treasury official',
  'customs inspector',
  'Senator',
  'Governor',
];
const VERB_FIRST = ['said', 'added', 'warned', 'noted', 'explained'];
const NAME_FIRST = ['said', 'told reporters', 'added', 'stressed', 'warned', 'told journalists after the briefing'];
const ROLES = ['a senior analyst at the Wilson Center', 'the agency’s chief of staff', 'a former customs official'];

interface Person {
  first: string;
  last: string;
  female: boolean;
  title: string;
}
const full = (p: Person) => `${p.first} ${p.last}`;
const titled = (p: Person) => (p.title ? `${p.title} ${full(p)}` : full(p));
/** The same, opening a sentence. */
const Titled = (p: Person) => titled(p).charAt(0).toUpperCase() + titled(p).slice(1);

const person = (female: boolean) =>
  fc
    .record({
      first: fc.constantFrom(...(female ? WOMEN : MEN)),
      last: fc.constantFrom(...SURNAMES),
      title: fc.constantFrom(...TITLES),
    })
    .map((p): Person => ({ ...p, female }));

/** Two people of different surnames and first names. */
const twoPeople = fc
  .tuple(fc.boolean(), fc.boolean())
  .chain(([fa, fb]) => fc.tuple(person(fa), person(fb)))
  .filter(([a, b]) => a.last !== b.last && a.first !== b.first);

let n = 0;
const quote = () => `Plan number ${++n} will hold up under pressure`;

type Case = { paragraphs: string[]; expected: { text: string; speaker: string | null; mustAttribute: boolean }[] };

/** One quotation whose speaker is named in its own sentence. */
function ownSentence(
  p: Person,
  form: number,
  verbIndex: number,
  roleIndex: number,
): { paragraph: string; text: string } {
  const q = quote();
  const v1 = VERB_FIRST[verbIndex % VERB_FIRST.length];
  const v2 = NAME_FIRST[verbIndex % NAME_FIRST.length];
  const role = ROLES[roleIndex % ROLES.length];
  const forms = [
    `"${q}," ${v1} ${titled(p)}.`,
    `"${q}," ${titled(p)} ${v2}.`,
    `${Titled(p)} ${v1} that "${q.toLowerCase()}."`,
    `${full(p)}, ${role}, ${v1} that "${q.toLowerCase()}."`,
    `Mexico's chief negotiator, ${full(p)}, ${v1} that "${q.toLowerCase()}."`,
    `According to ${full(p)}, the plan "${q.toLowerCase()}."`,
    `"${q}," ${v1} ${full(p)}, ${role}.`,
  ];
  const text = at(forms, form % forms.length);
  return { paragraph: text, text: q };
}

const ownSentenceCase = fc
  .record({ people: twoPeople, form: fc.nat(6), verb: fc.nat(5), role: fc.nat(2), earlierFirst: fc.boolean() })
  .map(({ people: [a, b], form, verb, role, earlierFirst }): Case => {
    // An earlier paragraph quotes somebody else: carry-over must not win over the explicit speaker.
    const earlier = ownSentence(b, 0, verb + 1, role);
    const mine = ownSentence(a, form, verb, role);
    const paragraphs = earlierFirst ? [earlier.paragraph, mine.paragraph] : [mine.paragraph];
    const expected = [{ text: mine.text, speaker: full(a), mustAttribute: true }];
    if (earlierFirst) expected.unshift({ text: earlier.text, speaker: full(b), mustAttribute: true });
    return { paragraphs, expected };
  });

const pronounCase = fc
  .record({ people: twoPeople, verb: fc.nat(5), otherFirst: fc.boolean() })
  .filter(({ people: [a, b] }) => a.female !== b.female)
  .map(({ people: [a, b], verb, otherFirst }): Case => {
    const q1 = quote();
    const q2 = quote();
    const pronoun = a.female ? 'she' : 'he';
    const v = NAME_FIRST[verb % NAME_FIRST.length];
    // The other person is quoted (or named) too; the pronoun's gender decides.
    const intro = otherFirst
      ? `"${q1}," said ${titled(b)}. ${Titled(a)} arrived in Washington on Monday.`
      : `${Titled(a)} met ${titled(b)} in Washington on Monday. "${q1}," said ${full(b)}.`;
    return {
      paragraphs: [intro, `"${q2}," ${pronoun} ${v}.`],
      expected: [
        { text: q1, speaker: full(b), mustAttribute: true },
        { text: q2, speaker: full(a), mustAttribute: false },
      ],
    };
  });

const carryOverCase = fc
  .record({ people: twoPeople, explicitSecond: fc.boolean(), verb: fc.nat(5), surnameOnly: fc.boolean() })
  .map(({ people: [a, b], explicitSecond, verb, surnameOnly }): Case => {
    const q1 = quote();
    const q2 = quote();
    const q3 = quote();
    const v = VERB_FIRST[verb % VERB_FIRST.length];
    const second = explicitSecond ? `"${q2}," ${v} ${surnameOnly ? b.last : titled(b)}.` : `"${q2}"`;
    const paragraphs = [`${Titled(b)} was also in the room.`, `"${q1}," ${v} ${titled(a)}.`, second, `"${q3}"`];
    const secondSpeaker = explicitSecond ? full(b) : full(a);
    return {
      paragraphs,
      expected: [
        { text: q1, speaker: full(a), mustAttribute: true },
        { text: q2, speaker: secondSpeaker, mustAttribute: explicitSecond },
        { text: q3, speaker: secondSpeaker, mustAttribute: false },
      ],
    };
  });

const nobodyCase = fc.record({ people: twoPeople }).map(({ people: [a] }): Case => {
  const q = quote();
  return {
    paragraphs: [
      `${Titled(a)} left the meeting early.`,
      `The plan was described as "${q.toLowerCase()}" in documents seen by reporters.`,
    ],
    expected: [{ text: q.toLowerCase(), speaker: null, mustAttribute: false }],
  };
});

const BODIES = [
  'Treasury Department',
  'Commerce Department',
  'Tax Administration Service',
  'Mexican Embassy',
  'National Customs Agency',
];

const bodyCase = fc
  .record({ people: twoPeople, body: fc.constantFrom(...BODIES), form: fc.nat(2), verb: fc.nat(4) })
  .map(({ people: [a], body, form, verb }): Case => {
    const q1 = quote();
    const q2 = quote();
    const v = VERB_FIRST[verb % VERB_FIRST.length];
    const first = at(
      [
        `The ${body} called the expansion "${q1.toLowerCase()}."`,
        `"${q1}," the ${body} ${v} in a statement.`,
        `In a statement, the ${body} ${v} that "${q1.toLowerCase()}."`,
      ],
      form % 3,
    );
    // "the office" names no earlier body: nobody rather than a guess.
    return {
      paragraphs: [`${Titled(a)} spoke first.`, first, `"${q2}," the office ${v}.`],
      expected: [
        { text: q1, speaker: body, mustAttribute: true },
        { text: q2, speaker: null, mustAttribute: false },
      ],
    };
  });

const spanishCase = fc
  .record({ people: twoPeople, form: fc.nat(3), verb: fc.constantFrom('dijo', 'afirmó', 'señaló') })
  .map(({ people: [a, b], form, verb }): Case => {
    const q1 = `El plan número ${++n} es firme`;
    const q2 = `La cooperación número ${++n} sigue`;
    const first = at(
      [
        `«${q1}», ${verb} ${full(a)}.`,
        `${full(a)} ${verb} que «${q1.toLowerCase()}».`,
        `Según ${full(a)}, el acuerdo “${q1.toLowerCase()}”.`,
        `“${q1}”, ${verb} ${full(a)} en conferencia de prensa.`,
      ],
      form % 4,
    );
    return {
      paragraphs: [first, `«${q2}», ${verb} ${full(b)}.`],
      expected: [
        { text: q1, speaker: full(a), mustAttribute: true },
        { text: q2, speaker: full(b), mustAttribute: true },
      ],
    };
  });

function check(c: Case, language: 'en' | 'es' = 'en'): void {
  const doc = makeDoc(c.paragraphs, { language });
  const quotes = extractQuotes(doc);
  for (const e of c.expected) {
    const want = e.text.toLowerCase();
    const found = quotes.find((q) => q.text.toLowerCase().replace(/[.,]$/u, '') === want);
    const context = `${c.paragraphs.join(' ¶ ')}\n→ ${JSON.stringify(quotes.map((q) => [q.text, q.speaker?.name ?? null]))}`;
    if (e.speaker === null) {
      expect(found?.speaker ?? null, context).toBeNull();
      continue;
    }
    expect(found, context).toBeDefined();
    if (e.mustAttribute) expect(found!.speaker?.name, context).toBe(e.speaker);
    else if (found!.speaker) expect(found!.speaker.name, context).toBe(e.speaker);
  }
}

describe('attribution over generated sentences (fast-check)', () => {
  it('a speaker named in the quotation’s own sentence wins, in every position, verb, title and apposition', () => {
    fc.assert(
      fc.property(ownSentenceCase, (c) => check(c)),
      { numRuns: 300 },
    );
  });

  it('a pronoun goes to the earlier person of its gender, or to nobody', () => {
    fc.assert(
      fc.property(pronounCase, (c) => check(c)),
      { numRuns: 200 },
    );
  });

  it('carry-over only for a quotation paragraph with no attribution of its own', () => {
    fc.assert(
      fc.property(carryOverCase, (c) => check(c)),
      { numRuns: 200 },
    );
  });

  it('bodies speak; a generic "the office" with no such body before is nobody', () => {
    fc.assert(
      fc.property(bodyCase, (c) => check(c)),
      { numRuns: 100 },
    );
  });

  it('Spanish: «…» and “…” with dijo, afirmó, señaló, según', () => {
    fc.assert(
      fc.property(spanishCase, (c) => check(c, 'es')),
      { numRuns: 100 },
    );
  });

  it('a quotation nobody is named as saying stays unattributed', () => {
    fc.assert(
      fc.property(nobodyCase, (c) => check(c)),
      { numRuns: 50 },
    );
  });
});
