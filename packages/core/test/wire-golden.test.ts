/**
 * Golden bytes: every frame of real Linux 6.18 captures (fixtures/pcaps, copied from the
 * reference material) parses, its checksums verify as the receiving stack would see them, its
 * fields match the tshark/tcpdump decodes of the reference, and re-emitting its Reprs gives back
 * the captured bytes, checksums included.
 */
import { describe, expect, it } from "vitest";
import { formatIpv4, parseIpv4 } from "../src/ipv4";
import { formatMac, parseMac } from "../src/mac";
import { ChecksumMode, ChecksumStatus } from "../src/wire/checksum";
import { EtherType, EthernetFrame } from "../src/wire/ethernet";
import { IcmpPacket, IcmpType, IcmpUnreachableCode } from "../src/wire/icmp";
import { IpProtocol, Ipv4Packet } from "../src/wire/ipv4";
import { TcpFlags, TcpOptionKind, TcpPacket, TcpRepr, linuxTcpOptions, tcpOptionSet } from "../src/wire/tcp";
import { UdpPacket } from "../src/wire/udp";
import { type Dissection, mustDissect, rebuild } from "./fixtures/dissect";
import { type CapturedFrame, hex, loadCapture, loadRaw } from "./fixtures/read-pcap";

const ip = (text: string): number => parseIpv4(text)!;
const mac = (text: string): number => parseMac(text)!;

const CAPTURES = [
  "veth-ping",
  "veth-ping3",
  "bridge-ping-vb1",
  "bridge-ping-gtp1",
  "bridge-ping-gtp3",
  "bridge-ip-ping",
  "bridge-flood-br0",
  "forward-ttl",
  "route-types-forwarded",
  "icmp-quote-limit",
  "closed-ports",
  "arp-fail-gt1",
  "arp-fail-veth2",
  "arp-fail-local-lo",
  "arp-weak-host",
  "hairpin-on",
  "hairpin-off",
] as const;

/** The IPv4 datagram of a frame (no Ethernet header). */
function datagramOf(frame: CapturedFrame): Uint8Array {
  const eth = new EthernetFrame(frame.bytes);
  const ipv4 = new Ipv4Packet(frame.bytes, eth.payloadOffset, eth.payloadLen);
  return frame.bytes.slice(ipv4.offset, ipv4.offset + ipv4.totalLen);
}

function icmpOf(frame: CapturedFrame): IcmpPacket {
  const eth = new EthernetFrame(frame.bytes);
  const ipv4 = new Ipv4Packet(frame.bytes, eth.payloadOffset, eth.payloadLen);
  return new IcmpPacket(frame.bytes, ipv4.payloadOffset, ipv4.payloadLen);
}

function tcpOf(frame: CapturedFrame): { ip: Ipv4Packet; tcp: TcpPacket } {
  const eth = new EthernetFrame(frame.bytes);
  const ipv4 = new Ipv4Packet(frame.bytes, eth.payloadOffset, eth.payloadLen);
  return { ip: ipv4, tcp: new TcpPacket(frame.bytes, ipv4.payloadOffset, ipv4.payloadLen) };
}

describe("every captured frame", () => {
  for (const name of CAPTURES) {
    it(`${name}: parses, verifies as Linux received it, and re-emits byte for byte`, () => {
      const frames = loadCapture(name);
      expect(frames.length).toBeGreaterThan(0);
      for (const frame of frames) {
        const d = mustDissect(frame.bytes);
        if (d.ipv4 !== undefined) expect(d.ipChecksumValid, `IP checksum of frame ${frame.number}`).toBe(true);
        if (d.icmp !== undefined) expect(d.icmpChecksumValid, `ICMP checksum of frame ${frame.number}`).toBe(true);
        if (d.l4Checksum !== undefined) {
          // veth leaves locally generated TCP/UDP CHECKSUM_PARTIAL: either valid or partial, never garbage.
          expect([ChecksumStatus.Valid, ChecksumStatus.Partial], `L4 checksum of frame ${frame.number}`).toContain(d.l4Checksum);
        }
        expect(d.raw, `frame ${frame.number} fully modelled`).toBeUndefined();
        expect(rebuild(d), `frame ${frame.number}`).toEqual(frame.bytes);
      }
    });
  }
});

