/**
 * TCP headers (RFC 9293) with options (MSS, window scale RFC 7323, SACK-permitted/SACK
 * RFC 2018, timestamps RFC 7323, NOP, EOL) and the IPv4 pseudo-header checksum. There is no
 * length field: a view's window is the whole segment (the IP payload). Locally generated
 * segments on veth carry a partial checksum (CHECKSUM_PARTIAL, see `ChecksumMode.Partial`).
 */
import type { Ipv4Addr } from "../ipv4";
import { copyBytes, readU16, readU32, windowFits, writeU16, writeU32 } from "./bytes";
import { ChecksumMode, ChecksumStatus, internetChecksum, l4ChecksumStatus, partialChecksum, pseudoHeaderSum } from "./checksum";
import { WireError } from "./error";
import { IpProtocol } from "./ipv4";
import { WireView } from "./view";

/** Control bits, as the low 9 bits of the offset/flags word (include/net/tcp.h TCPHDR_*; AE is RFC 9768's, formerly NS). */
export const TcpFlags = {
  Fin: 0x001,
  Syn: 0x002,
  Rst: 0x004,
  Psh: 0x008,
  Ack: 0x010,
  Urg: 0x020,
  Ece: 0x040,
  Cwr: 0x080,
  Ae: 0x100,
} as const;

/** Option kinds (include/net/tcp.h TCPOPT_*); the wire carries others. */
export const TcpOptionKind = {
  Eol: 0,
  Nop: 1,
  Mss: 2,
  WindowScale: 3,
  SackPermitted: 4,
  Sack: 5,
  Timestamp: 8,
} as const;
export type TcpOptionKind = number;

export const TCP_HEADER_LEN = 20;
export const TCP_MAX_OPTIONS_LEN = 40;

const F = {
  SRC_PORT: 0,
  DST_PORT: 2,
  SEQ_NO: 4,
  ACK_NO: 8,
  OFFSET_FLAGS: 12,
  WINDOW: 14,
  CHECKSUM: 16,
  URGENT: 18,
  OPTIONS: 20,
} as const;

/** The 12 bits after the data offset: 3 reserved + AE + the 8 classic flags. */
const FLAGS_MASK = 0x0fff;

/** A zero-copy view of a TCP segment at buf[offset, offset+length) (the IP payload). */
export class TcpPacket extends WireView {
  /** The one guard, as tcp_v4_rcv checks: a header, data offset ≥ 5, the options inside the window. */
  checkLen(): WireError {
    if (!windowFits(this.buf, this.offset, this.length) || this.length < TCP_HEADER_LEN) return WireError.Truncated;
    const headerLen = this.headerLen;
    if (headerLen < TCP_HEADER_LEN) return WireError.BadLength;
    return headerLen > this.length ? WireError.Truncated : WireError.Ok;
  }

  get srcPort(): number { return readU16(this.buf, this.offset + F.SRC_PORT); }
  set srcPort(port: number) { writeU16(this.buf, this.offset + F.SRC_PORT, port); }
  get dstPort(): number { return readU16(this.buf, this.offset + F.DST_PORT); }
  set dstPort(port: number) { writeU16(this.buf, this.offset + F.DST_PORT, port); }
  get seqNo(): number { return readU32(this.buf, this.offset + F.SEQ_NO); }
  set seqNo(value: number) { writeU32(this.buf, this.offset + F.SEQ_NO, value); }
  get ackNo(): number { return readU32(this.buf, this.offset + F.ACK_NO); }
  set ackNo(value: number) { writeU32(this.buf, this.offset + F.ACK_NO, value); }
  /** Data offset × 4, in bytes. */
  get headerLen(): number { return ((this.buf[this.offset + F.OFFSET_FLAGS] ?? 0) >>> 4) * 4; }
  set headerLen(bytes: number) { this.buf[this.offset + F.OFFSET_FLAGS] = (((bytes >>> 2) & 0x0f) << 4) | ((this.buf[this.offset + F.OFFSET_FLAGS] ?? 0) & 0x0f); }
  /** Reserved bits, AE and the 8 classic flags (`TcpFlags`). */
  get flags(): number { return readU16(this.buf, this.offset + F.OFFSET_FLAGS) & FLAGS_MASK; }
  set flags(bits: number) { writeU16(this.buf, this.offset + F.OFFSET_FLAGS, (readU16(this.buf, this.offset + F.OFFSET_FLAGS) & ~FLAGS_MASK) | (bits & FLAGS_MASK)); }
  get fin(): boolean { return (this.flags & TcpFlags.Fin) !== 0; }
  get syn(): boolean { return (this.flags & TcpFlags.Syn) !== 0; }
  get rst(): boolean { return (this.flags & TcpFlags.Rst) !== 0; }
  get psh(): boolean { return (this.flags & TcpFlags.Psh) !== 0; }
  get ack(): boolean { return (this.flags & TcpFlags.Ack) !== 0; }
  get urg(): boolean { return (this.flags & TcpFlags.Urg) !== 0; }
  get window(): number { return readU16(this.buf, this.offset + F.WINDOW); }
  set window(value: number) { writeU16(this.buf, this.offset + F.WINDOW, value); }
  get checksum(): number { return readU16(this.buf, this.offset + F.CHECKSUM); }
  set checksum(value: number) { writeU16(this.buf, this.offset + F.CHECKSUM, value); }
  get urgentPointer(): number { return readU16(this.buf, this.offset + F.URGENT); }
  set urgentPointer(value: number) { writeU16(this.buf, this.offset + F.URGENT, value); }
  /** Absolute offset of the options in `buf`. */
  get optionsOffset(): number { return this.offset + F.OPTIONS; }
  get optionsLen(): number { return this.headerLen - TCP_HEADER_LEN; }
  /** Absolute offset of the payload in `buf`. */
  get payloadOffset(): number { return this.offset + this.headerLen; }
  get payloadLen(): number { return this.length - this.headerLen; }
  /** SEG.LEN (RFC 9293 §3.4): payload plus one for SYN and one for FIN. */
  get segmentLen(): number { return this.payloadLen + (this.syn ? 1 : 0) + (this.fin ? 1 : 0); }

