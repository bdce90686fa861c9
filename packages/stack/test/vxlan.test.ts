/**
 * VXLAN through the stack's API (vxlan-net.ts): rtnl newlink's validation as KernelErrors with
 * the kernel's extacks, the tunnel socket as a UDP socket of the link namespace (shared,
 * released, EADDRINUSE both ways), vxlan_handle_lowerdev_unregister, a device created into
 * another namespace (its tunnel stays in the creator's), and what the socket does with a
 * datagram that is not VXLAN.
 */
import { Packet, parseIpv4, UdpPacket, IpProtocol } from "@pktsim/core";
import { Vxlan } from "@pktsim/devices";
import { describe, expect, it } from "vitest";
import { Errno, Host, KernelError, type Namespace, Ping, UdpSocket, vxlanLinkNet, vxlanNewlink } from "../src/index";

const ip = (s: string): number => parseIpv4(s)!;

function refusal(fn: () => unknown): { errno: number; extack: string | undefined } {
  try {
    fn();
  } catch (e) {
    if (e instanceof KernelError) return { errno: e.errno, extack: e.extack };
    throw e;
  }
  throw new Error("no error");
}

/** Two namespaces on a veth link (192.168.1.1/2), IPv4 only. */
function underlay(): { host: Host; n1: Namespace; n2: Namespace } {
  const host = new Host({ seed: 11 });
  const n1 = host.addNetns("n1");
  const n2 = host.addNetns("n2");
  const [a, b] = n1.addVethPair("eth0", "eth0", n2);
  n1.ip.addAddress(a, { local: ip("192.168.1.1"), prefixLen: 24 });
  n2.ip.addAddress(b, { local: ip("192.168.1.2"), prefixLen: 24 });
  for (const d of [n1.lo, n2.lo, a, b]) d.setAdminUp(true);
  return { host, n1, n2 };
}

describe("vxlan newlink", () => {
  it("refuses what vxlan_validate and vxlan_config_validate refuse, with the kernel's messages", () => {
    const { n1 } = underlay();
    expect(refusal(() => vxlanNewlink(n1, n1, "vx0", null))).toEqual({ errno: Errno.EINVAL, extack: "Required attributes not provided to perform the operation" });
    expect(refusal(() => vxlanNewlink(n1, n1, "vx0", { id: 1 << 24 }))).toEqual({ errno: Errno.ERANGE, extack: "VXLAN ID must be lower than 16777216" });
    expect(refusal(() => vxlanNewlink(n1, n1, "vx0", { id: 1, group: ip("239.1.1.1") }))).toEqual({
      errno: Errno.EINVAL,
      extack: "Local interface required for multicast remote destination",
    });
    expect(refusal(() => vxlanNewlink(n1, n1, "vx0", { id: 1, link: 99 }))).toEqual({ errno: Errno.ENODEV, extack: "Invalid local interface, device not found" });
    vxlanNewlink(n1, n1, "vx0", { id: 1 });
    expect(refusal(() => vxlanNewlink(n1, n1, "vx1", { id: 1 }))).toEqual({ errno: Errno.EEXIST, extack: "A VXLAN device with the specified VNI already exists" });
    expect(refusal(() => vxlanNewlink(n1, n1, "vx0", { id: 2 }))).toEqual({ errno: Errno.EEXIST, extack: undefined });
    // The default port is the kernel's 8472; with a lower device the MTU leaves room for 50 bytes.
    const vx = vxlanNewlink(n1, n1, "vx2", { id: 2, link: n1.deviceByName("eth0")!.ifindex });
    expect([vx.cfg.dstPort, vx.mtu, vx.cfg.ageing, vx.cfg.learning]).toEqual([8472, 1450, 300, true]);
  });

  it("opening binds a UDP socket on the port in the link namespace, shared, and released by the last device", () => {
    const { n1 } = underlay();
    const a = vxlanNewlink(n1, n1, "vx0", { id: 1, port: 4789 });
    const b = vxlanNewlink(n1, n1, "vx1", { id: 2, port: 4789 });
    const ports = (): number[] => n1.udp.sockets().map((s) => s.sport);
    a.setAdminUp(true);
    b.setAdminUp(true);
    expect(ports()).toEqual([4789]);
    const user = new UdpSocket(n1);
    expect(refusal(() => user.bind(0, 4789)).errno).toBe(Errno.EADDRINUSE);
    a.setAdminUp(false);
    expect(ports()).toEqual([4789]);
    n1.destroyDevice(b);
    expect(ports()).toEqual([]);
    user.bind(0, 4789);
    expect(refusal(() => a.setAdminUp(true)).errno).toBe(Errno.EADDRINUSE);
    expect(a.adminUp).toBe(false);
  });

  it("a device leaves with its lower device, also when that one only moves to another namespace", () => {
    const { host, n1 } = underlay();
    const eth0 = n1.deviceByName("eth0")!;
    vxlanNewlink(n1, n1, "vx0", { id: 1, link: eth0.ifindex });
    const other = host.addNetns("other");
    n1.moveDevice(eth0, other);
    expect(n1.deviceByName("vx0")).toBeUndefined();
  });
});

