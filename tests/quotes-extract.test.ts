import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../src/quotes/extract.js';
import type { Quotation } from '../src/quotes/types.js';
import { expectVerbatim, makeDoc } from './quotes-helpers.js';
import { at } from './helpers/at.js';

function quotesOf(paragraphs: string[], meta: Parameters<typeof makeDoc>[1] = {}): Quotation[] {
  const doc = makeDoc(paragraphs, meta);
  const quotes = extractQuotes(doc);
  expectVerbatim(doc, quotes);
  return quotes;
}

function only(paragraphs: string[], meta: Parameters<typeof makeDoc>[1] = {}): Quotation {
  const quotes = quotesOf(paragraphs, meta);
  expect(quotes).toHaveLength(1);
  return at(quotes, 0);
}

describe('attribution forms', () => {
  it('"…," X said', () => {
    const q = only(['"It works and it will keep working," Smith said.']);
    expect(q.text).toBe('It works and it will keep working');
    expect(q.speaker).toEqual({ name: 'Smith' });
    expect(q.attributed).toBe(true);
    expect(q.context).toBe('"It works and it will keep working," Smith said.');
    expect(q.paragraph).toBe(1);
  });

  it('"…," said X', () => {
    const q = only(['“We will not give up on this,” said Maria Lopez.']);
    expect(q.speaker?.name).toBe('Maria Lopez');
  });

  it('"…," said the role, Name', () => {
    const q = only(['"The budget is balanced for the first time," said the mayor, John Smith.']);
    expect(q.speaker).toEqual({ name: 'John Smith', role: 'mayor' });
  });

  it('X said: "…"', () => {
    const q = only(['Smith said: "We have the votes to pass it this week."']);
    expect(q.text).toBe('We have the votes to pass it this week.');
    expect(q.speaker?.name).toBe('Smith');
  });

  it('X said that … "…" (partial quotation inside paraphrase)', () => {
    const q = only([
      'Governor Ann Lee said on Tuesday that the state would build "a new bridge over the river" by 2027.',
    ]);
    expect(q.text).toBe('a new bridge over the river');
    expect(q.context).toBe(
      'Governor Ann Lee said on Tuesday that the state would build "a new bridge over the river" by 2027.',
    );
    expect(q.speaker).toEqual({ name: 'Ann Lee', role: 'Governor' });
  });

  it('according to X', () => {
    const q = only(['The deal "will pay for itself within a year," according to Finance Minister Carlos Ruiz.']);
    expect(q.speaker).toEqual({ name: 'Carlos Ruiz', role: 'Finance Minister' });
    const r = only(['According to Ruiz, the deal "will pay for itself within a year."']);
    expect(r.speaker?.name).toBe('Ruiz');
  });

  it('X, <apposition>, said', () => {
    const q = only(['"Nobody saw this coming," John Smith, the mayor of Springfield, said.']);
    expect(q.speaker).toEqual({ name: 'John Smith', role: 'mayor of Springfield' });
    const r = only(['John Smith, the mayor of Springfield, said the plan was "dead on arrival in the council."']);
    expect(r.speaker).toEqual({ name: 'John Smith', role: 'mayor of Springfield' });
  });

  it.each([
    'gushed',
    'stressed',
    'claimed',
    'insisted',
    'added',
    'pledged',
    'emphasized',
    'declared',
    'warned',
    'noted',
    'quickly stressed',
  ])('speech verb: %s', (verb) => {
    const q = only([`"This is the best deal we have ever had," Jane Doe ${verb}.`]);
    expect(q.speaker?.name).toBe('Jane Doe');
  });

  it('told', () => {
    const q = only(['"We will be ready by spring," Jane Doe told reporters.']);
    expect(q.speaker?.name).toBe('Jane Doe');
    const r = only(['Jane Doe told reporters that the army was "ready for anything at all."']);
    expect(r.speaker?.name).toBe('Jane Doe');
  });

  it('a speech verb before the quotation, with a name inside the quotation', () => {
    const q = only(['Rubio pledged to foster "security cooperation with President Sheinbaum and her team."']);
    expect(q.speaker?.name).toBe('Rubio');
  });

  it('X …, saying "…"', () => {
    const q = only(['At the time, Sheinbaum rejected the plan, saying "it would never pass the Senate."']);
    expect(q.speaker?.name).toBe('Sheinbaum');
  });

  it('a body as speaker', () => {
    const q = only([
      'A State Department spokesman said that Rubio also "stressed the importance of trade for both nations."',
    ]);
    expect(q.speaker?.name).toBe('State Department spokesman');
  });

  it('X\'s remarks … "…"', () => {
    const q = only([
      'It marks a change from Senator Tom Hale\'s blasting of the plan for turning "entire cities over to the gangs."',
    ]);
    expect(q.speaker).toEqual({ name: 'Tom Hale', role: 'Senator' });
  });
});

