// A router namespace against real captures of the same experiments (the reference material's
// forward-ttl, route-types-forwarded, arp-fail-gt1 and icmp-quote-limit captures, copied into
// core's fixtures): gt1 10.0.0.1 on veth0 — gt2 veth1 10.0.0.2 / veth2 10.0.1.2 — gt3 10.0.1.3.
// The captured requests are injected into the router as gt1 sent them; what comes back to gt1
// must equal the captured frames outside the MAC addresses and the fields the kernel draws at
// random (IP id and the header checksum covering it), the quoted datagram included.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ipv4Packet, Packet, parseIpv4, readPcap, writeMac } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import { RouteType, NlFlags } from "@pktsim/routing";
import { describe, expect, it } from "vitest";
import { Host, type Namespace } from "../src/index";

const GT1_MAC = [0xfa, 0xa2, 0x28, 0xcf, 0x26, 0xa1];
const GT2_MAC = [0x3a, 0xe0, 0xf0, 0x98, 0x98, 0x6b];

function capture(name: string): Uint8Array[] {
  const file = readFileSync(fileURLToPath(new URL(`../../core/test/fixtures/pcaps/${name}`, import.meta.url)));
  return readPcap(file).records.map((r) => r.data);
}

interface Lab {
  host: Host;
  gt1: Namespace;
  gt2: Namespace;
  gt3: Namespace;
  veth0: NetDevice;
  veth1: NetDevice;
  veth2: NetDevice;
  veth3: NetDevice;
  /** Frames seen on gt1's veth0, both directions. */
  atGt1: Uint8Array[];
}

function lab(forwarding = true): Lab {
  const host = new Host({ seed: 5 });
  const gt1 = host.addNetns("gt1");
  const gt2 = host.addNetns("gt2");
  const gt3 = host.addNetns("gt3");
  const [veth0, veth1] = gt1.addVethPair("veth0", "veth1", gt2);
  const [veth3, veth2] = gt3.addVethPair("veth3", "veth2", gt2);
  gt1.ip.addAddress(veth0, { local: parseIpv4("10.0.0.1")!, prefixLen: 24 });
  gt2.ip.addAddress(veth1, { local: parseIpv4("10.0.0.2")!, prefixLen: 24 });
  gt2.ip.addAddress(veth2, { local: parseIpv4("10.0.1.2")!, prefixLen: 24 });
  gt3.ip.addAddress(veth3, { local: parseIpv4("10.0.1.3")!, prefixLen: 24 });
  for (const d of [gt1.lo, gt2.lo, gt3.lo, veth0, veth1, veth2, veth3]) d.setAdminUp(true);
  gt1.fib.fib.newRoute({ dst: 0, prefixLen: 0, protocol: 3, nexthops: [{ gateway: parseIpv4("10.0.0.2")! }] }, NlFlags.CREATE | NlFlags.EXCL);
  gt3.fib.fib.newRoute({ dst: 0, prefixLen: 0, protocol: 3, nexthops: [{ gateway: parseIpv4("10.0.1.2")! }] }, NlFlags.CREATE | NlFlags.EXCL);
  if (forwarding) expect(gt2.sysctl.write("net.ipv4.ip_forward", "1")).toBe(0);
  const atGt1: Uint8Array[] = [];
  veth0.addTap((p) => atGt1.push(p.data().slice()));
  host.sim.scheduler.runFor(2e9);
  atGt1.length = 0;
  return { host, gt1, gt2, gt3, veth0, veth1, veth2, veth3, atGt1 };
}

/** The captured frame with gt1's and gt2's MACs replaced by the simulated devices' MACs. */
function mapped(frame: Uint8Array, l: Lab): Uint8Array {
  const out = frame.slice();
  for (let i = 0; i + 6 <= out.length; i++) {
    const at = [...out.subarray(i, i + 6)];
    if (at.every((b, k) => b === GT1_MAC[k])) writeMac(out, i, l.veth0.mac);
    else if (at.every((b, k) => b === GT2_MAC[k])) writeMac(out, i, l.veth1.mac);
  }
  return out;
}

