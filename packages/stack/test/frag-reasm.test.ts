// Reassembly (ip_defrag) against the kernel: the same hand-made fragment sequences were sent
// with a raw IP_HDRINCL socket from ns1 to a UDP socket in ns2 on Linux 6.18, and what the
// socket got and nstat's IpReasm* counters were noted (the table below). Then properties:
// any order of non-overlapping fragments with exact duplicates reassembles to the datagram,
// and what ip_do_fragment cuts (any size, any MTU) reassembles to what was sent.
import { Packet, parseIpv4, internetChecksum, onesSum, foldSum } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Host, type Namespace, UdpSocket } from "../src/index";

const SRC = parseIpv4("10.0.0.1")!;
const DST = parseIpv4("10.0.0.2")!;

interface Lab {
  host: Host;
  ns1: Namespace;
  ns2: Namespace;
  veth0: NetDevice;
  veth1: NetDevice;
  sock: UdpSocket;
  /** Frames ns2 sent back to ns1. */
  back: Uint8Array[];
}

function lab(): Lab {
  const host = new Host({ seed: 21 });
  const ns1 = host.addNetns("ns1");
  const ns2 = host.addNetns("ns2");
  const [veth0, veth1] = ns1.addVethPair("veth0", "veth1", ns2);
  ns1.ip.addAddress(veth0, { local: SRC, prefixLen: 24 });
  ns2.ip.addAddress(veth1, { local: DST, prefixLen: 24 });
  for (const d of [ns1.lo, ns2.lo, veth0, veth1]) d.setAdminUp(true);
  const sock = new UdpSocket(ns2);
  sock.bind(DST, 9000);
  const back: Uint8Array[] = [];
  veth1.addTap((p) => back.push(p.data().slice()));
  host.sim.scheduler.runFor(1e9);
  back.length = 0;
  return { host, ns1, ns2, veth0, veth1, sock, back };
}

/** A UDP datagram 40000 → 9000 carrying `data`, full checksum (what the raw socket sent). */
function udp(data: Uint8Array): Uint8Array {
  const u = new Uint8Array(8 + data.length);
  u.set([0x9c, 0x40, 0x23, 0x28, (u.length >>> 8) & 0xff, u.length & 0xff, 0, 0]);
  u.set(data, 8);
  const pseudo = (SRC >>> 16) + (SRC & 0xffff) + (DST >>> 16) + (DST & 0xffff) + 17 + u.length;
  const c = ~foldSum(onesSum(u, 0, u.length, pseudo)) & 0xffff || 0xffff;
  u[6] = c >>> 8;
  u[7] = c & 0xff;
  return u;
}

/** An Ethernet frame holding one IPv4 fragment, as ns1 would put it on veth0. */
function fragment(l: Lab, id: number, offset: number, mf: boolean, payload: Uint8Array, tos = 0, protocol = 17): Uint8Array {
  const f = new Uint8Array(14 + 20 + payload.length);
  const mac = (m: number, at: number): void => {
    for (let i = 0; i < 6; i++) f[at + i] = Math.floor(m / 2 ** (8 * (5 - i))) & 0xff;
  };
  mac(l.veth1.mac, 0);
  mac(l.veth0.mac, 6);
  f[12] = 0x08;
  const ip = 14;
  const total = 20 + payload.length;
  const w = (offset >>> 3) | (mf ? 0x2000 : 0);
  f.set([0x45, tos, total >>> 8, total & 0xff, id >>> 8, id & 0xff, w >>> 8, w & 0xff, 64, protocol, 0, 0], ip);
  for (let i = 0; i < 4; i++) {
    f[ip + 12 + i] = (SRC >>> (24 - 8 * i)) & 0xff;
    f[ip + 16 + i] = (DST >>> (24 - 8 * i)) & 0xff;
  }
  const c = internetChecksum(f, ip, 20);
  f[ip + 10] = c >>> 8;
  f[ip + 11] = c & 0xff;
  f.set(payload, ip + 20);
  return f;
}

function inject(l: Lab, frame: Uint8Array): void {
  l.veth1.receive(Packet.from(frame));
  l.host.sim.scheduler.runFor(1e6);
}

function counters(ns: Namespace): Record<string, number> {
  const m = ns.mib.ip;
  const all: Record<string, number> = { ReasmReqds: m.ReasmReqds, ReasmOKs: m.ReasmOKs, ReasmFails: m.ReasmFails, ReasmOverlaps: m.ReasmOverlaps, ReasmTimeout: m.ReasmTimeout };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== 0));
}

const DATA = Uint8Array.from({ length: 40 }, (_, i) => i);
const U = udp(DATA);

