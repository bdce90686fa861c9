/**
 * Next-hop exceptions (struct fib_nh_exception, net/ipv4/route.c): what an ICMP
 * "fragmentation needed" teaches a host about the path MTU towards one destination behind one
 * next hop. __ip_rt_update_pmtu records the MTU (at least net.ipv4.route.min_pmtu, locked below
 * it) for net.ipv4.route.mtu_expires seconds; an output route lookup to that destination binds
 * the exception (find_exception + rt_bind_exception), and ipv4_mtu then answers its MTU, which
 * ip_append_data fragments to and `ip route get` shows as `cache expires 599sec mtu 1400`.
 * `ip route flush cache` (net.ipv4.route.flush) bumps fnhe_genid: an exception looked up after
 * that is reset to nothing, but stays listed (`ip route show cache`).
 *
 * An accepted ICMP redirect (__ip_do_redirect) makes an exception with a gateway (fnhe_gw) for
 * ip_rt_gc_timeout (300 s): bound routes go through it, flagged RTCF_REDIRECTED
 * (`cache <redirected> expires 299sec`).
 *
 * Model limits: no input-route binding (a forwarded packet
 * uses the device MTU, as ip_dst_mtu_maybe_forward does with ip_forward_use_pmtu 0), no
 * FNHE_RECLAIM_DEPTH eviction, device MTU changes do not update exceptions
 * (fib_nhc_update_mtu), and exceptions belong to a route's own nexthop (the kernel's routes
 * sharing one fib_info share them).
 */
import { type Ipv4Addr, isLimitedBroadcast, isMulticast, isZeronet } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import { NexthopFlags, RouteType } from "@pktsim/routing";
import { ifaMatch } from "./inetdev";
import { HZ, jiffiesOf } from "./inetpeer";
import { type Rtable, RTCF } from "./ip";
import { Scope } from "./inetdev";
import type { Namespace } from "./namespace";

/** ip_rt_gc_timeout (RT_GC_TIMEOUT, 300 s): how long a redirect's exception lasts. */
const IP_RT_GC_TIMEOUT = 300 * HZ;

/** IP_MAX_MTU: what ipv4_mtu never exceeds (lo's 65536 is 65535). */
export const IP_MAX_MTU = 0xffff;

/** struct fib_nh_exception. */
export interface FibNhException {
  readonly daddr: Ipv4Addr;
  /** fnhe_pmtu, 0 for none. */
  pmtu: number;
  /** fnhe_gw: the gateway a redirect named, 0 for none. */
  gw: Ipv4Addr;
  /** fnhe_mtu_locked: the MTU was clamped to min_pmtu; DF is no longer set (ip_dont_fragment). */
  mtuLocked: boolean;
  /** fnhe_expires in jiffies, 0 for none. */
  expires: number;
  genid: number;
  /** fnhe_rth_output: the output route bound to it by a lookup (what the dump lists). */
  rthOutput: Rtable | null;
  /** The nexthop's cached route rthOutput was made from. */
  base: Rtable | null;
}

/** One line of `ip route show cache` (fnhe_dump_bucket → rt_fill_info without a flow). */
export interface FnheDumpEntry {
  readonly daddr: Ipv4Addr;
  readonly route: Rtable;
  readonly table: number;
  readonly exception: FibNhException;
}

export class FnheTable {
  private readonly ns: Namespace;
  /** net.ipv4.route.min_pmtu (ip_rt_min_pmtu). */
  minPmtu = 552;
  /** net.ipv4.route.mtu_expires in seconds (ip_rt_mtu_expires, jiffies in the kernel). */
  mtuExpires = 600;
  /** fnhe_genid(net). */
  private genid = 0;
  private readonly byNexthop = new WeakMap<object, Map<Ipv4Addr, FibNhException>>();
  /** The exception of each bound route. */
  private readonly bound = new WeakMap<Rtable, FibNhException>();
  /** Exceptions ever made minus those found expired: while 0, output lookups skip the table. */
  private live = 0;

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  /** True when no exception can apply: the datapath's fast check. */
  get empty(): boolean {
    return this.live === 0;
  }

  /**
   * __mkroute_output's find_exception + rt_bind_exception: the route for `daddr` through
   * `nexthop`, bound to its exception if there is one (an expired one is deleted; one made
   * before the last cache flush is reset).
   */
  bindOutput(rt: Rtable, nexthop: object, daddr: Ipv4Addr): Rtable {
    const table = this.byNexthop.get(nexthop);
    const fnhe = table?.get(daddr);
    if (fnhe === undefined) return rt;
    const now = jiffiesOf(this.ns.sim.now);
    if (fnhe.expires !== 0 && now > fnhe.expires) {
      table!.delete(daddr);
      this.live--;
      return rt;
    }
    if (fnhe.genid !== this.genid) {
      fnhe.genid = this.genid;
      fnhe.gw = 0;
      fnhe.pmtu = 0;
      fnhe.expires = 0;
      fnhe.mtuLocked = false;
      fnhe.rthOutput = null;
    }
    if (fnhe.rthOutput === null || fnhe.base !== rt) {
      const own: Rtable = { ...rt };
      // fill_route_from_fnhe: a redirect's gateway replaces the route's.
      if (fnhe.gw !== 0) {
        own.flags |= RTCF.REDIRECTED;
        own.gateway = fnhe.gw;
      }
      this.bound.set(own, fnhe);
      fnhe.rthOutput = own;
      fnhe.base = rt;
    }
    return fnhe.rthOutput;
  }

