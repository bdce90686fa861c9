/**
 * net-tools 2.10 `route` (route.c, lib/inet_gr.c rprint_fib, lib/inet_sr.c): the kernel's
 * table main as /proc/net/route shows it (fib_route_seq_show in net/ipv4/fib_trie.c), in the
 * three widths of -e; `route add|del` as the SIOCADDRT/SIOCDELRT ioctls (ip_rt_ioctl,
 * rtentry_to_fib_config in net/ipv4/fib_frontend.c).
 */
import { formatIpv4 } from "@pktsim/core";
import { NlFlags, RouteProtocol, RouteScope, RouteTable, RouteType } from "@pktsim/routing";
import { type Namespace, strerror } from "@pktsim/stack";
import { type CommandContext, Exit } from "../command";
import { inetAton, lookupFailure } from "./inet";

/** RTF_* flags of /proc/net/route (include/uapi/linux/route.h). */
const RTF = { UP: 0x1, GATEWAY: 0x2, HOST: 0x4, REJECT: 0x200 } as const;

/** One line of /proc/net/route. */
export interface ProcRoute {
  /** The device name, "*" for none. */
  readonly iface: string;
  readonly dst: number;
  readonly gateway: number;
  readonly flags: number;
  readonly metric: number;
  readonly mask: number;
}

function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/**
 * fib_route_seq_show: table main's own routes in dump order, broadcast and multicast ones
 * skipped, each with its first path only; fib_flag_trans gives U always, G with a gateway,
 * H for a /32 and REJECT for unreachable and prohibit.
 */
export function procNetRoute(ns: Namespace): ProcRoute[] {
  const out: ProcRoute[] = [];
  for (const r of ns.fib.fib.getTable(RouteTable.MAIN)?.dump() ?? []) {
    if (r.type === RouteType.BROADCAST || r.type === RouteType.MULTICAST) continue;
    const nh = r.nexthops[0]!;
    let flags = RTF.UP;
    if (r.type === RouteType.UNREACHABLE || r.type === RouteType.PROHIBIT) flags |= RTF.REJECT;
    if (nh.gateway !== 0) flags |= RTF.GATEWAY;
    if (r.prefixLen === 32) flags |= RTF.HOST;
    const dev = nh.ifindex !== 0 ? ns.deviceByIndex(nh.ifindex) : undefined;
    out.push({ iface: dev?.name ?? "*", dst: r.dst, gateway: nh.gateway, flags, metric: r.priority, mask: maskOf(r.prefixLen) });
  }
  return out;
}

/** Little-endian hex of an address, as the kernel prints a __be32 with %08X on x86. */
function leHex(addr: number): string {
  const le = (((addr & 0xff) << 24) | ((addr & 0xff00) << 8) | ((addr >>> 8) & 0xff00) | (addr >>> 24)) >>> 0;
  return le.toString(16).toUpperCase().padStart(8, "0");
}

/** The text of /proc/net/route: a header and lines padded to 127 characters (seq_pad). */
export function procNetRouteText(ns: Namespace): string {
  const pad = (line: string): string => `${line.padEnd(127, " ")}\n`;
  let text = pad("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT");
  for (const r of procNetRoute(ns)) {
    const flags = r.flags.toString(16).toUpperCase().padStart(4, "0");
    text += pad(`${r.iface}\t${leHex(r.dst)}\t${leHex(r.gateway)}\t${flags}\t0\t0\t${r.metric}\t${leHex(r.mask)}\t0\t0\t0`);
  }
  return text;
}

const left = (s: string | number, w: number): string => String(s).padEnd(w, " ");
const right = (s: string | number, w: number): string => String(s).padStart(w, " ");

/**
 * rprint_fib(ext, numeric): ext 1 is `route -n`, 2 adds MSS/Window/irtt instead of
 * Metric/Ref/Use, 3 has both. Without -n only the default destination gets a name here
 * (the reverse lookups of the model's addresses find nothing, as in an isolated namespace).
 */
