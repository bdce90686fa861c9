/**
 * `ip route` (iproute2 6.1 ip/iproute.c): add/change/replace/prepend/append/test/delete
 * (iproute_modify), show/flush with their selectors (iproute_list_flush_or_save, filter_nlmsg,
 * print_route) and get (iproute_get), over the namespace's FIB. IPv6 routes are only listed.
 */
import { formatIpv4 } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import {
  type FibOpResult,
  type NexthopConfig,
  NexthopFlags,
  NlFlags,
  type Route,
  type RouteConfig,
  type RouteDelete,
  RouteProtocol,
  RouteScope,
  RouteTable,
  RouteType,
} from "@pktsim/routing";
import { type RouteGetAnswer, compareIpv6, formatIpv6, inetRtmGetroute, type Namespace, rtCacheDump, rtCacheFlush, strerror } from "@pktsim/stack";
import { type CommandContext, Exit } from "../../command";
import { writeJson } from "./json-print";
import { Args, type IpOptions, incomplete, invarg, matches } from "./options";
import {
  dsfieldName,
  type FamilyState,
  getAddr,
  getPrefix,
  getU32,
  type InetPrefix,
  parseDsfield,
  parseProtocol,
  parseRouteType,
  parseScope,
  parseTable,
  protocolName,
  routeTypeName,
  scopeName,
  tableName,
} from "./rt-names";

const USAGE =
  "Usage: ip route { list | flush } SELECTOR\n" +
  "       ip route save SELECTOR\n" +
  "       ip route restore\n" +
  "       ip route showdump\n" +
  "       ip route get [ ROUTE_GET_FLAGS ] ADDRESS\n" +
  "                            [ from ADDRESS iif STRING ]\n" +
  "                            [ oif STRING ] [ tos TOS ]\n" +
  "                            [ mark NUMBER ] [ vrf NAME ]\n" +
  "                            [ uid NUMBER ] [ ipproto PROTOCOL ]\n" +
  "                            [ sport NUMBER ] [ dport NUMBER ]\n" +
  "       ip route { add | del | change | append | replace } ROUTE\n" +
  "SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]\n" +
  "            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]\n" +
  "            [ type TYPE ] [ scope SCOPE ]\n" +
  "ROUTE := NODE_SPEC [ INFO_SPEC ]\n" +
  "NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]\n" +
  "             [ table TABLE_ID ] [ proto RTPROTO ]\n" +
  "             [ scope SCOPE ] [ metric METRIC ]\n" +
  "             [ ttl-propagate { enabled | disabled } ]\n" +
  "INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...\n" +
  "NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]\n" +
  "      [ dev STRING ] [ weight NUMBER ] NHFLAGS\n" +
  "FAMILY := [ inet | inet6 | mpls | bridge | link ]\n" +
  "OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ] [ as [ to ] ADDRESS ]\n" +
  "           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]\n" +
  "           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]\n" +
  "           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]\n" +
  "           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]\n" +
  "           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]\n" +
  "           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]\n" +
  "TYPE := { unicast | local | broadcast | multicast | throw |\n" +
  "          unreachable | prohibit | blackhole | nat }\n" +
  "TABLE_ID := [ local | main | default | all | NUMBER ]\n" +
  "SCOPE := [ host | link | global | NUMBER ]\n" +
  "NHFLAGS := [ onlink | pervasive ]\n" +
  "RTPROTO := [ kernel | boot | static | NUMBER ]\n" +
  "PREF := [ low | medium | high ]\n" +
  "TIME := NUMBER[s|ms]\n" +
  "BOOL := [1|0]\n" +
  "FEATURES := ecn\n" +
  "ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | rpl | ioam6 | xfrm ]\n" +
  "ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | IOAM6HDR | XFRMINFO ]\n" +
  "SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID] [cleanup]\n" +
  "SEGMODE := [ encap | encap.red | inline | l2encap | l2encap.red ]\n" +
  "SEG6LOCAL := action ACTION [ OPTIONS ] [ count ]\n" +
  "ACTION := { End | End.X | End.T | End.DX2 | End.DX6 | End.DX4 |\n" +
  "            End.DT6 | End.DT4 | End.DT46 | End.B6 | End.B6.Encaps |\n" +
  "            End.BM | End.S | End.AS | End.AM | End.BPF }\n" +
  "OPTIONS := OPTION [ OPTIONS ]\n" +
  "OPTION := { flavors FLAVORS | srh SEG6HDR | nh4 ADDR | nh6 ADDR | iif DEV | oif DEV |\n" +
  "            table TABLEID | vrftable TABLEID | endpoint PROGNAME }\n" +
  "FLAVORS := { FLAVOR[,FLAVOR] }\n" +
  "FLAVOR := { psp | usp | usd | next-csid }\n" +
  "IOAM6HDR := trace prealloc type IOAM6_TRACE_TYPE ns IOAM6_NAMESPACE size IOAM6_TRACE_SIZE\n" +
  "XFRMINFO := if_id IF_ID [ link_dev LINK ]\n" +
  "ROUTE_GET_FLAGS := [ fibmatch ]\n";

function usage(ctx: CommandContext): never {
  ctx.err(USAGE);
  throw new Exit(255);
}

/** An rtnetlink error: the extack message when the kernel gave one, else strerror (exit 2). */
function rtnlFail(ctx: CommandContext, r: { errno: number; message?: string }): never {
  if (r.message !== undefined) ctx.err(`Error: ${r.message}.\n`);
  else ctx.err(`RTNETLINK answers: ${strerror(r.errno)}\n`);
  throw new Exit(2);
}

