import { describe, expect, it } from "vitest";
import {
  FibErrno,
  FibResult,
  fibLookup,
  fibTableLookup,
  inetAddrTypeTable,
  RouteScope,
  RouteTable,
  RouteType,
  RouteVerb,
  RuleAction,
  Fib,
  type Flow,
} from "../src/index";
import { ip, must, req, testNamespace } from "./helpers";

/** The answer of `ip route get`: [errno] or [gateway, ifindex, table, type]. */
function get(fib: Fib, daddr: string, flow: Partial<Flow> = {}): unknown {
  const res = new FibResult();
  const err = fibLookup(fib, { daddr: ip(daddr), iif: 1, ...flow }, res);
  if (err !== 0) return [err];
  const nh = res.nexthop!;
  return [nh.gateway ? nh.gateway : 0, nh.ifindex, res.table, res.type];
}

const MAIN = RouteTable.MAIN;

describe("fibLookup: longest prefix, then list order", () => {
  // Reference §4.1/§4.2 on the gt2 router, here with d0 = veth1 side and d1 = veth2 side.
  const setup = (): Fib => {
    const { fib } = testNamespace();
    must(fib.newRoute(req("10.9.1.0/24", { type: RouteType.BLACKHOLE }), RouteVerb.add));
    must(fib.newRoute(req("10.9.2.0/24", { type: RouteType.UNREACHABLE }), RouteVerb.add));
    must(fib.newRoute(req("10.9.3.0/24", { type: RouteType.PROHIBIT }), RouteVerb.add));
    must(fib.newRoute(req("10.9.4.0/24", { type: RouteType.THROW }), RouteVerb.add));
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.2.3" }), RouteVerb.add));
    must(fib.newRoute(req("10.8.1.0/24", { via: "10.0.1.9" }), RouteVerb.add));
    must(fib.newRoute(req("10.8.1.128/25", { dev: 3 }), RouteVerb.add));
    must(fib.newRoute(req("10.7.0.0/16", { via: "10.0.2.3", priority: 100 }), RouteVerb.add));
    must(fib.newRoute(req("10.7.0.0/16", { via: "10.0.1.9", priority: 50 }), RouteVerb.add));
    return fib;
  };

  it("answers as `ip route get` did", () => {
    const fib = setup();
    expect(get(fib, "10.8.2.3")).toEqual([ip("10.0.2.3"), 3, MAIN, RouteType.UNICAST]);
    expect(get(fib, "10.8.1.5")).toEqual([ip("10.0.1.9"), 2, MAIN, RouteType.UNICAST]);
    expect(get(fib, "10.8.1.200")).toEqual([0, 3, MAIN, RouteType.UNICAST]);
    expect(get(fib, "10.7.1.1")).toEqual([ip("10.0.1.9"), 2, MAIN, RouteType.UNICAST]); // metric 50 wins
    expect(get(fib, "10.9.1.1")).toEqual([FibErrno.EINVAL]); // RTNETLINK answers: Invalid argument
    expect(get(fib, "10.9.2.1")).toEqual([FibErrno.EHOSTUNREACH]); // No route to host
    expect(get(fib, "10.9.3.1")).toEqual([FibErrno.EACCES]); // Permission denied
    expect(get(fib, "10.9.4.1")).toEqual([FibErrno.ENETUNREACH]); // throw: Network is unreachable
    expect(get(fib, "10.5.5.5")).toEqual([FibErrno.ENETUNREACH]);
    // Local routes are found through main while the tables are merged: no "table local".
    expect(get(fib, "10.0.1.1")).toEqual([0, 2, MAIN, RouteType.LOCAL]);
    expect(get(fib, "127.1.2.3")).toEqual([0, 1, MAIN, RouteType.LOCAL]);
    expect(get(fib, "10.0.2.255")).toEqual([0, 3, MAIN, RouteType.BROADCAST]);
    expect(get(fib, "255.255.255.255")).toEqual([FibErrno.ENETUNREACH]);
  });

  it("reports the rejecting route of an error type", () => {
    const fib = setup();
    const res = new FibResult();
    expect(fibLookup(fib, { daddr: ip("10.9.2.7") }, res)).toBe(FibErrno.EHOSTUNREACH);
    expect(res.route?.type).toBe(RouteType.UNREACHABLE);
  });

  it("selects on tos & 0x1c; a route tos outside that mask never matches", () => {
    const { fib } = testNamespace();
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.5" }), RouteVerb.add));
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.2.3", tos: 0x10 }), RouteVerb.add));
    must(fib.newRoute(req("10.9.1.0/24", { via: "10.0.2.3", tos: 0x30 }), RouteVerb.add));
    // $ ip route get 10.8.1.1 tos 0x10 / 0x12 / 0x13 / 0x30 / 0x50 → via 10.0.2.3 dev d1 (tos 0x10 route)
    for (const tos of [0x10, 0x12, 0x13, 0x30, 0x50]) expect(get(fib, "10.8.1.1", { tos })).toEqual([ip("10.0.2.3"), 3, MAIN, 1]);
    // $ ip route get 10.8.1.1 tos 0x14 / 0x0c → via 10.0.1.5 dev d0
    for (const tos of [0, 0x14, 0x0c]) expect(get(fib, "10.8.1.1", { tos })).toEqual([ip("10.0.1.5"), 2, MAIN, 1]);
    // $ ip route get 10.9.1.1 tos 0x30 → RTNETLINK answers: Network is unreachable
    expect(get(fib, "10.9.1.1", { tos: 0x30 })).toEqual([FibErrno.ENETUNREACH]);
  });

  it("skips routes of a narrower scope than asked for and back-tracks to shorter prefixes", () => {
    const { fib } = testNamespace();
    must(fib.newRoute(req("0.0.0.0/0", { via: "10.0.2.9" }), RouteVerb.add));
    const res = new FibResult();
    // 10.0.1.0/24 is scope link: a lookup that wants host scope falls back to the default route.
    expect(fibTableLookup(fib.getTable(MAIN)!, { daddr: ip("10.0.1.7"), scope: RouteScope.HOST }, res)).toBe(FibErrno.EAGAIN);
    expect(fibLookup(fib, { daddr: ip("10.0.1.7"), scope: RouteScope.LINK }, res)).toBe(0);
    expect(res.prefixLen).toBe(24);
    must(fib.newRoute(req("10.0.1.0/25", { via: "10.0.2.8" }), RouteVerb.add));
    expect(fibLookup(fib, { daddr: ip("10.0.1.7"), scope: RouteScope.LINK }, res)).toBe(0);
    expect(res.prefixLen).toBe(24);
    expect(fibLookup(fib, { daddr: ip("10.0.1.7") }, res)).toBe(0);
    expect(res.prefixLen).toBe(25);
  });

  it("keeps only nexthops on the flow's output device", () => {
    // $ ip route add 10.70.0.0/16 via 10.0.2.7; ip route get 10.70.0.1 oif d0 → no route through d0
    // (the kernel then assumes the destination is on-link: ip_route_output_key_hash_rcu, the stack's part).
    const { fib } = testNamespace();
    must(fib.newRoute(req("10.70.0.0/16", { via: "10.0.2.7" }), RouteVerb.add));
    expect(get(fib, "10.70.0.1", { oif: 2 })).toEqual([FibErrno.ENETUNREACH]);
    expect(get(fib, "10.70.0.1", { oif: 3 })).toEqual([ip("10.0.2.7"), 3, MAIN, 1]);
  });
});

