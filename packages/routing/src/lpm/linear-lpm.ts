import type { Ipv4Addr } from "@pktsim/core";
import { checkPrefix, compareDumpOrder, MASKS, type Lpm, type LpmEntry } from "./lpm";

/**
 * The obviously-correct LPM: a flat list scanned on every lookup. O(n) per lookup; it is the
 * oracle the property tests hold the fast structures to, not something to route with.
 */
export class LinearLpm<V> implements Lpm<V> {
  private items: { prefix: Ipv4Addr; prefixLen: number; value: V }[] = [];

  /**
   * The table `insert` would make from these routes in this order (a repeated prefix keeps its
   * first position and its last value), without insert's scan per route: a million-prefix
   * oracle loads in linear time.
   */
  static build<V>(routes: Iterable<readonly [prefix: Ipv4Addr, prefixLen: number, value: V]>): LinearLpm<V> {
    const byKey = new Map<number, { prefix: Ipv4Addr; prefixLen: number; value: V }>();
    for (const [prefix, prefixLen, value] of routes) {
      checkPrefix(prefix, prefixLen);
      const key = prefix * 64 + prefixLen;
      const found = byKey.get(key);
      if (found !== undefined) found.value = value;
      else byKey.set(key, { prefix, prefixLen, value });
    }
    const lpm = new LinearLpm<V>();
    lpm.items = [...byKey.values()];
    return lpm;
  }

  get size(): number {
    return this.items.length;
  }

  insert(prefix: Ipv4Addr, prefixLen: number, value: V): void {
    checkPrefix(prefix, prefixLen);
    const found = this.items.find((e) => e.prefix === prefix && e.prefixLen === prefixLen);
    if (found) found.value = value;
    else this.items.push({ prefix, prefixLen, value });
  }

  remove(prefix: Ipv4Addr, prefixLen: number): boolean {
    const i = this.items.findIndex((e) => e.prefix === prefix && e.prefixLen === prefixLen);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  get(prefix: Ipv4Addr, prefixLen: number): V | undefined {
    return this.items.find((e) => e.prefix === prefix && e.prefixLen === prefixLen)?.value;
  }

  lookup(addr: Ipv4Addr, maxLen = 32): V | undefined {
    let best: { prefixLen: number; value: V } | undefined;
    for (const e of this.items) {
      if (e.prefixLen > maxLen || (best && e.prefixLen <= best.prefixLen)) continue;
      if (((addr ^ e.prefix) & (MASKS[e.prefixLen] as number)) === 0) best = e;
    }
    return best?.value;
  }

  forEachMatch(addr: Ipv4Addr, visit: (value: V, prefixLen: number) => boolean | void): void {
    const matches = this.items
      .filter((e) => ((addr ^ e.prefix) & (MASKS[e.prefixLen] as number)) === 0)
      .sort((a, b) => b.prefixLen - a.prefixLen);
    for (const e of matches) if (visit(e.value, e.prefixLen) === true) return;
  }

  *entries(): IterableIterator<LpmEntry<V>> {
    const sorted = [...this.items].sort((a, b) =>
      compareDumpOrder(a.prefix, a.prefixLen, b.prefix, b.prefixLen),
    );
    for (const e of sorted) yield { prefix: e.prefix, prefixLen: e.prefixLen, value: e.value };
  }

  [Symbol.iterator](): IterableIterator<LpmEntry<V>> {
    return this.entries();
  }
}
