import { describe, expect, it } from "vitest";
import { FibErrno, RouteTable, RouteType, RouteVerb, RouteScope, RouteProtocol } from "../src/index";
import { ip, must, req, showAll, testNamespace } from "./helpers";

// Fixtures below were taken on Linux 6.18.44 (iproute2 6.1.0) in a private namespace:
//   unshare --mount --net --propagation private bash -c '...' with lo up and two veth pairs,
//   d0 10.0.1.1/24 and d1 10.0.2.1/24 (peers up).

describe("route dump order (ip route show table all)", () => {
  it("orders tables by id mod 256, newest first in a bucket, and routes by address, longer prefix, tos, metric", () => {
    const { fib, links } = testNamespace();
    // $ ip route add 10.8.0.0/16 via 10.0.1.2
    // $ ip route add 10.8.0.0/16 via 10.0.2.2 metric 10
    // $ ip route add 10.8.0.0/16 via 10.0.2.3 tos 0x10
    // $ ip route add 10.8.0.0/16 via 10.0.2.4 tos 0x04 metric 5
    // $ ip route add 10.8.0.0/16 via 10.0.2.5 tos 0x08 metric 5
    // $ ip route add 10.8.0.0/24 via 10.0.1.9
    // $ ip route add 10.0.0.0/8 via 10.0.1.9
    // $ for t in 100 200 256 1000 253 511 1; do ip route add 10.8.0.0/16 via 10.0.1.2 table $t; done
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.2" }), RouteVerb.add));
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.2.2", priority: 10 }), RouteVerb.add));
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.2.3", tos: 0x10 }), RouteVerb.add));
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.2.4", tos: 0x04, priority: 5 }), RouteVerb.add));
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.2.5", tos: 0x08, priority: 5 }), RouteVerb.add));
    must(fib.newRoute(req("10.8.0.0/24", { via: "10.0.1.9" }), RouteVerb.add));
    must(fib.newRoute(req("10.0.0.0/8", { via: "10.0.1.9" }), RouteVerb.add));
    for (const table of [100, 200, 256, 1000, 253, 511, 1]) {
      must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.2", table }), RouteVerb.add));
    }
    // $ ip route show table all | grep -v :
    expect(showAll(fib, links)).toEqual([
      "10.8.0.0/16 via 10.0.1.2 dev d0 table 256 ",
      "10.8.0.0/16 via 10.0.1.2 dev d0 table 1 ",
      "10.8.0.0/16 via 10.0.1.2 dev d0 table 100 ",
      "10.8.0.0/16 via 10.0.1.2 dev d0 table 200 ",
      "10.8.0.0/16 via 10.0.1.2 dev d0 table 1000 ",
      "10.8.0.0/16 via 10.0.1.2 dev d0 table default ",
      "10.0.0.0/8 via 10.0.1.9 dev d0 ",
      "10.0.1.0/24 dev d0 proto kernel scope link src 10.0.1.1 ",
      "10.0.2.0/24 dev d1 proto kernel scope link src 10.0.2.1 ",
      "10.8.0.0/24 via 10.0.1.9 dev d0 ",
      "10.8.0.0/16 tos 0x10 via 10.0.2.3 dev d1 ",
      "10.8.0.0/16 tos 0x08 via 10.0.2.5 dev d1 metric 5 ",
      "10.8.0.0/16 tos 0x04 via 10.0.2.4 dev d1 metric 5 ",
      "10.8.0.0/16 via 10.0.1.2 dev d0 ",
      "10.8.0.0/16 via 10.0.2.2 dev d1 metric 10 ",
      "10.8.0.0/16 via 10.0.1.2 dev d0 table 511 ",
      "local 10.0.1.1 dev d0 table local proto kernel scope host src 10.0.1.1 ",
      "broadcast 10.0.1.255 dev d0 table local proto kernel scope link src 10.0.1.1 ",
      "local 10.0.2.1 dev d1 table local proto kernel scope host src 10.0.2.1 ",
      "broadcast 10.0.2.255 dev d1 table local proto kernel scope link src 10.0.2.1 ",
      "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ",
      "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ",
      "broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 ",
    ]);
  });

  it("puts the default route first and a host route among its neighbours (reference §4.1)", () => {
    const { fib, links } = testNamespace();
    must(fib.newRoute(req("10.6.6.6", { via: "10.0.1.3" }), RouteVerb.add));
    must(fib.newRoute(req("0.0.0.0/0", { via: "10.0.1.3" }), RouteVerb.add));
    must(fib.newRoute(req("10.9.1.0/24", { type: RouteType.BLACKHOLE }), RouteVerb.add));
    must(fib.newRoute(req("192.168.50.0/24", { dev: 3 }), RouteVerb.add));
    expect(fib.getTable(RouteTable.MAIN)!.size).toBe(6);
    expect(showAll(fib, links).slice(0, 6)).toEqual([
      "default via 10.0.1.3 dev d0 ",
      "10.0.1.0/24 dev d0 proto kernel scope link src 10.0.1.1 ",
      "10.0.2.0/24 dev d1 proto kernel scope link src 10.0.2.1 ",
      "10.6.6.6 via 10.0.1.3 dev d0 ",
      "blackhole 10.9.1.0/24 ",
      "192.168.50.0/24 dev d1 scope link ",
    ]);
  });
});

