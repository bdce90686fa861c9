import type { Ipv4Addr } from "@pktsim/core";
import { checkPrefix, type Lpm, type LpmEntry } from "./lpm";
import { RadixTrie } from "./radix-trie";

export interface DirLpmOptions {
  /**
   * Bits resolved by the first table: 24 is DIR-24-8 (a 2^24-entry first table, 64 MiB plus
   * 16 MiB of depths, at most two memory reads per lookup); 16 and 8 trade one more read per
   * level for a much smaller first table.
   */
  readonly topBits?: 8 | 16 | 24;
}

const GROUP = 256;

/**
 * DIR-24-8 (Gupta, Lin, McKeown, "Routing lookups in hardware at memory access speeds", 1998),
 * as DPDK's rte_lpm lays it out: a first table indexed by the top 24 bits, and 256-entry
 * groups for the longer prefixes. Each entry is 0 (no route), n > 0 (value slot n − 1) or
 * −(g + 1) (continue in group g); a parallel byte array keeps the length of the prefix that
 * painted each entry so that updates only overwrite what they cover.
 *
 * Built for big tables that are looked up far more than changed. Insert and remove are
 * incremental (a /8 repaints 2^16 first-table entries); groups are never freed, so a table
 * that churns long prefixes only grows. Lookups with `maxLen` < 32, exact gets, match visits
 * and dumps are answered by a RadixTrie kept alongside.
 */
export class DirLpm<V> implements Lpm<V> {
  private readonly topBits: number;
  private readonly top: Int32Array;
  private readonly topDepth: Uint8Array;
  private pool: Int32Array;
  private poolDepth: Uint8Array;
  private groups = 0;
  private readonly values: (V | undefined)[] = [];
  private readonly slotLen: number[] = [];
  private readonly freeSlots: number[] = [];
  /** The stored prefixes, value = slot. */
  private readonly store = new RadixTrie<number>();

  constructor(options: DirLpmOptions = {}) {
    this.topBits = options.topBits ?? 24;
    this.top = new Int32Array(1 << this.topBits);
    this.topDepth = new Uint8Array(1 << this.topBits);
    this.pool = new Int32Array(64 * GROUP);
    this.poolDepth = new Uint8Array(64 * GROUP);
  }

  /** Bulk build: shorter prefixes first, so every entry is painted once per covering prefix. */
  static build<V>(
    routes: Iterable<readonly [prefix: Ipv4Addr, prefixLen: number, value: V]>,
    options?: DirLpmOptions,
  ): DirLpm<V> {
    const lpm = new DirLpm<V>(options);
    const sorted = [...routes].sort((a, b) => a[1] - b[1]);
    for (const [prefix, len, value] of sorted) lpm.insert(prefix, len, value);
    return lpm;
  }

  get size(): number {
    return this.store.size;
  }

  insert(prefix: Ipv4Addr, prefixLen: number, value: V): void {
    checkPrefix(prefix, prefixLen);
    const existing = this.store.get(prefix, prefixLen);
    if (existing !== undefined) {
      this.values[existing] = value;
      return;
    }
    const slot = this.freeSlots.pop() ?? this.values.length;
    this.values[slot] = value;
    this.slotLen[slot] = prefixLen;
    this.store.insert(prefix, prefixLen, slot);
    this.paint(prefix, prefixLen, (entry, depth) => entry === 0 || depth <= prefixLen, slot + 1, prefixLen);
  }

  remove(prefix: Ipv4Addr, prefixLen: number): boolean {
    const slot = this.store.get(prefix, prefixLen);
    if (slot === undefined) return false;
    this.store.remove(prefix, prefixLen);
    // Entries this prefix owned fall back to the next shorter covering prefix.
    const cover = prefixLen > 0 ? this.store.lookup(prefix, prefixLen - 1) : undefined;
    const mine = slot + 1;
    this.paint(
      prefix,
      prefixLen,
      (entry) => entry === mine,
      cover === undefined ? 0 : cover + 1,
      cover === undefined ? 0 : this.slotLen[cover]!,
    );
    this.values[slot] = undefined;
    this.freeSlots.push(slot);
    return true;
  }