/** Zeroes the outer IP id and header checksum (the kernel draws the id at random). */
function masked(frame: Uint8Array): number[] {
  const out = frame.slice();
  out.fill(0, 18, 20);
  out.fill(0, 24, 26);
  return [...out];
}

/** gt1 sends this captured frame to the router (its MACs mapped onto the simulated pair). */
function inject(l: Lab, frame: Uint8Array): void {
  l.veth1.receive(Packet.from(mapped(frame, l)));
}

/** The IPv4 frames that reached gt1 from the router, in order. */
function fromRouter(l: Lab): Uint8Array[] {
  const router = new Uint8Array(6);
  writeMac(router, 0, l.veth1.mac);
  return l.atGt1.filter((f) => f[12] === 0x08 && f[13] === 0x00 && router.every((b, k) => f[6 + k] === b));
}

function ipChecksumOk(frame: Uint8Array): boolean {
  return new Ipv4Packet(frame, 14, frame.length - 14).verifyChecksum();
}

describe("a router forwarding between two veth links, against the kernel's captures", () => {
  it("answers a TTL-1 request with time exceeded quoting TTL 1, and forwards TTL 2 to a reply with ttl 63", () => {
    const frames = capture("forward-ttl.pcap");
    const l = lab();
    inject(l, frames[0]!);
    l.host.sim.scheduler.runFor(1e8);
    inject(l, frames[2]!);
    l.host.sim.scheduler.runFor(1e8);
    const got = fromRouter(l);
    expect(got).toHaveLength(2);
    expect(masked(got[0]!)).toEqual(masked(mapped(frames[1]!, l)));
    expect(masked(got[1]!)).toEqual(masked(mapped(frames[3]!, l)));
    expect(got.every(ipChecksumOk)).toBe(true);
    expect(l.gt2.mib.ip.ForwDatagrams).toBe(2);
  });

  it("sends host unreachable, packet filtered and net unreachable for unreachable, prohibit, throw and no route; nothing for blackhole", () => {
    const frames = capture("route-types-forwarded.pcap");
    const l = lab();
    const r = l.gt2.fib.fib;
    for (const [type, dst] of [
      [RouteType.BLACKHOLE, "10.9.1.0"],
      [RouteType.UNREACHABLE, "10.9.2.0"],
      [RouteType.PROHIBIT, "10.9.3.0"],
      [RouteType.THROW, "10.9.4.0"],
    ] as const) {
      expect(r.newRoute({ dst: parseIpv4(dst)!, prefixLen: 24, type, protocol: 3 }, NlFlags.CREATE | NlFlags.EXCL).ok).toBe(true);
    }
    // The requests at the capture's own spacing (the router's error limit depends on it).
    const gapsNs = [0, 2_117_664_000, 1_110_250_000, 1_108_114_000, 1_107_910_000];
    const requests = [0, 1, 3, 5, 7];
    requests.forEach((frame, k) => {
      l.host.sim.scheduler.runFor(gapsNs[k]!);
      inject(l, frames[frame]!);
    });
    l.host.sim.scheduler.runFor(1e8);
    const got = fromRouter(l);
    expect(got.map((f) => [f[34], f[35]])).toEqual([
      [3, 1],
      [3, 13],
      [3, 0],
      [3, 0],
    ]);
    [2, 4, 6, 8].forEach((frame, k) => expect(masked(got[k]!)).toEqual(masked(mapped(frames[frame]!, l))));
  });

  it("sends host unreachable quoting TTL 63 when the next hop never answers ARP", () => {
    const frames = capture("arp-fail-gt1.pcap");
    const l = lab();
    inject(l, frames[0]!);
    l.host.sim.scheduler.runFor(5e9);
    const got = fromRouter(l);
    expect(got).toHaveLength(1);
    expect(masked(got[0]!)).toEqual(masked(mapped(frames[1]!, l)));
    // The quoted header is the forwarded one: TTL already decremented.
    expect(got[0]![42 + 8]).toBe(63);
  });

  it("quotes at most 576 bytes of IP in the error for a large datagram", () => {
    const frames = capture("icmp-quote-limit.pcap");
    const l = lab();
    inject(l, frames[0]!);
    l.host.sim.scheduler.runFor(1e8);
    const got = fromRouter(l);
    expect(got.map((f) => f.length)).toEqual([590]);
    expect(masked(got[0]!)).toEqual(masked(mapped(frames[1]!, l)));
  });

  it("with ip_forward 0 drops silently and counts IpInAddrErrors", () => {
    const frames = capture("forward-ttl.pcap");
    const l = lab(false);
    inject(l, frames[2]!);
    l.host.sim.scheduler.runFor(1e9);
    expect(fromRouter(l)).toHaveLength(0);
    expect(l.gt2.mib.ip.InAddrErrors).toBe(1);
    expect(l.gt2.mib.ip.ForwDatagrams).toBe(0);
    expect(l.gt2.mib.ip.InNoRoutes).toBe(0);
  });
});

