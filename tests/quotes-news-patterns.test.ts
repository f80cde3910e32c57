import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../src/quotes/extract.js';
import { QuoteBook } from '../src/quotes/quote-book.js';
import { makeDoc } from './quotes-helpers.js';

/** The news patterns the quotation issue reported wrong or missing, as a reader would check them. */

const wire = makeDoc([
  'WASHINGTON (AP) — Homeland Security Secretary Kristi Noem praised the operation. "It worked," Noem said.',
  '"Seizures are up at every crossing," said Deputy Secretary Troy Edgar.',
  '"No timetable exists yet," U.S. Consul General Peter Walsh told journalists after the briefing.',
  'Mexican President Claudia Sheinbaum spoke on Tuesday.',
  '"No troops," the consul general added.',
  'Sheinbaum again rejected foreign agents operating on Mexican soil. "Mexico decides in Mexico," she said during her daily briefing.',
  '"Every container matters," said Treasury official Mark Ellison, who leads the joint task force.',
  '"The ports are the front line," said customs inspector Lucia Romero.',
  'The governor of Colima, Indira Vizcaíno, said the plan was "good news for the port."',
  'The Treasury Department called the expansion "a decisive step against cartel finance."',
  'ICE Director Todd Lyons said the agency would "double the number of agents at the border."',
  'FBI Director Kash Patel called the cartels "the most dangerous criminal organizations on the planet."',
]);

function speakerOf(words: string) {
  const q = extractQuotes(wire).find((x) => x.text.includes(words));
  expect(q, words).toBeDefined();
  return q!.speaker;
}

describe('news patterns', () => {
  it('an explicit speaker after the quotation beats carry-over', () => {
    expect(speakerOf('Seizures are up')?.name).toBe('Troy Edgar');
    expect(speakerOf('No timetable exists yet')).toEqual({ name: 'Peter Walsh', role: 'Consul General' });
  });

  it('"she" skips the man quoted just before', () => {
    expect(speakerOf('Mexico decides in Mexico')?.name).toBe('Claudia Sheinbaum');
  });

  it('a pronoun never goes to a name of unknown gender met only in passing', () => {
    const doc = makeDoc([
      'Nassib plays as a lineman with the Las Vegas Raiders. "I finally feel comfortable saying it," he said in a video.',
    ]);
    expect(extractQuotes(doc)[0]?.speaker).toBeNull();
  });

  it('"said <agency> official <Name>, who …" and "said customs inspector <Name>"', () => {
    expect(speakerOf('Every container matters')).toEqual({ name: 'Mark Ellison', role: 'Treasury official' });
    expect(speakerOf('The ports are the front line')).toEqual({ name: 'Lucia Romero', role: 'customs inspector' });
  });

  it('names and roles apart, bodies as speakers', () => {
    expect(speakerOf('good news for the port')).toEqual({ name: 'Indira Vizcaíno', role: 'governor of Colima' });
    expect(speakerOf('a decisive step')).toEqual({ name: 'Treasury Department' });
    expect(speakerOf('double the number')).toEqual({ name: 'Todd Lyons', role: 'ICE Director' });
    expect(speakerOf('most dangerous')).toEqual({ name: 'Kash Patel', role: 'FBI Director' });
  });

  it('/speakers variants carry no sentence punctuation, and every speaker is findable by name', () => {
    const book = QuoteBook.build([wire]);
    for (const s of book.speakers()) {
      for (const v of s.variants) expect(v, v).not.toMatch(/[.,;:]$/u);
      expect(book.find({ speaker: s.speaker.name }).length).toBeGreaterThan(0);
    }
    expect(book.find({ speaker: 'Mark Ellison' }).map((q) => q.text)).toEqual(['Every container matters']);
  });
});
