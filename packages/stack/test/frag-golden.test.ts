// Fragments against real captures (Linux 6.18, private namespaces, IPv6 off, tcpdump on the
// devices named below; fixtures/frag-*.pcap). The same experiments run in pktsim through the
// same commands; every frame must equal the kernel's outside the MAC addresses (mapped) and the
// values the kernel draws at random — the IP id and the header checksum covering it, ICMP echo
// identifiers, ping's timestamp and the ICMP checksums over them (also inside quoted headers).
// Our checksums and the ids shared by the fragments of one datagram are checked instead.
//   frag-veth:    ns1 10.0.0.1 veth0 — veth1 10.0.0.2 ns2; ping -s 2000; -s 3000 -M dont;
//                 -s 100 -M do (DF, id 0); -s 100; UDP 10.0.0.1:40000 → :9000, 3000 bytes
//   frag-pmtu-*:  a 10.0.1.1 — r (rb MTU 1400) — b 10.0.2.2 (MTU 1400): ping -s 1472 twice
//                 (frag needed, then fragments at the learnt 1400); captured on a and on b
//   frag-ct-*:    then `ip route flush cache`, MASQUERADE on r, ping -s 2000: r reassembles
//                 and cuts again at 1400 (and the reply at the largest fragment, 1396)
//   frag-timeout: ns2 drops non-first fragments (raw -f); 30 s later ICMP time exceeded code 1
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { IcmpPacket, Ipv4Packet, Packet, UdpPacket, parseIpv4, readPcap, readMac, writeMac } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import { Session } from "pktsim";
import { describe, expect, it } from "vitest";
import { Host, type Namespace, UdpSocket } from "../src/index";

function capture(name: string): Uint8Array[] {
  // Plain copies: a Buffer's slice() is a view, and the masks below must not write through.
  return readPcap(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)))).records.map((r) => Uint8Array.from(r.data));
}

/**
 * The captured frames with their two MACs replaced by the simulated ones: `hostIp`'s device is
 * the one whose frames carry that source address (ARP sender or IPv4 source), its peer the other.
 */
function mapped(frames: Uint8Array[], hostIp: string, host: NetDevice, peer: NetDevice): Uint8Array[] {
  const ip = parseIpv4(hostIp)!;
  let hostMac: number | undefined;
  const macs = new Set<number>();
  for (const f of frames) {
    const src = readMac(f, 6);
    macs.add(src);
    const type = (f[12]! << 8) | f[13]!;
    const from = type === 0x0806 ? readU32(f, 28) : type === 0x0800 ? readU32(f, 26) : -1;
    if (hostMac === undefined && from === ip && (type === 0x0806 || f[23] !== 1 || f[34] === 8 || f[34] === 0)) hostMac = src;
  }
  const peerMac = [...macs].find((m) => m !== hostMac);
  return frames.map((f) => {
    const out = f.slice();
    for (let i = 0; i + 6 <= out.length; i++) {
      const m = readMac(out, i);
      if (m === hostMac) writeMac(out, i, host.mac);
      else if (m === peerMac) writeMac(out, i, peer.mac);
    }
    return out;
  });
}

function readU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** Zeroes what the kernel draws at random: IP ids and header checksums, ICMP echo ids, timestamps, ICMP checksums. */
function masked(frame: Uint8Array): number[] {
  const out = frame.slice();
  if (((out[12]! << 8) | out[13]!) !== 0x0800) return [...out];
  out.fill(0, 18, 20);
  out.fill(0, 24, 26);
  const firstFrag = ((out[20]! & 0x1f) | out[21]!) === 0;
  if (out[23] !== 1 || !firstFrag) return [...out];
  const type = out[34]!;
  out.fill(0, 36, 38);
  if (type === 0 || type === 8) {
    out.fill(0, 38, 40);
    out.fill(0, 42, Math.min(58, out.length));
  } else if (out.length >= 62) {
    // The quoted datagram: its id and header checksum, and its ICMP echo's checksum, id, timestamp.
    out.fill(0, 46, 48);
    out.fill(0, 52, 54);
    if (out[51] === 1) {
      out.fill(0, 64, 68);
      out.fill(0, 70, Math.min(86, out.length));
    }
  }
  return [...out];
}

/** Every IPv4 frame's header checksum verifies, fragments of one datagram share its id. */
function checkIpFields(frames: Uint8Array[]): void {
  for (const f of frames) {
    if (((f[12]! << 8) | f[13]!) !== 0x0800) continue;
    const p = Packet.from(f);
    expect(new Ipv4Packet(p.buf, p.head + 14, f.length - 14).verifyChecksum()).toBe(true);
  }
}

/** The IPv4 frames: [offset, MF, DF, total length, id]. */
function fragFields(frames: Uint8Array[]): Array<[number, boolean, boolean, number, number]> {
  return frames
    .filter((f) => f[12] === 0x08 && f[13] === 0x00)
    .map((f) => {
      const w = (f[20]! << 8) | f[21]!;
      return [(w & 0x1fff) * 8, (w & 0x2000) !== 0, (w & 0x4000) !== 0, (f[16]! << 8) | f[17]!, (f[18]! << 8) | f[19]!];
    });
}