describe("vxlan datapath through the stack", () => {
  it("a device created into another namespace keeps its tunnel in the creator's, and pings cross it", () => {
    const { host, n1, n2 } = underlay();
    const pod1 = host.addNetns("pod1");
    const pod2 = host.addNetns("pod2");
    const v1 = vxlanNewlink(n1, pod1, "vx0", { id: 5, port: 4789, group: ip("192.168.1.2") });
    const v2 = vxlanNewlink(n2, pod2, "vx0", { id: 5, port: 4789, group: ip("192.168.1.1") });
    expect(vxlanLinkNet(v1)).toBe(n1);
    pod1.ip.addAddress(v1, { local: ip("10.5.0.1"), prefixLen: 24 });
    pod2.ip.addAddress(v2, { local: ip("10.5.0.2"), prefixLen: 24 });
    for (const d of [pod1.lo, pod2.lo, v1, v2]) d.setAdminUp(true);
    expect(n1.udp.sockets().map((s) => s.sport)).toEqual([4789]);
    expect(pod1.udp.sockets()).toEqual([]);
    let received = 0;
    const ping = new Ping(pod1, { destination: ip("10.5.0.2"), count: 2, ident: 0x4242 }, (e) => {
      if (e.kind === "reply") received++;
    });
    expect(ping.probe()).toBe(0);
    ping.start();
    host.sim.scheduler.runUntilIdle(() => ping.done);
    expect(received).toBe(2);
    // Learned across namespaces: the MAC of the other end behind the other node's address.
    expect(v1.findMac(v2.mac)?.remotes[0]?.ip).toBe(ip("192.168.1.2"));
    expect(n2.mib.udp.InDatagrams).toBeGreaterThanOrEqual(3);
  });

  it("a datagram to the port that is not VXLAN is consumed: counted as received, no port unreachable", () => {
    const { n1, n2 } = underlay();
    const v2 = vxlanNewlink(n2, n2, "vx0", { id: 5, port: 4789 });
    v2.setAdminUp(true);
    const sk = new UdpSocket(n1);
    sk.send(new Uint8Array(16), { addr: ip("192.168.1.2"), port: 4789 });
    n1.sim.scheduler.runFor(1e9);
    expect(n2.mib.udp.InDatagrams).toBe(1);
    expect(n2.mib.udp.NoPorts).toBe(0);
    expect(n1.mib.icmp.InMsgs).toBe(0);
    expect(v2.stats.rxPackets).toBe(0);
  });

  it("a frame for another VNI is dropped by the socket and reaches no device", () => {
    const { n2 } = underlay();
    const v2 = vxlanNewlink(n2, n2, "vx0", { id: 5, port: 4789 });
    v2.setAdminUp(true);
    const frame = Packet.alloc(8 + 8 + 14 + 28);
    const u = new UdpPacket(frame.buf, frame.head, frame.length);
    u.srcPort = 40000;
    u.dstPort = 4789;
    u.udpLength = frame.length;
    frame.buf[frame.head + 8] = 0x08;
    frame.buf[frame.head + 14] = 6; // VNI 6
    const rt = n2.ip.routeOutput({ dst: ip("192.168.1.2") });
    if (typeof rt === "number") throw new Error("no route");
    n2.ip.sendPayload(frame, rt, { src: ip("192.168.1.2"), dst: ip("192.168.1.2"), protocol: IpProtocol.Udp, ttl: 64, tos: 0, dontFrag: false });
    n2.sim.scheduler.runFor(1e9);
    expect(n2.mib.udp.InDatagrams).toBe(1);
    expect(v2.stats.rxPackets + v2.stats.rxDropped).toBe(0);
    expect(v2 instanceof Vxlan).toBe(true);
  });
});
