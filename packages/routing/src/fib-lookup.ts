import { FibErrno } from "./errno";
import type { Fib } from "./fib";
import { FibLookupFlags, type Flow, type FibResult } from "./fib-result";
import type { FibTable } from "./fib-table";
import { fibRulesLookup } from "./fib-rules";
import { routeTypeError, type Nexthop } from "./route";
import { IPTOS_RT_MASK, NexthopFlags, RouteTable } from "./rtnetlink";

/**
 * fib_table_lookup (net/ipv4/fib_trie.c): the longest prefix first; among its routes in list
 * order, skip those whose tos is set and differs, whose scope is narrower than the flow's, or
 * that are dead; the first left decides (an error type returns its error); when none is
 * usable, back-track to the next shorter prefix. EAGAIN when nothing matched.
 * Returns 0 or an errno; fills `res` on success.
 */
export function fibTableLookup(table: FibTable, flow: Flow, res: FibResult, flags = 0): number {
  const daddr = flow.daddr >>> 0;
  const tos = (flow.tos ?? 0) & IPTOS_RT_MASK;
  const scope = flow.scope ?? 0;
  let maxLen = 32;
  for (;;) {
    const list = table.trie.lookup(daddr, maxLen);
    if (list === undefined) return FibErrno.EAGAIN;
    for (const r of list) {
      if (r.tos !== 0 && r.tos !== tos) continue;
      if (r.scope < scope) continue;
      const err = routeTypeError(r.type);
      if (err !== 0) {
        res.route = r;
        res.table = table.id;
        return err;
      }
      if (r.flags & NexthopFlags.DEAD) continue;
      for (let nhsel = 0; nhsel < r.nexthops.length; nhsel++) {
        if (!goodNexthop(table.owner, r.nexthops[nhsel]!, flow, flags)) continue;
        res.route = r;
        res.nhsel = nhsel;
        res.prefix = r.dst;
        res.prefixLen = r.prefixLen;
        res.type = r.type;
        res.scope = r.scope;
        res.table = table.id;
        return 0;
      }
    }
    const len = list[0]!.prefixLen;
    if (len === 0) return FibErrno.EAGAIN;
    maxLen = len - 1;
  }
}

/** fib_lookup_good_nhc */
function goodNexthop(fib: Fib | undefined, nh: Nexthop, flow: Flow, flags: number): boolean {
  if (nh.flags & NexthopFlags.DEAD) return false;
  if (
    nh.flags & NexthopFlags.LINKDOWN &&
    !(flags & FibLookupFlags.IGNORE_LINKSTATE) &&
    fib?.links?.ignoreRoutesWithLinkdown?.(nh.ifindex) === true
  ) {
    return false;
  }
  const oif = flow.oif ?? 0;
  return oif === 0 || oif === nh.ifindex;
}

/**
 * fib_lookup (include/net/ip_fib.h): until a policy rule is added or deleted, main (which still
 * holds the local routes) then default, without walking rules; afterwards the rules
 * (__fib_lookup). Returns 0 or an errno (ENETUNREACH when nothing matched, or the error of a
 * blackhole/unreachable/prohibit route or rule).
 */
export function fibLookup(fib: Fib, flow: Flow, res: FibResult, flags = 0): number {
  res.reset();
  if (fib.hasCustomRules) return fibRulesLookup(fib, flow, res, flags);
  let err: number = FibErrno.EAGAIN;
  const main = fib.getTable(RouteTable.MAIN);
  if (main !== undefined) err = fibTableLookup(main, flow, res, flags);
  if (err !== FibErrno.EAGAIN) return err;
  const dflt = fib.getTable(RouteTable.DEFAULT);
  if (dflt !== undefined) err = fibTableLookup(dflt, flow, res, flags);
  return err === FibErrno.EAGAIN ? FibErrno.ENETUNREACH : err;
}