describe("veth-ping.pcap against raw/veth-ping-fields.txt (tshark -T fields)", () => {
  const frames = loadCapture("veth-ping");
  const [header, ...rows] = loadRaw("veth-ping-fields.txt").trim().split("\n").map((line) => line.trim().split(/\s+/));
  const column = (row: string[], name: string): string | undefined => {
    const value = row[header!.indexOf(name)];
    return value === "-" ? undefined : value;
  };
  const num = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));

  it("has the six frames of the table", () => {
    expect(frames.map((f) => f.bytes.length)).toEqual(rows.map((row) => Number(column(row, "frame.len"))));
  });

  for (const row of rows) {
    const n = Number(column(row, "frame.number"));
    it(`frame ${n}: every decoded field`, () => {
      const frame = frames[n - 1]!;
      const d: Dissection = mustDissect(frame.bytes);
      expect(formatMac(d.ethernet.dst)).toBe(column(row, "eth.dst"));
      expect(formatMac(d.ethernet.src)).toBe(column(row, "eth.src"));
      expect(d.ethernet.ethertype).toBe(num(column(row, "eth.type")));
      if (d.arp !== undefined) {
        expect(d.arp.operation).toBe(num(column(row, "arp.opcode")));
        expect(formatMac(d.arp.senderHw)).toBe(column(row, "arp.src.hw_mac"));
        expect(formatIpv4(d.arp.senderIp)).toBe(column(row, "arp.src.proto_ipv4"));
        expect(formatMac(d.arp.targetHw)).toBe(column(row, "arp.dst.hw_mac"));
        expect(formatIpv4(d.arp.targetIp)).toBe(column(row, "arp.dst.proto_ipv4"));
        expect(column(row, "ip.id")).toBeUndefined();
      } else {
        const ipv4 = new Ipv4Packet(frame.bytes, 14, frame.bytes.length - 14);
        expect(ipv4.ident).toBe(num(column(row, "ip.id")));
        expect(ipv4.flags).toBe(num(column(row, "ip.flags")));
        expect(ipv4.ttl).toBe(num(column(row, "ip.ttl")));
        expect(ipv4.checksum).toBe(num(column(row, "ip.checksum")));
        const icmp = new IcmpPacket(frame.bytes, ipv4.payloadOffset, ipv4.payloadLen);
        expect(icmp.msgType).toBe(num(column(row, "icmp.type")));
        expect(icmp.checksum).toBe(num(column(row, "icmp.checksum")));
        expect(icmp.ident).toBe(num(column(row, "icmp.ident")));
        expect(icmp.seqNo).toBe(num(column(row, "icmp.seq")));
      }
    });
  }

  it("frame 3 matches the tshark -x dump of §5.1, and the ARP request has no padding and a zero target MAC", () => {
    expect(frames[2]!.bytes).toEqual(
      hex(`3a e0 f0 98 98 6b fa a2 28 cf 26 a1 08 00 45 00 00 54 44 fe 40 00 40 01 e1 a8 0a 00 00 01 0a 00
           00 02 08 00 52 26 15 52 00 01 98 20 0a 6b 00 00 00 00 26 28 09 00 00 00 00 00 10 11 12 13 14 15
           16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37`),
    );
    expect(frames[0]!.bytes.length).toBe(42);
    expect(mustDissect(frames[0]!.bytes).arp?.targetHw).toBe(0);
  });

  it("the echo reply's checksum is the request's + 0x0800: only the type byte changed", () => {
    const request = mustDissect(frames[2]!.bytes);
    const reply = mustDissect(frames[3]!.bytes);
    expect(reply.icmp).toEqual(request.icmp?.kind === "echoRequest" ? { ...request.icmp, kind: "echoReply" } : undefined);
    expect(icmpOf(frames[3]!).checksum).toBe(icmpOf(frames[2]!).checksum + 0x0800);
    expect(reply.ipv4).toMatchObject({ dontFrag: false, ttl: 64, ident: 0x6b39 });
    expect(request.ipv4).toMatchObject({ dontFrag: true, ttl: 64, ident: 0x44fe, tos: 0, payloadLen: 64 });
  });
});

