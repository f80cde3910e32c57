/**
 * HTTP for feeds, articles and `/corpus add`: one outbound policy (public http(s) addresses only,
 * checked on every address actually connected to and on every redirect), conditional GETs,
 * time and size caps, and charset decoding.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
// The WHATWG decoder: Node 20's built-in TextDecoder decodes windows-1252 as ISO-8859-1 ("“" → U+0093).
import { TextDecoder } from '@exodus/bytes/encoding.js';
import sniffHtmlEncoding from 'html-encoding-sniffer';
import { Agent, buildConnector, fetch as undiciFetch, type Response } from 'undici';
import type { PageReadingLimits } from './extract-off-thread.js';
import { parseAllowList, refusalFor, urlRefusal, type AllowList } from './fetch-policy.js';

export const USER_AGENT = 'pactbot/0.1 (+https://github.com/; corpus updater)';

/** An HTTP or network failure, with whether trying again later could help. */
export class FetchError extends Error {
  readonly url: string;
  readonly status?: number;
  readonly transient: boolean;

  constructor(url: string, message: string, options: { status?: number; transient: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'FetchError';
    this.url = url;
    this.status = options.status;
    this.transient = options.transient;
  }
}

/**
 * An address the outbound policy refuses (internal, not http(s), credentials in the URL).
 * Permanent: the same address is refused every time, so callers must not retry it.
 */
export class FetchRefusedError extends FetchError {
  readonly permanent = true as const;
  /** Why, e.g. "127.0.0.1 is a loopback (this machine) address". */
  readonly reason: string;

  constructor(url: string, reason: string) {
    super(
      url,
      `refused ${url}: ${reason}; the bot fetches only public addresses unless its owner allows the host in FETCH_ALLOW_HOSTS`,
      {
        transient: false,
      },
    );
    this.name = 'FetchRefusedError';
    this.reason = reason;
  }
}

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
  /** For the whole request, redirects included. Default 20 s. */
  timeoutMs?: number;
  /** Larger bodies are refused. Default 10 MB. */
  maxBytes?: number;
  userAgent?: string;
  /**
   * Hosts fetched although their addresses are not public (FETCH_ALLOW_HOSTS): host names,
   * addresses or CIDR ranges. Default none.
   */
  allowHosts?: readonly string[];
  /** How host names are resolved (default `dns.lookup`); every address it returns is checked. */
  lookup?: LookupFunction;
  /** Most redirects followed. Default 5. */
  maxRedirects?: number;
  /** Limits on reading a fetched article page off the main thread (used by ingest.ts). */
  extraction?: Partial<PageReadingLimits>;
  /** Refuse every fetch with this reason: the playground, which never leaves 127.0.0.1. */
  offline?: string;
}

export type FetchResult =
  | { status: 304; url: string }
  | { status: 200; url: string; bytes: Buffer; contentType: string; etag?: string; lastModified?: string };

