// The rtables cached per nexthop (ip.ts: nhc_rth_input / nhc_pcpu_rth_output) must always be
// what a lookup with empty caches builds: a namespace that went through the same changes and
// looks up once, fresh, is the oracle of every lookup of a namespace that has been caching.
import fc from "fast-check";
import { Packet, parseIpv4 } from "@pktsim/core";
import { NlFlags } from "@pktsim/routing";
import { describe, expect, it } from "vitest";
import { Host, type Namespace, type Rtable } from "../src/index";

type Change =
  | { readonly kind: "addr"; readonly dev: number; readonly net: number; readonly len: number }
  | { readonly kind: "deladdr"; readonly dev: number }
  | { readonly kind: "mtu"; readonly dev: number; readonly mtu: number }
  | { readonly kind: "route"; readonly net: number; readonly gw: number; readonly prefsrc: boolean }
  | { readonly kind: "link"; readonly dev: number; readonly up: boolean }
  | { readonly kind: "forward"; readonly on: boolean };
type Lookup = { readonly kind: "out" | "in"; readonly dst: number; readonly src: number };
type Op = Change | Lookup;
const isLookup = (o: Op): o is Lookup => o.kind === "out" || o.kind === "in";

const ADDRS = ["10.0.0.1", "10.0.0.2", "10.0.1.7", "10.1.0.9", "10.0.0.255", "192.168.5.5", "10.0.1.255", "10.0.0.5", "10.0.1.5"].map((a) => parseIpv4(a)!);

function build(): { ns: Namespace; devs: ReturnType<Namespace["addVethPair"]> } {
  const host = new Host({ seed: 3 });
  const ns = host.addNetns("n");
  const peer = host.addNetns("p");
  const devs = ns.addVethPair("v0", "v1", peer);
  const [v2] = ns.addVethPair("v2", "v3", peer);
  for (const d of [ns.lo, devs[0], v2, devs[1]]) d.setAdminUp(true);
  ns.ip.addAddress(devs[0], { local: parseIpv4("10.0.0.1")!, prefixLen: 24 });
  return { ns, devs: [devs[0], v2] };
}

function apply(ns: Namespace, devs: readonly [unknown, unknown], c: Change): void {
  const dev = (i: number) => (i === 0 ? ns.deviceByName("v0")! : ns.deviceByName("v2")!);
  void devs;
  try {
    switch (c.kind) {
      case "addr":
        ns.ip.addAddress(dev(c.dev), { local: (parseIpv4("10.0.0.0")! + (c.net << 8) + 5) >>> 0, prefixLen: c.len });
        break;
      case "deladdr": {
        const a = ns.inDevice(dev(c.dev))!.addrs[0];
        if (a !== undefined) ns.ip.delAddress(dev(c.dev), a.local, a.prefixLen);
        break;
      }
      case "mtu":
        dev(c.dev).setMtu(c.mtu);
        break;
      case "route":
        ns.fib.fib.newRoute(
          {
            dst: (parseIpv4("10.1.0.0")! + (c.net << 8)) >>> 0,
            prefixLen: 24,
            protocol: 3,
            ...(c.prefsrc ? { prefsrc: parseIpv4("10.0.0.1")! } : {}),
            nexthops: [{ gateway: (parseIpv4("10.0.0.0")! + c.gw) >>> 0 }],
          },
          NlFlags.CREATE | NlFlags.REPLACE,
        );
        break;
      case "link":
        dev(c.dev).setAdminUp(c.up);
        break;
      case "forward":
        ns.sysctl.write("net.ipv4.ip_forward", c.on ? "1" : "0");
        break;
    }
  } catch {
    // A refused change (EEXIST, ENETUNREACH, …) changes nothing, in both namespaces.
  }
}

