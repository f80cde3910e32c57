import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCorpusFile } from '../src/corpus/load-corpus.js';
import {
  FeedParseError,
  decodeBody,
  detectEncoding,
  extractArticle,
  htmlToParagraphs,
  isoDate,
  normalizeUrl,
  parseFeedBytes,
  parseFeedsConfig,
  loadFeedsConfig,
  saveDocument,
  slugify,
} from '../src/feeds/index.js';

const feedFixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures/feeds', name));
const articleFixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures/articles', name));

describe('feed parsing', () => {
  it('reads RSS 2.0 with description only', () => {
    const feed = parseFeedBytes(feedFixture('rss-description-only.xml'), 'application/rss+xml; charset=utf-8');
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Office of the Spokesperson – Press Releases',
      language: 'en-US',
    });
    expect(feed.items).toHaveLength(3);
    expect(feed.items[0]).toMatchObject({
      key: 'https://www.state.example/?p=112233',
      title: 'Security Implementation Group Holds First Meeting',
      link: 'https://www.state.example/releases/2025/09/sig-first-meeting/',
      date: '2025-09-27',
    });
    expect(feed.items[0]?.contentHtml).toBeUndefined();
    expect(feed.items[1]?.title).toBe('Secretary Rubio’s Call with Mexican Foreign Secretary de la Fuente');
    // &nbsp; is an HTML entity, not XML: tolerated.
    expect(feed.items[1]?.summary).toContain('fentanyl');
  });

  it('reads RSS with content:encoded and dc:creator', () => {
    const feed = parseFeedBytes(feedFixture('rss-content-encoded.xml'));
    const [item] = feed.items;
    expect(item).toMatchObject({
      author: 'Lucía Ramírez',
      date: '2025-09-19',
      key: 'https://frontera.example/2025/09/19/extraditions',
    });
    expect(htmlToParagraphs(item?.contentHtml ?? '')).toEqual([
      'Mexico sent 26 people wanted on drug trafficking charges to the United States on Friday, the second such transfer this year.',
      '“This is cooperation with respect for our sovereignty,” Security Secretary Omar García Harfuch told reporters in Mexico City.',
      'U.S. officials welcomed the move, which came weeks after the two governments agreed to a new security framework.',
    ]);
  });

  it('reads Atom with html and text content, dates as the publisher wrote them', () => {
    const feed = parseFeedBytes(feedFixture('atom-content.xml'), 'application/atom+xml');
    expect(feed.format).toBe('atom');
    expect(feed.items[0]).toMatchObject({
      key: 'tag:sre.example,2025:comunicado-342',
      title: 'Comunicado conjunto México Estados Unidos',
      link: 'https://sre.example/prensa/comunicado-conjunto-mexico-estados-unidos',
      author: 'Secretaría de Relaciones Exteriores',
      date: '2025-09-03', // published 23:10 -06:00, not the UTC day
    });
    expect(htmlToParagraphs(feed.items[0]?.contentHtml ?? '')).toHaveLength(2);
    expect(feed.items[1]).toMatchObject({ contentHtml: '<p>Texto plano de la nota.</p>', date: '2025-09-02' });
  });

  it('decodes ISO-8859-1 by the XML declaration, and by the Content-Type charset', () => {
    const bytes = feedFixture('rss-iso-8859-1.xml');
    expect(detectEncoding(bytes)).toBe('windows-1252'); // WHATWG maps ISO-8859-1 to its superset
    const feed = parseFeedBytes(bytes, 'text/xml');
    expect(feed.title).toBe('Diario del Norte - Política');
    expect(feed.items[0]?.title).toBe('Sheinbaum y Rubio acuerdan cooperación en seguridad');
    expect(feed.items[0]?.summary).toContain('extradición, tráfico de armas');
    // The HTTP header wins over the declaration.
    const utf8 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Año</title><link>http://x</link><description>d</description></channel></rss>',
    );
    expect(parseFeedBytes(utf8, 'application/xml; charset=UTF-8').title).toBe('Año');
    expect(decodeBody(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
    // A server that wrongly claims UTF-8 for an ISO-8859-1 file: the declaration rescues it.
    expect(parseFeedBytes(bytes, 'text/xml; charset=utf-8').items[0]?.title).toBe(
      'Sheinbaum y Rubio acuerdan cooperación en seguridad',
    );
  });

  it('reports malformed XML and non-feeds clearly', () => {
    expect(() => parseFeedBytes(feedFixture('malformed.xml'))).toThrow(FeedParseError);
    expect(() => parseFeedBytes(feedFixture('malformed.xml'))).toThrow(/malformed XML \(line \d+, column \d+/);
    expect(() => parseFeedBytes(feedFixture('not-a-feed.html'))).toThrow(/not a feed: got an HTML page/);
    expect(() => parseFeedBytes(Buffer.from('<?xml version="1.0"?><note><to>x</to></note>'))).toThrow(/not a feed/);
    expect(() => parseFeedBytes(Buffer.from(''))).toThrow(/empty/);
  });

  it('reads JSON Feed', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      items: [
        {
          id: '1',
          url: 'https://j.example/1',
          title: 'One',
          content_text: 'Para one.\n\nPara two.',
          date_published: '2025-09-05T10:00:00Z',
        },
      ],
    });
    const feed = parseFeedBytes(Buffer.from(json), 'application/feed+json');
    expect(feed.items[0]).toMatchObject({ key: '1', link: 'https://j.example/1', date: '2025-09-05' });
    expect(htmlToParagraphs(feed.items[0]?.contentHtml ?? '')).toEqual(['Para one.', 'Para two.']);
  });

  it('normalizes dates', () => {
    expect(isoDate('Fri, 19 Sep 2025 23:30:00 -0600')).toBe('2025-09-19');
    expect(isoDate('2025-09-03T23:10:00-06:00')).toBe('2025-09-03');
    expect(isoDate('garbage')).toBeUndefined();
  });
});

