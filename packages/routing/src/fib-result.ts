import type { Ipv4Addr } from "@pktsim/core";
import type { FibRule } from "./fib-rules";
import type { Nexthop, Route } from "./route";

/**
 * The flow a lookup is for (struct flowi4). For a locally generated packet the stack sets
 * `iif` to the loopback ifindex (1), as ip_route_output_key_hash does, so `iif lo` rules match.
 */
export interface Flow {
  readonly daddr: Ipv4Addr;
  readonly saddr?: Ipv4Addr;
  /** The TOS byte of the packet; lookups select on tos & IPTOS_RT_MASK. */
  readonly tos?: number;
  /** The narrowest acceptable route scope (RT_SCOPE_UNIVERSE unless the caller needs on-link). */
  readonly scope?: number;
  /** Output interface the caller is bound to, 0 for any: then only its nexthops qualify. */
  readonly oif?: number;
  /** Input interface: the receiving device, or loopback (1) for local output. */
  readonly iif?: number;
  /** The packet mark (fwmark). */
  readonly mark?: number;
}

/** Lookup flags (FIB_LOOKUP_*). */
export const FibLookupFlags = {
  /** Accept LINKDOWN nexthops even where ignore_routes_with_linkdown is set. */
  IGNORE_LINKSTATE: 0x4,
} as const;

/**
 * What a lookup found (struct fib_result): reused by the caller so that a lookup allocates
 * nothing. After an error return, `route` is the route whose type answered that error
 * (blackhole, unreachable, prohibit, throw) or null when nothing matched.
 */
export class FibResult {
  route: Route | null = null;
  /** Index of the selected nexthop in route.nexthops. */
  nhsel = 0;
  prefix: Ipv4Addr = 0;
  prefixLen = 0;
  type = 0;
  scope = 0;
  /** The table the route came from; main for a local route while local and main are merged. */
  table = 0;
  /** The policy rule whose lookup gave the answer, null when no rule was walked. */
  rule: FibRule | null = null;

  get nexthop(): Nexthop | null {
    return this.route?.nexthops[this.nhsel] ?? null;
  }

  reset(): void {
    this.route = null;
    this.nhsel = 0;
    this.prefix = 0;
    this.prefixLen = 0;
    this.type = 0;
    this.scope = 0;
    this.table = 0;
    this.rule = null;
  }
}
