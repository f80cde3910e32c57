import { describe, expect, it } from 'vitest';
import { evaluateQuotes, formatEvaluation, type GoldQuote } from '../src/quotes/evaluate.js';
import { extractQuotes } from '../src/quotes/extract.js';
import { expectVerbatim, makeDoc } from './quotes-helpers.js';

/**
 * A regression set: documents written after the first rules were made and labelled by hand before
 * the extractor was run on them. Their misses then drove rule fixes, so they are no longer text
 * the rules were not tuned on (that is tests/fixtures/quotes-untouched.json); they hold the fixes.
 */
const article = makeDoc(
  [
    'WASHINGTON, Oct 2 (Reuters) - U.S. Attorney General Pam Bondi on Thursday announced charges against 14 alleged members of the Sinaloa Cartel, calling the case "the largest fentanyl prosecution in our history."',
    '"These defendants poisoned American communities for profit," Bondi told a news conference in Washington. "Today, that ends."',
    'Mexico\'s Security Secretary Omar García Harfuch said his country had provided "crucial intelligence" for the arrests, but declined to give details.',
    'The arrests come weeks after Washington and Mexico City agreed to form a high-level security group. A State Department official, speaking on condition of anonymity, said cooperation had "never been better."',
    'Not everyone is convinced. "This is theater," said Falko Ernst, a senior analyst at International Crisis Group. "The cartels replace these people within weeks."',
    'Ernst noted that violence in Sinaloa has surged since the arrest of Ismael "El Mayo" Zambada last year.',
    'Sheinbaum, for her part, has insisted that Mexico will "never accept" foreign troops on its soil. "Cooperation, yes; subordination, no," she said at her daily briefing on Wednesday.',
    'In a joint statement released late Thursday, the two governments said:',
    'We reaffirm our shared commitment to dismantling the criminal networks that threaten both our nations.',
    'Bondi said more indictments were expected. "We are just getting started," she added.',
    'The case is being prosecuted in the Eastern District of New York, where Joaquín "El Chapo" Guzmán was convicted in 2019.',
  ],
  { id: 'heldout-wire', date: '2025-10-02' },
);

const briefing = makeDoc(
  [
    'MR PIGOTT: Good afternoon, everybody. I have two announcements before we take questions.',
    'QUESTION: Can you say whether the Secretary will travel to Mexico again this year?',
    'MR PIGOTT: I don\'t have any travel to announce. The Secretary has said, and I\'ll quote him, "our partnership with Mexico is vital," and that remains the case.',
    'QUESTION: Thank you.',
  ],
  { id: 'heldout-briefing', date: '2025-10-03' },
);

/** Written and labelled after the rules above were fixed for the first two documents. */
const speech = makeDoc(
  [
    'Ambassador Ronald Johnson sounded an upbeat note on Monday. “The relationship between our two countries has never been stronger,” he said in a speech to the American Chamber of Commerce in Mexico City.',
    '“We are working side by side, every single day, to take down the cartels that poison our people.',
    '“And we will not stop until the job is done.”',
    'Mexican lawmakers were less enthusiastic. Ricardo Monreal, who leads the Morena bloc in the lower house, told local radio that any U.S. role must respect “the limits set by our Constitution.”',
    'The opposition PAN party called the agreement “a blank check.” Its leader, Jorge Romero, said the government had “surrendered” on security.',
    'Analysts say the deal buys time. “Sheinbaum has managed Trump better than anyone expected,” says Carlos Bravo Regidor, a political analyst.',
    'Still, the president herself has struck a cautious tone. Asked on Tuesday whether she trusted Washington, Sheinbaum replied: “We trust in cooperation, not in subordination.”',
    'The State Department did not respond to a request for comment.',
  ],
  { id: 'heldout-speech', date: '2025-10-06' },
);

const gold: GoldQuote[] = [
  {
    docId: 'heldout-speech',
    text: 'The relationship between our two countries has never been stronger,',
    speaker: 'Ronald Johnson',
  },
  {
    docId: 'heldout-speech',
    text: 'We are working side by side, every single day, to take down the cartels that poison our people.\n\nAnd we will not stop until the job is done.',
    speaker: 'Ronald Johnson',
  },
  { docId: 'heldout-speech', text: 'the limits set by our Constitution.', speaker: 'Ricardo Monreal' },
  { docId: 'heldout-speech', text: 'a blank check.', speaker: 'PAN party' },
  {
    docId: 'heldout-speech',
    text: 'Sheinbaum has managed Trump better than anyone expected,',
    speaker: 'Carlos Bravo Regidor',
  },
  { docId: 'heldout-speech', text: 'We trust in cooperation, not in subordination.', speaker: 'Sheinbaum' },
  { docId: 'heldout-wire', text: 'the largest fentanyl prosecution in our history.', speaker: 'Pam Bondi' },
  { docId: 'heldout-wire', text: 'These defendants poisoned American communities for profit,', speaker: 'Pam Bondi' },
  { docId: 'heldout-wire', text: 'Today, that ends.', speaker: 'Pam Bondi' },
  { docId: 'heldout-wire', text: 'never been better.', speaker: 'State Department official' },
  { docId: 'heldout-wire', text: 'This is theater,', speaker: 'Falko Ernst' },
  { docId: 'heldout-wire', text: 'The cartels replace these people within weeks.', speaker: 'Falko Ernst' },
  { docId: 'heldout-wire', text: 'Cooperation, yes; subordination, no,', speaker: 'Sheinbaum' },
  {
    docId: 'heldout-wire',
    text: 'We reaffirm our shared commitment to dismantling the criminal networks that threaten both our nations.',
    speaker: 'Joint statement',
  },
  { docId: 'heldout-wire', text: 'We are just getting started,', speaker: 'Pam Bondi' },
  {
    docId: 'heldout-briefing',
    text: 'Good afternoon, everybody. I have two announcements before we take questions.',
    speaker: 'Pigott',
  },
  {
    docId: 'heldout-briefing',
    text: 'Can you say whether the Secretary will travel to Mexico again this year?',
    speaker: null,
  },
  {
    docId: 'heldout-briefing',
    text: 'I don\'t have any travel to announce. The Secretary has said, and I\'ll quote him, "our partnership with Mexico is vital," and that remains the case.',
    speaker: 'Pigott',
  },
  { docId: 'heldout-briefing', text: 'Thank you.', speaker: null },
];

describe('regression set (documents that drove rule fixes)', () => {
  it('quotes verbatim', () => {
    for (const doc of [article, briefing, speech]) expectVerbatim(doc, extractQuotes(doc));
  });

  it('finds every labelled quotation with its speaker, and nothing else', () => {
    const result = evaluateQuotes([article, briefing, speech], gold);
    if (result.precision < 1 || result.recall < 1) console.log(formatEvaluation(result));
    expect(result.precision).toBe(1);
    expect(result.recall).toBe(1);
  });
});
