/**
 * The packet buffer, in the spirit of the kernel's sk_buff: one byte buffer with headroom,
 * the current data window [head, tail), the offsets of the L2/L3/L4 headers, and a few
 * metadata fields. Headers are read and written in place through the wire views; nothing
 * is deserialised on the hot path.
 */

/** The least a packet needs to know of a device (devices implement more). */
export interface DeviceRef {
  readonly ifindex: number;
  readonly name: string;
}

/** skb->pkt_type: how the frame was addressed relative to the receiving device. */
export const PacketType = {
  HOST: 0,
  BROADCAST: 1,
  MULTICAST: 2,
  OTHERHOST: 3,
  OUTGOING: 4,
  LOOPBACK: 5,
} as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

/**
 * skb->ip_summed: what is known of the transport checksum. CHECKSUM_PARTIAL means the
 * checksum field holds only the pseudo-header sum and hardware (or nobody, on veth) finishes it.
 */
export const IpSummed = {
  NONE: 0,
  UNNECESSARY: 1,
  COMPLETE: 2,
  PARTIAL: 3,
} as const;
export type IpSummed = (typeof IpSummed)[keyof typeof IpSummed];

/** Headroom reserved in front of locally built packets for the headers pushed on the way down. */
export const DEFAULT_HEADROOM = 64;

export class Packet {
  buf: Uint8Array;
  /** Start of the data (skb->data). */
  head: number;
  /** End of the data (skb->tail). */
  tail: number;
  /** Offset of the link-layer header in `buf`, or -1. */
  macOffset = -1;
  /** Offset of the network header in `buf`, or -1. */
  networkOffset = -1;
  /** Offset of the transport header in `buf`, or -1. */
  transportOffset = -1;

  /** Ethertype of the payload (skb->protocol). */
  protocol = 0;
  pktType: PacketType = PacketType.HOST;
  /** The device the packet is currently on (skb->dev). */
  dev: DeviceRef | null = null;
  /** The device it arrived on, when received. */
  inDev: DeviceRef | null = null;
  /** The physical (bridge port) device it arrived on, for bridged traffic. */
  physInDev: DeviceRef | null = null;
  mark = 0;
  /** skb->ip_summed (see IpSummed). */
  ipSummed: IpSummed = IpSummed.NONE;
  /** Conntrack entry (owned by the netfilter package). */
  ct: unknown = null;
  ctInfo = 0;
  /** The routing decision attached by the stack (skb_dst). */
  dst: unknown = null;
  /** Opaque per-packet trace, when tracing is on. */
  trace: unknown = null;
  /** A number that identifies this packet in traces; the simulation assigns it (0 = none). */
  id = 0;

  constructor(buf: Uint8Array, head: number, tail: number) {
    this.buf = buf;
    this.head = head;
    this.tail = tail;
  }

  /** A packet of `length` zero bytes with `headroom` free bytes in front. */
  static alloc(length: number, headroom: number = DEFAULT_HEADROOM): Packet {
    return new Packet(new Uint8Array(headroom + length), headroom, headroom + length);
  }

  /** A packet holding a copy of `bytes`. */
  static from(bytes: Uint8Array, headroom: number = DEFAULT_HEADROOM): Packet {
    const pkt = Packet.alloc(bytes.length, headroom);
    pkt.buf.set(bytes, headroom);
    return pkt;
  }

  get length(): number {
    return this.tail - this.head;
  }

  /** The data as a view (no copy). */
  data(): Uint8Array {
    return this.buf.subarray(this.head, this.tail);
  }

  /** Prepends `n` bytes (skb_push); grows the buffer when the headroom is short. Returns the new head. */
  push(n: number): number {
    if (this.head < n) this.reallocHeadroom(n + DEFAULT_HEADROOM);
    this.head -= n;
    return this.head;
  }

  /** Removes `n` bytes from the front (skb_pull). Returns the new head. */
  pull(n: number): number {
    this.head = Math.min(this.head + n, this.tail);
    return this.head;
  }

  /** Cuts the data to `length` bytes (pskb_trim), e.g. to drop Ethernet padding. */
  trim(length: number): void {
    if (length < this.length) this.tail = this.head + length;
  }

  /** A deep copy of bytes and metadata (skb_copy); the copy keeps the id of its original. */
  clone(): Packet {
    const copy = new Packet(this.buf.slice(), this.head, this.tail);
    copy.macOffset = this.macOffset;
    copy.networkOffset = this.networkOffset;
    copy.transportOffset = this.transportOffset;
    copy.protocol = this.protocol;
    copy.pktType = this.pktType;
    copy.dev = this.dev;
    copy.inDev = this.inDev;
    copy.physInDev = this.physInDev;
    copy.mark = this.mark;
    copy.ipSummed = this.ipSummed;
    copy.ct = this.ct;
    copy.ctInfo = this.ctInfo;
    copy.trace = this.trace;
    copy.id = this.id;
    return copy;
  }

  private reallocHeadroom(extra: number): void {
    const grown = new Uint8Array(this.buf.length + extra);
    grown.set(this.buf, extra);
    this.buf = grown;
    this.head += extra;
    this.tail += extra;
    if (this.macOffset >= 0) this.macOffset += extra;
    if (this.networkOffset >= 0) this.networkOffset += extra;
    if (this.transportOffset >= 0) this.transportOffset += extra;
  }
}
