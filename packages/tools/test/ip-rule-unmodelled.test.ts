import { describe, expect, it } from "vitest";
import { Session } from "pktsim";

describe("ip rule selectors the model has no place for", () => {
  it("are refused with a clear message and leave the rules untouched", () => {
    const s = new Session({ seed: 1 });
    const before = s.exec("ip rule").output;
    for (const add of ["ip rule add uidrange 1000-2000 table 30 pref 120", "ip rule add ipproto udp dport 53 table 40", "ip rule add fwmark 1 lookup 10 suppress_ifgroup 3"]) {
      const r = s.exec(add);
      expect(r.status).toBe(255);
      expect(r.output).toMatch(/^Error: "(uidrange|ipproto|suppress_ifgroup)" is not modelled by pktsim\.\n$/);
    }
    expect(s.exec("ip rule").output).toBe(before);
  });
});
