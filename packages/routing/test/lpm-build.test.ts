import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LinearLpm } from "../src/index";

const MASK = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

// Few distinct prefixes, so that repeats (which keep their place and take the last value) are common.
const arbRoute = fc
  .tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom(0, 8, 16, 24, 32), fc.integer())
  .map(([k, len, value]) => [((k * 0x21110101) & MASK(len)) >>> 0, len, value] as const);

describe("LinearLpm.build", () => {
  it("makes the table that inserting the routes one by one makes", () => {
    fc.assert(
      fc.property(fc.array(arbRoute, { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 10 }), (routes, addrs) => {
        const built = LinearLpm.build(routes);
        const inserted = new LinearLpm<number>();
        for (const [p, len, v] of routes) inserted.insert(p, len, v);
        expect(built.size).toBe(inserted.size);
        expect([...built.entries()]).toEqual([...inserted.entries()]);
        for (const a of [0, 0xffffffff, ...addrs]) expect(built.lookup(a)).toBe(inserted.lookup(a));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a prefix with host bits set, as insert does", () => {
    expect(() => LinearLpm.build([[0x0a000001, 24, 1]])).toThrow(RangeError);
  });
});