/** ll_name_to_index, or "Cannot find device" (exit 1). */
function device(ctx: CommandContext, ns: Namespace, name: string): NetDevice {
  const dev = ns.deviceByName(name);
  if (dev === undefined) {
    ctx.err(`Cannot find device "${name}"\n`);
    throw new Exit(1);
  }
  return dev;
}

export function ipRoute(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  const sub = args.next();
  if (sub === undefined) return listOrFlush(ctx, ns, args, opts, false);
  if (matches(sub, "add")) return modify(ctx, ns, args, opts, "add");
  if (matches(sub, "change") || sub === "chg") return modify(ctx, ns, args, opts, "change");
  if (matches(sub, "replace")) return modify(ctx, ns, args, opts, "replace");
  if (matches(sub, "prepend")) return modify(ctx, ns, args, opts, "prepend");
  if (matches(sub, "append")) return modify(ctx, ns, args, opts, "append");
  if (matches(sub, "test")) return modify(ctx, ns, args, opts, "test");
  if (matches(sub, "delete")) return modify(ctx, ns, args, opts, "delete");
  if (matches(sub, "list") || matches(sub, "show") || matches(sub, "lst")) return listOrFlush(ctx, ns, args, opts, false);
  if (matches(sub, "get")) return get(ctx, ns, args, opts);
  if (matches(sub, "flush")) return listOrFlush(ctx, ns, args, opts, true);
  if (matches(sub, "help")) usage(ctx);
  ctx.err(`Command "${sub}" is unknown, try "ip route help".\n`);
  return 255;
}

// ============================================================================ add / del

type Verb = keyof typeof VERB_FLAGS | "delete";

/**
 * iproute_modify keywords for what the FIB model does not keep (RTA_METRICS and others):
 * those iproute2 takes by prefix (matches()) and those it wants spelled out.
 */
const UNMODELLED_PREFIX: readonly string[] = [
  "reordering", "window", "cwnd", "initcwnd", "initrwnd", "features", "quickack", "congctl", "rttvar",
  "ssthresh", "realms", "vrf", "pref", "fastopen_no_cookie",
];
const UNMODELLED_EXACT: readonly string[] = ["mtu", "hoplimit", "advmss", "rtt", "rto_min", "nhid", "encap", "expires", "ttl-propagate", "as", "from"];

/** The NLM_F_* flags do_iproute sends for each verb. */
const VERB_FLAGS = {
  add: NlFlags.CREATE | NlFlags.EXCL,
  change: NlFlags.REPLACE,
  replace: NlFlags.CREATE | NlFlags.REPLACE,
  prepend: NlFlags.CREATE,
  append: NlFlags.CREATE | NlFlags.APPEND,
  test: NlFlags.EXCL,
} as const;

interface NexthopSpec {
  gateway?: number;
  dev?: NetDevice;
  weight?: number;
  onlink?: boolean;
}

/** parse_one_nh: the words of one `nexthop` up to the next keyword it does not know. */
function parseOneNh(ctx: CommandContext, ns: Namespace, words: readonly string[], at: number, fam: FamilyState): { nh: NexthopSpec; next: number } {
  const nh: NexthopSpec = {};
  let i = at + 1;
  const value = (): string => {
    const v = words[++i];
    if (v === undefined) incomplete(ctx);
    return v;
  };
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (w === "via") {
      let v = value();
      if (v === "inet") v = value();
      nh.gateway = getAddr(ctx, v, fam);
    } else if (w === "dev") {
      const name = value();
      const dev = ns.deviceByName(name);
      if (dev === undefined) {
        ctx.err(`Cannot find device "${name}"\nError: cannot parse nexthop\n`);
        throw new Exit(255);
      }
      nh.dev = dev;
    } else if (w === "weight") {
      const v = value();
      const n = getU32(v);
      if (n === undefined || n === 0 || n > 256) invarg(ctx, '"weight" is invalid\n', v);
      nh.weight = n;
    } else if (w === "onlink") {
      nh.onlink = true;
    } else {
      break;
    }
  }
  return { nh, next: i };
}

/** parse_nexthops */
function parseNexthops(ctx: CommandContext, ns: Namespace, words: readonly string[], fam: FamilyState): NexthopSpec[] {
  const out: NexthopSpec[] = [];
  let i = 0;
  while (i < words.length) {
    if (words[i] !== "nexthop") {
      ctx.err(`Error: "nexthop" or end of line is expected instead of "${words[i]}"\n`);
      throw new Exit(255);
    }
    if (i + 1 >= words.length) {
      ctx.err('Error: unexpected end of line after "nexthop"\n');
      throw new Exit(255);
    }
    const { nh, next } = parseOneNh(ctx, ns, words, i, fam);
    out.push(nh);
    i = next;
  }
  return out;
}

function toNexthopConfig(nh: NexthopSpec): NexthopConfig {
  return {
    ...(nh.gateway !== undefined ? { gateway: nh.gateway } : {}),
    ...(nh.dev !== undefined ? { ifindex: nh.dev.ifindex } : {}),
    ...(nh.weight !== undefined ? { weight: nh.weight } : {}),
    ...(nh.onlink === true ? { onlink: true } : {}),
  };
}

