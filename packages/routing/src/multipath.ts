import type { Ipv4Addr } from "@pktsim/core";
import type { Fib } from "./fib";
import type { Flow, FibResult } from "./fib-result";
import type { Route } from "./route";
import type { FibLinks } from "./fib-semantics";
import { NexthopFlags } from "./rtnetlink";

/**
 * fib_rebalance: each live path gets the upper bound of its share of the 31-bit hash space,
 * in proportion to its weight; dead paths (and LINKDOWN ones where the device ignores
 * linkdown routes) get −1. Recomputed when a route is created and on every link change —
 * not when the ignore_routes_with_linkdown sysctl changes, as in the kernel.
 */
export function fibRebalance(route: Route, links?: FibLinks): void {
  if (route.nexthops.length < 2) return;
  const unusable = (flags: number, ifindex: number): boolean =>
    (flags & NexthopFlags.DEAD) !== 0 ||
    ((flags & NexthopFlags.LINKDOWN) !== 0 && links?.ignoreRoutesWithLinkdown?.(ifindex) === true);
  let total = 0;
  for (const nh of route.nexthops) if (!unusable(nh.flags, nh.ifindex)) total += nh.weight;
  let w = 0;
  for (const nh of route.nexthops) {
    if (unusable(nh.flags, nh.ifindex)) {
      nh.upperBound = -1;
    } else {
      w += nh.weight;
      // DIV_ROUND_CLOSEST_ULL((u64)w << 31, total) - 1
      nh.upperBound = Math.floor((w * 2 ** 31 + Math.floor(total / 2)) / total) - 1;
    }
  }
}

/**
 * fib_select_multipath (fib_multipath_use_neigh = 0): the first path whose upper bound is
 * at least the 31-bit flow hash. Leaves res.nhsel as fib_table_lookup set it when none is.
 */
export function fibSelectMultipath(res: FibResult, hash: number): void {
  const route = res.route;
  if (route === null) return;
  for (let i = 0; i < route.nexthops.length; i++) {
    if (hash > route.nexthops[i]!.upperBound) continue;
    res.nhsel = i;
    return;
  }
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = rotl(k, 15);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = rotl(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * fib_multipath_hash for hash policy 0 (L3): a keyed hash of the source and destination
 * address, symmetric in the two as __flow_hash_consistentify makes it, never 0, shifted to
 * 31 bits. The kernel keys siphash with a random boot key (or fib_multipath_hash_seed); here
 * MurmurHash3 is keyed with the caller's seed, so values differ from the kernel's but the
 * same seed always spreads flows the same way.
 */
export function fibMultipathHash(seed: number, saddr: Ipv4Addr, daddr: Ipv4Addr): number {
  const a = saddr >>> 0;
  const b = daddr >>> 0;
  let h = mixWord(seed | 0, a < b ? a : b);
  h = mixWord(h, a < b ? b : a);
  h ^= 8;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h >>>= 0;
  return (h === 0 ? 1 : h) >>> 1;
}

/**
 * fib_select_path without fib_select_default and the source address choice: a multipath
 * route picks its path by the flow hash unless the flow is bound to an output device. Pass
 * the flow's saddr as the caller has it then: 0 for an unbound socket, since the kernel
 * chooses the source address only after this (ip_route_output_key_hash_rcu).
 */
export function fibSelectPath(fib: Fib, flow: Flow, res: FibResult): void {
  if ((flow.oif ?? 0) !== 0 || res.route === null || res.route.nexthops.length < 2) return;
  fibSelectMultipath(res, fibMultipathHash(fib.multipathSeed, flow.saddr ?? 0, flow.daddr));
}