describe("bridge-ping-vb1.pcap (§5.2)", () => {
  const vb1 = loadCapture("bridge-ping-vb1");

  it("is the same six frames byte for byte at gtp1, vb1 and gtp3: the bridge rewrites nothing", () => {
    const strip = (frames: CapturedFrame[]): Uint8Array[] => frames.map((f) => f.bytes);
    expect(vb1).toHaveLength(6);
    expect(strip(loadCapture("bridge-ping-gtp1"))).toEqual(strip(vb1));
    expect(strip(loadCapture("bridge-ping-gtp3"))).toEqual(strip(vb1));
  });

  it("decodes as tcpdump printed it", () => {
    const [req, rep, echo, echoReply, probe, probeReply] = vb1.map((f) => mustDissect(f.bytes));
    const pod1 = mac("9a:8c:f4:55:14:f3");
    const pod3 = mac("1a:58:67:9f:f0:56");
    expect(req).toMatchObject({ ethernet: { dst: 0xffff_ffff_ffff, src: pod1, ethertype: EtherType.Arp }, arp: { operation: 1, senderIp: ip("10.1.0.11"), targetIp: ip("10.1.0.13"), targetHw: 0 } });
    expect(rep).toMatchObject({ ethernet: { dst: pod1, src: pod3 }, arp: { operation: 2, senderHw: pod3, senderIp: ip("10.1.0.13"), targetHw: pod1 } });
    expect(echo).toMatchObject({ ethernet: { dst: pod3, src: pod1 }, ipv4: { src: ip("10.1.0.11"), dst: ip("10.1.0.13") }, icmp: { kind: "echoRequest", ident: 10060, seqNo: 1 } });
    expect(echoReply).toMatchObject({ ipv4: { src: ip("10.1.0.13"), dst: ip("10.1.0.11") }, icmp: { kind: "echoReply", ident: 10060, seqNo: 1 } });
    expect(probe).toMatchObject({ ethernet: { dst: pod1, src: pod3 }, arp: { operation: 1, senderIp: ip("10.1.0.13"), targetIp: ip("10.1.0.11") } });
    expect(probeReply).toMatchObject({ arp: { operation: 2, senderHw: pod1, senderIp: ip("10.1.0.11") } });
    expect(echo?.icmp?.kind === "echoRequest" && echo.icmp.data.length).toBe(56);
  });
});

describe("forward-ttl.pcap (§4.5) and raw/ttl-exceeded-V.txt", () => {
  const frames = loadCapture("forward-ttl");

  it("frame 2 matches the tshark -x dump of the time-exceeded frame", () => {
    expect(frames[1]!.bytes).toEqual(
      hex(`fa a2 28 cf 26 a1 3a e0 f0 98 98 6b 08 00 45 c0 00 70 88 5e 00 00 40 01 dd 6c 0a 00 00 02 0a 00
           00 01 0b 00 f4 ff 00 00 00 00 45 00 00 54 e1 34 40 00 01 01 83 71 0a 00 00 01 0a 00 01 03 08 00
           04 16 19 d8 00 01 e2 20 0a 6b 00 00 00 00 20 b2 0e 00 00 00 00 00 10 11 12 13 14 15 16 17 18 19
           1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37`),
    );
  });

  it("decodes as tcpdump -v and tshark -V printed it", () => {
    const [request, exceeded, request2, reply] = frames.map((f) => mustDissect(f.bytes));
    expect(request?.ipv4).toMatchObject({ tos: 0, ttl: 1, ident: 57652, dontFrag: true, payloadLen: 64, src: ip("10.0.0.1"), dst: ip("10.0.1.3") });
    expect(request?.icmp).toMatchObject({ kind: "echoRequest", ident: 6616, seqNo: 1 });
    expect(exceeded?.ipv4).toMatchObject({ tos: 0xc0, ttl: 64, ident: 34910, dontFrag: false, payloadLen: 92, src: ip("10.0.0.2"), dst: ip("10.0.0.1") });
    expect(exceeded?.icmp).toMatchObject({ kind: "timeExceeded", code: 0 });
    expect(icmpOf(frames[1]!)).toMatchObject({ msgType: 11, code: 0, checksum: 0xf4ff, rest: 0 });
    expect(request2?.ipv4).toMatchObject({ ttl: 2, ident: 57653 });
    expect(reply?.ipv4).toMatchObject({ ttl: 63, ident: 20231, dontFrag: false, src: ip("10.0.1.3") });
    expect(reply?.icmp).toMatchObject({ kind: "echoReply", ident: 6617, seqNo: 1 });
  });

  it("the quoted header is the original's, TTL 1 (quoted before the decrement)", () => {
    const icmp = icmpOf(frames[1]!);
    const quoted = new Ipv4Packet(icmp.buf, icmp.dataOffset, icmp.dataLen);
    expect(quoted.checkLen()).toBe(0);
    expect(quoted).toMatchObject({ version: 4, headerLen: 20, dscp: 0, ecn: 0, totalLen: 84, ident: 0xe134, flags: 2, fragOffset: 0, ttl: 1, protocol: IpProtocol.Icmp, checksum: 0x8371, src: ip("10.0.0.1"), dst: ip("10.0.1.3") });
    expect(quoted.verifyChecksum()).toBe(true);
    expect(icmp.buf.slice(icmp.dataOffset, icmp.dataOffset + icmp.dataLen)).toEqual(datagramOf(frames[0]!));
  });
});

