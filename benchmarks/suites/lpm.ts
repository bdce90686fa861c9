/**
 * LPM: lookups per second, build time and memory per prefix over BGP-shaped tables (60 % /24,
 * 12 % /23, 8 % /22, the rest /8../32 and a default route: benchmarks/lib/bgp-table.ts, the
 * generator of lpm-million.ts) of 1k, 100k and 1M prefixes, for each @pktsim/routing LPM and
 * npm's longest-prefix-match as the outside peer. Lookup addresses: half uniform over the
 * whole space, half inside stored prefixes. Every case checks a sample of its answers against
 * the linear oracle and reports the mismatches (0 expected).
 */
import { Rng } from "@pktsim/core";
import { DirLpm, LcTrie, LinearLpm, RadixTrie } from "@pktsim/routing";
import LongestPrefixMatch from "longest-prefix-match";
import { lookupAddresses, syntheticTable } from "../lib/bgp-table";
import { consume, runSuite, timeMs, usedBytes, type CaseDef, type Metric } from "../lib/harness";

const SIZES: ReadonlyArray<readonly [string, number]> = [
  ["1k", 1_000],
  ["100k", 100_000],
  ["1M", 1_000_000],
];
const BATCH = 1000;
const LOOKUPS = 1 << 20;
const CHECKS = 500;

interface Table {
  readonly routes: Array<readonly [number, number, number]>;
  readonly addrs: Uint32Array;
  readonly sample: Uint32Array;
}

function table(n: number): Table {
  const rng = new Rng(42);
  const t = syntheticTable(n, rng);
  const routes: Array<readonly [number, number, number]> = [];
  for (let i = 0; i < n; i++) routes.push([t.prefix[i]!, t.len[i]!, i]);
  return { routes, addrs: lookupAddresses(LOOKUPS, t, rng), sample: lookupAddresses(CHECKS, t, rng) };
}

/** Answers of the linear oracle for the sample (built after the memory figure is taken). */
function mismatches(t: Table, lookup: (addr: number) => number): Metric {
  const oracle = LinearLpm.build(t.routes);
  let bad = 0;
  for (const a of t.sample) if ((oracle.lookup(a) ?? -1) !== lookup(a)) bad++;
  return { value: bad, unit: `of ${t.sample.length}` };
}

interface Impl {
  readonly name: string;
  /** Largest table it is measured on (the linear scan is O(n) per lookup). */
  readonly maxSize: number;
  readonly build: (routes: Array<readonly [number, number, number]>) => (addr: number) => number;
  /** Per-implementation lookup loop, so that each case's call site sees one class only. */
  readonly loop: (t: Table) => Prepared;
}

type Prepared = { fn: () => void; lookup: (addr: number) => number };