function tap(dev: NetDevice): Uint8Array[] {
  const frames: Uint8Array[] = [];
  dev.addTap((p) => frames.push(p.data().slice()));
  return frames;
}

function expectSameFrames(got: Uint8Array[], want: Uint8Array[]): void {
  expect(got.map((f) => f.length)).toEqual(want.map((f) => f.length));
  got.forEach((f, i) => expect(masked(f), `frame ${i + 1}`).toEqual(masked(want[i]!)));
  checkIpFields(got);
}

interface Pair {
  host: Host;
  session: Session;
  ns1: Namespace;
  ns2: Namespace;
  veth0: NetDevice;
  veth1: NetDevice;
}

function pair(): Pair {
  const host = new Host({ seed: 11 });
  const session = new Session({ host });
  for (const cmd of [
    "ip netns add ns1",
    "ip netns add ns2",
    "ip link add veth0 netns ns1 type veth peer name veth1 netns ns2",
    "ip -n ns1 link set lo up",
    "ip -n ns2 link set lo up",
    "ip -n ns1 addr add 10.0.0.1/24 dev veth0",
    "ip -n ns2 addr add 10.0.0.2/24 dev veth1",
    "ip -n ns1 link set veth0 up",
    "ip -n ns2 link set veth1 up",
  ]) {
    expect(session.exec(cmd).status, cmd).toBe(0);
  }
  const ns1 = host.netns("ns1")!;
  const ns2 = host.netns("ns2")!;
  return { host, session, ns1, ns2, veth0: ns1.deviceByName("veth0")!, veth1: ns2.deviceByName("veth1")! };
}

describe("fragments over a veth against frag-veth.pcap", () => {
  const want = capture("frag-veth.pcap");
  const l = pair();
  const got = tap(l.veth0);
  for (const cmd of ["ping -c 1 -s 2000 10.0.0.2", "ping -c 1 -s 3000 -M dont 10.0.0.2", "ping -c 1 -s 100 -M do 10.0.0.2", "ping -c 1 -s 100 10.0.0.2"]) {
    l.session.exec(`ip netns exec ns1 ${cmd}`);
  }
  const rx = new UdpSocket(l.ns2);
  rx.bind(parseIpv4("10.0.0.2")!, 9000);
  const tx = new UdpSocket(l.ns1);
  tx.bind(parseIpv4("10.0.0.1")!, 40000);
  const data = Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff);
  tx.send(data, { addr: parseIpv4("10.0.0.2")!, port: 9000 });
  l.host.sim.scheduler.runFor(1e8);
  const wantMapped = mapped(want, "10.0.0.1", l.veth0, l.veth1);

  it("the same frames in the same order, byte for byte outside the random fields", () => {
    expectSameFrames(got, wantMapped);
  });

  it("offsets, MF and DF as the kernel sets them; one id per datagram; -M do sends id 0", () => {
    const ours = fragFields(got);
    const theirs = fragFields(wantMapped);
    expect(ours.map(([o, mf, df, len]) => [o, mf, df, len])).toEqual(theirs.map(([o, mf, df, len]) => [o, mf, df, len]));
    // Fragments of one datagram share the id, and the DF request of -M do has id 0, as captured.
    const sameIds = (rows: typeof ours): boolean[] => rows.map((r, i) => (i > 0 && r[0] !== 0 ? r[4] === rows[i - 1]![4] : true));
    expect(sameIds(ours)).toEqual(sameIds(theirs));
    expect(ours.filter((r) => r[2] && r[3] === 128).map((r) => r[4] === 0)).toEqual(theirs.filter((r) => r[2] && r[3] === 128).map((r) => r[4] === 0));
  });

  it("the UDP datagram's checksum is complete (skb_checksum_help) and it arrives whole", () => {
    const first = got.find((f) => f[23] === 17 && f[20] === 0x20 && f[21] === 0)!;
    const p = Packet.from(first);
    const udp = new UdpPacket(p.buf, p.head + 34, first.length - 34);
    expect(udp.checksum).not.toBe(0);
    expect(rx.recv()?.data).toEqual(data);
    // The reassembled ICMP replies verified too: ping got its 2008 and 3008 bytes.
    expect(l.ns1.mib.ip.ReasmOKs).toBe(2);
  });
});

