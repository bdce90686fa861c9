import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FibResult, fibLookup, fibMultipathHash, fibSelectMultipath, fibSelectPath, RouteVerb } from "../src/index";
import { ip, must, req, testNamespace } from "./helpers";

const gw = (g: string, weight = 1): { gateway: number; weight: number } => ({ gateway: ip(g), weight });

describe("multipath (fib_rebalance, fib_select_multipath)", () => {
  it("splits the 31-bit hash space by weight", () => {
    const { fib } = testNamespace();
    const r = must(fib.newRoute(req("10.80.0.0/16", { nexthops: [gw("10.0.1.2"), gw("10.0.2.2", 3), gw("10.0.1.3")] }), RouteVerb.add));
    // DIV_ROUND_CLOSEST(w << 31, 5) - 1 for cumulative weights 1, 4, 5
    expect(r.nexthops.map((nh) => nh.upperBound)).toEqual([429496729, 1717986917, 2147483647]);
    const res = new FibResult();
    expect(fibLookup(fib, { daddr: ip("10.80.0.1") }, res)).toBe(0);
    expect(res.nhsel).toBe(0); // fib_table_lookup takes the first good path; selection comes after
    fibSelectMultipath(res, 429496729);
    expect(res.nhsel).toBe(0);
    fibSelectMultipath(res, 429496730);
    expect(res.nhsel).toBe(1);
    fibSelectMultipath(res, 2147483647);
    expect(res.nhsel).toBe(2);
  });

  it("spreads flows in proportion to the weights, the same way for the same seed", () => {
    const count = (seed: number): number[] => {
      const { fib } = testNamespace({ seed });
      must(fib.newRoute(req("10.80.0.0/16", { nexthops: [gw("10.0.1.2"), gw("10.0.2.2", 3)] }), RouteVerb.add));
      const hits = [0, 0];
      const res = new FibResult();
      for (let i = 0; i < 4000; i++) {
        const flow = { daddr: (ip("10.80.0.0") + i) >>> 0, saddr: ip("10.0.1.1") };
        expect(fibLookup(fib, flow, res)).toBe(0);
        fibSelectPath(fib, flow, res);
        hits[res.nhsel]!++;
      }
      return hits;
    };
    const a = count(7);
    expect(a[0]! + a[1]!).toBe(4000);
    expect(a[0]! / 4000).toBeGreaterThan(0.2);
    expect(a[0]! / 4000).toBeLessThan(0.3);
    expect(count(7)).toEqual(a);
    expect(count(8)).not.toEqual(a);
  });

  it("does not choose a path for a flow bound to an output device", () => {
    const { fib } = testNamespace();
    must(fib.newRoute(req("10.80.0.0/16", { nexthops: [gw("10.0.1.2"), gw("10.0.2.2")] }), RouteVerb.add));
    const res = new FibResult();
    expect(fibLookup(fib, { daddr: ip("10.80.0.1"), oif: 3 }, res)).toBe(0);
    fibSelectPath(fib, { daddr: ip("10.80.0.1"), oif: 3 }, res);
    expect(res.nexthop!.ifindex).toBe(3);
  });

  it("hashes symmetrically in source and destination, into 31 bits, never 0 before the shift", () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(0xffffffff), fc.nat(0xffffffff), (seed, s, d) => {
        const h = fibMultipathHash(seed, s, d);
        expect(h).toBe(fibMultipathHash(seed, d, s));
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThan(2 ** 31);
      }),
    );
  });
});
