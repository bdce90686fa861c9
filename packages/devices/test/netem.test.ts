import { Packet, Simulation, writeMac } from "@pktsim/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_VETH_DELAY_NS,
  NLM_F,
  NetemQdisc,
  type NetemOptions,
  QdiscError,
  TC_H_ROOT,
  Veth,
  qdiscGraftRoot,
  tcDeleteQdisc,
  tcModifyQdisc,
} from "../src/index";

const MS = 1_000_000;
/** psched ticks per ms (tc: 1 µs = 15.625 ticks of 64 ns). */
const TICKS_PER_MS = 15625;

function pair(seed = 1) {
  const sim = new Simulation({ seed });
  const [a, b] = Veth.createPair(sim, "veth0", "veth1");
  a.setAdminUp(true);
  b.setAdminUp(true);
  const arrivals: Array<{ t: number; id: number; len: number }> = [];
  b.protocolRx = (pkt) => arrivals.push({ t: sim.now, id: pkt.buf[pkt.macOffset + 14]! | (pkt.buf[pkt.macOffset + 15]! << 8), len: pkt.length });
  return { sim, a, b, arrivals };
}

/** A frame to `dst` carrying a 16-bit sequence number right after the Ethernet header. */
function frame(dst: number, seq: number, len = 100): Packet {
  const pkt = Packet.alloc(len);
  writeMac(pkt.buf, pkt.head, dst);
  pkt.buf[pkt.head + 12] = 0x88;
  pkt.buf[pkt.head + 13] = 0xb5;
  pkt.buf[pkt.head + 14] = seq & 255;
  pkt.buf[pkt.head + 15] = seq >> 8;
  return pkt;
}

function netem(qopt: Partial<NetemOptions["qopt"]>, extra: Omit<NetemOptions, "qopt"> = {}): NetemOptions {
  return { qopt: { latency: 0, limit: 1000, loss: 0, gap: 0, duplicate: 0, jitter: 0, ...qopt }, ...extra };
}

function addNetem(dev: Veth, options: NetemOptions): NetemQdisc {
  tcModifyQdisc(dev, { flags: NLM_F.CREATE | NLM_F.EXCL, parent: TC_H_ROOT, handle: 0, kind: "netem", options: { kind: "netem", netem: options } });
  return dev.txQdisc as NetemQdisc;
}

