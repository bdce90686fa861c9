/**
 * ARP for IPv4 over Ethernet (RFC 826): the only kind Linux's arp_rcv accepts on an Ethernet
 * device (hardware length 6, protocol length 4). The view reads the fixed 28-byte layout; use
 * `isEthernetIpv4()` for the format check arp_rcv makes. Ethernet padding after the 28 bytes is ignored.
 */
import type { Ipv4Addr } from "../ipv4";
import { type MacAddr, readMac, writeMac } from "../mac";
import { readU16, readU32, windowFits, writeU16, writeU32 } from "./bytes";
import { EtherType } from "./ethernet";
import { WireError } from "./error";
import { WireView } from "./view";

/** ARP opcodes (include/uapi/linux/if_arp.h ARPOP_*); other values exist on the wire. */
export const ArpOperation = {
  Request: 1,
  Reply: 2,
  RarpRequest: 3,
  RarpReply: 4,
} as const;
export type ArpOperation = number;

/** ARPHRD_ETHER. */
export const ARP_HTYPE_ETHERNET = 1;
export const ARP_PACKET_LEN = 28;

const F = {
  HTYPE: 0,
  PTYPE: 2,
  HLEN: 4,
  PLEN: 5,
  OPER: 6,
  SHA: 8,
  SPA: 14,
  THA: 18,
  TPA: 24,
} as const;

/** A zero-copy view of an Ethernet/IPv4 ARP packet at buf[offset, offset+length). */
export class ArpPacket extends WireView {
  /** The one guard: after `Ok`, every accessor reads inside the 28-byte Ethernet/IPv4 layout. */
  checkLen(): WireError {
    return windowFits(this.buf, this.offset, this.length) && this.length >= ARP_PACKET_LEN
      ? WireError.Ok
      : WireError.Truncated;
  }

  /** htype Ethernet, ptype IPv4, hlen 6, plen 4 — the arp_rcv format check. */
  isEthernetIpv4(): boolean {
    return (
      this.hardwareType === ARP_HTYPE_ETHERNET &&
      this.protocolType === EtherType.Ipv4 &&
      this.hardwareLen === 6 &&
      this.protocolLen === 4
    );
  }

  get hardwareType(): number { return readU16(this.buf, this.offset + F.HTYPE); }
  set hardwareType(value: number) { writeU16(this.buf, this.offset + F.HTYPE, value); }
  get protocolType(): number { return readU16(this.buf, this.offset + F.PTYPE); }
  set protocolType(value: number) { writeU16(this.buf, this.offset + F.PTYPE, value); }
  get hardwareLen(): number { return this.buf[this.offset + F.HLEN] ?? 0; }
  set hardwareLen(value: number) { this.buf[this.offset + F.HLEN] = value; }
  get protocolLen(): number { return this.buf[this.offset + F.PLEN] ?? 0; }
  set protocolLen(value: number) { this.buf[this.offset + F.PLEN] = value; }
  get operation(): ArpOperation { return readU16(this.buf, this.offset + F.OPER); }
  set operation(value: ArpOperation) { writeU16(this.buf, this.offset + F.OPER, value); }
  get senderHw(): MacAddr { return readMac(this.buf, this.offset + F.SHA); }
  set senderHw(mac: MacAddr) { writeMac(this.buf, this.offset + F.SHA, mac); }
  get senderIp(): Ipv4Addr { return readU32(this.buf, this.offset + F.SPA); }
  set senderIp(addr: Ipv4Addr) { writeU32(this.buf, this.offset + F.SPA, addr); }
  get targetHw(): MacAddr { return readMac(this.buf, this.offset + F.THA); }
  set targetHw(mac: MacAddr) { writeMac(this.buf, this.offset + F.THA, mac); }
  get targetIp(): Ipv4Addr { return readU32(this.buf, this.offset + F.TPA); }
  set targetIp(addr: Ipv4Addr) { writeU32(this.buf, this.offset + F.TPA, addr); }
}

/** An Ethernet/IPv4 ARP packet as data. A Linux request carries targetHw 00:00:00:00:00:00 (arp_create with a NULL target_hw). */
export interface ArpRepr {
  readonly operation: ArpOperation;
  readonly senderHw: MacAddr;
  readonly senderIp: Ipv4Addr;
  readonly targetHw: MacAddr;
  readonly targetIp: Ipv4Addr;
}

function parseArp(packet: ArpPacket): ArpRepr | WireError {
  const error = packet.checkLen();
  if (error !== WireError.Ok) return error;
  if (!packet.isEthernetIpv4()) return WireError.Unsupported;
  return {
    operation: packet.operation,
    senderHw: packet.senderHw,
    senderIp: packet.senderIp,
    targetHw: packet.targetHw,
    targetIp: packet.targetIp,
  };
}

/** Writes the 28 bytes at buf[offset]; returns 28. */
function emitArp(repr: ArpRepr, buf: Uint8Array, offset: number): number {
  writeU16(buf, offset + F.HTYPE, ARP_HTYPE_ETHERNET);
  writeU16(buf, offset + F.PTYPE, EtherType.Ipv4);
  buf[offset + F.HLEN] = 6;
  buf[offset + F.PLEN] = 4;
  writeU16(buf, offset + F.OPER, repr.operation);
  writeMac(buf, offset + F.SHA, repr.senderHw);
  writeU32(buf, offset + F.SPA, repr.senderIp);
  writeMac(buf, offset + F.THA, repr.targetHw);
  writeU32(buf, offset + F.TPA, repr.targetIp);
  return ARP_PACKET_LEN;
}

export const ArpRepr: {
  readonly parse: (packet: ArpPacket) => ArpRepr | WireError;
  readonly emit: (repr: ArpRepr, buf: Uint8Array, offset: number) => number;
  readonly bufferLen: (repr: ArpRepr) => number;
} = { parse: parseArp, emit: emitArp, bufferLen: () => ARP_PACKET_LEN };
