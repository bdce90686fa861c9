import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  Fib,
  FibErrno,
  FibResult,
  fibTableLookup,
  NexthopFlags,
  routeTypeError,
  RouteScope,
  RouteTable,
  RouteType,
  RouteVerb,
  type Flow,
  type Route,
} from "../src/index";

const MASK = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

/** fib_table_lookup restated as a scan: covering routes, longest prefix first, list order within one. */
function oracle(routes: Route[], flow: Flow): { err: number; route?: Route; nhsel?: number } {
  const covering = routes.filter((r) => ((flow.daddr ^ r.dst) & MASK(r.prefixLen)) === 0);
  covering.sort((a, b) => b.prefixLen - a.prefixLen); // stable: keeps list order
  for (const r of covering) {
    if (r.tos !== 0 && r.tos !== ((flow.tos ?? 0) & 0x1c)) continue;
    if (r.scope < (flow.scope ?? 0)) continue;
    const err = routeTypeError(r.type);
    if (err !== 0) return { err, route: r };
    if (r.flags & NexthopFlags.DEAD) continue;
    const nhsel = r.nexthops.findIndex((nh) => !(nh.flags & NexthopFlags.DEAD) && (!flow.oif || flow.oif === nh.ifindex));
    if (nhsel >= 0) return { err: 0, route: r, nhsel };
  }
  return { err: FibErrno.EAGAIN };
}

const arbRoute = fc.record({
  base: fc.constantFrom(0x0a000000, 0x0a080000, 0x0a080100, 0),
  len: fc.constantFrom(0, 8, 16, 24, 25, 32),
  tos: fc.constantFrom(0, 0, 0x04, 0x10),
  priority: fc.constantFrom(0, 0, 5, 10),
  type: fc.constantFrom(RouteType.UNICAST, RouteType.UNICAST, RouteType.UNICAST, RouteType.BLACKHOLE, RouteType.THROW),
  scope: fc.constantFrom(RouteScope.UNIVERSE, RouteScope.LINK),
  devs: fc.array(fc.constantFrom(2, 3), { minLength: 1, maxLength: 2 }),
  dead: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  verb: fc.constantFrom(RouteVerb.add, RouteVerb.append, RouteVerb.prepend, RouteVerb.replace),
  table: fc.constantFrom(RouteTable.MAIN, RouteTable.LOCAL),
});

describe("fibTableLookup", () => {
  it("equals a scan of the table in dump order, across merged local and main", () => {
    fc.assert(
      fc.property(
        fc.array(arbRoute, { maxLength: 25 }),
        fc.array(
          fc.record({
            daddr: fc.oneof(fc.constantFrom(0x0a080101, 0x0a080181, 0x0a000001, 0x0b000000), fc.nat(0xffffffff)),
            tos: fc.constantFrom(0, 0x10, 0x04, 0x12),
            scope: fc.constantFrom(RouteScope.UNIVERSE, RouteScope.LINK, RouteScope.HOST),
            oif: fc.constantFrom(0, 0, 2, 3),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (specs, flows) => {
          const fib = new Fib();
          for (const s of specs) {
            const isError = s.type !== RouteType.UNICAST;
            const r = fib.newRoute(
              {
                table: s.table,
                dst: (s.base & MASK(s.len)) >>> 0,
                prefixLen: s.len,
                tos: s.tos,
                priority: s.priority,
                type: s.type,
                scope: isError ? RouteScope.UNIVERSE : s.scope,
                ...(isError ? {} : { nexthops: s.devs.map((ifindex) => ({ ifindex })) }),
              },
              s.verb,
            );
            if (r.ok) r.value.nexthops.forEach((nh, i) => { if (s.dead[i] && !isError) nh.flags |= NexthopFlags.DEAD; });
          }
          // The merged trie holds both tables; a lookup in main sees local routes too.
          const all = [...fib.getTable(RouteTable.MAIN)?.trie.entries() ?? []].flatMap((e) => e.value);
          for (const flow of flows) {
            const res = new FibResult();
            const main = fib.getTable(RouteTable.MAIN);
            const err = main ? fibTableLookup(main, flow, res) : FibErrno.EAGAIN;
            const want = oracle(all, flow);
            expect(err).toBe(want.err);
            if (want.route) expect(res.route).toBe(want.route);
            if (want.err === 0) expect(res.nhsel).toBe(want.nhsel);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
