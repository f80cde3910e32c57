/** What a hostile or careless user types: the inputs of the property-based tests. */
import fc from 'fast-check';

const PIECES = [
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@&456>',
  '<#789>',
  '</ask:1>',
  '**',
  '__',
  '~~',
  '`',
  '```',
  '> ',
  '||',
  '# ',
  '-# ',
  '[link](http://127.0.0.1/)',
  '\\',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff', // zero-width
  '\u202e',
  '\u202d',
  '\u2067',
  '\u2066',
  '\u2069',
  '\u061c',
  '\u200f', // right-to-left and bidi controls
  'مرحبا',
  'שלום',
  '\u001b[31m',
  '\u0007',
  '\u0085',
  'Rubio',
  'cartels',
  'Sheinbaum',
  'security',
  'what did',
  'say about',
  '?',
  ' ',
  '\n',
  '\t',
];

/** 6,000 characters: the most a Discord message box takes, past every embed limit. */
const sixThousand = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .map((s) => s.repeat(Math.ceil(6000 / s.length)).slice(0, 6000));

export function hostileText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join('')),
    sixThousand,
    fc.constantFrom('', ' ', '   ', '\t', '\n\n', '\u3000', '\u200b\u200b'),
  );
}
