/** The bounded best-k selection retrieval keeps its candidate pool in (src/search/top-k.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopK } from '../src/search/top-k.js';

describe('TopK', () => {
  it('keeps the k highest scores of any stream, best first', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: 0, max: 12 }), (scores, k) => {
        const top = new TopK<number>(k);
        scores.forEach((score, i) => top.push(i, score));
        const kept = top.sorted();
        expect(kept.map((e) => e.score)).toEqual([...scores].sort((a, b) => b - a).slice(0, k));
        // Every kept item is one that was pushed with that score.
        for (const { item, score } of kept) expect(scores[item]).toBe(score);
      }),
    );
  });

  it('gives results that later pushes do not change', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1 }), fc.array(fc.integer()), (first, later) => {
        const top = new TopK<string>(3);
        first.forEach((score, i) => top.push(`a${i}`, score));
        const before = top.sorted();
        const copy = before.map((e) => ({ ...e }));
        later.forEach((score, i) => top.push(`b${i}`, score));
        expect(before).toEqual(copy);
      }),
    );
  });
});