/** iproute_modify: parse a route the way iproute2 does, then RTM_NEWROUTE or RTM_DELROUTE. */
function modify(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions, verb: Verb): number {
  const del = verb === "delete";
  const fam: FamilyState = { known: opts.family === "inet" };
  const words = args.rest();
  let type: number = del ? RouteType.UNSPEC : RouteType.UNICAST;
  let protocol: number = del ? RouteProtocol.UNSPEC : RouteProtocol.BOOT;
  let scope: number = del ? RouteScope.NOWHERE : RouteScope.UNIVERSE;
  let table: number = RouteTable.MAIN;
  let tos = 0;
  let metric: number | undefined;
  let prefsrc: number | undefined;
  let gateway: number | undefined;
  let devName: string | undefined;
  let onlink = false;
  let dst: InetPrefix | undefined;
  let scopeOk = false;
  let tableOk = false;
  let nexthopWords: string[] | undefined;
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!;
    const value = (): string => {
      const v = words[++i];
      if (v === undefined) incomplete(ctx);
      return v;
    };
    if (w === "src") {
      prefsrc = getAddr(ctx, value(), fam);
    } else if (w === "via") {
      if (gateway !== undefined) invarg(ctx, "use nexthop syntax to specify multiple via\n", w);
      let v = value();
      if (v === "inet6" || v.includes(":")) {
        // RFC 5549 gateways (RTA_VIA): the FIB model keeps IPv4 gateways only.
        ctx.err(`Error: IPv6 gateways are not modelled by pktsim.\n`);
        throw new Exit(255);
      }
      if (v === "inet") v = value();
      gateway = getAddr(ctx, v, fam);
    } else if (w === "tos" || matches(w, "dsfield")) {
      const v = value();
      const t = parseDsfield(v);
      if (t === undefined) invarg(ctx, '"tos" value is invalid\n', v);
      tos = t;
    } else if (matches(w, "metric") || matches(w, "priority") || w === "preference") {
      const v = value();
      const m = getU32(v);
      if (m === undefined) invarg(ctx, '"metric" value is invalid\n', v);
      metric = m;
    } else if (w === "scope") {
      const v = value();
      const s = parseScope(v);
      if (s === undefined) invarg(ctx, 'invalid "scope" value\n', v);
      scope = s;
      scopeOk = true;
    } else if (w === "onlink") {
      onlink = true;
    } else if (w === "nexthop") {
      nexthopWords = words.slice(i);
      break;
    } else if (matches(w, "protocol")) {
      const v = value();
      const p = parseProtocol(v);
      if (p === undefined) invarg(ctx, '"protocol" value is invalid\n', v);
      protocol = p;
    } else if (matches(w, "table")) {
      const v = value();
      const t = parseTable(v);
      if (t === undefined) invarg(ctx, '"table" value is invalid\n', v);
      table = t;
      tableOk = true;
    } else if (w === "dev" || w === "oif") {
      devName = value();
    } else if (UNMODELLED_EXACT.includes(w) || UNMODELLED_PREFIX.some((k) => matches(w, k))) {
      // Route metrics, realms, encapsulations, nexthop objects: iproute2 accepts them, the model
      // has nowhere to keep them, so the request is refused rather than silently changed.
      ctx.err(`Error: "${w}" is not modelled by pktsim.\n`);
      throw new Exit(255);
    } else {
      if (w === "to") w = value();
      const t = (w[0]! < "0" || w[0]! > "9") ? parseRouteType(w) : undefined;
      if (t !== undefined) {
        type = t;
        w = value();
      }
      if (matches(w, "help")) usage(ctx);
      if (dst !== undefined) {
        ctx.err(`Error: either "to" is duplicate, or "${w}" is a garbage.\n`);
        throw new Exit(255);
      }
      dst = getPrefix(ctx, w, fam);
    }
  }
  if (dst === undefined) usage(ctx);
  const dev = devName !== undefined ? device(ctx, ns, devName) : undefined;
  const nexthops = nexthopWords !== undefined ? parseNexthops(ctx, ns, nexthopWords, fam) : [];
  if (!tableOk && (type === RouteType.LOCAL || type === RouteType.BROADCAST || type === RouteType.NAT || type === RouteType.ANYCAST)) {
    table = RouteTable.LOCAL;
  }
  if (!scopeOk) {
    if (type === RouteType.LOCAL || type === RouteType.NAT) scope = RouteScope.HOST;
    else if (type === RouteType.BROADCAST || type === RouteType.MULTICAST || type === RouteType.ANYCAST) scope = RouteScope.LINK;
    else if (type === RouteType.UNICAST || type === RouteType.UNSPEC) {
      if (del) scope = RouteScope.NOWHERE;
      else if (gateway === undefined && nexthopWords === undefined) scope = RouteScope.LINK;
    }
  }
  const fib = ns.fib.fib;
  if (del) {
    const match: RouteDelete = {
      table,
      dst: dst.addr,
      prefixLen: dst.len,
      tos,
      type,
      scope,
      protocol,
      ...(metric !== undefined ? { priority: metric } : {}),
      ...(prefsrc !== undefined ? { prefsrc } : {}),
      ...(gateway !== undefined ? { gateway } : {}),
      ...(dev !== undefined ? { ifindex: dev.ifindex } : {}),
      ...(nexthops.length > 0 ? { nexthops: nexthops.map((nh) => ({ gateway: nh.gateway ?? 0, ifindex: nh.dev?.ifindex ?? 0 })) } : {}),
    };
    const r = fib.delRoute(match);
    if (!r.ok) rtnlFail(ctx, r);
    return 0;
  }
  // A single path comes from RTA_GATEWAY/RTA_OIF and the route's flags; nexthop words add paths.
  let paths: NexthopConfig[];
  if (nexthops.length > 0) paths = nexthops.map(toNexthopConfig);
  else if (gateway !== undefined || dev !== undefined || onlink) {
    paths = [toNexthopConfig({ ...(gateway !== undefined ? { gateway } : {}), ...(dev !== undefined ? { dev } : {}), onlink })];
  } else paths = [];
  const cfg: RouteConfig = {
    table,
    dst: dst.addr,
    prefixLen: dst.len,
    tos,
    type: type as RouteType,
    protocol,
    scope,
    ...(metric !== undefined ? { priority: metric } : {}),
    ...(prefsrc !== undefined ? { prefsrc } : {}),
    nexthops: paths,
  };
  const r: FibOpResult<Route> = fib.newRoute(cfg, VERB_FLAGS[verb]);
  if (!r.ok) rtnlFail(ctx, r);
  return 0;
}

