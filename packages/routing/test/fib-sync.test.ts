import { describe, expect, it } from "vitest";
import {
  FibErrno,
  FibResult,
  fibDisableIp,
  fibFlush,
  fibLookup,
  fibSyncDownAddr,
  fibSyncDownDev,
  fibSyncUp,
  NexthopFlags,
  RouteTable,
  RouteVerb,
  routesByIfindex,
  type Fib,
} from "../src/index";
import { addAddress, ip, must, req, showAll, testNamespace, type TestLinks } from "./helpers";

// Fixture: Linux 6.18.44, d0 10.0.1.1/24, d1 10.0.2.1/24, d2 10.0.3.1/24 (veths, peers up), then
// $ ip route add 10.80.0.0/16 nexthop via 10.0.1.2 weight 1 nexthop via 10.0.2.2 weight 3 nexthop via 10.0.3.2
// $ ip route add 10.81.0.0/16 via 10.0.1.2
// $ ip route add 10.82.0.0/16 dev d0 src 10.0.2.1
// $ ip route add 10.83.0.0/16 via 10.0.1.2 src 10.0.2.1 table 100
// $ ip route add 10.84.0.0/16 via 10.0.2.2 src 10.0.1.1
// $ ip route add 10.85.0.0/16 via 10.0.2.2 metric 5; … via 10.0.1.2 metric 7; … via 10.0.3.2 metric 9
// $ ip route add 10.86.0.0/16 via 10.0.1.2 onlink dev d0
function setup(): { fib: Fib; links: TestLinks } {
  const { fib, links } = testNamespace();
  links.add(4, "d2");
  addAddress(fib, 4, "10.0.3.1", 24);
  const gw = (g: string, weight = 1): { gateway: number; weight: number } => ({ gateway: ip(g), weight });
  must(fib.newRoute(req("10.80.0.0/16", { nexthops: [gw("10.0.1.2"), gw("10.0.2.2", 3), gw("10.0.3.2")] }), RouteVerb.add));
  must(fib.newRoute(req("10.81.0.0/16", { via: "10.0.1.2" }), RouteVerb.add));
  must(fib.newRoute(req("10.82.0.0/16", { dev: 2, prefsrc: ip("10.0.2.1") }), RouteVerb.add));
  must(fib.newRoute(req("10.83.0.0/16", { via: "10.0.1.2", prefsrc: ip("10.0.2.1"), table: 100 }), RouteVerb.add));
  must(fib.newRoute(req("10.84.0.0/16", { via: "10.0.2.2", prefsrc: ip("10.0.1.1") }), RouteVerb.add));
  must(fib.newRoute(req("10.85.0.0/16", { via: "10.0.2.2", priority: 5 }), RouteVerb.add));
  must(fib.newRoute(req("10.85.0.0/16", { via: "10.0.1.2", priority: 7 }), RouteVerb.add));
  must(fib.newRoute(req("10.85.0.0/16", { via: "10.0.3.2", priority: 9 }), RouteVerb.add));
  must(fib.newRoute(req("10.86.0.0/16", { nexthops: [{ gateway: ip("10.0.1.2"), ifindex: 2, onlink: true }] }), RouteVerb.add));
  return { fib, links };
}

const mainLines = (fib: Fib, links: TestLinks): string[] =>
  showAll(fib, links).filter((l) => !l.includes("table") || l.includes("table 100"));

function get(fib: Fib, daddr: string): unknown {
  const res = new FibResult();
  const err = fibLookup(fib, { daddr: ip(daddr) }, res);
  return err !== 0 ? [err] : [res.nexthop!.gateway, res.nexthop!.ifindex];
}