describe('article extraction', () => {
  it('keeps the article and drops navigation, ads, related links and footer', () => {
    const article = extractArticle(
      articleFixture('frontera-extraditions.html'),
      'https://frontera.example/2025/09/19/extraditions',
      'text/html; charset=utf-8',
    );
    expect(article).not.toBeNull();
    expect(article!).toMatchObject({
      title: 'Mexico extradites 26 cartel figures to the United States',
      byline: 'Lucía Ramírez',
      siteName: 'Frontera Daily',
      publishedTime: '2025-09-19T14:30:00-06:00',
    });
    const text = article!.paragraphs.join('\n');
    expect(article!.paragraphs[0]).toMatch(/^MEXICO CITY — Mexico sent 26 people/);
    expect(text).toContain(
      '“This is cooperation with respect for our sovereignty,” Security Secretary Omar García Harfuch',
    );
    expect(text).toContain('Critics in Mexico’s Congress');
    for (const junk of [
      'Subscribe',
      'Advertisement',
      'Related',
      'Fentanyl seizures fall',
      'All rights reserved',
      'Share on',
      'Border Briefing',
      'Handout',
    ]) {
      expect(text).not.toContain(junk);
    }
  });

  it('decodes a windows-1252 page by its meta charset', () => {
    const article = extractArticle(
      articleFixture('diario-acuerdo.html'),
      'https://diarionorte.example/politica/acuerdo',
      'text/html',
    );
    expect(article?.lang).toBe('es-MX');
    expect(article?.paragraphs).toHaveLength(4);
    expect(article?.paragraphs[2]).toBe(
      '“Colaboramos, nos coordinamos, pero nunca nos subordinamos”, dijo la mandataria durante su conferencia matutina, al ser cuestionada sobre la presencia de agentes estadounidenses en territorio nacional.',
    );
    expect(article?.paragraphs.join(' ')).not.toMatch(/Lo más leído|Liga MX|PUBLICIDAD|Prohibida/);
  });

  it('returns null for a page without an article', () => {
    expect(extractArticle(articleFixture('no-article.html'), 'https://frontera.example/login')).toBeNull();
  });
});

