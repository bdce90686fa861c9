/**
 * The namespace's FIB as the stack uses it: the kernel's route operations (fib_magic,
 * fib_table_insert/delete, fib_lookup over the policy rules) and the device/address
 * synchronisation of fib_frontend.c / fib_semantics.c. Storage and lookup are delegated to
 * @pktsim/routing.
 */
import type { Ipv4Addr } from "@pktsim/core";
import { inPrefix } from "@pktsim/core";
import type { Namespace } from "./namespace";
import { Errno } from "./errno";

/** Route types (RTN_*). */
export const RTN = {
  UNSPEC: 0,
  UNICAST: 1,
  LOCAL: 2,
  BROADCAST: 3,
  ANYCAST: 4,
  MULTICAST: 5,
  BLACKHOLE: 6,
  UNREACHABLE: 7,
  PROHIBIT: 8,
  THROW: 9,
  NAT: 10,
} as const;

export const RT_TABLE = { UNSPEC: 0, DEFAULT: 253, MAIN: 254, LOCAL: 255 } as const;
export const RTPROT = { UNSPEC: 0, REDIRECT: 1, KERNEL: 2, BOOT: 3, STATIC: 4 } as const;
export const RTNH_F = { DEAD: 1, PERVASIVE: 2, ONLINK: 4, OFFLOAD: 8, LINKDOWN: 16 } as const;

export interface NextHop {
  gateway: Ipv4Addr;
  ifindex: number;
  flags: number;
  weight: number;
  /** fib_nh_scope: RT_SCOPE_NOWHERE for a host-scope (local) route, LINK without gateway, else UNIVERSE. */
  scope: number;
}

export interface Route {
  table: number;
  type: number;
  dst: Ipv4Addr;
  prefixLen: number;
  tos: number;
  priority: number;
  protocol: number;
  scope: number;
  prefsrc: Ipv4Addr;
  nexthops: NextHop[];
}

export interface FlowKey {
  dst: Ipv4Addr;
  src: Ipv4Addr;
  iif: number;
  oif: number;
  mark: number;
  tos: number;
  scope: number;
}

export interface FibResult {
  route: Route;
  nexthop: NextHop;
  table: number;
}

/** A route table kept as a list, ordered as the kernel's trie dumps it. */
class Table {
  readonly routes: Route[] = [];
}

function routeOrder(a: Route, b: Route): number {
  if (a.dst !== b.dst) return a.dst - b.dst;
  if (a.prefixLen !== b.prefixLen) return b.prefixLen - a.prefixLen;
  if (a.tos !== b.tos) return b.tos - a.tos;
  return a.priority - b.priority;
}

export class Fib {
  private readonly ns: Namespace;
  private readonly tables = new Map<number, Table>();

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  private table(id: number, create: boolean): Table | undefined {
    let t = this.tables.get(id);
    if (t === undefined && create) {
      t = new Table();
      this.tables.set(id, t);
    }
    return t;
  }

  /** fib_table_insert with NLM_F_CREATE and NLM_F_EXCL|REPLACE|APPEND semantics. */
  insert(route: Route, mode: "excl" | "replace" | "append" | "prepend" | "magic"): Errno | 0 {
    const t = this.table(route.table, true)!;
    const same = (r: Route): boolean =>
      r.dst === route.dst && r.prefixLen === route.prefixLen && r.tos === route.tos && r.priority === route.priority;
    const existing = t.routes.filter(same);
    if (mode === "magic" && existing.some((r) => sameRoute(r, route))) return Errno.EEXIST;
    if (mode === "excl" && existing.length > 0) return Errno.EEXIST;
    if (mode === "replace" && existing.length > 0) {
      t.routes[t.routes.indexOf(existing[0]!)] = route;
      return 0;
    }
    let at = t.routes.findIndex((r) => routeOrder(r, route) > 0);
    if (at < 0) at = t.routes.length;
    if (mode === "prepend" && existing.length > 0) at = t.routes.indexOf(existing[0]!);
    t.routes.splice(at, 0, route);
    return 0;
  }

  /** fib_table_delete: the first route of that prefix matching every field given. */
  delete(match: Partial<Route> & { table: number; dst: Ipv4Addr; prefixLen: number }): Errno | 0 {
    const t = this.table(match.table, false);
    if (t === undefined) return Errno.ESRCH;
    const i = t.routes.findIndex(
      (r) =>
        r.dst === match.dst &&
        r.prefixLen === match.prefixLen &&
        (match.type === undefined || match.type === 0 || r.type === match.type) &&
        (match.scope === undefined || match.scope === 255 || r.scope === match.scope) &&
        (match.protocol === undefined || match.protocol === 0 || r.protocol === match.protocol) &&
        (match.prefsrc === undefined || match.prefsrc === 0 || r.prefsrc === match.prefsrc) &&
        (match.nexthops === undefined ||
          match.nexthops.every((nh, k) => {
            const have = r.nexthops[k];
            return have !== undefined && (nh.ifindex === 0 || nh.ifindex === have.ifindex) && (nh.gateway === 0 || nh.gateway === have.gateway);
          })),
    );
    if (i < 0) return Errno.ESRCH;
    t.routes.splice(i, 1);
    return 0;
  }

