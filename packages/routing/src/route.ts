import type { Ipv4Addr } from "@pktsim/core";
import { FibErrno } from "./errno";
import { RouteScope, RouteType, RTNH_COMPARE_MASK } from "./rtnetlink";

/** One path of a route (struct fib_nh). */
export interface Nexthop {
  /** Gateway address, 0 for a directly connected destination. */
  readonly gateway: Ipv4Addr;
  /** Output interface, 0 when the route type has none (blackhole, unreachable, …). */
  readonly ifindex: number;
  /** Multipath weight, 1..256 (rtnh_hops + 1). */
  readonly weight: number;
  /** RTNH_F_* flags: ONLINK as configured; DEAD and LINKDOWN as the links come and go. */
  flags: number;
  /** fib_nh_scope: LINK for a gateway on-link, HOST for a device route, NOWHERE for host scope. */
  readonly scope: number;
  /** fib_nh_upper_bound: the hash threshold of this path, −1 when it is unusable (fib_rebalance). */
  upperBound: number;
}

/**
 * A route as the kernel stores it: one fib_alias (table, prefix, tos, type) and its fib_info
 * (priority, protocol, scope, prefsrc, nexthops). Key within a table: (dst, prefixLen, tos,
 * priority); several routes may share a key (append/prepend) and then keep their list order.
 */
export interface Route {
  readonly table: number;
  readonly dst: Ipv4Addr;
  readonly prefixLen: number;
  /** The TOS/DSCP byte it selects on, 0 for any (ECN bits always 0). */
  readonly tos: number;
  /** The metric. */
  readonly priority: number;
  readonly type: RouteType;
  /** RTPROT_* of whoever installed it. */
  readonly protocol: number;
  readonly scope: number;
  /** Preferred source address, 0 for none. */
  readonly prefsrc: Ipv4Addr;
  /** fib_info flags: DEAD (then fib_flush removes it) and LINKDOWN when every nexthop is. */
  flags: number;
  /** At least one; error types (blackhole, …) have one without gateway or device. */
  readonly nexthops: readonly Nexthop[];
}

/** fib_props[]: the error a route type answers with, and the narrowest scope it may have. */
export const FIB_PROPS: readonly { readonly error: FibErrno | 0; readonly scope: number }[] = [
  { error: 0, scope: RouteScope.NOWHERE }, // UNSPEC
  { error: 0, scope: RouteScope.UNIVERSE }, // UNICAST
  { error: 0, scope: RouteScope.HOST }, // LOCAL
  { error: 0, scope: RouteScope.LINK }, // BROADCAST
  { error: 0, scope: RouteScope.LINK }, // ANYCAST
  { error: 0, scope: RouteScope.UNIVERSE }, // MULTICAST
  { error: FibErrno.EINVAL, scope: RouteScope.UNIVERSE }, // BLACKHOLE
  { error: FibErrno.EHOSTUNREACH, scope: RouteScope.UNIVERSE }, // UNREACHABLE
  { error: FibErrno.EACCES, scope: RouteScope.UNIVERSE }, // PROHIBIT
  { error: FibErrno.EAGAIN, scope: RouteScope.UNIVERSE }, // THROW
  { error: FibErrno.EINVAL, scope: RouteScope.NOWHERE }, // NAT
  { error: FibErrno.EINVAL, scope: RouteScope.NOWHERE }, // XRESOLVE
];

/** The error a route type answers a lookup with (0 for the types that forward or deliver). */
export function routeTypeError(type: RouteType): FibErrno | 0 {
  return FIB_PROPS[type]?.error ?? FibErrno.EINVAL;
}

/**
 * Whether two routes of one key are the same route (fib_find_info + fa_type): then adding
 * it again is EEXIST even with append or prepend.
 */
export function sameRoute(a: Route, b: Route): boolean {
  if (
    a.type !== b.type ||
    a.table !== b.table ||
    a.protocol !== b.protocol ||
    a.scope !== b.scope ||
    a.prefsrc !== b.prefsrc ||
    a.priority !== b.priority ||
    ((a.flags ^ b.flags) & ~RTNH_COMPARE_MASK) !== 0 ||
    a.nexthops.length !== b.nexthops.length
  ) {
    return false;
  }
  return a.nexthops.every((nh, i) => {
    const o = b.nexthops[i]!;
    return (
      nh.gateway === o.gateway &&
      nh.ifindex === o.ifindex &&
      nh.scope === o.scope &&
      nh.weight === o.weight &&
      ((nh.flags ^ o.flags) & ~RTNH_COMPARE_MASK) === 0
    );
  });
}

/** True when the type is one of those that end a lookup with an error. */
export function isErrorType(type: RouteType): boolean {
  return routeTypeError(type) !== 0;
}

