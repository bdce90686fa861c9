import { formatIpv4, formatMac, parseIpv4, readPcap, PcapWriter } from "@pktsim/core";
import { LOOPBACK_DELAY_NS } from "@pktsim/devices";
import { describe, expect, it } from "vitest";
import { Host, Nud, Ping, type PingEvent, nudName } from "../src/index";

function vethPair(seed = 1) {
  const host = new Host({ seed });
  const ns1 = host.addNetns("ns1");
  const ns2 = host.addNetns("ns2");
  const [veth0, veth1] = host.init.addVethPair("veth0", "veth1");
  host.init.moveDevice(veth0, ns1);
  host.init.moveDevice(veth1, ns2);
  ns1.ip.addAddress(veth0, { local: parseIpv4("10.0.0.1")!, prefixLen: 24 });
  ns2.ip.addAddress(veth1, { local: parseIpv4("10.0.0.2")!, prefixLen: 24 });
  veth0.setAdminUp(true);
  veth1.setAdminUp(true);
  ns1.lo.setAdminUp(true);
  return { host, ns1, ns2, veth0, veth1 };
}

function runPing(host: Host, ns: ReturnType<typeof vethPair>["ns1"], dst: string, count: number, extra: Partial<ConstructorParameters<typeof Ping>[1]> = {}) {
  const events: PingEvent[] = [];
  const ping = new Ping(ns, { destination: parseIpv4(dst)!, count, ident: host.nextPid(), ...extra }, (e) => events.push(e));
  const probe = ping.probe();
  if (probe !== 0) return { probe, events, ping };
  ping.start();
  host.sim.scheduler.runUntilIdle(() => ping.done);
  return { probe, events, ping };
}

describe("two namespaces joined by a veth pair", () => {
  it("ping gets three replies, ARP resolves once, and the neighbour states match the kernel's", () => {
    const { host, ns1, ns2, veth0, veth1 } = vethPair();
    const captured: Uint8Array[] = [];
    veth0.addTap((p) => captured.push(p.data().slice()));
    const { events, ping } = runPing(host, ns1, "10.0.0.2", 3);
    const replies = events.filter((e) => e.kind === "reply");
    expect(replies.map((r) => (r.kind === "reply" ? [r.seq, r.ttl, r.bytes] : []))).toEqual([
      [1, 64, 64],
      [2, 64, 64],
      [3, 64, 64],
    ]);
    expect(ping.stats.transmitted).toBe(3);
    expect(ping.stats.received).toBe(3);
    expect(ping.stats.elapsed).toBe(2e9);
    // ARP request + reply, then 3 echo requests and 3 replies.
    expect(captured.map((f) => f.length)).toEqual([42, 42, 98, 98, 98, 98, 98, 98]);
    const n1 = ns1.neigh.lookup(parseIpv4("10.0.0.2")!, veth0)!;
    expect(nudName(n1.state)).toBe("REACHABLE");
    expect(formatMac(n1.lladdr)).toBe(formatMac(veth1.mac));
    const n2 = ns2.neigh.lookup(parseIpv4("10.0.0.1")!, veth1)!;
    expect(nudName(n2.state)).toBe("DELAY");
    // 5 s after its first use the receiver probes by unicast and the entry becomes REACHABLE.
    host.sim.scheduler.runFor(6e9);
    expect(n2.state).toBe(Nud.REACHABLE);
    expect(captured.length).toBe(10);
    expect([...captured[8]!.subarray(0, 6)]).toEqual([...captured[9]!.subarray(6, 12)]);
  });

  it("fails to connect when there is no route", () => {
    const { host, ns1 } = vethPair();
    const { probe } = runPing(host, ns1, "10.9.9.9", 1);
    expect(probe).toBe(101);
  });

  it("reports Destination Host Unreachable from itself when ARP fails, after three probes", () => {
    const { host, ns1 } = vethPair();
    const start = host.sim.now;
    const { events, ping } = runPing(host, ns1, "10.0.0.77", 1, { linger: 5e9 });
    const errors = events.filter((e) => e.kind === "error");
    expect(errors).toHaveLength(1);
    const e = errors[0]!;
    expect(e.kind === "error" && formatIpv4(e.from)).toBe("10.0.0.1");
    expect(e.kind === "error" && [e.report.type, e.report.code]).toEqual([3, 1]);
    // Three probes a second apart, FAILED at 3 s, the error delivered to ourselves over lo.
    expect(host.sim.now - start).toBe(3e9 + LOOPBACK_DELAY_NS);
    expect(ping.stats.errors).toBe(1);
    expect(nudName(ns1.neigh.lookup(parseIpv4("10.0.0.77")!, ns1.deviceByName("veth0")!)!.state)).toBe("FAILED");
  });

  it("pings its own address and 127.0.0.1 through loopback", () => {
    const { host, ns1 } = vethPair();
    for (const dst of ["10.0.0.1", "127.0.0.1"]) {
      const { events } = runPing(host, ns1, dst, 2, { interval: 2e8 });
      expect(events.filter((e) => e.kind === "reply")).toHaveLength(2);
    }
  });

  it("the same seed gives the same bytes", () => {
    const capture = (seed: number): Uint8Array => {
      const { host, ns1, veth0 } = vethPair(seed);
      const pcap = new PcapWriter();
      veth0.addTap((p) => pcap.write(host.sim.now, p.data()));
      runPing(host, ns1, "10.0.0.2", 2);
      return pcap.bytes();
    };
    expect(capture(5)).toEqual(capture(5));
    expect(capture(5)).not.toEqual(capture(6));
    expect(readPcap(capture(5)).records).toHaveLength(6);
  });
});
