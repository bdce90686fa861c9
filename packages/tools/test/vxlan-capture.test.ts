// The flannel example's VXLAN frames against a real capture of the same experiment: after the
// setup of examples/flannel-vxlan.sh, tcpdump on node1's eth0 and flannel.1 while pod1 pings
// pod3 twice and sends "hello\n" with `nc -u -w1 -p 4000` to a closed port of pod3
// (fixtures/vxlan-outer.pcap, vxlan-inner.pcap, Linux 6.18). Everything is compared byte for
// byte except what the kernel draws at random: MACs of the veths (mapped), IP ids and the
// checksums covering them, ping's ICMP id and timestamp, and the outer UDP source port (a
// flow hash with a per-boot random key: checked for range and symmetry instead).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Packet, internetChecksum, onesSum, foldSum, pseudoHeaderSum, readPcap, writeMac } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import { describe, expect, it } from "vitest";
import { Session } from "../src/index";

// Plain Uint8Array copies: a Buffer's slice() would share its bytes with what the masks change.
const fixture = (name: string): Uint8Array[] =>
  readPcap(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)))).records.map((r) => new Uint8Array(r.data));
const realOuter = fixture("vxlan-outer.pcap");
const realInner = fixture("vxlan-inner.pcap");
/** node1's and node2's eth0 in the capture. */
const REAL_NODE1 = [0xea, 0xfc, 0xd3, 0xe0, 0x95, 0xb1];
const REAL_NODE2 = [0xca, 0x6d, 0xc3, 0x32, 0x37, 0x82];

const example = readFileSync(fileURLToPath(new URL("../../../examples/flannel-vxlan.sh", import.meta.url)), "utf8");
/** The example up to the last flanneld route: the state tcpdump started in. */
const setup = example.slice(0, example.indexOf("ip -n node1 -d link show flannel.1"));

function simulate(seed: number): { outer: Uint8Array[]; inner: Uint8Array[]; node1: number; node2: number; output: string } {
  const session = new Session({ seed });
  session.runScript(setup);
  session.exec("sleep 1");
  const node1 = session.host.netns("node1")!;
  const node2 = session.host.netns("node2")!;
  const outer: Uint8Array[] = [];
  const inner: Uint8Array[] = [];
  const tap = (into: Uint8Array[]) => (p: Packet): void => {
    into.push(p.data().slice());
  };
  (node1.deviceByName("eth0") as NetDevice).addTap(tap(outer));
  (node1.deviceByName("flannel.1") as NetDevice).addTap(tap(inner));
  let output = session.exec("ip netns exec pod1 ping -c 2 10.244.2.2").output;
  output += session.exec("ip netns exec pod1 nc -u -w1 -p 4000 10.244.2.2 5000", { stdin: "hello\n" }).output;
  session.exec("sleep 1");
  return {
    outer,
    inner,
    node1: (node1.deviceByName("eth0") as NetDevice).mac,
    node2: (node2.deviceByName("eth0") as NetDevice).mac,
    output,
  };
}

/** The capture's eth0 MACs replaced by the simulated ones (only where whole addresses sit). */
function mapped(frame: Uint8Array, node1: number, node2: number): Uint8Array {
  const out = frame.slice();
  for (const at of [0, 6, 22, 32]) {
    if (at + 6 > out.length) continue;
    const six = [...out.subarray(at, at + 6)];
    if (six.every((b, k) => b === REAL_NODE1[k])) writeMac(out, at, node1);
    else if (six.every((b, k) => b === REAL_NODE2[k])) writeMac(out, at, node2);
  }
  return out;
}

const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;

/**
 * Zeroes the random fields of an inner frame starting at `f` (Ethernet): the IP id and header
 * checksum, and for ICMP the checksum plus an echo's id and timestamp, or an error's quoted
 * IP id and checksum.
 */
function maskInner(b: Uint8Array, f: number): void {
  if (u16(b, f + 12) !== 0x0800) return;
  const ip = f + 14;
  b.fill(0, ip + 4, ip + 6);
  b.fill(0, ip + 10, ip + 12);
  if (b[ip + 9] !== 1) return;
  const icmp = ip + 20;
  b.fill(0, icmp + 2, icmp + 4);
  if (b[icmp] === 8 || b[icmp] === 0) {
    b.fill(0, icmp + 4, icmp + 6);
    b.fill(0, icmp + 8, icmp + 24);
  } else {
    b.fill(0, icmp + 8 + 4, icmp + 8 + 6);
    b.fill(0, icmp + 8 + 10, icmp + 8 + 12);
  }
}

