/**
 * Numeric codes of include/uapi/linux/rtnetlink.h, fib_rules.h and netlink.h, kept as the
 * kernel numbers them so that tools can print and parse them the way iproute2 does.
 */

/** Route types (RTN_*). */
export const RouteType = {
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
  XRESOLVE: 11,
} as const;
export type RouteType = (typeof RouteType)[keyof typeof RouteType];
export const RTN_MAX = 11;

/** Who installed a route (RTPROT_*). Values above RTPROT_STATIC are opaque to the kernel. */
export const RouteProtocol = {
  UNSPEC: 0,
  REDIRECT: 1,
  KERNEL: 2,
  BOOT: 3,
  STATIC: 4,
  GATED: 8,
  RA: 9,
  MRT: 10,
  ZEBRA: 11,
  BIRD: 12,
  DNROUTED: 13,
  XORP: 14,
  NTK: 15,
  DHCP: 16,
  MROUTED: 17,
  KEEPALIVED: 18,
  BABEL: 42,
  OPENR: 99,
  BGP: 186,
  ISIS: 187,
  OSPF: 188,
  RIP: 189,
  EIGRP: 192,
} as const;

/** Route and nexthop scopes (RT_SCOPE_*): a larger number is a narrower scope. */
export const RouteScope = {
  UNIVERSE: 0,
  SITE: 200,
  LINK: 253,
  HOST: 254,
  NOWHERE: 255,
} as const;

/** Reserved table ids (RT_TABLE_*); any other uint32 is a table too. */
export const RouteTable = {
  UNSPEC: 0,
  COMPAT: 252,
  DEFAULT: 253,
  MAIN: 254,
  LOCAL: 255,
} as const;

/** Nexthop flags (RTNH_F_*). */
export const NexthopFlags = {
  DEAD: 1,
  PERVASIVE: 2,
  ONLINK: 4,
  OFFLOAD: 8,
  LINKDOWN: 16,
  UNRESOLVED: 32,
  TRAP: 64,
} as const;

/** Flags that do not make two nexthops different (RTNH_COMPARE_MASK). */
export const RTNH_COMPARE_MASK: number =
  NexthopFlags.DEAD | NexthopFlags.LINKDOWN | NexthopFlags.OFFLOAD | NexthopFlags.TRAP;

/** Netlink request flags that select add/replace/append semantics (NLM_F_*). */
export const NlFlags = {
  REPLACE: 0x100,
  EXCL: 0x200,
  CREATE: 0x400,
  APPEND: 0x800,
} as const;

/** The flags iproute2 sends for each `ip route` verb (iproute.c, iproute_modify). */
export const RouteVerb = {
  add: 0x600, // CREATE | EXCL
  change: 0x100, // REPLACE
  replace: 0x500, // CREATE | REPLACE
  prepend: 0x400, // CREATE
  append: 0xc00, // CREATE | APPEND
  test: 0x200, // EXCL
} as const;

/** Rule actions (FR_ACT_*). */
export const RuleAction = {
  UNSPEC: 0,
  TO_TBL: 1,
  GOTO: 2,
  NOP: 3,
  BLACKHOLE: 6,
  UNREACHABLE: 7,
  PROHIBIT: 8,
} as const;
export type RuleAction = (typeof RuleAction)[keyof typeof RuleAction];

/** Rule flags (FIB_RULE_*). */
export const RuleFlags = {
  PERMANENT: 1,
  INVERT: 2,
  UNRESOLVED: 4,
  IIF_DETACHED: 8,
  OIF_DETACHED: 16,
} as const;

/** IPTOS_RT_MASK: the TOS bits a route or rule can select on (fib_dscp_masked_match). */
export const IPTOS_RT_MASK = 0x1c;