describe("netem on a veth", () => {
  it("delays every frame by the latency, in order, and ip link shows qdisc netem", () => {
    const { sim, a, b, arrivals } = pair();
    const q = addNetem(a, netem({ latency: 100 * TICKS_PER_MS }));
    expect(a.qdisc).toBe("netem");
    expect(q.handle).toBe(0x80010000);
    expect(q.refcnt).toBe(3);
    for (let i = 0; i < 3; i++) {
      sim.scheduler.runUntil(i * 10 * MS);
      a.xmit(frame(b.mac, i));
    }
    sim.scheduler.runUntilIdle();
    expect(arrivals.map((x) => [x.id, x.t])).toEqual([0, 1, 2].map((i) => [i, i * 10 * MS + 100 * MS + DEFAULT_VETH_DELAY_NS]));
    expect(q.stats.packets).toBe(3);
    expect(q.stats.bytes).toBe(300);
    expect(q.stats.qlen).toBe(0);
  });

  it("keeps jittered delays within latency ± jitter, and the same seed gives the same delays", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 50 }), (seed, latMs, jitMs) => {
        const run = () => {
          const { sim, a, b, arrivals } = pair(seed);
          addNetem(a, netem({ latency: latMs * TICKS_PER_MS, jitter: jitMs * TICKS_PER_MS }));
          for (let i = 0; i < 20; i++) a.xmit(frame(b.mac, i));
          sim.scheduler.runUntilIdle();
          return arrivals;
        };
        const first = run();
        expect(first).toHaveLength(20);
        for (const x of first) {
          const delay = x.t - DEFAULT_VETH_DELAY_NS;
          expect(delay).toBeGreaterThanOrEqual(Math.max(0, (latMs - jitMs) * MS));
          expect(delay).toBeLessThan((latMs + jitMs) * MS + 1);
        }
        // Frames leave in send-time order: arrival times never decrease.
        for (let i = 1; i < first.length; i++) expect(first[i]!.t).toBeGreaterThanOrEqual(first[i - 1]!.t);
        expect(run()).toEqual(first);
      }),
      { numRuns: 50 },
    );
  });

  it("reorders frames when jitter exceeds their spacing, as netem does", () => {
    const { sim, a, b, arrivals } = pair(7);
    addNetem(a, netem({ latency: 50 * TICKS_PER_MS, jitter: 40 * TICKS_PER_MS }));
    for (let i = 0; i < 50; i++) {
      sim.scheduler.runUntil(i * MS);
      a.xmit(frame(b.mac, i));
    }
    sim.scheduler.runUntilIdle();
    const ids = arrivals.map((x) => x.id);
    expect(ids).toHaveLength(50);
    expect(ids).not.toEqual([...ids].sort((x, y) => x - y));
  });

  it("drops by the loss probability, counting in the qdisc, not in the device's tx_dropped", () => {
    const { sim, a, b, arrivals } = pair(3);
    const q = addNetem(a, netem({ loss: Math.round(0.3 * 0xffffffff) }));
    for (let i = 0; i < 5000; i++) a.xmit(frame(b.mac, i));
    sim.scheduler.runUntilIdle();
    expect(arrivals.length + q.stats.drops).toBe(5000);
    expect(q.stats.drops / 5000).toBeGreaterThan(0.27);
    expect(q.stats.drops / 5000).toBeLessThan(0.33);
    expect(a.stats.txDropped).toBe(0);
    expect(a.stats.txPackets).toBe(arrivals.length);
  });

  it("loss 100% drops everything", () => {
    const { sim, a, b, arrivals } = pair();
    const q = addNetem(a, netem({ loss: 0xffffffff }));
    for (let i = 0; i < 100; i++) a.xmit(frame(b.mac, i));
    sim.scheduler.runUntilIdle();
    expect(arrivals).toHaveLength(0);
    expect(q.stats.drops).toBe(100);
  });

  it("spaces frames by their serialisation time at the rate", () => {
    const { sim, a, b, arrivals } = pair();
    // 1 Mbit/s = 125000 bytes/s: a 1000-byte frame takes 8 ms.
    addNetem(a, netem({ latency: 10 * TICKS_PER_MS }, { rate: { rate: 125000, packetOverhead: 0, cellSize: 0, cellOverhead: 0 } }));
    for (let i = 0; i < 4; i++) a.xmit(frame(b.mac, i, 1000));
    sim.scheduler.runUntilIdle();
    expect(arrivals.map((x) => x.t - DEFAULT_VETH_DELAY_NS)).toEqual([18, 26, 34, 42].map((m) => m * MS));
  });

  it("tail-drops beyond its limit", () => {
    const { sim, a, b, arrivals } = pair();
    const q = addNetem(a, netem({ latency: 10 * TICKS_PER_MS, limit: 3 }));
    for (let i = 0; i < 5; i++) a.xmit(frame(b.mac, i));
    expect(q.stats.qlen).toBe(3);
    expect(q.stats.backlog).toBe(300);
    sim.scheduler.runUntilIdle();
    expect(arrivals.map((x) => x.id)).toEqual([0, 1, 2]);
    expect(q.stats.drops).toBe(2);
  });

  it("duplicate 100% delivers each frame twice", () => {
    const { sim, a, b, arrivals } = pair();
    addNetem(a, netem({ duplicate: 0xffffffff }));
    for (let i = 0; i < 3; i++) a.xmit(frame(b.mac, i));
    sim.scheduler.runUntilIdle();
    expect(arrivals.map((x) => x.id)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it("corrupt 100% flips one bit of every frame", () => {
    const { sim, a, b } = pair(5);
    const got: Uint8Array[] = [];
    b.protocolRx = (pkt) => got.push(pkt.buf.slice(pkt.macOffset, pkt.tail));
    addNetem(a, netem({}, { corrupt: { probability: 0xffffffff, correlation: 0 } }));
    const sent: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) {
      const f = frame(b.mac, i);
      sent.push(f.data().slice());
      a.xmit(f);
    }
    sim.scheduler.runUntilIdle();
    // A flip in the destination MAC makes the frame someone else's; those still arrive here.
    expect(got).toHaveLength(20);
    got.forEach((g, i) => {
      let bits = 0;
      for (let j = 0; j < g.length; j++) bits += popcount(g[j]! ^ sent[i]![j]!);
      expect(bits).toBe(1);
    });
  });

  it("purges what is queued when the device goes down", () => {
    const { sim, a, b, arrivals } = pair();
    const q = addNetem(a, netem({ latency: 10 * TICKS_PER_MS }));
    for (let i = 0; i < 3; i++) a.xmit(frame(b.mac, i));
    a.setAdminUp(false);
    expect(q.stats.qlen).toBe(0);
    sim.scheduler.runUntilIdle();
    expect(arrivals).toHaveLength(0);
  });

  it("reports the qopt back in ticks (netem_dump) and keeps the rate across a change without one", () => {
    const { a } = pair();
    const q = addNetem(a, netem({ latency: 10 * TICKS_PER_MS, jitter: TICKS_PER_MS }, { rate: { rate: 125000, packetOverhead: 0, cellSize: 0, cellOverhead: 0 } }));
    expect(q.latency).toBe(10 * MS);
    tcModifyQdisc(a, { flags: 0, parent: TC_H_ROOT, handle: 0, kind: "netem", options: { kind: "netem", netem: netem({ latency: 20 * TICKS_PER_MS }) } });
    expect(a.txQdisc).toBe(q);
    const d = q.dump();
    expect(d.qopt.latency).toBe(20 * TICKS_PER_MS);
    expect(d.qopt.jitter).toBe(0);
    expect(d.rate.rate).toBe(125000);
  });
});

