/**
 * IPv4 addresses are uint32 numbers on the hot path (network order read big-endian,
 * always normalised with `>>> 0`). Strings exist only at the edges: parsing input and
 * printing output.
 */
import { Address4 } from "ip-address";

/** An IPv4 address as an unsigned 32-bit integer (10.0.0.1 is 0x0a000001). */
export type Ipv4Addr = number;

export const IPV4_ANY: Ipv4Addr = 0;
export const IPV4_BROADCAST: Ipv4Addr = 0xffffffff;

/** Strict dotted-quad parser (four decimal octets, no leading `+`, no empty parts). */
export function parseIpv4(text: string): Ipv4Addr | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (part.length === 0 || part.length > 3 || !/^[0-9]+$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value >>> 0;
}

export function formatIpv4(addr: Ipv4Addr): string {
  return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

/** The netmask of a prefix length: 24 → 0xffffff00. */
export function prefixMask(prefixLen: number): number {
  return prefixLen <= 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
}

/** The prefix length of a contiguous netmask, or -1 when the mask has holes. */
export function maskToPrefixLen(mask: number): number {
  const hostBits = ~mask >>> 0;
  if ((hostBits & (hostBits + 1)) !== 0) return -1;
  return Math.clz32(hostBits);
}

/** The network address of `addr` within a prefix. */
export function networkOf(addr: Ipv4Addr, prefixLen: number): Ipv4Addr {
  return (addr & prefixMask(prefixLen)) >>> 0;
}

/** The directed broadcast (last) address of a prefix. */
export function broadcastOf(addr: Ipv4Addr, prefixLen: number): Ipv4Addr {
  return (addr | ~prefixMask(prefixLen)) >>> 0;
}

export function inPrefix(addr: Ipv4Addr, network: Ipv4Addr, prefixLen: number): boolean {
  return ((addr ^ network) & prefixMask(prefixLen)) === 0;
}

export function isMulticast(addr: Ipv4Addr): boolean {
  return addr >>> 28 === 0xe;
}

export function isLoopback(addr: Ipv4Addr): boolean {
  return addr >>> 24 === 127;
}

/** ipv4_is_zeronet: 0.0.0.0/8. */
export function isZeronet(addr: Ipv4Addr): boolean {
  return addr >>> 24 === 0;
}

/** ipv4_is_lbcast: the limited broadcast 255.255.255.255. */
export function isLimitedBroadcast(addr: Ipv4Addr): boolean {
  return addr === IPV4_BROADCAST;
}

/** An address with its prefix length, as written `10.0.0.1/24`. */
export interface Ipv4Prefix {
  readonly addr: Ipv4Addr;
  readonly prefixLen: number;
}

/**
 * Parses `A.B.C.D` or `A.B.C.D/N` (N in 0..32) through ip-address; the host bits are kept
 * (an interface address is a prefix whose host bits matter). Returns undefined when invalid.
 */
export function parseIpv4Prefix(text: string, defaultLen = 32): Ipv4Prefix | undefined {
  const slash = text.indexOf("/");
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const addr = parseIpv4(addrText);
  if (addr === undefined) return undefined;
  if (slash < 0) return { addr, prefixLen: defaultLen };
  const lenText = text.slice(slash + 1);
  if (!/^[0-9]{1,2}$/.test(lenText)) return undefined;
  const prefixLen = Number(lenText);
  if (prefixLen > 32) return undefined;
  if (!Address4.isValid(`${addrText}/${prefixLen}`)) return undefined;
  return { addr, prefixLen };
}

export function formatIpv4Prefix(prefix: Ipv4Prefix): string {
  return `${formatIpv4(prefix.addr)}/${prefix.prefixLen}`;
}
