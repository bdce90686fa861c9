import type { Ipv4Addr } from "@pktsim/core";
import { fail, FibErrno, ok, type FibOpResult } from "./errno";
import type { Fib } from "./fib";
import { fibLookup, fibTableLookup } from "./fib-lookup";
import { FibLookupFlags, FibResult } from "./fib-result";
import { fibRebalance } from "./multipath";
import { FIB_PROPS, type Nexthop, type Route } from "./route";
import { NexthopFlags, RouteScope, RouteTable, RouteType, RTN_MAX } from "./rtnetlink";

/** One path as requested (an RTA_GATEWAY/RTA_OIF pair or one rtnexthop). */
export interface NexthopConfig {
  readonly gateway?: Ipv4Addr;
  readonly ifindex?: number;
  /** 1..256, default 1. */
  readonly weight?: number;
  /** RTNH_F_ONLINK: take the gateway as on-link without a route to it. */
  readonly onlink?: boolean;
}

/** A route request (struct fib_config). Absent fields are what a zeroed rtmsg would carry. */
export interface RouteConfig {
  /** 0 or absent: main. */
  readonly table?: number;
  readonly dst: Ipv4Addr;
  readonly prefixLen: number;
  readonly tos?: number;
  readonly priority?: number;
  /** Default RTN_UNICAST. */
  readonly type?: RouteType;
  /** Default RTPROT_UNSPEC (iproute2 sends RTPROT_BOOT). */
  readonly protocol?: number;
  /** Default RT_SCOPE_UNIVERSE; the kernel does not infer it (iproute2 does). */
  readonly scope?: number;
  readonly prefsrc?: Ipv4Addr;
  /** None for the error types; one for an ordinary route; several for multipath. */
  readonly nexthops?: readonly NexthopConfig[];
}

/** State of a device as the FIB needs it. */
export interface LinkState {
  /** IFF_UP */
  readonly up: boolean;
  /** netif_carrier_ok */
  readonly carrier: boolean;
}

/**
 * The device facts routing consults, given by the stack: routing knows devices only by
 * ifindex. Without one, every ifindex > 0 is taken as an existing device, up with carrier.
 */
export interface FibLinks {
  /** undefined when no device (with IPv4 configuration) has this ifindex. */
  link(ifindex: number): LinkState | undefined;
  /** IN_DEV_IGNORE_ROUTES_WITH_LINKDOWN of the device (conf/all or its own). */
  ignoreRoutesWithLinkdown?(ifindex: number): boolean;
}

const ALWAYS_UP: LinkState = { up: true, carrier: true };

function linkOf(fib: Fib, ifindex: number): LinkState | undefined {
  if (ifindex <= 0) return undefined;
  return fib.links === undefined ? ALWAYS_UP : fib.links.link(ifindex);
}

/**
 * fib_create_info (net/ipv4/fib_semantics.c): checks a request and resolves its nexthops
 * (fib_check_nh) into a Route; EINVAL/ENODEV/ENETDOWN/ENETUNREACH with the kernel's extack text.
 */
export function fibCreateInfo(fib: Fib, cfg: RouteConfig, table: number): FibOpResult<Route> {
  const type = cfg.type ?? RouteType.UNICAST;
  const scope = cfg.scope ?? RouteScope.UNIVERSE;
  if (type > RTN_MAX || type < 0) return fail(FibErrno.EINVAL);
  if (FIB_PROPS[type]!.scope > scope) return fail(FibErrno.EINVAL, "Invalid scope");
  const wanted = cfg.nexthops ?? [];
  for (const nh of wanted) {
    const w = nh.weight ?? 1;
    if (!Number.isInteger(w) || w < 1 || w > 256) throw new RangeError(`invalid nexthop weight ${w}`);
  }
  let nexthops: Nexthop[];
  if (FIB_PROPS[type]!.error !== 0) {
    if (wanted.length > 1 || wanted.some((nh) => nh.gateway || nh.ifindex)) {
      return fail(FibErrno.EINVAL, "Gateway, device and multipath can not be specified for this route type");
    }
    nexthops = [makeNexthop({}, 0, RouteScope.UNIVERSE, 0)];
  } else {
    if (type < RouteType.UNICAST || type > RouteType.MULTICAST) return fail(FibErrno.EINVAL, "Invalid route type");
    if (scope > RouteScope.HOST) return fail(FibErrno.EINVAL, "Invalid scope");
    const paths = wanted.length > 0 ? wanted : [{}];
    if (scope === RouteScope.HOST) {
      const nh = paths[0]!;
      if (paths.length !== 1) return fail(FibErrno.EINVAL, "Route with host scope can not have multiple nexthops");
      if (nh.gateway) return fail(FibErrno.EINVAL, "Route with host scope can not have a gateway");
      if (linkOf(fib, nh.ifindex ?? 0) === undefined) return fail(FibErrno.ENODEV);
      nexthops = [makeNexthop(nh, nh.ifindex ?? 0, RouteScope.NOWHERE, 0)];
    } else {
      nexthops = [];
      for (const nh of paths) {
        const checked = fibCheckNh(fib, nh, table, scope);
        if (!checked.ok) return checked;
        nexthops.push(checked.value);
      }
    }
  }
  const prefsrc = (cfg.prefsrc ?? 0) >>> 0;
  if (prefsrc !== 0 && !fibValidPrefsrc(fib, type, cfg.dst, table, prefsrc)) {
    return fail(FibErrno.EINVAL, "Invalid prefsrc address");
  }
  const route: Route = {
    table,
    dst: cfg.dst >>> 0,
    prefixLen: cfg.prefixLen,
    tos: cfg.tos ?? 0,
    priority: (cfg.priority ?? 0) >>> 0,
    type,
    protocol: cfg.protocol ?? 0,
    scope,
    prefsrc,
    flags: 0,
    nexthops,
  };
  fibRebalance(route, fib.links);
  return ok(route);
}