/** Zeroes an outer VXLAN frame's random fields: IP id and checksum, UDP source port, and the
 * UDP checksum when it covers those (the lco checksum of a CHECKSUM_PARTIAL inner segment). */
function maskOuter(frame: Uint8Array): Uint8Array {
  const b = frame.slice();
  if (u16(b, 12) !== 0x0800) return b;
  b.fill(0, 18, 20);
  b.fill(0, 24, 26);
  b.fill(0, 34, 36);
  const innerProto = b[50 + 14 + 9];
  if (innerProto === 17) b.fill(0, 40, 42);
  maskInner(b, 50);
  return b;
}

function maskedInner(frame: Uint8Array): Uint8Array {
  const b = frame.slice();
  maskInner(b, 0);
  return b;
}

describe("VXLAN frames are byte-accurate against a real capture", () => {
  const sim = simulate(1);

  it("pod1 reaches pod3 across the overlay and gets the port unreachable back", () => {
    expect(sim.output).toContain("2 packets transmitted, 2 received, 0% packet loss");
  });

  it("node1's eth0 sees the same frames in the same order: ARP, two echo pairs, the datagram, the ICMP error", () => {
    expect(sim.outer.map((f) => f.length)).toEqual(realOuter.map((f) => f.length));
  });

  realOuter.forEach((real, i) => {
    it(`outer frame ${i + 1} equals the kernel's outside its random fields`, () => {
      expect([...maskOuter(sim.outer[i]!)]).toEqual([...maskOuter(mapped(real, sim.node1, sim.node2))]);
    });
  });

  it("flannel.1 sees the inner frames the kernel's flannel.1 saw", () => {
    expect(sim.inner.map((f) => f.length)).toEqual(realInner.map((f) => f.length));
    realInner.forEach((real, i) => expect([...maskedInner(sim.inner[i]!)]).toEqual([...maskedInner(real)]));
  });

  it("outer source ports: in the local port range, one per flow, the same in both directions (as the kernel's)", () => {
    const vx = sim.outer.filter((f) => u16(f, 12) === 0x0800);
    const sport = vx.map((f) => u16(f, 34));
    for (const p of sport) expect(p >= 32768 && p < 61000).toBe(true);
    const real = realOuter.filter((f) => u16(f, 12) === 0x0800).map((f) => u16(f, 34));
    // Which frames share a source port is the kernel's pattern: pings and the ICMP error of the
    // same pair of hosts share one, the UDP flow has its own.
    const pattern = (ports: number[]): number[] => ports.map((p) => ports.indexOf(p));
    expect(pattern(sport)).toEqual(pattern(real));
  });

  it("the outer IPv4 header checksums verify; the UDP checksum of a CHECKSUM_PARTIAL inner datagram is the lco one", () => {
    for (const f of sim.outer.filter((x) => u16(x, 12) === 0x0800)) {
      expect(internetChecksum(f, 14, 20)).toBe(0);
      if (f[50 + 14 + 9] !== 17) continue;
      // Complete the inner UDP checksum; then the outer one verifies over the bytes.
      const b = f.slice();
      const ip = 64;
      const l4 = ip + 20;
      const ulen = u16(b, l4 + 4);
      b[l4 + 6] = 0;
      b[l4 + 7] = 0;
      const src = ((b[ip + 12]! << 24) | (b[ip + 13]! << 16) | (b[ip + 14]! << 8) | b[ip + 15]!) >>> 0;
      const dst = ((b[ip + 16]! << 24) | (b[ip + 17]! << 16) | (b[ip + 18]! << 8) | b[ip + 19]!) >>> 0;
      const c = internetChecksum(b, l4, ulen, pseudoHeaderSum(src, dst, 17, ulen));
      b[l4 + 6] = c >>> 8;
      b[l4 + 7] = c & 0xff;
      const osrc = ((b[26]! << 24) | (b[27]! << 16) | (b[28]! << 8) | b[29]!) >>> 0;
      const odst = ((b[30]! << 24) | (b[31]! << 16) | (b[32]! << 8) | b[33]!) >>> 0;
      const olen = u16(b, 38);
      expect(foldSum(onesSum(b, 34, olen, pseudoHeaderSum(osrc, odst, 17, olen)))).toBe(0xffff);
    }
  });

  it("the same seed gives the same bytes", () => {
    const again = simulate(1);
    expect(again.outer).toEqual(sim.outer);
  });
});
