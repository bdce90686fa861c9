/**
 * The discrete-event scheduler. Time is an integer number of nanoseconds; events at equal
 * times run in the order they were scheduled (a sequence number breaks ties), so a run is
 * reproducible. A budget of events and a virtual-time horizon stop a runaway simulation
 * (a broadcast storm, a timer that re-arms forever) with a SimulationLimitError instead of
 * hanging.
 */
import { CalendarQueue } from "./queue-calendar";
import { LadderQueue } from "./queue-ladder";
import { TypedHeapQueue } from "./queue-typed-heap";
import { HeapJsQueue, QueueKind, type EventQueue, type QueueItem } from "./queue";
import type { Nanos } from "./time";

/** A scheduled callback. Cancelling marks it; the heap drops it lazily when it surfaces. */
export interface ScheduledEvent {
  readonly time: Nanos;
  readonly seq: number;
  /** A short label for diagnostics (the limit error names the busiest labels). */
  readonly label: string;
  cancelled: boolean;
  readonly run: () => void;
}

/**
 * An event made by `callAfter`: it runs `fn.call(target, arg)`, is never handed out, and so is
 * recycled once run (no closure and no event object per packet hop). Events made by
 * `schedule`/`at` are plain ScheduledEvent objects (the handle their caller may cancel).
 */
class CallEvent implements ScheduledEvent {
  // `declare`d: no ES2022 [[Define]] per field per event, only the constructor's assignments.
  declare time: Nanos;
  declare seq: number;
  declare label: string;
  declare cancelled: boolean;
  declare run: () => void;
  declare fn: ((this: unknown, arg: unknown) => void) | null;
  declare target: unknown;
  declare arg: unknown;
  constructor(time: Nanos, seq: number, label: string, run: () => void) {
    this.time = time;
    this.seq = seq;
    this.label = label;
    this.cancelled = false;
    this.run = run;
    this.fn = null;
    this.target = null;
    this.arg = null;
  }
}

const noop = (): void => {};
/** Recycled callAfter events kept at most (the rest go to the garbage collector). */
const FREE_EVENTS_MAX = 4096;

export interface SchedulerLimits {
  /** Most events one `run*` call may execute (default 50 million). */
  maxEvents?: number;
}

export interface SchedulerOptions extends SchedulerLimits {
  /**
   * The pending-event queue; every kind pops the same order (test/queue.test.ts holds each to
   * the heap-js oracle). Default: heap-js, as the design specifies; the ladder queue has 3-4x
   * its hold rate from 1k to 1M pending events (benchmarks/README.md) — choose it for speed.
   */
  queue?: QueueKind;
}

/** A pending-event queue of the given kind. */
export function createEventQueue<T extends QueueItem>(kind: QueueKind): EventQueue<T> {
  switch (kind) {
    case QueueKind.TypedHeap:
      return new TypedHeapQueue<T>();
    case QueueKind.Calendar:
      return new CalendarQueue<T>();
    case QueueKind.Ladder:
      return new LadderQueue<T>();
    default:
      return new HeapJsQueue<T>();
  }
}

export type LimitKind = "events";

export class SimulationLimitError extends Error {
  readonly kind: LimitKind;
  readonly at: Nanos;
  readonly topLabels: ReadonlyArray<readonly [string, number]>;
  constructor(kind: LimitKind, at: Nanos, message: string, topLabels: ReadonlyArray<readonly [string, number]>) {
    super(message);
    this.name = "SimulationLimitError";
    this.kind = kind;
    this.at = at;
    this.topLabels = topLabels;
  }
}

export class Scheduler {
  private readonly heap: EventQueue<ScheduledEvent>;
  private readonly freeEvents: CallEvent[] = [];
  private seq = 0;
  private nowNs: Nanos = 0;
  private executed = 0;
  maxEvents: number;

  constructor(options: SchedulerOptions = {}) {
    this.maxEvents = options.maxEvents ?? 50_000_000;
    this.heap = createEventQueue(options.queue ?? QueueKind.HeapJs);
  }

  /** The current virtual time. */
  get now(): Nanos {
    return this.nowNs;
  }

  /** Events executed since the scheduler was created. */
  get eventsExecuted(): number {
    return this.executed;
  }

  /** Events waiting, cancelled ones included until they surface. */
  get pending(): number {
    return this.heap.size;
  }

  /** Schedules `run` after `delay` ns (delay ≥ 0, rounded to an integer). */
  schedule(delay: Nanos, run: () => void, label = "event"): ScheduledEvent {
    if (!(delay >= 0)) throw new RangeError(`negative or invalid delay: ${delay}`);
    return this.at(this.nowNs + Math.round(delay), run, label);
  }