export function rprintFib(ns: Namespace, ext: number, numeric: boolean): string {
  let out = "Kernel IP routing table\n";
  if (ext === 1) out += "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n";
  else if (ext === 2) out += "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n";
  else out += "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n";
  for (const r of procNetRoute(ns)) {
    const dst = !numeric && r.dst === 0 && r.mask === 0 ? "default" : formatIpv4(r.dst);
    const gw = formatIpv4(r.gateway);
    const mask = formatIpv4(r.mask);
    let flags = "";
    if (r.flags & RTF.UP) flags += "U";
    if (r.flags & RTF.GATEWAY) flags += "G";
    if (r.flags & RTF.REJECT) flags = "!";
    if (r.flags & RTF.HOST) flags += "H";
    const reject = (r.flags & RTF.REJECT) !== 0;
    const head = `${left(dst, 15)} ${reject ? "-              " : left(gw, 15)} ${left(mask, 15)} ${left(flags, 5)} `;
    if (ext === 1) {
      out += reject ? `${head}${left(r.metric, 6)} -  ${right(0, 7)} -\n` : `${head}${left(r.metric, 6)} ${left(0, 2)} ${right(0, 7)} ${r.iface}\n`;
    } else if (ext === 2) {
      out += reject ? `${head}    - -          - -\n` : `${head}${right(0, 5)} ${left(0, 5)} ${right(0, 6)} ${r.iface}\n`;
    } else {
      out += reject
        ? `${head}${left(r.metric, 6)} -  ${right(0, 7)} -        -     -      -\n`
        : `${head}${left(r.metric, 6)} ${left(0, 3)} ${right(0, 6)} ${left(r.iface.slice(0, 6), 6)}   ${left(0, 5)} ${left(0, 6)} 0\n`;
    }
  }
  return out;
}

/** rprint_cache: IPv4 has had no routing cache to list since Linux 3.6. */
export function rprintCache(ext: number): string {
  let out = "Kernel IP routing cache\n";
  if (ext === 1) out += "Source          Destination     Gateway         Flags Metric Ref    Use Iface\n";
  else if (ext === 2) out += "Source          Destination     Gateway         Flags   MSS Window  irtt Iface\n";
  else out += "Source          Destination     Gateway         Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n";
  return out;
}

const USAGE =
  "Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n" +
  "       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.\n" +
  "\n" +
  "       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.\n" +
  "       route {-V|--version}                  Display version/author and exit.\n" +
  "\n" +
  "        -v, --verbose            be verbose\n" +
  "        -n, --numeric            don't resolve names\n" +
  "        -e, --extend             display other/more information\n" +
  "        -F, --fib                display Forwarding Information Base (default)\n" +
  "        -C, --cache              display routing cache instead of FIB\n" +
  "\n" +
  "  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet\n" +
  "  List of possible address families (which support routing):\n" +
  "    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n" +
  "    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n" +
  "    ddp (Appletalk DDP) x25 (CCITT X.25) \n";

const INET_USAGE =
  "Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]\n" +
  "       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]\n" +
  "                              [netmask N] [mss Mss] [window W] [irtt I]\n" +
  "                              [mod] [dyn] [reinstate] [[dev] If]\n" +
  "       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject\n" +
  "       inet_route [-FC] flush      NOT supported\n";

function inetUsage(ctx: CommandContext): never {
  ctx.err(INET_USAGE);
  throw new Exit(3);
}

/**
 * INET_setroute: parse `add|del [-net|-host] target[/len] [netmask M] [gw G] [metric N]
 * [reject] [[dev] IF]`, then the ioctl. The kernel turns it into a route of table main,
 * protocol boot, metric N-1 … (rtentry_to_fib_config); errors print as "SIOCADDRT: …".
 */
