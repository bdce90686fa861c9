// UDP against the kernel: the closed-port exchange of /work/shared/reference/pcaps/closed-ports.pcap
// (gt1 10.0.0.1 → router gt2 → gt3 10.0.1.3, captured on gt1's veth), byte for byte except the
// values the kernel draws at random, and the socket semantics observed on Linux 6.18 (ECONNREFUSED
// reported once on a connected socket, unconnected sockets ignore ICMP errors, nstat counters).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { IpSummed, Packet, UdpPacket, parseIpv4, readPcap, verifyInternetChecksum, writeMac } from "@pktsim/core";
import { describe, expect, it } from "vitest";
import { Errno, Host, KernelError, UdpSocket } from "../src/index";
import { routedTopology } from "./udp-tcp-topology";

const capture = readPcap(readFileSync(fileURLToPath(new URL("../../core/test/fixtures/pcaps/closed-ports.pcap", import.meta.url)))).records;
const ip = (s: string): number => parseIpv4(s)!;

/** The kernel frame with its MACs replaced by ours and the listed byte ranges taken from our frame. */
function withOurs(kernel: Uint8Array, ours: Uint8Array, mac0: number, mac1: number, ranges: Array<[number, number]>): Uint8Array {
  const out = Uint8Array.from(kernel);
  const dstIsGt1 = kernel[0] === 0xfa;
  writeMac(out, 0, dstIsGt1 ? mac0 : mac1);
  writeMac(out, 6, dstIsGt1 ? mac1 : mac0);
  for (const [from, to] of ranges) out.set(ours.subarray(from, to), from);
  return out;
}

describe("UDP to a closed port (closed-ports.pcap)", () => {
  it("sends the datagram with a partial checksum and gets port unreachable from the destination, byte for byte", () => {
    const { host, gt1, gt3, veth0 } = routedTopology();
    const frames: Uint8Array[] = [];
    veth0.addTap((p) => frames.push(p.data().slice()));
    const sk = new UdpSocket(gt1);
    sk.connect(ip("10.0.1.3"), 9999);
    sk.send(new TextEncoder().encode("hi\n"));
    host.sim.scheduler.runFor(10e6);
    const ipFrames = frames.filter((f) => f[12] === 0x08 && f[13] === 0x00);
    expect(ipFrames.length).toBe(2);
    const [udp, icmp] = ipFrames as [Uint8Array, Uint8Array];
    const gw = veth0.peer.mac;
    // Random in the kernel: IP id (18-19) and so the IP checksum (24-25), the source port (34-35).
    expect(udp).toEqual(withOurs(capture[0]!.data, udp, veth0.mac, gw, [[18, 20], [24, 26], [34, 36]]));
    // The partial checksum depends only on addresses and length: 0x1520 as captured.
    expect((udp[40]! << 8) | udp[41]!).toBe(0x1520);
    // ICMP: outer id/checksum, ICMP checksum, the quoted id/checksum and source port.
    expect(icmp).toEqual(
      withOurs(capture[1]!.data, icmp, veth0.mac, gw, [
        [18, 20],
        [24, 26],
        [36, 38],
        [46, 48],
        [52, 54],
        [62, 64],
      ]),
    );
    expect(verifyInternetChecksum(icmp, 34, icmp.length - 34)).toBe(true);
    // The quote carries the datagram as gt3 received it: TTL 63, same id.
    expect(icmp.subarray(46, 48)).toEqual(udp.subarray(18, 20));
    expect(gt3.mib.udp.NoPorts).toBe(1);
    expect(gt3.mib.ip.InDelivers).toBe(1);
    expect(gt3.mib.icmp.OutDestUnreachs).toBe(1);
    expect(gt1.mib.udp.OutDatagrams).toBe(1);
    expect(gt1.mib.icmp.InDestUnreachs).toBe(1);
  });
});

