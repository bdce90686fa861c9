import { PacketType, parseIpv4, readMac, MAC_BROADCAST } from "@pktsim/core";
import { ETH_WIRE_OVERHEAD, type Link, PointToPointLink, SharedSegment } from "@pktsim/devices";
import { describe, expect, it } from "vitest";
import { Host, Ping, type Namespace, type PingEvent, KernelError } from "../src/index";

function hostWith(n: number, makeLink: (host: Host) => Link, seed = 1) {
  const host = new Host({ seed });
  const link = makeLink(host);
  const nss = Array.from({ length: n }, (_, i) => {
    const ns = host.addNetns(`h${i + 1}`);
    const eth = ns.addNic("eth0", link);
    ns.ip.addAddress(eth, { local: parseIpv4(`10.0.0.${i + 1}`)!, prefixLen: 24 });
    eth.setAdminUp(true);
    ns.lo.setAdminUp(true);
    return { ns, eth };
  });
  return { host, link, nss };
}

function ping(host: Host, ns: Namespace, dst: string, count: number): { events: PingEvent[]; ping: Ping } {
  const events: PingEvent[] = [];
  const p = new Ping(ns, { destination: parseIpv4(dst)!, count, ident: host.nextPid() }, (e) => events.push(e));
  expect(p.probe()).toBe(0);
  p.start();
  host.sim.scheduler.runUntilIdle(() => p.done);
  return { events, ping: p };
}

const rtts = (events: PingEvent[]): number[] => events.flatMap((e) => (e.kind === "reply" ? [e.rttUs] : []));

describe("namespaces joined by NICs on a cable", () => {
  it("ping works; the rtt is serialisation plus propagation both ways (ARP first)", () => {
    const { host, nss } = hostWith(2, (h) => new PointToPointLink(h.sim, { bitRate: 1e8, propagationDelay: 500 }));
    const { events, ping: p } = ping(host, nss[0]!.ns, "10.0.0.2", 2);
    expect(p.stats.received).toBe(2);
    // Echo request and reply are 98 bytes: (98 + 24) × 80 ns on the wire at 100 Mbit/s, then 500 ns of cable.
    const echo = 2 * ((98 + ETH_WIRE_OVERHEAD) * 80 + 500);
    // ARP request and reply are padded to 60 bytes.
    const arp = 2 * ((60 + ETH_WIRE_OVERHEAD) * 80 + 500);
    // ping measures whole microseconds.
    expect(rtts(events)).toEqual([Math.floor((echo + arp) / 1000), Math.floor(echo / 1000)]);
  });

  it("a NIC is listed like a real one: pfifo_fast once up, ifindex 2, burned-in MAC, not deletable", () => {
    const { host, nss } = hostWith(2, (h) => new PointToPointLink(h.sim));
    const { ns, eth } = nss[0]!;
    host.sim.scheduler.runFor(1);
    expect([eth.ifindex, eth.qdisc, eth.operState, eth.kind]).toEqual([2, "pfifo_fast", "UP", "nic"]);
    expect(() => ns.destroyDevice(eth)).toThrow(KernelError);
    expect(() => ns.addNic("eth0")).toThrow(KernelError);
  });

  it("loses carrier when the cable is pulled; ping then fails and recovers once it is back", () => {
    const { host, link, nss } = hostWith(2, (h) => new PointToPointLink(h.sim));
    link.setUp(false);
    host.sim.scheduler.runFor(1e9);
    expect(nss[0]!.eth.operState).toBe("DOWN");
    expect(nss[0]!.eth.flags & 0x10000).toBe(0);
    const failed = ping(host, nss[0]!.ns, "10.0.0.2", 1);
    expect(failed.ping.stats.received).toBe(0);
    link.setUp(true);
    host.sim.scheduler.runFor(1e9);
    expect(nss[0]!.eth.operState).toBe("UP");
    expect(ping(host, nss[0]!.ns, "10.0.0.2", 1).ping.stats.received).toBe(1);
  });
});

describe("namespaces on a shared segment", () => {
  it("the third host hears the ARP broadcast but not the unicast echo", () => {
    const { host, nss } = hostWith(3, (h) => new SharedSegment(h.sim));
    const seen: Array<{ type: number; len: number }> = [];
    nss[1]!.eth.addTap((pkt, dir) => dir === "rx" && seen.push({ type: pkt.pktType, len: pkt.length }));
    const { ping: p } = ping(host, nss[0]!.ns, "10.0.0.3", 2);
    expect(p.stats.received).toBe(2);
    expect(seen).toEqual([{ type: PacketType.BROADCAST, len: 60 }]);
  });
});

describe("what a capture shows on NICs", () => {
  it("the sender's tap shows the ARP request as built (42 bytes), the receiver's padded to 60", () => {
    const { host, nss } = hostWith(2, (h) => new PointToPointLink(h.sim));
    const frames: Array<{ dev: string; dir: string; len: number; dst: number }> = [];
    host.sim.capture = (dev, pkt, dir) => frames.push({ dev: `${(dev as unknown as { ns: Namespace }).ns.name}/${dev.name}`, dir, len: pkt.length, dst: readMac(pkt.buf, pkt.head) });
    ping(host, nss[0]!.ns, "10.0.0.2", 1);
    expect(frames.slice(0, 4)).toEqual([
      { dev: "h1/eth0", dir: "tx", len: 42, dst: MAC_BROADCAST },
      { dev: "h2/eth0", dir: "rx", len: 60, dst: MAC_BROADCAST },
      { dev: "h2/eth0", dir: "tx", len: 42, dst: nss[0]!.eth.mac },
      { dev: "h1/eth0", dir: "rx", len: 60, dst: nss[0]!.eth.mac },
    ]);
    expect(frames.slice(4).map((f) => f.len)).toEqual([98, 98, 98, 98]);
  });
});
