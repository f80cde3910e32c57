/**
 * The playground never reaches outside 127.0.0.1: feeds are not polled (the runtime is started
 * without them), /corpus add is refused by the fetch policy (`fetchOptions.offline`) with a plain
 * reason shown to the user, and `globalThis.fetch` refuses every other host in this process.
 */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const OFFLINE_REASON =
  'the local playground does not reach outside 127.0.0.1 (connect the bot to Discord to add web pages)';

function hostOf(input: string | URL | Request): string | undefined {
  try {
    return new URL(input instanceof Request ? input.url : String(input)).hostname;
  } catch {
    return undefined;
  }
}

/** Replaces `globalThis.fetch` with one that only reaches 127.0.0.1; returns a function that undoes it. */
export function keepFetchLocal(): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const host = hostOf(input);
    if (!host || !LOOPBACK.has(host)) return Promise.reject(new Error(OFFLINE_REASON));
    return original(input, init);
  };
  return () => {
    globalThis.fetch = original;
  };
}
