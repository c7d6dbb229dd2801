import { lookup } from 'node:dns/promises';
import { isIP, isIPv4, isIPv6 } from 'node:net';

/**
 * Which hosts a URL that came from outside (a workflow input, a redirect) may make this
 * server connect to. Only globally routable addresses: a URL that reaches loopback, a
 * private network, link-local (cloud metadata at 169.254.169.254) or any reserved range
 * would let a workflow author read back what only this server can see.
 *
 * Limitation (DNS rebinding): the check resolves the name, then fetch resolves it again
 * when it connects. A hostile DNS server answering with a zero TTL can give a public
 * address to the check and a private one to the connect. Closing that needs the connect
 * itself to use the checked address (an undici dispatcher with a checking `connect.lookup`),
 * which Node's bundled fetch does not expose without the undici package. Redirects are
 * re-checked hop by hop, so this is the only way around the check.
 */

/** All addresses a name resolves to; injected so tests can pretend a name is public. */
export type HostLookup = (hostname: string) => Promise<ReadonlyArray<{ address: string }>>;

export const systemLookup: HostLookup = (hostname) => lookup(hostname, { all: true });

/** The host is, or resolves to, an address outside the public internet. */
export class NonPublicAddressError extends Error {
  override readonly name = 'NonPublicAddressError';
  constructor(
    readonly hostname: string,
    /** Whether the host was written as an IP address (then the message names it). */
    readonly literal: boolean,
  ) {
    super(
      literal
        ? `${hostname} is not a public address`
        : `${hostname} resolves to an address that is not public`,
    );
  }
}

/**
 * Throws NonPublicAddressError unless every address the host has is public: one private
 * address among public ones is enough to refuse, since the connect may pick any of them.
 * A lookup failure is thrown as the lookup threw it.
 */
export async function assertPublicHost(hostname: string, lookupHost: HostLookup): Promise<void> {
  // URL.hostname keeps the brackets of an IPv6 literal.
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isIP(host) !== 0) {
    if (!isPublicAddress(host)) throw new NonPublicAddressError(host, true);
    return;
  }
  const addresses = await lookupHost(host);
  // No address at all is not a reason to go ahead; fail closed.
  if (addresses.length === 0 || addresses.some(({ address }) => !isPublicAddress(address))) {
    throw new NonPublicAddressError(host, false);
  }
}

/** IPv4 ranges that are not globally routable (IANA special-purpose registry). */
const NON_PUBLIC_IPV4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const NON_PUBLIC_IPV4_MASKS = NON_PUBLIC_IPV4.map(([base, bits]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { network: (ipv4Number(base) & mask) >>> 0, mask };
});

/** True only for a syntactically valid IPv4 or IPv6 address that is globally routable. */
export function isPublicAddress(address: string): boolean {
  if (isIPv4(address)) return isPublicIPv4(ipv4Number(address));
  if (isIPv6(address)) return isPublicIPv6(ipv6Groups(address));
  return false;
}

function isPublicIPv4(value: number): boolean {
  return NON_PUBLIC_IPV4_MASKS.every(({ network, mask }) => (value & mask) >>> 0 !== network);
}

function isPublicIPv6(g: number[]): boolean {
  const embeddedV4 = (high: number, low: number) => isPublicIPv4(((high << 16) | low) >>> 0);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d reaches the IPv4 address itself.
  if (zeros(0, 5) && g[5] === 0xffff) return embeddedV4(g[6]!, g[7]!);
  // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d.
  if (zeros(0, 6)) return false;
  // NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::) carry an IPv4 address that a
  // gateway will connect to; DNS64 networks hand out NAT64 addresses for public hosts.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embeddedV4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return embeddedV4(g[1]!, g[2]!);
  // Global unicast is 2000::/3; this leaves out fc00::/7, fe80::/10, fec0::/10, ff00::/8, 100::/64.
  if ((g[0]! & 0xe000) !== 0x2000) return false;
  if (g[0] === 0x2001 && g[1]! < 0x200) return false; // 2001::/23 protocol assignments, Teredo
  if (g[0] === 0x2001 && g[1] === 0xdb8) return false; // documentation
  if (g[0] === 0x3fff && g[1]! < 0x1000) return false; // documentation (3fff::/20)
  return true;
}

function ipv4Number(address: string): number {
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** The eight 16-bit groups of a valid IPv6 address (zone index ignored). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0]!;
  // A dotted IPv4 tail is two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Number(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((group) => Number.parseInt(group, 16));
}
