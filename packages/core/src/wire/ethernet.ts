/**
 * Ethernet II frames (IEEE 802.3 clause 3.2.6 type field), with at most one IEEE 802.1Q tag.
 * The FCS is not modelled: like a pcap of a Linux interface, a frame ends with its payload.
 * Short frames are not padded to 60 bytes (veth does not pad; see veth-ping.pcap's 42-byte ARP).
 * Limits: a QinQ stack (0x88a8 outer) is not parsed as tags; an 802.1Q tag inside a tag is left in the payload.
 */
import { type MacAddr, readMac, writeMac } from "../mac";
import { readU16, windowFits, writeU16 } from "./bytes";
import { WireError } from "./error";
import { WireView } from "./view";

/** Ethertypes (include/uapi/linux/if_ether.h). A number type: the wire carries others, and values below 0x0600 are 802.3 lengths. */
export const EtherType = {
  Ipv4: 0x0800,
  Arp: 0x0806,
  Vlan: 0x8100,
  Ipv6: 0x86dd,
  QinQ: 0x88a8,
} as const;
export type EtherType = number;

const F = {
  DST: 0,
  SRC: 6,
  TYPE: 12,
  PAYLOAD: 14,
  VLAN_TCI: 14,
  VLAN_INNER_TYPE: 16,
  VLAN_PAYLOAD: 18,
} as const;

export const ETHERNET_HEADER_LEN = 14;
export const ETHERNET_VLAN_HEADER_LEN = 18;

/** A zero-copy view of an Ethernet frame at buf[offset, offset+length). */
export class EthernetFrame extends WireView {
  /** The one guard: after `Ok`, every accessor reads inside the frame. */
  checkLen(): WireError {
    if (!windowFits(this.buf, this.offset, this.length) || this.length < ETHERNET_HEADER_LEN) return WireError.Truncated;
    return this.length < this.headerLen ? WireError.Truncated : WireError.Ok;
  }

  get dst(): MacAddr { return readMac(this.buf, this.offset + F.DST); }
  set dst(mac: MacAddr) { writeMac(this.buf, this.offset + F.DST, mac); }
  get src(): MacAddr { return readMac(this.buf, this.offset + F.SRC); }
  set src(mac: MacAddr) { writeMac(this.buf, this.offset + F.SRC, mac); }
  /** The type field at byte 12: the payload's ethertype, or the 802.1Q TPID 0x8100 when tagged. */
  get outerEthertype(): EtherType { return readU16(this.buf, this.offset + F.TYPE); }
  set outerEthertype(type: EtherType) { writeU16(this.buf, this.offset + F.TYPE, type); }
  get hasVlan(): boolean { return this.outerEthertype === EtherType.Vlan; }
  get headerLen(): number { return this.hasVlan ? ETHERNET_VLAN_HEADER_LEN : ETHERNET_HEADER_LEN; }
  /** The ethertype of the payload, behind the tag if there is one. */
  get ethertype(): EtherType { return readU16(this.buf, this.offset + (this.hasVlan ? F.VLAN_INNER_TYPE : F.TYPE)); }
  set ethertype(type: EtherType) { writeU16(this.buf, this.offset + (this.hasVlan ? F.VLAN_INNER_TYPE : F.TYPE), type); }
  /** Tag control information (PCP:3 DEI:1 VID:12); 0 when untagged (bytes 14–15 are payload then). */
  get vlanTci(): number { return this.hasVlan ? readU16(this.buf, this.offset + F.VLAN_TCI) : 0; }
  set vlanTci(tci: number) { writeU16(this.buf, this.offset + F.VLAN_TCI, tci); }
  get vlanId(): number { return this.vlanTci & 0x0fff; }
  get vlanPcp(): number { return this.vlanTci >>> 13; }
  get vlanDei(): boolean { return (this.vlanTci & 0x1000) !== 0; }
  /** Absolute offset of the payload in `buf`. */
  get payloadOffset(): number { return this.offset + this.headerLen; }
  get payloadLen(): number { return this.length - this.headerLen; }
}

/** An 802.1Q tag: priority code point, drop-eligible indicator, VLAN id. */
export interface VlanTag {
  readonly pcp: number;
  readonly dei: boolean;
  readonly vid: number;
}

/** An Ethernet header as data; `ethertype` is the payload's type, behind the tag if `vlan` is set. */
export interface EthernetRepr {
  readonly dst: MacAddr;
  readonly src: MacAddr;
  readonly ethertype: EtherType;
  readonly vlan?: VlanTag;
}

function parseEthernet(frame: EthernetFrame): EthernetRepr | WireError {
  const error = frame.checkLen();
  if (error !== WireError.Ok) return error;
  const base = { dst: frame.dst, src: frame.src, ethertype: frame.ethertype };
  if (!frame.hasVlan) return base;
  return { ...base, vlan: { pcp: frame.vlanPcp, dei: frame.vlanDei, vid: frame.vlanId } };
}

function ethernetHeaderLen(repr: EthernetRepr): number {
  return repr.vlan === undefined ? ETHERNET_HEADER_LEN : ETHERNET_VLAN_HEADER_LEN;
}

/** Writes the header at buf[offset]; the payload is the caller's. Returns the header length. */
function emitEthernet(repr: EthernetRepr, buf: Uint8Array, offset: number): number {
  writeMac(buf, offset + F.DST, repr.dst);
  writeMac(buf, offset + F.SRC, repr.src);
  if (repr.vlan === undefined) {
    writeU16(buf, offset + F.TYPE, repr.ethertype);
    return ETHERNET_HEADER_LEN;
  }
  const { pcp, dei, vid } = repr.vlan;
  writeU16(buf, offset + F.TYPE, EtherType.Vlan);
  writeU16(buf, offset + F.VLAN_TCI, ((pcp & 7) << 13) | (dei ? 0x1000 : 0) | (vid & 0x0fff));
  writeU16(buf, offset + F.VLAN_INNER_TYPE, repr.ethertype);
  return ETHERNET_VLAN_HEADER_LEN;
}

/** parse/emit for the edges (tests, tools, building frames); `bufferLen` is the header length that `emit` writes. */
export const EthernetRepr: {
  readonly parse: (frame: EthernetFrame) => EthernetRepr | WireError;
  readonly emit: (repr: EthernetRepr, buf: Uint8Array, offset: number) => number;
  readonly bufferLen: (repr: EthernetRepr) => number;
} = { parse: parseEthernet, emit: emitEthernet, bufferLen: ethernetHeaderLen };
