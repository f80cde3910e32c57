import { describe, expect, it } from 'vitest';
import { parseCorpusFile } from '../src/corpus/load-corpus.js';
import { isoDate, parseFeedText } from '../src/feeds/parse.js';
import { renderDocumentFile } from '../src/feeds/save.js';

/**
 * Feed dates as careless publishers write them. A date the calendar lacks must not reach a
 * corpus file: the corpus refuses such a file, so the item would be lost instead of added.
 */
const rss = (pubDate: string) => `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title><link>https://example.org/</link>
<item><title>Pact talks resume</title><link>https://example.org/a</link><guid>a</guid>
<pubDate>${pubDate}</pubDate><description>The security group met again.</description></item>
</channel></rss>`;

describe('feed dates the calendar lacks', () => {
  it.each(['Mon, 31 Feb 2025 10:00:00 GMT', '2025-02-30T08:00:00Z', '2025-13-01', 'Tue, 32 Sep 2025 10:00:00 GMT'])(
    '%s gives no date',
    (written) => {
      expect(isoDate(written)).toBeUndefined();
      const [item] = parseFeedText(rss(written)).items;
      expect(item?.title).toBe('Pact talks resume');
      expect(item?.date).toBeUndefined();
    },
  );

  it('real dates are kept as written, and the saved file loads', () => {
    expect(isoDate('Thu, 29 Feb 2024 10:00:00 GMT')).toBe('2024-02-29');
    const [item] = parseFeedText(rss('Thu, 29 Feb 2024 10:00:00 GMT')).items;
    expect(item?.date).toBe('2024-02-29');
    const file = renderDocumentFile({
      title: item!.title!,
      date: item!.date,
      url: item!.link!,
      language: 'en',
      paragraphs: ['The security group met again in Mexico City.'],
    });
    expect(parseCorpusFile('new.md', Buffer.from(file)).problems).toEqual([]);
  });
});
