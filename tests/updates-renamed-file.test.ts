/**
 * A document file renamed or copied in the corpus folder (an editor fixing a file name, a
 * backup copy) is the same document to a subscriber: it must not be posted again. Through the
 * Discord stand-in with the real bot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupWorlds, drop, FAST, FENTANYL, idle, posts, run, SIG, startWorld } from './helpers/update-world.js';

afterEach(cleanupWorlds);

const titles = (w: Parameters<typeof posts>[0]) =>
  posts(w).flatMap((p) => (p.body.embeds ?? []).map((e: { title?: string }) => e.title));

describe('a renamed or copied document file', () => {
  it('is not posted again; a new document after it is', async () => {
    const w = await startWorld({ runtime: FAST });
    await run(w, 'subscribe');
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(1);

    fs.renameSync(path.join(w.corpusDir, 'fentanyl-seizures.md'), path.join(w.corpusDir, 'fentanyl-seizures-2025.md'));
    fs.copyFileSync(path.join(w.corpusDir, 'fentanyl-seizures-2025.md'), path.join(w.corpusDir, 'fentanyl-copy.md'));
    await expect
      .poll(() => w.index.getDocument('fentanyl-copy') && w.index.getDocument('fentanyl-seizures-2025'))
      .toBeTruthy();
    await idle(w);
    drop(w, 'sig-second.md', SIG);
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(2);
    await idle(w);
    expect(titles(w)).toEqual([
      'Fentanyl seizures rise at the northern border',
      'Security Implementation Group holds second meeting',
    ]);

    // The same after a restart: the ledger, not the process, remembers.
    await w.startAgain();
    await idle(w);
    expect(posts(w)).toHaveLength(2);
  });
});
