/**
 * The playground page in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * a person asks with /ask, picks the bot's autocomplete, pages with More, tries /subscribe as a
 * member and as a server manager, adds a sample document and sees one update post in #updates.
 * With UPDATE_SCREENSHOT set it saves docs/playground.png, the README's screenshot.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../src/playground/start-playground.js';
import { captureLogs } from './discord-standin/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !process.env.CI) {
  console.warn(
    `playground-browser: skipped — no Chromium at ${CHROMIUM} (install Debian's "chromium" package; .ci/run does).`,
  );
}

let playground: Playground;
let context: BrowserContext;
let page: Page;
let dir: string;

beforeAll(async () => {
  if (!hasChromium && !process.env.CI) return;
  dir = mkdtempSync(path.join(tmpdir(), 'pactbot-playground-'));
  playground = await startPlayground(
    { port: 0, dir: path.join(dir, 'data'), sourceCorpusDir: path.resolve('corpus'), logLevel: 'warn' },
    { logDestination: captureLogs().destination, burstDelayMs: 200 },
  );
  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await playground?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const input = () => page.locator('#input');
const main = () => page.locator('#main-messages');
const popupItem = (text: string | RegExp) => page.locator('#popup .popup-item', { hasText: text });
const lastMain = () => main().locator('discord-message').last();

/** Types a slash command and picks it from the command list. */
async function startCommand(name: string): Promise<void> {
  await input().click();
  await input().pressSequentially(`/${name}`);
  await popupItem(`/${name}`).first().waitFor();
  await input().press('Enter');
  await expect.poll(() => page.locator('#command-chip').textContent()).toBe(`/${name}`);
}

async function asPersona(persona: 'member' | 'manager'): Promise<void> {
  await page.locator('#persona').selectOption(persona);
}

/** Every request the page made went to the playground's own address. */
const outside: string[] = [];

describe.skipIf(!hasChromium && !process.env.CI)('the playground page in Chromium', () => {
  it('opens as a Discord channel marked as a local preview', async () => {
    page.on('request', (r) => {
      if (!r.url().startsWith(playground.url) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    await page.goto(playground.url);
    await page.locator('body[data-ready="true"]').waitFor();
    await expect
      .poll(() => page.locator('.preview-banner').textContent())
      .toMatch(/Local preview.*Not connected to Discord/s);
    expect(await page.locator('#channels .channel-item').allTextContents()).toEqual([
      '#general',
      '↳sovereignty-questions',
      '#updates',
    ]);
  });

  it('answers /ask with the autocomplete source: quoted passages, bold sentence, citation; More pages on', async () => {
    await startCommand('ask');
    await input().pressSequentially('What did they say about cartels?');
    await input().press('Tab'); // to the next option: source
    await expect.poll(() => page.locator('.option-chip.focused').textContent()).toBe('source:');
    await input().pressSequentially('unveil');
    // The bot's own autocomplete answers with the matching document.
    const choice = popupItem('Rubio and Mexican President Sheinbaum unveil security pact');
    await choice.waitFor({ timeout: 10_000 });
    await choice.click();
    await input().press('Enter');

    const answer = lastMain();
    await expect.poll(() => answer.locator('discord-embed').count(), { timeout: 10_000 }).toBe(3);
    await expect.poll(() => answer.locator('discord-command').getAttribute('command')).toBe('/ask');
    const first = answer.locator('discord-embed').first();
    // The passage is a block quote with the answering sentence in bold, then its citation.
    expect(await first.locator('discord-embed-description discord-quote strong').count()).toBeGreaterThan(0);
    // What the page shows inside the quote is word for word in the cited paragraph.
    const cited = /¶(\d+)\s*$/.exec((await first.locator('discord-embed-description').textContent()) ?? '')!;
    const paragraph = playground.index.getDocument('wsws-2025-09-08-rubio-sheinbaum-security-pact')!.paragraphs[
      Number(cited[1]) - 1
    ];
    const shown = (await first.locator('discord-quote').innerText()).replace(/\s+/g, ' ').replace(/…$/, '').trim();
    expect(paragraph?.replace(/\s+/g, ' ')).toContain(shown);
    const citation = await first.locator('discord-embed-description > em').textContent();
    expect(citation).toBe('US Secretary of State Rubio and Mexican President Sheinbaum unveil security pact');
    expect(await first.locator('discord-embed-description').textContent()).toContain('World Socialist Web Site');
    await expect
      .poll(() => answer.locator('discord-embed-footer').textContent())
      .toMatch(
        /^Passages 1–3 · source: wsws-2025-09-08-rubio-sheinbaum-security-pact · Q: What did they say about cartels\?/,
      );

    await answer.locator('discord-button', { hasText: 'More' }).click();
    await expect
      .poll(() => lastMain().locator('discord-embed-footer').textContent(), { timeout: 10_000 })
      .toMatch(/^Passages 4–/);
    expect(await main().locator('discord-message').count()).toBe(1); // More edits the answer in place
  });

  it('refuses /subscribe for a channel to a member, and subscribes #updates for a server manager', async () => {
    await asPersona('member');
    await startCommand('subscribe');
    await input().press('Enter');
    const refusal = lastMain();
    await expect
      .poll(() => refusal.textContent(), { timeout: 10_000 })
      .toMatch(/Only members with the Manage Server permission can subscribe a channel/);
    expect(await refusal.getAttribute('ephemeral')).not.toBeNull();
    expect(await refusal.evaluate((node) => node.shadowRoot?.textContent ?? '')).toContain('Only you can see this');
    expect(playground.world.discord.channelMessages(playground.world.updatesId)).toHaveLength(0);

    await asPersona('manager');
    await startCommand('subscribe');
    await expect
      .poll(() => page.locator('#hint .add-option').allTextContents())
      .toEqual(['channel', 'filter', 'role', 'dm']);
    await page.locator('#hint .add-option', { hasText: 'channel' }).click();
    await input().pressSequentially('upd');
    await popupItem('#updates').click();
    await input().press('Enter');
    await expect
      .poll(() => lastMain().textContent(), { timeout: 10_000 })
      .toMatch(/Subscribed\s*updates\s*to every new document/);
  });

  it('posts one update in #updates when a sample document is added', async () => {
    const sample = await page.locator('#sample option').first().textContent();
    await page.locator('#add-sample').click();
    await expect.poll(() => page.locator('#sample-note').textContent()).toMatch(/^Added/);
    const posts = page.locator('#updates-messages discord-message');
    await expect.poll(() => posts.count(), { timeout: 20_000 }).toBe(1);
    expect(await posts.first().locator('discord-embed').getAttribute('embed-title')).toBe(sample);
    // The pipeline is idle once the post is recorded delivered; still exactly one.
    await playground.bot.updates!.deliverNow();
    expect(await posts.count()).toBe(1);
    expect(playground.world.discord.channelMessages(playground.world.updatesId)).toHaveLength(1);

    await page.locator('#main-scroller').evaluate((node) => (node.scrollTop = 0));
    // The README's screenshot is refreshed only when asked, so a test run leaves the checkout clean.
    const shot = process.env.UPDATE_SCREENSHOT ? path.resolve('docs/playground.png') : path.join(dir, 'playground.png');
    await page.screenshot({ path: shot });
    expect(outside).toEqual([]);
  });
});