// ============================================================================ show / flush

/** iproute2's `filter` for a dump: a mask of -1 both selects and hides the field in print_route. */
interface RouteFilter {
  tb: number;
  cloned: boolean;
  protocol: number;
  protocolHidden: boolean;
  protocolMask: boolean;
  scope: number;
  scopeMask: boolean;
  typeMask: number;
  tos: number;
  tosMask: boolean;
  oif: number;
  iif: number;
  mark: number;
  markMask: boolean;
  metric: number;
  metricMask: boolean;
  rdst: Selector | undefined;
  mdst: Selector | undefined;
  rsrc: Selector | undefined;
  msrc: Selector | undefined;
  via: Selector | undefined;
  prefsrc: Selector | undefined;
}

/** A prefix selector and whether it carries a family (inet_prefix.family). */
type Selector = InetPrefix & { readonly family: boolean };

function newFilter(): RouteFilter {
  return {
    tb: RouteTable.MAIN,
    cloned: false,
    protocol: 0,
    protocolHidden: false,
    protocolMask: false,
    scope: 0,
    scopeMask: false,
    typeMask: 0,
    tos: 0,
    tosMask: false,
    oif: 0,
    iif: 0,
    mark: 0,
    markMask: false,
    metric: 0,
    metricMask: false,
    rdst: undefined,
    mdst: undefined,
    rsrc: undefined,
    msrc: undefined,
    via: undefined,
    prefsrc: undefined,
  };
}

