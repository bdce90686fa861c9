// REJECT sends what Linux sends: the RST of --reject-with tcp-reset byte for byte as in
// closed-ports.pcap (id 0, DF, window 0, the CHECKSUM_PARTIAL pseudo-header sum a veth never
// completes), and an ICMP port unreachable for the default.
import { readFileSync } from "node:fs";
import { Packet, checksumReplace16, readPcap } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import { Session } from "pktsim";
import { describe, expect, it } from "vitest";

const PCAP = "/work/shared/reference/pcaps/closed-ports.pcap";

/** The IP packets of the capture (Ethernet stripped). */
function capturedIp(): Uint8Array[] {
  const { records } = readPcap(readFileSync(PCAP));
  return records.map((r) => r.data.subarray(14));
}

function setup(rule: string): { session: Session; sent: Uint8Array[]; inject: (ip: Uint8Array) => void } {
  const session = new Session({ seed: 3 });
  const script = [
    "ip netns add gt2",
    "ip netns add gt3",
    "ip link add eth0 netns gt3 type veth peer name eth1 netns gt2",
    "ip -n gt3 addr add 10.0.1.3/24 dev eth0",
    "ip -n gt2 addr add 10.0.1.2/24 dev eth1",
    "ip -n gt3 link set eth0 up",
    "ip -n gt2 link set eth1 up",
    "ip -n gt3 route add 10.0.0.0/24 via 10.0.1.2",
    `ip netns exec gt3 ${rule}`,
  ].join("\n");
  const r = session.runScript(script);
  expect(r.stderr).toBe("");
  const gt3 = session.host.netns("gt3")!;
  const gt2 = session.host.netns("gt2")!;
  const eth0 = gt3.deviceByName("eth0") as NetDevice;
  const eth1 = gt2.deviceByName("eth1") as NetDevice;
  const sent: Uint8Array[] = [];
  session.host.sim.capture = (dev, pkt: Packet, dir) => {
    if (dev === eth0 && dir === "tx") {
      const frame = pkt.buf.subarray(pkt.head, pkt.tail);
      if (frame[12] === 0x08 && frame[13] === 0x00) sent.push(frame.slice(14));
    }
  };
  const inject = (ip: Uint8Array): void => {
    // The SYN arrives at gt3 from gt2 as a forwarded frame would.
    const frame = new Uint8Array(14 + ip.length);
    const mac = (m: number, at: number): void => {
      for (let i = 5; i >= 0; i--) {
        frame[at + i] = m % 256;
        m = Math.floor(m / 256);
      }
    };
    mac(eth0.mac, 0);
    mac(eth1.mac, 6);
    frame[12] = 0x08;
    frame[13] = 0x00;
    frame.set(ip, 14);
    eth1.xmit(Packet.from(frame));
  };
  return { session, sent, inject };
}

describe("REJECT", () => {
  it("--reject-with tcp-reset answers the SYN with the RST of closed-ports.pcap", () => {
    const ip = capturedIp();
    const syn = ip.find((p) => p[9] === 6 && p[22] === 0x27 && p[23] === 0x0d && (p[33]! & 0x02) !== 0)!;
    const rst = ip.find((p) => p[9] === 6 && p[20] === 0x27 && p[21] === 0x0d && (p[33]! & 0x04) !== 0)!;
    expect(syn).toBeDefined();
    expect(rst).toBeDefined();
    const { session, sent, inject } = setup("iptables -A INPUT -p tcp --dport 9997 -j REJECT --reject-with tcp-reset");
    // The capture is from gt1, one router away: gt3 saw the SYN after gt2's decrement (TTL 63).
    const synAtGt3 = syn.slice();
    synAtGt3[8] = 63;
    const c = checksumReplace16((synAtGt3[10]! << 8) | synAtGt3[11]!, 0x4006, 0x3f06);
    synAtGt3[10] = c >> 8;
    synAtGt3[11] = c & 0xff;
    inject(synAtGt3);
    session.host.sim.scheduler.runFor(100_000_000);
    const out = sent.filter((p) => p[9] === 6);
    expect(out).toHaveLength(1);
    // gt3 sends it with TTL 64; the capture saw it after gt2's decrement.
    const expected = rst.slice();
    expected[8] = 64;
    const e = checksumReplace16((expected[10]! << 8) | expected[11]!, 0x3f06, 0x4006);
    expected[10] = e >> 8;
    expected[11] = e & 0xff;
    expect([...out[0]!]).toEqual([...expected]);
    expect(session.exec("ip netns exec gt3 iptables -vnL INPUT").stdout).toContain("    1    60 REJECT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:9997 reject-with tcp-reset");
  });

  it("the default icmp-port-unreachable quotes the SYN as the capture shows", () => {
    const ip = capturedIp();
    const syn = ip.find((p) => p[9] === 6 && p[22] === 0x27 && p[23] === 0x0e && (p[33]! & 0x02) !== 0)!;
    const icmp = ip.find((p) => p[9] === 1 && p.length === 88)!;
    const { session, sent, inject } = setup("iptables -A INPUT -p tcp --dport 9998 -j REJECT");
    const synAtGt3 = syn.slice();
    synAtGt3[8] = 63;
    const c = checksumReplace16((synAtGt3[10]! << 8) | synAtGt3[11]!, 0x4006, 0x3f06);
    synAtGt3[10] = c >> 8;
    synAtGt3[11] = c & 0xff;
    inject(synAtGt3);
    session.host.sim.scheduler.runFor(100_000_000);
    const out = sent.filter((p) => p[9] === 1);
    expect(out).toHaveLength(1);
    const got = out[0]!;
    // Everything but the IP id (random in both) and, with it, the header checksum and TTL.
    expect(got.length).toBe(icmp.length);
    expect([...got.subarray(0, 4)]).toEqual([...icmp.subarray(0, 4)]);
    expect([...got.subarray(12, 20)]).toEqual([...icmp.subarray(12, 20)]);
    expect([...got.subarray(20)]).toEqual([...icmp.subarray(20)]);
  });
});
