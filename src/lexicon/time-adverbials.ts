/**
 * Words and phrases that place a question in time, hedge or intensify it ("so far", "currently",
 * "actually", "so much") without naming what it is about. A question's words among them weigh as framing
 * (`framingWeight`): "How many tunnels have been closed so far?" is about tunnels, and a passage
 * that says "as far back as 1988" must not earn the weight of "far".
 */
export const TIME_ADVERBIAL_WORDS: ReadonlySet<string> = new Set([
  'currently',
  'presently',
  'now',
  'yet',
  'still',
  'already',
  'recently',
  'lately',
  'ever',
  'actually',
  'really',
  'exactly',
]);

/** Two-word phrases of the same kind, folded: both words weigh as framing. */
export const TIME_ADVERBIAL_PHRASES: readonly (readonly [string, string])[] = [
  ['so', 'far'],
  ['thus', 'far'],
  ['to', 'date'],
  ['right', 'now'],
  ['these', 'days'],
  ['at', 'present'],
  // Intensifiers: "Why does the US care so much…" is not about "so".
  ['so', 'much'],
  ['so', 'many'],
  ['so', 'often'],
];