/** The netmask of a prefix length. */
function maskOf(len: number): number {
  return len <= 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** inet_addr_match over `bits` leading bits (all of them when bits < 0 or the prefix has none). */
function addrMatch(addr: number, p: InetPrefix, bits: number): boolean {
  if (p.any) return true;
  const b = Math.min(bits, 32);
  if (b <= 0) return true;
  return ((addr ^ p.addr) & maskOf(b)) === 0;
}

/** filter_nlmsg for one IPv4 route; `table` is the table the dump reports it in. */
/** Whether a dst/src selector filters at all: "all"/"any" without a family select nothing. */
function selects(p: Selector | undefined): p is Selector {
  return p !== undefined && (p.family || p.lenGiven);
}

function routeSelected(f: RouteFilter, r: Route, table: number): boolean {
  if (f.cloned) return false;
  if (f.tb > 0 && f.tb !== table) return false;
  if (f.protocolMask && f.protocol !== r.protocol) return false;
  if (f.scopeMask && f.scope !== r.scope) return false;
  if (f.typeMask !== 0 && (f.typeMask & (1 << r.type)) === 0) return false;
  if (f.tosMask && f.tos !== r.tos) return false;
  if (selects(f.rdst) && (f.rdst.len > r.prefixLen || !addrMatch(r.dst, f.rdst, f.rdst.len))) return false;
  if (selects(f.mdst) && (f.mdst.len < r.prefixLen || !addrMatch(r.dst, f.mdst, r.prefixLen))) return false;
  // Routes here have no source prefix (rtm_src_len 0).
  if (selects(f.rsrc) && f.rsrc.len > 0) return false;
  const single = r.nexthops.length === 1 ? r.nexthops[0]! : undefined;
  if (f.via !== undefined && !addrMatch(single?.gateway ?? 0, f.via, f.via.len)) return false;
  if (f.prefsrc !== undefined && !addrMatch(r.prefsrc, f.prefsrc, f.prefsrc.len)) return false;
  if (f.iif !== 0) return false;
  // The kernel's dump keeps routes using the device; iproute2 then wants RTA_OIF equal to it,
  // which a multipath route does not carry.
  if (f.oif !== 0 && (single === undefined || single.ifindex !== f.oif)) return false;
  if (f.markMask && f.mark !== 0) return false;
  if (f.metricMask && f.metric !== r.priority) return false;
  return true;
}

function devName(ns: Namespace, ifindex: number): string {
  return ns.deviceByIndex(ifindex)?.name ?? `if${ifindex}`;
}

/** print_rt_flags */
function rtFlags(flags: number): string {
  let out = "";
  if ((flags & NexthopFlags.DEAD) !== 0) out += "dead ";
  if ((flags & NexthopFlags.ONLINK) !== 0) out += "onlink ";
  if ((flags & NexthopFlags.PERVASIVE) !== 0) out += "pervasive ";
  if ((flags & NexthopFlags.OFFLOAD) !== 0) out += "offload ";
  if ((flags & NexthopFlags.TRAP) !== 0) out += "trap ";
  if ((flags & NexthopFlags.LINKDOWN) !== 0) out += "linkdown ";
  if ((flags & NexthopFlags.UNRESOLVED) !== 0) out += "unresolved ";
  return out;
}

/** rtm_dst for print_route: "default", an address for a host route, else A/len. */
function formatDst(dst: number, len: number): string {
  if (len === 0 && dst === 0) return "default";
  return len === 32 ? formatIpv4(dst) : `${formatIpv4(dst)}/${len}`;
}

/**
 * print_route for a FIB entry (fib_dump_info): `table` is the table the kernel reports it in;
 * a field the filter selects on exactly is not printed.
 */
export function formatRoute(ns: Namespace, r: Route, table: number, f: RouteFilter = { ...newFilter(), tb: 0 }, details = false): string {
  let line = "";
  if ((r.type !== RouteType.UNICAST || details) && (f.typeMask === 0 || (f.typeMask & (1 << r.type)) !== 0)) line += `${routeTypeName(r.type)} `;
  line += `${formatDst(r.dst, r.prefixLen)} `;
  if (r.tos !== 0 && !f.tosMask) line += `tos ${dsfieldName(r.tos)} `;
  const single = r.nexthops.length === 1 ? r.nexthops[0] : undefined;
  if (single !== undefined) {
    if (single.gateway !== 0 && f.via?.len !== 32) line += `via ${formatIpv4(single.gateway)} `;
    if (single.ifindex !== 0 && f.oif === 0) line += `dev ${devName(ns, single.ifindex)} `;
  }
  if (table !== 0 && (table !== RouteTable.MAIN || details) && f.tb === 0) line += `table ${tableName(table)} `;
  if ((r.protocol !== RouteProtocol.BOOT || details) && !f.protocolHidden) line += `proto ${protocolName(r.protocol)} `;
  if ((r.scope !== RouteScope.UNIVERSE || details) && !f.scopeMask) line += `scope ${scopeName(r.scope)} `;
  if (r.prefsrc !== 0 && f.prefsrc?.len !== 32) line += `src ${formatIpv4(r.prefsrc)} `;
  if (r.priority !== 0 && !f.metricMask) line += `metric ${r.priority} `;
  // rtm_flags: a single path's flags; for multipath the route's own (dead/linkdown when all are).
  line += rtFlags(single !== undefined ? single.flags : r.flags);
  if (r.nexthops.length > 1) {
    for (const nh of r.nexthops) {
      line += "\n\tnexthop ";
      if (nh.gateway !== 0) line += `via ${formatIpv4(nh.gateway)} `;
      line += `dev ${devName(ns, nh.ifindex)} `;
      line += `weight ${nh.weight} `;
      line += rtFlags(nh.flags);
    }
  }
  return `${line}\n`;
}

/** print_rt_flags in a JSON context: the names as an array. */
function rtFlagNames(flags: number): string[] {
  return rtFlags(flags).split(" ").filter((x) => x !== "");
}

/** print_route's JSON object for a FIB entry (the same fields and conditions as the text). */
export function routeJson(ns: Namespace, r: Route, table: number, f: RouteFilter = { ...newFilter(), tb: 0 }, details = false): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if ((r.type !== RouteType.UNICAST || details) && (f.typeMask === 0 || (f.typeMask & (1 << r.type)) !== 0)) o.type = routeTypeName(r.type);
  o.dst = formatDst(r.dst, r.prefixLen);
  if (r.tos !== 0 && !f.tosMask) o.tos = dsfieldName(r.tos);
  const single = r.nexthops.length === 1 ? r.nexthops[0] : undefined;
  if (single !== undefined) {
    if (single.gateway !== 0 && f.via?.len !== 32) o.gateway = formatIpv4(single.gateway);
    if (single.ifindex !== 0 && f.oif === 0) o.dev = devName(ns, single.ifindex);
  }
  if (table !== 0 && (table !== RouteTable.MAIN || details) && f.tb === 0) o.table = tableName(table);
  if ((r.protocol !== RouteProtocol.BOOT || details) && !f.protocolHidden) o.protocol = protocolName(r.protocol);
  if ((r.scope !== RouteScope.UNIVERSE || details) && !f.scopeMask) o.scope = scopeName(r.scope);
  if (r.prefsrc !== 0 && f.prefsrc?.len !== 32) o.prefsrc = formatIpv4(r.prefsrc);
  if (r.priority !== 0 && !f.metricMask) o.metric = r.priority;
  o.flags = rtFlagNames(single !== undefined ? single.flags : r.flags);
  if (r.nexthops.length > 1) {
    o.nexthops = r.nexthops.map((nh) => ({
      ...(nh.gateway !== 0 ? { gateway: formatIpv4(nh.gateway) } : {}),
      dev: devName(ns, nh.ifindex),
      weight: nh.weight,
      flags: rtFlagNames(nh.flags),
    }));
  }
  return o;
}

