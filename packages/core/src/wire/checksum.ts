/**
 * The Internet checksum (RFC 1071): full computation over a byte range, the IPv4 pseudo-header
 * sum for UDP/TCP (RFC 768, RFC 9293 §3.1), and incremental updates (RFC 1624 eqn. 3, the
 * kernel's csum_replace2/csum_replace4) for TTL decrement and NAT rewrites.
 *
 * Sums are carried unfolded as plain numbers (exact up to 2^53, far beyond any 64 KiB packet)
 * and folded once at the end.
 */
import type { Ipv4Addr } from "../ipv4";

/** Ones'-complement sum of the big-endian 16-bit words of buf[offset, offset+length), plus `initial`; unfolded. An odd last byte is padded with zero (RFC 1071). */
export function onesSum(buf: Uint8Array, offset: number, length: number, initial: number = 0): number {
  let sum = initial;
  const end = Math.min(offset + length, buf.length);
  let i = Math.max(offset, 0);
  for (; i + 1 < end; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if (i < end) sum += buf[i]! << 8;
  return sum;
}

/** Folds carries back in until the sum fits 16 bits (end-around carry). */
export function foldSum(sum: number): number {
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return sum;
}

/** The checksum to store: the complement of the folded sum of the range (checksum field zeroed by the caller). */
export function internetChecksum(buf: Uint8Array, offset: number, length: number, initial: number = 0): number {
  return ~foldSum(onesSum(buf, offset, length, initial)) & 0xffff;
}

/** True when the range, checksum field included, sums to 0xffff (negative zero): the RFC 1071 verification. */
export function verifyInternetChecksum(buf: Uint8Array, offset: number, length: number, initial: number = 0): boolean {
  return foldSum(onesSum(buf, offset, length, initial)) === 0xffff;
}

/** Unfolded sum of the IPv4 pseudo header: src, dst, zero/protocol, L4 length (RFC 768, RFC 9293). */
export function pseudoHeaderSum(src: Ipv4Addr, dst: Ipv4Addr, protocol: number, l4Length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + l4Length;
}

/**
 * What Linux leaves in a UDP/TCP checksum field while the skb is CHECKSUM_PARTIAL: the folded,
 * uncomplemented pseudo-header sum (tcp_v4_send_check: `th->check = ~tcp_v4_check(len, s, d, 0)`),
 * for the NIC to finish. veth never finishes it, so captures show it (closed-ports.pcap: 0x1532).
 */
export function partialChecksum(src: Ipv4Addr, dst: Ipv4Addr, protocol: number, l4Length: number): number {
  return foldSum(pseudoHeaderSum(src, dst, protocol, l4Length));
}

/** RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'): the checksum after one 16-bit word changes from `oldWord` to `newWord` (csum_replace2). */
export function checksumReplace16(check: number, oldWord: number, newWord: number): number {
  return ~foldSum((~check & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff)) & 0xffff;
}

/** RFC 1624 eqn. 3 for a 32-bit field, e.g. an address rewritten by NAT (csum_replace4). */
export function checksumReplace32(check: number, oldValue: number, newValue: number): number {
  return (
    ~foldSum(
      (~check & 0xffff) +
        (~(oldValue >>> 16) & 0xffff) +
        (~oldValue & 0xffff) +
        (newValue >>> 16) +
        (newValue & 0xffff),
    ) & 0xffff
  );
}

/**
 * The same update for a CHECKSUM_PARTIAL field, which holds an uncomplemented pseudo-header sum:
 * inet_proto_csum_replace4 with `skb->ip_summed == CHECKSUM_PARTIAL` adds the new and subtracts
 * the old value without complementing.
 */
export function partialChecksumReplace32(partial: number, oldValue: number, newValue: number): number {
  return foldSum(
    (partial & 0xffff) + (~(oldValue >>> 16) & 0xffff) + (~oldValue & 0xffff) + (newValue >>> 16) + (newValue & 0xffff),
  );
}

/** How a UDP/TCP checksum field relates to its segment, as `verifyChecksum()` reports it. */
export const ChecksumStatus = {
  /** The full checksum is correct. */
  Valid: 0,
  /** Wrong, and not a partial checksum either. */
  Invalid: 1,
  /** The field holds the pseudo-header sum of a CHECKSUM_PARTIAL skb (veth: locally generated TCP/UDP). */
  Partial: 2,
  /** UDP checksum 0: the sender computed none (RFC 768). */
  Absent: 3,
} as const;
export type ChecksumStatus = (typeof ChecksumStatus)[keyof typeof ChecksumStatus];

/** How `emit`/`fillChecksum` write a UDP/TCP checksum — the sender's skb->ip_summed, in effect. */
export const ChecksumMode = {
  /** Compute it in full (CHECKSUM_NONE / software checksum). UDP writes a computed 0 as 0xffff. */
  Full: 0,
  /** Write only the pseudo-header sum, as a CHECKSUM_PARTIAL skb leaves it on veth. */
  Partial: 1,
  /** Write 0: for UDP that means "no checksum" (RFC 768); for TCP it is simply wrong. */
  None: 2,
} as const;
export type ChecksumMode = (typeof ChecksumMode)[keyof typeof ChecksumMode];

/**
 * Classifies the UDP/TCP checksum of the segment buf[offset, offset+length) whose checksum field
 * is at `checkAt`. Shared by the UDP and TCP views.
 */
export function l4ChecksumStatus(
  buf: Uint8Array,
  offset: number,
  length: number,
  checkAt: number,
  src: Ipv4Addr,
  dst: Ipv4Addr,
  protocol: number,
): ChecksumStatus {
  const pseudo = pseudoHeaderSum(src, dst, protocol, length);
  if (foldSum(onesSum(buf, offset, length, pseudo)) === 0xffff) return ChecksumStatus.Valid;
  const stored = (buf[checkAt]! << 8) | buf[checkAt + 1]!;
  return stored === foldSum(pseudo) ? ChecksumStatus.Partial : ChecksumStatus.Invalid;
}
