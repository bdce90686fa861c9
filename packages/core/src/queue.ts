/**
 * The scheduler's pending-event queue: a priority queue ordered by (time, seq). Every
 * implementation must pop exactly the sequence the heap-js one pops (the oracle of the property
 * test in test/queue.test.ts); they differ only in speed and memory.
 */
import { Heap } from "heap-js";

/** What a queue orders: an integer time in ns, and a sequence number that breaks ties. */
export interface QueueItem {
  readonly time: number;
  readonly seq: number;
}

export interface EventQueue<T extends QueueItem> {
  readonly size: number;
  push(item: T): void;
  /** The least item by (time, seq), left in place. */
  peek(): T | undefined;
  /** Removes and returns the least item by (time, seq). */
  pop(): T | undefined;
  /** Every queued item, in no particular order (for diagnostics). */
  toArray(): T[];
}

/** The implementations the Scheduler can run on. */
export const QueueKind = {
  /** heap-js binary heap of objects with a comparator: the simple oracle. */
  HeapJs: "heap-js",
  /** Implicit 4-ary heap with the keys in typed arrays. */
  TypedHeap: "typed-heap",
  /** Brown's calendar queue: O(1) expected per operation for smooth time distributions. */
  Calendar: "calendar",
  /** Tang, Goh and Thng's ladder queue: O(1) amortized, mostly appends, robust to skew. */
  Ladder: "ladder",
} as const;
export type QueueKind = (typeof QueueKind)[keyof typeof QueueKind];

export const compareQueueItems = (a: QueueItem, b: QueueItem): number => a.time - b.time || a.seq - b.seq;

/** The reference queue, on heap-js. */
export class HeapJsQueue<T extends QueueItem> implements EventQueue<T> {
  private readonly heap: Heap<T> = new Heap<T>(compareQueueItems);

  get size(): number {
    return this.heap.size();
  }

  push(item: T): void {
    this.heap.push(item);
  }

  peek(): T | undefined {
    return this.heap.peek();
  }

  pop(): T | undefined {
    return this.heap.pop();
  }

  toArray(): T[] {
    return this.heap.toArray();
  }
}
