import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DirLpm, LcTrie, LinearLpm, RadixTrie, type Lpm } from "../src/index";

const MASK = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
const ip = (s: string): number => s.split(".").reduce((a, o) => a * 256 + Number(o), 0) >>> 0;

type Op = { kind: "insert" | "remove"; prefix: number; len: number; value: number };

// Prefixes drawn near a few hot spots so that they nest and collide, plus /0 and /32.
const arbPrefix = fc
  .tuple(
    fc.constantFrom(0x0a000000, 0x0a080000, 0xc0a80000, 0x00000000, 0xffffff00),
    fc.integer({ min: 0, max: 0xffff }),
    fc.oneof(fc.constantFrom(0, 1, 8, 16, 24, 25, 31, 32), fc.integer({ min: 0, max: 32 })),
  )
  .map(([base, low, len]) => ({ prefix: ((base | low) & MASK(len)) >>> 0, len }));

const arbOps = fc.array(
  fc.record({
    kind: fc.constantFrom<"insert" | "remove">("insert", "insert", "insert", "remove"),
    p: arbPrefix,
    value: fc.integer(),
  }),
  { maxLength: 60 },
);

const arbAddr = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.tuple(fc.constantFrom(0x0a000000, 0x0a080000, 0xc0a80000, 0, 0xffffff00), fc.integer({ min: 0, max: 0xffff }))
    .map(([b, l]) => (b | l) >>> 0),
  fc.constantFrom(0, 0xffffffff),
);

function apply(lpm: Lpm<number>, ops: Op[]): void {
  for (const op of ops) {
    if (op.kind === "insert") lpm.insert(op.prefix, op.len, op.value);
    else lpm.remove(op.prefix, op.len);
  }
}

function matches(lpm: Lpm<number>, addr: number): [number, number][] {
  const out: [number, number][] = [];
  lpm.forEachMatch(addr, (v, len) => {
    out.push([len, v]);
  });
  return out;
}

const impls: [string, () => Lpm<number>][] = [
  ["RadixTrie", () => new RadixTrie<number>()],
  ["LcTrie", () => new LcTrie<number>()],
  ["DirLpm topBits 16", () => new DirLpm<number>({ topBits: 16 })],
  ["DirLpm topBits 8", () => new DirLpm<number>({ topBits: 8 })],
];

describe.each(impls)("%s agrees with LinearLpm", (_name, make) => {
  it("on lookups, exact gets, match walks, size and dump after random inserts and removes", () => {
    fc.assert(
      fc.property(arbOps, fc.array(arbAddr, { minLength: 1, maxLength: 20 }), (rawOps, addrs) => {
        const ops: Op[] = rawOps.map((o) => ({ kind: o.kind, prefix: o.p.prefix, len: o.p.len, value: o.value }));
        // Remove sometimes targets a prefix inserted earlier.
        ops.forEach((o, i) => {
          const earlier = ops[i >> 1];
          if (o.kind === "remove" && earlier && i % 2 === 0) Object.assign(o, { prefix: earlier.prefix, len: earlier.len });
        });
        const oracle = new LinearLpm<number>();
        const lpm = make();
        apply(oracle, ops);
        apply(lpm, ops);
        expect(lpm.size).toBe(oracle.size);
        expect([...lpm.entries()]).toEqual([...oracle.entries()]);
        for (const addr of addrs) {
          expect(lpm.lookup(addr)).toBe(oracle.lookup(addr));
          for (const maxLen of [0, 8, 23, 31]) expect(lpm.lookup(addr, maxLen)).toBe(oracle.lookup(addr, maxLen));
          expect(matches(lpm, addr)).toEqual(matches(oracle, addr));
        }
        for (const o of ops) expect(lpm.get(o.prefix, o.len)).toBe(oracle.get(o.prefix, o.len));
      }),
      { numRuns: 300 },
    );
  });
});

// A dense neighbourhood: a few addresses of one /29 at lengths /24–/32, so that prefixes of
// different lengths share a leaf's key after splits (the shape of a node with a /32 on one
// device and the /24 of another, as flannel builds it).
const arbDenseOps = fc.array(
  fc.record({
    kind: fc.constantFrom<"insert" | "remove">("insert", "insert", "insert", "remove"),
    low: fc.integer({ min: 0, max: 7 }),
    len: fc.oneof({ arbitrary: fc.constant(32), weight: 3 }, { arbitrary: fc.integer({ min: 24, max: 31 }), weight: 2 }),
    value: fc.integer(),
  }),
  { maxLength: 30 },
);

