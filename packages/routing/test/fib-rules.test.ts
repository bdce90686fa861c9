import { describe, expect, it } from "vitest";
import {
  FibErrno,
  FibResult,
  fibLookup,
  RouteTable,
  RouteType,
  RouteVerb,
  RuleAction,
  type Fib,
  type FibRule,
  type Flow,
} from "../src/index";
import { ip, must, req, testNamespace } from "./helpers";

const rulesOf = (fib: Fib): [number, string][] => fib.rules.dump().map((r) => [r.pref, describeRule(r)]);

/** Test-only: the selector part of an `ip rule` line. */
function describeRule(r: FibRule): string {
  const parts: string[] = [];
  if (r.flags & 2) parts.push("not");
  parts.push(r.srcLen ? `from ${r.src >>> 24}.${(r.src >>> 16) & 255}.${(r.src >>> 8) & 255}.${r.src & 255}/${r.srcLen}` : "from all");
  if (r.dstLen) parts.push(`to /${r.dstLen}`);
  if (r.tos) parts.push(`tos 0x${r.tos.toString(16)}`);
  if (r.markMask) parts.push(`fwmark 0x${r.mark.toString(16)}/0x${r.markMask.toString(16)}`);
  if (r.iifName) parts.push(`iif ${r.iifName}${r.iifindex === -1 ? " [detached]" : ""}`);
  if (r.oifName) parts.push(`oif ${r.oifName}`);
  if (r.action === RuleAction.TO_TBL) parts.push(`lookup ${r.table}`);
  else if (r.action === RuleAction.GOTO) parts.push(`goto ${r.target}`);
  else parts.push(["", "", "", "nop", "", "", "blackhole", "unreachable", "prohibit"][r.action]!);
  return parts.join(" ");
}

function get(fib: Fib, daddr: string, flow: Partial<Flow> = {}): unknown {
  const res = new FibResult();
  const err = fibLookup(fib, { daddr: ip(daddr), iif: 1, ...flow }, res);
  if (err !== 0) return [err];
  return [res.nexthop!.gateway, res.nexthop!.ifindex, res.table, res.rule?.pref];
}

