/**
 * Round trip: for random Reprs of every protocol, parse(emit(r)) equals r, wherever in a buffer
 * the packet is written, and what emit computed verifies. Also: setters and getters agree.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArpPacket, ArpRepr } from "../src/wire/arp";
import { ChecksumMode, ChecksumStatus, partialChecksum } from "../src/wire/checksum";
import { EtherType, EthernetFrame, EthernetRepr } from "../src/wire/ethernet";
import { IcmpPacket, IcmpRepr } from "../src/wire/icmp";
import { IpProtocol, Ipv4Packet, Ipv4Repr } from "../src/wire/ipv4";
import { type TcpOption, TcpPacket, TcpRepr, TcpFlags, tcpOptionsLen } from "../src/wire/tcp";
import { UdpPacket, UdpRepr } from "../src/wire/udp";

const u8 = fc.nat({ max: 0xff });
const u16 = fc.nat({ max: 0xffff });
const u32 = fc.nat({ max: 0xffffffff });
const macAddr = fc.nat({ max: 2 ** 48 - 1 });
const bytes = (maxLength: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });
const prefix = fc.nat({ max: 7 });
const mode = fc.constantFrom(ChecksumMode.Full, ChecksumMode.Partial, ChecksumMode.None);

/** Writes at a random offset in a buffer with random bytes around, so no field may depend on position. */
function place(prefixLen: number, length: number): Uint8Array {
  const buf = new Uint8Array(prefixLen + length + 5);
  for (let i = 0; i < buf.length; i++) buf[i] = (i * 151 + 7) & 0xff;
  return buf;
}

const arbEthernet: fc.Arbitrary<EthernetRepr> = fc.oneof(
  fc.record({ dst: macAddr, src: macAddr, ethertype: u16.filter((t) => t !== EtherType.Vlan) }),
  fc.record({
    dst: macAddr,
    src: macAddr,
    ethertype: u16,
    vlan: fc.record({ pcp: fc.nat({ max: 7 }), dei: fc.boolean(), vid: fc.nat({ max: 0xfff }) }),
  }),
);

const arbArp: fc.Arbitrary<ArpRepr> = fc.record({ operation: u16, senderHw: macAddr, senderIp: u32, targetHw: macAddr, targetIp: u32 });

const arbIpv4: fc.Arbitrary<Ipv4Repr> = fc
  .tuple(
    fc.record({
      src: u32,
      dst: u32,
      protocol: u8,
      ttl: u8,
      tos: u8,
      ident: u16,
      dontFrag: fc.boolean(),
      moreFrags: fc.boolean(),
      fragOffset: fc.nat({ max: 0x1fff }).map((units) => units * 8),
      payloadLen: fc.nat({ max: 2000 }),
    }),
    fc.nat({ max: 10 }).chain((words) => fc.uint8Array({ minLength: 4 * words, maxLength: 4 * words })),
  )
  .map(([repr, options]) => (options.length === 0 ? repr : { ...repr, options }));

/** Would `IcmpRepr.parse` give this type/code/rest a shape of its own rather than `other`? */
function hasOwnShape(type: number, code: number, rest: number): boolean {
  return (
    ((type === 0 || type === 8) && code === 0) ||
    (type === 3 && rest >>> 16 === 0) ||
    (type === 11 && rest === 0) ||
    type === 5 ||
    (type === 12 && (rest & 0xffffff) === 0)
  );
}

const arbIcmp: fc.Arbitrary<IcmpRepr> = fc.oneof(
  fc.record({ kind: fc.constant("echoRequest" as const), ident: u16, seqNo: u16, data: bytes(100) }),
  fc.record({ kind: fc.constant("echoReply" as const), ident: u16, seqNo: u16, data: bytes(100) }),
  fc.record({ kind: fc.constant("destUnreachable" as const), code: u8, nextHopMtu: u16, quote: bytes(100) }),
  fc.record({ kind: fc.constant("timeExceeded" as const), code: u8, quote: bytes(100) }),
  fc.record({ kind: fc.constant("redirect" as const), code: u8, gateway: u32, quote: bytes(100) }),
  fc.record({ kind: fc.constant("parameterProblem" as const), code: u8, pointer: u8, quote: bytes(100) }),
  fc
    .record({ kind: fc.constant("other" as const), msgType: u8, code: u8, rest: u32, data: bytes(100) })
    .filter((r) => !hasOwnShape(r.msgType, r.code, r.rest)),
);

