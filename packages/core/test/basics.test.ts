import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Packet,
  PcapWriter,
  Rng,
  broadcastOf,
  formatIpv4,
  formatMac,
  isLocalAdminMac,
  isMulticastMac,
  maskToPrefixLen,
  networkOf,
  parseIpv4,
  parseIpv4Prefix,
  parseMac,
  prefixMask,
  readMac,
  readPcap,
  writeMac,
} from "../src/index";

describe("IPv4 addresses", () => {
  it("parse and format round-trip for every uint32", () => {
    fc.assert(fc.property(fc.nat({ max: 0xffffffff }), (a) => parseIpv4(formatIpv4(a)) === a));
  });

  it("reject what is not a dotted quad", () => {
    for (const bad of ["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3", "a.b.c.d", "1.2.3.-4", " 1.2.3.4"]) {
      expect(parseIpv4(bad)).toBeUndefined();
    }
  });

  it("prefix arithmetic", () => {
    expect(prefixMask(24)).toBe(0xffffff00);
    expect(prefixMask(0)).toBe(0);
    expect(prefixMask(32)).toBe(0xffffffff);
    expect(formatIpv4(networkOf(parseIpv4("10.1.2.3")!, 16))).toBe("10.1.0.0");
    expect(formatIpv4(broadcastOf(parseIpv4("10.1.2.3")!, 24))).toBe("10.1.2.255");
    for (let len = 0; len <= 32; len++) expect(maskToPrefixLen(prefixMask(len))).toBe(len);
    expect(maskToPrefixLen(0xff00ff00)).toBe(-1);
  });

  it("parses prefixes", () => {
    expect(parseIpv4Prefix("10.0.0.1/24")).toEqual({ addr: 0x0a000001, prefixLen: 24 });
    expect(parseIpv4Prefix("10.0.0.1")).toEqual({ addr: 0x0a000001, prefixLen: 32 });
    expect(parseIpv4Prefix("10.0.0.1/33")).toBeUndefined();
    expect(parseIpv4Prefix("10.0.0.1/")).toBeUndefined();
  });
});

describe("MAC addresses", () => {
  it("format, parse, read and write round-trip", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (mac) => {
        const buf = new Uint8Array(8);
        writeMac(buf, 1, mac);
        expect(readMac(buf, 1)).toBe(mac);
        expect(parseMac(formatMac(mac))).toBe(mac);
      }),
    );
    expect(formatMac(0x0a69e9dcc3d7)).toBe("0a:69:e9:dc:c3:d7");
    expect(parseMac("ff:ff:ff:ff:ff:ff")).toBe(2 ** 48 - 1);
  });

  it("random MACs are unicast, locally administered and reproducible from the seed", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    for (let i = 0; i < 100; i++) {
      const mac = a.randomMac();
      expect(isMulticastMac(mac)).toBe(false);
      expect(isLocalAdminMac(mac)).toBe(true);
      expect(b.randomMac()).toBe(mac);
    }
    expect(new Rng(8).randomMac()).not.toBe(new Rng(7).randomMac());
  });
});

describe("Rng", () => {
  it("int stays in range and the same seed gives the same sequence", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), (seed, min, span) => {
        const r1 = new Rng(seed);
        const r2 = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const v = r1.int(min, min + span);
          expect(v).toBeGreaterThanOrEqual(min);
          expect(v).toBeLessThanOrEqual(min + span);
          expect(r2.int(min, min + span)).toBe(v);
        }
      }),
    );
  });

  it("float is in [0, 1)", () => {
    const r = new Rng(3);
    for (let i = 0; i < 1000; i++) {
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
    }
  });
});

describe("Packet", () => {
  it("push and pull move the head within the headroom, growing it when short", () => {
    const p = Packet.from(new Uint8Array([1, 2, 3]), 4);
    expect(p.length).toBe(3);
    p.push(4);
    expect(p.length).toBe(7);
    p.buf.set([9, 9, 9, 9], p.head);
    p.push(10);
    expect(p.length).toBe(17);
    expect([...p.data().subarray(10)]).toEqual([9, 9, 9, 9, 1, 2, 3]);
    p.pull(14);
    expect([...p.data()]).toEqual([1, 2, 3]);
  });

  it("clones are independent copies", () => {
    const p = Packet.from(new Uint8Array([1, 2, 3]));
    p.mark = 5;
    const c = p.clone();
    c.buf[c.head] = 42;
    expect(p.data()[0]).toBe(1);
    expect(c.mark).toBe(5);
  });
});

describe("PcapWriter", () => {
  it("writes a classic pcap that reads back with virtual timestamps", () => {
    const w = new PcapWriter();
    w.write(1_500_000_123, new Uint8Array([1, 2, 3, 4]));
    w.write(2_000_000_000, new Uint8Array(60).fill(7));
    const bytes = w.bytes();
    expect([...bytes.subarray(0, 4)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
    const { linkType, records } = readPcap(bytes);
    expect(linkType).toBe(1);
    expect(records.map((r) => r.time)).toEqual([1_500_000_000, 2_000_000_000]);
    expect([...records[0]!.data]).toEqual([1, 2, 3, 4]);
    expect(records[1]!.originalLength).toBe(60);
  });
});
