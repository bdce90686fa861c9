import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Scheduler, SimulationLimitError, Timer } from "../src/index";

describe("Scheduler", () => {
  it("runs events in time order and equal times in scheduling order", () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.schedule(20, () => log.push("c"));
    s.schedule(10, () => log.push("a"));
    s.schedule(10, () => log.push("b"));
    s.schedule(0, () => log.push("first"));
    s.runUntilIdle();
    expect(log).toEqual(["first", "a", "b", "c"]);
    expect(s.now).toBe(20);
  });

  it("orders any set of events by (time, insertion)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (delays) => {
        const s = new Scheduler();
        const seen: Array<[number, number]> = [];
        delays.forEach((d, i) => s.schedule(d, () => seen.push([s.now, i])));
        s.runUntilIdle();
        const expected = delays.map((d, i) => [d, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(seen).toEqual(expected);
      }),
    );
  });

  it("events scheduled by events run at their own time", () => {
    const s = new Scheduler();
    const times: number[] = [];
    s.schedule(5, () => {
      times.push(s.now);
      s.schedule(0, () => times.push(s.now));
      s.schedule(3, () => times.push(s.now));
    });
    s.runUntilIdle();
    expect(times).toEqual([5, 5, 8]);
  });

  it("cancelled events never run", () => {
    const s = new Scheduler();
    const log: number[] = [];
    const e = s.schedule(1, () => log.push(1));
    s.schedule(2, () => log.push(2));
    s.cancel(e);
    s.runUntilIdle();
    expect(log).toEqual([2]);
  });

  it("runUntil stops at the horizon and leaves the clock there", () => {
    const s = new Scheduler();
    const log: number[] = [];
    s.schedule(10, () => log.push(10));
    s.schedule(30, () => log.push(30));
    s.runUntil(20);
    expect(log).toEqual([10]);
    expect(s.now).toBe(20);
    expect(s.nextTime()).toBe(30);
    s.runFor(10);
    expect(log).toEqual([10, 30]);
  });

  it("refuses to schedule in the past or with a negative delay", () => {
    const s = new Scheduler();
    s.runUntil(100);
    expect(() => s.at(50, () => {})).toThrow(RangeError);
    expect(() => s.schedule(-1, () => {})).toThrow(RangeError);
  });

  it("stops a runaway simulation with a clear error naming the busy events", () => {
    const s = new Scheduler({ maxEvents: 1000 });
    const storm = (): void => {
      s.schedule(1, storm, "br0 flood");
      s.schedule(1, storm, "br0 flood");
    };
    s.schedule(0, storm, "br0 flood");
    let error: unknown;
    try {
      s.runUntilIdle();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulationLimitError);
    const limit = error as SimulationLimitError;
    expect(limit.message).toMatch(/stopped after 1000 events/);
    expect(limit.message).toMatch(/br0 flood/);
    expect(s.eventsExecuted).toBe(1000);
  });
});

describe("Timer", () => {
  it("re-arming replaces the previous expiry, deleting cancels", () => {
    const s = new Scheduler();
    const fired: number[] = [];
    const t = new Timer(s, () => fired.push(s.now));
    t.modIn(100);
    t.modIn(50);
    expect(t.expires).toBe(50);
    s.runUntilIdle();
    expect(fired).toEqual([50]);
    t.modIn(10);
    t.del();
    s.runUntilIdle();
    expect(fired).toEqual([50]);
    expect(t.pending).toBe(false);
  });
});