  /**
   * Absolute offset of the first option of `kind` (its kind byte), or −1. Walks like
   * tcp_parse_options: stops at EOL and at a malformed length, so it never reads outside the options.
   */
  findOption(kind: TcpOptionKind): number {
    const end = this.offset + this.headerLen;
    let at = this.optionsOffset;
    while (at < end) {
      const k = this.buf[at] ?? 0;
      if (k === TcpOptionKind.Eol) return -1;
      if (k === TcpOptionKind.Nop) {
        if (kind === TcpOptionKind.Nop) return at;
        at += 1;
        continue;
      }
      const len = this.buf[at + 1] ?? 0;
      if (len < 2 || at + len > end) return -1;
      if (k === kind) return at;
      at += len;
    }
    return -1;
  }

  /** Valid, Invalid or Partial (veth CHECKSUM_PARTIAL) over the whole window. */
  verifyChecksum(src: Ipv4Addr, dst: Ipv4Addr): ChecksumStatus {
    return l4ChecksumStatus(this.buf, this.offset, this.length, this.offset + F.CHECKSUM, src, dst, IpProtocol.Tcp);
  }

  /** Writes the checksum as `mode` says (tcp_v4_send_check leaves a partial one for the device). */
  fillChecksum(src: Ipv4Addr, dst: Ipv4Addr, mode: ChecksumMode = ChecksumMode.Full): void {
    if (mode === ChecksumMode.None) this.checksum = 0;
    else if (mode === ChecksumMode.Partial) this.checksum = partialChecksum(src, dst, IpProtocol.Tcp, this.length);
    else {
      this.checksum = 0;
      this.checksum = internetChecksum(this.buf, this.offset, this.length, pseudoHeaderSum(src, dst, IpProtocol.Tcp, this.length));
    }
  }
}

/** A SACK block: [left, right) in sequence space. */
export interface TcpSackBlock {
  readonly left: number;
  readonly right: number;
}

/**
 * One option, in wire order. EOL and the zero padding after it are implicit: parsing stops at
 * EOL and emitting pads with zeros. A known kind with a wrong length is kept as `unknown`.
 */
export type TcpOption =
  | { readonly type: "nop" }
  | { readonly type: "mss"; readonly mss: number }
  | { readonly type: "windowScale"; readonly shift: number }
  | { readonly type: "sackPermitted" }
  | { readonly type: "sack"; readonly blocks: readonly TcpSackBlock[] }
  | { readonly type: "timestamp"; readonly tsval: number; readonly tsecr: number }
  | { readonly type: "unknown"; readonly kind: TcpOptionKind; readonly data: Uint8Array };

/** A TCP segment as data; `payload` is a copy. `flags` as in `TcpPacket.flags`. */
export interface TcpRepr {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seqNo: number;
  readonly ackNo: number;
  readonly flags: number;
  readonly window: number;
  readonly urgentPointer: number;
  readonly options: readonly TcpOption[];
  readonly payload: Uint8Array;
}

const NOP_OPTION: TcpOption = { type: "nop" };
const SACK_PERMITTED_OPTION: TcpOption = { type: "sackPermitted" };