/** iproute_list_flush_or_save for list and flush. */
function listOrFlush(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions, flush: boolean): number {
  const f = newFilter();
  if (flush && args.done) {
    ctx.err('"ip route flush" requires arguments.\n');
    return 1;
  }
  let od: string | undefined;
  let id: string | undefined;
  // get_prefix(…, dump_family): the family stays what -4 made it.
  const fam: FamilyState = { known: opts.family === "inet", fixed: true };
  const sel = (text: string): Selector => {
    const p = getPrefix(ctx, text, fam);
    return { ...p, family: fam.known || !p.familyless };
  };
  while (!args.done) {
    let a = args.next()!;
    if (matches(a, "table")) {
      const v = args.value();
      const t = parseTable(v);
      if (t === undefined) {
        if (v === "all") f.tb = 0;
        else if (v === "cache") f.cloned = true;
        else if (v === "help") usage(ctx);
        else invarg(ctx, "table id value is invalid\n", v);
      } else f.tb = t;
    } else if (matches(a, "cached") || matches(a, "cloned")) {
      f.cloned = true;
    } else if (a === "tos" || matches(a, "dsfield")) {
      const v = args.value();
      const t = parseDsfield(v);
      if (t === undefined) invarg(ctx, "TOS value is invalid\n", v);
      f.tos = t;
      f.tosMask = true;
    } else if (matches(a, "protocol")) {
      const v = args.value();
      const p = parseProtocol(v);
      f.protocolHidden = true;
      f.protocolMask = true;
      if (p === undefined) {
        if (v !== "all") invarg(ctx, 'invalid "protocol"\n', v);
        f.protocolHidden = false;
        f.protocolMask = false;
      } else f.protocol = p;
    } else if (matches(a, "scope")) {
      const v = args.value();
      const s = parseScope(v);
      f.scopeMask = true;
      if (s === undefined) {
        if (v !== "all") invarg(ctx, 'invalid "scope"\n', v);
        f.scopeMask = false;
      } else f.scope = s;
    } else if (matches(a, "type")) {
      const v = args.value();
      const t = parseRouteType(v);
      if (t === undefined) invarg(ctx, "node type value is invalid\n", v);
      f.typeMask = 2 ** t;
    } else if (a === "dev" || a === "oif") {
      od = args.value();
    } else if (a === "iif") {
      id = args.value();
    } else if (a === "mark") {
      const v = args.value();
      const m = getU32(v);
      if (m === undefined) invarg(ctx, "invalid mark value", v);
      f.mark = m;
      f.markMask = true;
    } else if (matches(a, "metric") || matches(a, "priority") || a === "preference") {
      const v = args.value();
      const m = getU32(v);
      if (m === undefined) invarg(ctx, '"metric" value is invalid\n', v);
      f.metric = m;
      f.metricMask = true;
    } else if (a === "via") {
      let v = args.value();
      if (v === "inet") v = args.value();
      f.via = sel(v);
    } else if (a === "src") {
      f.prefsrc = sel(args.value());
    } else if (matches(a, "from")) {
      let v = args.value();
      if (matches(v, "root")) f.rsrc = sel(args.value());
      else if (matches(v, "match")) f.msrc = sel(args.value());
      else {
        if (matches(v, "exact")) v = args.value();
        f.msrc = sel(v);
        f.rsrc = f.msrc;
      }
    } else {
      if (matches(a, "to")) a = args.value();
      if (matches(a, "root")) f.rdst = sel(args.value());
      else if (matches(a, "match")) f.mdst = sel(args.value());
      else {
        if (matches(a, "exact")) a = args.value();
        f.mdst = sel(a);
        f.rdst = f.mdst;
      }
    }
  }
  if (id !== undefined) f.iif = device(ctx, ns, id).ifindex;
  if (od !== undefined) f.oif = device(ctx, ns, od).ifindex;
  const fib = ns.fib.fib;
  // inet_dump_fib with RTA_TABLE: a table that does not exist is ENOENT with an extack.
  if (f.tb !== 0 && !f.cloned && fib.getTable(f.tb) === undefined && opts.family !== "inet6") {
    // save_route_errhndlr: the main table missing is no error.
    if (f.tb === RouteTable.MAIN) return 0;
    ctx.err(`Error: ipv4: FIB table does not exist.\n${flush ? "Flush" : "Dump"} terminated\n`);
    return 2;
  }
  const ipv4 = opts.family !== "inet6" && opts.family !== "link";
  if (f.cloned) {
    // iproute_flush_cache writes /proc/sys/net/ipv4/route/flush; the list is the kernel's
    // dump of bound next-hop exceptions (no IPv6 route cache is modelled).
    if (flush) {
      if (ipv4) rtCacheFlush(ns);
      return 0;
    }
    const entries = ipv4
      ? rtCacheDump(ns).filter((e) => (f.tb === 0 || f.tb === e.route.table) && (f.oif === 0 || f.oif === e.route.dev.ifindex) && cacheSelected(f, e.dst))
      : [];
    if (opts.json) {
      ctx.out(`${writeJson(entries.map((e) => cachedRouteJson(e.dst, e.route, f.tb === 0)), opts.pretty)}\n`);
      return 0;
    }
    for (const e of entries) ctx.out(`${cachedRouteLine(e.dst, e.route, f.tb === 0)}\n`);
    return 0;
  }
  if (flush) {
    if (ipv4) {
      for (const t of fib.tables()) {
        const doomed = new Set<Route>();
        for (const r of t.dump()) if (routeSelected(f, r, r.table)) doomed.add(r);
        if (doomed.size > 0) t.flush((r) => doomed.has(r));
      }
    }
    return 0;
  }
  if (opts.json) {
    // new_json_obj: one array of all the routes listed (IPv6 is not rendered as JSON here).
    const list = ipv4 ? fib.dump().filter((r) => routeSelected(f, r, r.table)).map((r) => routeJson(ns, r, r.table, f, opts.details)) : [];
    ctx.out(`${writeJson(list, opts.pretty)}\n`);
    return 0;
  }
  if (ipv4) {
    for (const r of fib.dump()) {
      const table = r.table;
      if (!routeSelected(f, r, table)) continue;
      ctx.out(formatRoute(ns, r, table, f, opts.details));
    }
  }
  // With no table given (dump_family stays AF_UNSPEC only for `table all`), IPv6 is listed too.
  const all = f.tb === 0;
  // An address selector parses as an IPv4 prefix, whose family then filters IPv6 out.
  const inetSelector = [f.rdst, f.mdst, f.rsrc, f.msrc, f.via, f.prefsrc].some((p) => p !== undefined && p.family);
  if (!f.cloned && !inetSelector && (opts.family === "inet6" || (all && opts.family === "unspec"))) showIpv6(ctx, ns, f, all);
  return 0;
}

