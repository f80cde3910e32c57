import { createHash } from 'node:crypto';

/** Discord accepts a message nonce of at most 25 characters. */
export const MAX_NONCE_LENGTH = 25;

/**
 * A stable nonce for one post: the same destination (`targetKey`) and the same set of documents
 * always give the same nonce (order does not matter), so a retried send with `enforce_nonce`
 * cannot post twice.
 */
export function deliveryNonce(destination: string, documentIds: string[]): string {
  const key = `${destination}\n${[...documentIds].sort().join('\n')}`;
  return createHash('sha256').update(key).digest('base64url').slice(0, MAX_NONCE_LENGTH);
}
