// pktsim's frames against a real capture of the same experiment (ping -c1 over a veth pair,
// /work/shared/reference/pcaps/veth-ping.pcap, copied into core's fixtures). MACs are mapped to
// ours; the values the kernel draws at random (IP id, ICMP id, the timestamp ping puts in the
// payload) and the checksums that cover them are masked, and our checksums are verified instead.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { IcmpPacket, Ipv4Packet, Packet, parseIpv4, readPcap, writeMac } from "@pktsim/core";
import { describe, expect, it } from "vitest";
import { Host, Ping } from "../src/index";

const capture = readPcap(readFileSync(fileURLToPath(new URL("../../core/test/fixtures/pcaps/veth-ping.pcap", import.meta.url))));
const REAL_VETH0 = [0xfa, 0xa2, 0x28, 0xcf, 0x26, 0xa1];
const REAL_VETH1 = [0x3a, 0xe0, 0xf0, 0x98, 0x98, 0x6b];

function simulate(): { frames: Uint8Array[]; mac0: number; mac1: number } {
  const host = new Host({ seed: 3 });
  const ns1 = host.addNetns("gt1");
  const ns2 = host.addNetns("gt2");
  const [veth0, veth1] = host.init.addVethPair("veth0", "veth1");
  host.init.moveDevice(veth0, ns1);
  host.init.moveDevice(veth1, ns2);
  ns1.ip.addAddress(veth0, { local: parseIpv4("10.0.0.1")!, prefixLen: 24 });
  ns2.ip.addAddress(veth1, { local: parseIpv4("10.0.0.2")!, prefixLen: 24 });
  for (const d of [ns1.lo, ns2.lo, veth0, veth1]) d.setAdminUp(true);
  const frames: Uint8Array[] = [];
  veth0.addTap((p) => frames.push(p.data().slice()));
  const ping = new Ping(ns1, { destination: parseIpv4("10.0.0.2")!, count: 1, ident: 0x1552 }, () => {});
  expect(ping.probe()).toBe(0);
  ping.start();
  host.sim.scheduler.runUntilIdle(() => ping.done);
  host.sim.scheduler.runFor(6e9);
  return { frames, mac0: veth0.mac, mac1: veth1.mac };
}

/** The captured frame with its two MACs replaced by ours wherever they occur. */
function mapped(frame: Uint8Array, mac0: number, mac1: number): Uint8Array {
  const out = frame.slice();
  for (let i = 0; i + 6 <= out.length; i++) {
    const at = [...out.subarray(i, i + 6)];
    if (at.every((b, k) => b === REAL_VETH0[k])) writeMac(out, i, mac0);
    else if (at.every((b, k) => b === REAL_VETH1[k])) writeMac(out, i, mac1);
  }
  return out;
}

/** Zeroes the random fields of an echo frame: IP id and checksum, ICMP checksum, id, timestamp. */
function masked(frame: Uint8Array): Uint8Array {
  const out = frame.slice();
  if (((out[12]! << 8) | out[13]!) !== 0x0800) return out;
  out.fill(0, 18, 20);
  out.fill(0, 24, 26);
  out.fill(0, 36, 40);
  out.fill(0, 42, 58);
  return out;
}

describe("frames are byte-accurate against a real capture", () => {
  const { frames, mac0, mac1 } = simulate();

  it("the same six frames in the same order: ARP, echo, and the unicast ARP probe 5 s later", () => {
    expect(frames.map((f) => f.length)).toEqual(capture.records.map((r) => r.data.length));
  });

  capture.records.forEach((record, i) => {
    it(`frame ${i + 1} equals the kernel's outside its random fields`, () => {
      expect([...masked(frames[i]!)]).toEqual([...masked(mapped(record.data, mac0, mac1))]);
    });
  });

  it("IP and ICMP checksums of the simulated echo frames verify; the reply has no DF, the request has", () => {
    for (const f of frames.filter((x) => x.length === 98)) {
      const p = Packet.from(f);
      const ip = new Ipv4Packet(p.buf, p.head + 14, 84);
      expect(ip.verifyChecksum()).toBe(true);
      expect(new IcmpPacket(p.buf, p.head + 34, 64).verifyChecksum()).toBe(true);
      expect(ip.dontFrag).toBe(ip.buf[p.head + 34] === 8);
    }
  });
});
