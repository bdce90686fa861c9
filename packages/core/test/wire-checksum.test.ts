/**
 * The Internet checksum: RFC 1071's worked example, verification of what is computed, and the
 * incremental updates (RFC 1624, ip_decrease_ttl, NAT address rewrites) against full recomputes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIpv4 } from "../src/ipv4";
import {
  ChecksumMode,
  ChecksumStatus,
  checksumReplace16,
  checksumReplace32,
  foldSum,
  internetChecksum,
  onesSum,
  partialChecksum,
  partialChecksumReplace32,
  verifyInternetChecksum,
} from "../src/wire/checksum";
import { IpProtocol, Ipv4Packet, Ipv4Repr } from "../src/wire/ipv4";
import { TcpPacket } from "../src/wire/tcp";
import { hex } from "./fixtures/read-pcap";

const ip = (text: string): number => parseIpv4(text)!;

/** A valid IPv4 header (version 4, so never all zeros) with random fields, as bytes. */
const arbHeader = fc
  .record({
    src: fc.nat({ max: 0xffffffff }),
    dst: fc.nat({ max: 0xffffffff }),
    protocol: fc.nat({ max: 255 }),
    ttl: fc.integer({ min: 1, max: 255 }),
    tos: fc.nat({ max: 255 }),
    ident: fc.nat({ max: 0xffff }),
    dontFrag: fc.boolean(),
    payloadLen: fc.nat({ max: 1480 }),
  })
  .map((r) => {
    const buf = new Uint8Array(20);
    Ipv4Repr.emit({ ...r, moreFrags: false, fragOffset: 0 }, buf, 0);
    return buf;
  });

describe("Internet checksum (RFC 1071)", () => {
  it("the RFC 1071 §3 example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2", () => {
    const data = hex("00 01 f2 03 f4 f5 f6 f7");
    expect(foldSum(onesSum(data, 0, 8))).toBe(0xddf2);
    expect(internetChecksum(data, 0, 8)).toBe(0x220d);
  });

  it("pads an odd last byte with zero", () => {
    expect(onesSum(hex("01"), 0, 1)).toBe(0x0100);
    expect(internetChecksum(hex("ab cd ef"), 0, 3)).toBe(internetChecksum(hex("ab cd ef 00"), 0, 4));
  });

  it("what is computed verifies, over any range of any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 300 }), fc.nat(), (data, at) => {
        const slot = (at % (data.length >>> 1)) * 2;
        data[slot] = 0;
        data[slot + 1] = 0;
        const check = internetChecksum(data, 0, data.length);
        data[slot] = check >>> 8;
        data[slot + 1] = check & 0xff;
        expect(verifyInternetChecksum(data, 0, data.length)).toBe(true);
      }),
    );
  });

  it("a CHECKSUM_PARTIAL field is the folded pseudo-header sum (closed-ports.pcap: 0x1532, 0x1520, 0x151e)", () => {
    expect(partialChecksum(ip("10.0.0.1"), ip("10.0.1.3"), IpProtocol.Tcp, 40)).toBe(0x1532);
    expect(partialChecksum(ip("10.0.0.1"), ip("10.0.1.3"), IpProtocol.Udp, 11)).toBe(0x1520);
    expect(partialChecksum(ip("10.0.1.3"), ip("10.0.0.1"), IpProtocol.Tcp, 20)).toBe(0x151e);
  });
});

describe("incremental updates equal a full recompute", () => {
  it("RFC 1624 eqn. 3 for any 16-bit word of an IPv4 header", () => {
    fc.assert(
      fc.property(arbHeader, fc.integer({ min: 0, max: 9 }), fc.nat({ max: 0xffff }), (header, word, value) => {
        // Not the checksum word, and word 0 keeps version 4 / IHL 5: another IHL changes how many
        // bytes the full recompute covers (seed 662005000 found IHL 0).
        fc.pre(word !== 5 && !(word === 0 && value >>> 8 !== 0x45));
        const packet = new Ipv4Packet(header);
        const old = (header[2 * word]! << 8) | header[2 * word + 1]!;
        header[2 * word] = value >>> 8;
        header[2 * word + 1] = value & 0xff;
        const incremental = checksumReplace16(packet.checksum, old, value);
        packet.fillChecksum();
        expect(incremental).toBe(packet.checksum);
      }),
    );
  });

  it("ip_decrease_ttl: the patched checksum is the recomputed one, for every TTL ≥ 1", () => {
    fc.assert(
      fc.property(arbHeader, (header) => {
        const packet = new Ipv4Packet(header);
        const ttl = packet.ttl;
        expect(packet.decrementTtl()).toBe(ttl - 1);
        expect(packet.verifyChecksum()).toBe(true);
      }),
    );
  });

  it("NAT rewrite of an address: IP header checksum (csum_replace4)", () => {
    fc.assert(
      fc.property(arbHeader, fc.nat({ max: 0xffffffff }), fc.boolean(), (header, addr, rewriteSrc) => {
        const packet = new Ipv4Packet(header);
        const old = rewriteSrc ? packet.src : packet.dst;
        if (rewriteSrc) packet.src = addr;
        else packet.dst = addr;
        packet.checksum = checksumReplace32(packet.checksum, old, addr);
        expect(packet.verifyChecksum()).toBe(true);
      }),
    );
  });

  it("NAT rewrite of an address: TCP checksum, full (inet_proto_csum_replace4) and partial", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 80 }),
        fc.nat({ max: 0xffffffff }),
        fc.nat({ max: 0xffffffff }),
        fc.nat({ max: 0xffffffff }),
        (segment, src, dst, newSrc) => {
          segment[12] = 0x50;
          const full = new TcpPacket(segment.slice());
          full.fillChecksum(src, dst, ChecksumMode.Full);
          full.checksum = checksumReplace32(full.checksum, src, newSrc);
          expect(full.verifyChecksum(newSrc, dst)).toBe(ChecksumStatus.Valid);

          const partial = new TcpPacket(segment.slice());
          partial.fillChecksum(src, dst, ChecksumMode.Partial);
          partial.checksum = partialChecksumReplace32(partial.checksum, src, newSrc);
          expect(partial.checksum).toBe(partialChecksum(newSrc, dst, IpProtocol.Tcp, segment.length));
        },
      ),
    );
  });
});
