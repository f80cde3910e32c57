/**
 * feeds.yml filters that cannot filter: an entry made only of words search does not index ("the",
 * "de", "la") or of punctuation matches every item, so the feed would pour everything it publishes
 * into the corpus (and every subscriber's channel). /subscribe refuses such a filter; feeds.yml
 * reports it the same way and leaves that feed out until it is fixed.
 */
import { describe, expect, it } from 'vitest';
import { parseFeedsConfig } from '../src/feeds/config.js';

describe('feeds.yml filters with no word search can match', () => {
  it.each([['the'], ['de la'], ['!!!'], [['Mexico', 'of']]])('%j is reported and the feed left out', (filter) => {
    const { feeds, problems } = parseFeedsConfig({
      feeds: [
        { name: 'Wide', url: 'https://news.example/feed.xml', filter },
        { name: 'Fine', url: 'https://news.example/fine.xml', filter: ['Mexico', '"Security Implementation Group"'] },
      ],
    });
    expect(feeds.map((f) => f.name)).toEqual(['Fine']);
    expect(problems).toEqual([
      { feed: 'Wide', field: 'filter', reason: expect.stringMatching(/has no word that search can match/) },
    ]);
  });

  it('an empty filter still means every item', () => {
    const { feeds, problems } = parseFeedsConfig({ feeds: [{ url: 'https://news.example/feed.xml', filter: '' }] });
    expect(problems).toEqual([]);
    expect(feeds[0]?.filter).toEqual([]);
  });
});
