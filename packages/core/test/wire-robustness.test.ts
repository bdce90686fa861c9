/**
 * Robustness: random bytes, truncations and corruptions of real frames, fed to every view
 * (checkLen, every getter, the checksum and option methods) and every Repr.parse, never throw;
 * and once checkLen() says Ok, no accessor reads outside the view's window.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArpPacket, ArpRepr } from "../src/wire/arp";
import { WireError } from "../src/wire/error";
import { EthernetFrame, EthernetRepr } from "../src/wire/ethernet";
import { IcmpPacket, IcmpRepr } from "../src/wire/icmp";
import { Ipv4Packet, Ipv4Repr } from "../src/wire/ipv4";
import { TcpOptionKind, TcpPacket, TcpRepr } from "../src/wire/tcp";
import { UdpPacket, UdpRepr } from "../src/wire/udp";
import { dissect } from "./fixtures/dissect";
import { loadCapture } from "./fixtures/read-pcap";

type AnyView = EthernetFrame | ArpPacket | Ipv4Packet | IcmpPacket | UdpPacket | TcpPacket;

interface Protocol {
  readonly name: string;
  readonly make: (buf: Uint8Array, offset: number, length: number) => AnyView;
  readonly parse: (view: never) => object | WireError;
}

const PROTOCOLS: readonly Protocol[] = [
  { name: "Ethernet", make: (b, o, l) => new EthernetFrame(b, o, l), parse: EthernetRepr.parse },
  { name: "ARP", make: (b, o, l) => new ArpPacket(b, o, l), parse: ArpRepr.parse },
  { name: "IPv4", make: (b, o, l) => new Ipv4Packet(b, o, l), parse: Ipv4Repr.parse },
  { name: "ICMP", make: (b, o, l) => new IcmpPacket(b, o, l), parse: IcmpRepr.parse },
  { name: "UDP", make: (b, o, l) => new UdpPacket(b, o, l), parse: UdpRepr.parse },
  { name: "TCP", make: (b, o, l) => new TcpPacket(b, o, l), parse: TcpRepr.parse },
];

/** Getters that return an absolute position in `buf`: compared relative to the view's offset. */
const ABSOLUTE = new Set(["payloadOffset", "optionsOffset", "dataOffset"]);

function getterNames(view: AnyView): string[] {
  return Object.entries(Object.getOwnPropertyDescriptors(Object.getPrototypeOf(view)))
    .filter(([, d]) => d.get !== undefined)
    .map(([name]) => name);
}

/** Everything a caller can read from a view, positions relative to its start. */
function readAll(view: AnyView): Record<string, unknown> {
  const out: Record<string, unknown> = { checkLen: view.checkLen() };
  for (const name of getterNames(view)) {
    const value = (view as unknown as Record<string, number | boolean>)[name];
    out[name] = ABSOLUTE.has(name) ? (value as number) - view.offset : value;
  }
  if (view instanceof Ipv4Packet || view instanceof IcmpPacket) out.verifyChecksum = view.verifyChecksum();
  if (view instanceof UdpPacket || view instanceof TcpPacket) out.verifyChecksum = view.verifyChecksum(0x0a000001, 0x0a000102);
  if (view instanceof ArpPacket) out.isEthernetIpv4 = view.isEthernetIpv4();
  if (view instanceof TcpPacket) {
    for (const kind of Object.values(TcpOptionKind)) {
      const at = view.findOption(kind);
      out[`findOption${kind}`] = at < 0 ? at : at - view.offset;
    }
  }
  return out;
}

function exercise(protocol: Protocol, buf: Uint8Array, offset: number, length: number): void {
  const view = protocol.make(buf, offset, length);
  readAll(view);
  const parsed = protocol.parse(view as never);
  if (typeof parsed === "number") expect(parsed).not.toBe(WireError.Ok);
  else expect(view.checkLen()).toBe(WireError.Ok);
}

const REAL_FRAMES: Uint8Array[] = [
  "veth-ping",
  "forward-ttl",
  "route-types-forwarded",
  "icmp-quote-limit",
  "closed-ports",
  "bridge-ping-vb1",
].flatMap((name) => loadCapture(name).map((f) => f.bytes));

