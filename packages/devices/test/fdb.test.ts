/**
 * The two FDB storages against each other: the same random sequences of learning, lookups,
 * local entries, ageing, flushing and deletion through the shared kernel algorithms must give
 * the same answers and the same dump order. Plus the algorithms' own kernel semantics.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Fdb, type FdbEntry, FastFdb, FdbFlag, RefFdb, fdbCleanup, fdbFlush, fdbUpdate } from "../src/index";

type Op =
  | { kind: "learn"; mac: number; port: number }
  | { kind: "find"; mac: number }
  | { kind: "local"; mac: number; port: number }
  | { kind: "delete"; mac: number }
  | { kind: "advance"; ns: number }
  | { kind: "age" }
  | { kind: "flush"; port: number | undefined };

/** A pool of MACs small enough to collide often, with halves that stress the 24-bit split. */
const macArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((i) => 0x0200_0000_0000 + i),
  fc.integer({ min: 0, max: 40 }).map((i) => 0x0200_0000_0000 + i * 0x100_0000),
  fc.integer({ min: 1, max: 2 ** 48 - 1 }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("learn" as const), mac: macArb, port: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("find" as const), mac: macArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("local" as const), mac: macArb, port: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), mac: macArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("advance" as const), ns: fc.integer({ min: 0, max: 400e9 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("age" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("flush" as const), port: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }) }) },
);

const view = (e: FdbEntry | undefined): unknown => (e === undefined ? undefined : { ...e });
const dump = (fdb: Fdb): unknown[] => fdb.entries().map(view);
const HOLD = 300e9;

/** Applies one operation; returns what it answered. */
function apply(fdb: Fdb, op: Op, now: number): unknown {
  switch (op.kind) {
    case "learn":
      return view(fdbUpdate(fdb, op.mac, 0, op.port, now));
    case "find":
      return view(fdb.find(op.mac, 0));
    case "local":
      if (fdb.find(op.mac, 0) !== undefined) return "exists";
      return view(fdb.create(op.mac, 0, op.port, FdbFlag.LOCAL | FdbFlag.STATIC, now));
    case "delete":
      return fdb.delete(op.mac, 0);
    case "age":
      return fdbCleanup(fdb, HOLD, now);
    case "flush":
      fdbFlush(fdb, op.port);
      return fdb.size;
    case "advance":
      return undefined;
  }
}

describe("FastFdb equals RefFdb", () => {
  it("on random learn/lookup/local/delete/age/flush sequences (answers, sizes, dump order)", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const ref = new RefFdb();
        const fast = new FastFdb(4);
        let now = 0;
        for (const op of ops) {
          if (op.kind === "advance") now += op.ns;
          expect(apply(fast, op, now)).toEqual(apply(ref, op, now));
          expect(fast.size).toBe(ref.size);
        }
        expect(dump(fast)).toEqual(dump(ref));
      }),
      { numRuns: 300 },
    );
  });

  it("after many inserts and deletes every remaining key is still found (backward-shift deletion)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 48 - 1 }), { minLength: 1, maxLength: 500 }), fc.integer({ min: 0, max: 1000 }), (macs, seed) => {
        const fast = new FastFdb();
        const ref = new RefFdb();
        macs.forEach((m, i) => {
          fast.create(m, i % 3, 1, 0, i);
          ref.create(m, i % 3, 1, 0, i);
        });
        macs.forEach((m, i) => {
          if ((i * 7 + seed) % 3 === 0) {
            expect(fast.delete(m, i % 3)).toBe(true);
            ref.delete(m, i % 3);
          }
        });
        for (const [i, m] of macs.entries()) expect(view(fast.find(m, i % 3))).toEqual(view(ref.find(m, i % 3)));
        expect(dump(fast)).toEqual(dump(ref));
      }),
      { numRuns: 100 },
    );
  });
});

describe("the kernel's FDB algorithms (br_fdb.c)", () => {
  for (const make of [() => new RefFdb(), () => new FastFdb()]) {
    const name = make().constructor.name;
    it(`${name}: learning adds at the head, refreshes and follows a moved station without reordering`, () => {
      const fdb = make();
      fdbUpdate(fdb, 0xa, 0, 1, 0);
      fdbUpdate(fdb, 0xb, 0, 2, 5);
      expect(fdb.entries().map((e) => e.mac)).toEqual([0xb, 0xa]);
      const moved = fdbUpdate(fdb, 0xa, 0, 3, 9)!;
      expect([moved.port, moved.updated]).toEqual([3, 9]);
      expect(fdb.entries().map((e) => e.mac)).toEqual([0xb, 0xa]);
    });

    it(`${name}: a frame never takes over a local address`, () => {
      const fdb = make();
      fdb.create(0xc, 0, 1, FdbFlag.LOCAL | FdbFlag.STATIC, 0);
      expect(fdbUpdate(fdb, 0xc, 0, 2, 7)).toBeUndefined();
      expect(fdb.find(0xc, 0)).toMatchObject({ port: 1, updated: 0 });
    });

    it(`${name}: cleanup deletes what was silent for the hold time and returns the next expiry (at least 10 ms)`, () => {
      const fdb = make();
      fdbUpdate(fdb, 0x1, 0, 1, 0);
      fdbUpdate(fdb, 0x2, 0, 1, 2e9);
      fdb.create(0x3, 0, 1, FdbFlag.LOCAL | FdbFlag.STATIC, 0);
      expect(fdbCleanup(fdb, 5e9, 4e9)).toBe(1e9);
      expect(fdbCleanup(fdb, 5e9, 5e9)).toBe(2e9);
      expect(fdb.entries().map((e) => e.mac)).toEqual([0x3, 0x2]);
      expect(fdbCleanup(fdb, 5e9, 7e9 - 1)).toBe(10e6);
      expect(fdbCleanup(fdb, 5e9, 7e9)).toBe(5e9);
      expect(fdb.entries().map((e) => e.mac)).toEqual([0x3]);
    });

    it(`${name}: flush removes dynamic entries (of one port, or all), never local ones`, () => {
      const fdb = make();
      fdbUpdate(fdb, 0x1, 0, 1, 0);
      fdbUpdate(fdb, 0x2, 0, 2, 0);
      fdb.create(0x3, 0, 1, FdbFlag.LOCAL | FdbFlag.STATIC, 0);
      fdbFlush(fdb, 2);
      expect(fdb.entries().map((e) => e.mac)).toEqual([0x3, 0x1]);
      fdbFlush(fdb);
      expect(fdb.entries().map((e) => e.mac)).toEqual([0x3]);
    });
  }
});