describe.each(impls)("%s agrees with LinearLpm in a dense neighbourhood", (_name, make) => {
  it("on every address of the /29 after random inserts and removes", () => {
    fc.assert(
      fc.property(arbDenseOps, (raw) => {
        const base = ip("10.244.2.0");
        const ops: Op[] = raw.map((o) => ({ kind: o.kind, prefix: ((base | o.low) & MASK(o.len)) >>> 0, len: o.len, value: o.value }));
        const oracle = new LinearLpm<number>();
        const lpm = make();
        apply(oracle, ops);
        apply(lpm, ops);
        expect([...lpm.entries()]).toEqual([...oracle.entries()]);
        for (let low = 0; low < 16; low++) {
          const addr = (base | low) >>> 0;
          expect(lpm.lookup(addr)).toBe(oracle.lookup(addr));
          expect(matches(lpm, addr)).toEqual(matches(oracle, addr));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("finds a shorter prefix added to a leaf that a split moved under a new tnode", () => {
    const lpm = make();
    lpm.insert(ip("10.244.2.0"), 32, 1);
    lpm.insert(ip("10.244.2.1"), 32, 2);
    lpm.insert(ip("10.244.2.0"), 24, 3);
    expect(lpm.lookup(ip("10.244.2.2"))).toBe(3);
  });
});

describe("RadixTrie", () => {
  it("dumps by ascending address with the longer prefix first, default route first", () => {
    const t = new RadixTrie<string>();
    for (const [p, len] of [
      ["10.8.0.0", 16], ["10.0.0.0", 8], ["10.8.0.0", 24], ["0.0.0.0", 0], ["10.0.0.0", 24],
      ["10.8.1.128", 25], ["10.8.1.0", 24], ["192.168.50.0", 24], ["10.6.6.6", 32],
    ] as const) t.insert(ip(p), len, `${p}/${len}`);
    expect([...t].map((e) => e.value)).toEqual([
      "0.0.0.0/0", "10.0.0.0/24", "10.0.0.0/8", "10.6.6.6/32", "10.8.0.0/24", "10.8.0.0/16",
      "10.8.1.0/24", "10.8.1.128/25", "192.168.50.0/24",
    ]);
  });

  it("walks covering prefixes from longest to shortest with lookup(addr, maxLen)", () => {
    const t = new RadixTrie<number>();
    t.insert(0, 0, 0);
    t.insert(ip("10.0.0.0"), 8, 8);
    t.insert(ip("10.8.0.0"), 16, 16);
    t.insert(ip("10.8.1.0"), 24, 24);
    const seen: number[] = [];
    for (let v = t.lookup(ip("10.8.1.7")); v !== undefined; v = v === 0 ? undefined : t.lookup(ip("10.8.1.7"), v - 1)) seen.push(v);
    expect(seen).toEqual([24, 16, 8, 0]);
  });

  it("rejects host bits and lengths outside 0..32", () => {
    const t = new RadixTrie<number>();
    expect(() => t.insert(ip("10.24.0.1"), 16, 1)).toThrow(RangeError);
    expect(() => t.insert(0, 33, 1)).toThrow(RangeError);
  });
});

describe("DirLpm (DIR-24-8)", () => {
  it("builds a table in bulk and answers like the trie, with the full 24-bit first stride", () => {
    const routes: [number, number, number][] = [
      [0, 0, 1], [ip("10.0.0.0"), 8, 2], [ip("10.8.0.0"), 16, 3], [ip("10.8.1.0"), 24, 4],
      [ip("10.8.1.128"), 25, 5], [ip("10.8.1.129"), 32, 6], [ip("255.255.255.255"), 32, 7],
    ];
    const dir = DirLpm.build(routes);
    const trie = new RadixTrie<number>();
    for (const [p, l, v] of routes) trie.insert(p, l, v);
    for (const a of ["1.2.3.4", "10.1.1.1", "10.8.9.9", "10.8.1.1", "10.8.1.200", "10.8.1.129", "255.255.255.255", "255.255.255.254"]) {
      expect(dir.lookup(ip(a))).toBe(trie.lookup(ip(a)));
    }
    dir.remove(ip("10.8.1.128"), 25);
    expect(dir.lookup(ip("10.8.1.200"))).toBe(4);
    expect(dir.lookup(ip("10.8.1.129"))).toBe(6);
    dir.remove(0, 0);
    expect(dir.lookup(ip("1.2.3.4"))).toBeUndefined();
  });
});