describe("local and main merged until the first rule change (fib_unmerge)", () => {
  it("lets a main route beat a shorter local one, then no longer", () => {
    const { fib } = testNamespace();
    // $ ip route add 127.0.0.5/32 via 10.0.1.2; ip route get 127.0.0.5 → 127.0.0.5 via 10.0.1.2 dev d0
    must(fib.newRoute(req("127.0.0.5", { via: "10.0.1.2" }), RouteVerb.add));
    // $ ip route add 10.0.1.1/32 via 10.0.1.2; ip route get 10.0.1.1 → local 10.0.1.1 dev lo (local first in the leaf)
    must(fib.newRoute(req("10.0.1.1", { via: "10.0.1.2" }), RouteVerb.add));
    expect(get(fib, "127.0.0.5")).toEqual([ip("10.0.1.2"), 2, MAIN, RouteType.UNICAST]);
    expect(get(fib, "10.0.1.1")).toEqual([0, 2, MAIN, RouteType.LOCAL]);
    // $ ip rule add from 1.2.3.4 table 5; ip rule del from 1.2.3.4 table 5
    must(fib.rules.add({ src: ip("1.2.3.4"), srcLen: 32, table: 5 }));
    must(fib.rules.delete({ src: ip("1.2.3.4"), srcLen: 32, table: 5 }));
    expect(fib.hasCustomRules).toBe(true);
    // $ ip route get 127.0.0.5 → local 127.0.0.5 dev lo table local
    expect(get(fib, "127.0.0.5")).toEqual([0, 1, RouteTable.LOCAL, RouteType.LOCAL]);
    expect(get(fib, "10.0.1.1")).toEqual([0, 2, RouteTable.LOCAL, RouteType.LOCAL]);
    // The dumps are the same before and after.
    expect(fib.getTable(MAIN)!.dump().map((r) => r.dst)).toEqual(
      ["10.0.1.0", "10.0.1.1", "10.0.2.0", "127.0.0.5"].map(ip),
    );
    expect(fib.getTable(RouteTable.LOCAL)!.size).toBe(7);
  });

  it("tries table default after main only on EAGAIN (throw or no match)", () => {
    const { fib } = testNamespace();
    // $ ip route add blackhole 10.50.0.0/16; ip route add 10.50.0.0/16 via 10.0.1.2 table default
    // $ ip route get 10.50.0.1 → RTNETLINK answers: Invalid argument
    must(fib.newRoute(req("10.50.0.0/16", { type: RouteType.BLACKHOLE }), RouteVerb.add));
    must(fib.newRoute(req("10.50.0.0/16", { via: "10.0.1.2", table: RouteTable.DEFAULT }), RouteVerb.add));
    expect(get(fib, "10.50.0.1")).toEqual([FibErrno.EINVAL]);
    // $ ip route add throw 10.51.0.0/16; ... table default; ip route get 10.51.0.1 → via 10.0.1.3 dev d0 table default
    must(fib.newRoute(req("10.51.0.0/16", { type: RouteType.THROW }), RouteVerb.add));
    expect(get(fib, "10.51.0.1")).toEqual([FibErrno.ENETUNREACH]);
    must(fib.newRoute(req("10.51.0.0/16", { via: "10.0.1.3", table: RouteTable.DEFAULT }), RouteVerb.add));
    expect(get(fib, "10.51.0.1")).toEqual([ip("10.0.1.3"), 2, RouteTable.DEFAULT, RouteType.UNICAST]);
    // $ ip route add unreachable 10.52.0.0/16; ... table default; ip route get 10.52.0.1 → No route to host
    must(fib.newRoute(req("10.52.0.0/16", { type: RouteType.UNREACHABLE }), RouteVerb.add));
    must(fib.newRoute(req("10.52.0.0/16", { via: "10.0.1.3", table: RouteTable.DEFAULT }), RouteVerb.add));
    expect(get(fib, "10.52.0.1")).toEqual([FibErrno.EHOSTUNREACH]);
  });

  it("answers ENETUNREACH in a fresh namespace (no tables at all)", () => {
    const fib = new Fib();
    expect(get(fib, "127.0.0.1")).toEqual([FibErrno.ENETUNREACH]);
    expect(fib.rules.dump().map((r) => [r.pref, r.table, r.action])).toEqual([
      [0, RouteTable.LOCAL, RuleAction.TO_TBL],
      [32766, RouteTable.MAIN, RuleAction.TO_TBL],
      [32767, RouteTable.DEFAULT, RuleAction.TO_TBL],
    ]);
  });
});

describe("inetAddrTypeTable", () => {
  it("classifies addresses through the local table", () => {
    const { fib } = testNamespace();
    expect(inetAddrTypeTable(fib, ip("10.0.1.1"))).toBe(RouteType.LOCAL);
    expect(inetAddrTypeTable(fib, ip("10.0.1.1"), RouteTable.LOCAL, 3)).toBe(RouteType.UNICAST);
    expect(inetAddrTypeTable(fib, ip("10.0.2.255"))).toBe(RouteType.BROADCAST);
    expect(inetAddrTypeTable(fib, ip("0.1.2.3"))).toBe(RouteType.BROADCAST);
    expect(inetAddrTypeTable(fib, ip("224.0.0.1"))).toBe(RouteType.MULTICAST);
    expect(inetAddrTypeTable(fib, ip("8.8.8.8"))).toBe(RouteType.UNICAST);
  });
});
