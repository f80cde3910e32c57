/**
 * feeds.yml mistakes an operator makes: a feed address with a user name and password in it. The
 * password must not reach the logs, /subscriptions or the documents' notes: the entry is refused
 * with a clear reason that names it without the password. Real bot against the Discord stand-in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseFeedsConfig } from '../src/feeds/config.js';
import { cleanupWorlds, run, startWorld } from './helpers/update-world.js';

afterEach(cleanupWorlds);

const FEEDS = `feeds:
  - url: https://alice:s3cret-pass@127.0.0.1:9/feed.xml
  - name: Wire
    url: https://127.0.0.1:9/wire.xml
`;

describe('a feed address with a user name and password in feeds.yml', () => {
  it('is refused with a reason that does not repeat the password; the other feeds load', () => {
    const { feeds, problems } = parseFeedsConfig({
      feeds: [{ url: 'https://alice:s3cret-pass@news.example/feed.xml' }, { url: 'https://news.example/wire.xml' }],
    });
    expect(feeds.map((f) => f.url)).toEqual(['https://news.example/wire.xml']);
    expect(problems).toEqual([
      {
        feed: 'https://news.example/feed.xml',
        field: 'url',
        reason: expect.stringMatching(/must not contain a user name or password/),
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('s3cret-pass');
  });

  it('never puts the password in the logs or in a reply, polled or not', async () => {
    const w = await startWorld({ files: { 'feeds.yml': FEEDS } });
    await w.bot.updates!.pollFeedsNow();
    const list = await run(w, 'subscriptions');
    expect(JSON.stringify(list.body)).not.toContain('s3cret-pass');
    expect(w.rawLogs.join('\n')).not.toContain('s3cret-pass');
    expect(w.logs.some((l) => l.msg === 'feeds.yml problem' && l.field === 'url')).toBe(true);
    expect(w.bot.updates!.feeds().feeds.map((f) => f.name)).toEqual(['Wire']);
  });
});