/** The craft.py sequences: [offset, MF, bytes of U, TOS?] per fragment. */
type Frag = [number, boolean, number, number, number?];
const CASES: Array<{ name: string; frags: Frag[]; delivered: boolean; counters: Record<string, number> }> = [
  { name: "in order", frags: [[0, true, 0, 24], [24, false, 24, 48]], delivered: true, counters: { ReasmReqds: 2, ReasmOKs: 1 } },
  { name: "last first", frags: [[24, false, 24, 48], [0, true, 0, 24]], delivered: true, counters: { ReasmReqds: 2, ReasmOKs: 1 } },
  { name: "a duplicate is dropped, the queue kept", frags: [[0, true, 0, 24], [0, true, 0, 24], [24, false, 24, 48]], delivered: true, counters: { ReasmReqds: 3, ReasmOKs: 1 } },
  { name: "an overlap kills the queue", frags: [[0, true, 0, 24], [16, true, 16, 32], [32, false, 32, 48]], delivered: false, counters: { ReasmReqds: 3, ReasmFails: 1, ReasmOverlaps: 1 } },
  {
    name: "after an overlap a new queue starts",
    frags: [[0, true, 0, 24], [16, true, 16, 32], [0, true, 0, 24], [24, false, 24, 48]],
    delivered: true,
    counters: { ReasmReqds: 4, ReasmOKs: 1, ReasmFails: 1, ReasmOverlaps: 1 },
  },
  {
    name: "a copy spanning two runs is an overlap, not a duplicate",
    frags: [[0, true, 0, 8], [16, true, 16, 24], [8, true, 8, 16], [0, true, 0, 16], [24, false, 24, 48]],
    delivered: false,
    counters: { ReasmReqds: 5, ReasmFails: 1, ReasmOverlaps: 1 },
  },
  { name: "Not-ECT with CE fails (ip_frag_ecn_table)", frags: [[0, true, 0, 24, 0], [24, false, 24, 48, 3]], delivered: false, counters: { ReasmReqds: 2, ReasmFails: 1 } },
  { name: "ECT(0) with CE passes", frags: [[0, true, 0, 24, 2], [24, false, 24, 48, 3]], delivered: true, counters: { ReasmReqds: 2, ReasmOKs: 1 } },
  { name: "a second last fragment ending earlier kills the queue", frags: [[0, true, 0, 24], [32, false, 32, 48], [16, false, 16, 24]], delivered: false, counters: { ReasmReqds: 3, ReasmFails: 1 } },
  { name: "a non-final fragment is cut to a multiple of 8", frags: [[0, true, 0, 20], [16, false, 16, 48]], delivered: true, counters: { ReasmReqds: 2, ReasmOKs: 1 } },
  { name: "an empty fragment kills the queue", frags: [[0, true, 0, 24], [24, true, 24, 24], [24, false, 24, 48]], delivered: false, counters: { ReasmReqds: 3, ReasmFails: 1 } },
];

describe("ip_defrag takes the kernel's fragment sequences as Linux did", () => {
  CASES.forEach((c, k) => {
    it(c.name, () => {
      const l = lab();
      for (const [offset, mf, from, to, tos] of c.frags) inject(l, fragment(l, 100 + k, offset, mf, U.subarray(from, to), tos ?? 0));
      const got = l.sock.recv();
      expect(got !== undefined).toBe(c.delivered);
      if (got !== undefined) expect(got.data).toEqual(DATA);
      expect(counters(l.ns2)).toEqual(c.counters);
    });
  });

  it("more than 64 KiB reassembled fails and logs 'Oversized IP packet'", () => {
    const l = lab();
    const big = new Uint8Array(1480);
    for (let i = 0; i < 44; i++) inject(l, fragment(l, 12, i * 1480, true, big));
    inject(l, fragment(l, 12, 44 * 1480, false, new Uint8Array(500)));
    expect(l.sock.recv()).toBeUndefined();
    expect(counters(l.ns2)).toEqual({ ReasmReqds: 45, ReasmFails: 1 });
    expect(l.host.klog.lines.map((x) => x.text)).toContain("IPv4: Oversized IP packet from 10.0.0.1");
  });

  it("a queue whose first fragment came expires after ipfrag_time with ICMP time exceeded (code 1) quoting it", () => {
    const l = lab();
    inject(l, fragment(l, 7, 0, true, U.subarray(0, 24)));
    l.host.sim.scheduler.runFor(29e9);
    expect(l.back.filter((f) => f[23] === 1)).toEqual([]);
    l.host.sim.scheduler.runFor(2e9);
    const icmp = l.back.filter((f) => f[12] === 8 && f[13] === 0 && f[23] === 1);
    expect(icmp).toHaveLength(1);
    const f = icmp[0]!;
    expect([f[34], f[35]]).toEqual([11, 1]);
    // The quote: the fragment's header as received (MF set) and its 24 bytes.
    expect([...f.subarray(42)]).toEqual([...fragment(l, 7, 0, true, U.subarray(0, 24)).subarray(14)]);
    expect(counters(l.ns2)).toEqual({ ReasmReqds: 1, ReasmFails: 1, ReasmTimeout: 1 });
  });

  it("without its first fragment a queue expires silently; ipfrag_time is the sysctl's", () => {
    const l = lab();
    expect(l.ns2.sysctl.write("net.ipv4.ipfrag_time", "5")).toBe(0);
    inject(l, fragment(l, 8, 24, false, U.subarray(24, 48)));
    l.host.sim.scheduler.runFor(6e9);
    expect(l.back.filter((f) => f[12] === 8 && f[13] === 0 && f[23] === 1)).toEqual([]);
    expect(counters(l.ns2)).toEqual({ ReasmReqds: 1, ReasmFails: 1, ReasmTimeout: 1 });
    expect(l.ns2.ip.frag.queueCount).toBe(0);
  });
});