  /** Schedules `run` at absolute time `time` (not in the past). */
  at(time: Nanos, run: () => void, label = "event"): ScheduledEvent {
    if (!(time >= this.nowNs)) throw new RangeError(`cannot schedule in the past: ${time} < ${this.nowNs}`);
    // A plain five-field object: a handle event is never recycled, and the smaller object keeps
    // a queue of a million of them a third faster than the recyclable shape.
    const event: ScheduledEvent = { time: Math.round(time), seq: this.seq++, label, cancelled: false, run };
    this.heap.push(event);
    return event;
  }

  /**
   * Schedules `fn.call(target, arg)` after `delay` ns (delay ≥ 0, rounded): a method and its
   * argument instead of a closure, for per-packet events. No handle is returned (it cannot be
   * cancelled), so its event object is reused once it has run.
   */
  callAfter<T, A>(delay: Nanos, fn: (this: T, arg: A) => void, target: T, arg: A, label = "event"): void {
    if (!(delay >= 0)) throw new RangeError(`negative or invalid delay: ${delay}`);
    const time = this.nowNs + Math.round(delay);
    const event = this.freeEvents.pop();
    let e: CallEvent;
    if (event !== undefined) {
      e = event;
      e.time = time;
      e.seq = this.seq++;
      e.label = label;
    } else {
      e = new CallEvent(time, this.seq++, label, noop);
    }
    e.fn = fn as (this: unknown, arg: unknown) => void;
    e.target = target;
    e.arg = arg;
    this.heap.push(e);
  }

  cancel(event: ScheduledEvent | null | undefined): void {
    if (event) event.cancelled = true;
  }

  /** The time of the next live event, or undefined when idle. */
  nextTime(): Nanos | undefined {
    this.dropCancelled();
    return this.heap.peek()?.time;
  }

  /** Runs every event with time ≤ `time`, then leaves the clock at `time`. */
  runUntil(time: Nanos): void {
    const budget = this.executed + this.maxEvents;
    for (;;) {
      const next = this.heap.peek();
      if (next === undefined || next.time > time) break;
      this.heap.pop();
      if (next.cancelled) continue;
      this.nowNs = next.time;
      this.step(next, budget);
    }
    if (time > this.nowNs) this.nowNs = time;
  }

  /** Runs for `duration` ns of virtual time. */
  runFor(duration: Nanos): void {
    this.runUntil(this.nowNs + duration);
  }

  /** Runs until no event is left (or `until` returns true after an event). */
  runUntilIdle(until?: () => boolean): void {
    const budget = this.executed + this.maxEvents;
    for (;;) {
      const next = this.heap.pop();
      if (next === undefined) return;
      if (next.cancelled) continue;
      this.nowNs = next.time;
      this.step(next, budget);
      if (until !== undefined && until()) return;
    }
  }

  private step(e: ScheduledEvent, budget: number): void {
    if (this.executed >= budget) this.fail(e);
    this.executed++;
    const fn = (e as Partial<CallEvent>).fn;
    if (fn === undefined || fn === null) {
      e.run();
      return;
    }
    const event = e as CallEvent;
    const target = event.target;
    const arg = event.arg;
    // Popped and never handed out: nothing refers to the event any more.
    event.fn = null;
    event.target = null;
    event.arg = null;
    if (this.freeEvents.length < FREE_EVENTS_MAX) this.freeEvents.push(event);
    fn.call(target, arg);
  }

  private dropCancelled(): void {
    while (this.heap.peek()?.cancelled === true) this.heap.pop();
  }

  private fail(current: ScheduledEvent): never {
    const counts = new Map<string, number>();
    counts.set(current.label, 1);
    for (const event of this.heap.toArray()) {
      if (!event.cancelled) counts.set(event.label, (counts.get(event.label) ?? 0) + 1);
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
    const where = top.map(([label, n]) => `${label} (${n} pending)`).join(", ");
    throw new SimulationLimitError(
      "events",
      this.nowNs,
      `simulation stopped after ${this.maxEvents} events at t=${(this.nowNs / 1e9).toFixed(6)}s without becoming idle; busiest: ${where}`,
      top,
    );
  }
}

/**
 * A re-armable timer in the manner of the kernel's `mod_timer`/`del_timer`: arming it again
 * replaces the previous expiry.
 */
export class Timer {
  private event: ScheduledEvent | null = null;
  constructor(
    private readonly scheduler: Scheduler,
    private readonly callback: () => void,
    private readonly label = "timer",
  ) {}

  get pending(): boolean {
    return this.event !== null && !this.event.cancelled;
  }

  get expires(): Nanos | undefined {
    return this.pending ? this.event!.time : undefined;
  }

  /** Arms the timer to fire at absolute time `time`. */
  mod(time: Nanos): void {
    this.del();
    this.event = this.scheduler.at(Math.max(time, this.scheduler.now), () => {
      this.event = null;
      this.callback();
    }, this.label);
  }

  /** Arms the timer to fire `delay` ns from now. */
  modIn(delay: Nanos): void {
    this.mod(this.scheduler.now + delay);
  }

  del(): void {
    if (this.event) this.event.cancelled = true;
    this.event = null;
  }
}
