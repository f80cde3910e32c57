/**
 * src/config.ts is the one description of every environment variable; `.env.example` and the README's
 * settings table are held against it here, so a variable added, renamed or re-defaulted in one place
 * and not the others fails the suite.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS, type SettingName } from '../src/config.js';

const names = Object.keys(SETTINGS) as SettingName[];
const setting = (name: SettingName): { required?: boolean; default?: string; description: string } => SETTINGS[name];

/** `NAME=value` lines of .env.example, in order. */
function exampleEntries(): [string, string][] {
  return readFileSync('.env.example', 'utf8')
    .split('\n')
    .map((line) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1] ?? '', m[2] ?? '']);
}

/** The README's table, as it must read: one row a variable, in the module's order. */
function expectedTable(): string {
  const rows = names.map((name) => {
    const s = setting(name);
    const value = s.required ? 'required' : s.default === undefined ? '—' : `\`${s.default}\``;
    return `| \`${name}\` | ${value} | ${s.description} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

describe('one description of the settings', () => {
  it('.env.example lists every variable the code reads, in the same order, and no other', () => {
    expect(exampleEntries().map(([name]) => name)).toEqual(names);
  });

  it('.env.example shows each default as the code applies it, or leaves it empty', () => {
    for (const [name, value] of exampleEntries()) {
      const fallback = setting(name as SettingName).default;
      expect([fallback ?? '', ''], name).toContain(value);
    }
  });

  it("the README's settings table says what the code does", () => {
    expect(readFileSync('README.md', 'utf8')).toContain(expectedTable());
  });

  it('an unset variable takes the default the table shows (the hourly cap is 6 in one place)', () => {
    expect(setting('MAX_POSTS_PER_CHANNEL_PER_HOUR').default).toBe('6');
  });
});
