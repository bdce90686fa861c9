import type { Ipv4Addr } from "@pktsim/core";
import type { Fib } from "./fib";
import { fail, FibErrno, ok, type FibOpResult } from "./errno";
import { LcTrie } from "./lpm/lc-trie";
import type { Lpm } from "./lpm/lpm";
import { sameRoute, type Route } from "./route";
import { NlFlags, RouteScope } from "./rtnetlink";

/**
 * The routes of all tables that share one trie, per prefix in kernel list order: table id
 * descending, then tos descending, then priority ascending, then as added (fib_find_alias,
 * fib_insert_alias). The local and main tables share one while no policy rule was ever
 * changed, which is why a lookup in main also sees local routes (fib_trie_table's alias).
 */
export type FibTrie = Lpm<Route[]>;

/** The fields `ip route del` matches on; an absent field matches anything (fib_table_delete). */
export interface RouteMatch {
  readonly dst: Ipv4Addr;
  readonly prefixLen: number;
  /** Part of the key: compared exactly, default 0. */
  readonly tos?: number;
  readonly priority?: number;
  readonly type?: number;
  readonly scope?: number;
  readonly protocol?: number;
  readonly prefsrc?: Ipv4Addr;
  /** Compared with the first nexthop (fib_nh_match). */
  readonly gateway?: Ipv4Addr;
  readonly ifindex?: number;
  /** Compared path by path with a multipath route's nexthops. */
  readonly nexthops?: readonly { readonly gateway?: Ipv4Addr; readonly ifindex?: number }[];
}

/** One routing table (struct fib_table). Create them through Fib.newTable. */
export class FibTable {
  /** @internal the trie, shared with main while local and main are merged */
  trie: FibTrie;

  constructor(
    readonly id: number,
    /** The FIB it belongs to, for the link state a lookup consults. */
    readonly owner?: Fib | undefined,
    trie?: FibTrie | undefined,
  ) {
    // The level-compressed trie the kernel uses (fib_trie.c); RadixTrie stays its test oracle.
    this.trie = trie ?? new LcTrie<Route[]>();
  }

  /**
   * fib_table_insert: EEXIST when the key exists and `flags` has EXCL, or when an identical
   * route exists; REPLACE swaps the first route of the key (ENOENT without CREATE when there
   * is none); APPEND adds after the routes of the key, otherwise before them.
   */
  insert(route: Route, flags: number): FibOpResult<Route> {
    if (route.table !== this.id) throw new Error(`route of table ${route.table} inserted into ${this.id}`);
    let list = this.trie.get(route.dst, route.prefixLen);
    let at = list === undefined ? -1 : findAlias(list, this.id, route.tos, route.priority);
    if (list !== undefined && at >= 0 && list[at]!.tos === route.tos && list[at]!.priority === route.priority) {
      if (flags & NlFlags.EXCL) return fail(FibErrno.EEXIST);
      const first = at;
      let end = at;
      let match = -1;
      for (; end < list.length; end++) {
        const r = list[end]!;
        if (r.table !== this.id || r.tos !== route.tos || r.priority !== route.priority) break;
        if (match < 0 && sameRoute(r, route)) match = end;
      }
      if (flags & NlFlags.REPLACE) {
        if (match >= 0) return match === first ? ok(list[first]!) : fail(FibErrno.EEXIST);
        list[first] = route;
        return ok(route);
      }
      if (match >= 0) return fail(FibErrno.EEXIST);
      at = flags & NlFlags.APPEND ? end : first;
    } else if (list !== undefined && at < 0) {
      // No place found among this table's routes: after the last route of a table id >= ours.
      at = list.findIndex((r) => r.table < this.id);
      if (at < 0) at = list.length;
    }
    if (!(flags & NlFlags.CREATE)) return fail(FibErrno.ENOENT);
    if (list === undefined) {
      list = [];
      this.trie.insert(route.dst, route.prefixLen, list);
      at = 0;
    }
    list.splice(at, 0, route);
    return ok(route);
  }