function setRoute(ctx: CommandContext, ns: Namespace, add: boolean, words: string[]): number {
  let i = 0;
  let isHost: boolean | undefined;
  if (words[i] === "-net") {
    isHost = false;
    i++;
  } else if (words[i] === "-host") {
    isHost = true;
    i++;
  }
  const target = words[i++];
  if (target === undefined) inetUsage(ctx);
  let dst: number;
  let len = -1;
  const slash = target.indexOf("/");
  const addrText = slash < 0 ? target : target.slice(0, slash);
  if (addrText === "default") {
    dst = 0;
    len = 0;
  } else {
    const a = inetAton(addrText);
    if (a === undefined) {
      // E_LOOKUP; -host resolves as a host first (HOST_NOT_FOUND), -net as a network.
      ctx.err(lookupFailure(addrText, isHost === true));
      throw new Exit(6);
    }
    dst = a;
  }
  if (slash >= 0) {
    const l = Number(target.slice(slash + 1));
    if (!Number.isInteger(l) || l < 0 || l > 32) inetUsage(ctx);
    len = l;
  }
  let gw = 0;
  let metric = 0;
  let reject = false;
  let devName: string | undefined;
  while (i < words.length) {
    const w = words[i++]!;
    const value = (): string => {
      const v = words[i++];
      if (v === undefined) inetUsage(ctx);
      return v;
    };
    if (w === "netmask") {
      const v = value();
      const m = inetAton(v);
      if (m === undefined) {
        ctx.err(lookupFailure(v));
        throw new Exit(6);
      }
      const host = ~m >>> 0;
      if ((host & (host + 1)) !== 0) inetUsage(ctx);
      len = 32 - Math.log2(host + 1);
    } else if (w === "gw" || w === "gateway") {
      const v = value();
      const g = inetAton(v);
      if (g === undefined) {
        ctx.err(lookupFailure(v, true));
        throw new Exit(6);
      }
      gw = g;
    } else if (w === "metric") {
      const m = Number(value());
      if (!Number.isInteger(m) || m < 0) inetUsage(ctx);
      metric = m;
    } else if (w === "reject") {
      reject = true;
    } else if (w === "dev") {
      devName = value();
    } else if (w === "mss" || w === "window" || w === "irtt") {
      value();
    } else if (w === "mod" || w === "dyn" || w === "reinstate") {
      // flags the kernel ignores for IPv4
    } else if (devName === undefined && i === words.length) {
      devName = w;
    } else {
      inetUsage(ctx);
    }
  }
  // Without a netmask or /len the target is taken as a host (no classful guess modelled).
  if (len < 0 || isHost === true) len = 32;
  if (len < 32 && (dst & ~maskOf(len)) !== 0) {
    ctx.err("route: netmask doesn't match route address\n");
    inetUsage(ctx);
  }
  const ioctl = add ? "SIOCADDRT" : "SIOCDELRT";
  const fail = (errno: number): never => {
    ctx.err(`${ioctl}: ${strerror(errno)}\n`);
    throw new Exit(7);
  };
  let ifindex = 0;
  if (devName !== undefined) {
    const dev = ns.deviceByName(devName);
    if (dev === undefined) fail(19);
    ifindex = dev!.ifindex;
  }
  const fib = ns.fib.fib;
  // rtentry_to_fib_config: the metric is rt_metric - 1 (route(8) sends metric + 1).
  if (!add) {
    const r = fib.delRoute({
      table: RouteTable.MAIN,
      dst,
      prefixLen: len,
      scope: RouteScope.NOWHERE,
      ...(metric !== 0 ? { priority: metric } : {}),
      ...(gw !== 0 ? { gateway: gw } : {}),
      ...(ifindex !== 0 ? { ifindex } : {}),
    });
    if (!r.ok) fail(r.errno);
    return 0;
  }
  const r = fib.newRoute(
    {
      table: RouteTable.MAIN,
      dst,
      prefixLen: len,
      priority: metric,
      protocol: RouteProtocol.BOOT,
      type: reject ? RouteType.UNREACHABLE : RouteType.UNICAST,
      // A reject route is scope host; a gateway makes it universe, else link.
      scope: reject ? RouteScope.HOST : gw !== 0 ? RouteScope.UNIVERSE : RouteScope.LINK,
      nexthops: reject ? [] : [{ ...(gw !== 0 ? { gateway: gw } : {}), ...(ifindex !== 0 ? { ifindex } : {}) }],
    },
    NlFlags.CREATE,
  );
  if (!r.ok) fail(r.errno);
  return 0;
}

/** route(8): list (-n, -e, -ee, -C) or add/del. */
export function route(ctx: CommandContext): number {
  let numeric = false;
  let ext = 1;
  let cache = false;
  const rest: string[] = [];
  for (const a of ctx.argv.slice(1)) {
    if (rest.length > 0 || !a.startsWith("-") || a === "-net" || a === "-host") {
      rest.push(a);
      continue;
    }
    if (a === "--numeric") numeric = true;
    else if (a === "--extend") ext++;
    else if (a === "--cache") cache = true;
    else if (a === "--fib" || a === "--inet" || a === "-4") continue;
    else if (a.startsWith("--")) {
      ctx.err(`route: unrecognized option '${a}'\n${USAGE}`);
      return 4;
    } else {
      for (const c of a.slice(1)) {
        if (c === "n") numeric = true;
        else if (c === "e") ext++;
        else if (c === "C") cache = true;
        else if (c === "F" || c === "v" || c === "N" || c === "4") continue;
        else if (c === "A") continue;
        else {
          ctx.err(`route: invalid option -- '${c}'\n${USAGE}`);
          return 0;
        }
      }
    }
  }
  // "-A inet" leaves its argument behind.
  if (rest[0] === "inet") rest.shift();
  if (rest.length > 0) {
    const verb = rest[0]!;
    if (verb === "add" || verb === "del") return setRoute(ctx, ctx.ns, verb === "add", rest.slice(1));
    if (verb === "flush") {
      ctx.err("Flushing `inet' routing table not supported\n");
      return 1;
    }
    ctx.err(USAGE);
    return 4;
  }
  ctx.out(cache ? rprintCache(Math.min(ext, 3)) : rprintFib(ctx.ns, Math.min(ext, 3), numeric));
  return 0;
}
