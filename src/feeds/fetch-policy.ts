/**
 * Which addresses the bot may fetch from: public http(s) only. Feed item links and `/corpus add`
 * addresses are chosen by outsiders, so a URL must never reach the bot's own machine, its
 * network, or cloud metadata (169.254.169.254). The owner can allow named hosts with
 * FETCH_ALLOW_HOSTS (an intranet site, a test server on 127.0.0.1).
 */
import ipaddr from 'ipaddr.js';

/** `FETCH_ALLOW_HOSTS` entries, parsed: host names, single addresses and CIDR ranges. */
export interface AllowList {
  names: Set<string>;
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** Lower case, without IPv6 brackets or a trailing dot. */
function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** An address with IPv4-mapped IPv6 (::ffff:127.0.0.1) turned into the IPv4 address it is. */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const text = normalizeHost(address).replace(/%.*$/, ''); // drop an IPv6 zone id (fe80::1%eth0)
  return ipaddr.isValid(text) ? ipaddr.process(text) : undefined;
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Why an allow-list entry is not a host name, address or CIDR range; undefined when it is one. */
export function allowEntryProblem(entry: string): string | undefined {
  const host = normalizeHost(entry);
  if (host.includes('/')) return ipaddr.isValidCIDR(host) ? undefined : `"${entry}" is not a valid address range`;
  if (parseAddress(host) || HOST_NAME.test(host)) return undefined;
  return `"${entry}" is not a host name or an IP address`;
}

/** Parses "intranet.example, 10.0.0.5, 10.1.0.0/16" (entries already checked with `allowEntryProblem`). */
export function parseAllowList(entries: readonly string[] | string | undefined): AllowList {
  const list: AllowList = { names: new Set(), ranges: [] };
  const items = typeof entries === 'string' ? entries.split(',') : (entries ?? []);
  for (const raw of items) {
    const entry = normalizeHost(raw);
    if (!entry) continue;
    if (entry.includes('/') && ipaddr.isValidCIDR(entry)) {
      const [base, bits] = ipaddr.parseCIDR(entry);
      list.ranges.push(
        base.kind() === 'ipv6' && (base as ipaddr.IPv6).isIPv4MappedAddress()
          ? [(base as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)]
          : [base, bits],
      );
      continue;
    }
    const address = parseAddress(entry);
    if (address) list.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    else list.names.add(entry);
  }
  return list;
}

/**
 * The special-purpose range an address is in ("loopback", "private", "linkLocal",
 * "carrierGradeNat", "uniqueLocal", "multicast", "unspecified", "reserved", …), or undefined for
 * a public unicast address. IPv6 counts as public only inside global unicast 2000::/3, so
 * IPv4-compatible (::127.0.0.1), NAT64, 6to4 and Teredo forms of internal addresses are refused.
 */
export function specialRangeOf(address: string): string | undefined {
  const ip = parseAddress(address);
  if (!ip) return 'not an IP address';
  const range = ip.range();
  if (range !== 'unicast') return range;
  if (ip.kind() === 'ipv6' && !ip.match(ipaddr.parseCIDR('2000::/3'))) return 'reserved';
  return undefined;
}

function inAllowList(list: AllowList, host: string | undefined, address: string | undefined): boolean {
  if (host && list.names.has(normalizeHost(host))) return true;
  const ip = address ? parseAddress(address) : undefined;
  return Boolean(ip && list.ranges.some(([base, bits]) => base.kind() === ip.kind() && ip.match(base, bits)));
}

/**
 * Why connecting to `address` (for the URL host `host`) is refused, or undefined when allowed:
 * public unicast addresses are; others only when the host name or the address is allow-listed.
 */
export function refusalFor(address: string, host: string | undefined, allow: AllowList): string | undefined {
  if (inAllowList(allow, host, address)) return undefined;
  const range = specialRangeOf(address);
  return range ? `${normalizeHost(address)} is ${describeRange(range)} address` : undefined;
}

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback (this machine)',
  private: 'a private-network',
  linkLocal: 'a link-local',
  carrierGradeNat: 'a carrier-grade NAT',
  uniqueLocal: 'a unique-local (private IPv6)',
  multicast: 'a multicast',
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
};

function describeRange(range: string): string {
  return RANGE_WORDS[range] ?? `a reserved (${range})`;
}

/**
 * Why `url` is refused before connecting, or undefined: http(s) only, no credentials, and an
 * address literal must be allowed. Host names are checked on the addresses they resolve to, at
 * connect time (see http.ts), so a DNS answer cannot slip an internal address in afterwards.
 */
export function urlRefusal(url: URL, allow: AllowList): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `only http and https addresses are fetched, not ${url.protocol}`;
  if (url.username || url.password) return 'addresses with a user name or password are not fetched';
  const host = normalizeHost(url.hostname);
  return parseAddress(host) ? refusalFor(host, host, allow) : undefined;
}
