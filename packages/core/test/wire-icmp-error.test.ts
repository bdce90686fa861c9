/**
 * Building ICMP errors as Linux's __icmp_send does and comparing them with the errors real
 * routers and hosts sent, byte for byte. Only the outer IP id comes from the capture (the
 * router's counter); every checksum is computed and must match.
 */
import { describe, expect, it } from "vitest";
import { type Ipv4Addr, parseIpv4 } from "../src/ipv4";
import { EtherType, EthernetFrame, EthernetRepr } from "../src/wire/ethernet";
import {
  ICMP_ERROR_MAX_LEN,
  IcmpPacket,
  IcmpRepr,
  IcmpTimeExceededCode,
  IcmpType,
  IcmpUnreachableCode,
  emitIcmpError,
  icmpErrorQuote,
  icmpErrorTos,
  icmpQuoteLen,
  icmpTypeIsError,
} from "../src/wire/icmp";
import { IpProtocol, Ipv4Packet, Ipv4Repr } from "../src/wire/ipv4";
import { type CapturedFrame, loadCapture } from "./fixtures/read-pcap";

const ip = (text: string): Ipv4Addr => parseIpv4(text)!;

interface ErrorCase {
  readonly name: string;
  readonly capture: string;
  readonly original: number;
  readonly error: number;
  readonly type: number;
  readonly code: number;
  readonly from: string;
  /** The router forwarded the original before the error was made: the quote has TTL − 1. */
  readonly quotedAfterForward?: boolean;
  /** The error itself crossed the router on its way to the capture point. */
  readonly errorForwarded?: boolean;
}

const CASES: readonly ErrorCase[] = [
  { name: "time exceeded in transit (TTL 1, quoted before the decrement)", capture: "forward-ttl", original: 1, error: 2, type: IcmpType.TimeExceeded, code: IcmpTimeExceededCode.TtlExceeded, from: "10.0.0.2" },
  { name: "time exceeded for a 1028-byte datagram, cut at 576", capture: "icmp-quote-limit", original: 1, error: 2, type: IcmpType.TimeExceeded, code: 0, from: "10.0.0.2" },
  { name: "unreachable route: host unreachable", capture: "route-types-forwarded", original: 2, error: 3, type: IcmpType.DestUnreachable, code: IcmpUnreachableCode.HostUnreachable, from: "10.0.0.2" },
  { name: "prohibit route: admin prohibited", capture: "route-types-forwarded", original: 4, error: 5, type: IcmpType.DestUnreachable, code: IcmpUnreachableCode.AdminProhibited, from: "10.0.0.2" },
  { name: "throw route: net unreachable", capture: "route-types-forwarded", original: 6, error: 7, type: IcmpType.DestUnreachable, code: IcmpUnreachableCode.NetUnreachable, from: "10.0.0.2" },
  { name: "no route: net unreachable", capture: "route-types-forwarded", original: 8, error: 9, type: IcmpType.DestUnreachable, code: IcmpUnreachableCode.NetUnreachable, from: "10.0.0.2" },
  { name: "ARP failure after forwarding: host unreachable quoting TTL 63", capture: "arp-fail-gt1", original: 1, error: 2, type: IcmpType.DestUnreachable, code: IcmpUnreachableCode.HostUnreachable, from: "10.0.0.2", quotedAfterForward: true },
  { name: "UDP closed port: port unreachable from the far host", capture: "closed-ports", original: 1, error: 2, type: IcmpType.DestUnreachable, code: IcmpUnreachableCode.PortUnreachable, from: "10.0.1.3", quotedAfterForward: true, errorForwarded: true },
  { name: "REJECT of a TCP SYN: port unreachable quoting the whole SYN", capture: "closed-ports", original: 5, error: 6, type: IcmpType.DestUnreachable, code: IcmpUnreachableCode.PortUnreachable, from: "10.0.1.3", quotedAfterForward: true, errorForwarded: true },
];

/** The datagram as the error's sender held it: a copy, TTL decremented in place when a router forwarded it first. */
function offendingDatagram(frame: CapturedFrame, forwarded: boolean): Uint8Array {
  const eth = new EthernetFrame(frame.bytes);
  const original = new Ipv4Packet(frame.bytes, eth.payloadOffset, eth.payloadLen);
  const datagram = frame.bytes.slice(original.offset, original.offset + original.totalLen);
  if (forwarded) new Ipv4Packet(datagram).decrementTtl(); // ip_forward's ip_decrease_ttl
  return datagram;
}

