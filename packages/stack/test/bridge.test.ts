/**
 * The bridge end to end on the stack: what a port sees while the bridge floods and learns,
 * compared frame by frame with the kernel's tcpdump captures of the same experiment
 * (linux-ground-truth §2.4–2.6, copied to bridge-fixtures/), the bridge as an L3 device,
 * hairpin, a moved station, and a loop of bridges stopped as a broadcast storm.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type MacAddr, formatIpv4, formatMac, parseMac, readMac, readPcap, SimulationLimitError } from "@pktsim/core";
import { Bridge, BroadcastStormError, BrPortFlag, BrPortState, FdbFlag, type NetDevice } from "@pktsim/devices";
import { describe, expect, it } from "vitest";
import { type Pod, Host, addPod, linkBridges, pingOnce, settle, staticNeigh } from "./bridge-helpers";

const FIXTURES = fileURLToPath(new URL("./bridge-fixtures/", import.meta.url));

/** One line per frame: roles for MACs, then what it carries (as tcpdump -e would summarise it). */
function summarise(frame: Uint8Array, roles: ReadonlyMap<MacAddr, string>): string {
  const role = (m: MacAddr): string => roles.get(m) ?? formatMac(m);
  const dst = role(readMac(frame, 0));
  const src = role(readMac(frame, 6));
  const type = (frame[12]! << 8) | frame[13]!;
  const ip = (o: number): string => formatIpv4(((frame[o]! << 24) | (frame[o + 1]! << 16) | (frame[o + 2]! << 8) | frame[o + 3]!) >>> 0);
  let what: string;
  if (type === 0x0806) {
    const op = (frame[20]! << 8) | frame[21]!;
    what = op === 1 ? `ARP who-has ${ip(38)} tell ${ip(28)}` : `ARP ${ip(28)} is-at ${role(readMac(frame, 22))}`;
  } else if (type === 0x0800) {
    const icmpType = frame[34]!;
    what = `IPv4 ${ip(26)} > ${ip(30)} ICMP ${icmpType === 8 ? "echo request" : icmpType === 0 ? "echo reply" : icmpType} ttl ${frame[22]}`;
  } else {
    what = `ethertype 0x${type.toString(16)}`;
  }
  return `${src} > ${dst} ${frame.length}: ${what}`;
}

/** The kernel capture (IPv6 frames left out, as the reference capture filter `not ip6` did). */
function kernelFrames(name: string, roles: ReadonlyMap<MacAddr, string>): string[] {
  const pcap = readPcap(new Uint8Array(readFileSync(`${FIXTURES}${name}.pcap`)));
  return pcap.records.map((r) => r.data).filter((f) => ((f[12]! << 8) | f[13]!) !== 0x86dd).map((f) => summarise(f, roles));
}

/** Records what a device sends and receives (tcpdump -i DEV), summarised. */
function tap(dev: NetDevice, roles: () => ReadonlyMap<MacAddr, string>): string[] {
  const seen: string[] = [];
  dev.addTap((pkt) => seen.push(summarise(pkt.data().slice(), roles())));
  return seen;
}

/** The reference setup (§2.2): gtb with br0 and ports vb1..vb3, pods gtp1..gtp3 at 10.1.0.11-13. */
function referenceBridge(seed = 1) {
  const host = new Host({ seed });
  const gtb = host.addNetns("gtb");
  gtb.lo.setAdminUp(true);
  const br0 = gtb.addBridge("br0");
  br0.setAdminUp(true);
  const pods: Pod[] = [1, 2, 3].map((i) => addPod(host, gtb, br0, `gtp${i}`, `vb${i}`, `10.1.0.1${i}`));
  settle(host);
  return { host, gtb, br0, pods };
}

const KERNEL_ROLES = new Map<MacAddr, string>([
  [parseMac("9a:8c:f4:55:14:f3")!, "gtp1"],
  [parseMac("b2:96:34:2e:38:a9")!, "gtp2"],
  [parseMac("1a:58:67:9f:f0:56")!, "gtp3"],
  [parseMac("0a:69:e9:dc:c3:d7")!, "br0"],
  [parseMac("02:00:00:00:00:99")!, "stranger"],
  [parseMac("ff:ff:ff:ff:ff:ff")!, "broadcast"],
]);

function simRoles(br0: Bridge, pods: readonly Pod[]): Map<MacAddr, string> {
  return new Map<MacAddr, string>([
    ...pods.map((p, i) => [p.eth0.mac, `gtp${i + 1}`] as [MacAddr, string]),
    [br0.mac, "br0"],
    [parseMac("02:00:00:00:00:99")!, "stranger"],
    [parseMac("ff:ff:ff:ff:ff:ff")!, "broadcast"],
  ]);
}

