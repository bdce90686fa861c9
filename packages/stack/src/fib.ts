/**
 * The namespace's FIB as the stack uses it (net/ipv4/fib_frontend.c): fib_magic for the
 * kernel's own routes, fib_lookup for routing decisions, and the device/address
 * synchronisation of fib_netdev_event and fib_inetaddr_event. Storage, rules and lookup
 * are @pktsim/routing's.
 */
import type { Ipv4Addr } from "@pktsim/core";
import {
  Fib as RoutingFib,
  FibResult,
  type Nexthop,
  type Route,
  type RouteConfig,
  NexthopFlags,
  NlFlags,
  RouteTable,
  RouteType,
  fibDisableIp,
  fibFlush,
  fibLookup,
  fibSelectPath,
  fibSyncDownAddr,
  fibSyncDownDev,
  fibSyncUp,
  inetAddrTypeTable,
} from "@pktsim/routing";
import type { Namespace } from "./namespace";
import type { Errno } from "./errno";

export interface FlowKey {
  dst: Ipv4Addr;
  src: Ipv4Addr;
  iif: number;
  oif: number;
  mark: number;
  tos: number;
  scope: number;
}

export interface FibDecision {
  route: Route;
  nexthop: Nexthop;
  type: number;
  table: number;
}

export class Fib {
  /** The routing tables and rules of this namespace. */
  readonly fib: RoutingFib;
  private readonly result = new FibResult();
  /** The flowi4 of lookupKey, reused. */
  private readonly flow = { daddr: 0, saddr: 0, iif: 0, oif: 0, mark: 0, tos: 0, scope: 0 };

  constructor(ns: Namespace) {
    this.fib = new RoutingFib({
      links: {
        link: (ifindex) => {
          const dev = ns.deviceByIndex(ifindex);
          return dev === undefined || ns.inDevice(dev) === undefined ? undefined : { up: dev.adminUp, carrier: dev.carrier };
        },
        ignoreRoutesWithLinkdown: (ifindex) => {
          const dev = ns.deviceByIndex(ifindex);
          const inDev = dev === undefined ? undefined : ns.inDevice(dev);
          return (inDev?.conf.ignore_routes_with_linkdown ?? 0) !== 0 || ns.confAll.ignore_routes_with_linkdown !== 0;
        },
      },
      multipathSeed: ns.sim.rng.uint32(),
    });
  }

  /** fib_magic(RTM_NEWROUTE): NLM_F_CREATE|NLM_F_APPEND; an identical route already there is fine. */
  magicAdd(cfg: RouteConfig): void {
    this.fib.newRoute(cfg, NlFlags.CREATE | NlFlags.APPEND);
  }

  /** fib_magic(RTM_DELROUTE). */
  magicDel(cfg: RouteConfig & { ifindex: number }): void {
    this.fib.delRoute({
      table: cfg.table,
      dst: cfg.dst,
      prefixLen: cfg.prefixLen,
      // fib_magic passes the address's metric; fib_table_delete treats 0 as any.
      priority: cfg.priority ?? 0,
      type: cfg.type,
      scope: cfg.scope,
      protocol: cfg.protocol,
      prefsrc: cfg.prefsrc,
      ifindex: cfg.ifindex,
    });
  }

  /** fib_lookup: the decision, or the errno of an error route / of no route. */
  lookup(flow: FlowKey): FibDecision | Errno {
    const res = this.lookupKey(flow.dst, flow.src, flow.iif, flow.oif, flow.mark, flow.tos, flow.scope);
    if (typeof res === "number") return res;
    return { route: res.route!, nexthop: res.nexthop!, type: res.type, table: res.table };
  }

  /**
   * fib_lookup + fib_select_path for the datapath: the flow as arguments, the answer in this
   * FIB's one FibResult (valid until the next lookup), so a lookup allocates nothing.
   */
  lookupKey(dst: Ipv4Addr, src: Ipv4Addr, iif: number, oif: number, mark: number, tos: number, scope: number): FibResult | Errno {
    const res = this.result;
    const flow = this.flow;
    flow.daddr = dst;
    flow.saddr = src;
    flow.iif = iif;
    flow.oif = oif;
    flow.mark = mark;
    flow.tos = tos;
    flow.scope = scope;
    const err = fibLookup(this.fib, flow, res);
    if (err !== 0) return err as Errno;
    // fib_select_path: a multipath route picks its path by the flow hash unless bound to a device.
    if (res.route !== null && res.route.nexthops.length > 1) fibSelectPath(this.fib, flow, res);
    return res;
  }

  /** fib_disable_ip (device down or gone) or fib_sync_down_dev(NETDEV_CHANGE) (carrier lost). */
  syncDownDev(ifindex: number, event: "down" | "unregister" | "change", force: boolean): void {
    if (event === "change") fibSyncDownDev(this.fib, ifindex, "change", force);
    else fibDisableIp(this.fib, ifindex, event, force);
  }

  /** fib_sync_up: the device came up, or its carrier came back. */
  syncUp(ifindex: number, carrier: boolean, event: "up" | "carrier"): void {
    fibSyncUp(this.fib, ifindex, event === "up" ? NexthopFlags.DEAD : NexthopFlags.LINKDOWN, carrier);
  }

  /** fib_sync_down_addr + fib_flush: routes preferring a vanished local address go. */
  syncDownAddr(addr: Ipv4Addr): void {
    if (fibSyncDownAddr(this.fib, addr) > 0) fibFlush(this.fib);
  }

  /** inet_addr_type_table on the local table (inet_addr_type_dev_table when `ifindex` is given). */
  localType(addr: Ipv4Addr, ifindex = 0): number {
    return inetAddrTypeTable(this.fib, addr, RouteTable.LOCAL, ifindex);
  }

  /** Every route in `ip route show table all` order. */
  dump(): Route[] {
    return this.fib.dump();
  }
}

export { RouteType, RouteTable };
