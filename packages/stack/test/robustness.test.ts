// Random bytes and truncated or corrupted real frames, delivered to a namespace's device,
// never throw: the stack drops them, says why, and counts them where the kernel does.
import { Packet, type DropReason, parseIpv4 } from "@pktsim/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Host, Ping } from "../src/index";

function setup() {
  const host = new Host({ seed: 11 });
  const ns1 = host.addNetns("ns1");
  const ns2 = host.addNetns("ns2");
  const [veth0, veth1] = host.init.addVethPair("veth0", "veth1");
  host.init.moveDevice(veth0, ns1);
  host.init.moveDevice(veth1, ns2);
  ns1.ip.addAddress(veth0, { local: parseIpv4("10.0.0.1")!, prefixLen: 24 });
  ns2.ip.addAddress(veth1, { local: parseIpv4("10.0.0.2")!, prefixLen: 24 });
  for (const d of [ns1.lo, ns2.lo, veth0, veth1]) d.setAdminUp(true);
  const drops: DropReason[] = [];
  host.sim.observe({ drop: (_p, _where, reason) => drops.push(reason) });
  return { host, ns1, ns2, veth0, veth1, drops };
}

/** Real frames of a ping exchange, to truncate and corrupt. */
function realFrames(): Uint8Array[] {
  const { host, ns1, veth0 } = setup();
  const frames: Uint8Array[] = [];
  veth0.addTap((p) => frames.push(p.data().slice()));
  const ping = new Ping(ns1, { destination: parseIpv4("10.0.0.2")!, count: 1, ident: 1 }, () => {});
  ping.probe();
  ping.start();
  host.sim.scheduler.runUntilIdle(() => ping.done);
  return frames;
}

const frames = realFrames();

describe("malformed input is dropped and counted, never thrown", () => {
  it("random bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (inputs) => {
        const { host, veth1 } = setup();
        for (const bytes of inputs) veth1.receive(Packet.from(bytes));
        host.sim.scheduler.runFor(5e9);
      }),
    );
  });

  it("truncated and bit-flipped real frames", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.nat(98),
        fc.array(fc.tuple(fc.nat(97), fc.integer({ min: 0, max: 7 })), { maxLength: 4 }),
        (frame, cut, flips) => {
          const { host, veth1 } = setup();
          const bytes = frame.slice(0, Math.min(cut, frame.length));
          for (const [at, bit] of flips) if (at < bytes.length) bytes[at]! ^= 1 << bit;
          veth1.receive(Packet.from(bytes));
          host.sim.scheduler.runFor(5e9);
        },
      ),
    );
  });

  it("a truncated IPv4 header counts InHdrErrors, a short datagram InTruncatedPkts, a bad checksum InCsumErrors", () => {
    const echo = frames.find((f) => f.length === 98 && f[34] === 8)!;
    const { veth1, ns2, drops } = setup();
    veth1.receive(Packet.from(echo.slice(0, 14 + 12)));
    expect(ns2.mib.ip.InHdrErrors).toBe(1);
    veth1.receive(Packet.from(echo.slice(0, 60)));
    expect(ns2.mib.ip.InTruncatedPkts).toBe(1);
    const bad = echo.slice();
    bad[24] = bad[24]! ^ 0xff;
    veth1.receive(Packet.from(bad));
    expect(ns2.mib.ip.InCsumErrors).toBe(1);
    expect(drops).toEqual(["IP_INHDR", "PKT_TOO_SMALL", "IP_CSUM"]);
  });

  it("a runt frame shorter than an Ethernet header is a length error on the device", () => {
    const { veth1, drops } = setup();
    veth1.receive(Packet.from(new Uint8Array(9)));
    expect(veth1.stats.rxLengthErrors).toBe(1);
    expect(drops).toEqual(["PKT_TOO_SMALL"]);
  });
});
