import { describe, expect, it } from 'vitest';
import { withinTime } from '../src/within-time.js';

describe('withinTime', () => {
  it('gives the value of a promise that settles in time', async () => {
    await expect(withinTime(Promise.resolve('answer'), 1_000)).resolves.toBe('answer');
  });

  it('gives undefined for a promise that has not settled when the time is up', async () => {
    await expect(withinTime(new Promise<string>(() => {}), 20)).resolves.toBeUndefined();
  });

  it('passes a rejection on', async () => {
    await expect(withinTime(Promise.reject(new Error('encoder down')), 1_000)).rejects.toThrow('encoder down');
  });
});
