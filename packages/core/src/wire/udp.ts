/**
 * UDP (RFC 768) with its IPv4 pseudo-header checksum. A zero checksum means "none"; a computed
 * zero is sent as 0xffff. Locally generated datagrams on veth carry a partial checksum
 * (CHECKSUM_PARTIAL, see `ChecksumMode.Partial`).
 */
import type { Ipv4Addr } from "../ipv4";
import { copyBytes, readU16, windowFits, writeU16 } from "./bytes";
import { ChecksumMode, ChecksumStatus, internetChecksum, l4ChecksumStatus, partialChecksum, pseudoHeaderSum } from "./checksum";
import { WireError } from "./error";
import { IpProtocol } from "./ipv4";
import { WireView } from "./view";

export const UDP_HEADER_LEN = 8;

const F = {
  SRC_PORT: 0,
  DST_PORT: 2,
  LENGTH: 4,
  CHECKSUM: 6,
  PAYLOAD: 8,
} as const;

/** A zero-copy view of a UDP datagram at buf[offset, offset+length) (the IP payload). */
export class UdpPacket extends WireView {
  /** The one guard, as __udp4_lib_rcv checks: a header, 8 ≤ length field ≤ the window. */
  checkLen(): WireError {
    if (!windowFits(this.buf, this.offset, this.length) || this.length < UDP_HEADER_LEN) return WireError.Truncated;
    const udpLen = this.udpLength;
    if (udpLen < UDP_HEADER_LEN) return WireError.BadLength;
    return udpLen > this.length ? WireError.Truncated : WireError.Ok;
  }

  get srcPort(): number { return readU16(this.buf, this.offset + F.SRC_PORT); }
  set srcPort(port: number) { writeU16(this.buf, this.offset + F.SRC_PORT, port); }
  get dstPort(): number { return readU16(this.buf, this.offset + F.DST_PORT); }
  set dstPort(port: number) { writeU16(this.buf, this.offset + F.DST_PORT, port); }
  /** The length field: header + payload. */
  get udpLength(): number { return readU16(this.buf, this.offset + F.LENGTH); }
  set udpLength(value: number) { writeU16(this.buf, this.offset + F.LENGTH, value); }
  get checksum(): number { return readU16(this.buf, this.offset + F.CHECKSUM); }
  set checksum(value: number) { writeU16(this.buf, this.offset + F.CHECKSUM, value); }
  /** Absolute offset of the payload in `buf`. */
  get payloadOffset(): number { return this.offset + F.PAYLOAD; }
  /** By the length field, which may be shorter than the window (udp_rcv trims the rest). */
  get payloadLen(): number { return this.udpLength - UDP_HEADER_LEN; }

  /** Valid, Invalid, Partial (veth CHECKSUM_PARTIAL) or Absent (field 0) over the length field's bytes. */
  verifyChecksum(src: Ipv4Addr, dst: Ipv4Addr): ChecksumStatus {
    if (this.checksum === 0) return ChecksumStatus.Absent;
    return l4ChecksumStatus(this.buf, this.offset, this.udpLength, this.offset + F.CHECKSUM, src, dst, IpProtocol.Udp);
  }

  /** udp4_hwcsum / udp_set_csum: writes the checksum the way `mode` says. */
  fillChecksum(src: Ipv4Addr, dst: Ipv4Addr, mode: ChecksumMode = ChecksumMode.Full): void {
    const udpLen = this.udpLength;
    if (mode === ChecksumMode.None) this.checksum = 0;
    else if (mode === ChecksumMode.Partial) this.checksum = partialChecksum(src, dst, IpProtocol.Udp, udpLen);
    else {
      this.checksum = 0;
      const sum = internetChecksum(this.buf, this.offset, udpLen, pseudoHeaderSum(src, dst, IpProtocol.Udp, udpLen));
      this.checksum = sum === 0 ? 0xffff : sum; // RFC 768: a computed 0 is sent as all ones
    }
  }
}

/** A UDP datagram as data; `payload` is a copy. */
export interface UdpRepr {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
}

/** Structural parse; the checksum is the view's to verify (it needs the IP addresses). */
function parseUdp(packet: UdpPacket): UdpRepr | WireError {
  const error = packet.checkLen();
  if (error !== WireError.Ok) return error;
  return {
    srcPort: packet.srcPort,
    dstPort: packet.dstPort,
    payload: copyBytes(packet.buf, packet.payloadOffset, packet.payloadLen),
  };
}

function udpBufferLen(repr: UdpRepr): number {
  return UDP_HEADER_LEN + repr.payload.length;
}

/** Writes header and payload at buf[offset], the checksum as `mode` says. Returns the datagram length. */
function emitUdp(
  repr: UdpRepr,
  buf: Uint8Array,
  offset: number,
  src: Ipv4Addr,
  dst: Ipv4Addr,
  mode: ChecksumMode = ChecksumMode.Full,
): number {
  const length = udpBufferLen(repr);
  writeU16(buf, offset + F.SRC_PORT, repr.srcPort);
  writeU16(buf, offset + F.DST_PORT, repr.dstPort);
  writeU16(buf, offset + F.LENGTH, length);
  buf.set(repr.payload, offset + F.PAYLOAD);
  new UdpPacket(buf, offset, length).fillChecksum(src, dst, mode);
  return length;
}

export const UdpRepr: {
  readonly parse: (packet: UdpPacket) => UdpRepr | WireError;
  readonly emit: (repr: UdpRepr, buf: Uint8Array, offset: number, src: Ipv4Addr, dst: Ipv4Addr, mode?: ChecksumMode) => number;
  readonly bufferLen: (repr: UdpRepr) => number;
} = { parse: parseUdp, emit: emitUdp, bufferLen: udpBufferLen };
