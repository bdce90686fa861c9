/**
 * IPv4 per-device configuration (struct ipv4_devconf, net/ipv4/devinet.c) and neighbour
 * parameters (struct neigh_parms, net/core/neighbour.c). Each namespace has `all` and
 * `default` copies; a device's copy starts from `default` when it registers in the namespace.
 */

/** The IPv4 devconf knobs, in the order of devinet.c's sysctl table, with compiled-in defaults. */
export const DEVCONF_DEFAULTS = {
  forwarding: 0,
  mc_forwarding: 0,
  accept_redirects: 1,
  secure_redirects: 1,
  shared_media: 1,
  rp_filter: 0,
  send_redirects: 1,
  accept_source_route: 0,
  accept_local: 0,
  src_valid_mark: 0,
  proxy_arp: 0,
  medium_id: 0,
  bootp_relay: 0,
  log_martians: 0,
  tag: 0,
  arp_filter: 0,
  arp_announce: 0,
  arp_ignore: 0,
  arp_accept: 0,
  arp_notify: 0,
  arp_evict_nocarrier: 1,
  proxy_arp_pvlan: 0,
  force_igmp_version: 0,
  igmpv2_unsolicited_report_interval: 10000,
  igmpv3_unsolicited_report_interval: 1000,
  ignore_routes_with_linkdown: 0,
  drop_gratuitous_arp: 0,
  drop_unicast_in_l2_multicast: 0,
  disable_xfrm: 0,
  disable_policy: 0,
  promote_secondaries: 0,
  route_localnet: 0,
  bc_forwarding: 0,
} as const;

export type DevConfKey = keyof typeof DEVCONF_DEFAULTS;
export type DevConf = Record<DevConfKey, number>;

export const DEVCONF_KEYS: readonly DevConfKey[] = Object.keys(DEVCONF_DEFAULTS) as DevConfKey[];

export function newDevConf(from?: DevConf): DevConf {
  return { ...(from ?? DEVCONF_DEFAULTS) };
}

/** Neighbour parameters (NEIGH_VAR_*) with their defaults for ARP (arp_tbl in net/ipv4/arp.c). */
export interface NeighParms {
  /** All times in milliseconds. */
  mcastProbes: number;
  ucastProbes: number;
  appProbes: number;
  mcastReprobes: number;
  retransTimeMs: number;
  baseReachableTimeMs: number;
  delayProbeTimeMs: number;
  gcStaletimeMs: number;
  queueLenBytes: number;
  queueLen: number;
  proxyQlen: number;
  anycastDelayMs: number;
  proxyDelayMs: number;
  locktimeMs: number;
  intervalProbeTimeMs: number;
}

export function newNeighParms(from?: NeighParms): NeighParms {
  return from
    ? { ...from }
    : {
        mcastProbes: 3,
        ucastProbes: 3,
        appProbes: 0,
        mcastReprobes: 0,
        retransTimeMs: 1000,
        baseReachableTimeMs: 30000,
        delayProbeTimeMs: 5000,
        gcStaletimeMs: 60000,
        queueLenBytes: 212992,
        queueLen: 101,
        proxyQlen: 64,
        anycastDelayMs: 1000,
        proxyDelayMs: 800,
        locktimeMs: 1000,
        intervalProbeTimeMs: 5000,
      };
}

/** Namespace-wide IPv4 knobs (struct netns_ipv4), with their defaults. */
export interface NetIpv4Conf {
  ip_default_ttl: number;
  icmp_echo_ignore_all: number;
  icmp_echo_ignore_broadcasts: number;
  icmp_ignore_bogus_error_responses: number;
  icmp_errors_use_inbound_ifaddr: number;
  icmp_ratelimit: number;
  icmp_ratemask: number;
  icmp_msgs_per_sec: number;
  icmp_msgs_burst: number;
  ip_local_port_range: [number, number];
  ip_nonlocal_bind: number;
  ping_group_range: [number, number];
  ip_no_pmtu_disc: number;
  fwmark_reflect: number;
}

export function newNetIpv4Conf(): NetIpv4Conf {
  return {
    ip_default_ttl: 64,
    icmp_echo_ignore_all: 0,
    icmp_echo_ignore_broadcasts: 1,
    icmp_ignore_bogus_error_responses: 1,
    icmp_errors_use_inbound_ifaddr: 0,
    icmp_ratelimit: 1000,
    icmp_ratemask: 6168,
    icmp_msgs_per_sec: 1000,
    icmp_msgs_burst: 50,
    ip_local_port_range: [32768, 60999],
    ip_nonlocal_bind: 0,
    ping_group_range: [1, 0],
    ip_no_pmtu_disc: 0,
    fwmark_reflect: 0,
  };
}
