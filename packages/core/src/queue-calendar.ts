/**
 * R. Brown's calendar queue ("Calendar queues: a fast O(1) priority queue implementation for the
 * simulation event set problem", CACM 31(10), 1988). Time is cut into buckets of `width` ns laid
 * round a "year" of `nb` buckets; an item goes into bucket floor(time / width) mod nb, kept
 * sorted, and dequeueing walks the buckets from the current one, taking an item only if it
 * falls in the bucket's slot of the current year.
 *
 * O(1) expected per operation when the bucket width matches the spacing of the items near the
 * front of the queue. The width is re-estimated (Brown's sample of the first items) only when
 * the number of buckets doubles or halves, so a run whose event spacing changes a lot at a
 * steady queue size keeps a stale width: still correct, but slower (longer buckets or more empty
 * buckets scanned). Ties in time pop in `seq` order, like every EventQueue.
 */
import type { EventQueue, QueueItem } from "./queue";

const MIN_BUCKETS = 16;
/** Brown samples this many items from the front of the queue to estimate the bucket width. */
const WIDTH_SAMPLE = 25;

export class CalendarQueue<T extends QueueItem> implements EventQueue<T> {
  /** Each bucket sorted by descending (time, seq): its least item is the last. */
  private buckets: T[][];
  /**
   * The virtual bucket of each bucket's least item (+Infinity when empty): the dequeue scan
   * reads this flat array instead of touching every bucket and item on its way.
   */
  private heads: Float64Array;
  private mask: number;
  private invWidth: number;
  /** The virtual bucket (floor(time / width)) where the next dequeue starts looking. */
  private cur = 0;
  private count = 0;

  constructor(width = 1000) {
    this.buckets = emptyBuckets<T>(MIN_BUCKETS);
    this.heads = new Float64Array(MIN_BUCKETS).fill(Infinity);
    this.mask = MIN_BUCKETS - 1;
    this.invWidth = 1 / Math.max(1, width);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const vb = Math.floor(item.time * this.invWidth);
    if (this.count === 0 || vb < this.cur) this.cur = vb;
    const i = vb & this.mask;
    const b = this.buckets[i]!;
    insertSorted(b, item);
    if (b[b.length - 1] === item) this.heads[i] = vb;
    if (++this.count > 2 * this.buckets.length) this.resize(this.buckets.length * 2);
  }

  peek(): T | undefined {
    const b = this.findMin();
    return b === undefined ? undefined : b[b.length - 1];
  }

  pop(): T | undefined {
    const b = this.findMin();
    if (b === undefined) return undefined;
    const item = b.pop();
    const n = b.length;
    this.heads[this.cur & this.mask] = n === 0 ? Infinity : Math.floor(b[n - 1]!.time * this.invWidth);
    this.count--;
    if (this.count < this.buckets.length >> 2 && this.buckets.length > MIN_BUCKETS) {
      this.resize(this.buckets.length >> 1);
    }
    return item;
  }

  toArray(): T[] {
    const all: T[] = [];
    for (const b of this.buckets) for (const item of b) all.push(item);
    return all;
  }

  /** The bucket whose last item is the least, with `cur` moved to that item's virtual bucket. */
  private findMin(): T[] | undefined {
    if (this.count === 0) return undefined;
    const heads = this.heads;
    const mask = this.mask;
    let vb = this.cur;
    for (let k = 0; k <= mask; k++, vb++) {
      if (heads[vb & mask]! <= vb) {
        this.cur = vb;
        return this.buckets[vb & mask]!;
      }
    }
    // A whole year without an item in its slot: the next item is further out; find it directly.
    // Distinct buckets hold distinct virtual buckets, so the least head is unique.
    let best = 0;
    for (let i = 1; i <= mask; i++) if (heads[i]! < heads[best]!) best = i;
    this.cur = heads[best]!;
    return this.buckets[best]!;
  }

  private resize(nb: number): void {
    const items = this.toArray();
    const width = this.estimateWidth(items);
    this.buckets = emptyBuckets<T>(nb);
    this.heads = new Float64Array(nb).fill(Infinity);
    this.mask = nb - 1;
    this.invWidth = 1 / width;
    this.count = 0;
    for (const item of items) this.push(item);
  }

  /**
   * Brown's estimate: the mean gap between the first items, recomputed without the gaps more
   * than twice that mean, times three. Gaps of zero (events at the same ns, which share a bucket
   * whatever the width) are left out, so a burst of ties does not shrink the width to nothing.
   */
  private estimateWidth(items: T[]): number {
    const current = 1 / this.invWidth;
    const sample = smallest(items, Math.min(WIDTH_SAMPLE, items.length));
    const gaps: number[] = [];
    for (let k = 1; k < sample.length; k++) {
      const gap = sample[k]!.time - sample[k - 1]!.time;
      if (gap > 0) gaps.push(gap);
    }
    if (gaps.length === 0) return current;
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const kept = gaps.filter((g) => g <= 2 * mean);
    const width = (kept.reduce((a, b) => a + b, 0) / kept.length) * 3;
    return width >= 1 ? width : 1;
  }

}

function less(a: QueueItem, b: QueueItem): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

function emptyBuckets<T>(n: number): T[][] {
  const buckets: T[][] = new Array<T[]>(n);
  for (let k = 0; k < n; k++) buckets[k] = [];
  return buckets;
}

/** Inserts keeping descending (time, seq) order; scans from the least end, where new near-future items land. */
function insertSorted<T extends QueueItem>(b: T[], item: T): void {
  let j = b.length;
  b.push(item);
  const t = item.time;
  const s = item.seq;
  while (j > 0) {
    const o = b[j - 1]!;
    if (o.time > t || (o.time === t && o.seq > s)) break;
    b[j] = o;
    j--;
  }
  b[j] = item;
}

/** The k least items in ascending order (k is small: a bounded insertion sort over one pass). */
function smallest<T extends QueueItem>(items: readonly T[], k: number): T[] {
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && !less(item, best[k - 1]!)) continue;
    let j = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push(item);
    while (j > 0 && less(item, best[j - 1]!)) {
      best[j] = best[j - 1]!;
      j--;
    }
    best[j] = item;
  }
  return best;
}
