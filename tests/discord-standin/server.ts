/** Moved to src/playground/local-discord.ts (the local Discord ships with the product); re-exported for the tests. */
export * from '../../src/playground/local-discord.js';