/** Cuts `len` payload bytes into pieces ending on 8-byte boundaries (the last one anywhere). */
const cuts = (len: number): fc.Arbitrary<number[]> =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, Math.floor((len - 1) / 8)) }), { minLength: 1, maxLength: 12 }).map((xs) => {
    const ends = xs.map((x) => x * 8).filter((e) => e < len).sort((a, b) => a - b);
    return [...ends, len];
  });

describe("properties", () => {
  it("any order of non-overlapping fragments, with exact duplicates, reassembles the datagram once", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 9, maxLength: 3000 }).chain((data) =>
          fc.tuple(fc.constant(data), cuts(data.length + 8), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.nat(), { maxLength: 4 })),
        ),
        ([data, ends, seed, dups]) => {
          const l = lab();
          const u = udp(data);
          const pieces: Array<[number, number]> = ends.map((e, i) => [i === 0 ? 0 : ends[i - 1]!, e]);
          // A deterministic shuffle, then duplicates of pieces already sent inserted after them.
          const order = pieces.map((p, i) => ({ p, k: (Math.imul(i + 1, 2654435761) ^ seed) >>> 0 })).sort((a, b) => a.k - b.k).map((x) => x.p);
          const seq: Array<[number, number]> = [];
          order.forEach((p, i) => {
            seq.push(p);
            for (const d of dups) if (d % order.length === i && i < order.length - 1) seq.push(order[d % (i + 1)]!);
          });
          for (const [from, to] of seq) inject(l, fragment(l, 55, from, to < u.length, u.subarray(from, to)));
          const got = l.sock.recv();
          expect(got?.data).toEqual(data);
          expect(l.sock.recv()).toBeUndefined();
          expect(l.ns2.mib.ip.ReasmOKs).toBe(1);
          expect(l.ns2.mib.ip.ReasmFails).toBe(0);
          expect(l.ns2.mib.ip.ReasmReqds).toBe(seq.length);
        },
      ),
      { seed: 4242, numRuns: 60 },
    );
  });

  it("ip_do_fragment's pieces fit the MTU, cut on 8 bytes, share the id, and reassemble to what was sent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 68, max: 9000 }), fc.integer({ min: 0, max: 20000 }), (mtu, size) => {
        const l = lab();
        l.veth0.setMtu(mtu);
        l.veth1.setMtu(9000);
        const tx = new UdpSocket(l.ns1);
        // ARP first: hundreds of fragments would overflow the unresolved queue (unres_qlen_bytes).
        tx.send(new Uint8Array(1), { addr: DST, port: 9000 });
        l.host.sim.scheduler.runFor(1e8);
        expect(l.sock.recv()?.data).toEqual(new Uint8Array(1));
        const frames: Uint8Array[] = [];
        l.veth0.addTap((p) => frames.push(p.data().slice()));
        const data = Uint8Array.from({ length: size }, (_, i) => (i * 7) & 0xff);
        tx.send(data, { addr: DST, port: 9000 });
        l.host.sim.scheduler.runFor(1e8);
        const ip = frames.filter((f) => f[12] === 8 && f[13] === 0 && f[23] === 17);
        const total = 20 + 8 + size;
        if (total <= mtu) {
          expect(ip).toHaveLength(1);
        } else {
          let expectOffset = 0;
          ip.forEach((f, i) => {
            const len = (f[16]! << 8) | f[17]!;
            const w = (f[20]! << 8) | f[21]!;
            expect(len).toBeLessThanOrEqual(mtu);
            expect((w & 0x1fff) * 8).toBe(expectOffset);
            expect((w & 0x2000) !== 0).toBe(i < ip.length - 1);
            expect((w & 0x4000) !== 0).toBe(false);
            if (i < ip.length - 1) expect((len - 20) % 8).toBe(0);
            expect((f[18]! << 8) | f[19]!).toBe((ip[0]![18]! << 8) | ip[0]![19]!);
            expectOffset += len - 20;
          });
          expect(expectOffset).toBe(8 + size);
        }
        expect(l.sock.recv()?.data).toEqual(data);
      }),
      { seed: 99, numRuns: 60 },
    );
  });
});
