import { Packet, Simulation } from "@pktsim/core";
import { describe, expect, it } from "vitest";
import { type DeviceNamespace, type NetDevice, IFF, Loopback, OperState, Veth } from "../src/index";

/** A bare namespace: devices by ifindex, as the stack provides them. */
function ns(name: string, ...devs: NetDevice[]): DeviceNamespace {
  const byIndex = new Map<number, NetDevice>();
  const space: DeviceNamespace = { name, deviceByIndex: (i) => byIndex.get(i) };
  for (const d of devs) {
    byIndex.set(d.ifindex, d);
    d.ns = space;
  }
  return space;
}

function frame(dst: number, src: number): Packet {
  const p = Packet.alloc(60);
  const b = p.buf;
  for (let i = 0; i < 6; i++) {
    b[p.head + i] = Math.floor(dst / 2 ** (40 - 8 * i)) & 255;
    b[p.head + 6 + i] = Math.floor(src / 2 ** (40 - 8 * i)) & 255;
  }
  b[p.head + 12] = 0x08;
  return p;
}

describe("veth pair", () => {
  it("has carrier on an end only while both ends are up (veth_open/veth_close)", () => {
    const sim = new Simulation();
    const [a, b] = Veth.createPair(sim, "veth0", "veth1");
    expect(a.carrier).toBe(false);
    a.setAdminUp(true);
    expect(a.carrier).toBe(false);
    expect(a.flags & IFF.UP).toBe(IFF.UP);
    expect(a.flags & IFF.RUNNING).toBe(0);
    b.setAdminUp(true);
    expect(a.carrier && b.carrier).toBe(true);
    // The operational state follows by deferred linkwatch work, as in the kernel.
    expect(a.operState).toBe(OperState.DOWN);
    sim.scheduler.runUntil(sim.now);
    expect(a.flags & (IFF.RUNNING | IFF.LOWER_UP)).toBe(IFF.RUNNING | IFF.LOWER_UP);
    b.setAdminUp(false);
    expect(a.carrier || b.carrier).toBe(false);
    sim.scheduler.runUntil(sim.now);
    expect(b.operState).toBe(OperState.DOWN);
  });

  it("reports LOWERLAYERDOWN only when the peer is found by index in the same namespace and lacks carrier", () => {
    const sim = new Simulation();
    const [a, b] = Veth.createPair(sim, "vx9", "vy9");
    b.ifindex = 8;
    a.ifindex = 9;
    ns("same", a, b);
    a.linkwatch();
    a.setAdminUp(true);
    expect(a.operState).toBe(OperState.LOWERLAYERDOWN);
    // Peer in another namespace, where index 8 means nothing here: DOWN.
    ns("other", b);
    ns("mine", a);
    // Stale until the next carrier event recomputes it, as in the kernel.
    expect(a.operState).toBe(OperState.LOWERLAYERDOWN);
    a.linkwatch();
    expect(a.operState).toBe(OperState.DOWN);
  });

  it("delivers what one end sends to the other after the transfer delay, counting both sides", () => {
    const sim = new Simulation();
    const [a, b] = Veth.createPair(sim, "veth0", "veth1");
    a.setAdminUp(true);
    b.setAdminUp(true);
    const got: Packet[] = [];
    b.protocolRx = (p) => got.push(p);
    a.xmit(frame(b.mac, a.mac));
    expect(got).toHaveLength(0);
    sim.scheduler.runUntilIdle();
    expect(got).toHaveLength(1);
    expect(sim.now).toBe(a.transferDelay);
    expect(a.stats.txPackets).toBe(1);
    expect(a.stats.txBytes).toBe(60);
    expect(b.stats.rxPackets).toBe(1);
    expect(got[0]!.inDev).toBe(b);
  });

  it("drops and counts what is sent while the peer is down", () => {
    const sim = new Simulation();
    const [a, b] = Veth.createPair(sim, "veth0", "veth1");
    a.setAdminUp(true);
    const drops: string[] = [];
    sim.observe({ drop: (_p, where, reason) => drops.push(`${where}:${reason}`) });
    a.xmit(frame(b.mac, a.mac));
    sim.scheduler.runUntilIdle();
    expect(b.stats.rxPackets).toBe(0);
    expect(a.stats.txDropped).toBe(1);
    expect(drops).toEqual(["dev_queue_xmit:XMIT_NO_CARRIER"]);
  });

  it("draws both MACs from the seed, the peer's first", () => {
    const s1 = new Simulation({ seed: 42 });
    const s2 = new Simulation({ seed: 42 });
    const [a1, b1] = Veth.createPair(s1, "a", "b");
    const [a2, b2] = Veth.createPair(s2, "a", "b");
    expect([a1.mac, b1.mac]).toEqual([a2.mac, b2.mac]);
    const ref = new Simulation({ seed: 42 }).rng;
    expect(b1.mac).toBe(ref.randomMac());
    expect(a1.mac).toBe(ref.randomMac());
  });
});

describe("loopback", () => {
  it("is UNKNOWN when up and receives what it sends", () => {
    const sim = new Simulation();
    const lo = new Loopback(sim);
    expect(lo.operState).toBe(OperState.DOWN);
    lo.setAdminUp(true);
    expect(lo.operState).toBe(OperState.UNKNOWN);
    expect(lo.flags & IFF.LOOPBACK).toBe(IFF.LOOPBACK);
    const got: Packet[] = [];
    lo.protocolRx = (p) => got.push(p);
    lo.xmit(frame(0, 0));
    sim.scheduler.runUntilIdle();
    expect(got).toHaveLength(1);
    expect(lo.stats.txPackets).toBe(1);
    expect(lo.stats.rxPackets).toBe(1);
  });
});