describe("carrier loss and recovery (NETDEV_CHANGE)", () => {
  it("flags the device's nexthops linkdown and keeps using them unless the device ignores linkdown routes", () => {
    const { fib, links } = setup();
    // $ ip link set p0 down   (d0 loses carrier)
    links.state.get(2)!.carrier = false;
    fibSyncDownDev(fib, 2, "change");
    expect(mainLines(fib, links)).toEqual([
      "10.83.0.0/16 via 10.0.1.2 dev d0 table 100 src 10.0.2.1 linkdown ",
      "10.0.1.0/24 dev d0 proto kernel scope link src 10.0.1.1 linkdown ",
      "10.0.2.0/24 dev d1 proto kernel scope link src 10.0.2.1 ",
      "10.0.3.0/24 dev d2 proto kernel scope link src 10.0.3.1 ",
      "10.80.0.0/16 \n\tnexthop via 10.0.1.2 dev d0 weight 1 linkdown \n\tnexthop via 10.0.2.2 dev d1 weight 3 \n\tnexthop via 10.0.3.2 dev d2 weight 1 ",
      "10.81.0.0/16 via 10.0.1.2 dev d0 linkdown ",
      "10.82.0.0/16 dev d0 scope link src 10.0.2.1 linkdown ",
      "10.84.0.0/16 via 10.0.2.2 dev d1 src 10.0.1.1 ",
      "10.85.0.0/16 via 10.0.2.2 dev d1 metric 5 ",
      "10.85.0.0/16 via 10.0.1.2 dev d0 metric 7 linkdown ",
      "10.85.0.0/16 via 10.0.3.2 dev d2 metric 9 ",
      "10.86.0.0/16 via 10.0.1.2 dev d0 onlink linkdown ",
    ]);
    // $ ip route get 10.81.0.1 → 10.81.0.1 via 10.0.1.2 dev d0
    expect(get(fib, "10.81.0.1")).toEqual([ip("10.0.1.2"), 2]);
    // $ sysctl -w net.ipv4.conf.d0.ignore_routes_with_linkdown=1; ip route get 10.81.0.1 → Network is unreachable
    links.state.get(2)!.ignoreLinkdown = true;
    expect(get(fib, "10.81.0.1")).toEqual([FibErrno.ENETUNREACH]);
    expect(get(fib, "10.85.0.1")).toEqual([ip("10.0.2.2"), 3]);
    // The multipath bounds were computed at the carrier change, before the sysctl: unchanged.
    expect(fib.findRoute(ip("10.80.0.0"), 16)!.nexthops[0]!.upperBound).toBeGreaterThan(0);
    links.state.get(2)!.ignoreLinkdown = false;
    // $ ip link set p0 up
    links.state.get(2)!.carrier = true;
    fibSyncUp(fib, 2, NexthopFlags.LINKDOWN, true);
    expect(mainLines(fib, links).some((l) => l.includes("linkdown"))).toBe(false);
  });

  it("marks a route linkdown once all its paths are", () => {
    const { fib, links } = setup();
    links.state.get(2)!.carrier = false;
    // 10.0.1.0/24, broadcast 10.0.1.255, 10.81, 10.82, 10.83, 10.85 metric 7, 10.86; not the
    // local route (host scope is spared) nor the multipath route (other paths alive).
    expect(fibSyncDownDev(fib, 2, "change")).toBe(7);
    expect(fib.findRoute(ip("10.81.0.0"), 16)!.flags & NexthopFlags.LINKDOWN).toBeTruthy();
    expect(fib.findRoute(ip("10.80.0.0"), 16)!.flags).toBe(0);
  });
});