describe("equal-cost multipath through the router", () => {
  /** gt2 gets a second link to gt3 and a 1:3 multipath route to 10.50.0.0/16 over both. */
  function ecmpLab(): Lab & { veth4: NetDevice; veth5: NetDevice } {
    const l = lab();
    const [veth5, veth4] = l.gt3.addVethPair("veth5", "veth4", l.gt2);
    l.gt2.ip.addAddress(veth4, { local: parseIpv4("10.0.2.2")!, prefixLen: 24 });
    l.gt3.ip.addAddress(veth5, { local: parseIpv4("10.0.2.3")!, prefixLen: 24 });
    veth4.setAdminUp(true);
    veth5.setAdminUp(true);
    const res = l.gt2.fib.fib.newRoute(
      {
        dst: parseIpv4("10.50.0.0")!,
        prefixLen: 16,
        protocol: 3,
        nexthops: [
          { gateway: parseIpv4("10.0.1.3")!, weight: 1 },
          { gateway: parseIpv4("10.0.2.3")!, weight: 3 },
        ],
      },
      NlFlags.CREATE | NlFlags.EXCL,
    );
    expect(res.ok).toBe(true);
    return { ...l, veth4, veth5 };
  }

  /** A ping-like IPv4/ICMP frame from `src` to `dst` as the router receives it on veth1. */
  function frameTo(l: Lab, src: number, dst: number): Packet {
    const f = new Uint8Array(14 + 28);
    writeMac(f, 0, l.veth1.mac);
    writeMac(f, 6, l.veth0.mac);
    f[12] = 0x08;
    const ip = new Ipv4Packet(f, 14, 28);
    f[14] = 0x45;
    ip.totalLen = 28;
    ip.ttl = 64;
    ip.protocol = 1;
    ip.src = src;
    ip.dst = dst;
    ip.fillChecksum();
    f[34] = 8;
    return Packet.from(f);
  }

  it("keeps each flow on one path and splits flows about 1:3 by weight", () => {
    const l = ecmpLab();
    const seen = new Map<string, string>();
    const counts = { veth2: 0, veth4: 0 };
    for (const dev of [l.veth2, l.veth4]) {
      dev.addTap((p, dir) => {
        const d = p.data();
        if (dir !== "tx" || d[12] !== 0x08 || d[13] !== 0x00) return;
        const key = `${new Ipv4Packet(d, 14, d.length - 14).src}`;
        const prev = seen.get(key);
        if (prev !== undefined) expect(prev).toBe(dev.name);
        seen.set(key, dev.name);
        counts[dev.name as "veth2" | "veth4"]++;
      });
    }
    const N = 2000;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < N; i++) {
        // Flows from many sources (the router has no rp_filter); one a millisecond, so that
        // none waits in a neighbour queue behind ARP for long.
        l.veth1.receive(frameTo(l, (0x0b000000 + i) >>> 0, parseIpv4("10.50.0.1")!));
        l.host.sim.scheduler.runFor(1e6);
      }
    }
    expect(seen.size).toBe(N);
    const share = counts.veth4 / (counts.veth2 + counts.veth4);
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
  });
});