function formatIp(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/**
 * The package never matches a /0 (getMatch returns [] where only the default route covers the
 * address), so an empty answer is read as the default route, value 0 in these tables.
 */
function npmAnswer(found: unknown[]): number {
  return found.length === 0 ? 0 : (found[0] as number);
}

const IMPLS: readonly Impl[] = [
  {
    name: "LinearLpm (oracle)",
    maxSize: 1_000,
    build: (routes) => {
      const l = LinearLpm.build(routes);
      return (a) => l.lookup(a) ?? -1;
    },
    loop: (t) => {
      const l = LinearLpm.build(t.routes);
      let k = 0;
      const addrs = t.addrs;
      return {
        lookup: (a) => l.lookup(a) ?? -1,
        fn: () => {
          let acc = 0;
          for (let i = 0; i < BATCH; i++) acc += l.lookup(addrs[k++ & (LOOKUPS - 1)]!) ?? 0;
          consume(acc);
        },
      };
    },
  },
  {
    name: "RadixTrie",
    maxSize: Infinity,
    build: (routes) => {
      const r = new RadixTrie<number>();
      for (const [p, len, v] of routes) r.insert(p, len, v);
      return (a) => r.lookup(a) ?? -1;
    },
    loop: (t) => {
      const r = new RadixTrie<number>();
      for (const [p, len, v] of t.routes) r.insert(p, len, v);
      let k = 0;
      const addrs = t.addrs;
      return {
        lookup: (a) => r.lookup(a) ?? -1,
        fn: () => {
          let acc = 0;
          for (let i = 0; i < BATCH; i++) acc += r.lookup(addrs[k++ & (LOOKUPS - 1)]!) ?? 0;
          consume(acc);
        },
      };
    },
  },
  {
    name: "LcTrie",
    maxSize: Infinity,
    build: (routes) => {
      const r = new LcTrie<number>();
      for (const [p, len, v] of routes) r.insert(p, len, v);
      return (a) => r.lookup(a) ?? -1;
    },
    loop: (t) => {
      const r = new LcTrie<number>();
      for (const [p, len, v] of t.routes) r.insert(p, len, v);
      let k = 0;
      const addrs = t.addrs;
      return {
        lookup: (a) => r.lookup(a) ?? -1,
        fn: () => {
          let acc = 0;
          for (let i = 0; i < BATCH; i++) acc += r.lookup(addrs[k++ & (LOOKUPS - 1)]!) ?? 0;
          consume(acc);
        },
      };
    },
  },
  {
    name: "DirLpm DIR-24-8",
    maxSize: Infinity,
    build: (routes) => {
      const d = DirLpm.build(routes);
      return (a) => d.lookup(a) ?? -1;
    },
    loop: (t) => {
      const d = DirLpm.build(t.routes);
      let k = 0;
      const addrs = t.addrs;
      return {
        lookup: (a) => d.lookup(a) ?? -1,
        fn: () => {
          let acc = 0;
          for (let i = 0; i < BATCH; i++) acc += d.lookup(addrs[k++ & (LOOKUPS - 1)]!) ?? 0;
          consume(acc);
        },
      };
    },
  },
  {
    name: "DirLpm DIR-16-8-8",
    maxSize: Infinity,
    build: (routes) => {
      const d = DirLpm.build(routes, { topBits: 16 });
      return (a) => d.lookup(a) ?? -1;
    },
    loop: (t) => {
      const d = DirLpm.build(t.routes, { topBits: 16 });
      let k = 0;
      const addrs = t.addrs;
      return {
        lookup: (a) => d.lookup(a) ?? -1,
        fn: () => {
          let acc = 0;
          for (let i = 0; i < BATCH; i++) acc += d.lookup(addrs[k++ & (LOOKUPS - 1)]!) ?? 0;
          consume(acc);
        },
      };
    },
  },
  {
    // The outside peer works on strings: addresses are formatted before the clock starts.
    name: "npm longest-prefix-match",
    maxSize: Infinity,
    build: (routes) => {
      const m = new LongestPrefixMatch();
      for (const [p, len, v] of routes) m.addPrefix(`${formatIp(p)}/${len}`, v);
      return (a) => npmAnswer(m.getMatch(`${formatIp(a)}/32`));
    },
    loop: (t) => {
      const m = new LongestPrefixMatch();
      for (const [p, len, v] of t.routes) m.addPrefix(`${formatIp(p)}/${len}`, v);
      const strings: string[] = [];
      for (let i = 0; i < 1 << 16; i++) strings.push(`${formatIp(t.addrs[i]!)}/32`);
      let k = 0;
      return {
        lookup: (a) => npmAnswer(m.getMatch(`${formatIp(a)}/32`)),
        fn: () => {
          let acc = 0;
          for (let i = 0; i < BATCH; i++) acc += npmAnswer(m.getMatch(strings[k++ & 0xffff]!));
          consume(acc);
        },
      };
    },
  },
];

const cases: CaseDef[] = [];
for (const [label, n] of SIZES) {
  for (const impl of IMPLS) {
    if (n > impl.maxSize) continue;
    cases.push({
      name: `lookup ${label} / ${impl.name}`,
      unit: "lookups",
      opsPerCall: BATCH,
      prepare: () => {
        const t = table(n);
        // Build time and memory per prefix: the structure alone, measured before anything else is built.
        const before = usedBytes();
        const [lookup, buildMs] = timeMs(() => impl.build(t.routes));
        const bytes = usedBytes() - before;
        const bad = mismatches(t, lookup);
        const loop = impl.loop(t);
        return {
          fn: loop.fn,
          metrics: {
            build: { value: buildMs, unit: "ms" },
            "memory/prefix": { value: bytes / n, unit: "B" },
            mismatches: bad,
          },
        };
      },
    });
  }
}

runSuite(
  {
    name: "lpm",
    title: "LPM: lookups over BGP-shaped tables (mostly /24), build time, memory per prefix",
    cases,
    notes: [
      "LinearLpm (the oracle) is measured at 1k prefixes only: its lookup scans the whole table",
      "npm longest-prefix-match takes strings: its figures include parsing 'a.b.c.d/32' per lookup (its API), formatted beforehand; it never matches a /0, so an empty answer counts as the default route",
      "memory/prefix: heap + ArrayBuffer growth after a forced GC, divided by the prefix count (DIR-24-8's 80 MiB of fixed tables dominate small tables)",
      "targets: DIR-24-8 (the lookup-optimised structure) >= 20M lookups/s at 1M prefixes; RadixTrie >= 3M",
    ],
  },
  import.meta.url,
);
