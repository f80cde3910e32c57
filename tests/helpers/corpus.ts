import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A corpus file's text from metadata and paragraphs. */
export function corpusFile(meta: Record<string, string | boolean>, paragraphs: string[]): string {
  const front = Object.entries(meta)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? JSON.stringify(value) : value}`)
    .join('\n');
  return `---\n${front}\n---\n\n${paragraphs.join('\n\n')}\n`;
}

/** A fresh temporary folder holding the given files (name → content). */
export async function makeCorpus(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pactbot-corpus-'));
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

export const tempDataDir = () => mkdtemp(path.join(tmpdir(), 'pactbot-data-'));
