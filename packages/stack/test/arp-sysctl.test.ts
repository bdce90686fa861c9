/**
 * arp_notify (gratuitous ARP from inetdev_event) and arp_accept (arp_process creating entries),
 * checked against the kernel (6.18): a's va has 10.0.0.1/24, 10.0.0.50/24 and 10.8.0.1/24 and
 * arp_notify=1, b's vb has 10.0.0.2/24. Bringing va up sends one gratuitous request per address;
 * with arp_accept=2 b learns 10.0.0.1 and 10.0.0.50 (its subnet) as STALE, not 10.8.0.1; adding
 * an address sends nothing; a MAC change (NETDEV_CHANGEADDR) sends them again and, being
 * gratuitous, they override b's entries inside locktime; arp_accept=0 only updates existing
 * entries; conf/all counts as max(all, dev) for both; drop_gratuitous_arp drops them.
 *
 * The Namespace's device events do not call Arp.netdevEvent yet (the hook belongs in
 * Ipv4.deviceEvent), so the test calls it where inetdev_event would run.
 */
import { formatMac, parseIpv4 } from "@pktsim/core";
import { describe, expect, it } from "vitest";
import { Host, nudName } from "../src/index";

function setup() {
  const host = new Host({ seed: 7 });
  const a = host.addNetns("a");
  const b = host.addNetns("b");
  const [va, vb] = host.init.addVethPair("va", "vb");
  host.init.moveDevice(va, a);
  host.init.moveDevice(vb, b);
  va.setMac(0x020000000001);
  vb.setMac(0x020000000002);
  for (const addr of ["10.0.0.1", "10.0.0.50", "10.8.0.1"]) a.ip.addAddress(va, { local: parseIpv4(addr)!, prefixLen: 24 });
  b.ip.addAddress(vb, { local: parseIpv4("10.0.0.2")!, prefixLen: 24 });
  vb.setAdminUp(true);
  const show = (addr: string): string => {
    const n = b.neigh.lookup(parseIpv4(addr)!, vb);
    return n === undefined ? "" : `${formatMac(n.lladdr)} ${nudName(n.state)}`;
  };
  const up = (): void => {
    va.setAdminUp(true);
    a.arp.netdevEvent(va, "up");
    host.sim.scheduler.runFor(1e6);
  };
  const down = (): void => {
    va.setAdminUp(false);
    host.sim.scheduler.runFor(1e6);
  };
  const setMac = (mac: number): void => {
    va.setMac(mac);
    a.arp.netdevEvent(va, "address");
    host.sim.scheduler.runFor(1e6);
  };
  return { host, a, b, va, vb, show, up, down, setMac };
}

describe("arp_notify and arp_accept", () => {
  it("learns gratuitous ARP as the kernel does", () => {
    const { a, b, va, vb, show, up, down, setMac, host } = setup();
    a.inDevice(va)!.conf.arp_notify = 1;
    b.inDevice(vb)!.conf.arp_accept = 2;
    up();
    expect(show("10.0.0.1")).toBe("02:00:00:00:00:01 STALE");
    expect(show("10.0.0.50")).toBe("02:00:00:00:00:01 STALE");
    expect(show("10.8.0.1")).toBe("");

    b.inDevice(vb)!.conf.arp_accept = 1;
    a.ip.addAddress(va, { local: parseIpv4("10.0.0.60")!, prefixLen: 24 });
    host.sim.scheduler.runFor(1e6);
    expect(show("10.0.0.60")).toBe("");
    setMac(0x020000000009);
    expect(show("10.0.0.1")).toBe("02:00:00:00:00:09 STALE");
    expect(show("10.8.0.1")).toBe("02:00:00:00:00:09 STALE");
    expect(show("10.0.0.60")).toBe("02:00:00:00:00:09 STALE");

    b.inDevice(vb)!.conf.arp_accept = 0;
    b.neigh.remove(b.neigh.lookup(parseIpv4("10.0.0.50")!, vb)!);
    setMac(0x020000000001);
    expect(show("10.0.0.1")).toBe("02:00:00:00:00:01 STALE");
    expect(show("10.0.0.50")).toBe("");

    a.inDevice(va)!.conf.arp_notify = 0;
    setMac(0x020000000007);
    expect(show("10.0.0.1")).toBe("02:00:00:00:00:01 STALE");
    a.confAll.arp_notify = 1;
    setMac(0x020000000006);
    expect(show("10.0.0.1")).toBe("02:00:00:00:00:06 STALE");

    b.confAll.arp_accept = 1;
    b.neigh.flushDevice(vb, true);
    down();
    up();
    expect(show("10.0.0.1")).toBe("02:00:00:00:00:06 STALE");
    expect(show("10.8.0.1")).toBe("02:00:00:00:00:06 STALE");

    b.inDevice(vb)!.conf.drop_gratuitous_arp = 1;
    b.neigh.flushDevice(vb, true);
    down();
    up();
    expect(show("10.0.0.1")).toBe("");
  });

  it("a hardware address change flushes the device's neighbours, permanent ones too (neigh_changeaddr)", () => {
    const { a, va, up, setMac } = setup();
    up();
    const n = a.neigh.lookupOrCreate(parseIpv4("10.0.0.7")!, va);
    a.neigh.update(n, 0x020000000007, 0x80, 0x80000001);
    expect(a.neigh.lookup(parseIpv4("10.0.0.7")!, va)).toBeDefined();
    setMac(0x020000000003);
    expect(a.neigh.lookup(parseIpv4("10.0.0.7")!, va)).toBeUndefined();
  });
});