describe('saving documents', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-save-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a file that loads cleanly with parseCorpusFile, and never overwrites', async () => {
    const article = extractArticle(articleFixture('frontera-extraditions.html'), 'https://frontera.example/a')!;
    const doc = {
      title: 'Mexico extradites 26: “cartel figures” — to the U.S.',
      date: '2025-09-19',
      publisher: 'Frontera Daily',
      author: 'Lucía Ramírez',
      url: 'https://frontera.example/a',
      language: 'en' as const,
      paragraphs: article.paragraphs,
    };
    const first = await saveDocument(dir, doc);
    const second = await saveDocument(dir, doc);
    expect(first.id).toBe('2025-09-19-mexico-extradites-26-cartel-figures-to-the-us');
    expect(second.id).toBe(`${first.id}-2`);
    expect(fs.readdirSync(dir).sort()).toEqual([`${first.id}-2.md`, `${first.id}.md`]);
    const parsed = parseCorpusFile(first.file, fs.readFileSync(first.file));
    expect(parsed.problems).toEqual([]);
    expect(parsed.document!.meta).toMatchObject({
      title: doc.title,
      date: '2025-09-19',
      publisher: 'Frontera Daily',
      author: 'Lucía Ramírez',
      url: 'https://frontera.example/a',
      language: 'en',
      partial: false,
    });
    expect([...parsed.document!.header, ...parsed.document!.paragraphs]).toEqual(article.paragraphs);
  });

  it('slugs and URL normalization', () => {
    expect(slugify('Sheinbaum y Rubio: ¡acuerdo de seguridad!')).toBe('sheinbaum-y-rubio-acuerdo-de-seguridad');
    expect(slugify('x'.repeat(200)).length).toBeLessThanOrEqual(80);
    expect(slugify('¿?')).toBe('untitled');
    expect(normalizeUrl('https://www.Example.com/a/?utm_source=x&id=2#top')).toBe(
      normalizeUrl('http://example.com/a?id=2'),
    );
  });
});

describe('feeds.yml', () => {
  it('validates entries and reports bad ones by name', () => {
    const { feeds, problems } = parseFeedsConfig({
      feeds: [
        {
          name: 'State',
          url: 'https://www.state.example/feed/',
          filter: ['Mexico', '"security cooperation"'],
          interval: 30,
        },
        { url: 'https://sre.example/comunicados.atom', interval: '2h', language: 'es' },
        { name: 'Bad URL', url: 'ftp://x' },
        { name: 'Too fast', url: 'https://fast.example/feed', interval: 1 },
        { name: 'Typo', url: 'https://t.example/feed', intervall: 30 },
        { name: 'Dup', url: 'https://www.state.example/feed/' },
        'just a string',
      ],
    });
    expect(feeds).toEqual([
      {
        name: 'State',
        url: 'https://www.state.example/feed/',
        filter: ['Mexico', '"security cooperation"'],
        intervalMinutes: 30,
      },
      {
        name: 'sre.example',
        url: 'https://sre.example/comunicados.atom',
        filter: [],
        intervalMinutes: 120,
        language: 'es',
      },
    ]);
    expect(problems).toEqual([
      { feed: 'Bad URL', field: 'url', reason: 'must be an absolute http(s) URL' },
      { feed: 'Too fast', field: 'interval', reason: expect.stringMatching(/at least 5 minutes/) },
      { feed: 'Typo', field: 'intervall', reason: 'unknown field' },
      { feed: 'Dup', field: 'url', reason: 'is listed twice' },
      { feed: '#7', field: 'entry', reason: expect.any(String) },
    ]);
  });

  it('loads the project feeds.yml without problems, and tolerates a missing or broken file', async () => {
    // The shipped file has its feeds commented out, so nothing reaches outside until an owner adds one.
    const real = await loadFeedsConfig(path.join(__dirname, '..', 'corpus'));
    expect(real).toEqual({ feeds: [], problems: [] });
    const example = fs
      .readFileSync(path.join(__dirname, '..', 'corpus', 'feeds.yml'), 'utf8')
      .match(/^# feeds:\n(?:#.*\n)*/m)![0];
    const exampleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-feeds-example-'));
    fs.writeFileSync(path.join(exampleDir, 'feeds.yml'), example.replace(/^# ?/gm, ''));
    const uncommented = await loadFeedsConfig(exampleDir);
    fs.rmSync(exampleDir, { recursive: true, force: true });
    expect(uncommented.problems).toEqual([]);
    expect(uncommented.feeds).toMatchObject([
      { name: 'U.S. Department of State – press releases', filter: ['Mexico', 'Mexican'] },
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-feeds-'));
    try {
      expect(await loadFeedsConfig(dir)).toEqual({ feeds: [], problems: [] });
      fs.writeFileSync(path.join(dir, 'feeds.yml'), 'feeds: [unclosed');
      const broken = await loadFeedsConfig(dir);
      expect(broken.problems[0]).toMatchObject({
        feed: 'feeds.yml',
        field: 'file',
        reason: expect.stringMatching(/not valid YAML/),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
