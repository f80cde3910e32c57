/** Moved to src/playground/interactions.ts; re-exported for the tests. */
export * from '../../src/playground/interactions.js';