describe("UDP sockets", () => {
  function pair(seed = 1) {
    const host = new Host({ seed });
    const ns1 = host.addNetns("ns1");
    const ns2 = host.addNetns("ns2");
    const [v0, v1] = ns1.addVethPair("veth0", "veth1", ns2);
    ns1.ip.addAddress(v0, { local: ip("10.0.0.1"), prefixLen: 24 });
    ns2.ip.addAddress(v1, { local: ip("10.0.0.2"), prefixLen: 24 });
    for (const d of [ns1.lo, ns2.lo, v0, v1]) d.setAdminUp(true);
    host.sim.scheduler.runFor(1e6);
    return { host, ns1, ns2, v0, v1 };
  }
  const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
  const text = (b: Uint8Array): string => new TextDecoder().decode(b);

  it("delivers to the bound socket with the sender's address, and the receiver accepts the partial checksum", () => {
    const { host, ns1, ns2 } = pair();
    const server = new UdpSocket(ns2);
    server.bind(0, 7777);
    let woke = 0;
    server.onReadable = () => woke++;
    const client = new UdpSocket(ns1);
    client.send(bytes("ping"), { addr: ip("10.0.0.2"), port: 7777 });
    host.sim.scheduler.runFor(1e6);
    expect(woke).toBe(1);
    const d = server.recv()!;
    expect(text(d.data)).toBe("ping");
    expect(d.from).toEqual({ addr: ip("10.0.0.1"), port: client.sport });
    expect(d.to).toBe(ip("10.0.0.2"));
    expect(client.sport).toBeGreaterThanOrEqual(32768);
    expect(client.sport).toBeLessThanOrEqual(60999);
    server.send(bytes("pong"), d.from);
    host.sim.scheduler.runFor(1e6);
    expect(text(client.recv()!.data)).toBe("pong");
    expect(ns2.mib.udp.InDatagrams).toBe(1);
    expect(ns1.mib.udp.InDatagrams).toBe(1);
    expect(ns1.mib.udp.NoPorts).toBe(0);
  });

  it("reports ECONNREFUSED once on a connected socket after port unreachable (Linux: send fails, the next one goes)", () => {
    const { host, ns1, v0 } = pair();
    const sent: number[] = [];
    v0.addTap((p, dir) => {
      if (dir === "tx" && p.data()[23] === 17) sent.push(p.length);
    });
    const c = new UdpSocket(ns1);
    c.connect(ip("10.0.0.2"), 7777);
    c.send(bytes("x"));
    host.sim.scheduler.runFor(1e6);
    expect(c.error).toBe(Errno.ECONNREFUSED);
    expect(() => c.send(bytes("y"))).toThrow(new KernelError(Errno.ECONNREFUSED));
    c.send(bytes("z"));
    host.sim.scheduler.runFor(1e6);
    // recv reports the second error.
    expect(() => c.recv()).toThrow(KernelError);
    expect(c.recv()).toBeUndefined();
    expect(sent.length).toBe(2);
  });

  it("ignores ICMP errors on an unconnected socket", () => {
    const { host, ns1 } = pair();
    const c = new UdpSocket(ns1);
    const to = { addr: ip("10.0.0.2"), port: 7777 };
    c.send(bytes("abc"), to);
    host.sim.scheduler.runFor(1e6);
    expect(c.error).toBe(0);
    c.send(bytes("abc"), to);
    expect(ns1.mib.udp.OutDatagrams).toBe(2);
  });

  it("numbers a connected socket's datagrams from its own counter, an unconnected one from the hashed generator", () => {
    const { host, ns1, ns2, v0 } = pair();
    const ids: number[] = [];
    v0.addTap((p, dir) => {
      const d = p.data();
      if (dir === "tx" && d[23] === 17) ids.push((d[18]! << 8) | d[19]!);
    });
    const srv = new UdpSocket(ns2);
    srv.bind(0, 7777);
    const c = new UdpSocket(ns1);
    c.connect(ip("10.0.0.2"), 7777);
    for (let i = 0; i < 3; i++) c.send(bytes("x"));
    host.sim.scheduler.runFor(1e6);
    expect(ids[1]).toBe((ids[0]! + 1) & 0xffff);
    expect(ids[2]).toBe((ids[0]! + 2) & 0xffff);
    // DF is set (IP_PMTUDISC_WANT).
    const frames: Uint8Array[] = [];
    v0.addTap((p, dir) => dir === "tx" && frames.push(p.data().slice()));
    c.send(bytes("x"));
    host.sim.scheduler.runFor(1e6);
    expect(frames[0]![20]! & 0x40).toBe(0x40);
  });

  it("refuses what Linux refuses: a port in use, no route, no destination, broadcast without SO_BROADCAST", () => {
    const { ns1 } = pair();
    const a = new UdpSocket(ns1);
    a.bind(0, 5000);
    const b = new UdpSocket(ns1);
    expect(() => b.bind(0, 5000)).toThrow(new KernelError(Errno.EADDRINUSE));
    expect(() => b.bind(ip("10.9.9.9"), 5001)).toThrow(new KernelError(Errno.EADDRNOTAVAIL));
    expect(() => b.send(bytes("x"))).toThrow(new KernelError(Errno.EDESTADDRREQ));
    expect(() => b.send(bytes("x"), { addr: ip("192.168.1.1"), port: 1 })).toThrow(new KernelError(Errno.ENETUNREACH));
    expect(() => b.send(bytes("x"), { addr: ip("10.0.0.255"), port: 1 })).toThrow(new KernelError(Errno.EACCES));
    b.broadcast = true;
    b.send(bytes("x"), { addr: ip("10.0.0.255"), port: 1 });
    // The failed sends autobound b (inet_send_prepare), so it cannot bind again: EINVAL as on Linux.
    expect(() => b.bind(0, 5002)).toThrow(new KernelError(Errno.EINVAL));
    a.close();
    const c = new UdpSocket(ns1);
    c.bind(0, 5000);
    expect(c.sport).toBe(5000);
  });

  it("draws ephemeral ports from ip_local_port_range, deterministically for a seed", () => {
    const ports = (seed: number): number[] => {
      const { ns1 } = pair(seed);
      ns1.sysctl.write("net.ipv4.ip_local_port_range", "40000 40009");
      return Array.from({ length: 10 }, () => {
        const s = new UdpSocket(ns1);
        s.bind(0, 0);
        return s.sport;
      });
    };
    const p = ports(5);
    expect([...p].sort()).toEqual([40000, 40001, 40002, 40003, 40004, 40005, 40006, 40007, 40008, 40009]);
    expect(ports(5)).toEqual(p);
    const { ns1 } = pair(5);
    ns1.sysctl.write("net.ipv4.ip_local_port_range", "40000 40000");
    new UdpSocket(ns1).bind(0, 0);
    expect(() => new UdpSocket(ns1).bind(0, 0)).toThrow(new KernelError(Errno.EADDRINUSE));
  });

  it("drops a datagram with a wrong checksum and counts it", () => {
    const { host, ns1, ns2, v0 } = pair();
    const srv = new UdpSocket(ns2);
    srv.bind(0, 7777);
    const c = new UdpSocket(ns1);
    // Corrupt the checksum on the way out, and make it a frame nobody vouched for: a
    // CHECKSUM_PARTIAL skb from a veth is trusted by the receiver, as in the kernel.
    v0.addTap((p, dir) => {
      if (dir !== "tx") return;
      const d = p.data();
      if (d[23] === 17) {
        const uh = new UdpPacket(d, 34, d.length - 34);
        uh.checksum = uh.checksum ^ 0x0101;
        p.ipSummed = IpSummed.NONE;
      }
    });
    c.send(bytes("x"), { addr: ip("10.0.0.2"), port: 7777 });
    host.sim.scheduler.runFor(1e6);
    expect(srv.pending).toBe(0);
    expect(ns2.mib.udp.InCsumErrors).toBe(1);
    expect(ns2.mib.udp.InErrors).toBe(1);
    void Packet;
  });
});