const arbUdp: fc.Arbitrary<UdpRepr> = fc.record({ srcPort: u16, dstPort: u16, payload: bytes(300) });

const arbTcpOption: fc.Arbitrary<TcpOption> = fc.oneof(
  fc.constant({ type: "nop" as const }),
  fc.record({ type: fc.constant("mss" as const), mss: u16 }),
  fc.record({ type: fc.constant("windowScale" as const), shift: u8 }),
  fc.constant({ type: "sackPermitted" as const }),
  fc.record({
    type: fc.constant("sack" as const),
    blocks: fc.array(fc.record({ left: u32, right: u32 }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ type: fc.constant("timestamp" as const), tsval: u32, tsecr: u32 }),
  fc.record({
    type: fc.constant("unknown" as const),
    kind: fc.integer({ min: 2, max: 255 }).filter((k) => ![2, 3, 4, 5, 8].includes(k)),
    data: bytes(8),
  }),
);

const arbTcp: fc.Arbitrary<TcpRepr> = fc.record({
  srcPort: u16,
  dstPort: u16,
  seqNo: u32,
  ackNo: u32,
  flags: fc.nat({ max: 0xfff }),
  window: u16,
  urgentPointer: u16,
  options: fc.array(arbTcpOption, { maxLength: 8 }).filter((options) => tcpOptionsLen(options) <= 40),
  payload: bytes(200),
});

describe("parse(emit(r)) == r", () => {
  it("Ethernet, with and without an 802.1Q tag", () => {
    fc.assert(
      fc.property(arbEthernet, prefix, (repr, at) => {
        const len = EthernetRepr.bufferLen(repr);
        const buf = place(at, len);
        expect(EthernetRepr.emit(repr, buf, at)).toBe(len);
        const frame = new EthernetFrame(buf, at, len);
        expect(frame.headerLen).toBe(len);
        expect(EthernetRepr.parse(frame)).toEqual(repr);
      }),
    );
  });

  it("ARP", () => {
    fc.assert(
      fc.property(arbArp, prefix, (repr, at) => {
        const buf = place(at, 28);
        expect(ArpRepr.emit(repr, buf, at)).toBe(ArpRepr.bufferLen(repr));
        expect(ArpRepr.parse(new ArpPacket(buf, at, 28))).toEqual(repr);
      }),
    );
  });

  it("IPv4, options included, with a valid header checksum", () => {
    fc.assert(
      fc.property(arbIpv4, prefix, (repr, at) => {
        const headerLen = Ipv4Repr.bufferLen(repr);
        const buf = place(at, headerLen + repr.payloadLen);
        expect(Ipv4Repr.emit(repr, buf, at)).toBe(headerLen);
        const packet = new Ipv4Packet(buf, at, headerLen + repr.payloadLen);
        expect(packet.verifyChecksum()).toBe(true);
        expect(Ipv4Repr.parse(packet)).toEqual(repr);
      }),
    );
  });

  it("ICMP, every shape, with a valid checksum", () => {
    fc.assert(
      fc.property(arbIcmp, prefix, (repr, at) => {
        const len = IcmpRepr.bufferLen(repr);
        const buf = place(at, len);
        expect(IcmpRepr.emit(repr, buf, at)).toBe(len);
        const packet = new IcmpPacket(buf, at, len);
        expect(packet.verifyChecksum()).toBe(true);
        expect(IcmpRepr.parse(packet)).toEqual(repr);
      }),
    );
  });

  it("UDP, in each checksum mode", () => {
    fc.assert(
      fc.property(arbUdp, prefix, u32, u32, mode, (repr, at, src, dst, how) => {
        const len = UdpRepr.bufferLen(repr);
        const buf = place(at, len);
        expect(UdpRepr.emit(repr, buf, at, src, dst, how)).toBe(len);
        const packet = new UdpPacket(buf, at, len);
        expect(UdpRepr.parse(packet)).toEqual(repr);
        const status = packet.verifyChecksum(src, dst);
        if (how === ChecksumMode.None) expect(status).toBe(ChecksumStatus.Absent);
        else if (how === ChecksumMode.Full) expect([status, packet.checksum !== 0]).toEqual([ChecksumStatus.Valid, true]);
        else expect(packet.checksum).toBe(partialChecksum(src, dst, IpProtocol.Udp, len));
        if (how === ChecksumMode.Partial && status !== ChecksumStatus.Valid) expect(status).toBe(ChecksumStatus.Partial);
      }),
    );
  });

  it("TCP with any options, in each checksum mode", () => {
    fc.assert(
      fc.property(arbTcp, prefix, u32, u32, fc.constantFrom(ChecksumMode.Full, ChecksumMode.Partial), (repr, at, src, dst, how) => {
        const len = TcpRepr.bufferLen(repr);
        const buf = place(at, len);
        expect(TcpRepr.emit(repr, buf, at, src, dst, how)).toBe(len);
        const packet = new TcpPacket(buf, at, len);
        expect(TcpRepr.parse(packet)).toEqual(repr);
        const status = packet.verifyChecksum(src, dst);
        if (how === ChecksumMode.Full) expect(status).toBe(ChecksumStatus.Valid);
        else expect([ChecksumStatus.Partial, ChecksumStatus.Valid]).toContain(status);
      }),
    );
  });
});

describe("setters and getters agree", () => {
  it("IPv4 flags and fragment offset share a word without disturbing each other", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.nat({ max: 0x1fff }), (df, mf, units) => {
        const packet = new Ipv4Packet(new Uint8Array(20));
        packet.fragOffset = units * 8;
        packet.dontFrag = df;
        packet.moreFrags = mf;
        expect([packet.dontFrag, packet.moreFrags, packet.fragOffset]).toEqual([df, mf, units * 8]);
        expect(packet.flags).toBe((df ? 2 : 0) | (mf ? 1 : 0));
        expect(packet.isFragment).toBe(mf || units !== 0);
      }),
    );
  });

  it("IPv4 DSCP and ECN share the TOS byte", () => {
    fc.assert(
      fc.property(fc.nat({ max: 63 }), fc.nat({ max: 3 }), (dscp, ecn) => {
        const packet = new Ipv4Packet(new Uint8Array(20));
        packet.ecn = ecn;
        packet.dscp = dscp;
        expect([packet.dscp, packet.ecn, packet.tos]).toEqual([dscp, ecn, (dscp << 2) | ecn]);
      }),
    );
  });

  it("IPv4 version and header length share a byte", () => {
    const packet = new Ipv4Packet(new Uint8Array(60));
    packet.version = 4;
    packet.headerLen = 24;
    expect([packet.version, packet.headerLen, packet.optionsLen]).toEqual([4, 24, 4]);
  });

  it("TCP data offset and flags share a word", () => {
    const packet = new TcpPacket(new Uint8Array(40));
    packet.headerLen = 40;
    packet.flags = TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ae;
    expect([packet.headerLen, packet.syn, packet.ack, packet.fin, packet.flags]).toEqual([40, true, true, false, 0x112]);
  });

  it("Ethernet ethertype goes behind the tag when there is one", () => {
    const frame = new EthernetFrame(new Uint8Array(18));
    frame.outerEthertype = EtherType.Vlan;
    frame.ethertype = EtherType.Arp;
    frame.vlanTci = 0xa00a;
    expect([frame.hasVlan, frame.headerLen, frame.ethertype, frame.vlanPcp, frame.vlanDei, frame.vlanId]).toEqual([true, 18, EtherType.Arp, 5, false, 10]);
  });
});