/** Each protocol's bytes as found in the real frames, from that layer's first byte (quoted datagrams included). */
const LAYERS: Record<string, Uint8Array[]> = { Ethernet: [], ARP: [], IPv4: [], ICMP: [], UDP: [], TCP: [] };
function collect(buf: Uint8Array, ipAt: number, ipLen: number): void {
  const ip = new Ipv4Packet(buf, ipAt, ipLen);
  LAYERS.IPv4!.push(buf.slice(ipAt, ipAt + ipLen));
  const l4 = buf.slice(ip.payloadOffset, ipAt + ipLen);
  if (ip.protocol === 6) LAYERS.TCP!.push(l4);
  if (ip.protocol === 17) LAYERS.UDP!.push(l4);
  if (ip.protocol === 1) {
    LAYERS.ICMP!.push(l4);
    const icmp = new IcmpPacket(buf, ip.payloadOffset, ip.payloadLen);
    if (icmp.msgType === 3 || icmp.msgType === 11) collect(buf, icmp.dataOffset, icmp.dataLen);
  }
}
for (const frame of REAL_FRAMES) {
  LAYERS.Ethernet!.push(frame);
  const eth = new EthernetFrame(frame);
  if (eth.ethertype === 0x0806) LAYERS.ARP!.push(frame.slice(14));
  else collect(frame, 14, frame.length - 14);
}

/** A protocol's real bytes, corrupted in up to three places and perhaps cut short. */
const arbRealish = (protocol: string): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(fc.constantFrom(...LAYERS[protocol]!), fc.option(fc.nat()), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 3 }))
    .map(([layer, cut, flips]) => {
      const bytes = layer.slice();
      for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
      return cut === null ? bytes : bytes.slice(0, cut % (bytes.length + 1));
    });

const arbBytes = (protocol: string): fc.Arbitrary<Uint8Array> => fc.oneof(fc.uint8Array({ maxLength: 120 }), arbRealish(protocol));

describe("no view or parse throws", () => {
  for (const protocol of PROTOCOLS) {
    it(`${protocol.name}: random and mangled bytes, any window, even one outside the buffer`, () => {
      fc.assert(
        fc.property(arbBytes(protocol.name), fc.integer({ min: -4, max: 130 }), fc.integer({ min: -4, max: 200 }), (buf, offset, length) => {
          exercise(protocol, buf, offset, length);
          exercise(protocol, buf, 0, buf.length);
        }),
        { numRuns: 500 },
      );
    });
  }

  it("every truncation of every real frame dissects to a result or an error, never an exception", () => {
    let parsed = 0;
    for (const frame of REAL_FRAMES) {
      for (let len = 0; len <= frame.length; len++) {
        const cut = frame.slice(0, len);
        const d = dissect(cut);
        if (typeof d !== "number") parsed++;
        for (const protocol of PROTOCOLS) for (const start of [0, 14, 34]) exercise(protocol, cut, start, len - start);
      }
    }
    expect(parsed).toBeGreaterThan(0);
  });
});

describe("after checkLen() is Ok, accessors read only inside the window", () => {
  for (const protocol of PROTOCOLS) {
    it(`${protocol.name}: a view in a larger buffer reads what a view of the bare window reads`, () => {
      fc.assert(
        fc.property(arbBytes(protocol.name), fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.uint8Array({ minLength: 1, maxLength: 16 }), (window, before, after) => {
          const bare = protocol.make(window, 0, window.length);
          fc.pre(bare.checkLen() === WireError.Ok);
          const big = new Uint8Array(before.length + window.length + after.length);
          big.set(before);
          big.set(window, before.length);
          big.set(after, before.length + window.length);
          const embedded = protocol.make(big, before.length, window.length);
          expect(readAll(embedded)).toEqual(readAll(bare));
          expect(protocol.parse(embedded as never)).toEqual(protocol.parse(bare as never));
        }),
        { numRuns: 300 },
      );
    });
  }
});
