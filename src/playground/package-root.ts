/**
 * The folder of pactbot's package.json, found from this file: the playground's page and sample
 * documents are read from `<root>/src/playground/…` whether the code runs from `src/` (tsx) or
 * from `dist/src/` (`npm start`), so the build need not copy them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'pactbot')
      return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('could not find pactbot’s package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The page's files (HTML, script, styles, images). */
export const publicDir = (): string => path.join(packageRoot(), 'src', 'playground', 'public');
/** The documents the page's "Add a sample document" button drops into the corpus folder. */
export const samplesDir = (): string => path.join(packageRoot(), 'src', 'playground', 'samples');
