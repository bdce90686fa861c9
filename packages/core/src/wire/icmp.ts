/**
 * ICMP for IPv4 (RFC 792): echo request/reply, destination unreachable (with the RFC 1191
 * next-hop MTU of "fragmentation needed"), time exceeded, redirect, parameter problem, and the
 * quoting rule of Linux's __icmp_send (net/ipv4/icmp.c) for building errors. The outer IP header
 * of an error (TOS 0xc0, TTL, no DF, fresh id) is the stack's; the helpers here only compute it.
 * ICMP has no length field: a view's window is the whole message (the IP payload).
 */
import type { Ipv4Addr } from "../ipv4";
import { copyBytes, readU16, readU32, windowFits, writeU16, writeU32 } from "./bytes";
import { internetChecksum, verifyInternetChecksum } from "./checksum";
import { WireError } from "./error";
import { IPV4_HEADER_LEN } from "./ipv4";
import { WireView } from "./view";

/** ICMP types (include/uapi/linux/icmp.h); the wire carries others. */
export const IcmpType = {
  EchoReply: 0,
  DestUnreachable: 3,
  SourceQuench: 4,
  Redirect: 5,
  EchoRequest: 8,
  RouterAdvertisement: 9,
  RouterSolicitation: 10,
  TimeExceeded: 11,
  ParameterProblem: 12,
  Timestamp: 13,
  TimestampReply: 14,
} as const;
export type IcmpType = number;

/** Codes of type 3 (ICMP_NET_UNREACH … ICMP_PREC_CUTOFF). `AdminProhibited` (13) is ICMP_PKT_FILTERED, what `prohibit` routes and REJECT send. */
export const IcmpUnreachableCode = {
  NetUnreachable: 0,
  HostUnreachable: 1,
  ProtocolUnreachable: 2,
  PortUnreachable: 3,
  FragmentationNeeded: 4,
  SourceRouteFailed: 5,
  NetUnknown: 6,
  HostUnknown: 7,
  HostIsolated: 8,
  NetProhibited: 9,
  HostProhibited: 10,
  NetUnreachableForTos: 11,
  HostUnreachableForTos: 12,
  AdminProhibited: 13,
  HostPrecedenceViolation: 14,
  PrecedenceCutoff: 15,
} as const;

/** Codes of type 11. */
export const IcmpTimeExceededCode = {
  TtlExceeded: 0,
  FragmentReassembly: 1,
} as const;

/** Codes of type 5. */
export const IcmpRedirectCode = {
  Net: 0,
  Host: 1,
  NetForTos: 2,
  HostForTos: 3,
} as const;

export const ICMP_HEADER_LEN = 8;
/** RFC 1812 §4.3.2.3: an error datagram, IP header included, is at most 576 bytes (__icmp_send's `room`). */
export const ICMP_ERROR_MAX_LEN = 576;
/** Precedence "internetwork control", the TOS bits Linux sets on ICMP errors (include/uapi/linux/ip.h). */
export const IPTOS_PREC_INTERNETCONTROL = 0xc0;
/** IPTOS_TOS_MASK: the TOS bits of the original an error keeps. */
const IPTOS_TOS_MASK = 0x1e;

/** icmp_pointers[type].error: types that are errors, about which no error is ever sent (RFC 1122 §3.2.2). */
export function icmpTypeIsError(type: IcmpType): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

/**
 * __icmp_send: an error's TOS is `(orig.tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL`, 0xc0
 * for TOS 0 [VERIFIED]; for a non-zero original TOS this follows the source, not a capture.
 */
