/**
 * The ladder queue (W. T. Tang, R. S. M. Goh, I. L.-J. Thng, "Ladder queue: an O(1) priority
 * queue structure for large-scale discrete event simulation", ACM TOMACS 15(3), 2005).
 *
 * Three tiers: Top, an unsorted array of far-future items (enqueue = append); the ladder, rungs
 * of buckets, each rung splitting one bucket of the rung above, items appended unsorted; and
 * Bottom, a short sorted array the next items are taken from. A bucket is sorted only when it
 * becomes current, and split into a new rung first when it holds more than THRES items, so each
 * item is touched O(1) times on average whatever the spread of times, and most pushes are appends.
 *
 * Departures from the paper: a rung spans its parent bucket's actual min..max (items that
 * arrive later below that go to Bottom), ties that cannot be split go to Bottom sorted by seq,
 * and Bottom is not itself turned into a rung when it grows. Ties in time pop in seq order.
 */
import type { EventQueue, QueueItem } from "./queue";

/** A bucket with more items than this is split into a new rung rather than sorted. */
const THRES = 50;
const MAX_RUNGS = 8;
const NIL = -1;

/**
 * One rung: `heads.length` buckets of width 1/inv from `start`, each a singly linked list of
 * pool nodes (order within a bucket does not matter: it is sorted when taken).
 */
interface Rung {
  readonly start: number;
  /** 1 / bucket width: a bucket index is floor((t - start) * inv), the same product everywhere. */
  readonly inv: number;
  /** Buckets before `cur` have been taken (moved to Bottom or split into the rung below). */
  cur: number;
  count: number;
  readonly heads: Int32Array;
}

export class LadderQueue<T extends QueueItem> implements EventQueue<T> {
  // The node pool of the rungs' bucket lists: no allocation per push once it has grown.
  private slots: (T | undefined)[] = [];
  private next: Int32Array = new Int32Array(1024);
  private free = NIL;
  private used = 0;

  private top: T[] = [];
  private topMin = Infinity;
  private topMax = -Infinity;
  /** Items at or after this time go to Top; every item below it is in the ladder or Bottom. */
  private topStart = -Infinity;
  private readonly rungs: Rung[] = [];
  /** Sorted ascending by (time, seq): the items are bottom[bh..be) (no length write per pop). */
  private bottom: T[] = [];
  private bh = 0;
  private be = 0;
  /** A bucket being taken; swapped with Bottom when it becomes Bottom. */
  private scratch: T[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    this.count++;
    const t = item.time;
    if (t >= this.topStart) {
      this.top.push(item);
      if (t < this.topMin) this.topMin = t;
      if (t > this.topMax) this.topMax = t;
      return;
    }
    const rungs = this.rungs;
    for (let x = 0; x < rungs.length; x++) {
      const r = rungs[x]!;
      // The last bucket also takes what lies past max (up to topStart or the parent bucket's end).
      const last = r.heads.length - 1;
      let j = Math.floor((t - r.start) * r.inv);
      if (j > last) j = last;
      if (j >= r.cur) {
        this.link(r.heads, j, item);
        r.count++;
        return;
      }
    }
    insertSorted(this.bottom, this.bh, this.be, item);
    this.be++;
  }

  peek(): T | undefined {
    return this.fill() ? this.bottom[this.bh] : undefined;
  }

  pop(): T | undefined {
    if (!this.fill()) return undefined;
    const bottom = this.bottom;
    const item = bottom[this.bh]!;
    bottom[this.bh++] = undefined as unknown as T;
    this.count--;
    if (this.bh === this.be) this.bh = this.be = 0;
    return item;
  }

  toArray(): T[] {
    const all = this.bottom.slice(this.bh, this.be);
    for (const r of this.rungs) {
      for (let j = r.cur; j < r.heads.length; j++) {
        for (let n = r.heads[j]!; n !== NIL; n = this.next[n]!) all.push(this.slots[n]!);
      }
    }
    all.push(...this.top);
    return all;
  }

