/**
 * Property-based: the command line, run in-process, given hostile questions and names. Human
 * output never carries a raw control character (only its own bold on a terminal), JSON output
 * stays JSON, and every run ends with a reply and exit code 0 or 2 — never a crash.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../src/cli/run.js';
import { hostileText } from './helpers/hostile-text.js';
import { tempDataDir } from './helpers/corpus.js';

/** Terminal control characters, as the escaping defines them (C0 but newline and tab, DEL, C1, bidi). */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- the ANSI bold sequence starts with ESC
const OUR_BOLD = /\u001b\[(1|22)m/g;

let dataDir: string;
beforeAll(async () => {
  dataDir = await tempDataDir();
});

async function pactbot(args: string[], options: { tty?: boolean; stdin?: string[] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    stdin: Object.assign(Readable.from((options.stdin ?? []).map((l) => `${l}\n`)), {
      isTTY: options.stdin === undefined,
    }),
    stdoutIsTTY: options.tty ?? false,
    env: { DATA_DIR: dataDir },
  };
  const code = await runCli([...args, '--corpus', 'corpus'], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const text = hostileText();
const RUNS = { numRuns: 40 };

describe('pactbot with hostile input', () => {
  it('ask prints no raw control character, in a pipe or on a terminal', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), async (question, tty) => {
        const { code, out, err } = await pactbot(['ask', '--', question], { tty });
        expect([0, 2]).toContain(code);
        expect(`${out}${err}`.length).toBeGreaterThan(0);
        expect(RAW_CONTROL.test(out.replace(OUR_BOLD, ''))).toBe(false);
        expect(RAW_CONTROL.test(err)).toBe(false);
      }),
      RUNS,
    );
  }, 120_000);

  it('ask --json prints one JSON answer for the question asked', async () => {
    await fc.assert(
      fc.asyncProperty(
        text.filter((q) => q.trim().length > 0),
        async (question) => {
          const { code, out } = await pactbot(['ask', '--json', '--', question]);
          expect(code).toBe(0);
          expect(RAW_CONTROL.test(out)).toBe(false);
          const answer = JSON.parse(out);
          expect(Object.keys(answer)).toEqual(['question', 'notFound', 'unknownTerms', 'answers']);
        },
      ),
      RUNS,
    );
  }, 120_000);

  it('ask from standard input prints one JSON line per non-blank question', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          text.map((t) => t.replace(/[\r\n\u2028\u2029\u0085]/g, ' ')),
          { maxLength: 5 },
        ),
        async (lines) => {
          const { code, out } = await pactbot(['ask'], { stdin: lines });
          expect(code).toBe(0);
          const printed = out ? out.split('\n') : [];
          expect(printed).toHaveLength(lines.filter((l) => l.trim()).length);
          for (const line of printed) expect(JSON.parse(line)).toHaveProperty('answers');
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);

  it('quotes --speaker/--about and unknown options print no raw control character', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, fc.boolean(), async (speaker, about, json) => {
        const { code, out, err } = await pactbot([
          'quotes',
          `--speaker=${speaker}`,
          `--about=${about}`,
          ...(json ? ['--json'] : []),
        ]);
        expect(code).toBe(0);
        if (json) expect(JSON.parse(out)).toHaveProperty('quotes');
        expect(RAW_CONTROL.test(out) || RAW_CONTROL.test(err)).toBe(false);
        const unknown = await pactbot(['ask', `--${speaker.replace(/^-+/, '') || 'x'}`, 'question']);
        expect(RAW_CONTROL.test(unknown.out) || RAW_CONTROL.test(unknown.err)).toBe(false);
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('shows an escape sequence in a question as text', async () => {
    const { out } = await pactbot(['ask', 'Did \u001b[2J\u001b[31mMerkel\u202e sign?']);
    expect(out).toContain('Did \\x1b[2J\\x1b[31mMerkel\\u202e sign?');
  });
});
