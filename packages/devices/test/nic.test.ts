import { MAC_BROADCAST, Packet, Simulation, writeMac } from "@pktsim/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ETH_WIRE_OVERHEAD, Nic, PfifoFast, PointToPointLink, SharedSegment, type Link, type LinkOptions } from "../src/index";

function frame(dst: number, src: number, seq: number, len = 100): Packet {
  const pkt = Packet.alloc(len);
  writeMac(pkt.buf, pkt.head, dst);
  writeMac(pkt.buf, pkt.head + 6, src);
  pkt.buf[pkt.head + 12] = 0x88;
  pkt.buf[pkt.head + 13] = 0xb5;
  pkt.buf[pkt.head + 14] = seq;
  return pkt;
}

interface Arrival {
  t: number;
  seq: number;
  len: number;
}

function nic(sim: Simulation, name: string, link: Link): { nic: Nic; got: Arrival[] } {
  const n = new Nic(sim, name);
  n.attach(link);
  n.setAdminUp(true);
  const got: Arrival[] = [];
  n.protocolRx = (pkt) => got.push({ t: sim.now, seq: pkt.buf[pkt.macOffset + 14]!, len: pkt.length });
  return { nic: n, got };
}

function cable(options: LinkOptions = {}, seed = 1) {
  const sim = new Simulation({ seed });
  const link = new PointToPointLink(sim, options);
  const a = nic(sim, "eth0", link);
  const b = nic(sim, "eth1", link);
  return { sim, link, a: a.nic, b: b.nic, got: b.got, gotA: a.got };
}

describe("a NIC on a point-to-point cable", () => {
  it("delivers after serialisation (padded frame plus framing) and propagation", () => {
    const { sim, a, b, got } = cable({ bitRate: 1e9, propagationDelay: 500 });
    a.xmit(frame(b.mac, a.mac, 1, 1000));
    sim.scheduler.runUntilIdle();
    expect(got).toEqual([{ t: (1000 + ETH_WIRE_OVERHEAD) * 8 + 500, seq: 1, len: 1000 }]);
  });

  it("queues frames behind the one on the wire, back to back", () => {
    const { sim, a, b, got } = cable({ bitRate: 1e8, propagationDelay: 1000 });
    const wire = (1000 + ETH_WIRE_OVERHEAD) * 8 * 10;
    for (let i = 0; i < 4; i++) a.xmit(frame(b.mac, a.mac, i, 1000));
    expect(a.qdisc).toBe("pfifo_fast");
    expect((a.txQdisc as PfifoFast).stats.qlen).toBe(3);
    sim.scheduler.runUntilIdle();
    expect(got.map((g) => g.t)).toEqual([1, 2, 3, 4].map((k) => k * wire + 1000));
  });

  it("tail-drops at txqueuelen in the qdisc; the device's tx_dropped stays 0 (as in Linux)", () => {
    const { sim, a, b, got } = cable();
    a.txqueuelen = 2;
    for (let i = 0; i < 6; i++) a.xmit(frame(b.mac, a.mac, i));
    sim.scheduler.runUntilIdle();
    // One frame goes straight on the wire, two wait, three are dropped.
    expect(got.map((g) => g.seq)).toEqual([0, 1, 2]);
    const q = a.txQdisc as PfifoFast;
    expect(q.stats.drops).toBe(3);
    expect(q.stats.packets).toBe(3);
    expect(a.stats.txDropped).toBe(0);
    expect(a.stats.txPackets).toBe(3);
  });

  it("pads short frames to 60 bytes on the wire: the sender's tap sees 42, the receiver 60", () => {
    const { sim, a, b, got } = cable();
    const tx: number[] = [];
    a.addTap((p, dir) => dir === "tx" && tx.push(p.length));
    a.xmit(frame(MAC_BROADCAST, a.mac, 9, 42));
    sim.scheduler.runUntilIdle();
    expect(tx).toEqual([42]);
    expect(got.map((g) => g.len)).toEqual([60]);
    expect(a.stats.txBytes).toBe(42);
    expect(b.stats.rxBytes).toBe(60);
  });

  it("has carrier only while plugged and both ends are up", () => {
    const { sim, link, a, b } = cable();
    expect([a.carrier, b.carrier]).toEqual([true, true]);
    b.setAdminUp(false);
    expect([a.carrier, b.carrier]).toEqual([false, false]);
    b.setAdminUp(true);
    link.setUp(false);
    expect([a.carrier, b.carrier]).toEqual([false, false]);
    link.setUp(true);
    a.detach();
    expect([a.carrier, b.carrier]).toEqual([false, false]);
    sim.scheduler.runUntilIdle();
    expect(a.operState).toBe("DOWN");
    expect(a.qdisc).toBe("pfifo_fast");
  });

  it("a new NIC is down, noop, without carrier; opening it attaches pfifo_fast", () => {
    const sim = new Simulation();
    const n = new Nic(sim, "eth0");
    expect([n.qdisc, n.carrier, n.operState, n.kind]).toEqual(["noop", false, "DOWN", "nic"]);
    // A burned-in address under QEMU's OUI.
    expect(Math.floor(n.mac / 0x1000000)).toBe(0x525400);
    n.setAdminUp(true);
    expect(n.qdisc).toBe("pfifo_fast");
    expect(n.txQdisc!.handle).toBe(0);
  });

  it("loses frames with the link's probability, counted as CRC errors, deterministically by seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const run = () => {
          const { sim, a, b, got } = cable({ loss: 0.2 }, seed);
          for (let i = 0; i < 200; i++) a.xmit(frame(b.mac, a.mac, i & 255));
          sim.scheduler.runUntilIdle();
          expect(got.length + b.stats.rxCrcErrors).toBe(200);
          expect(b.stats.rxErrors).toBe(b.stats.rxCrcErrors);
          return got.map((g) => g.t);
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 20 },
    );
  });

  it("drops nothing in flight when the cable is fine, and everything when it is pulled mid-flight", () => {
    const { sim, link, a, b, got } = cable({ propagationDelay: 1_000_000 });
    a.xmit(frame(b.mac, a.mac, 1));
    sim.scheduler.runFor(10_000);
    link.setUp(false);
    sim.scheduler.runUntilIdle();
    expect(got).toHaveLength(0);
  });
});

