/**
 * FDB: the bridge forwarding database at 1k, 10k, 100k and 1M stations, for the reference
 * (RefFdb: a Map keyed by text) and the default (FastFdb: open addressing on numbers).
 *   lookup  fdb.find of a known station, in a random order (br_fdb_find_rcu on every frame)
 *   update  fdbUpdate of a known station from its port (br_fdb_update on every received frame)
 *   learn   fdbUpdate of new stations into an empty table until it holds N (fdb_create)
 */
import { Rng, isMulticastMac } from "@pktsim/core";
import { FastFdb, RefFdb, fdbUpdate, type Fdb } from "@pktsim/devices";
import { consume, runSuite, type CaseDef } from "../lib/harness";

const SIZES: ReadonlyArray<readonly [string, number]> = [
  ["1k", 1_000],
  ["10k", 10_000],
  ["100k", 100_000],
  ["1M", 1_000_000],
];
const BATCH = 1000;
const PORTS = 8;

const IMPLS: ReadonlyArray<readonly [string, () => Fdb]> = [
  ["RefFdb (Map, oracle)", () => new RefFdb()],
  ["FastFdb", () => new FastFdb()],
];

/** N distinct unicast MACs from a seeded generator, and a shuffled visiting order of them. */
function stations(n: number): { macs: Float64Array; order: Float64Array } {
  const rng = new Rng(11);
  const seen = new Set<number>();
  const macs = new Float64Array(n);
  for (let i = 0; i < n; ) {
    const mac = rng.uint32() * 0x10000 + (rng.uint32() & 0xffff);
    if (isMulticastMac(mac) || seen.has(mac)) continue;
    seen.add(mac);
    macs[i++] = mac;
  }
  const order = new Float64Array(1 << 20);
  for (let i = 0; i < order.length; i++) order[i] = macs[rng.int(0, n - 1)]!;
  return { macs, order };
}

function filled(make: () => Fdb, macs: Float64Array): Fdb {
  const fdb = make();
  for (let i = 0; i < macs.length; i++) fdbUpdate(fdb, macs[i]!, 1, 1 + (i % PORTS), 0);
  return fdb;
}

const cases: CaseDef[] = [];
for (const [label, n] of SIZES) {
  for (const [impl, make] of IMPLS) {
    cases.push({
      name: `lookup ${label} / ${impl}`,
      unit: "lookups",
      opsPerCall: BATCH,
      prepare: () => {
        const { macs, order } = stations(n);
        const fdb = filled(make, macs);
        let k = 0;
        return {
          fn: () => {
            let acc = 0;
            for (let i = 0; i < BATCH; i++) acc += fdb.find(order[k++ & 0xfffff]!, 1)!.port;
            consume(acc);
          },
        };
      },
    });
    cases.push({
      name: `update ${label} / ${impl}`,
      unit: "updates",
      opsPerCall: BATCH,
      prepare: () => {
        const { macs, order } = stations(n);
        const fdb = filled(make, macs);
        let k = 0;
        let now = 0;
        return {
          fn: () => {
            now += 1000;
            for (let i = 0; i < BATCH; i++) fdbUpdate(fdb, order[k++ & 0xfffff]!, 1, 1 + (k & 7), now);
            consume(fdb.size);
          },
        };
      },
    });
    cases.push({
      name: `learn ${label} / ${impl}`,
      unit: "learns",
      opsPerCall: n,
      prepare: () => {
        const { macs } = stations(n);
        return {
          fn: () => consume(filled(make, macs).size),
        };
      },
    });
  }
}

runSuite(
  {
    name: "fdb",
    title: "FDB: lookup, update (known station) and learn (new station) at 1k-1M MACs",
    cases,
    notes: [
      "learn: one call fills an empty table with N stations (growth included), so ops/sec = N × calls/sec",
      "target: FastFdb >= 30M lookups/s at 10k MACs",
    ],
  },
  import.meta.url,
);
