/**
 * An implicit 4-ary min-heap whose keys (time, seq) live in Float64Arrays beside the item array:
 * comparisons read unboxed doubles instead of calling a comparator on two objects, and the tree
 * is half as deep as a binary heap (fewer cache misses per pop at 100k+ items).
 */
import type { EventQueue, QueueItem } from "./queue";

const ARITY = 4;

export class TypedHeapQueue<T extends QueueItem> implements EventQueue<T> {
  private items: (T | undefined)[];
  private times: Float64Array;
  private seqs: Float64Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(4, initialCapacity);
    this.items = new Array<T | undefined>(cap).fill(undefined);
    this.times = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    const t = item.time;
    const s = item.seq;
    let i = this.count++;
    // Sift up: move the hole towards the root while the parent is greater.
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p]!;
      if (pt < t || (pt === t && seqs[p]! <= s)) break;
      times[i] = pt;
      seqs[i] = seqs[p]!;
      items[i] = items[p];
      i = p;
    }
    times[i] = t;
    seqs[i] = s;
    items[i] = item;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[0];
  }

  pop(): T | undefined {
    if (this.count === 0) return undefined;
    const items = this.items;
    const top = items[0];
    const n = --this.count;
    if (n === 0) {
      items[0] = undefined;
      return top;
    }
    const times = this.times;
    const seqs = this.seqs;
    const t = times[n]!;
    const s = seqs[n]!;
    const last = items[n];
    items[n] = undefined;
    // Sift down: move the hole towards the leaves while the least child is less than `last`.
    let i = 0;
    for (;;) {
      const first = i * ARITY + 1;
      if (first >= n) break;
      let c = first;
      let ct = times[first]!;
      let cs = seqs[first]!;
      const end = first + ARITY < n ? first + ARITY : n;
      for (let k = first + 1; k < end; k++) {
        const kt = times[k]!;
        if (kt < ct || (kt === ct && seqs[k]! < cs)) {
          c = k;
          ct = kt;
          cs = seqs[k]!;
        }
      }
      if (t < ct || (t === ct && s <= cs)) break;
      times[i] = ct;
      seqs[i] = cs;
      items[i] = items[c];
      i = c;
    }
    times[i] = t;
    seqs[i] = s;
    items[i] = last;
    return top;
  }

  toArray(): T[] {
    return this.items.slice(0, this.count) as T[];
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    times.set(this.times);
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    const items = this.items;
    for (let k = items.length; k < cap; k++) items.push(undefined);
  }
}