describe("rule list (fib_nl_newrule / fib_nl_delrule)", () => {
  it("gives an unprioritised rule the second rule's priority minus one (reference §4.10)", () => {
    const { fib } = testNamespace();
    // $ ip rule add from 10.0.0.0/24 table 100
    // $ ip rule add fwmark 0x4000/0x4000 table 200 priority 1000
    // $ ip rule add to 10.50.0.0/16 lookup main priority 500
    // $ ip rule add iif veth1 table 300
    must(fib.rules.add({ src: ip("10.0.0.0"), srcLen: 24, table: 100 }));
    must(fib.rules.add({ mark: 0x4000, markMask: 0x4000, table: 200, pref: 1000 }));
    must(fib.rules.add({ dst: ip("10.50.0.0"), dstLen: 16, table: RouteTable.MAIN, pref: 500 }));
    must(fib.rules.add({ iifName: "d0", iifindex: 2, table: 300 }));
    expect(rulesOf(fib)).toEqual([
      [0, "from all lookup 255"],
      [499, "from all iif d0 lookup 300"],
      [500, "from all to /16 lookup 254"],
      [1000, "from all fwmark 0x4000/0x4000 lookup 200"],
      [32765, "from 10.0.0.0/24 lookup 100"],
      [32766, "from all lookup 254"],
      [32767, "from all lookup 253"],
    ]);
  });

  it("takes the second rule's priority even once rule 0 is gone, and 0 when that is 0", () => {
    const { fib } = testNamespace();
    // $ ip rule (excerpt)  0: local / 494: lookup 400 / 495: fwmark 0x7 lookup 306 / ...
    // $ ip rule del pref 0; ip rule add table 401 → "494: from all lookup 401" after "494: … lookup 400"
    must(fib.rules.add({ table: 400, pref: 494 }));
    must(fib.rules.add({ mark: 7, table: 306, pref: 495 }));
    must(fib.rules.delete({ pref: 0 }));
    expect(must(fib.rules.add({ table: 401 })).pref).toBe(494);
    expect(rulesOf(fib).slice(0, 3)).toEqual([
      [494, "from all lookup 400"],
      [494, "from all lookup 401"],
      [495, "from all fwmark 0x7/0xffffffff lookup 306"],
    ]);
    const fresh = testNamespace().fib;
    must(fresh.rules.add({ table: 7, pref: 0 }));
    expect(must(fresh.rules.add({ table: 8 })).pref).toBe(0);
  });

  it("refuses duplicates the way rule_exists compares them", () => {
    const { fib } = testNamespace();
    const add = (cfg: Parameters<typeof fib.rules.add>[0]): unknown => {
      const r = fib.rules.add(cfg);
      return r.ok ? "ok" : r.errno;
    };
    const base = { src: ip("10.0.0.0"), srcLen: 24, table: 100, pref: 600 };
    // $ ip rule add from 10.0.0.0/24 table 100 pref 600
    expect(add(base)).toBe("ok");
    // $ ip rule add table 100 pref 600                        → File exists (no from: not compared)
    expect(add({ table: 100, pref: 600 })).toBe(FibErrno.EEXIST);
    // $ ip rule add not from 10.0.0.0/24 table 100 pref 600   → File exists (not is not compared)
    expect(add({ ...base, invert: true })).toBe(FibErrno.EEXIST);
    // accepted: another from, fwmark 3, to 10.0.0.0/24, iif d0, tos 0x10, table 101, unreachable
    expect(add({ ...base, srcLen: 16 })).toBe("ok");
    expect(add({ ...base, mark: 3 })).toBe("ok");
    expect(add({ dst: ip("10.0.0.0"), dstLen: 24, table: 100, pref: 600 })).toBe("ok");
    expect(add({ ...base, iifName: "d0", iifindex: 2 })).toBe("ok");
    expect(add({ ...base, tos: 0x10 })).toBe("ok");
    expect(add({ ...base, table: 101 })).toBe("ok");
    expect(add({ src: base.src, srcLen: 24, pref: 600, action: RuleAction.UNREACHABLE })).toBe("ok");
    // $ ip rule add from 1.1.1.1 table 5 pref 900 protocol static; … pref 900 → both accepted
    expect(add({ src: ip("1.1.1.1"), srcLen: 32, table: 5, pref: 900, protocol: 4 })).toBe("ok");
    expect(add({ src: ip("1.1.1.1"), srcLen: 32, table: 5, pref: 900 })).toBe("ok");
    // $ ip rule add to 10.0.0.0/24 goto 950 pref 904; … goto 951 pref 904 → File exists
    expect(add({ dst: ip("10.0.0.0"), dstLen: 24, action: RuleAction.GOTO, target: 950, pref: 904 })).toBe("ok");
    expect(add({ dst: ip("10.0.0.0"), dstLen: 24, action: RuleAction.GOTO, target: 951, pref: 904 })).toBe(FibErrno.EEXIST);
    // Without a priority the computed one (second rule − 1) makes a repeat distinct: 599 then 598.
    expect(add({ src: ip("10.1.0.0"), srcLen: 24, table: 100 })).toBe("ok");
    expect(add({ src: ip("10.1.0.0"), srcLen: 24, table: 100 })).toBe("ok");
    expect(fib.rules.dump().filter((r) => r.src === ip("10.1.0.0")).map((r) => r.pref)).toEqual([598, 599]);
    // $ ip rule add tos 0x30 table 305 → Error: Invalid tos.
    expect(fib.rules.add({ tos: 0x30, table: 305 })).toEqual({ ok: false, errno: FibErrno.EINVAL, message: "Invalid tos" });
    // $ ip rule add tos 0x02 table 305 → Error: Invalid dsfield (tos): ECN bits must be 0.
    expect(fib.rules.add({ tos: 0x02, table: 305 })).toEqual({
      ok: false,
      errno: FibErrno.EINVAL,
      message: "Invalid dsfield (tos): ECN bits must be 0",
    });
    // $ ip rule add to 10.65.0.0/16 goto 50 pref 106 → Error: Backward goto not supported.
    expect(fib.rules.add({ action: RuleAction.GOTO, target: 50, pref: 106 })).toEqual({
      ok: false,
      errno: FibErrno.EINVAL,
      message: "Backward goto not supported",
    });
  });

  it("deletes the first rule matching the given fields, ignoring `not`; ENOENT when none", () => {
    const { fib } = testNamespace();
    must(fib.rules.add({ src: ip("10.0.0.0"), srcLen: 24, table: 100 })); // 32765
    must(fib.rules.add({ src: ip("10.0.0.0"), srcLen: 24, table: 100 })); // 32764
    must(fib.rules.add({ src: ip("10.1.0.0"), srcLen: 16, table: 300, pref: 1000, invert: true }));
    // $ ip rule del table 100 → removes 32764 only
    expect(must(fib.rules.delete({ table: 100 })).pref).toBe(32764);
    // $ ip rule del from 10.1.0.0/16 → removes "not from 10.1.0.0/16"
    expect(must(fib.rules.delete({ src: ip("10.1.0.0"), srcLen: 16 })).pref).toBe(1000);
    // $ ip rule del not from 10.1.0.0/16 → RTNETLINK answers: No such file or directory
    expect(fib.rules.delete({ src: ip("10.1.0.0"), srcLen: 16 })).toEqual({ ok: false, errno: FibErrno.ENOENT });
    expect(fib.rules.delete({ table: 999 })).toEqual({ ok: false, errno: FibErrno.ENOENT });
  });

  it("compares a goto's action but not its target, and a fwmark with its mask, on delete", () => {
    const { fib } = testNamespace();
    // $ ip rule add to 10.0.0.0/24 goto 950 pref 904; ip rule del goto 951 → deletes it
    must(fib.rules.add({ dst: ip("10.0.0.0"), dstLen: 24, action: RuleAction.GOTO, target: 950, pref: 904 }));
    expect(must(fib.rules.delete({ action: RuleAction.GOTO, target: 951 })).pref).toBe(904);
    // $ ip rule del goto 950 → Error: Backward goto not supported. (default priority 32765)
    expect(fib.rules.delete({ action: RuleAction.GOTO, target: 950 })).toEqual({
      ok: false,
      errno: FibErrno.EINVAL,
      message: "Backward goto not supported",
    });
    // $ ip rule add fwmark 0x10/0x30 table 5 pref 905; ip rule del fwmark 0x10 → No such file or directory
    must(fib.rules.add({ mark: 0x10, markMask: 0x30, table: 5, pref: 905 }));
    expect(fib.rules.delete({ mark: 0x10 })).toEqual({ ok: false, errno: FibErrno.ENOENT });
    expect(must(fib.rules.delete({ mark: 0x10, markMask: 0x30 })).pref).toBe(905);
  });

  it("detaches rules from a device that goes away and re-attaches them by name", () => {
    const { fib } = testNamespace();
    must(fib.newRoute(req("10.60.0.0/16", { via: "10.0.1.2", table: 302 }), RouteVerb.add));
    must(fib.rules.add({ iifName: "d1", iifindex: 3, table: 302, pref: 100 }));
    must(fib.rules.add({ iifName: "nosuch", table: 304 }));
    expect(fib.rules.dump().find((r) => r.table === 304)!.iifindex).toBe(-1); // [detached]
    expect(get(fib, "10.60.0.1", { iif: 3 })).toEqual([ip("10.0.1.2"), 2, 302, 100]);
    fib.rules.detach(3);
    expect(get(fib, "10.60.0.1", { iif: 3 })).toEqual([FibErrno.ENETUNREACH]);
    fib.rules.attach("d1", 7);
    expect(get(fib, "10.60.0.1", { iif: 7 })).toEqual([ip("10.0.1.2"), 2, 302, 100]);
  });
});

