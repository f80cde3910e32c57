/**
 * A document edited while its update post is still queued (the burst delay, the hourly cap, a
 * retry, a stopped bot): the post must show what the document says when it goes out, not the text
 * it had when it was queued. Real discord.js client, Discord stand-in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupWorlds, docFile, drop, FAST, FENTANYL, posts, run, startWorld } from './helpers/update-world.js';

afterEach(cleanupWorlds);

const CORRECTED = docFile(
  'Fentanyl seizures fall at the northern border',
  [
    'Customs officers reported fewer fentanyl seizures at three crossings this month.',
    '“We are seeing the results of joint work,” the customs chief said.',
  ],
  'https://news.example/fentanyl-seizures',
);

describe('a document edited before its update post is sent', () => {
  it('the post shows the corrected title and lead', async () => {
    // Deliveries wait a minute, so the post is still queued when the file is corrected.
    const w = await startWorld({ runtime: { ...FAST, burstDelayMs: 60_000 } });
    await run(w, 'subscribe');
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect.poll(() => w.store.listDeliveries({ state: 'pending' }).length, { timeout: 10_000 }).toBe(1);

    drop(w, 'fentanyl-seizures.md', CORRECTED);
    await expect
      .poll(() => w.index.documents().find((d) => d.id === 'fentanyl-seizures')?.meta.title, { timeout: 10_000 })
      .toBe('Fentanyl seizures fall at the northern border');
    await expect
      .poll(() => w.store.getUpdateDocument<{ title: string }>('fentanyl-seizures')?.title, { timeout: 10_000 })
      .toBe('Fentanyl seizures fall at the northern border');

    await w.bot.updates!.deliverNow();
    expect(posts(w)).toHaveLength(1);
    const [embed] = posts(w)[0]!.body.embeds;
    expect(embed.title).toBe('Fentanyl seizures fall at the northern border');
    expect(embed.description).toBe('Customs officers reported fewer fentanyl seizures at three crossings this month.');
  });

  it('a document edited after its post went out is not posted again', async () => {
    const w = await startWorld();
    await run(w, 'subscribe');
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(1);
    drop(w, 'fentanyl-seizures.md', CORRECTED);
    await expect
      .poll(() => w.index.documents().find((d) => d.id === 'fentanyl-seizures')?.meta.title, { timeout: 10_000 })
      .toBe('Fentanyl seizures fall at the northern border');
    await w.bot.updates!.deliverNow();
    expect(posts(w)).toHaveLength(1);
  });
});
