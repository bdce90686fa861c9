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

/**
 * Packet buffers are views carved from shared 64 KiB slabs, as the kernel carves skb data from
 * page frags: a Uint8Array over 64 bytes gets its own off-heap ArrayBuffer in V8, ~0.5 µs each
 * (a fifth of the end-to-end benchmark's time), a view on an existing one ~40 ns. A slab is
 * freed once no buffer cut from it is referenced; its bytes are fresh zeros and never reused.
 * Nothing reads `buf.buffer` without `buf.byteOffset`.
 */
const SLAB_BYTES = 65536;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/** A zero-filled buffer of `size` bytes for a packet. */
function allocBuffer(size: number): Uint8Array {
  if (size > SLAB_BYTES >>> 3) return new Uint8Array(size);
  if (slabUsed + size > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const buf = new Uint8Array(slab, slabUsed, size);
  slabUsed += size;
  return buf;
}

export class Packet {
  // `declare`d and assigned in the constructor: no ES2022 [[Define]] per field per packet.
  declare buf: Uint8Array;
  /** Start of the data (skb->data). */
  declare head: number;
  /** End of the data (skb->tail). */
  declare tail: number;
  /** Offset of the link-layer header in `buf`, or -1. */
  declare macOffset: number;
  /** Offset of the network header in `buf`, or -1. */
  declare networkOffset: number;
  /** Offset of the transport header in `buf`, or -1. */
  declare transportOffset: number;

  /** Ethertype of the payload (skb->protocol). */
  declare protocol: number;
  declare pktType: PacketType;
  /** The device the packet is currently on (skb->dev). */
  declare dev: DeviceRef | null;
  /** The device it arrived on, when received. */
  declare inDev: DeviceRef | null;
  /** The physical (bridge port) device it arrived on, for bridged traffic. */
  declare physInDev: DeviceRef | null;
  declare mark: number;
  /** skb->ip_summed (see IpSummed). */
  declare ipSummed: IpSummed;
  /** Conntrack entry (owned by the netfilter package). */
  declare ct: unknown;
  declare ctInfo: number;
  /** The routing decision attached by the stack (skb_dst). */
  declare dst: unknown;
  /** Opaque per-packet trace, when tracing is on. */
  declare trace: unknown;
  /** A number that identifies this packet in traces; the simulation assigns it (0 = none). */
  declare id: number;
  /**
   * skb->nf_bridge (br_netfilter): the bridge whose PRE_ROUTING hook this frame passed, else
   * null. Not copied by clone; a veth scrubs it with the rest (skb_ext_reset).
   */
  declare nfBridge: DeviceRef | null;
  /** nf_bridge->sabotage_in_done: ip_sabotage_in already spared it PRE_ROUTING in the bridge's stack. */
  declare nfBridgeSabotageDone: boolean;

  constructor(buf: Uint8Array, head: number, tail: number) {
    this.buf = buf;
    this.head = head;
    this.tail = tail;
    this.macOffset = -1;
    this.networkOffset = -1;
    this.transportOffset = -1;
    this.protocol = 0;
    this.pktType = PacketType.HOST;
    this.dev = null;
    this.inDev = null;
    this.physInDev = null;
    this.mark = 0;
    this.ipSummed = IpSummed.NONE;
    this.ct = null;
    this.ctInfo = 0;
    this.dst = null;
    this.trace = null;
    this.id = 0;
    this.nfBridge = null;
    this.nfBridgeSabotageDone = false;
  }

  /** A packet of `length` zero bytes with `headroom` free bytes in front. */
  static alloc(length: number, headroom: number = DEFAULT_HEADROOM): Packet {
    return new Packet(allocBuffer(headroom + length), headroom, headroom + length);
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
    const buf = allocBuffer(this.buf.length);
    buf.set(this.buf);
    const copy = new Packet(buf, this.head, this.tail);
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
    const grown = allocBuffer(this.buf.length + extra);
    grown.set(this.buf, extra);
    this.buf = grown;
    this.head += extra;
    this.tail += extra;
    if (this.macOffset >= 0) this.macOffset += extra;
    if (this.networkOffset >= 0) this.networkOffset += extra;
    if (this.transportOffset >= 0) this.transportOffset += extra;
  }
}