describe("route-types-forwarded.pcap against raw/route-types-fields.txt (§4.3)", () => {
  const frames = loadCapture("route-types-forwarded");
  const rows = loadRaw("route-types-fields.txt").trim().split("\n").map((line) => line.split("\t").map((cell) => cell.split(",")));

  it("has one frame per row", () => expect(frames).toHaveLength(rows.length));

  rows.forEach((row, i) => {
    it(`frame ${i + 1}: outer and quoted src, dst, tos, ttl, length, type, code`, () => {
      const frame = frames[i]!;
      const layers: Array<{ ip: Ipv4Packet; icmp: IcmpPacket }> = [];
      let ipv4 = new Ipv4Packet(frame.bytes, 14, frame.bytes.length - 14);
      for (;;) {
        const icmp = new IcmpPacket(frame.bytes, ipv4.payloadOffset, ipv4.payloadLen);
        layers.push({ ip: ipv4, icmp });
        if (icmp.msgType !== IcmpType.DestUnreachable) break;
        ipv4 = new Ipv4Packet(frame.bytes, icmp.dataOffset, icmp.dataLen);
      }
      const [src, dst, tos, ttl, len, type, code] = row;
      expect(layers.map((l) => formatIpv4(l.ip.src))).toEqual(src);
      expect(layers.map((l) => formatIpv4(l.ip.dst))).toEqual(dst);
      expect(layers.map((l) => l.ip.tos)).toEqual(tos!.map(Number));
      expect(layers.map((l) => l.ip.ttl)).toEqual(ttl!.map(Number));
      expect(layers.map((l) => l.ip.totalLen)).toEqual(len!.map(Number));
      expect(layers.map((l) => l.icmp.msgType)).toEqual(type!.map(Number));
      expect(layers.map((l) => l.icmp.code)).toEqual(code!.map(Number));
    });
  });

  it("unreachable, prohibit and no-route give codes 1, 13 and 0", () => {
    const codes = frames.map((f) => mustDissect(f.bytes).icmp).filter((m) => m?.kind === "destUnreachable").map((m) => m?.kind === "destUnreachable" && m.code);
    expect(codes).toEqual([IcmpUnreachableCode.HostUnreachable, IcmpUnreachableCode.AdminProhibited, IcmpUnreachableCode.NetUnreachable, IcmpUnreachableCode.NetUnreachable]);
  });
});