/** The IPv6 routes addrconf made, as ip -6 route prints them. */
function showIpv6(ctx: CommandContext, ns: Namespace, f: RouteFilter, all: boolean): void {
  const routes = [...ns.addrconf.routes()];
  const tables = all ? [RouteTable.MAIN, RouteTable.LOCAL] : [f.tb];
  for (const t of tables) {
    for (const r of routes.filter((x) => x.table === t).sort((a, b) => compareIpv6(a.dst, b.dst) || b.prefixLen - a.prefixLen)) {
      if (f.oif !== 0 && r.dev.ifindex !== f.oif) continue;
      if ((f.protocolMask && f.protocol !== RouteProtocol.KERNEL) || (f.metricMask && f.metric !== r.metric)) continue;
      let line = r.type === "unicast" ? "" : `${r.type} `;
      line += `${formatIpv6(r.dst)}${r.prefixLen === 128 ? "" : `/${r.prefixLen}`} `;
      if (f.oif === 0) line += `dev ${r.dev.name} `;
      if (all && t !== RouteTable.MAIN) line += `table ${tableName(t)} `;
      line += `proto kernel metric ${r.metric} `;
      if (r.linkdown) line += "linkdown ";
      line += "pref medium";
      ctx.out(`${line}\n`);
    }
  }
}

// ============================================================================ get

/** filter_nlmsg's destination selectors for a cloned /32. */
function cacheSelected(f: RouteFilter, dst: number): boolean {
  if (selects(f.rdst) && (f.rdst.len > 32 || !addrMatch(dst, f.rdst, f.rdst.len))) return false;
  if (selects(f.mdst) && !addrMatch(dst, f.mdst, 32)) return false;
  return true;
}

/** print_route of a cloned route as a dump lists it (rt_fill_info without a flow: no src, no uid). */
function cachedRouteLine(dst: number, rt: RouteGetAnswer, showTable: boolean): string {
  let line = "";
  if (rt.type !== RouteType.UNICAST) line += `${routeTypeName(rt.type)} `;
  line += `${formatIpv4(dst)} `;
  if (rt.gateway !== 0) line += `via ${formatIpv4(rt.gateway)} `;
  line += `dev ${rt.dev.name} `;
  if (showTable && rt.table !== 0 && rt.table !== RouteTable.MAIN) line += `table ${tableName(rt.table)} `;
  return `${line}\n    cache ${cacheFlags(rt.flags)}${cacheMetrics(rt)}`;
}

function cachedRouteJson(dst: number, rt: RouteGetAnswer, showTable: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (rt.type !== RouteType.UNICAST) o.type = routeTypeName(rt.type);
  o.dst = formatIpv4(dst);
  if (rt.gateway !== 0) o.gateway = formatIpv4(rt.gateway);
  o.dev = rt.dev.name;
  if (showTable && rt.table !== 0 && rt.table !== RouteTable.MAIN) o.table = tableName(rt.table);
  o.flags = [];
  o.cache = CACHE_FLAG_NAMES.filter(([bit]) => (rt.flags & bit) !== 0).map(([, name]) => name);
  cacheMetricsJson(o, rt);
  return o;
}

/** print_rta_cacheinfo's "expires Nsec " and print_rta_metrics' "mtu [lock ]N ". */
function cacheMetrics(rt: RouteGetAnswer): string {
  let s = "";
  if (rt.expires !== 0) s += `expires ${rt.expires}sec `;
  if (rt.mtu !== 0) s += `mtu ${rt.mtuLocked ? "lock " : ""}${rt.mtu} `;
  return s;
}

function cacheMetricsJson(o: Record<string, unknown>, rt: RouteGetAnswer): void {
  if (rt.expires !== 0) o.expires = rt.expires;
  // The lock is printed only as text.
  if (rt.mtu !== 0) o.metrics = [{ mtu: rt.mtu }];
}

/** print_cache_flags: the names of the RTCF_* bits set, in iproute2's order (PRTFL). */
const CACHE_FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x80000000, "local"],
  [0x00200000, "reject"],
  [0x20000000, "mc"],
  [0x10000000, "brd"],
  [0x00040000, "redirected"],
  [0x01000000, "redirect"],
];

function cacheFlags(flags: number): string {
  const names = CACHE_FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
  return names.length === 0 ? "" : `<${names.join(",")}> `;
}

function formatMark(mark: number): string {
  return mark >= 16 ? `mark 0x${mark.toString(16)} ` : `mark ${mark} `;
}

