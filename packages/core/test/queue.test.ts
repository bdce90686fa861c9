import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CalendarQueue,
  HeapJsQueue,
  LadderQueue,
  QueueKind,
  Scheduler,
  TypedHeapQueue,
  type EventQueue,
  type QueueItem,
} from "../src/index";

interface Item extends QueueItem {
  readonly id: number;
}

type Op = { readonly kind: "push"; readonly time: number } | { readonly kind: "pop" } | { readonly kind: "peek" };

const fast: ReadonlyArray<readonly [string, () => EventQueue<Item>]> = [
  ["TypedHeapQueue", () => new TypedHeapQueue<Item>(4)],
  ["CalendarQueue", () => new CalendarQueue<Item>()],
  ["CalendarQueue (width 1 ns)", () => new CalendarQueue<Item>(1)],
  ["LadderQueue", () => new LadderQueue<Item>()],
];

/**
 * Times drawn from a few regimes: dense ties, spread, and huge (a 30 s neighbour timer among
 * 10 µs veth hops), so that buckets collide, years wrap and resizes happen.
 */
const time = fc.oneof(
  fc.integer({ min: 0, max: 8 }),
  fc.integer({ min: 0, max: 100_000 }),
  fc.integer({ min: 0, max: 2 ** 40 }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: time.map((t) => ({ kind: "push" as const, time: t })) },
  { weight: 3, arbitrary: fc.constant({ kind: "pop" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "peek" as const }) },
);

/** Replays `ops` on both queues, and then drains them, returning each one's outputs. */
function replay(queue: EventQueue<Item>, ops: readonly Op[], monotone: boolean): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  let seq = 0;
  let last = 0;
  for (const o of ops) {
    if (o.kind === "push") {
      // A scheduler never schedules before the last event it ran; the other mode does anything.
      const t = monotone ? last + o.time : o.time;
      queue.push({ time: t, seq, id: seq });
      seq++;
    } else if (o.kind === "pop") {
      const item = queue.pop();
      if (item) last = item.time;
      out.push(item?.id);
    } else {
      out.push(queue.peek()?.id);
    }
    out.push(queue.size);
  }
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) out.push(item.id);
  out.push(queue.size, queue.pop()?.id);
  return out;
}

describe("event queues pop exactly what the heap-js queue pops", () => {
  for (const [name, make] of fast) {
    it(`${name}: any interleaving of push, pop and peek`, () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 600 }), fc.boolean(), (ops, monotone) => {
          expect(replay(make(), ops, monotone)).toEqual(replay(new HeapJsQueue<Item>(), ops, monotone));
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: a hold model over thousands of items (grow, steady state, shrink)`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 3000 }),
          fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 64 }),
          (n, increments) => {
            const ops: Op[] = [];
            for (let k = 0; k < n; k++) ops.push({ kind: "push", time: increments[k % increments.length]! });
            for (let k = 0; k < 2 * n; k++) {
              ops.push({ kind: "pop" });
              ops.push({ kind: "push", time: increments[(k * 7) % increments.length]! });
            }
            expect(replay(make(), ops, true)).toEqual(replay(new HeapJsQueue<Item>(), ops, true));
          },
        ),
        { numRuns: 20 },
      );
    });

    it(`${name}: toArray holds exactly the queued items`, () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
          const q = make();
          const ref = new HeapJsQueue<Item>();
          let seq = 0;
          for (const o of ops) {
            if (o.kind === "push") {
              q.push({ time: o.time, seq, id: seq });
              ref.push({ time: o.time, seq, id: seq });
              seq++;
            } else if (o.kind === "pop") {
              q.pop();
              ref.pop();
            }
          }
          const ids = (items: Item[]): number[] => items.map((i) => i.id).sort((a, b) => a - b);
          expect(ids(q.toArray())).toEqual(ids(ref.toArray()));
        }),
      );
    });
  }
});

describe("Scheduler on each queue kind", () => {
  it("runs the same events at the same times as on heap-js, cancellations and re-scheduling included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 50_000 })), { maxLength: 300 }),
        (script) => {
          const run = (queue: (typeof QueueKind)[keyof typeof QueueKind]): string[] => {
            const s = new Scheduler({ queue });
            const log: string[] = [];
            const events: ReturnType<Scheduler["schedule"]>[] = [];
            script.forEach(([action, delay], i) => {
              const e = s.schedule(delay, () => {
                log.push(`${i}@${s.now}`);
                // Events that schedule more events, like a veth hop or a re-armed timer.
                if (action === 1) s.schedule(delay >> 3, () => log.push(`${i}'@${s.now}`));
                if (action === 2 && events.length > 0) s.cancel(events[(i * 31) % events.length]);
              });
              events.push(e);
              if (action === 3) s.runFor(delay >> 2);
            });
            s.runUntilIdle();
            log.push(`end@${s.now} n=${s.eventsExecuted}`);
            return log;
          };
          const reference = run(QueueKind.HeapJs);
          expect(run(QueueKind.TypedHeap)).toEqual(reference);
          expect(run(QueueKind.Calendar)).toEqual(reference);
          expect(run(QueueKind.Ladder)).toEqual(reference);
        },
      ),
      { numRuns: 200 },
    );
  });
});