function makeNexthop(cfg: NexthopConfig, ifindex: number, scope: number, flags: number): Nexthop {
  return {
    gateway: (cfg.gateway ?? 0) >>> 0,
    ifindex,
    weight: cfg.weight ?? 1,
    flags: flags | (cfg.onlink ? NexthopFlags.ONLINK : 0),
    scope,
    upperBound: 0,
  };
}

/**
 * fib_check_nh: a gateway must be reachable by a route of at least link scope (scope + 1) in
 * the route's table or, failing that, by a full lookup, and that route must be unicast or
 * local (fib_check_nh_v4_gw); `onlink` skips the lookup but the gateway must still be a
 * unicast address there. Without a gateway the device must exist and be up
 * (fib_check_nh_nongw). A nexthop on a device without carrier starts LINKDOWN.
 */
export function fibCheckNh(fib: Fib, nh: NexthopConfig, table: number, scope: number): FibOpResult<Nexthop> {
  const gw = (nh.gateway ?? 0) >>> 0;
  const oif = nh.ifindex ?? 0;
  if (gw === 0) {
    if (nh.onlink) return fail(FibErrno.EINVAL, "Invalid flags for nexthop - PERVASIVE and ONLINK can not be set");
    const link = linkOf(fib, oif);
    if (link === undefined) return fail(FibErrno.ENODEV);
    if (!link.up) return fail(FibErrno.ENETDOWN, "Device for nexthop is not up");
    return ok(makeNexthop(nh, oif, RouteScope.HOST, link.carrier ? 0 : NexthopFlags.LINKDOWN));
  }
  if (nh.onlink) {
    if (scope >= RouteScope.LINK) return fail(FibErrno.EINVAL, "Nexthop has invalid scope");
    const link = linkOf(fib, oif);
    if (link === undefined) return fail(FibErrno.ENODEV, "Nexthop device required for onlink");
    if (!link.up) return fail(FibErrno.ENETDOWN, "Nexthop device is not up");
    if (inetAddrTypeTable(fib, gw, RouteTable.LOCAL, oif) !== RouteType.UNICAST) {
      return fail(FibErrno.EINVAL, "Nexthop has invalid gateway");
    }
    return ok(makeNexthop(nh, oif, RouteScope.LINK, link.carrier ? 0 : NexthopFlags.LINKDOWN));
  }
  const flow = {
    daddr: gw,
    scope: Math.max(scope + 1, RouteScope.LINK),
    oif,
    iif: 1,
  };
  const res = new FibResult();
  let err = -1;
  const tbl = table !== RouteTable.MAIN ? fib.getTable(table) : undefined;
  if (tbl !== undefined) err = fibTableLookup(tbl, flow, res, FibLookupFlags.IGNORE_LINKSTATE);
  if (tbl === undefined || err !== 0) err = fibLookup(fib, flow, res, FibLookupFlags.IGNORE_LINKSTATE);
  if (err !== 0) return fail(err as FibErrno, "Nexthop has invalid gateway");
  if (res.type !== RouteType.UNICAST && res.type !== RouteType.LOCAL) {
    return fail(FibErrno.EINVAL, "Nexthop has invalid gateway");
  }
  const dev = res.nexthop?.ifindex ?? 0;
  if (dev === 0) return fail(FibErrno.EINVAL, "No egress device for nexthop gateway");
  const link = linkOf(fib, dev) ?? { up: false, carrier: false };
  if (!link.up) return fail(FibErrno.ENETDOWN);
  return ok(makeNexthop(nh, dev, res.scope, link.carrier ? 0 : NexthopFlags.LINKDOWN));
}

/**
 * fib_valid_prefsrc: the preferred source must be a local address (a local route in the
 * route's table, main meaning local, or else in local), unless this is the local route of
 * that very address.
 */
function fibValidPrefsrc(fib: Fib, type: number, dst: Ipv4Addr, table: number, prefsrc: Ipv4Addr): boolean {
  if (type === RouteType.LOCAL && dst !== 0 && prefsrc === dst >>> 0) return true;
  const tb = table === RouteTable.MAIN ? RouteTable.LOCAL : table;
  let rc = inetAddrTypeTable(fib, prefsrc, tb);
  if (rc !== RouteType.LOCAL && tb !== RouteTable.LOCAL) rc = inetAddrTypeTable(fib, prefsrc, RouteTable.LOCAL);
  return rc === RouteType.LOCAL;
}

/**
 * inet_addr_type_table / inet_addr_type_dev_table (__inet_dev_addr_type): BROADCAST for
 * 0.0.0.0/8 and 255.255.255.255, MULTICAST for 224/4, otherwise the type of the route the
 * address hits in the table (local by default) — only if that route is on `ifindex` when one
 * is given — else UNICAST.
 */
export function inetAddrTypeTable(fib: Fib, addr: Ipv4Addr, table: number = RouteTable.LOCAL, ifindex = 0): number {
  addr >>>= 0;
  if (addr >>> 24 === 0 || addr === 0xffffffff) return RouteType.BROADCAST;
  if (addr >>> 28 === 0xe) return RouteType.MULTICAST;
  const tbl = fib.getTable(table);
  if (tbl === undefined) return RouteType.UNICAST;
  const res = new FibResult();
  if (fibTableLookup(tbl, { daddr: addr }, res) !== 0) return RouteType.UNICAST;
  if (ifindex !== 0 && res.route!.nexthops[0]!.ifindex !== ifindex) return RouteType.UNICAST;
  return res.type;
}
