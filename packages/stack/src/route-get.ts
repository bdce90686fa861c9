/**
 * inet_rtm_getroute (net/ipv4/route.c): what RTM_GETROUTE answers for one address — an output
 * route as a local socket would get it, or, with an input device, the route a packet arriving
 * there would take (ip_route_input) — and, for RTM_F_FIB_MATCH, the FIB entry that matched.
 */
import { type Ipv4Addr, Packet } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import { FibResult, fibLookup, fibSelectPath, type Route, RouteScope, RouteType } from "@pktsim/routing";
import { Errno } from "./errno";
import { ifaMatch } from "./inetdev";
import type { Rtable } from "./ip";
import type { Namespace } from "./namespace";

export interface RouteGetRequest {
  readonly dst: Ipv4Addr;
  /** RTA_SRC: the source of the flow (0 or absent: none). */
  readonly src?: Ipv4Addr;
  /** RTA_IIF: look the route up as input on this device. */
  readonly iif?: NetDevice;
  /** RTA_OIF: bind the output lookup to this device. */
  readonly oif?: NetDevice;
  readonly mark?: number;
  readonly tos?: number;
  /** RTM_F_FIB_MATCH: answer with the matching FIB entry instead of the resulting route. */
  readonly fibMatch?: boolean;
}

/** The cached route the kernel reports (rt_fill_info's view of a struct rtable). */
export interface RouteGetAnswer {
  readonly input: boolean;
  readonly type: number;
  /** RTCF_* flags of the route. */
  readonly flags: number;
  /** The output device (loopback for local delivery). */
  readonly dev: NetDevice;
  /** The gateway, 0 when the destination is on-link. */
  readonly gateway: Ipv4Addr;
  /** The source the route chose (output routes only). */
  readonly prefsrc: Ipv4Addr;
  /** The table the answer came from (res.table), 0 for none. */
  readonly table: number;
  /** RTA_CACHEINFO's expiry of a path MTU exception, in seconds as iproute2 prints it; 0 for none. */
  readonly expires: number;
  /** The RTAX_MTU metric a path MTU exception gives the route (0: none) and whether it is locked. */
  readonly mtu: number;
  readonly mtuLocked: boolean;
}

/** One route of `ip route show cache`: a bound next-hop exception (fnhe_dump_bucket). */
export interface RouteCacheEntry {
  readonly dst: Ipv4Addr;
  readonly route: RouteGetAnswer;
}

export type RouteGetResult =
  | { readonly ok: true; readonly route: RouteGetAnswer; readonly fibMatch?: undefined }
  | { readonly ok: true; readonly fibMatch: Route; readonly table: number; readonly route?: undefined }
  | { readonly ok: false; readonly errno: Errno };

/**
 * inet_rtm_getroute for one request. No neighbour is made; as on Linux, the output lookup binds
 * a path MTU exception to its route (so `ip route show cache` lists it after).
 */