  get(prefix: Ipv4Addr, prefixLen: number): V | undefined {
    const slot = this.store.get(prefix, prefixLen);
    return slot === undefined ? undefined : this.values[slot];
  }

  lookup(addr: Ipv4Addr, maxLen = 32): V | undefined {
    if (maxLen < 32) {
      const slot = this.store.lookup(addr, maxLen);
      return slot === undefined ? undefined : this.values[slot];
    }
    let shift = 32 - this.topBits;
    let e = this.top[addr >>> shift]!;
    while (e < 0) {
      shift -= 8;
      e = this.pool[(-e - 1) * GROUP + ((addr >>> shift) & 255)]!;
    }
    return e === 0 ? undefined : this.values[e - 1];
  }

  forEachMatch(addr: Ipv4Addr, visit: (value: V, prefixLen: number) => boolean | void): void {
    this.store.forEachMatch(addr, (slot, len) => visit(this.values[slot] as V, len));
  }

  *entries(): IterableIterator<LpmEntry<V>> {
    for (const e of this.store.entries()) {
      yield { prefix: e.prefix, prefixLen: e.prefixLen, value: this.values[e.value] as V };
    }
  }

  [Symbol.iterator](): IterableIterator<LpmEntry<V>> {
    return this.entries();
  }

  /**
   * Writes (entry, depth) into every table entry the prefix covers for which `want` holds,
   * descending into groups; creates the groups a prefix longer than the first stride needs.
   */
  private paint(
    prefix: Ipv4Addr,
    prefixLen: number,
    want: (entry: number, depth: number) => boolean,
    entry: number,
    depth: number,
  ): void {
    let inTop = true;
    let base = 0;
    let levelEnd = this.topBits;
    let index = prefix >>> (32 - levelEnd);
    while (prefixLen > levelEnd) {
      const table = inTop ? this.top : this.pool;
      const depths = inTop ? this.topDepth : this.poolDepth;
      let e = table[base + index]!;
      if (e >= 0) {
        const g = this.newGroup(e, depths[base + index]!);
        e = -(g + 1);
        (inTop ? this.top : this.pool)[base + index] = e;
      }
      inTop = false;
      base = (-e - 1) * GROUP;
      levelEnd += 8;
      index = (prefix >>> (32 - levelEnd)) & 255;
    }
    const span = 2 ** (levelEnd - prefixLen);
    for (let k = 0; k < span; k++) this.paintEntry(inTop, base + index + k, want, entry, depth);
  }

  private paintEntry(
    inTop: boolean,
    at: number,
    want: (entry: number, depth: number) => boolean,
    entry: number,
    depth: number,
  ): void {
    const table = inTop ? this.top : this.pool;
    const depths = inTop ? this.topDepth : this.poolDepth;
    const e = table[at]!;
    if (e < 0) {
      const base = (-e - 1) * GROUP;
      for (let k = 0; k < GROUP; k++) this.paintEntry(false, base + k, want, entry, depth);
    } else if (want(e, depths[at]!)) {
      table[at] = entry;
      depths[at] = depth;
    }
  }

  private newGroup(entry: number, depth: number): number {
    const g = this.groups++;
    if ((g + 1) * GROUP > this.pool.length) {
      const pool = new Int32Array(this.pool.length * 2);
      pool.set(this.pool);
      this.pool = pool;
      const depths = new Uint8Array(this.poolDepth.length * 2);
      depths.set(this.poolDepth);
      this.poolDepth = depths;
    }
    this.pool.fill(entry, g * GROUP, (g + 1) * GROUP);
    this.poolDepth.fill(depth, g * GROUP, (g + 1) * GROUP);
    return g;
  }
}