describe("flooding then learning, as tcpdump saw it on the kernel (§2.4)", () => {
  it("unknown unicast and broadcast reach every other port, known unicast only its own", () => {
    const { host, br0, pods } = referenceBridge();
    const [p1, p2, p3] = pods as [Pod, Pod, Pod];
    br0.fdbFlush();
    // tcpdump on br0 made it promiscuous: it then sees other hosts' unicast too.
    br0.promiscuity++;
    const roles = () => simRoles(br0, pods);
    const onGtp2 = tap(p2.eth0, roles);
    const onGtp3 = tap(p3.eth0, roles);
    const onBr0 = tap(br0, roles);
    staticNeigh(p1.ns, "10.1.0.99", parseMac("02:00:00:00:00:99")!, p1.eth0);
    expect(pingOnce(host, p1.ns, p1.addr + 88).ok).toBe(false);
    expect(br0.fdbEntries().filter((f) => (f.flags & FdbFlag.LOCAL) === 0).map((f) => f.mac)).toEqual([p1.eth0.mac]);
    expect(pingOnce(host, p1.ns, p2.addr).ok).toBe(true);
    expect(onGtp2).toEqual(kernelFrames("bridge-flood-gtp2", KERNEL_ROLES));
    expect(onGtp3).toEqual(kernelFrames("bridge-flood-gtp3", KERNEL_ROLES));
    expect(onBr0).toEqual(kernelFrames("bridge-flood-br0", KERNEL_ROLES));
  });

  it("without tcpdump the bridge device does not get other hosts' unicast", () => {
    const { host, br0, pods } = referenceBridge();
    const onBr0 = tap(br0, () => simRoles(br0, pods));
    expect(pingOnce(host, pods[0]!.ns, pods[1]!.addr).ok).toBe(true);
    expect(onBr0).toEqual(["gtp1 > broadcast 42: ARP who-has 10.1.0.12 tell 10.1.0.11"]);
  });
});

describe("a bridge with an address (§2.5)", () => {
  it("answers ARP and ping with its own MAC, the lowest port MAC", () => {
    const { host, gtb, br0, pods } = referenceBridge();
    gtb.ip.addAddress(br0, { local: (10 << 24) | (1 << 16) | 1, prefixLen: 24 });
    const lowest = Math.min(...pods.map((p) => p.port.mac));
    expect(br0.mac).toBe(lowest);
    const onGtp1 = tap(pods[0]!.eth0, () => simRoles(br0, pods));
    expect(pingOnce(host, pods[0]!.ns, (10 << 24) | (1 << 16) | 1).ok).toBe(true);
    expect(onGtp1).toEqual(kernelFrames("bridge-ip-ping", KERNEL_ROLES));
  });
});

describe("hairpin (§2.6)", () => {
  it("a frame for a station behind its own ingress port goes back only with hairpin on", () => {
    const { host, br0, pods } = referenceBridge();
    const p1 = pods[0]!;
    expect(pingOnce(host, p1.ns, pods[1]!.addr).ok).toBe(true);
    staticNeigh(p1.ns, "10.1.0.98", p1.eth0.mac, p1.eth0);
    const roles = () => simRoles(br0, pods);
    const off = tap(p1.eth0, roles);
    expect(pingOnce(host, p1.ns, (10 << 24) | (1 << 16) | 98).ok).toBe(false);
    expect(off).toEqual(kernelFrames("hairpin-off", KERNEL_ROLES));
    br0.portOf(p1.port)!.setFlag(BrPortFlag.HAIRPIN_MODE, true);
    const on = tap(p1.eth0, roles);
    expect(pingOnce(host, p1.ns, (10 << 24) | (1 << 16) | 98).ok).toBe(false);
    expect(on).toEqual(kernelFrames("hairpin-on", KERNEL_ROLES));
  });
});

describe("learning follows a station", () => {
  it("a MAC heard on another port moves its entry there (same entry, dump order kept)", () => {
    const { host, br0, pods } = referenceBridge();
    const [p1, p2, p3] = pods as [Pod, Pod, Pod];
    expect(pingOnce(host, p1.ns, p2.addr).ok).toBe(true);
    const entry = br0.fdb.find(p1.eth0.mac, 0)!;
    expect(entry.port).toBe(br0.portOf(p1.port)!.portNo);
    // p1's station reappears behind vb3: p3 takes its MAC and speaks.
    p3.eth0.setMac(p1.eth0.mac);
    expect(pingOnce(host, p3.ns, p2.addr).ok).toBe(true);
    expect(br0.fdb.find(p1.eth0.mac, 0)).toBe(entry);
    expect(entry.port).toBe(br0.portOf(p3.port)!.portNo);
  });

  it("a port going down forgets its stations and stops forwarding", () => {
    const { host, br0, pods } = referenceBridge();
    const [p1, p2] = pods as [Pod, Pod];
    expect(pingOnce(host, p1.ns, p2.addr).ok).toBe(true);
    p2.port.setAdminUp(false);
    expect(br0.portOf(p2.port)!.state).toBe(BrPortState.DISABLED);
    expect(br0.fdb.find(p2.eth0.mac, 0)).toBeUndefined();
    expect(pingOnce(host, p1.ns, p2.addr).ok).toBe(false);
  });
});