  /** fib_table_delete: removes the first route of the key that matches every given field. */
  delete(match: RouteMatch): FibOpResult<Route> {
    const tos = match.tos ?? 0;
    const list = this.trie.get(match.dst, match.prefixLen);
    if (list === undefined) return fail(FibErrno.ESRCH);
    const from = findAlias(list, this.id, tos, 0);
    if (from < 0) return fail(FibErrno.ESRCH);
    for (let i = from; i < list.length; i++) {
      const r = list[i]!;
      if (r.table !== this.id || r.tos !== tos) break;
      if (routeMatches(r, match)) {
        this.unlink(list, i);
        return ok(r);
      }
    }
    return fail(FibErrno.ESRCH);
  }

  /** The first route with exactly this key (dst, prefixLen, tos, priority). */
  find(dst: Ipv4Addr, prefixLen: number, tos = 0, priority = 0): Route | undefined {
    return this.trie
      .get(dst, prefixLen)
      ?.find((r) => r.table === this.id && r.tos === tos && r.priority === priority);
  }

  /** The routes of this table in dump order (fib_table_dump). */
  dump(): Route[] {
    const out: Route[] = [];
    for (const { value } of this.trie.entries()) for (const r of value) if (r.table === this.id) out.push(r);
    return out;
  }

  /** Removes this table's routes for which `filter` holds; returns them in dump order. */
  flush(filter: (route: Route) => boolean = () => true): Route[] {
    const removed: Route[] = [];
    for (const { prefix, prefixLen, value } of [...this.trie.entries()]) {
      const kept = value.filter((r) => r.table !== this.id || !filter(r));
      if (kept.length === value.length) continue;
      for (const r of value) if (!kept.includes(r)) removed.push(r);
      value.splice(0, value.length, ...kept);
      if (kept.length === 0) this.trie.remove(prefix, prefixLen);
    }
    return removed;
  }

  /** Number of routes in this table. */
  get size(): number {
    let n = 0;
    for (const { value } of this.trie.entries()) for (const r of value) if (r.table === this.id) n++;
    return n;
  }

  /** @internal removes list[i] and the prefix once its list is empty */
  unlink(list: Route[], i: number): void {
    const r = list[i]!;
    list.splice(i, 1);
    if (list.length === 0) this.trie.remove(r.dst, r.prefixLen);
  }
}

/**
 * fib_find_alias: the first route of table `id` with (tos < wanted) or (same tos and
 * priority >= wanted); −1 when none, and then a new route goes at the end of the table's
 * routes for the prefix.
 */
function findAlias(list: readonly Route[], id: number, tos: number, priority: number): number {
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (r.table > id) continue;
    if (r.table !== id) return -1;
    if (r.tos > tos) continue;
    if (r.priority >= priority || r.tos < tos) return i;
  }
  return -1;
}

function routeMatches(r: Route, m: RouteMatch): boolean {
  if (m.type !== undefined && m.type !== 0 && r.type !== m.type) return false;
  if (m.scope !== undefined && m.scope !== RouteScope.NOWHERE && r.scope !== m.scope) return false;
  if (m.prefsrc !== undefined && m.prefsrc !== 0 && r.prefsrc !== m.prefsrc) return false;
  if (m.protocol !== undefined && m.protocol !== 0 && r.protocol !== m.protocol) return false;
  return nexthopMatches(r, m);
}

/** fib_nh_match: the metric when given, then the first path, or every given path in order. */
function nexthopMatches(r: Route, m: RouteMatch): boolean {
  if (m.priority !== undefined && m.priority !== 0 && m.priority !== r.priority) return false;
  const gw = m.gateway ?? 0;
  const oif = m.ifindex ?? 0;
  if (gw !== 0 || oif !== 0) {
    const nh = r.nexthops[0]!;
    return (oif === 0 || oif === nh.ifindex) && (gw === 0 || gw === nh.gateway);
  }
  if (m.nexthops === undefined) return true;
  // Fewer given paths than the route has is a malformed request there: no match.
  if (m.nexthops.length < r.nexthops.length) return false;
  return r.nexthops.every((nh, i) => {
    const want = m.nexthops![i]!;
    return (
      (!want.ifindex || want.ifindex === nh.ifindex) && (!want.gateway || want.gateway === nh.gateway)
    );
  });
}