describe("path MTU discovery and conntrack re-fragmentation against frag-pmtu-*.pcap and frag-ct-*.pcap", () => {
  const host = new Host({ seed: 12 });
  const s = new Session({ host });
  const script = [
    "ip netns add a",
    "ip netns add r",
    "ip netns add b",
    "ip link add eth0 netns a type veth peer name ra netns r",
    "ip link add rb netns r type veth peer name eth0 netns b",
    "ip -n a addr add 10.0.1.1/24 dev eth0",
    "ip -n r addr add 10.0.1.254/24 dev ra",
    "ip -n r addr add 10.0.2.254/24 dev rb",
    "ip -n b addr add 10.0.2.2/24 dev eth0",
    "ip -n r link set rb mtu 1400",
    "ip -n b link set eth0 mtu 1400",
    "ip -n a link set eth0 up",
    "ip -n r link set ra up",
    "ip -n r link set rb up",
    "ip -n b link set eth0 up",
    "ip -n a route add default via 10.0.1.254",
    "ip -n b route add default via 10.0.2.254",
    "ip netns exec r sysctl -q -w net.ipv4.ip_forward=1",
  ];
  for (const cmd of script) expect(s.exec(cmd).status, cmd).toBe(0);
  const a = host.netns("a")!;
  const r = host.netns("r")!;
  const b = host.netns("b")!;
  const aEth0 = a.deviceByName("eth0")!;
  const bEth0 = b.deviceByName("eth0")!;
  const ra = r.deviceByName("ra")!;
  const rb = r.deviceByName("rb")!;
  const atA = tap(aEth0);
  const atB = tap(bEth0);
  const first = s.exec("ip netns exec a ping -c 1 -s 1472 10.0.2.2").stdout;
  const second = s.exec("ip netns exec a ping -c 1 -s 1472 10.0.2.2").stdout;
  host.sim.scheduler.runFor(5e8);
  // The conntrack part was captured separately: split the taps' frames there.
  const pmtuA = atA.splice(0);
  const pmtuB = atB.splice(0);
  s.exec("ip -n a route flush cache");
  s.exec("ip netns exec r iptables -t nat -A POSTROUTING -o rb -j MASQUERADE");
  const third = s.exec("ip netns exec a ping -c 1 -s 2000 10.0.2.2").stdout;
  host.sim.scheduler.runFor(5e8);
  const ctA = atA;
  const ctB = atB;

  it("ping reports the router's frag needed first, then gets its answer in fragments", () => {
    expect(first).toContain("From 10.0.1.254 icmp_seq=1 Frag needed and DF set (mtu = 1400)");
    expect(second).toContain("1480 bytes from 10.0.2.2: icmp_seq=1 ttl=63");
    expect(third).toContain("2008 bytes from 10.0.2.2: icmp_seq=1 ttl=63");
  });

  it("on a's link: the DF request, the router's ICMP quoting it, then fragments of 1396 and 124 both ways", () => {
    expectSameFrames(pmtuA, mapped(capture("frag-pmtu-a.pcap"), "10.0.1.1", aEth0, ra));
  });

  it("on b's link: the request's fragments forwarded, the reply cut at b's MTU", () => {
    expectSameFrames(pmtuB, mapped(capture("frag-pmtu-b.pcap"), "10.0.2.2", bEth0, rb));
  });

  it("with conntrack the router reassembles and cuts again: 1500+548 in, 1396+652 out (SNAT'd)", () => {
    expectSameFrames(ctA, mapped(capture("frag-ct-a.pcap"), "10.0.1.1", aEth0, ra));
    expectSameFrames(ctB, mapped(capture("frag-ct-b.pcap"), "10.0.2.2", bEth0, rb));
  });

  it("counts as the kernel did: the router fragments, reassembles and refuses the DF datagram once", () => {
    // Router: the DF request refused (FragFails), two requests and one reply reassembled by
    // conntrack, one forwarded datagram cut by conntrack each way.
    expect(r.mib.ip.FragFails).toBe(1);
    expect(r.mib.ip.ReasmReqds).toBe(4);
    expect(r.mib.ip.ReasmOKs).toBe(2);
    expect(r.mib.ip.FragOKs).toBe(2);
    expect(r.mib.ip.FragCreates).toBe(4);
    expect(a.mib.ip.FragOKs).toBe(2);
    expect(a.mib.ip.FragCreates).toBe(4);
    expect(b.mib.ip.ReasmOKs).toBe(2);
  });
});

describe("a reassembly timeout against frag-timeout.pcap", () => {
  const l = pair();
  const got = tap(l.veth0);
  expect(l.session.exec("ip netns exec ns2 iptables -t raw -A PREROUTING -f -j DROP").status).toBe(0);
  const out = l.session.exec("ip netns exec ns1 ping -c 1 -W 33 -s 2000 10.0.0.2").stdout;

  it("ping prints no error; ns2 sends ICMP time exceeded code 1 quoting 548 bytes of the first fragment", () => {
    expect(out).toContain("1 packets transmitted, 0 received, 100% packet loss");
    expectSameFrames(got, mapped(capture("frag-timeout.pcap"), "10.0.0.1", l.veth0, l.veth1));
    expect(got[got.length - 1]![34]).toBe(11);
    expect(got[got.length - 1]![35]).toBe(1);
    expect(l.ns2.mib.ip.ReasmTimeout).toBe(1);
    expect(l.ns2.mib.ip.ReasmFails).toBe(1);
    expect(l.ns1.mib.icmp.InTimeExcds).toBe(1);
  });

  it("the ICMP checksum of the error verifies", () => {
    const f = got[got.length - 1]!;
    const p = Packet.from(f);
    expect(new IcmpPacket(p.buf, p.head + 34, f.length - 34).verifyChecksum()).toBe(true);
  });
});
