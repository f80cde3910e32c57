import { describe, expect, it } from 'vitest';
import { loadCorpus, parseCorpusFile } from '../src/corpus/load-corpus.js';
import { corpusFile, makeCorpus } from './helpers/corpus.js';

const good = corpusFile({ title: 'A good one', date: '2025-09-03' }, ['First paragraph.', 'Second paragraph.']);

describe('loading the corpus', () => {
  it('loads the seven documents of the shipped corpus with their metadata', async () => {
    const { documents, problems } = await loadCorpus('corpus');
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(7);
    const seed = documents.find((d) => d.id === 'wsws-2025-09-08-rubio-sheinbaum-security-pact')!;
    expect(seed.meta).toMatchObject({
      author: 'Don Knowland',
      date: '2025-09-08',
      publisher: 'World Socialist Web Site',
      language: 'en',
      partial: false,
    });
    expect(seed.meta.url).toBeUndefined();
    expect(
      documents
        .filter((d) => d.meta.partial)
        .map((d) => d.id)
        .sort(),
    ).toEqual(['state-media-note-sig-first-meeting-2025-09-27', 'state-rubio-delafuente-press-conference-2025-09-03']);
  });

  it('does not count the title, byline and dateline as paragraphs', async () => {
    const { documents } = await loadCorpus('corpus');
    const fto = documents.find((d) => d.id.startsWith('state-fto'))!;
    expect(fto.header).toEqual([
      'Terrorist Designations Of International Cartels',
      'Marco Rubio, Secretary of State',
      'February 20, 2025',
    ]);
    expect(fto.paragraphs[0]).toMatch(/^Today, the State Department is fulfilling/);
  });

  it.each([
    ['no front matter', Buffer.from('Just text.\n'), 'front matter'],
    ['missing title', Buffer.from(corpusFile({ date: '2025-09-03' }, ['Text.'])), 'title'],
    ['a bad date', Buffer.from(corpusFile({ title: 'T', date: 'September 3' }, ['Text.'])), 'date'],
    ['an impossible month', Buffer.from(corpusFile({ title: 'T', date: '2025-13-01' }, ['Text.'])), 'date'],
    [
      'an unknown language',
      Buffer.from(corpusFile({ title: 'T', date: '2025', language: 'fr' }, ['Text.'])),
      'language',
    ],
    ['an empty body', Buffer.from(corpusFile({ title: 'T', date: '2025' }, [])), 'body'],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from(corpusFile({ title: 'T', date: '2025' }, ['Caf'])), Buffer.from([0xe9, 0x0a])]),
      'encoding',
    ],
    ['broken YAML', Buffer.from('---\ntitle: "unclosed\ndate: 2025\n---\n\nText.\n'), 'front matter'],
    [
      'a non-boolean partial',
      Buffer.from(corpusFile({ title: 'T', date: '2025', partial: 'maybe' }, ['Text.'])),
      'partial',
    ],
  ])('reports a file with %s, naming the file and the field', (_, bytes, field) => {
    const { document, problems } = parseCorpusFile('corpus/bad.md', bytes);
    expect(document).toBeUndefined();
    expect(problems[0]).toMatchObject({ file: 'corpus/bad.md', field });
    expect(problems[0]?.reason.length).toBeGreaterThan(5);
  });

  it('still loads the good files when one is bad', async () => {
    const dir = await makeCorpus({
      'good.md': good,
      'bad.md': corpusFile({ title: 'No date' }, ['Text.']),
      'aliases.yml': '- [a, b]\n',
    });
    const { documents, problems } = await loadCorpus(dir);
    expect(documents.map((d) => d.id)).toEqual(['good']);
    expect(problems).toEqual([expect.objectContaining({ field: 'date', file: expect.stringMatching(/bad\.md$/) })]);
  });

  it('accepts month and year dates and Spanish documents', () => {
    const { document } = parseCorpusFile(
      'x/es-doc.md',
      Buffer.from(corpusFile({ title: 'T', date: '2025-09', language: 'es' }, ['Texto.'])),
    );
    expect(document?.meta).toMatchObject({ date: '2025-09', language: 'es' });
    expect(document?.id).toBe('es-doc');
  });
});