/** A URL as shown in messages and logs: no user name or password. */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search}`;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * Resolves like `base`, then keeps only the addresses the policy allows: what net.connect gets
 * is exactly what was checked, so there is no gap for DNS rebinding between check and connect.
 */
function checkedLookup(allow: AllowList, base: LookupFunction): LookupFunction {
  return (hostname, options, callback: LookupCallback) => {
    base(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, '', undefined);
      const addresses = Array.isArray(found) ? found : [{ address: found, family: 0 }];
      const allowed = addresses.filter((a) => !refusalFor(a.address, hostname, allow));
      if (allowed.length === 0) {
        const why = addresses.map((a) => refusalFor(a.address, hostname, allow)).find(Boolean) ?? 'no address';
        return callback(
          new FetchRefusedError(hostname, `${hostname} resolves to ${why.replace(' is ', ', ')}`),
          '',
          undefined,
        );
      }
      const [first] = allowed;
      if (options.all) callback(null, allowed);
      else if (first) callback(null, first.address, first.family);
    });
  };
}

/**
 * A connector that resolves through `checkedLookup` and checks the socket's remote address once
 * connected (address literals skip the lookup; this catches every path).
 */
function checkedConnector(allow: AllowList, lookup: LookupFunction): buildConnector.connector {
  const connect = buildConnector({ lookup: checkedLookup(allow, lookup) });
  return (options, callback) =>
    connect(options, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('no connection'), null);
      const why = socket.remoteAddress
        ? refusalFor(socket.remoteAddress, options.hostname, allow)
        : 'the connected address is unknown';
      if (!why) return callback(null, socket);
      socket.destroy();
      callback(new FetchRefusedError(options.hostname, why), null);
    });
}

function refusalIn(error: unknown): FetchRefusedError | undefined {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) if (e instanceof FetchRefusedError) return e;
  return undefined;
}

/** One GET, redirects not followed; `from` is the first URL when this is a redirect. */
async function getOnce(
  url: URL,
  from: URL | undefined,
  headers: Record<string, string>,
  agent: Agent,
  signal: AbortSignal,
  allow: AllowList,
): Promise<Response> {
  const via = from ? ` (redirected from ${shown(from)})` : '';
  const refused = urlRefusal(url, allow);
  if (refused) throw new FetchRefusedError(`${shown(url)}${via}`, refused);
  try {
    return await undiciFetch(url, { headers, redirect: 'manual', signal, dispatcher: agent });
  } catch (error) {
    const refusal = refusalIn(error);
    if (refusal) throw new FetchRefusedError(`${shown(url)}${via}`, refusal.reason);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail =
      (error as Error).name === 'TimeoutError'
        ? 'timed out'
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new FetchError(shown(from ?? url), `could not fetch ${shown(url)}${via}: ${detail}`, {
      transient: true,
      cause: error,
    });
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET with `If-None-Match` / `If-Modified-Since` when validators are known, through the outbound
 * policy (see fetch-policy.ts): every hop of a redirect is checked again. Returns 304 or the body;
 * throws `FetchRefusedError` for a refused address and `FetchError` for anything else (network
 * error, timeout, HTTP error, too many redirects, body too large).
 */
export async function fetchConditional(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const headers: Record<string, string> = {
    'user-agent': options.userAgent ?? USER_AGENT,
    accept: options.accept ?? '*/*',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const allow = parseAllowList(options.allowHosts);
  const signal = AbortSignal.timeout(options.timeoutMs ?? 20_000);
  let first: URL;
  try {
    first = new URL(url);
  } catch {
    throw new FetchError(url, `"${url}" is not a URL`, { transient: false });
  }
  if (options.offline) throw new FetchRefusedError(shown(first), options.offline);
  let current = first;
  const agent = new Agent({ connect: checkedConnector(allow, options.lookup ?? dns.lookup) });
  try {
    for (let hop = 0; ; hop++) {
      const response = await getOnce(current, hop > 0 ? first : undefined, headers, agent, signal, allow);
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || !location) return await readResponse(shown(current), response, maxBytes);
      await response.body?.cancel();
      if (hop >= (options.maxRedirects ?? 5))
        throw new FetchError(shown(first), `too many redirects from ${shown(first)}`, { transient: false });
      try {
        current = new URL(location, current);
      } catch {
        throw new FetchError(shown(first), `${shown(current)} redirects to an invalid address`, { transient: false });
      }
    }
  } finally {
    agent.destroy().catch(() => undefined);
  }
}

/** The response as a `FetchResult`: 304, or the body within `maxBytes`; HTTP errors thrown. */
async function readResponse(url: string, response: Response, maxBytes: number): Promise<FetchResult> {
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 304, url };
  }
  if (!response.ok) {
    await response.body?.cancel();
    const transient = response.status >= 500 || response.status === 429 || response.status === 408;
    throw new FetchError(
      url,
      `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${url}`,
      {
        status: response.status,
        transient,
      },
    );
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchError(url, `${url} is too large (${declared} bytes)`, { transient: false });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes)
        throw new FetchError(url, `${url} is too large (over ${maxBytes} bytes)`, { transient: false });
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw new FetchError(url, `could not read ${url}: ${(error as Error).message}`, { transient: true, cause: error });
  }
  return {
    status: 200,
    url,
    bytes: Buffer.concat(chunks),
    contentType: response.headers.get('content-type') ?? '',
    etag: response.headers.get('etag') ?? undefined,
    lastModified: response.headers.get('last-modified') ?? undefined,
  };
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

/** The canonical name of an encoding label `TextDecoder` supports ("latin1" → "windows-1252"), else undefined. */
export function supportedEncoding(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/**
 * The encoding of a document's bytes: byte-order mark, then the Content-Type charset, then the
 * XML declaration's `encoding` (or an HTML `<meta charset>`), then UTF-8.
 */
export function detectEncoding(bytes: Buffer, contentType?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  const fromHeader = supportedEncoding(charsetOf(contentType));
  if (fromHeader) return fromHeader;
  const head = bytes.subarray(0, 2048).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  const fromXml = supportedEncoding(xml?.[1]);
  if (fromXml) return fromXml;
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return supportedEncoding(meta?.[1]) ?? 'utf-8';
}

/**
 * Decodes bytes to text by `detectEncoding`. When the bytes are not valid in the charset the HTTP
 * header claims (a server saying UTF-8 about an ISO-8859-1 feed), the XML declaration's or
 * `<meta>` encoding is tried instead; what still does not decode becomes U+FFFD, never an error.
 */
export function decodeBody(bytes: Buffer, contentType?: string): string {
  const encoding = detectEncoding(bytes, contentType);
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const declared = detectEncoding(bytes);
    return new TextDecoder(declared !== encoding ? declared : encoding).decode(bytes).replace(/^\uFEFF/, '');
  }
}

function decodesCleanly(bytes: Uint8Array, encoding: string): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding of an HTML page: byte-order mark; the Content-Type charset (unless the bytes are
 * invalid in it); a `<meta charset>` or `http-equiv` declaration (the WHATWG prescan); then
 * UTF-8 when the bytes are valid UTF-8 — most undeclared pages today are — else windows-1252.
 */
export function detectHtmlEncoding(bytes: Uint8Array, contentType?: string): string {
  const bom = sniffHtmlEncoding(bytes.subarray(0, 3), { defaultEncoding: null });
  if (bom) return bom.toLowerCase();
  const declared = supportedEncoding(charsetOf(contentType));
  if (declared && decodesCleanly(bytes, declared)) return declared;
  const meta = sniffHtmlEncoding(bytes, { defaultEncoding: null });
  if (meta) return meta.toLowerCase();
  if (decodesCleanly(bytes, 'utf-8')) return 'utf-8';
  // A header claiming UTF-8 about bytes that are not is the common server mistake.
  return declared && declared !== 'utf-8' ? declared : 'windows-1252';
}

/** An HTML page's text, decoded by `detectHtmlEncoding`; undecodable bytes become U+FFFD. */
export function decodeHtml(bytes: Uint8Array, contentType?: string): string {
  return new TextDecoder(detectHtmlEncoding(bytes, contentType)).decode(bytes).replace(/^\uFEFF/, '');
}

/** True for an HTML (or XHTML) Content-Type, or none at all with HTML-looking bytes. */
export function looksLikeHtml(contentType: string, bytes: Buffer): boolean {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml') return true;
  if (type && type !== 'application/octet-stream' && type !== 'text/plain') return false;
  return /<(!doctype html|html|body|article)\b/i.test(bytes.subarray(0, 4096).toString('latin1'));
}