export function icmpErrorTos(originalTos: number): number {
  return (originalTos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL;
}

/**
 * How many bytes of the offending datagram __icmp_send quotes: all of it (`skb_in->len` from the
 * network header, after ip_rcv trimmed padding) up to `min(routeMtu, 576) − 20 − outer IP options − 8`.
 * An 84-byte echo is quoted whole (a 112-byte error); a 1028-byte one is cut to 548 (a 576-byte error).
 */
export function icmpQuoteLen(datagramLen: number, routeMtu: number = ICMP_ERROR_MAX_LEN, outerOptionsLen: number = 0): number {
  const room = Math.min(routeMtu, ICMP_ERROR_MAX_LEN) - IPV4_HEADER_LEN - outerOptionsLen - ICMP_HEADER_LEN;
  return Math.max(0, Math.min(datagramLen, room));
}

/** The quote for an error Repr: a copy of the first `icmpQuoteLen` bytes of `datagram` (an IP header and what follows). */
export function icmpErrorQuote(datagram: Uint8Array, routeMtu: number = ICMP_ERROR_MAX_LEN, outerOptionsLen: number = 0): Uint8Array {
  return datagram.slice(0, icmpQuoteLen(datagram.length, routeMtu, outerOptionsLen));
}

const F = {
  TYPE: 0,
  CODE: 1,
  CHECKSUM: 2,
  REST: 4,
  IDENT: 4,
  SEQ_NO: 6,
  POINTER: 4,
  NEXT_HOP_MTU: 6,
  DATA: 8,
} as const;

/** A zero-copy view of an ICMP message at buf[offset, offset+length). */
export class IcmpPacket extends WireView {
  /** The one guard: the 8-byte header is inside the window. */
  checkLen(): WireError {
    return windowFits(this.buf, this.offset, this.length) && this.length >= ICMP_HEADER_LEN
      ? WireError.Ok
      : WireError.Truncated;
  }

  get msgType(): IcmpType { return this.buf[this.offset + F.TYPE] ?? 0; }
  set msgType(value: IcmpType) { this.buf[this.offset + F.TYPE] = value; }
  get code(): number { return this.buf[this.offset + F.CODE] ?? 0; }
  set code(value: number) { this.buf[this.offset + F.CODE] = value; }
  get checksum(): number { return readU16(this.buf, this.offset + F.CHECKSUM); }
  set checksum(value: number) { writeU16(this.buf, this.offset + F.CHECKSUM, value); }
  /** Bytes 4–7 as one word (icmphdr.un.gateway): the "unused" field of errors, whatever the type. */
  get rest(): number { return readU32(this.buf, this.offset + F.REST); }
  set rest(value: number) { writeU32(this.buf, this.offset + F.REST, value); }
  /** Echo identifier. */
  get ident(): number { return readU16(this.buf, this.offset + F.IDENT); }
  set ident(value: number) { writeU16(this.buf, this.offset + F.IDENT, value); }
  /** Echo sequence number. */
  get seqNo(): number { return readU16(this.buf, this.offset + F.SEQ_NO); }
  set seqNo(value: number) { writeU16(this.buf, this.offset + F.SEQ_NO, value); }
  /** Next-hop MTU of "fragmentation needed" (RFC 1191). */
  get nextHopMtu(): number { return readU16(this.buf, this.offset + F.NEXT_HOP_MTU); }
  set nextHopMtu(value: number) { writeU16(this.buf, this.offset + F.NEXT_HOP_MTU, value); }
  /** Redirect gateway. */
  get gateway(): Ipv4Addr { return readU32(this.buf, this.offset + F.REST); }
  set gateway(addr: Ipv4Addr) { writeU32(this.buf, this.offset + F.REST, addr); }
  /** Parameter-problem pointer. */
  get pointer(): number { return this.buf[this.offset + F.POINTER] ?? 0; }
  set pointer(value: number) { this.buf[this.offset + F.POINTER] = value; }
  /** Absolute offset of the data: echo payload, or the quoted datagram of an error. */
  get dataOffset(): number { return this.offset + F.DATA; }
  get dataLen(): number { return this.length - F.DATA; }

  /** The checksum covers the whole message (RFC 792). */
  verifyChecksum(): boolean { return verifyInternetChecksum(this.buf, this.offset, this.length); }

  fillChecksum(): void {
    this.checksum = 0;
    this.checksum = internetChecksum(this.buf, this.offset, this.length);
  }
}

/**
 * An ICMP message as data. Errors carry `quote`, the leading bytes of the offending datagram.
 * Messages whose header bytes these shapes cannot hold (a non-zero code on an echo, non-zero
 * unused bytes, unknown types) parse as `other`, so every message re-emits byte for byte.
 */
export type IcmpRepr =
  | { readonly kind: "echoRequest"; readonly ident: number; readonly seqNo: number; readonly data: Uint8Array }
  | { readonly kind: "echoReply"; readonly ident: number; readonly seqNo: number; readonly data: Uint8Array }
  | { readonly kind: "destUnreachable"; readonly code: number; readonly nextHopMtu: number; readonly quote: Uint8Array }
  | { readonly kind: "timeExceeded"; readonly code: number; readonly quote: Uint8Array }
  | { readonly kind: "redirect"; readonly code: number; readonly gateway: Ipv4Addr; readonly quote: Uint8Array }
  | { readonly kind: "parameterProblem"; readonly code: number; readonly pointer: number; readonly quote: Uint8Array }
  | { readonly kind: "other"; readonly msgType: IcmpType; readonly code: number; readonly rest: number; readonly data: Uint8Array };

/** Structural parse; the checksum is the view's to verify (`verifyChecksum`). Data and quotes are copies. */
function parseIcmp(packet: IcmpPacket): IcmpRepr | WireError {
  const error = packet.checkLen();
  if (error !== WireError.Ok) return error;
  const type = packet.msgType;
  const code = packet.code;
  const rest = packet.rest;
  const data = copyBytes(packet.buf, packet.dataOffset, packet.dataLen);
  if (type === IcmpType.EchoRequest && code === 0) return { kind: "echoRequest", ident: packet.ident, seqNo: packet.seqNo, data };
  if (type === IcmpType.EchoReply && code === 0) return { kind: "echoReply", ident: packet.ident, seqNo: packet.seqNo, data };
  if (type === IcmpType.DestUnreachable && rest >>> 16 === 0) return { kind: "destUnreachable", code, nextHopMtu: packet.nextHopMtu, quote: data };
  if (type === IcmpType.TimeExceeded && rest === 0) return { kind: "timeExceeded", code, quote: data };
  if (type === IcmpType.Redirect) return { kind: "redirect", code, gateway: packet.gateway, quote: data };
  if (type === IcmpType.ParameterProblem && (rest & 0xffffff) === 0) return { kind: "parameterProblem", code, pointer: packet.pointer, quote: data };
  return { kind: "other", msgType: type, code, rest, data };
}

function icmpHeaderFields(repr: IcmpRepr): { type: number; code: number; rest: number; body: Uint8Array } {
  switch (repr.kind) {
    case "echoRequest":
      return { type: IcmpType.EchoRequest, code: 0, rest: ((repr.ident << 16) | repr.seqNo) >>> 0, body: repr.data };
    case "echoReply":
      return { type: IcmpType.EchoReply, code: 0, rest: ((repr.ident << 16) | repr.seqNo) >>> 0, body: repr.data };
    case "destUnreachable":
      return { type: IcmpType.DestUnreachable, code: repr.code, rest: repr.nextHopMtu & 0xffff, body: repr.quote };
    case "timeExceeded":
      return { type: IcmpType.TimeExceeded, code: repr.code, rest: 0, body: repr.quote };
    case "redirect":
      return { type: IcmpType.Redirect, code: repr.code, rest: repr.gateway, body: repr.quote };
    case "parameterProblem":
      return { type: IcmpType.ParameterProblem, code: repr.code, rest: (repr.pointer << 24) >>> 0, body: repr.quote };
    case "other":
      return { type: repr.msgType, code: repr.code, rest: repr.rest, body: repr.data };
  }
}

function icmpBufferLen(repr: IcmpRepr): number {
  switch (repr.kind) {
    case "echoRequest":
    case "echoReply":
    case "other":
      return ICMP_HEADER_LEN + repr.data.length;
    default:
      return ICMP_HEADER_LEN + repr.quote.length;
  }
}

/** Writes the whole message, checksum included, at buf[offset]. Returns its length. */
function emitIcmp(repr: IcmpRepr, buf: Uint8Array, offset: number): number {
  const { type, code, rest, body } = icmpHeaderFields(repr);
  const length = ICMP_HEADER_LEN + body.length;
  buf[offset + F.TYPE] = type;
  buf[offset + F.CODE] = code;
  writeU16(buf, offset + F.CHECKSUM, 0);
  writeU32(buf, offset + F.REST, rest);
  buf.set(body, offset + F.DATA);
  writeU16(buf, offset + F.CHECKSUM, internetChecksum(buf, offset, length));
  return length;
}

export const IcmpRepr: {
  readonly parse: (packet: IcmpPacket) => IcmpRepr | WireError;
  readonly emit: (repr: IcmpRepr, buf: Uint8Array, offset: number) => number;
  readonly bufferLen: (repr: IcmpRepr) => number;
} = { parse: parseIcmp, emit: emitIcmp, bufferLen: icmpBufferLen };

/**
 * Builds an ICMP error in place, as __icmp_send does, without allocating: header (type, code,
 * `rest` = icmphdr.un.gateway, e.g. the next-hop MTU for code 4), then the first
 * `icmpQuoteLen(datagramLen, routeMtu, outerOptionsLen)` bytes of the datagram at
 * src[datagramOffset], then the checksum. Returns the ICMP message length.
 */
export function emitIcmpError(
  buf: Uint8Array,
  offset: number,
  type: IcmpType,
  code: number,
  rest: number,
  src: Uint8Array,
  datagramOffset: number,
  datagramLen: number,
  routeMtu: number = ICMP_ERROR_MAX_LEN,
  outerOptionsLen: number = 0,
): number {
  const quoteLen = icmpQuoteLen(datagramLen, routeMtu, outerOptionsLen);
  // Quote first: src may be buf itself, with the datagram where the header is about to go.
  if (src === buf) buf.copyWithin(offset + F.DATA, datagramOffset, datagramOffset + quoteLen);
  else buf.set(src.subarray(datagramOffset, datagramOffset + quoteLen), offset + F.DATA);
  buf[offset + F.TYPE] = type;
  buf[offset + F.CODE] = code;
  writeU16(buf, offset + F.CHECKSUM, 0);
  writeU32(buf, offset + F.REST, rest);
  const length = ICMP_HEADER_LEN + quoteLen;
  writeU16(buf, offset + F.CHECKSUM, internetChecksum(buf, offset, length));
  return length;
}