/** Outer headers of the error: reversed MACs (the router's MAC was the original's destination), TOS from icmpErrorTos, TTL 64, no DF. */
function buildErrorFrame(c: ErrorCase, original: CapturedFrame, ident: number, writeIcmp: (buf: Uint8Array, at: number, datagram: Uint8Array) => number): Uint8Array {
  const datagram = offendingDatagram(original, c.quotedAfterForward === true);
  const originalEth = new EthernetFrame(original.bytes);
  const originalIp = new Ipv4Packet(datagram);
  const buf = new Uint8Array(2048);
  const ethLen = EthernetRepr.emit({ dst: originalEth.src, src: originalEth.dst, ethertype: EtherType.Ipv4 }, buf, 0);
  const icmpLen = writeIcmp(buf, ethLen + 20, datagram);
  const ipLen = Ipv4Repr.emit(
    {
      src: ip(c.from),
      dst: originalIp.src,
      protocol: IpProtocol.Icmp,
      ttl: 64,
      tos: icmpErrorTos(originalIp.tos),
      ident,
      dontFrag: false,
      moreFrags: false,
      fragOffset: 0,
      payloadLen: icmpLen,
    },
    buf,
    ethLen,
  );
  if (c.errorForwarded === true) new Ipv4Packet(buf, ethLen, ipLen + icmpLen).decrementTtl();
  return buf.slice(0, ethLen + ipLen + icmpLen);
}

describe("ICMP errors built like __icmp_send equal the captured ones", () => {
  for (const c of CASES) {
    const frames = loadCapture(c.capture);
    const original = frames[c.original - 1]!;
    const captured = frames[c.error - 1]!;
    const ident = new Ipv4Packet(captured.bytes, 14).ident;

    it(`${c.name} (${c.capture} #${c.error}) — from an IcmpRepr`, () => {
      const built = buildErrorFrame(c, original, ident, (buf, at, datagram) => {
        const quote = icmpErrorQuote(datagram);
        const repr: IcmpRepr =
          c.type === IcmpType.TimeExceeded
            ? { kind: "timeExceeded", code: c.code, quote }
            : { kind: "destUnreachable", code: c.code, nextHopMtu: 0, quote };
        return IcmpRepr.emit(repr, buf, at);
      });
      expect(built).toEqual(captured.bytes);
    });

    it(`${c.name} (${c.capture} #${c.error}) — in place with emitIcmpError`, () => {
      const built = buildErrorFrame(c, original, ident, (buf, at, datagram) =>
        emitIcmpError(buf, at, c.type, c.code, 0, datagram, 0, datagram.length),
      );
      expect(built).toEqual(captured.bytes);
    });
  }
});

describe("emitIcmpError", () => {
  const [request, expected] = loadCapture("forward-ttl");

  it("quotes from the same buffer even when the quote overlaps where the header goes (memmove)", () => {
    // The received frame stays where it is (IP header at 14); the error is written at 14 + 20, over it.
    const buf = new Uint8Array(256);
    buf.set(request!.bytes);
    const len = emitIcmpError(buf, 34, IcmpType.TimeExceeded, 0, 0, buf, 14, 84);
    expect(len).toBe(92);
    const want = new IcmpPacket(expected!.bytes, 34, 92);
    expect(buf.slice(34, 34 + len)).toEqual(expected!.bytes.slice(want.offset, want.offset + 92));
  });

  it("writes the next-hop MTU of fragmentation-needed into bytes 6–7 (RFC 1191)", () => {
    const datagram = new Uint8Array(1500).fill(0x45, 0, 1);
    const buf = new Uint8Array(600);
    const len = emitIcmpError(buf, 0, IcmpType.DestUnreachable, IcmpUnreachableCode.FragmentationNeeded, 1400, datagram, 0, 1500);
    const icmp = new IcmpPacket(buf, 0, len);
    expect(len).toBe(556);
    expect(icmp.nextHopMtu).toBe(1400);
    expect(icmp.verifyChecksum()).toBe(true);
    expect(IcmpRepr.parse(icmp)).toMatchObject({ kind: "destUnreachable", code: 4, nextHopMtu: 1400 });
  });
});

describe("the rules of __icmp_send", () => {
  it("quote length: whole up to 576 − 28, less for a smaller route MTU or outer options", () => {
    expect(icmpQuoteLen(84)).toBe(84);
    expect(icmpQuoteLen(548)).toBe(548);
    expect(icmpQuoteLen(1028)).toBe(548);
    expect(icmpQuoteLen(1028, 9000)).toBe(548);
    expect(icmpQuoteLen(1028, 300)).toBe(272);
    expect(icmpQuoteLen(1028, ICMP_ERROR_MAX_LEN, 8)).toBe(540);
    expect(icmpQuoteLen(100, 20)).toBe(0);
  });

  it("TOS: precedence 0xc0 plus the original's RFC 1349 TOS bits (mask 0x1e)", () => {
    expect(icmpErrorTos(0)).toBe(0xc0);
    expect(icmpErrorTos(0x10)).toBe(0xd0);
    expect(icmpErrorTos(0xe1)).toBe(0xc0);
    expect(icmpErrorTos(0xe3)).toBe(0xc2);
  });

  it("errors are never sent about errors: icmp_pointers[].error", () => {
    expect([0, 3, 4, 5, 8, 11, 12, 13, 14].filter(icmpTypeIsError)).toEqual([3, 4, 5, 11, 12]);
  });
});
