/** HTTP for feeds and articles: conditional GETs, timeouts, size limits, and charset decoding. */

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

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
  timeoutMs?: number;
  /** Larger bodies are refused. Default 10 MB. */
  maxBytes?: number;
  userAgent?: string;
}

export type FetchResult =
  | { status: 304; url: string }
  | { status: 200; url: string; bytes: Buffer; contentType: string; etag?: string; lastModified?: string };

/**
 * GET with `If-None-Match` / `If-Modified-Since` when validators are known. Returns 304 or the body;
 * throws `FetchError` for anything else (network error, timeout, HTTP error, body too large).
 */
export async function fetchConditional(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const headers: Record<string, string> = {
    'user-agent': options.userAgent ?? USER_AGENT,
    accept: options.accept ?? '*/*',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(options.timeoutMs ?? 20_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = (error as Error).name === 'TimeoutError' ? 'timed out' : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new FetchError(url, `could not fetch ${url}: ${detail}`, { transient: true, cause: error });
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 304, url: response.url || url };
  }
  if (!response.ok) {
    await response.body?.cancel();
    const transient = response.status >= 500 || response.status === 429 || response.status === 408;
    throw new FetchError(url, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${url}`, {
      status: response.status,
      transient,
    });
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchError(url, `${url} is too large (${declared} bytes)`, { transient: false });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > maxBytes) throw new FetchError(url, `${url} is too large (over ${maxBytes} bytes)`, { transient: false });
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw new FetchError(url, `could not read ${url}: ${(error as Error).message}`, { transient: true, cause: error });
  }
  return {
    status: 200,
    url: response.url || url,
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

/** True for an HTML (or XHTML) Content-Type, or none at all with HTML-looking bytes. */
export function looksLikeHtml(contentType: string, bytes: Buffer): boolean {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml') return true;
  if (type && type !== 'application/octet-stream' && type !== 'text/plain') return false;
  return /<(!doctype html|html|body|article)\b/i.test(bytes.subarray(0, 4096).toString('latin1'));
}