describe('pronouns and continuations', () => {
  it('resolves "he claimed" to the most recent speaker, not a later-named object', () => {
    const quotes = quotesOf([
      '"The budget is finally done," Smith said after meeting Jones. "We start building in May," he added.',
    ]);
    expect(quotes.map((q) => q.speaker?.name)).toEqual(['Smith', 'Smith']);
  });

  it('resolves a pronoun to the subject of an earlier sentence', () => {
    const quotes = quotesOf([
      'Mayor John Smith met Governor Ann Lee on Monday.',
      '"We agreed on the whole budget," he said.',
    ]);
    expect(quotes[0]?.speaker).toEqual({ name: 'John Smith', role: 'Mayor' });
  });

  it('resolves a pronoun past an earlier speaker to the latest one', () => {
    const quotes = quotesOf([
      '"We made history today," Rubio said. But "each one in his own territory," de la Fuente quickly stressed. Cooperation "will end the trafficking of arms," he claimed.',
    ]);
    expect(quotes.map((q) => q.speaker?.name)).toEqual(['Rubio', 'de la Fuente', 'de la Fuente']);
  });

  it('a further quotation in the next sentence keeps the speaker', () => {
    const quotes = quotesOf([
      '"Each one in his own territory," Lee stressed. Mexico would prefer "nonintervention and peaceful solutions."',
    ]);
    expect(quotes.map((q) => q.speaker?.name)).toEqual(['Lee', 'Lee']);
    const next = quotesOf(['"The budget is done," said Ann Lee. "Now we build the bridge."']);
    expect(next.map((q) => q.speaker?.name)).toEqual(['Ann Lee', 'Ann Lee']);
  });

  it('a quotation opening the next paragraph keeps the speaker', () => {
    const quotes = quotesOf(['"The budget is done," said Ann Lee.', '"Now we build the bridge over the river."']);
    expect(quotes.map((q) => q.speaker?.name)).toEqual(['Ann Lee', 'Ann Lee']);
  });

  it('He gave "…": a pronoun subject without a speech verb', () => {
    const quotes = quotesOf([
      '"It is the closest cooperation we have had," Rubio gushed. He gave "much credit to the president and her team."',
    ]);
    expect(quotes.map((q) => q.speaker?.name)).toEqual(['Rubio', 'Rubio']);
  });
});

describe('written statements and transcripts', () => {
  it('"It said:" after a sentence naming a joint statement', () => {
    const quotes = quotesOf([
      'On Wednesday the two governments issued a joint written statement. It said:',
      'We will work together to dismantle organized crime through enhanced cooperation.',
      'The statement drew criticism from the opposition, which called it "a surrender of sovereignty."',
      'It continued:',
      'Our coordination has allowed us to secure the border',
      'and reduce trafficking.',
      'Critics were not convinced.',
    ]);
    const statements = quotes.filter((q) => q.speaker?.name === 'Joint statement');
    expect(statements.map((q) => q.text)).toEqual([
      'We will work together to dismantle organized crime through enhanced cooperation.',
      'Our coordination has allowed us to secure the border\n\nand reduce trafficking.',
    ]);
    expect(statements.map((q) => q.paragraph)).toEqual([2, 5]);
    expect(quotes.some((q) => q.text.includes('Critics'))).toBe(false);
  });

  it('"The agreement said" refers to the statement named before', () => {
    const quotes = quotesOf([
      'The two governments issued a joint statement on Wednesday.',
      'The agreement said both nations would take "measures to counter the cartels and strengthen the border."',
    ]);
    expect(quotes[0]?.speaker?.name).toBe('Joint statement');
  });

  it('transcript: SPEAKER NAME: text', () => {
    const doc = makeDoc([
      'MODERATOR: (Via interpreter) Welcome, everyone, to this press conference.',
      'SECRETARY SMITH: Thank you all for coming today.',
      'We have a lot to discuss.',
      'QUESTION: What about tariffs?',
      'FOREIGN MINISTER DE LA CRUZ: (Via interpreter) We will answer that later.',
    ]);
    const quotes = extractQuotes(doc);
    expectVerbatim(doc, quotes);
    expect(quotes.map((q) => [q.text, q.speaker])).toEqual([
      ['Welcome, everyone, to this press conference.', { name: 'Moderator' }],
      ['Thank you all for coming today.\n\nWe have a lot to discuss.', { name: 'Smith', role: 'Secretary' }],
      ['What about tariffs?', null],
      ['We will answer that later.', { name: 'de la Cruz', role: 'Foreign Minister' }],
    ]);
    expect(quotes[2]?.attributed).toBe(false);
  });

  it('transcript: a statement read out belongs to the statement, cut off where a partial document ends', () => {
    const quotes = quotesOf(
      [
        'MINISTER GARCIA: Good morning. I will now read the joint statement we agreed on:',
        'The two governments reaffirm their cooperation.',
        'Both governm',
      ],
      { partial: true },
    );
    expect(quotes.map((q) => [q.speaker?.name, q.text])).toEqual([
      ['Garcia', 'Good morning. I will now read the joint statement we agreed on:'],
      ['Joint statement', 'The two governments reaffirm their cooperation.\n\nBoth governm'],
    ]);
  });
});