describe("device down and up (NETDEV_DOWN / NETDEV_UP)", () => {
  it("removes single-path routes through the device, keeps its local route and multipath routes with a dead path", () => {
    const { fib, links } = setup();
    // $ ip link set d2 down
    links.state.get(4)!.up = false;
    const removed = fibDisableIp(fib, 4, "down", false);
    expect(removed.map((r) => `${r.dst >>> 24}.${(r.dst >>> 16) & 255}.${(r.dst >>> 8) & 255}.${r.dst & 255}/${r.prefixLen}`).sort()).toEqual(
      ["10.0.3.0/24", "10.0.3.255/32", "10.85.0.0/16"].sort(),
    );
    expect(showAll(fib, links).filter((l) => l.includes("d2"))).toEqual([
      "10.80.0.0/16 \n\tnexthop via 10.0.1.2 dev d0 weight 1 \n\tnexthop via 10.0.2.2 dev d1 weight 3 \n\tnexthop via 10.0.3.2 dev d2 weight 1 dead linkdown ",
      "local 10.0.3.1 dev d2 table local proto kernel scope host src 10.0.3.1 ",
    ]);
    // $ ip route get 10.85.0.1 → via 10.0.2.2 dev d1
    expect(get(fib, "10.85.0.1")).toEqual([ip("10.0.2.2"), 3]);
    // A dead path is never chosen.
    const mp = fib.findRoute(ip("10.80.0.0"), 16)!;
    expect(mp.nexthops[2]!.upperBound).toBe(-1);
    // $ ip link set d2 up  (the stack re-adds the prefix and broadcast routes)
    links.state.get(4)!.up = true;
    fibSyncUp(fib, 4, NexthopFlags.DEAD, true);
    expect(mp.nexthops[2]!.flags).toBe(0);
    expect(mp.nexthops[2]!.upperBound).toBe(2 ** 31 - 1);
    expect(fib.findRoute(ip("10.85.0.0"), 16, 0, 9)).toBeUndefined();
  });

  it("takes a multipath route whole when the device is unregistered", () => {
    const { fib } = setup();
    fibDisableIp(fib, 4, "unregister", true);
    expect(fib.findRoute(ip("10.80.0.0"), 16)).toBeUndefined();
    expect(fib.findRoute(ip("10.0.3.1"), 32, 0, 0, RouteTable.LOCAL)).toBeUndefined();
    expect(routesByIfindex(fib, 4)).toEqual([]);
  });
});

describe("address removal (fib_del_ifaddr, fib_sync_down_addr)", () => {
  it("drops routes of table main whose preferred source was the address, and only those", () => {
    // $ ip addr add 10.0.3.1/24 dev d1; ip route add 10.91.0.0/16 via 10.0.1.2 src 10.0.2.1
    // $ ip route add 10.92.0.0/16 … table 100; ip route add 10.93.0.0/16 … table default
    // $ ip addr del 10.0.2.1/24 dev d1 → 10.91 gone; 10.92 (table 100) and 10.93 (table default) stay
    const { fib } = testNamespace();
    must(fib.newRoute(req("10.91.0.0/16", { via: "10.0.1.2", prefsrc: ip("10.0.2.1") }), RouteVerb.add));
    must(fib.newRoute(req("10.92.0.0/16", { via: "10.0.1.2", prefsrc: ip("10.0.2.1"), table: 100 }), RouteVerb.add));
    must(fib.newRoute(req("10.93.0.0/16", { via: "10.0.1.2", prefsrc: ip("10.0.2.1"), table: RouteTable.DEFAULT }), RouteVerb.add));
    // The stack deletes the address's own routes (local, broadcast, prefix), then:
    expect(fibSyncDownAddr(fib, ip("10.0.2.1"))).toBe(2); // 10.0.2.0/24 (src 10.0.2.1) and 10.91
    const gone = fibFlush(fib).map((r) => r.dst);
    expect(gone).toEqual([ip("10.0.2.0"), ip("10.91.0.0")]);
    expect(fib.findRoute(ip("10.92.0.0"), 16, 0, 0, 100)).toBeDefined();
    expect(fib.findRoute(ip("10.93.0.0"), 16, 0, 0, RouteTable.DEFAULT)).toBeDefined();
  });

  it("removes every route through a device that lost its last address (force)", () => {
    const { fib, links } = setup();
    // $ ip addr del 10.0.1.1/24 dev d0 (its only address): 10.81, 10.82, 10.83, 10.85 m7, 10.86 go,
    //   the multipath path via d0 turns "dead linkdown", and 10.84 (src 10.0.1.1) goes with the address.
    fibSyncDownAddr(fib, ip("10.0.1.1"));
    fibDisableIp(fib, 2, "down", true);
    expect(mainLines(fib, links)).toEqual([
      "10.0.2.0/24 dev d1 proto kernel scope link src 10.0.2.1 ",
      "10.0.3.0/24 dev d2 proto kernel scope link src 10.0.3.1 ",
      "10.80.0.0/16 \n\tnexthop via 10.0.1.2 dev d0 weight 1 dead linkdown \n\tnexthop via 10.0.2.2 dev d1 weight 3 \n\tnexthop via 10.0.3.2 dev d2 weight 1 ",
      "10.85.0.0/16 via 10.0.2.2 dev d1 metric 5 ",
      "10.85.0.0/16 via 10.0.3.2 dev d2 metric 9 ",
    ]);
  });
});
