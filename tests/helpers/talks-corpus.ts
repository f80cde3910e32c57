/**
 * A small corpus written for tests, so that what it says, and who is quoted where, is known
 * without asking the code under test (the shipped corpus/ changes as documents are added).
 */
import { corpusFile, makeCorpus } from './corpus.js';

export const TALKS = [
  'Secretary of State Marco Rubio met Foreign Secretary Juan Ramón de la Fuente in Mexico City on Wednesday.',
  '"Our cooperation has never been stronger," Rubio said after the meeting.',
  'The talks covered arms trafficking, fentanyl and the flow of migrants across the border.',
  'But "each one in his own territory," de la Fuente quickly stressed.',
  'Rubio later added: "This cooperation will be measured by results, not by words."',
  'Officials said cooperation between the two agencies would grow, and that Rubio would return in December.',
];
export const TALKS_META = {
  title: 'Ministers meet on border security',
  date: '2025-09-03',
  language: 'en',
  publisher: 'Test Wire',
  url: 'https://news.example/talks',
};
/** Paragraphs (1-based) of TALKS where Rubio is quoted; paragraph 6 only mentions him. */
export const RUBIO_QUOTED = [2, 5];
/** Paragraph (1-based) of TALKS where de la Fuente is quoted. */
export const DE_LA_FUENTE_QUOTED = 4;

export const STATEMENT = [
  'The two governments issued a statement after the first meeting of the group.',
  'It said:',
  '"Both countries will share information on arms trafficking within days."',
  'It continued:',
  '"The group will meet again in November."',
];
export const STATEMENT_META = { title: 'Joint statement on the security group', date: '2025-09-10', language: 'en' };

/** A fresh folder with talks.md and statement.md. */
export function makeTalksCorpus(): Promise<string> {
  return makeCorpus({
    'talks.md': corpusFile(TALKS_META, TALKS),
    'statement.md': corpusFile(STATEMENT_META, STATEMENT),
  });
}
