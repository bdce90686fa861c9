/**
 * `ip route show` (ip/iproute.c print_route): the IPv4 FIB in the kernel's dump order and,
 * for `table all`, the IPv6 routes addrconf made.
 */
import { formatIpv4 } from "@pktsim/core";
import { type Route, NexthopFlags, RouteProtocol, RouteTable, RouteType } from "@pktsim/routing";
import { compareIpv6, formatIpv6, type Namespace } from "@pktsim/stack";
import type { CommandContext } from "../../command";
import { Args, type IpOptions, matches } from "./options";
import { scopeName } from "./addr";

export function ipRoute(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  const sub = args.next();
  if (sub === undefined || matches(sub, "show") || matches(sub, "list") || matches(sub, "lst")) return show(ctx, ns, args, opts);
  ctx.err(`Command "${sub}" is unknown, try "ip route help".\n`);
  return 255;
}

const TYPE_NAMES = ["unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"];

export function routeTypeName(type: number): string {
  return TYPE_NAMES[type] ?? String(type);
}

const PROTO_NAMES: Record<number, string> = {
  0: "unspec",
  1: "redirect",
  2: "kernel",
  3: "boot",
  4: "static",
  8: "gated",
  9: "ra",
  10: "mrt",
  11: "zebra",
  12: "bird",
  13: "dnrouted",
  14: "xorp",
  15: "ntk",
  16: "dhcp",
  17: "mrouted",
  18: "keepalived",
  42: "babel",
  99: "openr",
  186: "bgp",
  187: "isis",
  188: "ospf",
  189: "rip",
  192: "eigrp",
};

export function protocolName(proto: number): string {
  return PROTO_NAMES[proto] ?? String(proto);
}

export function tableName(id: number): string {
  if (id === RouteTable.MAIN) return "main";
  if (id === RouteTable.LOCAL) return "local";
  if (id === RouteTable.DEFAULT) return "default";
  return String(id);
}

/** rtnl_rttable_a2n. */
export function parseTable(text: string): number | undefined {
  if (text === "main") return RouteTable.MAIN;
  if (text === "local") return RouteTable.LOCAL;
  if (text === "default") return RouteTable.DEFAULT;
  if (text === "all" || text === "unspec") return 0;
  return /^[0-9]+$/.test(text) ? Number(text) : undefined;
}

/** print_route for an IPv4 route; `showTable` when listing several tables. */
export function formatRoute(ns: Namespace, r: Route, showTable: boolean, hideDev = false): string {
  let line = "";
  if (r.type !== RouteType.UNICAST) line += `${routeTypeName(r.type)} `;
  line += r.prefixLen === 0 && r.dst === 0 ? "default " : r.prefixLen === 32 ? `${formatIpv4(r.dst)} ` : `${formatIpv4(r.dst)}/${r.prefixLen} `;
  if (r.tos !== 0) line += `tos 0x${r.tos.toString(16).padStart(2, "0")} `;
  const single = r.nexthops.length === 1 ? r.nexthops[0] : undefined;
  if (single !== undefined) {
    if (single.gateway !== 0) line += `via ${formatIpv4(single.gateway)} `;
    if (single.ifindex !== 0 && !hideDev) line += `dev ${ns.deviceByIndex(single.ifindex)?.name ?? `if${single.ifindex}`} `;
  }
  if (showTable && r.table !== RouteTable.MAIN) line += `table ${tableName(r.table)} `;
  if (r.protocol !== RouteProtocol.BOOT) line += `proto ${protocolName(r.protocol)} `;
  if (r.scope !== 0) line += `scope ${scopeName(r.scope)} `;
  if (r.prefsrc !== 0) line += `src ${formatIpv4(r.prefsrc)} `;
  if (r.priority !== 0) line += `metric ${r.priority} `;
  if (single !== undefined) line += nhFlags(single.flags);
  if (r.nexthops.length > 1) {
    for (const nh of r.nexthops) {
      line += "\n\tnexthop ";
      if (nh.gateway !== 0) line += `via ${formatIpv4(nh.gateway)} `;
      if (nh.ifindex !== 0) line += `dev ${ns.deviceByIndex(nh.ifindex)?.name ?? `if${nh.ifindex}`} `;
      line += `weight ${nh.weight} `;
      line += nhFlags(nh.flags);
    }
  }
  return `${line}\n`;
}

/** print_rt_flags. */
function nhFlags(flags: number): string {
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

function show(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  let table: number = RouteTable.MAIN;
  let devName: string | undefined;
  while (!args.done) {
    const a = args.next()!;
    if (a === "table") {
      const v = args.value();
      const id = parseTable(v);
      if (id === undefined) {
        ctx.err(`Error: argument "${v}" is wrong: table id value is invalid\n\n`);
        return 255;
      }
      table = id;
    } else if (a === "dev") {
      devName = args.value();
    }
  }
  let devIndex = 0;
  if (devName !== undefined) {
    const d = ns.deviceByName(devName);
    if (d === undefined) {
      ctx.err(`Cannot find device "${devName}"\n`);
      return 1;
    }
    devIndex = d.ifindex;
  }
  const all = table === 0;
  if (opts.family !== "inet6") {
    for (const r of ns.fib.dump()) {
      if (!all && r.table !== table) continue;
      if (devIndex !== 0 && !r.nexthops.some((nh) => nh.ifindex === devIndex)) continue;
      ctx.out(formatRoute(ns, r, all, devIndex !== 0));
    }
  }
  // iproute2 lists IPv6 too only for `table all` (or -6).
  if (opts.family === "inet6" || (all && opts.family === "unspec")) {
    const routes = [...ns.addrconf.routes()];
    const tables = all ? [RouteTable.MAIN, RouteTable.LOCAL] : [table];
    for (const t of tables) {
      for (const r of routes.filter((x) => x.table === t).sort((a, b) => compareIpv6(a.dst, b.dst) || b.prefixLen - a.prefixLen)) {
        let line = r.type === "unicast" ? "" : `${r.type} `;
        line += `${formatIpv6(r.dst)}${r.prefixLen === 128 ? "" : `/${r.prefixLen}`} dev ${r.dev.name} `;
        if (all && t !== RouteTable.MAIN) line += `table ${tableName(t)} `;
        line += `proto kernel metric ${r.metric} `;
        if (r.linkdown) line += "linkdown ";
        line += "pref medium";
        ctx.out(`${line}\n`);
      }
    }
  }
  return 0;
}
