import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { defaultOf } from '../config.js';
import type { Delivery, Subscription } from '../store/store.js';
import type { ShardScope, StateStore } from '../store/state-store.js';
import { classifyDeliveryError } from './errors.js';
import { deliveryNonce } from './nonce.js';
import type { DocumentSummary, UpdatePost } from './post.js';

export type DeliveryTarget = { kind: 'channel'; channelId: string } | { kind: 'dm'; userId: string };

/** What the Discord layer provides to the delivery worker. */
export interface UpdateSender {
  /**
   * Posts `post` to `target` with `nonce` and `enforce_nonce: true`. Throws an error with
   * `status` (HTTP) and `code` (Discord JSON error code) on failure — see `classifyDeliveryError`.
   */
  send(target: DeliveryTarget, post: UpdatePost, nonce: string): Promise<{ messageId: string }>;
  /** Tells the subscription's creator (DM, or the channel if reachable) that it was disabled and why. */
  notifyDisabled(subscription: Subscription, reason: string): Promise<void>;
}

export interface DeliverOptions {
  store: StateStore;
  sender: UpdateSender;
  /** This process's id in `claimed_by`. Default: host, pid and a random suffix, fixed per process. */
  worker?: string;
  /** How long a claim holds before another process may take the deliveries over. Default 2 minutes. */
  leaseMs?: number;
  /** Deliver only for this shard's guilds (and any DM). Default: everything. */
  shard?: ShardScope;
  /** Posts per channel (or DM user) per rolling hour; the rest wait. 0 = no cap. Default: MAX_POSTS_PER_CHANNEL_PER_HOUR's. */
  maxPostsPerChannelPerHour?: number;
  /** Time of this run (ms). Default `Date.now()`. */
  now?: number;
  /** Most documents one digest post carries; more go in the next post (subject to the cap). Default 10. */
  maxDocumentsPerDigest?: number;
  /** Attempts before a transient failure becomes permanent. Default 10. */
  maxAttempts?: number;
  /** Delay before attempt `attempt + 1` after `attempt` failures. Default 30 s doubling, at most 1 h. */
  backoffMs?: (attempt: number) => number;
}

export interface DeliveryReport {
  sent: { subscriptionId: number; documentIds: string[]; messageId: string; nonce: string }[];
  /** Transient failures, scheduled again. */
  retrying: { subscriptionId: number; documentIds: string[]; reason: string; nextAttemptAt: number }[];
  /** Permanent failures (not retried): report these to the operator. */
  failed: { subscriptionId: number; documentIds: string[]; reason: string }[];
  /** Subscriptions disabled in this run; `notified` is false if notifyDisabled itself failed. */
  disabled: { subscriptionId: number; reason: string; notified: boolean; notifyError?: string }[];
  /** Destinations held back by the hourly cap (under their first subscription), and when the window frees up. */
  waiting: { subscriptionId: number; documentIds: string[]; until: number }[];
}

const HOUR = 60 * 60 * 1000;

/** One id per process: claims made by a process that died are recognisably someone else's. */
export const WORKER_ID = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Longer than any send (discord.js gives up on a request after 15 s, retries included well within this). */
export const DEFAULT_LEASE_MS = 2 * 60 * 1000;

export function defaultBackoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), HOUR);
}

export function targetOf(sub: Subscription): DeliveryTarget {
  return sub.kind === 'channel' ? { kind: 'channel', channelId: sub.channelId! } : { kind: 'dm', userId: sub.userId! };
}

/**
 * Picks the deliveries of one subscription that go out together in the next post: a group that
 * was already attempted (it has a nonce) is resent exactly as before; otherwise all due pending
 * deliveries, oldest first, up to the digest size.
 */
function nextGroup(pending: Delivery[], now: number, maxDocs: number): Delivery[] {
  const due = pending.filter((d) => d.nextAttemptAt <= now);
  const attempted = due.find((d) => d.nonce !== null);
  if (attempted) return pending.filter((d) => d.nonce === attempted.nonce);
  return due.filter((d) => d.nonce === null).slice(0, maxDocs);
}

/**
 * Sends what is pending: one post per destination (channel or DM user) per run — a single
 * document, or a digest of a burst — honouring the per-destination hourly cap. A destination
 * several subscriptions match gets one post mentioning the roles of all of them. Each post's
 * deliveries are given their nonce and committed before sending and are marked sent only after
 * Discord accepts, so a crash in between leaves them pending and the next run resends with the
 * same nonce (Discord drops the duplicate). Errors: 429/5xx/network → retry with backoff; gone
 * channel/user or no permission → the destination's subscriptions disabled and their creators
 * notified; other 4xx → failed with the reason. Never throws for a send.
 */