  /** Makes Bottom non-empty if any item is queued: the dequeue half of the ladder queue. */
  private fill(): boolean {
    if (this.bh < this.be) return true;
    if (this.count === 0) return false;
    const rungs = this.rungs;
    for (;;) {
      let r = rungs[rungs.length - 1];
      while (r !== undefined && r.count === 0) {
        rungs.pop();
        r = rungs[rungs.length - 1];
      }
      if (r === undefined) {
        // The ladder is spent: Top becomes the first rung (or Bottom, if it cannot be split).
        const items = this.top;
        const min = this.topMin;
        const max = this.topMax;
        this.topStart = max + 1;
        this.topMin = Infinity;
        this.topMax = -Infinity;
        if (items.length <= THRES || min === max) {
          this.top = this.bottom;
          this.top.length = 0;
          this.toBottom(items);
          return true;
        }
        rungs.push(this.makeRung(items, min, max));
        items.length = 0;
        continue;
      }
      let j = r.cur;
      const heads = r.heads;
      while (heads[j] === NIL) j++;
      r.cur = j + 1;
      const first = heads[j]!;
      if (this.next[first] === NIL) {
        // One item, the usual bucket in a steady state: straight to the empty Bottom, no sort.
        this.bottom[0] = this.slots[first]!;
        this.bh = 0;
        this.be = 1;
        this.slots[first] = undefined;
        this.next[first] = this.free;
        this.free = first;
        heads[j] = NIL;
        r.count--;
        return true;
      }
      const bucket = this.scratch;
      let min = Infinity;
      let max = -Infinity;
      for (let n = heads[j]!; n !== NIL; ) {
        const item = this.slots[n]!;
        bucket.push(item);
        if (item.time < min) min = item.time;
        if (item.time > max) max = item.time;
        this.slots[n] = undefined;
        const after = this.next[n]!;
        this.next[n] = this.free;
        this.free = n;
        n = after;
      }
      heads[j] = NIL;
      r.count -= bucket.length;
      if (bucket.length > THRES && rungs.length < MAX_RUNGS && min !== max) {
        rungs.push(this.makeRung(bucket, min, max));
        bucket.length = 0;
        continue;
      }
      this.scratch = this.bottom;
      this.scratch.length = 0;
      this.toBottom(bucket);
      return true;
    }
  }

  /** `items` becomes Bottom (Bottom is empty when this is called). */
  private toBottom(items: T[]): void {
    if (items.length > THRES) items.sort(compare);
    else insertionSort(items);
    this.bottom = items;
    this.bh = 0;
    this.be = items.length;
  }

  /** A rung of one bucket per item over [min, max] (the last bucket also takes max itself). */
  private makeRung(items: readonly T[], min: number, max: number): Rung {
    const nb = items.length;
    const inv = nb / (max - min);
    const heads = new Int32Array(nb).fill(NIL);
    for (const item of items) {
      const j = Math.floor((item.time - min) * inv);
      this.link(heads, j >= nb ? nb - 1 : j, item);
    }
    return { start: min, inv, cur: 0, count: nb, heads };
  }

  private link(heads: Int32Array, j: number, item: T): void {
    let n = this.free;
    if (n !== NIL) {
      this.free = this.next[n]!;
    } else {
      n = this.used++;
      if (n === this.next.length) {
        const grown = new Int32Array(n * 2);
        grown.set(this.next);
        this.next = grown;
      }
    }
    this.slots[n] = item;
    this.next[n] = heads[j]!;
    heads[j] = n;
  }
}

function compare(a: QueueItem, b: QueueItem): number {
  return a.time - b.time || a.seq - b.seq;
}

function insertionSort<T extends QueueItem>(a: T[]): void {
  for (let i = 1; i < a.length; i++) {
    const item = a[i]!;
    const t = item.time;
    const s = item.seq;
    let j = i;
    while (j > 0) {
      const o = a[j - 1]!;
      if (o.time < t || (o.time === t && o.seq < s)) break;
      a[j] = o;
      j--;
    }
    a[j] = item;
  }
}

/**
 * Inserts into the sorted items bottom[from..end) (binary search, then a shift). A far-future timer
 * at Bottom's end keeps the ladder empty, so near-future pushes all land here just before it:
 * a short shift is done by hand, as splice costs more than the moves it saves.
 */
function insertSorted<T extends QueueItem>(bottom: T[], from: number, end: number, item: T): void {
  const t = item.time;
  const s = item.seq;
  let lo = from;
  const n = end;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const o = bottom[mid]!;
    if (o.time < t || (o.time === t && o.seq <= s)) lo = mid + 1;
    else hi = mid;
  }
  if (n - lo > 16) {
    bottom.splice(lo, 0, item);
    return;
  }
  // bottom[end] is a consumed slot (undefined) or just past the end.
  if (n === bottom.length) bottom.push(item);
  for (let i = n; i > lo; i--) bottom[i] = bottom[i - 1]!;
  bottom[lo] = item;
}
