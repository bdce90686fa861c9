/**
 * IPv4 headers (RFC 791): version/IHL with options, TOS (DSCP + ECN, RFC 2474/3168), total
 * length, identification, DF/MF flags, fragment offset, TTL, protocol, header checksum, addresses.
 * The view's window may extend past `totalLen` (Ethernet padding); the payload ends at
 * `totalLen`, as ip_rcv_core trims it.
 */
import type { Ipv4Addr } from "../ipv4";
import { copyBytes, readU16, readU32, windowFits, writeU16, writeU32 } from "./bytes";
import { internetChecksum, verifyInternetChecksum } from "./checksum";
import { WireError } from "./error";
import { WireView } from "./view";

/** IP protocol numbers (include/uapi/linux/in.h IPPROTO_*); the wire carries others. */
export const IpProtocol = {
  Icmp: 1,
  Igmp: 2,
  Ipip: 4,
  Tcp: 6,
  Udp: 17,
  Gre: 47,
  Esp: 50,
  Ah: 51,
  Sctp: 132,
} as const;
export type IpProtocol = number;

export const IPV4_HEADER_LEN = 20;
export const IPV4_MAX_HEADER_LEN = 60;

/** Bits of the flags/fragment-offset word (include/net/ip.h IP_CE, IP_DF, IP_MF, IP_OFFSET). */
export const Ipv4FragBits = {
  Reserved: 0x8000,
  DontFragment: 0x4000,
  MoreFragments: 0x2000,
  OffsetMask: 0x1fff,
} as const;

const F = {
  VER_IHL: 0,
  TOS: 1,
  TOTAL_LEN: 2,
  IDENT: 4,
  FLAGS_FRAG: 6,
  TTL: 8,
  PROTOCOL: 9,
  CHECKSUM: 10,
  SRC: 12,
  DST: 16,
  OPTIONS: 20,
} as const;

/** A zero-copy view of an IPv4 packet at buf[offset, offset+length). */
export class Ipv4Packet extends WireView {
  /**
   * The one guard, in ip_rcv_core's order: room for a header, IHL ≥ 5, the whole header, the
   * whole datagram, total length ≥ header. The version is not a length: `Ipv4Repr.parse` and
   * the stack check it.
   */
  checkLen(): WireError {
    if (!windowFits(this.buf, this.offset, this.length) || this.length < IPV4_HEADER_LEN) return WireError.Truncated;
    const headerLen = this.headerLen;
    if (headerLen < IPV4_HEADER_LEN) return WireError.BadLength;
    if (this.length < headerLen) return WireError.Truncated;
    const totalLen = this.totalLen;
    if (this.length < totalLen) return WireError.Truncated;
    return totalLen < headerLen ? WireError.BadLength : WireError.Ok;
  }

