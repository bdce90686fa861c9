import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Packet } from "../src/index";

// Packet buffers share slabs (packet.ts): each must still behave as its own zeroed array.
describe("packet buffers carved from shared slabs", () => {
  it("are zero-filled and independent of every other packet's buffer", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 60 }), (specs) => {
        const pkts = specs.map(([len]) => Packet.alloc(len));
        for (const p of pkts) expect(p.buf.every((b) => b === 0)).toBe(true);
        pkts.forEach((p, i) => p.buf.fill(specs[i]![1]));
        pkts.forEach((p, i) => {
          expect(p.buf.length).toBe(64 + specs[i]![0]);
          expect(p.buf.every((b) => b === specs[i]![1])).toBe(true);
        });
      }),
    );
  });

  it("clone and headroom growth copy the bytes into buffers of their own", () => {
    const p = Packet.from(Uint8Array.of(1, 2, 3), 2);
    const c = p.clone();
    p.push(40);
    p.buf[p.head] = 9;
    c.buf[c.head] = 7;
    expect([...p.data()].slice(40)).toEqual([1, 2, 3]);
    expect([...c.data()]).toEqual([7, 2, 3]);
    expect(p.data()[0]).toBe(9);
  });
});
