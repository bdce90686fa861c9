/**
 * The classic hold model (Jones, "An empirical comparison of priority-queue and event-set
 * implementations", CACM 1986): N events pending; one hold = take the earliest event and
 * schedule a new one at its time plus a random increment (exponential, mean 1 ms, integer ns:
 * at 1M pending that is about one event per ns, so ties occur but do not dominate).
 * Measured on each queue alone, and through the Scheduler (an event that schedules the next:
 * the work a veth hop does), after N warm-up holds so that the queue is in its steady state.
 */
import { QueueKind, Rng, Scheduler, createEventQueue, type QueueItem } from "@pktsim/core";
import { consume, runSuite, type CaseDef } from "../lib/harness";

const SIZES: ReadonlyArray<readonly [string, number]> = [
  ["1k", 1_000],
  ["100k", 100_000],
  ["1M", 1_000_000],
];
const KINDS: readonly QueueKind[] = [QueueKind.HeapJs, QueueKind.TypedHeap, QueueKind.Calendar, QueueKind.Ladder];
const BATCH = 1000;
const MEAN_NS = 1_000_000;

/** A ring of 2^20 exponential increments from a seeded generator: the same draws for every queue. */
function increments(): { readonly next: () => number } {
  const rng = new Rng(7);
  const ring = new Float64Array(1 << 20);
  for (let i = 0; i < ring.length; i++) ring[i] = Math.round(-Math.log(1 - rng.float()) * MEAN_NS);
  let k = 0;
  return { next: () => ring[k++ & 0xfffff]! };
}

function queueCase(label: string, n: number, kind: QueueKind): CaseDef {
  return {
    name: `queue hold ${label} / ${kind}`,
    unit: "holds",
    opsPerCall: BATCH,
    prepare: () => {
      const q = createEventQueue<QueueItem>(kind);
      const inc = increments();
      let seq = 0;
      for (let i = 0; i < n; i++) q.push({ time: inc.next(), seq: seq++ });
      const hold = (): void => {
        const top = q.pop()!;
        q.push({ time: top.time + inc.next(), seq: seq++ });
      };
      for (let i = 0; i < n; i++) hold();
      return {
        fn: () => {
          for (let i = 0; i < BATCH; i++) hold();
          consume(q.size);
        },
      };
    },
  };
}

function schedulerCase(label: string, n: number, kind: QueueKind): CaseDef {
  return {
    name: `Scheduler hold ${label} / ${kind}`,
    unit: "holds",
    opsPerCall: BATCH,
    prepare: () => {
      const s = new Scheduler({ queue: kind, maxEvents: Number.MAX_SAFE_INTEGER });
      const inc = increments();
      const event = (): void => {
        s.schedule(inc.next(), event);
      };
      for (let i = 0; i < n; i++) s.schedule(inc.next(), event);
      let left = n;
      const done = (): boolean => --left === 0;
      s.runUntilIdle(done);
      return {
        fn: () => {
          left = BATCH;
          s.runUntilIdle(done);
          consume(s.pending);
        },
      };
    },
  };
}

/**
 * The same hold through Scheduler.callAfter (a method and its argument, no handle): the path a
 * veth hop takes, whose event objects are recycled instead of left to the garbage collector.
 */
function callAfterCase(label: string, n: number, kind: QueueKind): CaseDef {
  return {
    name: `Scheduler callAfter hold ${label} / ${kind}`,
    unit: "holds",
    opsPerCall: BATCH,
    prepare: () => {
      const s = new Scheduler({ queue: kind, maxEvents: Number.MAX_SAFE_INTEGER });
      const inc = increments();
      const target = { s, inc };
      function event(this: typeof target, _arg: number): void {
        this.s.callAfter(this.inc.next(), event, this, 0);
      }
      for (let i = 0; i < n; i++) s.callAfter(inc.next(), event, target, 0);
      let left = n;
      const done = (): boolean => --left === 0;
      s.runUntilIdle(done);
      return {
        fn: () => {
          left = BATCH;
          s.runUntilIdle(done);
          consume(s.pending);
        },
      };
    },
  };
}

const cases: CaseDef[] = [];
for (const [label, n] of SIZES) for (const kind of KINDS) cases.push(queueCase(label, n, kind));
for (const [label, n] of SIZES) for (const kind of KINDS) cases.push(schedulerCase(label, n, kind));
for (const [label, n] of SIZES) for (const kind of [QueueKind.HeapJs, QueueKind.Ladder]) cases.push(callAfterCase(label, n, kind));

runSuite(
  {
    name: "scheduler",
    title: "Scheduler: hold model (pop the earliest, push at +Exp(1 ms)), N events pending",
    cases,
    notes: [
      "queue hold = EventQueue.pop + push of a {time, seq} object; Scheduler hold = one event run that schedules the next (Scheduler.schedule + the queue + the run loop); callAfter hold = the same through Scheduler.callAfter (recycled events, the per-packet path)",
      "target: Scheduler hold at 100k pending >= 10M holds/s",
    ],
  },
  import.meta.url,
);
