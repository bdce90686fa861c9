/**
 * A million-prefix routing table in each LPM of @pktsim/routing (built output): a synthetic
 * table shaped like the global BGP table, loaded into the linear oracle, the radix trie and
 * DIR-24-8 (and DIR-16-8-8); lookups checked against the oracle on a sample, and the three
 * figures the issue asks for — load time, memory per prefix, lookups per second.
 *
 *   npx pnpm@12.4.2 --filter @pktsim/routing build
 *   npx tsx benchmarks/lpm-million.ts [--prefixes N] [--sample N] [--lookups N] [--seed N] [--json FILE]
 *
 * The table: /24 60 %, /23 12 %, /22 8 %, /16../21 15 % (/16 2 %, /17 1 %, /18 2 %,
 * /19 3 %, /20 4 %, /21 3 %), /8../15 1 %, /25../32 4 %, drawn without repetition from
 * 1.0.0.0-223.255.255.255 with a seeded generator, plus a default route. The implementations
 * run one after another in this process; memory is the growth of heap + ArrayBuffers across the
 * build after forced collections; lookups are timed over addresses half uniform, half inside
 * stored prefixes. The machine's load skews the figures: run nothing else meanwhile.
 */
import { writeFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Rng } from "@pktsim/core";
import { lookupAddresses, syntheticTable } from "./lib/bgp-table";
import { DirLpm, LinearLpm, type Lpm, RadixTrie } from "@pktsim/routing";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number`);
  return v;
}

const PREFIXES = option("prefixes", 1_000_000);
const SAMPLE = option("sample", 2_000);
const LOOKUPS = option("lookups", 2_000_000);
const SEED = option("seed", 42);
const jsonIndex = process.argv.indexOf("--json");
const JSON_FILE = jsonIndex >= 0 ? process.argv[jsonIndex + 1] : undefined;


function usedBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const nowNs = (): bigint => process.hrtime.bigint();

interface Figures {
  name: string;
  loadMs: number;
  bytesPerPrefix: number;
  lookupsPerSec: number;
  lookupsTimed: number;
  mismatches: number;
  checked: number;
}

type Builder = (routes: Array<readonly [number, number, number]>) => Lpm<number>;

const IMPLEMENTATIONS: ReadonlyArray<readonly [string, Builder, number]> = [
  // [name, build from the routes in table order, lookups to time]
  ["LinearLpm (oracle)", (r) => LinearLpm.build(r), 200],
  [
    "RadixTrie",
    (r) => {
      const t = new RadixTrie<number>();
      for (const [p, l, v] of r) t.insert(p, l, v);
      return t;
    },
    LOOKUPS,
  ],
  ["DirLpm DIR-24-8", (r) => DirLpm.build(r), LOOKUPS],
  ["DirLpm DIR-16-8-8", (r) => DirLpm.build(r, { topBits: 16 }), LOOKUPS],
];

function main(): void {
  const rng = new Rng(SEED);
  const table = syntheticTable(PREFIXES, rng);
  const routes: Array<readonly [number, number, number]> = [];
  for (let i = 0; i < PREFIXES; i++) routes.push([table.prefix[i]!, table.len[i]!, i]);
  const sample = lookupAddresses(SAMPLE, table, rng);
  const timed = lookupAddresses(Math.max(LOOKUPS, 1), table, rng);

  console.log(`LPM benchmark: ${PREFIXES.toLocaleString("en")} prefixes, seed ${SEED}, node ${process.version}`);
  const lengths = [...table.hist.entries()].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  console.log(
    `lengths: ${lengths.map(([l, c]) => `/${l} ${((100 * c) / PREFIXES).toFixed(l === 24 || l === 23 || l === 22 ? 1 : 2)}%`).join(", ")}`,
  );

  // The oracle's answers for the sample, from a linear scan of the whole table.
  let oracleAnswers: Int32Array | undefined;
  const results: Figures[] = [];
  for (const [name, build, lookups] of IMPLEMENTATIONS) {
    const before = usedBytes();
    const t0 = nowNs();
    let lpm: Lpm<number> | undefined = build(routes);
    const loadMs = Number(nowNs() - t0) / 1e6;
    const bytes = usedBytes() - before;
    if (lpm.size !== PREFIXES) throw new Error(`${name}: size ${lpm.size}, expected ${PREFIXES}`);

    // Correctness on the sample: every implementation against the linear oracle.
    const answers = new Int32Array(sample.length);
    for (let k = 0; k < sample.length; k++) answers[k] = lpm.lookup(sample[k]!) ?? -1;
    let mismatches = 0;
    if (oracleAnswers === undefined) oracleAnswers = answers;
    else for (let k = 0; k < sample.length; k++) if (answers[k] !== oracleAnswers[k]) mismatches++;

    // Throughput: a tight loop over precomputed addresses, results folded so none is dead code.
    const n = Math.min(lookups, timed.length);
    let acc = 0;
    for (let k = 0; k < Math.min(n, 100_000); k++) acc = (acc + (lpm.lookup(timed[k]!) ?? 0)) | 0; // warm-up
    const t1 = nowNs();
    for (let k = 0; k < n; k++) acc = (acc + (lpm.lookup(timed[k]!) ?? 0)) | 0;
    const lookupNs = Number(nowNs() - t1);
    if (acc === 0x7fffffff) console.log("");
    results.push({
      name,
      loadMs,
      bytesPerPrefix: bytes / PREFIXES,
      lookupsPerSec: (n / lookupNs) * 1e9,
      lookupsTimed: n,
      mismatches,
      checked: sample.length,
    });
    lpm = undefined;
  }

  const rows = results.map((r) => [
    r.name,
    `${(r.loadMs / 1000).toFixed(2)} s`,
    `${r.bytesPerPrefix.toFixed(1)} B`,
    r.lookupsPerSec >= 1e6 ? `${(r.lookupsPerSec / 1e6).toFixed(2)} M/s` : `${r.lookupsPerSec.toFixed(0)} /s`,
    r.name.startsWith("LinearLpm") ? "(oracle)" : `${r.mismatches} of ${r.checked}`,
  ]);
  const head = ["implementation", "load", "memory/prefix", "lookups", "mismatches vs oracle"];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]): string => cells.map((x, c) => x.padEnd(widths[c]!)).join("  ");
  console.log(line(head));
  for (const row of rows) console.log(line(row));
  const bad = results.filter((r) => r.mismatches > 0);
  if (JSON_FILE !== undefined) writeFileSync(JSON_FILE, `${JSON.stringify({ prefixes: PREFIXES, seed: SEED, results }, null, 2)}\n`);
  if (bad.length > 0) {
    console.error(`MISMATCH: ${bad.map((r) => r.name).join(", ")} disagree with the oracle`);
    process.exit(1);
  }
}

main();