  /** The exception a route is bound to, if any. */
  exceptionOf(rt: Rtable): FibNhException | undefined {
    return this.live === 0 ? undefined : this.bound.get(rt);
  }

  /** rt->rt_pmtu while it has not expired (dst->expires), else 0. */
  private validPmtu(fnhe: FibNhException | undefined): number {
    if (fnhe === undefined || fnhe.pmtu === 0) return 0;
    return jiffiesOf(this.ns.sim.now) < fnhe.expires ? fnhe.pmtu : 0;
  }

  /** ipv4_mtu: the path MTU of an output route (the exception's while valid, else the device's). */
  dstMtu(rt: Rtable): number {
    const fnhe = this.exceptionOf(rt);
    let mtu = this.validPmtu(fnhe);
    if (mtu === 0) {
      mtu = rt.dev.mtu;
      if (fnhe?.mtuLocked === true && rt.gateway !== 0 && mtu > 576) mtu = 576;
    }
    return Math.min(mtu, IP_MAX_MTU);
  }

  /** ip_mtu_locked: the route's MTU was clamped to min_pmtu (then IP_PMTUDISC_WANT sends without DF). */
  mtuLocked(rt: Rtable): boolean {
    return this.exceptionOf(rt)?.mtuLocked === true;
  }

  /** What rt_fill_info reports of a route: seconds to expiry as iproute2 prints them, the MTU metric and its lock. */
  cacheInfo(rt: Rtable): { expires: number; mtu: number; locked: boolean } {
    const fnhe = this.exceptionOf(rt);
    if (fnhe === undefined || (fnhe.pmtu === 0 && fnhe.gw === 0)) return { expires: 0, mtu: 0, locked: false };
    const left = fnhe.expires - jiffiesOf(this.ns.sim.now);
    if (left <= 0) return { expires: 0, mtu: 0, locked: false };
    // rtnl_put_cacheinfo's clock_t (USER_HZ 100), divided by iproute2's hz.
    return { expires: Math.floor(Math.floor((left * 100) / HZ) / 100), mtu: fnhe.pmtu, locked: fnhe.mtuLocked };
  }

  /**
   * ipv4_update_pmtu / __ipv4_sk_update_pmtu → __ip_rt_update_pmtu: an ICMP "fragmentation
   * needed" about a datagram from `saddr` to `daddr` announced `mtu`.
   */
  updatePmtu(daddr: Ipv4Addr, saddr: Ipv4Addr, mtu: number, oif = 0, mark = 0, tos = 0): void {
    const ns = this.ns;
    const rt = ns.ip.routeOutputKey(daddr, saddr, oif, mark, tos, Scope.UNIVERSE);
    if (typeof rt === "number") return;
    const fnhe = this.exceptionOf(rt);
    if (fnhe?.mtuLocked === true) return;
    const oldMtu = this.dstMtu(rt);
    if (oldMtu < mtu) return;
    let lock = false;
    if (mtu < this.minPmtu) {
      lock = true;
      mtu = Math.min(oldMtu, this.minPmtu);
    }
    const now = jiffiesOf(ns.sim.now);
    const expiresJ = this.mtuExpires * HZ;
    // The same MTU learnt again in the first half of its life changes nothing.
    if (fnhe !== undefined && this.validPmtu(fnhe) === mtu && !lock && now < fnhe.expires - Math.trunc(expiresJ / 2)) return;
    const res = ns.fib.lookupKey(daddr, saddr, 1, oif, mark, tos, Scope.UNIVERSE);
    if (typeof res === "number" || res.route === null) return;
    const nexthop = res.nexthop;
    if (nexthop === null) return;
    this.updateOrCreate(nexthop, daddr, mtu, lock, now + expiresJ, 0);
  }

