import { describe, expect, it } from 'vitest';
import { pactbot } from './helpers/cli.js';
import { corpusFile, makeCorpus } from './helpers/corpus.js';

/** Corpus files as editors and other tools really save them, checked through `pactbot`. */

const WINDOWS = Buffer.from(
  '\uFEFF' +
    corpusFile({ title: 'Saved on Windows', date: '2025-10-01', publisher: 'Wire', language: 'es' }, [
      '«Seguiremos trabajando», dijo el canciller Juan Ramón de la Fuente.',
      'El grupo de seguridad se reunió en la Ciudad de México el martes.',
    ]).replace(/\n/g, '\r\n'),
);

describe('odd corpus files', () => {
  it('a file with Windows line ends (CRLF) and a byte-order mark loads, its fields intact, cache or not', async () => {
    const dir = await makeCorpus({ 'windows.md': WINDOWS });
    const check = await pactbot(['check', '--corpus', dir]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    for (let run = 0; run < 2; run++) {
      // The second run reads the index cache the first one saved.
      const sources = await pactbot(['sources', '--json', '--corpus', dir]);
      expect(JSON.parse(sources.stdout)).toMatchObject({
        documents: [{ id: 'windows', title: 'Saved on Windows', language: 'es' }],
        problems: [],
      });
      const quotes = await pactbot(['quotes', '--json', '--corpus', dir]);
      expect(JSON.parse(quotes.stdout)).toMatchObject({
        quotes: [{ text: 'Seguiremos trabajando', speaker: { name: 'Juan Ramón de la Fuente' } }],
      });
    }
  });

  it('a url that is not http(s) and a day the calendar lacks are named by file and field; the rest loads', async () => {
    const dir = await makeCorpus({
      'script-link.md': corpusFile({ title: 'Link', date: '2025-10-02', url: 'javascript:alert(1)' }, ['The pact.']),
      'no-such-day.md': corpusFile({ title: 'Day', date: '2025-02-30' }, ['The pact was signed.']),
      'fine.md': corpusFile({ title: 'Fine', date: '2024-02-29', url: 'https://example.org/a' }, ['The pact holds.']),
    });
    const check = await pactbot(['check', '--corpus', dir]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('1 documents loaded, 2 problems');
    expect(check.stderr).toMatch(/script-link\.md: url must be an absolute http\(s\) URL/);
    expect(check.stderr).toMatch(/no-such-day\.md: date is not a day of the calendar/);
    const sources = await pactbot(['sources', '--json', '--corpus', dir]);
    expect(JSON.parse(sources.stdout).documents.map((s: { id: string }) => s.id)).toEqual(['fine']);
  });

  it('a corpus folder that is missing or is a file: one line saying so, exit code 2', async () => {
    const file = await makeCorpus({ 'a.md': corpusFile({ title: 'A', date: '2025-10-01' }, ['Text.']) });
    for (const [dir, says] of [
      [`${file}/missing`, 'does not exist: create it, or set CORPUS_DIR (or --corpus)'],
      [`${file}/a.md`, 'is not a folder: set CORPUS_DIR (or --corpus)'],
    ] as const) {
      for (const command of ['check', 'sources', 'speakers']) {
        const result = await pactbot([command, '--corpus', dir]);
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(`pactbot: the corpus folder ${dir} ${says} to the folder of document files\n`);
      }
    }
  });
});