describe("add, prepend, append, replace, change (fib_table_insert)", () => {
  it("follows the kernel on routes sharing one key", () => {
    const { fib, links } = testNamespace();
    const table = fib.getTable(RouteTable.MAIN)!;
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.2" }), RouteVerb.add));
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.2.2", priority: 10 }), RouteVerb.add));
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.2.3", tos: 0x10 }), RouteVerb.add));
    const show16 = (): string[] => showAll(fib, links).filter((l) => l.startsWith("10.8.0.0/16"));
    // $ ip route prepend 10.8.0.0/16 via 10.0.1.7
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.7" }), RouteVerb.prepend));
    // $ ip route append 10.8.0.0/16 via 10.0.1.8
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.8" }), RouteVerb.append));
    // $ ip route append 10.8.0.0/16 via 10.0.1.8     → RTNETLINK answers: File exists
    expect(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.8" }), RouteVerb.append)).toEqual({ ok: false, errno: FibErrno.EEXIST });
    // $ ip route prepend 10.8.0.0/16 via 10.0.1.8    → RTNETLINK answers: File exists
    expect(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.8" }), RouteVerb.prepend)).toEqual({ ok: false, errno: FibErrno.EEXIST });
    // $ ip route add 10.8.0.0/16 via 10.0.1.6 metric 0 → RTNETLINK answers: File exists
    expect(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.6" }), RouteVerb.add)).toEqual({ ok: false, errno: FibErrno.EEXIST });
    expect(show16()).toEqual([
      "10.8.0.0/16 tos 0x10 via 10.0.2.3 dev d1 ",
      "10.8.0.0/16 via 10.0.1.7 dev d0 ",
      "10.8.0.0/16 via 10.0.1.2 dev d0 ",
      "10.8.0.0/16 via 10.0.1.8 dev d0 ",
      "10.8.0.0/16 via 10.0.2.2 dev d1 metric 10 ",
    ]);
    // $ ip route replace 10.8.0.0/16 via 10.0.1.5   → replaces the first route of the key
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.5" }), RouteVerb.replace));
    // $ ip route replace 10.8.0.0/16 via 10.0.1.8   → RTNETLINK answers: File exists (identical, not first)
    expect(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.8" }), RouteVerb.replace)).toEqual({ ok: false, errno: FibErrno.EEXIST });
    // $ ip route replace 10.8.0.0/16 via 10.0.1.5   → identical and first: no-op success
    expect(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.5" }), RouteVerb.replace).ok).toBe(true);
    // $ ip route change 10.9.0.0/16 via 10.0.1.5    → RTNETLINK answers: No such file or directory
    expect(fib.newRoute(req("10.9.0.0/16", { via: "10.0.1.5" }), RouteVerb.change)).toEqual({ ok: false, errno: FibErrno.ENOENT });
    // $ ip route change 10.8.0.0/16 via 10.0.1.4 metric 10
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.4", priority: 10 }), RouteVerb.change));
    expect(show16()).toEqual([
      "10.8.0.0/16 tos 0x10 via 10.0.2.3 dev d1 ",
      "10.8.0.0/16 via 10.0.1.5 dev d0 ",
      "10.8.0.0/16 via 10.0.1.2 dev d0 ",
      "10.8.0.0/16 via 10.0.1.8 dev d0 ",
      "10.8.0.0/16 via 10.0.1.4 dev d0 metric 10 ",
    ]);
    expect(table.find(ip("10.8.0.0"), 16, 0, 10)?.nexthops[0]?.gateway).toBe(ip("10.0.1.4"));
    expect(fib.findRoute(ip("10.8.0.0"), 16, 0x10)?.nexthops[0]?.gateway).toBe(ip("10.0.2.3"));
  });

  it("rejects what the kernel rejects, with its extack texts", () => {
    const { fib, links } = testNamespace();
    links.add(5, "d3", false, false);
    const err = (cfg: Parameters<typeof fib.newRoute>[0]): unknown => {
      const r = fib.newRoute(cfg, RouteVerb.add);
      return r.ok ? "ok" : [r.errno, r.message];
    };
    const E = FibErrno;
    // $ ip route add 10.8.0.0/8 via 10.0.1.9 → Error: Invalid prefix for given prefix length.
    expect(err(req("10.8.0.0/8", { via: "10.0.1.9" }))).toEqual([E.EINVAL, "Invalid prefix for given prefix length"]);
    // $ ip route add 10.9.0.0/16 via 10.0.2.3 tos 0x02 → Error: Invalid dsfield (tos): ECN bits must be 0.
    expect(err(req("10.9.0.0/16", { via: "10.0.2.3", tos: 2 }))).toEqual([E.EINVAL, "Invalid dsfield (tos): ECN bits must be 0"]);
    // $ ip route add nat 10.90.0.1 via 10.0.1.2 → Error: Invalid scope.  (iproute2 sends scope host for nat)
    expect(err(req("10.90.0.1", { type: RouteType.NAT, scope: RouteScope.HOST }))).toEqual([E.EINVAL, "Invalid scope"]);
    // $ ip route add local 10.90.0.2 dev d0 scope link → Error: Invalid scope.
    expect(err(req("10.90.0.2", { type: RouteType.LOCAL, dev: 2, scope: RouteScope.LINK }))).toEqual([E.EINVAL, "Invalid scope"]);
    // $ ip route add 10.90.1.0/24 via 10.0.1.2 scope host → Error: Route with host scope can not have a gateway.
    expect(err(req("10.90.1.0/24", { via: "10.0.1.2", scope: RouteScope.HOST }))).toEqual([E.EINVAL, "Route with host scope can not have a gateway"]);
    // $ ip route add 10.90.2.0/24 via 10.0.1.2 scope link → Error: Nexthop has invalid gateway.
    expect(err(req("10.90.2.0/24", { via: "10.0.1.2", scope: RouteScope.LINK }))).toEqual([E.ENETUNREACH, "Nexthop has invalid gateway"]);
    // $ ip route add 10.90.3.0/24 via 10.0.1.2 dev d1 → Error: Nexthop has invalid gateway.
    expect(err(req("10.90.3.0/24", { via: "10.0.1.2", dev: 3 }))).toEqual([E.ENETUNREACH, "Nexthop has invalid gateway"]);
    // $ ip route add 10.81.0.0/16 via 10.0.1.2; ip route add 10.90.4.0/24 via 10.81.0.1 → Error: Nexthop has invalid gateway.
    expect(err(req("10.81.0.0/16", { via: "10.0.1.2" }))).toBe("ok");
    expect(err(req("10.90.4.0/24", { via: "10.81.0.1" }))).toEqual([E.ENETUNREACH, "Nexthop has invalid gateway"]);
    // $ ip route add 10.90.6.0/24 via 10.0.1.2 src 10.0.9.9 → Error: Invalid prefsrc address.
    expect(err(req("10.90.6.0/24", { via: "10.0.1.2", prefsrc: ip("10.0.9.9") }))).toEqual([E.EINVAL, "Invalid prefsrc address"]);
    expect(err(req("10.90.5.0/24", { via: "10.0.1.2", prefsrc: ip("10.0.2.1") }))).toBe("ok");
    // $ ip route add blackhole 10.90.7.0/24 dev d0 → Error: Gateway, device and multipath can not be specified for this route type.
    expect(err(req("10.90.7.0/24", { type: RouteType.BLACKHOLE, dev: 2 }))).toEqual([
      E.EINVAL,
      "Gateway, device and multipath can not be specified for this route type",
    ]);
    // $ ip route add 10.90.8.0/24 via 10.0.1.1 → accepted (the gateway is our own address) as "via 10.0.1.1 dev d0"
    expect(err(req("10.90.8.0/24", { via: "10.0.1.1" }))).toBe("ok");
    expect(fib.findRoute(ip("10.90.8.0"), 24)?.nexthops[0]?.ifindex).toBe(2);
    // $ ip route add 10.90.9.0/24 via 10.0.1.2 onlink → Error: Nexthop device required for onlink.
    expect(err(req("10.90.9.0/24", { nexthops: [{ gateway: ip("10.0.1.2"), onlink: true }] }))).toEqual([E.ENODEV, "Nexthop device required for onlink"]);
    // $ ip route add 10.90.9.0/24 via 10.0.1.1 dev d0 onlink   → Error: Nexthop has invalid gateway.
    // $ ip route add 10.90.9.0/24 via 10.0.1.255 dev d0 onlink → Error: Nexthop has invalid gateway.
    for (const gw of ["10.0.1.1", "10.0.1.255"]) {
      expect(err(req("10.90.9.0/24", { nexthops: [{ gateway: ip(gw), ifindex: 2, onlink: true }] }))).toEqual([E.EINVAL, "Nexthop has invalid gateway"]);
    }
    // $ ip route add 10.90.10.0/24 via 10.0.1.255 → Error: Nexthop has invalid gateway.
    expect(err(req("10.90.10.0/24", { via: "10.0.1.255" }))).toEqual([E.EINVAL, "Nexthop has invalid gateway"]);
    // $ ip route add 10.90.11.0/24 dev d0 scope host → accepted
    expect(err(req("10.90.11.0/24", { dev: 2, scope: RouteScope.HOST }))).toBe("ok");
    // $ ip route add 10.90.12.0/24 dev d3 (down) → Error: Device for nexthop is not up.
    expect(err(req("10.90.12.0/24", { dev: 5 }))).toEqual([E.ENETDOWN, "Device for nexthop is not up"]);
    // $ ip route add 10.90.12.0/24 via 10.0.7.1 dev d3 onlink → Error: Nexthop device is not up.
    expect(err(req("10.90.12.0/24", { nexthops: [{ gateway: ip("10.0.7.1"), ifindex: 5, onlink: true }] }))).toEqual([E.ENETDOWN, "Nexthop device is not up"]);
    // $ ip route add 10.86.0.0/16 via 10.0.1.2 onlink dev d0 → accepted, shown "onlink"
    expect(err(req("10.86.0.0/16", { nexthops: [{ gateway: ip("10.0.1.2"), ifindex: 2, onlink: true }] }))).toBe("ok");
    // $ ip route add 10.22.0.0/16 dev 99 (no such device)
    expect(err(req("10.22.0.0/16", { dev: 99 }))).toEqual([E.ENODEV, undefined]);
    // $ ip route add 10.90.15.0/24 via 10.0.1.2 metric 4294967295 → accepted
    expect(err(req("10.90.15.0/24", { via: "10.0.1.2", priority: 0xffffffff }))).toBe("ok");
  });

  it("creates the table even when the route is refused, and never deletes tables", () => {
    const { fib } = testNamespace();
    expect(fib.newRoute(req("10.1.0.0/16", { via: "10.99.0.1", table: 500 }), RouteVerb.add).ok).toBe(false);
    expect(fib.getTable(500)?.size).toBe(0);
    must(fib.newRoute(req("10.1.0.0/16", { via: "10.0.1.2", table: 501 }), RouteVerb.add));
    must(fib.delRoute({ dst: ip("10.1.0.0"), prefixLen: 16, table: 501 }));
    expect(fib.getTable(501)).toBeDefined();
  });
});

describe("delete (fib_table_delete)", () => {
  it("matches only the fields given, tos exactly, and answers ESRCH otherwise", () => {
    const { fib } = testNamespace();
    must(fib.newRoute(req("10.90.5.0/24", { via: "10.0.1.2", prefsrc: ip("10.0.2.1") }), RouteVerb.add));
    const del = (extra: object): unknown => {
      const r = fib.delRoute({ dst: ip("10.90.5.0"), prefixLen: 24, ...extra });
      return r.ok ? "ok" : [r.errno, r.message];
    };
    // Each of these answered "RTNETLINK answers: No such process" on the kernel:
    expect(del({ gateway: ip("10.0.1.3") })).toEqual([FibErrno.ESRCH, undefined]); // via 10.0.1.3
    expect(del({ ifindex: 3 })).toEqual([FibErrno.ESRCH, undefined]); // dev d1
    expect(del({ protocol: RouteProtocol.STATIC })).toEqual([FibErrno.ESRCH, undefined]);
    expect(del({ scope: RouteScope.LINK })).toEqual([FibErrno.ESRCH, undefined]);
    expect(del({ priority: 3 })).toEqual([FibErrno.ESRCH, undefined]);
    expect(del({ tos: 0x10 })).toEqual([FibErrno.ESRCH, undefined]);
    expect(del({ prefsrc: ip("10.0.1.1") })).toEqual([FibErrno.ESRCH, undefined]);
    expect(del({ type: RouteType.BLACKHOLE })).toEqual([FibErrno.ESRCH, undefined]);
    // $ ip route del 10.90.5.0/24 table 77 → Error: FIB table does not exist.
    expect(del({ table: 77 })).toEqual([FibErrno.ESRCH, "FIB table does not exist"]);
    expect(del({ gateway: ip("10.0.1.2"), ifindex: 2, protocol: RouteProtocol.BOOT })).toBe("ok");
    expect(del({})).toEqual([FibErrno.ESRCH, undefined]);
  });

  it("deletes the first of several routes sharing a key", () => {
    const { fib } = testNamespace();
    must(fib.newRoute(req("10.7.0.0/16", { via: "10.0.1.2" }), RouteVerb.append));
    must(fib.newRoute(req("10.7.0.0/16", { via: "10.0.2.2" }), RouteVerb.append));
    const removed = must(fib.delRoute({ dst: ip("10.7.0.0"), prefixLen: 16 }));
    expect(removed.nexthops[0]!.gateway).toBe(ip("10.0.1.2"));
    expect(fib.findRoute(ip("10.7.0.0"), 16)!.nexthops[0]!.gateway).toBe(ip("10.0.2.2"));
  });

  it("flushes by filter across tables", () => {
    const { fib } = testNamespace();
    must(fib.newRoute(req("10.7.0.0/16", { via: "10.0.1.2", protocol: RouteProtocol.STATIC }), RouteVerb.add));
    must(fib.newRoute(req("10.8.0.0/16", { via: "10.0.1.2", protocol: RouteProtocol.STATIC, table: 100 }), RouteVerb.add));
    const removed = fib.flushRoutes((r) => r.protocol === RouteProtocol.STATIC);
    expect(removed.map((r) => r.table)).toEqual([100, RouteTable.MAIN]);
    expect(fib.dump().some((r) => r.protocol === RouteProtocol.STATIC)).toBe(false);
  });
});