describe("the root qdisc API (sch_api.c)", () => {
  const add = NLM_F.CREATE | NLM_F.EXCL;
  const replace = NLM_F.CREATE | NLM_F.REPLACE;

  function err(f: () => void): string | undefined {
    try {
      f();
    } catch (e) {
      if (e instanceof QdiscError) return e.extack;
      throw e;
    }
    return "no error";
  }

  it("follows the kernel through add, change, replace and delete", () => {
    const sim = new Simulation();
    const [dev] = Veth.createPair(sim, "veth0", "veth1");
    // Never opened: noop, and delete finds a handle of zero.
    expect(dev.qdisc).toBe("noop");
    expect(err(() => tcDeleteQdisc(dev, { parent: TC_H_ROOT, handle: 0 }))).toBe("Cannot delete qdisc with handle of zero");
    dev.setAdminUp(true);
    expect(dev.qdisc).toBe("noqueue");
    expect(err(() => tcModifyQdisc(dev, { flags: 0, parent: TC_H_ROOT, handle: 0, kind: "pfifo" }))).toBe("Qdisc not found. To create specify NLM_F_CREATE flag");
    tcModifyQdisc(dev, { flags: add, parent: TC_H_ROOT, handle: 0, kind: "pfifo" });
    const first = dev.txQdisc!.handle;
    expect(err(() => tcModifyQdisc(dev, { flags: add, parent: TC_H_ROOT, handle: 0, kind: "pfifo" }))).toBe("Exclusivity flag on, cannot modify");
    // add of another kind replaces it with a new handle.
    tcModifyQdisc(dev, { flags: add, parent: TC_H_ROOT, handle: 0, kind: "bfifo" });
    expect(dev.qdisc).toBe("bfifo");
    expect(dev.txQdisc!.handle).toBe((first + 0x10000) >>> 0);
    tcModifyQdisc(dev, { flags: replace, parent: TC_H_ROOT, handle: 0x20000, kind: "pfifo", options: { kind: "pfifo", limit: 10 } });
    expect(dev.txQdisc!.handle).toBe(0x20000);
    expect(err(() => tcModifyQdisc(dev, { flags: add, parent: TC_H_ROOT, handle: 0x30000, kind: "pfifo" }))).toBe("NLM_F_REPLACE needed to override");
    expect(err(() => tcModifyQdisc(dev, { flags: 0, parent: TC_H_ROOT, handle: 0x20000, kind: "bfifo" }))).toBe("Invalid qdisc name: must match existing qdisc");
    expect(err(() => tcDeleteQdisc(dev, { parent: TC_H_ROOT, handle: 0x30000 }))).toBe("Invalid handle");
    expect(err(() => tcModifyQdisc(dev, { flags: add, parent: 0, handle: 0, kind: "pfifo" }))).toBe("Handle cannot be zero");
    expect(err(() => tcModifyQdisc(dev, { flags: add, parent: TC_H_ROOT, handle: 0, kind: "tbf" }))).toBe("Specified qdisc kind is unknown");
    tcDeleteQdisc(dev, { parent: TC_H_ROOT, handle: 0 });
    // Deleted while up: the default comes back.
    expect(dev.qdisc).toBe("noqueue");
    expect(dev.txQdisc!.handle).toBe(0);
    // Deleted while down: noop until the next open.
    tcModifyQdisc(dev, { flags: add, parent: TC_H_ROOT, handle: 0x50000, kind: "pfifo" });
    dev.setAdminUp(false);
    tcDeleteQdisc(dev, { parent: TC_H_ROOT, handle: 0 });
    expect(dev.qdisc).toBe("noop");
  });

  it("numbers automatic handles from 8001: for the whole machine", () => {
    const sim = new Simulation();
    const [x, y] = Veth.createPair(sim, "x", "y");
    tcModifyQdisc(x, { flags: NLM_F.CREATE | NLM_F.EXCL, parent: TC_H_ROOT, handle: 0, kind: "pfifo" });
    tcModifyQdisc(y, { flags: NLM_F.CREATE | NLM_F.EXCL, parent: TC_H_ROOT, handle: 0, kind: "pfifo" });
    expect([x.txQdisc!.handle, y.txQdisc!.handle]).toEqual([0x80010000, 0x80020000]);
    qdiscGraftRoot(x, null);
    expect(x.qdisc).toBe("noop");
  });

  it("a device moved or shut down loses its qdisc", () => {
    const sim = new Simulation();
    const [x] = Veth.createPair(sim, "x", "y");
    x.setAdminUp(true);
    tcModifyQdisc(x, { flags: NLM_F.CREATE | NLM_F.EXCL, parent: TC_H_ROOT, handle: 0, kind: "pfifo" });
    x.setAdminUp(false);
    expect(x.qdisc).toBe("pfifo");
    x.devShutdown();
    expect(x.qdisc).toBe("noop");
    expect(x.egress).toBeNull();
  });
});

function popcount(v: number): number {
  let n = 0;
  for (let x = v; x !== 0; x &= x - 1) n++;
  return n;
}
