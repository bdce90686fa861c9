import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LcTrie, LinearLpm, RadixTrie } from "../src/index";
import { Rng } from "@pktsim/core";

const MASK = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

/**
 * Tables large enough that tnodes inflate, halve and collapse many times (the small random
 * tables of lpm.test.ts rarely do): LcTrie must answer every lookup as LinearLpm does while
 * thousands of prefixes come and go, clustered (dense tnodes) and spread (sparse ones).
 */
describe("LcTrie through inflate, halve and collapse", () => {
  it("agrees with LinearLpm while thousands of prefixes are added and then mostly removed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.constantFrom(0, 0x0a000000, 0xc0a80000), (seed, cluster) => {
        const rng = new Rng(seed);
        const trie = new LcTrie<number>();
        const oracle = new LinearLpm<number>();
        const stored: [number, number][] = [];
        const rand = (): number => {
          const len = [8, 12, 16, 18, 20, 22, 24, 24, 24, 25, 28, 32][rng.int(0, 11)]!;
          const base = cluster === 0 ? rng.uint32() : (cluster | rng.int(0, 0xffff)) >>> 0;
          return ((base & MASK(len)) >>> 0) * 64 + len;
        };
        const check = (): void => {
          expect(trie.size).toBe(oracle.size);
          for (let i = 0; i < 200; i++) {
            const addr = i % 2 === 0 ? rng.uint32() : (cluster | rng.int(0, 0xffff)) >>> 0;
            expect(trie.lookup(addr)).toBe(oracle.lookup(addr));
            expect(trie.lookup(addr, 23)).toBe(oracle.lookup(addr, 23));
          }
          for (const [p, l] of stored.slice(0, 50)) {
            expect(trie.lookup(p)).toBe(oracle.lookup(p));
            expect(trie.get(p, l)).toBe(oracle.get(p, l));
          }
        };
        for (let i = 0; i < 3000; i++) {
          const k = rand();
          const p = Math.floor(k / 64);
          const l = k % 64;
          trie.insert(p, l, i);
          oracle.insert(p, l, i);
          stored.push([p, l]);
        }
        check();
        // Lookups have built the root's table: more prefixes now, checked as they come.
        for (let i = 0; i < 600; i++) {
          const k = rand();
          const p = Math.floor(k / 64);
          const l = k % 64;
          trie.insert(p, l, 10_000 + i);
          oracle.insert(p, l, 10_000 + i);
          stored.push([p, l]);
          if (i % 100 === 99) check();
        }
        for (let i = 0; i < stored.length; i++) {
          if (rng.int(0, 9) < 9) {
            const [p, l] = stored[i]!;
            expect(trie.remove(p, l)).toBe(oracle.remove(p, l));
          }
          if (i % 1000 === 999) check();
        }
        check();
        expect([...trie.entries()]).toEqual([...oracle.entries()]);
      }),
      { numRuns: 6 },
    );
  });

  it("agrees with LinearLpm on dense host routes (tnodes at the last bits, /31 and /32 neighbours)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const rng = new Rng(seed);
        const trie = new LcTrie<number>();
        const oracle = new LinearLpm<number>();
        const base = 0x0a000000;
        for (let i = 0; i < 1024; i++) {
          if (rng.int(0, 3) === 0) continue;
          const len = rng.int(0, 5) === 0 ? 31 : 32;
          const p = (base + (len === 31 ? i & ~1 : i)) >>> 0;
          trie.insert(p, len, i);
          oracle.insert(p, len, i);
        }
        trie.insert(base, 22, -1);
        oracle.insert(base, 22, -1);
        for (let round = 0; round < 3; round++) {
          for (let a = base; a < base + 1100; a++) expect(trie.lookup(a)).toBe(oracle.lookup(a));
          for (const e of [...oracle.entries()]) {
            if (rng.int(0, 2) === 0) expect(trie.remove(e.prefix, e.prefixLen)).toBe(oracle.remove(e.prefix, e.prefixLen));
          }
        }
        expect([...trie.entries()]).toEqual([...oracle.entries()]);
      }),
      { numRuns: 8 },
    );
  });

  it("a default route under a full table: every address reaches it or something longer", () => {
    const trie = new LcTrie<number>();
    const radix = new RadixTrie<number>();
    trie.insert(0, 0, -1);
    radix.insert(0, 0, -1);
    for (let i = 0; i < 4096; i++) {
      trie.insert(((i * 0x9e3779b1) & 0xffffff00) >>> 0, 24, i);
      radix.insert(((i * 0x9e3779b1) & 0xffffff00) >>> 0, 24, i);
    }
    const rng = new Rng(9);
    for (let i = 0; i < 20000; i++) {
      const a = rng.uint32();
      expect(trie.lookup(a)).toBe(radix.lookup(a));
    }
  });
});