describe("NICs on a shared segment", () => {
  function hub(n: number, options: LinkOptions = {}) {
    const sim = new Simulation();
    const seg = new SharedSegment(sim, options);
    const nics = Array.from({ length: n }, (_, i) => nic(sim, `eth${i}`, seg));
    return { sim, seg, nics };
  }

  it("every other NIC hears a broadcast; unicast passes only the addressee's filter (or a promiscuous one)", () => {
    const { sim, nics } = hub(4);
    const [a, b, c, d] = nics as [ReturnType<typeof nic>, ReturnType<typeof nic>, ReturnType<typeof nic>, ReturnType<typeof nic>];
    a.nic.xmit(frame(MAC_BROADCAST, a.nic.mac, 1));
    d.nic.promiscuity = 1;
    a.nic.xmit(frame(b.nic.mac, a.nic.mac, 2));
    sim.scheduler.runUntilIdle();
    expect(a.got.map((g) => g.seq)).toEqual([]);
    expect(b.got.map((g) => g.seq)).toEqual([1, 2]);
    expect(c.got.map((g) => g.seq)).toEqual([1]);
    expect(d.got.map((g) => g.seq)).toEqual([1, 2]);
  });

  it("carries one frame at a time: two senders at once are serialised one after the other", () => {
    const { sim, nics } = hub(3, { bitRate: 1e9, propagationDelay: 0 });
    const [a, b, c] = nics as [ReturnType<typeof nic>, ReturnType<typeof nic>, ReturnType<typeof nic>];
    a.nic.xmit(frame(c.nic.mac, a.nic.mac, 1, 1000));
    b.nic.xmit(frame(c.nic.mac, b.nic.mac, 2, 1000));
    sim.scheduler.runUntilIdle();
    const wire = (1000 + ETH_WIRE_OVERHEAD) * 8;
    expect(c.got.map((g) => [g.seq, g.t])).toEqual([
      [1, wire],
      [2, 2 * wire],
    ]);
  });

  it("gives carrier to every up NIC while the segment is up", () => {
    const { seg, nics } = hub(2);
    expect(nics.map((x) => x.nic.carrier)).toEqual([true, true]);
    nics[1]!.nic.setAdminUp(false);
    expect(nics.map((x) => x.nic.carrier)).toEqual([true, false]);
    seg.setUp(false);
    expect(nics.map((x) => x.nic.carrier)).toEqual([false, false]);
  });
});

describe("the NIC's transmit queue against a single-server FIFO oracle", () => {
  it("arrival times and tail drops equal the oracle's on random traffic", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 20_000 }), len: fc.integer({ min: 15, max: 1514 }) }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(1e8, 1e9),
        fc.integer({ min: 0, max: 5000 }),
        (frames, qlen, bitRate, prop) => {
          const { sim, a, b, got } = cable({ bitRate, propagationDelay: prop });
          a.txqueuelen = qlen;
          let t = 0;
          const sends = frames.map((f, i) => {
            t += f.gap;
            return { t, len: f.len, seq: i };
          });
          // All sends are scheduled first, so at equal times a send runs before a tx-complete.
          for (const s of sends) sim.scheduler.at(s.t, () => a.xmit(frame(b.mac, a.mac, s.seq, s.len)));
          sim.scheduler.runUntilIdle();
          // The oracle: one frame on the wire at a time, at most qlen waiting, tail drop.
          const accepted: Array<{ t: number; start: number; end: number; seq: number }> = [];
          for (const s of sends) {
            const waiting = accepted.filter((j) => j.start > s.t || (j.start === s.t && j.start > j.t)).length;
            if (waiting >= qlen) continue;
            const prevEnd = accepted.length > 0 ? accepted[accepted.length - 1]!.end : 0;
            const start = Math.max(s.t, prevEnd);
            const end = start + ((Math.max(s.len, 60) + ETH_WIRE_OVERHEAD) * 8 * 1e9) / bitRate;
            accepted.push({ t: s.t, start, end, seq: s.seq });
          }
          expect(got.map((g) => [g.seq, g.t])).toEqual(accepted.map((j) => [j.seq, j.end + prop]));
          expect((a.txQdisc as PfifoFast).stats.drops).toBe(sends.length - accepted.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
