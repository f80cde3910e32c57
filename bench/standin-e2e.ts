/**
 * Interaction-to-reply latency through the Discord stand-in: /ask at 1, 10 and 50 at once. The
 * bot (the real discord.js client and router) runs in this process on the loaded index; the
 * stand-in and the client asking run in another (bench/standin-driver.ts), as Discord would.
 *
 *   npx tsx bench/standin-e2e.ts CORPUS DATA QUESTIONS   the index loaded from DATA, then the figures
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { PactIndex } from '../src/pact-index.js';
import { speakerIntent } from '../src/question/question.js';
import { startBot } from '../src/discord/client.js';
import { createLogger } from '../src/log.js';
import { baseCommands } from '../commands/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs the stand-in's /ask rounds against a bot on `pact`; calls `report` with each figure. */
export async function endToEnd(
  pact: PactIndex,
  questions: string[],
  report: (key: string, value: unknown) => void,
): Promise<void> {
  const driver = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'standin-driver.ts')], {
    env: { ...process.env, BENCH_QUESTIONS: JSON.stringify(questions) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => driver.on('exit', resolve));
  const lines = createInterface({ input: driver.stdout });
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;
  try {
    for await (const line of lines) {
      if (line.startsWith('STANDIN ')) {
        const { apiUrl, token } = JSON.parse(line.slice(8)) as { apiUrl: string; token: string };
        const logger = createLogger({
          level: 'error',
          secrets: [token],
          destination: new Writable({ write: (_c, _e, done) => done() }),
        });
        const perSecond = Number(process.env.BENCH_REST_PER_SECOND ?? 0);
        bot = await startBot({
          config: { discordToken: token, apiUrl },
          index: pact,
          logger,
          commands: baseCommands,
          clientOptions: perSecond ? { rest: { globalRequestsPerSecond: perSecond } } : {},
        });
        driver.stdin.write('ready\n');
      } else if (line.startsWith('RESULT ')) {
        const { key, value } = JSON.parse(line.slice(7)) as { key: string; value: unknown };
        report(key, value);
      }
    }
    const code = await exited;
    if (code !== 0) throw new Error(`the stand-in process exited with ${code}`);
  } finally {
    driver.kill();
    await bot?.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [corpusDir = 'corpus', dataDir = 'data', questionsFile = 'questions.json'] = process.argv.slice(2);
  const questions = (JSON.parse(await readFile(questionsFile, 'utf8')) as string[]).filter((q) => !speakerIntent(q));
  const pact = await PactIndex.open({ corpusDir, dataDir });
  for (const q of questions) pact.answerQuestion(q); // as in measure.ts, the asks before warm the memos
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(1))
      .join(' ');
  console.log(`${pact.stats().passages} passages; load average ${load()}`);
  await endToEnd(pact, questions, (key, value) => console.log(key, JSON.stringify(value), `load ${load()}`));
  process.exit(0);
}
