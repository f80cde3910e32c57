/** `pactbot …` run in this process on buffers (the CLI is `runCli(argv, io)`), output as the process would print it. */
import { Readable } from 'node:stream';
import { runCli, type CliIo } from '../../src/cli/run.js';
import { tempDataDir } from './corpus.js';

let dataDir: Promise<string> | undefined;

export async function pactbot(
  args: string[],
  input?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  dataDir ??= tempDataDir();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    out: (text) => void stdout.push(`${text}\n`),
    err: (text) => void stderr.push(`${text}\n`),
    stdin: Object.assign(Readable.from(input === undefined ? [] : [input]), { isTTY: input === undefined }),
    stdoutIsTTY: false,
    env: { DATA_DIR: await dataDir, ...env },
  };
  const code = await runCli(args, io);
  return { stdout: stdout.join(''), stderr: stderr.join(''), code };
}