describe('quotation marks', () => {
  it('a quotation over several paragraphs', () => {
    const q = only([
      'Smith said: "This is the first part of a long statement about the budget.',
      '"And this is the second part of it."',
    ]);
    expect(q.text).toBe(
      'This is the first part of a long statement about the budget.\n\nAnd this is the second part of it.',
    );
    expect(q.speaker?.name).toBe('Smith');
    expect(q.paragraph).toBe(1);
  });

  it('a quotation over several paragraphs attributed at its end', () => {
    const q = only([
      '“This is the first part of a long statement about the budget.',
      '“And this is the second part,” Smith said.',
    ]);
    expect(q.text.split('\n\n')).toHaveLength(2);
    expect(q.speaker?.name).toBe('Smith');
  });

  it('several sentences inside one quotation', () => {
    const q = only(['"It works. It really does work," Smith said.']);
    expect(q.text).toBe('It works. It really does work');
    expect(q.speaker?.name).toBe('Smith');
  });

  it('straight and curly marks in one document', () => {
    const quotes = quotesOf(['"We are ready for the vote," Smith said.', '“We are not,” Jones replied.']);
    expect(quotes.map((q) => [q.text, q.speaker?.name])).toEqual([
      ['We are ready for the vote', 'Smith'],
      ['We are not', 'Jones'],
    ]);
  });

  it('nicknames and scare quotes are no statements', () => {
    const quotes = quotesOf([
      'Two weeks ago Ismael “El Mayo” Zambada García pleaded guilty.',
      'Joaquín “Chapo” Guzmán Loera was convicted in 2019.',
      'Sheinbaum turned down Trump’s “offer,” insisting that no troops would come.',
      'Both nations would establish "teams" to meet regularly.',
      'Discussions culminated in the announcement of the “Mission Firewall: United Against Firearms Trafficking Initiative.”',
    ]);
    expect(quotes).toEqual([]);
  });

  it('a short quotation that is a statement of its own is kept', () => {
    const q = only(['"Absolutely not," Smith said.']);
    expect(q.speaker?.name).toBe('Smith');
  });

  it('unattributed when nobody is named', () => {
    const q = only(['The agenda centered on "bilateral security issues" and on drug cartels.']);
    expect(q.speaker).toBeNull();
    expect(q.attributed).toBe(false);
  });

  it('a quotation cut off where a partial document ends', () => {
    const q = only(['Nothing new here.', 'Smith said: "This will change everything we know about the bor'], {
      partial: true,
    });
    expect(q.text).toBe('This will change everything we know about the bor');
    expect(q.speaker?.name).toBe('Smith');
    expect(q.paragraph).toBe(2);
  });

  it('ids are stable and numbered in document order', () => {
    const doc = makeDoc(['"One thing at a time," Smith said.', '"Two things now," Jones said.'], { id: 'x' });
    expect(extractQuotes(doc).map((q) => q.id)).toEqual(['x#q1', 'x#q2']);
  });
});

describe('speaker names', () => {
  it('resolves a surname to the longest full name in the document, with the role given', () => {
    const quotes = quotesOf([
      'Secretary of State Marco Rubio arrived on Monday.',
      '"We are ready to work," Rubio said.',
    ]);
    expect(quotes[0]?.speaker).toEqual({ name: 'Marco Rubio', role: 'Secretary of State' });
  });

  it('resolves names accent-insensitively', () => {
    const quotes = quotesOf([
      'Foreign Minister Juan Ramón de la Fuente met Rubio.',
      '"Each one in his own territory," De La Fuente said.',
    ]);
    expect(quotes[0]?.speaker).toEqual({ name: 'Juan Ramón de la Fuente', role: 'Foreign Minister' });
  });
});