describe("a loop of bridges with STP off", () => {
  it("storms, and the run stops with a BroadcastStormError naming the bridge and its ports", () => {
    const host = new Host({ seed: 3 });
    const sw = host.addNetns("sw");
    const br0 = sw.addBridge("br0");
    const br1 = sw.addBridge("br1");
    br0.setAdminUp(true);
    br1.setAdminUp(true);
    const pod = addPod(host, sw, br0, "h1", "vh1", "10.0.0.1");
    linkBridges({ ns: sw, br: br0 }, { ns: sw, br: br1 }, "a0", "a1");
    linkBridges({ ns: sw, br: br0 }, { ns: sw, br: br1 }, "b0", "b1");
    settle(host);
    const before = host.sim.scheduler.eventsExecuted;
    let error: unknown;
    try {
      pingOnce(host, pod.ns, (10 << 24) | 2, 2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BroadcastStormError);
    expect(error).toBeInstanceOf(SimulationLimitError);
    const storm = error as BroadcastStormError;
    expect(["br0", "br1"]).toContain(storm.bridge);
    expect(storm.namespace).toBe("sw");
    // The frame came in once from the pod, then again and again around the loop.
    const names = storm.ports.map(([n]) => n);
    expect(["a0", "a1", "b0", "b1"]).toContain(names[0]);
    expect(names.every((n) => ["a0", "a1", "b0", "b1", "vh1"].includes(n))).toBe(true);
    expect(storm.message).toMatch(/^broadcast storm detected on bridge br[01] in netns sw at t=[0-9.]+s: one frame came back and was flooded 33 times, arriving on ports [ab][01] \(/);
    // Bounded: it stopped within a few ms of virtual time and a bounded number of events.
    expect(host.sim.scheduler.eventsExecuted - before).toBeLessThan(200_000);
  });

  it("a port looped back into its own bridge storms too", () => {
    const host = new Host({ seed: 4 });
    const sw = host.addNetns("sw");
    const br0 = sw.addBridge("br0");
    br0.setAdminUp(true);
    const pod = addPod(host, sw, br0, "h1", "vh1", "10.0.0.1");
    linkBridges({ ns: sw, br: br0 }, { ns: sw, br: br0 }, "l0", "l1");
    settle(host);
    expect(() => pingOnce(host, pod.ns, (10 << 24) | 2, 2)).toThrow(BroadcastStormError);
  });

  it("floods faster than the rate threshold stop the run too; a tree of bridges reaches neither", () => {
    const host = new Host({ seed: 5 });
    const sw = host.addNetns("sw");
    const br0 = sw.addBridge("br0");
    const br1 = sw.addBridge("br1");
    br0.setAdminUp(true);
    br1.setAdminUp(true);
    const a = addPod(host, sw, br0, "h1", "vh1", "10.0.0.1");
    const b = addPod(host, sw, br1, "h2", "vh2", "10.0.0.2");
    linkBridges({ ns: sw, br: br0 }, { ns: sw, br: br1 }, "a0", "a1");
    settle(host);
    br0.loopThreshold = 1;
    br1.loopThreshold = 1;
    expect(pingOnce(host, a.ns, b.addr).ok).toBe(true);
    br0.stormThreshold = 0;
    let error: unknown;
    try {
      pingOnce(host, a.ns, (10 << 24) | 9);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(/^broadcast storm detected on bridge br0 in netns sw at t=[0-9.]+s: [0-9]+ frames flooded within 1 ms of virtual time, arriving on ports vh1 \(/);
  });
});

describe("determinism", () => {
  it("the same seed gives the same FDB and the same frames", () => {
    const run = (seed: number): string[] => {
      const { host, br0, pods } = referenceBridge(seed);
      const seen = tap(pods[2]!.eth0, () => simRoles(br0, pods));
      pingOnce(host, pods[0]!.ns, pods[1]!.addr);
      return [...seen, ...br0.fdbEntries().map((f) => `${formatMac(f.mac)} ${f.port} ${f.flags}`)];
    };
    expect(run(7)).toEqual(run(7));
  });
});
