import type { Ipv4Addr } from "@pktsim/core";
import type { Fib } from "./fib";
import { fibRebalance } from "./multipath";
import type { Route } from "./route";
import { NexthopFlags, RouteScope, RouteTable } from "./rtnetlink";

/** The netdevice events fib_sync_down_dev tells apart. */
export type LinkEvent = "down" | "change" | "unregister";

/** Every route with a nexthop through the device, across all tables (fib_info_devhash). */
export function routesByIfindex(fib: Fib, ifindex: number): Route[] {
  return fib.dump().filter((r) => r.nexthops.some((nh) => nh.ifindex === ifindex));
}

/**
 * fib_sync_down_dev: on "down"/"unregister" the device's nexthops become DEAD and LINKDOWN,
 * on "change" (carrier lost) LINKDOWN only; a route whose every path is gone is flagged the
 * same (DEAD routes are then removed by fibFlush). Without `force`, host-scope nexthops (the
 * local routes of the device's addresses) survive; "unregister" kills a multipath route with
 * any path on the device. Returns how many routes lost all their paths.
 */
export function fibSyncDownDev(fib: Fib, ifindex: number, event: LinkEvent, force = false): number {
  const spared = force ? -1 : RouteScope.NOWHERE;
  const lost = event === "change" ? NexthopFlags.LINKDOWN : NexthopFlags.DEAD | NexthopFlags.LINKDOWN;
  let count = 0;
  for (const route of routesByIfindex(fib, ifindex)) {
    let dead = 0;
    for (const nh of route.nexthops) {
      if (nh.flags & NexthopFlags.DEAD) {
        dead++;
      } else if (nh.ifindex === ifindex && nh.scope !== spared) {
        nh.flags |= lost;
        dead++;
      }
      if (event === "unregister" && nh.ifindex === ifindex) {
        dead = route.nexthops.length;
        break;
      }
    }
    if (dead === route.nexthops.length) {
      route.flags |= lost;
      count++;
    }
    fibRebalance(route, fib.links);
  }
  return count;
}

/**
 * fib_sync_up: the device came up (clear DEAD, and LINKDOWN too when it has carrier) or got
 * its carrier back (clear LINKDOWN). Returns how many routes have a live path again.
 */
export function fibSyncUp(fib: Fib, ifindex: number, nhFlags: number, carrier: boolean): number {
  if (nhFlags & NexthopFlags.DEAD && carrier) nhFlags |= NexthopFlags.LINKDOWN;
  let count = 0;
  for (const route of routesByIfindex(fib, ifindex)) {
    let alive = 0;
    for (const nh of route.nexthops) {
      if (!(nh.flags & nhFlags)) {
        alive++;
        continue;
      }
      if (nh.ifindex !== ifindex) continue;
      alive++;
      nh.flags &= ~nhFlags;
    }
    if (alive > 0) {
      route.flags &= ~nhFlags;
      count++;
    }
    fibRebalance(route, fib.links);
  }
  return count;
}

/**
 * fib_sync_down_addr: routes of table main whose preferred source is the removed address
 * become DEAD (fibFlush removes them). Returns how many.
 */
export function fibSyncDownAddr(fib: Fib, addr: Ipv4Addr): number {
  let count = 0;
  for (const route of fib.getTable(RouteTable.MAIN)?.dump() ?? []) {
    if (route.prefsrc === addr >>> 0) {
      route.flags |= NexthopFlags.DEAD;
      count++;
    }
  }
  return count;
}

/** fib_flush: removes every DEAD route from every table; returns them. */
export function fibFlush(fib: Fib): Route[] {
  return fib.flushRoutes((r) => (r.flags & NexthopFlags.DEAD) !== 0);
}

/**
 * fib_disable_ip's routing part: the device went down ("down"), away ("unregister") or lost
 * its last IPv4 address (`force`, which takes its local routes too). Returns the removed routes.
 */
export function fibDisableIp(fib: Fib, ifindex: number, event: LinkEvent, force: boolean): Route[] {
  fibSyncDownDev(fib, ifindex, event, force);
  return fibFlush(fib);
}