function optionLen(option: TcpOption): number {
  switch (option.type) {
    case "nop":
      return 1;
    case "mss":
      return 4;
    case "windowScale":
      return 3;
    case "sackPermitted":
      return 2;
    case "sack":
      return 2 + 8 * option.blocks.length;
    case "timestamp":
      return 10;
    case "unknown":
      return 2 + option.data.length;
  }
}

/** Parses buf[start, end) into options; BadOption when a length byte is missing, below 2, or runs past `end`. */
export function parseTcpOptions(buf: Uint8Array, start: number, end: number): TcpOption[] | WireError {
  const options: TcpOption[] = [];
  let at = start;
  while (at < end) {
    const kind = buf[at] ?? 0;
    if (kind === TcpOptionKind.Eol) break;
    if (kind === TcpOptionKind.Nop) {
      options.push(NOP_OPTION);
      at += 1;
      continue;
    }
    if (at + 1 >= end) return WireError.BadOption;
    const len = buf[at + 1] ?? 0;
    if (len < 2 || at + len > end) return WireError.BadOption;
    options.push(parseOneOption(buf, at, kind, len));
    at += len;
  }
  return options;
}

function parseOneOption(buf: Uint8Array, at: number, kind: number, len: number): TcpOption {
  if (kind === TcpOptionKind.Mss && len === 4) return { type: "mss", mss: readU16(buf, at + 2) };
  if (kind === TcpOptionKind.WindowScale && len === 3) return { type: "windowScale", shift: buf[at + 2] ?? 0 };
  if (kind === TcpOptionKind.SackPermitted && len === 2) return SACK_PERMITTED_OPTION;
  if (kind === TcpOptionKind.Timestamp && len === 10) return { type: "timestamp", tsval: readU32(buf, at + 2), tsecr: readU32(buf, at + 6) };
  if (kind === TcpOptionKind.Sack && len >= 10 && (len - 2) % 8 === 0) {
    const blocks: TcpSackBlock[] = [];
    for (let b = at + 2; b < at + len; b += 8) blocks.push({ left: readU32(buf, b), right: readU32(buf, b + 4) });
    return { type: "sack", blocks };
  }
  return { type: "unknown", kind, data: copyBytes(buf, at + 2, len - 2) };
}

/** Writes the options at buf[offset] and zero-pads to a multiple of 4. Returns the padded length. */
export function emitTcpOptions(options: readonly TcpOption[], buf: Uint8Array, offset: number): number {
  let at = offset;
  for (const option of options) {
    switch (option.type) {
      case "nop":
        buf[at] = TcpOptionKind.Nop;
        break;
      case "mss":
        buf[at] = TcpOptionKind.Mss;
        buf[at + 1] = 4;
        writeU16(buf, at + 2, option.mss);
        break;
      case "windowScale":
        buf[at] = TcpOptionKind.WindowScale;
        buf[at + 1] = 3;
        buf[at + 2] = option.shift;
        break;
      case "sackPermitted":
        buf[at] = TcpOptionKind.SackPermitted;
        buf[at + 1] = 2;
        break;
      case "sack":
        buf[at] = TcpOptionKind.Sack;
        buf[at + 1] = optionLen(option);
        option.blocks.forEach((block, i) => {
          writeU32(buf, at + 2 + 8 * i, block.left);
          writeU32(buf, at + 6 + 8 * i, block.right);
        });
        break;
      case "timestamp":
        buf[at] = TcpOptionKind.Timestamp;
        buf[at + 1] = 10;
        writeU32(buf, at + 2, option.tsval);
        writeU32(buf, at + 6, option.tsecr);
        break;
      case "unknown":
        buf[at] = option.kind;
        buf[at + 1] = optionLen(option);
        buf.set(option.data, at + 2);
        break;
    }
    at += optionLen(option);
  }
  const padded = tcpOptionsLen(options);
  buf.fill(0, at, offset + padded);
  return padded;
}

/** Bytes the options take on the wire, padded to a multiple of 4 (at most 40 fit in a header). */
export function tcpOptionsLen(options: readonly TcpOption[]): number {
  let len = 0;
  for (const option of options) len += optionLen(option);
  return (len + 3) & ~3;
}

/** The options a segment negotiates or carries, whatever their layout (cf. tcp_parse_options). */
export interface TcpOptionSet {
  readonly mss?: number;
  readonly windowScale?: number;
  readonly sackPermitted?: boolean;
  readonly timestamp?: { readonly tsval: number; readonly tsecr: number };
  readonly sackBlocks?: readonly TcpSackBlock[];
}

