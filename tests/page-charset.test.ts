/**
 * Charset sniffing for web pages: BOM, the Content-Type charset, `<meta charset>` /
 * `http-equiv`, then UTF-8 when the bytes are valid UTF-8, and windows-1252 only after that.
 * The issue's case: an undeclared UTF-8 page stored "—" as "â€”".
 */
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/feeds/extract.js';
import { decodeHtml, detectHtmlEncoding } from '../src/feeds/http.js';

const TEXT =
  'La presidenta —en su conferencia— dijo: “Colaboramos, pero nunca nos subordinamos”. Año, acción, Querétaro.';
const page = (head: string, body = TEXT) =>
  `<!doctype html><html><head>${head}<title>Acuerdo</title></head><body><article><h1>Acuerdo de seguridad</h1>${`<p>${body}</p>`.repeat(4)}</article></body></html>`;
const windows1252 = (text: string) =>
  Buffer.from(Array.from(text, (c) => ({ '—': 0x97, '“': 0x93, '”': 0x94 })[c] ?? c.charCodeAt(0)));

describe('detectHtmlEncoding', () => {
  it('reads an undeclared UTF-8 page as UTF-8, not windows-1252', () => {
    const bytes = Buffer.from(page(''), 'utf8');
    expect(detectHtmlEncoding(bytes)).toBe('utf-8');
    expect(detectHtmlEncoding(bytes, 'text/html')).toBe('utf-8');
    expect(decodeHtml(bytes, 'text/html')).toContain(TEXT);
    expect(decodeHtml(bytes, 'text/html')).not.toContain('â€”');
  });

  it('falls back to windows-1252 for undeclared bytes that are not UTF-8', () => {
    const bytes = windows1252(page(''));
    expect(detectHtmlEncoding(bytes, 'text/html')).toBe('windows-1252');
    expect(decodeHtml(bytes, 'text/html')).toContain(TEXT);
  });

  it('follows <meta charset> and http-equiv when the header says nothing', () => {
    expect(detectHtmlEncoding(windows1252(page('<meta charset="windows-1252">')))).toBe('windows-1252');
    expect(
      detectHtmlEncoding(windows1252(page('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'))),
    ).toBe('windows-1252');
    const latin = windows1252(page('<meta http-equiv="content-type" content="text/html; charset=ISO-8859-1">'));
    expect(decodeHtml(latin, 'text/html')).toContain(TEXT);
    // A page that declares UTF-8 is read as UTF-8.
    expect(detectHtmlEncoding(Buffer.from(page('<meta charset="utf-8">')), 'text/html')).toBe('utf-8');
  });

  it('puts a byte-order mark first, then the header charset', () => {
    const withBom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(page('<meta charset="windows-1252">')),
    ]);
    expect(detectHtmlEncoding(withBom, 'text/html; charset=windows-1252')).toBe('utf-8');
    expect(decodeHtml(withBom).startsWith('<!doctype')).toBe(true);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page(''), 'utf16le')]);
    expect(decodeHtml(utf16)).toContain(TEXT);
    expect(detectHtmlEncoding(windows1252(page('<meta charset="utf-8">')), 'text/html; charset=windows-1252')).toBe(
      'windows-1252',
    );
  });

  it('does not trust a header charset the bytes contradict', () => {
    // The server says UTF-8 about a windows-1252 page with no declaration of its own.
    expect(decodeHtml(windows1252(page('')), 'text/html; charset=utf-8')).toContain(TEXT);
  });
});

describe('extracted articles keep their characters', () => {
  it('an undeclared UTF-8 page is stored with its dashes and quotes', () => {
    const article = extractArticle(Buffer.from(page(''), 'utf8'), 'https://diario.example/a', 'text/html');
    expect(article?.paragraphs).toContain(TEXT);
  });

  it('an undeclared windows-1252 page too', () => {
    const article = extractArticle(windows1252(page('')), 'https://diario.example/b', 'text/html');
    expect(article?.paragraphs).toContain(TEXT);
  });
});
