/**
 * MAC addresses are numbers on the hot path: the 48-bit value fits exactly in a double
 * (00:00:00:00:00:01 is 1). Strings only at the edges.
 */

/** A MAC address as an integer in [0, 2^48). */
export type MacAddr = number;

export const MAC_ZERO: MacAddr = 0;
export const MAC_BROADCAST: MacAddr = 0xffff_ffff_ffff;

const TWO_32 = 0x1_0000_0000;

/** Reads six bytes at `offset` as a MAC number. */
export function readMac(buf: Uint8Array, offset: number): MacAddr {
  const hi = (buf[offset]! << 8) | buf[offset + 1]!;
  const lo = ((buf[offset + 2]! << 24) | (buf[offset + 3]! << 16) | (buf[offset + 4]! << 8) | buf[offset + 5]!) >>> 0;
  return hi * TWO_32 + lo;
}

/** Writes a MAC number as six bytes at `offset`. */
export function writeMac(buf: Uint8Array, offset: number, mac: MacAddr): void {
  const hi = Math.floor(mac / TWO_32);
  const lo = mac >>> 0;
  buf[offset] = hi >>> 8;
  buf[offset + 1] = hi & 255;
  buf[offset + 2] = lo >>> 24;
  buf[offset + 3] = (lo >>> 16) & 255;
  buf[offset + 4] = (lo >>> 8) & 255;
  buf[offset + 5] = lo & 255;
}

/** Group bit (I/G) of the first octet: multicast and broadcast. */
export function isMulticastMac(mac: MacAddr): boolean {
  return (Math.floor(mac / 0x100_0000_0000) & 1) === 1;
}

export function isBroadcastMac(mac: MacAddr): boolean {
  return mac === MAC_BROADCAST;
}

/** Universal/local bit of the first octet. */
export function isLocalAdminMac(mac: MacAddr): boolean {
  return (Math.floor(mac / 0x100_0000_0000) & 2) === 2;
}

const HEX = "0123456789abcdef";

/** `0a:1b:2c:3d:4e:5f`, lower case, as iproute2 prints it. */
export function formatMac(mac: MacAddr): string {
  let out = "";
  for (let shift = 40; shift >= 0; shift -= 8) {
    const octet = Math.floor(mac / 2 ** shift) & 255;
    if (shift !== 40) out += ":";
    out += HEX[octet >>> 4]! + HEX[octet & 15]!;
  }
  return out;
}

/** Parses `aa:bb:cc:dd:ee:ff` (one or two hex digits per octet, as ether_aton accepts). */
export function parseMac(text: string): MacAddr | undefined {
  const parts = text.split(":");
  if (parts.length !== 6) return undefined;
  let mac = 0;
  for (const part of parts) {
    if (!/^[0-9a-fA-F]{1,2}$/.test(part)) return undefined;
    mac = mac * 256 + parseInt(part, 16);
  }
  return mac;
}

/** The six bytes of a MAC. */
export function macBytes(mac: MacAddr): Uint8Array {
  const out = new Uint8Array(6);
  writeMac(out, 0, mac);
  return out;
}