export async function deliverPending(options: DeliverOptions): Promise<DeliveryReport> {
  const { store, sender } = options;
  const now = options.now ?? Date.now();
  const cap = options.maxPostsPerChannelPerHour ?? defaultOf('MAX_POSTS_PER_CHANNEL_PER_HOUR');
  const maxDocs = Math.max(1, options.maxDocumentsPerDigest ?? 10);
  const maxAttempts = options.maxAttempts ?? 10;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const report: DeliveryReport = { sent: [], retrying: [], failed: [], disabled: [], waiting: [] };

  await store.prunePostLog(now - 24 * HOUR);
  // Claimed with a lease: another process (machine, shard) never takes these while we hold them,
  // and takes them over if we die before marking them sent.
  const claimed = await store.claimDueDeliveries({
    worker: options.worker ?? WORKER_ID,
    now,
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    shard: options.shard,
  });
  const byTarget = new Map<string, Delivery[]>();
  for (const d of claimed) byTarget.set(d.targetKey, [...(byTarget.get(d.targetKey) ?? []), d]);
  const finished = new Set<number>();
  try {
    for (const [key, pending] of byTarget) {
      const group = nextGroup(pending, now, maxDocs);
      if (group.length === 0) continue;
      if (await deliverGroup(key, group)) for (const d of group) finished.add(d.id);
    }
  } finally {
    // What this run did not send goes back at once (the next run, here or elsewhere, takes it).
    const unsent = claimed.filter((d) => !finished.has(d.id));
    if (unsent.length > 0) await store.releaseClaims(unsent.map((d) => d.id));
  }
  return report;

  /** Sends one post to `key`; false when nothing was attempted (its claims are given back). */
  async function deliverGroup(key: string, group: Delivery[]): Promise<boolean> {
    const [first] = group;
    if (!first) return false;
    const sub = await store.getSubscription(first.subscriptionId);
    if (!sub || !sub.enabled) return false;
    const documentIds = group.map((d) => d.documentId);

    if (cap > 0 && (await store.countPostsSince(key, now - HOUR)) >= cap) {
      const oldest = (await store.oldestPostSince(key, now - HOUR)) ?? now;
      report.waiting.push({ subscriptionId: sub.id, documentIds, until: oldest + HOUR });
      return false;
    }

    const summaries: DocumentSummary[] = [];
    const missing: number[] = [];
    for (const d of group) {
      const summary = await store.getUpdateDocument<DocumentSummary>(d.documentId);
      if (summary) summaries.push(summary);
      else missing.push(d.id);
    }
    if (missing.length > 0) {
      await store.markFailed(missing, 'document summary missing from the store');
      report.failed.push({
        subscriptionId: sub.id,
        documentIds: group.filter((d) => missing.includes(d.id)).map((d) => d.documentId),
        reason: 'document summary missing from the store',
      });
      if (summaries.length === 0) return true;
    }
    const sending = group.filter((d) => !missing.includes(d.id));
    const sendIds = sending.map((d) => d.id);
    const sendDocIds = summaries.map((s) => s.documentId);

    // The nonce is fixed (and committed) before the send: a retry after a crash reuses it.
    const nonce = group.find((d) => d.nonce !== null)?.nonce ?? deliveryNonce(key, sendDocIds);
    await store.assignNonce(sendIds, nonce);

    const base = {
      subscriptionId: sub.id,
      filters: [...new Set(sending.flatMap((d) => d.filters))],
      mentionRoleIds: sub.kind === 'channel' ? [...new Set(sending.flatMap((d) => d.mentionRoles))] : [],
    };
    const [only, ...others] = summaries;
    const post: UpdatePost =
      only && others.length === 0
        ? { ...base, kind: 'document', document: only }
        : { ...base, kind: 'digest', documents: summaries };

    try {
      const { messageId } = await sender.send(targetOf(sub), post, nonce);
      await store.markSent(sendIds, messageId, key, now);
      report.sent.push({ subscriptionId: sub.id, documentIds: sendDocIds, messageId, nonce });
    } catch (error) {
      const verdict = classifyDeliveryError(error);
      if (verdict.action === 'retry') {
        const attempts = Math.max(...group.map((d) => d.attempts)) + 1;
        if (attempts >= maxAttempts) {
          const reason = `gave up after ${attempts} attempts: ${verdict.reason}`;
          await store.markFailed(sendIds, reason);
          report.failed.push({ subscriptionId: sub.id, documentIds: sendDocIds, reason });
        } else {
          const nextAttemptAt = now + Math.max(verdict.retryAfterMs ?? 0, backoff(attempts));
          await store.markRetry(sendIds, verdict.reason, nextAttemptAt);
          report.retrying.push({
            subscriptionId: sub.id,
            documentIds: sendDocIds,
            reason: verdict.reason,
            nextAttemptAt,
          });
        }
      } else if (verdict.action === 'disable') {
        // The destination itself is closed: every subscription posting there stops, and each creator hears why.
        for (const each of await store.subscriptionsForTarget(key)) {
          await store.disableSubscription(each.id, verdict.reason);
          const entry: DeliveryReport['disabled'][number] = {
            subscriptionId: each.id,
            reason: verdict.reason,
            notified: true,
          };
          try {
            await sender.notifyDisabled({ ...each, enabled: false, disabledReason: verdict.reason }, verdict.reason);
          } catch (notifyError) {
            entry.notified = false;
            entry.notifyError = notifyError instanceof Error ? notifyError.message : String(notifyError);
          }
          report.disabled.push(entry);
        }
      } else {
        await store.markFailed(sendIds, verdict.reason);
        report.failed.push({ subscriptionId: sub.id, documentIds: sendDocIds, reason: verdict.reason });
      }
    }
    return true;
  }
}