/** Collects the known options of a list; a repeated option keeps its last value, as tcp_parse_options does. */
export function tcpOptionSet(options: readonly TcpOption[]): TcpOptionSet {
  let set: TcpOptionSet = {};
  for (const option of options) {
    if (option.type === "mss") set = { ...set, mss: option.mss };
    else if (option.type === "windowScale") set = { ...set, windowScale: option.shift };
    else if (option.type === "sackPermitted") set = { ...set, sackPermitted: true };
    else if (option.type === "timestamp") set = { ...set, timestamp: { tsval: option.tsval, tsecr: option.tsecr } };
    else if (option.type === "sack") set = { ...set, sackBlocks: option.blocks };
  }
  return set;
}

/**
 * Lays options out as Linux's tcp_options_write does: MSS; SACK-permitted packed with the
 * timestamp (else NOP NOP before it); NOP NOP SACK-permitted without timestamps; NOP + window
 * scale; NOP NOP + SACK blocks. A Linux SYN reads `mss 1460,sackOK,TS val … ecr 0,nop,wscale 7`.
 */
export function linuxTcpOptions(set: TcpOptionSet): TcpOption[] {
  const out: TcpOption[] = [];
  if (set.mss !== undefined) out.push({ type: "mss", mss: set.mss });
  if (set.timestamp !== undefined) {
    if (set.sackPermitted === true) out.push(SACK_PERMITTED_OPTION);
    else out.push(NOP_OPTION, NOP_OPTION);
    out.push({ type: "timestamp", tsval: set.timestamp.tsval, tsecr: set.timestamp.tsecr });
  } else if (set.sackPermitted === true) {
    out.push(NOP_OPTION, NOP_OPTION, SACK_PERMITTED_OPTION);
  }
  if (set.windowScale !== undefined) out.push(NOP_OPTION, { type: "windowScale", shift: set.windowScale });
  if (set.sackBlocks !== undefined && set.sackBlocks.length > 0) out.push(NOP_OPTION, NOP_OPTION, { type: "sack", blocks: set.sackBlocks });
  return out;
}

/** Structural parse; the checksum is the view's to verify (it needs the IP addresses). */
function parseTcp(packet: TcpPacket): TcpRepr | WireError {
  const error = packet.checkLen();
  if (error !== WireError.Ok) return error;
  const options = parseTcpOptions(packet.buf, packet.optionsOffset, packet.optionsOffset + packet.optionsLen);
  if (typeof options === "number") return options;
  return {
    srcPort: packet.srcPort,
    dstPort: packet.dstPort,
    seqNo: packet.seqNo,
    ackNo: packet.ackNo,
    flags: packet.flags,
    window: packet.window,
    urgentPointer: packet.urgentPointer,
    options,
    payload: copyBytes(packet.buf, packet.payloadOffset, packet.payloadLen),
  };
}

function tcpHeaderLen(repr: TcpRepr): number {
  return TCP_HEADER_LEN + tcpOptionsLen(repr.options);
}

function tcpBufferLen(repr: TcpRepr): number {
  return tcpHeaderLen(repr) + repr.payload.length;
}

/** Writes header, options and payload at buf[offset], the checksum as `mode` says. Returns the segment length. */
function emitTcp(
  repr: TcpRepr,
  buf: Uint8Array,
  offset: number,
  src: Ipv4Addr,
  dst: Ipv4Addr,
  mode: ChecksumMode = ChecksumMode.Full,
): number {
  const headerLen = tcpHeaderLen(repr);
  const length = headerLen + repr.payload.length;
  writeU16(buf, offset + F.SRC_PORT, repr.srcPort);
  writeU16(buf, offset + F.DST_PORT, repr.dstPort);
  writeU32(buf, offset + F.SEQ_NO, repr.seqNo);
  writeU32(buf, offset + F.ACK_NO, repr.ackNo);
  writeU16(buf, offset + F.OFFSET_FLAGS, ((headerLen >>> 2) << 12) | (repr.flags & FLAGS_MASK));
  writeU16(buf, offset + F.WINDOW, repr.window);
  writeU16(buf, offset + F.URGENT, repr.urgentPointer);
  emitTcpOptions(repr.options, buf, offset + F.OPTIONS);
  buf.set(repr.payload, offset + headerLen);
  new TcpPacket(buf, offset, length).fillChecksum(src, dst, mode);
  return length;
}

export const TcpRepr: {
  readonly parse: (packet: TcpPacket) => TcpRepr | WireError;
  readonly emit: (repr: TcpRepr, buf: Uint8Array, offset: number, src: Ipv4Addr, dst: Ipv4Addr, mode?: ChecksumMode) => number;
  readonly bufferLen: (repr: TcpRepr) => number;
} = { parse: parseTcp, emit: emitTcp, bufferLen: tcpBufferLen };
