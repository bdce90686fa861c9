/**
 * What matches look at, read once per table traversal from the packet's bytes (the kernel's
 * xt_action_param: thoff, fragoff, plus the header fields the IPv4 matches compare). It is
 * re-read after a target rewrote the packet (NAT).
 */
import type { DeviceRef, Packet } from "@pktsim/core";
import { IPPROTO } from "./names";

export class XtPacket {
  pkt!: Packet;
  /** Offset of the IP header in pkt.buf. */
  nh = 0;
  ihl = 20;
  totalLen = 0;
  tos = 0;
  ttl = 0;
  id = 0;
  /** The flags/fragment word. */
  fragWord = 0;
  /** Fragment offset in 8-byte units (non-zero: not the first fragment). */
  fragOff = 0;
  proto = 0;
  src = 0;
  dst = 0;
  /** Offset of the transport header, and how many of its bytes are in the packet. */
  thoff = 0;
  l4len = 0;
  sport = 0;
  dport = 0;
  icmpType = 0;
  icmpCode = 0;
  tcpFlags = 0;
  /** hook, devices and the table being traversed. */
  hook = 0;
  inDev: DeviceRef | null = null;
  outDev: DeviceRef | null = null;

  load(pkt: Packet, hook: number, inDev: DeviceRef | null, outDev: DeviceRef | null): this {
    this.pkt = pkt;
    this.hook = hook;
    this.inDev = inDev;
    this.outDev = outDev;
    this.reload();
    return this;
  }

  /** Re-reads the headers (after a rewrite). */
  reload(): void {
    const pkt = this.pkt;
    const b = pkt.buf;
    const nh = pkt.networkOffset;
    this.nh = nh;
    this.ihl = (b[nh]! & 0x0f) * 4;
    this.tos = b[nh + 1]!;
    this.totalLen = (b[nh + 2]! << 8) | b[nh + 3]!;
    this.id = (b[nh + 4]! << 8) | b[nh + 5]!;
    this.fragWord = (b[nh + 6]! << 8) | b[nh + 7]!;
    this.fragOff = this.fragWord & 0x1fff;
    this.ttl = b[nh + 8]!;
    this.proto = b[nh + 9]!;
    this.src = ((b[nh + 12]! << 24) | (b[nh + 13]! << 16) | (b[nh + 14]! << 8) | b[nh + 15]!) >>> 0;
    this.dst = ((b[nh + 16]! << 24) | (b[nh + 17]! << 16) | (b[nh + 18]! << 8) | b[nh + 19]!) >>> 0;
    this.thoff = nh + this.ihl;
    const end = Math.min(pkt.tail, nh + this.totalLen);
    this.l4len = Math.max(0, end - this.thoff);
    this.sport = this.dport = this.icmpType = this.icmpCode = this.tcpFlags = 0;
    if (this.fragOff !== 0) return;
    const t = this.thoff;
    switch (this.proto) {
      case IPPROTO.TCP:
      case IPPROTO.UDP:
      case IPPROTO.UDPLITE:
      case IPPROTO.SCTP:
      case IPPROTO.DCCP:
        if (this.l4len >= 4) {
          this.sport = (b[t]! << 8) | b[t + 1]!;
          this.dport = (b[t + 2]! << 8) | b[t + 3]!;
        }
        if (this.proto === IPPROTO.TCP && this.l4len >= 14) this.tcpFlags = b[t + 13]!;
        break;
      case IPPROTO.ICMP:
        if (this.l4len >= 2) {
          this.icmpType = b[t]!;
          this.icmpCode = b[t + 1]!;
        }
        break;
      default:
        break;
    }
  }

  /** skb->len at this hook: the IP datagram (what rule counters add). */
  get len(): number {
    return this.pkt.tail - this.nh;
  }
}
