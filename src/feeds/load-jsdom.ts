import { createRequire } from 'node:module';

/**
 * jsdom, loaded on first use: it takes most of a second to load, and the bot needs it only when it
 * reads a feed or a web page, so starting the bot (and every command) does not wait for it.
 */
const require = createRequire(import.meta.url);
let jsdom: typeof import('jsdom') | undefined;

export function loadJsdom(): typeof import('jsdom') {
  return (jsdom ??= require('jsdom') as typeof import('jsdom'));
}