describe("icmp-quote-limit.pcap (§4.7)", () => {
  const [request, error] = loadCapture("icmp-quote-limit");

  it("quotes 548 bytes of a 1028-byte datagram: a 576-byte error, ICMP length 556", () => {
    const req = mustDissect(request!.bytes);
    const err = mustDissect(error!.bytes);
    expect(req.ipv4).toMatchObject({ ttl: 1, ident: 58940, payloadLen: 1008 });
    expect(err.ipv4).toMatchObject({ tos: 0xc0, ttl: 64, ident: 16866, dontFrag: false, payloadLen: 556 });
    expect(err.icmp?.kind).toBe("timeExceeded");
    const quote = err.icmp?.kind === "timeExceeded" ? err.icmp.quote : new Uint8Array(0);
    expect(quote).toEqual(datagramOf(request!).slice(0, 548));
    // The quoted header still says 1028 although only 548 bytes follow.
    expect(new Ipv4Packet(quote).totalLen).toBe(1028);
    expect(new Ipv4Packet(quote).checkLen()).not.toBe(0);
  });
});

describe("closed-ports.pcap (§4.8): partial checksums of locally generated TCP/UDP on veth", () => {
  const frames = loadCapture("closed-ports");
  const d = frames.map((f) => mustDissect(f.bytes));

  it("has the ten frames tcpdump printed", () => expect(frames).toHaveLength(10));

  it("the UDP datagram: cksum 0x1520 is partial (tcpdump: bad udp cksum 0x1520 -> 0xc098)", () => {
    expect(d[0]).toMatchObject({ ipv4: { ident: 24843, dontFrag: true, ttl: 64, payloadLen: 11 }, udp: { srcPort: 37059, dstPort: 9999 }, l4Checksum: ChecksumStatus.Partial });
    expect(d[0]?.udp?.payload).toEqual(new TextEncoder().encode("hi\n"));
    const eth = new EthernetFrame(frames[0]!.bytes);
    const ipv4 = new Ipv4Packet(frames[0]!.bytes, eth.payloadOffset, eth.payloadLen);
    const udp = new UdpPacket(frames[0]!.bytes.slice(), ipv4.payloadOffset, ipv4.payloadLen);
    expect(udp.checksum).toBe(0x1520);
    udp.fillChecksum(ipv4.src, ipv4.dst, ChecksumMode.Full);
    expect(udp.checksum).toBe(0xc098);
    expect(udp.verifyChecksum(ipv4.src, ipv4.dst)).toBe(ChecksumStatus.Valid);
  });

  it("the port unreachable quotes the datagram as the destination received it (TTL 63)", () => {
    expect(d[1]).toMatchObject({ ipv4: { tos: 0xc0, ttl: 63, ident: 11856, src: ip("10.0.1.3"), dst: ip("10.0.0.1"), payloadLen: 39 }, icmp: { kind: "destUnreachable", code: IcmpUnreachableCode.PortUnreachable, nextHopMtu: 0 } });
    const icmp = icmpOf(frames[1]!);
    const quoted = new Ipv4Packet(icmp.buf, icmp.dataOffset, icmp.dataLen);
    expect(quoted).toMatchObject({ ttl: 63, ident: 24843, totalLen: 31, protocol: IpProtocol.Udp });
    const quotedUdp = new UdpPacket(icmp.buf, quoted.payloadOffset, quoted.payloadLen);
    expect(quotedUdp.verifyChecksum(quoted.src, quoted.dst)).toBe(ChecksumStatus.Partial);
  });

  const syns: Array<[number, number, number, number, number, number]> = [
    // frame, id, src port, dst port, seq, TS val — with tcpdump's "incorrect -> correct" value below
    [3, 3888, 39128, 9999, 437112702, 1570517844],
    [5, 23853, 46346, 9998, 1003501413, 2182474435],
    [7, 42690, 46358, 9997, 1182075921, 2811321701],
    [9, 8803, 46134, 9996, 1945243635, 2608106613],
    [10, 8804, 46134, 9996, 1945243635, 2608107623],
  ];
  const correct = new Map([[3, 0xfda4], [5, 0x7be1], [7, 0x0468], [9, 0xb0f6], [10, 0xad04]]);

  for (const [n, id, sport, dport, seq, tsval] of syns) {
    it(`SYN in frame ${n}: cksum 0x1532 partial (correct would be 0x${correct.get(n)!.toString(16).padStart(4, "0")}), Linux option layout`, () => {
      const syn = d[n - 1]!;
      expect(syn.ipv4).toMatchObject({ ident: id, ttl: 64, dontFrag: true, payloadLen: 40 });
      expect(syn.tcp).toMatchObject({ srcPort: sport, dstPort: dport, seqNo: seq, ackNo: 0, flags: TcpFlags.Syn, window: 64240, urgentPointer: 0 });
      expect(syn.l4Checksum).toBe(ChecksumStatus.Partial);
      const options = syn.tcp!.options;
      expect(options).toEqual([
        { type: "mss", mss: 1460 },
        { type: "sackPermitted" },
        { type: "timestamp", tsval, tsecr: 0 },
        { type: "nop" },
        { type: "windowScale", shift: 10 },
      ]);
      expect(tcpOptionSet(options)).toEqual({ mss: 1460, sackPermitted: true, timestamp: { tsval, tsecr: 0 }, windowScale: 10 });
      expect(linuxTcpOptions(tcpOptionSet(options))).toEqual(options);

      const { ip: ipv4, tcp } = tcpOf({ ...frames[n - 1]!, bytes: frames[n - 1]!.bytes.slice() });
      expect(tcp.checksum).toBe(0x1532);
      expect(tcp.findOption(TcpOptionKind.WindowScale) - tcp.optionsOffset).toBe(17);
      expect(tcp.findOption(TcpOptionKind.Sack)).toBe(-1);
      expect(tcp.segmentLen).toBe(1);
      tcp.fillChecksum(ipv4.src, ipv4.dst, ChecksumMode.Full);
      expect(tcp.checksum).toBe(correct.get(n));
      tcp.fillChecksum(ipv4.src, ipv4.dst, ChecksumMode.Partial);
      expect(tcp.checksum).toBe(0x1532);
    });
  }

  it("the closed port's RST,ACK: seq 0, ack ISN+1, window 0, IP id 0 with DF, cksum 0xf158 correct", () => {
    expect(d[3]).toMatchObject({
      ipv4: { ident: 0, dontFrag: true, ttl: 63, payloadLen: 20 },
      tcp: { srcPort: 9999, dstPort: 39128, seqNo: 0, ackNo: 437112703, flags: TcpFlags.Rst | TcpFlags.Ack, window: 0, options: [] },
      l4Checksum: ChecksumStatus.Valid,
    });
    expect(tcpOf(frames[3]!).tcp.checksum).toBe(0xf158);
  });

  it("REJECT --reject-with tcp-reset's RST is partial too: cksum 0x151e (correct would be 0x6c22)", () => {
    expect(d[7]).toMatchObject({ tcp: { srcPort: 9997, dstPort: 46358, ackNo: 1182075922, flags: TcpFlags.Rst | TcpFlags.Ack }, l4Checksum: ChecksumStatus.Partial });
    const { ip: ipv4, tcp } = tcpOf({ ...frames[7]!, bytes: frames[7]!.bytes.slice() });
    expect(tcp.checksum).toBe(0x151e);
    tcp.fillChecksum(ipv4.src, ipv4.dst);
    expect(tcp.checksum).toBe(0x6c22);
  });

  it("REJECT's port unreachable for TCP quotes the whole 60-byte SYN (an 88-byte error), partial checksum and all", () => {
    expect(d[5]).toMatchObject({ ipv4: { ident: 11879, tos: 0xc0, payloadLen: 68 }, icmp: { kind: "destUnreachable", code: 3 } });
    const icmp = icmpOf(frames[5]!);
    const quoted = new Ipv4Packet(icmp.buf, icmp.dataOffset, icmp.dataLen);
    const quotedTcp = new TcpPacket(icmp.buf, quoted.payloadOffset, quoted.payloadLen);
    expect(TcpRepr.parse(quotedTcp)).toEqual({ ...d[4]!.tcp });
    expect(quotedTcp.verifyChecksum(quoted.src, quoted.dst)).toBe(ChecksumStatus.Partial);
  });
});
