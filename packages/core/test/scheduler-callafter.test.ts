import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QueueKind, Scheduler } from "../src/index";

/**
 * callAfter (a method and its argument, the event object recycled once run) must run exactly
 * what `schedule` with a closure runs, in the same order, whatever else is scheduled and
 * cancelled around it: a run where every event is a closure is the oracle.
 */
type Op =
  | { readonly kind: "call"; readonly delay: number; readonly children: readonly number[] }
  | { readonly kind: "schedule"; readonly delay: number; readonly cancel: boolean };

function replay(ops: readonly Op[], useCallAfter: boolean, queue: QueueKind): string[] {
  const s = new Scheduler({ queue });
  const log: string[] = [];
  const sink = {
    log,
    hit(this: { log: string[] }, tag: string): void {
      this.log.push(`${s.now}:${tag}`);
    },
  };
  const call = (delay: number, tag: string, children: readonly number[]): void => {
    const run = (): void => {
      sink.hit(tag);
      children.forEach((d, k) => call(d, `${tag}.${k}`, []));
    };
    if (useCallAfter) {
      s.callAfter(delay, function (this: typeof sink, t: string) {
        this.hit(t);
        children.forEach((d, k) => call(d, `${t}.${k}`, []));
      }, sink, tag, "test");
    } else {
      s.schedule(delay, run);
    }
  };
  ops.forEach((op, i) => {
    if (op.kind === "call") {
      call(op.delay, `c${i}`, op.children);
    } else {
      const e = s.schedule(op.delay, () => sink.hit(`s${i}`));
      if (op.cancel) s.cancel(e);
    }
    if (i % 7 === 6) s.runFor(3);
  });
  s.runUntilIdle();
  return log;
}

const delay = fc.integer({ min: 0, max: 12 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("call" as const), delay, children: fc.array(delay, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant("schedule" as const), delay, cancel: fc.boolean() }),
);

describe("Scheduler.callAfter", () => {
  for (const queue of [QueueKind.HeapJs, QueueKind.Ladder]) {
    it(`runs what schedule() with closures runs, in the same order (${queue})`, () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
          expect(replay(ops, true, queue)).toEqual(replay(ops, false, queue));
        }),
        { numRuns: 200 },
      );
    });
  }

  it("rejects a negative delay", () => {
    expect(() => new Scheduler().callAfter(-1, () => {}, null, 0)).toThrow(RangeError);
  });
});