  /**
   * ipv4_redirect / ipv4_sk_redirect → __ip_do_redirect: an ICMP redirect from `oldGw` (received
   * on `dev`) says datagrams from `saddr` to `daddr` should go through `newGw`. Accepted only
   * while the route's gateway is the sender, the device accepts redirects (IN_DEV_RX_REDIRECTS),
   * the new gateway is a plain unicast (shared_media) or on-link with the old one and, under
   * secure_redirects, a gateway of some route (ip_fib_check_default); the exception is made only
   * once its neighbour is valid — until then the redirect starts resolving it (neigh_event_send).
   */
  redirect(daddr: Ipv4Addr, saddr: Ipv4Addr, newGw: Ipv4Addr, oldGw: Ipv4Addr, code: number, dev: NetDevice, oif = 0, mark = 0, tos = 0): void {
    const ns = this.ns;
    if ((code & 7) > 3) return;
    const rt = ns.ip.routeOutputKey(daddr, saddr, oif, mark, tos, Scope.UNIVERSE);
    if (typeof rt === "number" || rt.gateway === 0 || rt.gateway !== oldGw) return;
    const inDev = ns.inDevice(dev);
    if (inDev === undefined) return;
    const all = ns.confAll;
    const conf = inDev.conf;
    const rxRedirects = conf.forwarding !== 0 ? (conf.accept_redirects & all.accept_redirects) !== 0 : (conf.accept_redirects | all.accept_redirects) !== 0;
    if (newGw === oldGw || !rxRedirects || isMulticast(newGw) || isLimitedBroadcast(newGw) || isZeronet(newGw)) return;
    if ((conf.shared_media | all.shared_media) === 0) {
      // inet_addr_onlink(in_dev, new_gw, old_gw).
      if (!inDev.addrs.some((ifa) => ifaMatch(newGw, ifa) && ifaMatch(oldGw, ifa))) return;
      if ((conf.secure_redirects | all.secure_redirects) !== 0 && !this.fibCheckDefault(newGw, dev)) return;
    } else if (ns.fib.localType(newGw) !== RouteType.UNICAST) {
      return;
    }
    const n = ns.neigh.lookupOrCreate(newGw, rt.dev);
    if (!n.valid) {
      // neigh_event_send(n, NULL): start resolving the new gateway.
      ns.neigh.eventSend(n, undefined);
      return;
    }
    const res = ns.fib.lookupKey(daddr, saddr, 1, oif, mark, tos, Scope.UNIVERSE);
    if (typeof res === "number" || res.nexthop === null) return;
    this.updateOrCreate(res.nexthop, daddr, 0, false, jiffiesOf(ns.sim.now) + IP_RT_GC_TIMEOUT, newGw);
  }

  /** ip_fib_check_default: `gw` is the gateway of a live nexthop on `dev`. */
  private fibCheckDefault(gw: Ipv4Addr, dev: NetDevice): boolean {
    for (const route of this.ns.fib.dump()) {
      for (const nh of route.nexthops) {
        if (nh.ifindex === dev.ifindex && nh.gateway === gw && (nh.flags & NexthopFlags.DEAD) === 0) return true;
      }
    }
    return false;
  }

  /** update_or_create_fnhe. */
  private updateOrCreate(nexthop: object, daddr: Ipv4Addr, pmtu: number, lock: boolean, expires: number, gw: Ipv4Addr): void {
    let table = this.byNexthop.get(nexthop);
    if (table === undefined) {
      table = new Map();
      this.byNexthop.set(nexthop, table);
    }
    const fnhe = table.get(daddr);
    if (fnhe !== undefined) {
      fnhe.genid = this.genid;
      if (gw !== 0 && gw !== fnhe.gw) {
        fnhe.gw = gw;
        // "Update all cached dsts too": the bound route is rebuilt at the next lookup.
        fnhe.rthOutput = null;
      }
      if (pmtu !== 0) {
        fnhe.pmtu = pmtu;
        fnhe.mtuLocked = lock;
      }
      fnhe.expires = Math.max(1, expires);
      return;
    }
    // A new exception: no route is bound to it until the next lookup (the cached ones go stale).
    table.set(daddr, { daddr, pmtu, gw, mtuLocked: lock, expires: Math.max(1, expires), genid: this.genid, rthOutput: null, base: null });
    this.live++;
  }

  /** rt_cache_flush + fnhe_genid_bump (`ip route flush cache`, net.ipv4.route.flush). */
  flushCache(): void {
    this.genid++;
  }

  /**
   * fib_dump_info_fnhe: the exceptions a lookup bound to a route, current (not flushed, not
   * expired), in route dump order.
   */
  dump(): FnheDumpEntry[] {
    const out: FnheDumpEntry[] = [];
    if (this.live === 0) return out;
    const now = jiffiesOf(this.ns.sim.now);
    for (const route of this.ns.fib.dump()) {
      for (const nh of route.nexthops) {
        const table = this.byNexthop.get(nh);
        if (table === undefined) continue;
        for (const fnhe of table.values()) {
          if (fnhe.genid !== this.genid) continue;
          if (fnhe.expires !== 0 && now > fnhe.expires) continue;
          if (fnhe.rthOutput === null) continue;
          out.push({ daddr: fnhe.daddr, route: fnhe.rthOutput, table: route.table, exception: fnhe });
        }
      }
    }
    return out;
  }
}
