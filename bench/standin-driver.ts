/**
 * The Discord side of the end-to-end benchmark, run as its own process by bench/standin-e2e.ts:
 * the stand-in and a client sending /ask, timed from the INTERACTION_CREATE it dispatches to the
 * bot's edit of the deferred reply. A real Discord is another machine; in the bot's process the
 * stand-in's parsing and recording would queue on the bot's event loop and be counted as the bot's.
 *
 * Protocol: prints `STANDIN {"apiUrl","token"}`, waits for a line on stdin (the bot is ready),
 * asks, prints one `RESULT {json}` line per concurrency, exits.
 */
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { DiscordStandIn, type RecordedRequest } from '../tests/discord-standin/server.js';
import { commandInteraction } from '../tests/discord-standin/payloads.js';
import { percentiles } from './percentiles.js';

const questions = JSON.parse(process.env.BENCH_QUESTIONS ?? '[]') as string[];
const discord = await DiscordStandIn.start();
// One listener for every /ask in flight (not one each): the reply's path → its waiter.
const waiting = new Map<string, () => void>();
discord.on('request', (r: RecordedRequest) => {
  if (r.method === 'PATCH') waiting.get(decodeURIComponent(r.path))?.();
});
process.stdout.write(`STANDIN ${JSON.stringify({ apiUrl: discord.apiUrl, token: discord.token })}\n`);
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));

let asked = 0;
async function askOne(): Promise<number> {
  const n = asked++;
  const user = { id: String(300000000000000000n + BigInt(n)), username: `user${n}` };
  const question = questions[n % questions.length] ?? 'What is the security pact?';
  const payload = commandInteraction(discord, { name: 'ask', user, options: [{ name: 'question', value: question }] });
  const replyPath = `/webhooks/${discord.applicationId}/${payload.token}/messages/@original`;
  const replied = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to "${question}" within 30 s`)), 30_000);
    waiting.set(replyPath, () => {
      clearTimeout(timer);
      waiting.delete(replyPath);
      resolve();
    });
  });
  const start = performance.now();
  discord.sendInteraction(payload);
  await replied;
  return performance.now() - start;
}

for (let i = 0; i < 5; i++) await askOne(); // warm up the client's connections
for (const concurrency of [1, 10, 50]) {
  const samples: number[] = [];
  const rounds = concurrency === 1 ? 50 : concurrency === 10 ? 10 : 4;
  for (let r = 0; r < rounds; r++) samples.push(...(await Promise.all(Array.from({ length: concurrency }, askOne))));
  process.stdout.write(`RESULT ${JSON.stringify({ key: `e2e${concurrency}`, value: percentiles(samples) })}\n`);
}
await discord.close();
process.exit(0);