export function inetRtmGetroute(ns: Namespace, req: RouteGetRequest): RouteGetResult {
  const src = (req.src ?? 0) >>> 0;
  const dst = req.dst >>> 0;
  const mark = req.mark ?? 0;
  const tos = req.tos ?? 0;
  let rt: Rtable;
  if (req.iif !== undefined) {
    // A dummy skb carrying only the mark goes through ip_route_input_rcu.
    const skb = Packet.alloc(0);
    skb.mark = mark;
    const res = ns.ip.routeInput(skb, dst, src, tos, req.iif);
    // A martian source or destination: the input route fails with EINVAL.
    if (typeof res === "string") return { ok: false, errno: Errno.EINVAL };
    if (res.input === "error") return { ok: false, errno: (res.error || Errno.EINVAL) as Errno };
    rt = res;
  } else {
    const res = ns.ip.routeOutput({ dst, src, oif: req.oif?.ifindex ?? 0, mark, tos });
    if (typeof res === "number") return { ok: false, errno: res };
    rt = res;
  }
  if (req.fibMatch === true) {
    // The lookup is repeated on the FIB (as inet_rtm_getroute does with fib_lookup) for the entry.
    const result = new FibResult();
    const flow = { daddr: dst, saddr: src, iif: req.iif?.ifindex ?? 1, oif: req.oif?.ifindex ?? 0, mark, tos };
    const err = fibLookup(ns.fib.fib, flow, result);
    if (err !== 0 || result.route === null) return { ok: false, errno: Errno.ENETUNREACH };
    fibSelectPath(ns.fib.fib, flow, result);
    return { ok: true, fibMatch: result.route, table: result.table };
  }
  const redirect = req.iif !== undefined && rt.input === "forward" && doRedirect(ns, req.iif, rt, src, dst);
  const cache = ns.ip.fnhe.cacheInfo(rt);
  return {
    ok: true,
    route: {
      input: req.iif !== undefined,
      type: rt.type,
      flags: rt.flags | (redirect ? RTCF_DOREDIRECT : 0),
      dev: rt.dev,
      gateway: rt.gateway,
      prefsrc: req.iif !== undefined ? 0 : rt.src,
      table: rt.table,
      expires: cache.expires,
      mtu: cache.mtu,
      mtuLocked: cache.locked,
    },
  };
}

/** RTM_GETROUTE dump with RTM_F_CLONED (`ip route show cache`): the bound path MTU exceptions. */
export function rtCacheDump(ns: Namespace): RouteCacheEntry[] {
  return ns.ip.fnhe.dump().map((e) => {
    const cache = ns.ip.fnhe.cacheInfo(e.route);
    return {
      dst: e.daddr,
      route: {
        input: false,
        type: e.route.type,
        flags: e.route.flags,
        dev: e.route.dev,
        gateway: e.route.gateway,
        prefsrc: 0,
        table: e.table,
        expires: cache.expires,
        mtu: cache.mtu,
        mtuLocked: cache.locked,
      },
    };
  });
}

/** net.ipv4.route.flush (`ip route flush cache`): rt_cache_flush and fnhe_genid_bump. */
export function rtCacheFlush(ns: Namespace): void {
  ns.ip.fnhe.flushCache();
}

/** RTCF_DOREDIRECT: rt_fill_info reports IPSKB_DOREDIRECT of the looked-up skb with it. */
const RTCF_DOREDIRECT = 0x01000000;

/**
 * __mkroute_input's IPSKB_DOREDIRECT: the packet leaves by the device it came in on, that device
 * sends redirects (conf/all or its own), the sender is directly connected there
 * (__fib_validate_source answers with a host-scope nexthop on the device), and shared_media is
 * on or the sender and the next hop share a subnet of the device (inet_addr_onlink). The
 * datapath does not send the redirect (not modelled); `ip route get` shows the flag.
 */
function doRedirect(ns: Namespace, dev: NetDevice, rt: Rtable, src: Ipv4Addr, dst: Ipv4Addr): boolean {
  if (rt.dev !== dev) return false;
  const inDev = ns.inDevice(dev);
  if (inDev === undefined || (inDev.conf.send_redirects | ns.confAll.send_redirects) === 0) return false;
  const res = new FibResult();
  if (fibLookup(ns.fib.fib, { daddr: src, saddr: dst, iif: dev.ifindex }, res) !== 0) return false;
  if (res.type !== RouteType.UNICAST || !(res.route?.nexthops.some((nh) => nh.ifindex === dev.ifindex) ?? false)) return false;
  if ((res.nexthop?.scope ?? 0) < RouteScope.HOST) return false;
  if ((inDev.conf.shared_media | ns.confAll.shared_media) !== 0) return true;
  return inDev.addrs.some((ifa) => ifaMatch(src, ifa) && (rt.gateway === 0 || ifaMatch(rt.gateway, ifa)));
}