  get version(): number { return (this.buf[this.offset + F.VER_IHL] ?? 0) >>> 4; }
  set version(value: number) { this.buf[this.offset + F.VER_IHL] = (value << 4) | ((this.buf[this.offset + F.VER_IHL] ?? 0) & 0x0f); }
  /** IHL × 4, in bytes. */
  get headerLen(): number { return ((this.buf[this.offset + F.VER_IHL] ?? 0) & 0x0f) * 4; }
  set headerLen(bytes: number) { this.buf[this.offset + F.VER_IHL] = ((this.buf[this.offset + F.VER_IHL] ?? 0) & 0xf0) | ((bytes >>> 2) & 0x0f); }
  get tos(): number { return this.buf[this.offset + F.TOS] ?? 0; }
  set tos(value: number) { this.buf[this.offset + F.TOS] = value; }
  /** Differentiated services codepoint, the upper six TOS bits (RFC 2474). */
  get dscp(): number { return this.tos >>> 2; }
  set dscp(value: number) { this.tos = ((value & 0x3f) << 2) | this.ecn; }
  /** ECN field, the lower two TOS bits (RFC 3168). */
  get ecn(): number { return this.tos & 3; }
  set ecn(value: number) { this.tos = (this.tos & 0xfc) | (value & 3); }
  get totalLen(): number { return readU16(this.buf, this.offset + F.TOTAL_LEN); }
  set totalLen(value: number) { writeU16(this.buf, this.offset + F.TOTAL_LEN, value); }
  get ident(): number { return readU16(this.buf, this.offset + F.IDENT); }
  set ident(value: number) { writeU16(this.buf, this.offset + F.IDENT, value); }
  /** The three flag bits (reserved, DF, MF) as tshark's ip.flags shows them: DF alone is 0x2. */
  get flags(): number { return readU16(this.buf, this.offset + F.FLAGS_FRAG) >>> 13; }
  get dontFrag(): boolean { return (readU16(this.buf, this.offset + F.FLAGS_FRAG) & Ipv4FragBits.DontFragment) !== 0; }
  set dontFrag(on: boolean) { this.setFragBit(Ipv4FragBits.DontFragment, on); }
  get moreFrags(): boolean { return (readU16(this.buf, this.offset + F.FLAGS_FRAG) & Ipv4FragBits.MoreFragments) !== 0; }
  set moreFrags(on: boolean) { this.setFragBit(Ipv4FragBits.MoreFragments, on); }
  /** Fragment offset in bytes (the field counts 8-byte units). */
  get fragOffset(): number { return (readU16(this.buf, this.offset + F.FLAGS_FRAG) & Ipv4FragBits.OffsetMask) << 3; }
  set fragOffset(bytes: number) { writeU16(this.buf, this.offset + F.FLAGS_FRAG, (readU16(this.buf, this.offset + F.FLAGS_FRAG) & ~Ipv4FragBits.OffsetMask) | ((bytes >>> 3) & Ipv4FragBits.OffsetMask)); }
  /** ip_is_fragment: MF set or a non-zero offset. */
  get isFragment(): boolean { return (readU16(this.buf, this.offset + F.FLAGS_FRAG) & (Ipv4FragBits.MoreFragments | Ipv4FragBits.OffsetMask)) !== 0; }
  get ttl(): number { return this.buf[this.offset + F.TTL] ?? 0; }
  set ttl(value: number) { this.buf[this.offset + F.TTL] = value; }
  get protocol(): IpProtocol { return this.buf[this.offset + F.PROTOCOL] ?? 0; }
  set protocol(value: IpProtocol) { this.buf[this.offset + F.PROTOCOL] = value; }
  get checksum(): number { return readU16(this.buf, this.offset + F.CHECKSUM); }
  set checksum(value: number) { writeU16(this.buf, this.offset + F.CHECKSUM, value); }
  get src(): Ipv4Addr { return readU32(this.buf, this.offset + F.SRC); }
  set src(addr: Ipv4Addr) { writeU32(this.buf, this.offset + F.SRC, addr); }
  get dst(): Ipv4Addr { return readU32(this.buf, this.offset + F.DST); }
  set dst(addr: Ipv4Addr) { writeU32(this.buf, this.offset + F.DST, addr); }
  /** Absolute offset of the options in `buf`. */
  get optionsOffset(): number { return this.offset + F.OPTIONS; }
  get optionsLen(): number { return this.headerLen - IPV4_HEADER_LEN; }
  /** Absolute offset of the payload in `buf`. */
  get payloadOffset(): number { return this.offset + this.headerLen; }
  /** Payload length by the total-length field (not the window: padding is not payload). */
  get payloadLen(): number { return this.totalLen - this.headerLen; }

  verifyChecksum(): boolean { return verifyInternetChecksum(this.buf, this.offset, this.headerLen); }

  /** ip_send_check: zero the field, checksum the header, store it. */
  fillChecksum(): void {
    this.checksum = 0;
    this.checksum = internetChecksum(this.buf, this.offset, this.headerLen);
  }

  /**
   * ip_decrease_ttl (include/net/ip.h): TTL − 1 with the checksum patched in place (RFC 1141
   * style: +0x0100 on the TTL/protocol word with end-around carry). Returns the new TTL.
   */
  decrementTtl(): number {
    const check = this.checksum + 0x0100;
    this.checksum = (check + (check >= 0xffff ? 1 : 0)) & 0xffff;
    const ttl = (this.ttl - 1) & 0xff;
    this.ttl = ttl;
    return ttl;
  }