/** iproute_get: RTM_GETROUTE for one address, printed as print_route prints a cloned route. */
function get(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  const fam: FamilyState = { known: opts.family === "inet" };
  let dst: number | undefined;
  let src: number | undefined;
  let idev: string | undefined;
  let odev: string | undefined;
  let mark = 0;
  let tos = 0;
  let uid = 0;
  let fibMatch = false;
  let connected = false;
  while (!args.done) {
    let a = args.next()!;
    if (a === "tos" || matches(a, "dsfield")) {
      const v = args.value();
      const t = parseDsfield(v);
      if (t === undefined) invarg(ctx, "TOS value is invalid\n", v);
      tos = t;
    } else if (matches(a, "from")) {
      const v = args.value();
      if (matches(v, "help")) usage(ctx);
      src = getPrefix(ctx, v, fam).addr;
    } else if (matches(a, "iif")) {
      idev = args.value();
    } else if (matches(a, "mark")) {
      const v = args.value();
      const m = getU32(v);
      if (m === undefined) invarg(ctx, "invalid mark value", v);
      mark = m;
    } else if (matches(a, "oif") || a === "dev") {
      odev = args.value();
    } else if (matches(a, "notify")) {
      // RTM_F_NOTIFY: no effect on the answer
    } else if (matches(a, "connected")) {
      connected = true;
    } else if (matches(a, "vrf")) {
      // ipvrf_get_table: no VRF devices are modelled, so every name is unknown.
      invarg(ctx, "Invalid VRF\n", args.value());
    } else if (matches(a, "uid")) {
      const v = args.value();
      const u = getU32(v);
      if (u === undefined) invarg(ctx, "invalid UID\n", v);
      uid = u;
    } else if (matches(a, "fibmatch")) {
      fibMatch = true;
    } else if (matches(a, "ipproto") || matches(a, "sport") || matches(a, "dport")) {
      args.value();
    } else {
      if (a === "to") a = args.value();
      if (matches(a, "help")) usage(ctx);
      const p = getPrefix(ctx, a, fam);
      if (p.len !== 32) ctx.err(`Warning: /${p.len} as prefix is invalid, only /32 (or none) is supported.\n`);
      dst = p.addr;
    }
  }
  if (dst === undefined) {
    ctx.err("need at least a destination address\n");
    return 1;
  }
  const iif = idev !== undefined ? device(ctx, ns, idev) : undefined;
  const oif = odev !== undefined ? device(ctx, ns, odev) : undefined;
  const res = inetRtmGetroute(ns, {
    dst,
    ...(src !== undefined ? { src } : {}),
    ...(iif !== undefined ? { iif } : {}),
    ...(oif !== undefined ? { oif } : {}),
    mark,
    tos,
    fibMatch,
  });
  if (!res.ok) rtnlFail(ctx, { errno: res.errno });
  if (res.fibMatch !== undefined) {
    ctx.out(opts.json ? `${writeJson([routeJson(ns, res.fibMatch, res.table)], opts.pretty)}\n` : formatRoute(ns, res.fibMatch, res.table));
    return 0;
  }
  const rt = res.route;
  if (opts.json) {
    const o: Record<string, unknown> = {};
    if (rt.type !== RouteType.UNICAST || opts.details) o.type = routeTypeName(rt.type);
    o.dst = formatIpv4(dst);
    if (src !== undefined && src !== 0) o.from = formatIpv4(src);
    if (rt.gateway !== 0) o.gateway = formatIpv4(rt.gateway);
    o.dev = rt.dev.name;
    if (rt.table !== 0 && (rt.table !== RouteTable.MAIN || opts.details)) o.table = tableName(rt.table);
    if (!rt.input && rt.prefsrc !== (src ?? 0)) o.prefsrc = formatIpv4(rt.prefsrc);
    o.flags = [];
    if (mark !== 0) o.mark = mark;
    if (!rt.input) o.uid = uid;
    o.cache = CACHE_FLAG_NAMES.filter(([bit]) => (rt.flags & bit) !== 0).map(([, name]) => name);
    cacheMetricsJson(o, rt);
    if (iif !== undefined) o.iif = iif.name;
    ctx.out(`${writeJson([o], opts.pretty)}\n`);
    return 0;
  }
  let line = "";
  // print_route: -d shows the type and the main table too.
  if (rt.type !== RouteType.UNICAST || opts.details) line += `${routeTypeName(rt.type)} `;
  line += `${formatIpv4(dst)} `;
  if (src !== undefined && src !== 0) line += `from ${formatIpv4(src)} `;
  if (rt.gateway !== 0) line += `via ${formatIpv4(rt.gateway)} `;
  line += `dev ${rt.dev.name} `;
  if (rt.table !== 0 && (rt.table !== RouteTable.MAIN || opts.details)) line += `table ${tableName(rt.table)} `;
  if (!rt.input && rt.prefsrc !== (src ?? 0)) line += `src ${formatIpv4(rt.prefsrc)} `;
  if (mark !== 0) line += formatMark(mark);
  if (!rt.input) line += `uid ${uid} `;
  // _SL_: the cache part goes on a line of its own, or after a backslash with -o.
  line += `${opts.oneline ? "\\" : "\n"}    cache ${cacheFlags(rt.flags)}${cacheMetrics(rt)}`;
  if (iif !== undefined) line += `iif ${iif.name} `;
  ctx.out(`${line}\n`);
  if (connected && src === undefined) {
    // iproute_get's "connected" without "from": it edits the attributes of the answer it already
    // printed (RTA_PREFSRC into RTA_SRC) but sends its unchanged request again, so the same
    // route prints twice; without a preferred source it gives up after the first.
    if (rt.input) {
      ctx.err("Failed to connect the route\n");
      return 255;
    }
    ctx.out(`${line}\n`);
  }
  return 0;
}
