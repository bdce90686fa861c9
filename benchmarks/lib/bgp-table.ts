/**
 * The synthetic BGP-shaped table of benchmarks/lpm-million.ts (issue 4), shared with the LPM
 * suite (benchmarks/suites/lpm.ts) so that both measure the same tables.
 */
import type { Rng } from "@pktsim/core";

/** Share of the table per prefix length, in percent (sums to 100). */
export const LENGTH_SHARE: ReadonlyArray<readonly [number, number]> = [
  [8, 0.05], [9, 0.05], [10, 0.1], [11, 0.1], [12, 0.15], [13, 0.15], [14, 0.2], [15, 0.2],
  [16, 2], [17, 1], [18, 2], [19, 3], [20, 4], [21, 3],
  [22, 8], [23, 12], [24, 60],
  [25, 0.8], [26, 0.7], [27, 0.5], [28, 0.5], [29, 0.5], [30, 0.5], [31, 0.2], [32, 0.3],
];

const mask = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

/** The synthetic table: parallel arrays of prefix, length and value (the index). */
export function syntheticTable(n: number, rng: Rng): { prefix: Uint32Array; len: Uint8Array; hist: Map<number, number> } {
  const prefix = new Uint32Array(n);
  const len = new Uint8Array(n);
  const hist = new Map<number, number>();
  const seen = new Set<number>();
  // The default route is one of them; the rest follow the shares.
  prefix[0] = 0;
  len[0] = 0;
  seen.add(0);
  hist.set(0, 1);
  let i = 1;
  for (const [l, share] of LENGTH_SHARE) {
    const want = Math.round(((n - 1) * share) / 100);
    // Short lengths have few distinct prefixes in unicast space; take what exists.
    const room = 2 ** l * (224 / 256);
    const count = Math.min(want, Math.floor(room * 0.9));
    let made = 0;
    while (made < count && i < n) {
      const p = (rng.int(0x01000000, 0xdfffffff) & mask(l)) >>> 0;
      const key = p * 64 + l;
      if (seen.has(key)) continue;
      seen.add(key);
      prefix[i] = p;
      len[i] = l;
      i++;
      made++;
    }
    hist.set(l, made);
  }
  // Rounding leaves a few slots: fill them with /24s.
  while (i < n) {
    const p = (rng.int(0x01000000, 0xdfffffff) & mask(24)) >>> 0;
    const key = p * 64 + 24;
    if (seen.has(key)) continue;
    seen.add(key);
    prefix[i] = p;
    len[i] = 24;
    hist.set(24, (hist.get(24) ?? 0) + 1);
    i++;
  }
  return { prefix, len, hist };
}

/** Lookup addresses: half uniform over the whole space, half inside stored prefixes. */
export function lookupAddresses(count: number, table: { prefix: Uint32Array; len: Uint8Array }, rng: Rng): Uint32Array {
  const out = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    if ((k & 1) === 0) {
      out[k] = rng.uint32();
    } else {
      const j = rng.int(0, table.prefix.length - 1);
      const host = rng.uint32() & ~mask(table.len[j]!);
      out[k] = (table.prefix[j]! | host) >>> 0;
    }
  }
  // The corners: 0.0.0.0 and 255.255.255.255.
  if (count > 1) {
    out[0] = 0;
    out[1] = 0xffffffff;
  }
  return out;
}