  private setFragBit(bit: number, on: boolean): void {
    const word = readU16(this.buf, this.offset + F.FLAGS_FRAG);
    writeU16(this.buf, this.offset + F.FLAGS_FRAG, on ? word | bit : word & ~bit);
  }
}

/**
 * An IPv4 header as data. `payloadLen` sets the total length; `options` are raw option bytes
 * (padded with zeros to a multiple of 4 on emit). The reserved flag bit is not represented (emitted as 0).
 */
export interface Ipv4Repr {
  readonly src: Ipv4Addr;
  readonly dst: Ipv4Addr;
  readonly protocol: IpProtocol;
  readonly ttl: number;
  readonly tos: number;
  readonly ident: number;
  readonly dontFrag: boolean;
  readonly moreFrags: boolean;
  /** In bytes, a multiple of 8. */
  readonly fragOffset: number;
  readonly payloadLen: number;
  readonly options?: Uint8Array;
}

/** Structural parse; the header checksum is the view's to verify (`verifyChecksum`), as ip_rcv_core does separately. */
function parseIpv4(packet: Ipv4Packet): Ipv4Repr | WireError {
  const error = packet.checkLen();
  if (error !== WireError.Ok) return error;
  if (packet.version !== 4) return WireError.BadVersion;
  const repr: Ipv4Repr = {
    src: packet.src,
    dst: packet.dst,
    protocol: packet.protocol,
    ttl: packet.ttl,
    tos: packet.tos,
    ident: packet.ident,
    dontFrag: packet.dontFrag,
    moreFrags: packet.moreFrags,
    fragOffset: packet.fragOffset,
    payloadLen: packet.payloadLen,
  };
  const optionsLen = packet.optionsLen;
  return optionsLen === 0 ? repr : { ...repr, options: copyBytes(packet.buf, packet.optionsOffset, optionsLen) };
}

function ipv4HeaderLen(repr: Ipv4Repr): number {
  return IPV4_HEADER_LEN + (((repr.options?.length ?? 0) + 3) & ~3);
}

/** Writes the header, checksum included, at buf[offset]; the payload is the caller's. Returns the header length. */
function emitIpv4(repr: Ipv4Repr, buf: Uint8Array, offset: number): number {
  const headerLen = ipv4HeaderLen(repr);
  buf[offset + F.VER_IHL] = 0x40 | (headerLen >>> 2);
  buf[offset + F.TOS] = repr.tos;
  writeU16(buf, offset + F.TOTAL_LEN, headerLen + repr.payloadLen);
  writeU16(buf, offset + F.IDENT, repr.ident);
  writeU16(
    buf,
    offset + F.FLAGS_FRAG,
    (repr.dontFrag ? Ipv4FragBits.DontFragment : 0) |
      (repr.moreFrags ? Ipv4FragBits.MoreFragments : 0) |
      ((repr.fragOffset >>> 3) & Ipv4FragBits.OffsetMask),
  );
  buf[offset + F.TTL] = repr.ttl;
  buf[offset + F.PROTOCOL] = repr.protocol;
  writeU16(buf, offset + F.CHECKSUM, 0);
  writeU32(buf, offset + F.SRC, repr.src);
  writeU32(buf, offset + F.DST, repr.dst);
  const options = repr.options;
  if (options !== undefined) {
    buf.set(options, offset + F.OPTIONS);
    buf.fill(0, offset + F.OPTIONS + options.length, offset + headerLen);
  }
  writeU16(buf, offset + F.CHECKSUM, internetChecksum(buf, offset, headerLen));
  return headerLen;
}

export const Ipv4Repr: {
  readonly parse: (packet: Ipv4Packet) => Ipv4Repr | WireError;
  readonly emit: (repr: Ipv4Repr, buf: Uint8Array, offset: number) => number;
  readonly bufferLen: (repr: Ipv4Repr) => number;
} = { parse: parseIpv4, emit: emitIpv4, bufferLen: ipv4HeaderLen };