  /** Routes of one table (or every table: main first, then the others by id, local last). */
  dump(tableId?: number): Route[] {
    if (tableId !== undefined) return [...(this.tables.get(tableId)?.routes ?? [])];
    const ids = [...this.tables.keys()].sort((a, b) => tableDumpRank(a) - tableDumpRank(b));
    return ids.flatMap((id) => this.tables.get(id)!.routes);
  }

  /** fib_lookup over the default rules (local, main, default). */
  lookup(flow: FlowKey): FibResult | Errno {
    for (const id of [RT_TABLE.LOCAL, RT_TABLE.MAIN, RT_TABLE.DEFAULT]) {
      const t = this.tables.get(id);
      if (t === undefined) continue;
      const result = this.tableLookup(t, id, flow);
      if (result === Errno.EAGAIN) continue;
      if (result !== undefined) return result;
    }
    return Errno.ENETUNREACH;
  }

  private tableLookup(t: Table, id: number, flow: FlowKey): FibResult | Errno | undefined {
    // Longest prefix first; back-track to shorter ones when no alias is usable.
    const lengths = [...new Set(t.routes.filter((r) => inPrefix(flow.dst, r.dst, r.prefixLen)).map((r) => r.prefixLen))].sort((a, b) => b - a);
    for (const len of lengths) {
      for (const r of t.routes) {
        if (r.prefixLen !== len || !inPrefix(flow.dst, r.dst, r.prefixLen)) continue;
        if (r.tos !== 0 && r.tos !== flow.tos) continue;
        if (r.scope < flow.scope) continue;
        const error = routeError(r.type);
        if (error !== 0) return error;
        const nh = r.nexthops.find((n) => (n.flags & RTNH_F.DEAD) === 0 && (flow.oif === 0 || n.ifindex === flow.oif));
        if (nh === undefined) continue;
        return { route: r, nexthop: nh, table: id };
      }
    }
    return undefined;
  }

  /** fib_sync_down_dev: a device went down (or away): its routes die, host-scope ones only when forced. */
  syncDownDev(ifindex: number, event: "down" | "unregister" | "change", force: boolean): void {
    for (const t of this.tables.values()) {
      for (let i = t.routes.length - 1; i >= 0; i--) {
        const r = t.routes[i]!;
        let dead = 0;
        for (const nh of r.nexthops) {
          if ((nh.flags & RTNH_F.DEAD) !== 0) {
            dead++;
          } else if (nh.ifindex === ifindex && (force || nh.scope !== 255)) {
            if (event !== "change") nh.flags |= RTNH_F.DEAD;
            nh.flags |= RTNH_F.LINKDOWN;
            dead++;
          }
        }
        // fib_flush: routes whose every nexthop is dead go.
        if (event !== "change" && dead === r.nexthops.length && r.nexthops.every((nh) => (nh.flags & RTNH_F.DEAD) !== 0)) {
          t.routes.splice(i, 1);
        }
      }
    }
  }

  /** fib_sync_up: carrier came back: LINKDOWN clears on the device's nexthops. */
  syncUp(ifindex: number): void {
    for (const t of this.tables.values()) {
      for (const r of t.routes) for (const nh of r.nexthops) if (nh.ifindex === ifindex) nh.flags &= ~RTNH_F.LINKDOWN;
    }
  }

  /** fib_sync_down_addr + fib_flush: routes using a vanished local address as prefsrc go. */
  syncDownAddr(prefsrc: Ipv4Addr): void {
    for (const t of this.tables.values()) {
      for (let i = t.routes.length - 1; i >= 0; i--) if (t.routes[i]!.prefsrc === prefsrc) t.routes.splice(i, 1);
    }
  }

  /** inet_addr_type_table for the local table: RTN_LOCAL, RTN_BROADCAST, RTN_UNICAST... */
  localType(addr: Ipv4Addr): number {
    const t = this.tables.get(RT_TABLE.LOCAL);
    if (t !== undefined) {
      for (const r of t.routes) if (r.prefixLen === 32 && r.dst === addr) return r.type;
      for (const r of t.routes) if (inPrefix(addr, r.dst, r.prefixLen) && r.type === RTN.LOCAL) return RTN.LOCAL;
    }
    return RTN.UNICAST;
  }

  get namespace(): Namespace {
    return this.ns;
  }
}

function sameRoute(a: Route, b: Route): boolean {
  return (
    a.type === b.type &&
    a.scope === b.scope &&
    a.prefsrc === b.prefsrc &&
    a.protocol === b.protocol &&
    a.nexthops.length === b.nexthops.length &&
    a.nexthops.every((nh, i) => nh.ifindex === b.nexthops[i]!.ifindex && nh.gateway === b.nexthops[i]!.gateway)
  );
}

function tableDumpRank(id: number): number {
  return id === RT_TABLE.MAIN ? -1 : id === RT_TABLE.LOCAL ? 1e10 : id;
}

/** fib_props[type].error. */
export function routeError(type: number): Errno | 0 {
  switch (type) {
    case RTN.BLACKHOLE:
      return Errno.EINVAL;
    case RTN.UNREACHABLE:
      return Errno.EHOSTUNREACH;
    case RTN.PROHIBIT:
      return Errno.EACCES;
    case RTN.THROW:
      return Errno.EAGAIN;
    default:
      return 0;
  }
}