describe("fibLookup through rules (fib_rules_lookup, fib4_rule_action)", () => {
  it("walks rules in order: iif lo, error actions, goto/nop, suppress, throw and missing tables", () => {
    const { fib } = testNamespace();
    // $ ip route add 10.60.0.0/16 via 10.0.1.2 table 302; ip rule add iif lo table 302 pref 100
    // $ ip route get 10.60.0.1 → 10.60.0.1 via 10.0.1.2 dev d0 table 302
    must(fib.newRoute(req("10.60.0.0/16", { via: "10.0.1.2", table: 302 }), RouteVerb.add));
    must(fib.rules.add({ iifName: "lo", iifindex: 1, table: 302, pref: 100 }));
    expect(get(fib, "10.60.0.1")).toEqual([ip("10.0.1.2"), 2, 302, 100]);
    // An input lookup from d1 does not match iif lo (the kernel then answers EHOSTUNREACH from
    // ip_route_input_slow because forwarding is off: the stack's part).
    expect(get(fib, "10.60.0.1", { iif: 3, saddr: ip("10.0.2.9") })).toEqual([FibErrno.ENETUNREACH]);
    // $ ip rule add to 10.61.0.0/16 unreachable → Network is unreachable; prohibit → Permission denied;
    //   blackhole → Invalid argument
    must(fib.rules.add({ dst: ip("10.61.0.0"), dstLen: 16, action: RuleAction.UNREACHABLE, pref: 101 }));
    must(fib.rules.add({ dst: ip("10.62.0.0"), dstLen: 16, action: RuleAction.PROHIBIT, pref: 102 }));
    must(fib.rules.add({ dst: ip("10.63.0.0"), dstLen: 16, action: RuleAction.BLACKHOLE, pref: 103 }));
    expect(get(fib, "10.61.0.1")).toEqual([FibErrno.ENETUNREACH]);
    expect(get(fib, "10.62.0.1")).toEqual([FibErrno.EACCES]);
    expect(get(fib, "10.63.0.1")).toEqual([FibErrno.EINVAL]);
    // 104 goto 110 skips 105 prohibit; 110 nop; 111 unreachable → Network is unreachable
    must(fib.rules.add({ dst: ip("10.64.0.0"), dstLen: 16, action: RuleAction.GOTO, target: 110, pref: 104 }));
    must(fib.rules.add({ dst: ip("10.64.0.0"), dstLen: 16, action: RuleAction.PROHIBIT, pref: 105 }));
    must(fib.rules.add({ dst: ip("10.64.0.0"), dstLen: 16, action: RuleAction.NOP, pref: 110 }));
    must(fib.rules.add({ dst: ip("10.64.0.0"), dstLen: 16, action: RuleAction.UNREACHABLE, pref: 111 }));
    expect(get(fib, "10.64.0.1")).toEqual([FibErrno.ENETUNREACH]);
    // 106 goto 120 [unresolved] is skipped; once rule 120 blackhole exists → Invalid argument
    must(fib.rules.add({ dst: ip("10.65.0.0"), dstLen: 16, action: RuleAction.GOTO, target: 120, pref: 106 }));
    expect(get(fib, "10.65.0.1")).toEqual([FibErrno.ENETUNREACH]);
    must(fib.rules.add({ dst: ip("10.65.0.0"), dstLen: 16, action: RuleAction.BLACKHOLE, pref: 120 }));
    expect(get(fib, "10.65.0.1")).toEqual([FibErrno.EINVAL]);
    // table 303 with suppress_prefixlength 0: the /16 is taken, the default route suppressed
    must(fib.newRoute(req("0.0.0.0/0", { via: "10.0.1.2", table: 303 }), RouteVerb.add));
    must(fib.newRoute(req("10.66.0.0/16", { via: "10.0.2.2", table: 303 }), RouteVerb.add));
    must(fib.rules.add({ table: 303, suppressPrefixLen: 0, pref: 130 }));
    expect(get(fib, "10.66.0.1")).toEqual([ip("10.0.2.2"), 3, 303, 130]);
    expect(get(fib, "10.67.0.1")).toEqual([FibErrno.ENETUNREACH]);
    // throw in 304 continues with 305; blackhole in 304 stops
    must(fib.newRoute(req("10.68.0.0/16", { type: RouteType.THROW, table: 304 }), RouteVerb.add));
    must(fib.newRoute(req("10.68.0.0/16", { via: "10.0.2.7", table: 305 }), RouteVerb.add));
    must(fib.rules.add({ table: 304, pref: 140 }));
    must(fib.rules.add({ table: 305, pref: 141 }));
    expect(get(fib, "10.68.0.1")).toEqual([ip("10.0.2.7"), 3, 305, 141]);
    must(fib.newRoute(req("10.69.0.0/16", { type: RouteType.BLACKHOLE, table: 304 }), RouteVerb.add));
    must(fib.newRoute(req("10.69.0.0/16", { via: "10.0.2.7", table: 305 }), RouteVerb.add));
    expect(get(fib, "10.69.0.1")).toEqual([FibErrno.EINVAL]);
    // fwmark 0x10/0x30 matches mark 0x10 and 0x1f, not 0x30
    must(fib.rules.add({ mark: 0x10, markMask: 0x30, table: 306, pref: 150 }));
    must(fib.newRoute(req("10.71.0.0/16", { via: "10.0.2.7", table: 306 }), RouteVerb.add));
    expect(get(fib, "10.71.0.1", { mark: 0x10 })).toEqual([ip("10.0.2.7"), 3, 306, 150]);
    expect(get(fib, "10.71.0.1", { mark: 0x1f })).toEqual([ip("10.0.2.7"), 3, 306, 150]);
    expect(get(fib, "10.71.0.1", { mark: 0x30 })).toEqual([FibErrno.ENETUNREACH]);
  });

  it("falls through rules whose table is missing or empty (reference §4.10)", () => {
    const { fib } = testNamespace();
    must(fib.newRoute(req("0.0.0.0/0", { via: "10.0.2.3" }), RouteVerb.add));
    must(fib.rules.add({ iifName: "d0", iifindex: 2, table: 300 }));
    // $ ip route get 10.99.1.1 from 10.0.0.1 iif veth1 (table 300 does not exist) → main's default
    expect(get(fib, "10.99.1.1", { iif: 2, saddr: ip("10.0.1.9") })).toEqual([ip("10.0.2.3"), 3, RouteTable.MAIN, 32766]);
    fib.newTable(300);
    expect(get(fib, "10.99.1.1", { iif: 2 })).toEqual([ip("10.0.2.3"), 3, RouteTable.MAIN, 32766]);
  });

  it("selects source prefixes, tos and `not`", () => {
    const { fib } = testNamespace();
    must(fib.newRoute(req("0.0.0.0/0", { via: "10.0.2.3", table: 100 }), RouteVerb.add));
    must(fib.rules.add({ src: ip("10.0.0.0"), srcLen: 24, table: 100 }));
    expect(get(fib, "11.1.1.1", { saddr: ip("10.0.0.7") })).toEqual([ip("10.0.2.3"), 3, 100, 32765]);
    expect(get(fib, "11.1.1.1", { saddr: ip("10.0.1.7") })).toEqual([FibErrno.ENETUNREACH]);
    must(fib.rules.add({ tos: 0x10, table: 100, pref: 10 }));
    expect(get(fib, "11.1.1.1", { tos: 0x12 })).toEqual([ip("10.0.2.3"), 3, 100, 10]);
    must(fib.rules.add({ src: ip("10.9.0.0"), srcLen: 16, invert: true, action: RuleAction.PROHIBIT, pref: 5 }));
    expect(get(fib, "11.1.1.1", { saddr: ip("10.8.0.1") })).toEqual([FibErrno.EACCES]);
    expect(get(fib, "11.1.1.1", { saddr: ip("10.9.0.1"), tos: 0x10 })).toEqual([ip("10.0.2.3"), 3, 100, 10]);
  });

  it("takes the first unused table id for a lookup rule without one (fib_empty_table)", () => {
    const { fib } = testNamespace();
    fib.newTable(1);
    expect(must(fib.rules.add({ src: ip("10.0.0.0"), srcLen: 8 })).table).toBe(2);
    expect(fib.getTable(2)).toBeDefined();
  });
});