function lookup(ns: Namespace, l: Lookup): unknown {
  let rt: Rtable | string | number;
  if (l.kind === "out") {
    rt = ns.ip.routeOutput({ dst: ADDRS[l.dst]!, src: l.src === 0 ? 0 : ADDRS[l.src]! });
  } else {
    const pkt = Packet.alloc(0);
    rt = ns.ip.routeInput(pkt, ADDRS[l.dst]!, parseIpv4("10.0.0.77")!, 0, ns.deviceByName("v0")!);
  }
  if (typeof rt !== "object") return rt;
  return { ...rt, dev: rt.dev.name, fibDev: rt.fibDev?.name ?? null };
}

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant("addr" as const), dev: fc.integer({ min: 0, max: 1 }), net: fc.integer({ min: 0, max: 2 }), len: fc.constantFrom(16, 24, 32) }),
  fc.record({ kind: fc.constant("deladdr" as const), dev: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant("mtu" as const), dev: fc.integer({ min: 0, max: 1 }), mtu: fc.constantFrom(1280, 1500, 9000) }),
  fc.record({ kind: fc.constant("route" as const), net: fc.integer({ min: 0, max: 1 }), gw: fc.integer({ min: 2, max: 3 }), prefsrc: fc.boolean() }),
  fc.record({ kind: fc.constant("link" as const), dev: fc.integer({ min: 0, max: 1 }), up: fc.boolean() }),
  fc.record({ kind: fc.constant("forward" as const), on: fc.boolean() }),
);
const lookupOp: fc.Arbitrary<Lookup> = fc.record({
  kind: fc.constantFrom("out" as const, "in" as const),
  dst: fc.integer({ min: 0, max: ADDRS.length - 1 }),
  src: fc.constantFrom(0, 0, 0, 7, 8),
});

describe("cached rtables", () => {
  it("equal what a namespace with empty caches builds, through address, route, MTU, link and sysctl changes", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 1, arbitrary: change }, { weight: 2, arbitrary: lookupOp }), { maxLength: 40 }), (ops: Op[]) => {
        fc.pre(ops.some((o) => o.kind === "addr"));
        const cached = build();
        const done: Change[] = [];
        for (const op of ops) {
          if (isLookup(op)) {
            const fresh = build();
            for (const c of done) apply(fresh.ns, fresh.devs, c);
            expect(lookup(cached.ns, op)).toEqual(lookup(fresh.ns, op));
          } else {
            apply(cached.ns, cached.devs, op);
            done.push(op);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a repeated lookup returns the same rtable object (none is built per packet)", () => {
    const { ns } = build();
    const a = ns.ip.routeOutput({ dst: parseIpv4("10.0.0.2")! });
    const b = ns.ip.routeOutput({ dst: parseIpv4("10.0.0.2")! });
    expect(typeof a).toBe("object");
    expect(b).toBe(a);
    const i1 = ns.ip.routeInput(Packet.alloc(0), parseIpv4("10.0.0.1")!, parseIpv4("10.0.0.2")!, 0, ns.deviceByName("v0")!);
    const i2 = ns.ip.routeInput(Packet.alloc(0), parseIpv4("10.0.0.1")!, parseIpv4("10.0.0.2")!, 0, ns.deviceByName("v0")!);
    expect(typeof i1).toBe("object");
    expect(i2).toBe(i1);
    ns.deviceByName("v0")!.setMtu(1400);
    const c = ns.ip.routeOutput({ dst: parseIpv4("10.0.0.2")! });
    expect(c).not.toBe(a);
    expect((c as Rtable).mtu).toBe(1400);
  });
});

describe("the neighbour entry remembered for the next packet", () => {
  it("is the table's entry for the key: a removed entry is not returned, another key gets its own", () => {
    const { ns } = build();
    const v0 = ns.deviceByName("v0")!;
    const v2 = ns.deviceByName("v2")!;
    const a = parseIpv4("10.0.0.2")!;
    const n1 = ns.neigh.lookupOrCreate(a, v0);
    expect(ns.neigh.lookupOrCreate(a, v0)).toBe(n1);
    expect(ns.neigh.lookupOrCreate(a, v2)).not.toBe(n1);
    expect(ns.neigh.lookupOrCreate(a + 1, v0)).not.toBe(n1);
    expect(ns.neigh.lookupOrCreate(a, v0)).toBe(n1);
    ns.neigh.remove(n1);
    const n2 = ns.neigh.lookupOrCreate(a, v0);
    expect(n2).not.toBe(n1);
    expect(ns.neigh.lookup(a, v0)).toBe(n2);
  });
});
