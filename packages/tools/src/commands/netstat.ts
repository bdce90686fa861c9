/**
 * netstat (net-tools 2.10, Debian 12): the socket tables (netstat.c tcp_do_one, udp_do_one,
 * raw_do_one and the unix header) read from the namespace's /proc/net files, the interface
 * table (-i: ife_print_short over /proc/net/dev, -e: ifconfig's long form), the statistics
 * (-s: statistics.c over /proc/net/snmp and /proc/net/netstat, including its unsorted
 * bsearch tables), multicast memberships (-g: /proc/net/igmp and igmp6), -M, the routing
 * table (-r, in route.ts), getopt_long's errors and the usage text.
 *
 * Not modelled: -c (a continuous listing never ends, and a script cannot stop it: refused),
 * -s with -6 (/proc/net/snmp6), -Z (SELinux is off: netstat says so), the AX.25/IPX/NET-ROM
 * families (their /proc files do not exist: netstat says "no support"). Unix sockets: the
 * model has none, so -x prints the headers only.
 */
import { type Ipv4Addr, formatIpv4 } from "@pktsim/core";
import { type Namespace, formatIpv6 } from "@pktsim/stack";
import type { CommandContext } from "../command";
import { type LongOption, getoptLong } from "./getopt";
import { ifconfigShow, showShort } from "./ifconfig";
import { type InetSockEntry, rawSockets, tcpSockets, udpSockets } from "./procnet";
import { procNetNetstatText, procNetSnmpText } from "./procsnmp";
import { rprintCache, rprintFib } from "./route";
import { protocolName, serviceName } from "./services";

const OPTSTRING = "A:CFMacdeghilnNoprsStuUvVWw2fx64?Z";

const LONGOPTS: readonly LongOption[] = [
  ...["ax25", "x25", "ip", "ipx", "appletalk", "netrom", "inet", "inet6", "ddp", "rose", "unix", "bluetooth", "tcpip"].map(
    (name): LongOption => ({ name, hasArg: 0, val: `af:${name}` }),
  ),
  { name: "version", hasArg: 0, val: "V" },
  { name: "interfaces", hasArg: 0, val: "i" },
  { name: "help", hasArg: 0, val: "h" },
  { name: "route", hasArg: 0, val: "r" },
  { name: "masquerade", hasArg: 0, val: "M" },
  { name: "protocol", hasArg: 1, val: "A" },
  { name: "tcp", hasArg: 0, val: "t" },
  { name: "sctp", hasArg: 0, val: "S" },
  { name: "udp", hasArg: 0, val: "u" },
  { name: "udplite", hasArg: 0, val: "U" },
  { name: "raw", hasArg: 0, val: "w" },
  { name: "unix", hasArg: 0, val: "x" },
  { name: "l2cap", hasArg: 0, val: "2" },
  { name: "rfcomm", hasArg: 0, val: "f" },
  { name: "listening", hasArg: 0, val: "l" },
  { name: "all", hasArg: 0, val: "a" },
  { name: "timers", hasArg: 0, val: "o" },
  { name: "continuous", hasArg: 0, val: "c" },
  { name: "extend", hasArg: 0, val: "e" },
  { name: "programs", hasArg: 0, val: "p" },
  { name: "verbose", hasArg: 0, val: "v" },
  { name: "statistics", hasArg: 0, val: "s" },
  { name: "wide", hasArg: 0, val: "W" },
  { name: "numeric", hasArg: 0, val: "n" },
  { name: "numeric-hosts", hasArg: 0, val: "!" },
  { name: "numeric-ports", hasArg: 0, val: "@" },
  { name: "numeric-users", hasArg: 0, val: "#" },
  { name: "symbolic", hasArg: 0, val: "N" },
  { name: "cache", hasArg: 0, val: "C" },
  { name: "fib", hasArg: 0, val: "F" },
  { name: "groups", hasArg: 0, val: "g" },
  { name: "context", hasArg: 0, val: "Z" },
];

const USAGE_HEAD = `usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}
       netstat [-vWnNcaeol] [<Socket> ...]
       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }

        -r, --route              display routing table
        -i, --interfaces         display interface table
        -g, --groups             display multicast group memberships
        -s, --statistics         display networking statistics (like SNMP)
        -M, --masquerade         display masqueraded connections

        -v, --verbose            be verbose
        -W, --wide               don't truncate IP addresses
        -n, --numeric            don't resolve names
        --numeric-hosts          don't resolve host names
        --numeric-ports          don't resolve port names
        --numeric-users          don't resolve user names
        -N, --symbolic           resolve hardware names
        -e, --extend             display other/more information
        -p, --programs           display PID/Program name for sockets
        -o, --timers             display timers
        -c, --continuous         continuous listing

        -l, --listening          display listening server sockets
        -a, --all                display all sockets (default: connected)
        -F, --fib                display Forwarding Information Base (default)
        -C, --cache              display routing cache instead of FIB
        -Z, --context            display SELinux security context for sockets

  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}
           {-x|--unix} --ax25 --ipx --netrom
  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet
  List of possible address families (which support routing):
`;
/** print_aflist(1): always on standard error, even for -h. */
const AF_LIST = `    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) 
    ddp (Appletalk DDP) x25 (CCITT X.25) 
`;

const VERSION = `net-tools 2.10
Fred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and others
+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX
AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH
HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 
`;

/** E_OPTERR. */
const E_OPTERR = 3;

/** lib/af.c aftrans: -A/--<af> names and the family each selects. */
const AFTRANS: ReadonlyArray<readonly [string, string]> = [
  ["ax25", "ax25"],
  ["ip", "inet"],
  ["ip6", "inet6"],
  ["ipx", "ipx"],
  ["rose", "rose"],
  ["appletalk", "ddp"],
  ["netrom", "netrom"],
  ["inet", "inet"],
  ["inet6", "inet6"],
  ["ddp", "ddp"],
  ["unix", "unix"],
  ["tcpip", "inet"],
  ["econet", "ec"],
  ["x25", "x25"],
  ["ash", "ash"],
  ["bluetooth", "bluetooth"],
];

/** net-tools' flag_not bits. */
const NUM_HOST = 1;
const NUM_PORT = 2;
const NUM_USER = 4;

/** /proc/net/tcp's state names (netstat.c tcp_state[]). */
const TCP_STATE = ["", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"];

interface Flags {
  int: number;
  rou: number;
  mas: number;
  sta: number;
  all: number;
  lst: number;
  cnt: number;
  igmp: number;
  exp: number;
  prg: number;
  wide: number;
  not: number;
  cf: number;
  opt: number;
  ver: number;
  tcp: number;
  sctp: number;
  udp: number;
  udplite: number;
  raw: number;
  noprot: number;
  families: Set<string>;
  afname: string[];
}

function usage(ctx: CommandContext, status: number): number {
  if (status === 0) ctx.out(USAGE_HEAD);
  else ctx.err(USAGE_HEAD);
  ctx.err(AF_LIST);
  return status;
}

/** aftrans_opt: a comma-separated list of families; false (after the message) for an unknown one. */
function aftransOpt(ctx: CommandContext, f: Flags, arg: string): boolean {
  for (const name of arg.split(",")) {
    const hit = AFTRANS.find(([alias]) => alias === name);
    if (hit === undefined) {
      ctx.err(`Unknown address family \`${name}'.\n`);
      return false;
    }
    f.families.add(hit[1]);
    f.afname.push(hit[1]);
  }
  return true;
}

export function netstat(ctx: CommandContext): number {
  const f: Flags = {
    int: 0, rou: 0, mas: 0, sta: 0, all: 0, lst: 0, cnt: 0, igmp: 0, exp: 1, prg: 0, wide: 0, not: 0, cf: 0, opt: 0, ver: 0,
    tcp: 0, sctp: 0, udp: 0, udplite: 0, raw: 0, noprot: 0, families: new Set(), afname: [],
  };
  const g = getoptLong("netstat", ctx.argv.slice(1), OPTSTRING, LONGOPTS);
  for (const r of g.results) {
    if (r.kind === "error") {
      ctx.err(r.message);
      return usage(ctx, E_OPTERR);
    }
    const o = r.opt;
    if (o.startsWith("af:")) {
      if (!aftransOpt(ctx, f, o.slice(3))) return 1;
      continue;
    }
    switch (o) {
      case "A":
        if (!aftransOpt(ctx, f, r.arg ?? "")) return 1;
        break;
      case "M": f.mas++; break;
      case "a": f.all++; break;
      case "l": f.lst++; break;
      case "c": f.cnt++; break;
      case "d": break;
      case "g": f.igmp++; break;
      case "e": f.exp++; break;
      case "p": f.prg++; break;
      case "i": f.int++; break;
      case "W": f.wide++; break;
      case "n": f.not |= NUM_HOST | NUM_PORT | NUM_USER; break;
      case "!": f.not |= NUM_HOST; break;
      case "@": f.not |= NUM_PORT; break;
      case "#": f.not |= NUM_USER; break;
      case "N": break;
      case "C": f.cf |= 1; break;
      case "F": f.cf |= 2; break;
      case "o": f.opt++; break;
      case "6":
        if (!aftransOpt(ctx, f, "inet6")) return 1;
        break;
      case "4":
        if (!aftransOpt(ctx, f, "inet")) return 1;
        break;
      case "V":
        ctx.out(VERSION);
        return 0;
      case "v": f.ver = 1; break;
      case "r": f.rou++; break;
      case "t": f.tcp++; break;
      case "S": f.sctp++; break;
      case "u": f.udp++; break;
      case "U": f.udplite++; break;
      case "w": f.raw++; break;
      case "2":
      case "f":
        break;
      case "x":
        if (!aftransOpt(ctx, f, "unix")) return 1;
        break;
      case "Z":
        ctx.err("SELinux is not enabled on this machine.\n");
        return 1;
      case "h":
        return usage(ctx, 0);
      case "?":
        return usage(ctx, E_OPTERR);
      case "s": f.sta++; break;
    }
  }

  if (f.int + f.rou + f.mas + f.sta > 1) return usage(ctx, E_OPTERR);
  const inet = f.families.has("inet");
  const inet6 = f.families.has("inet6");
  if ((inet || inet6 || f.sta > 0) && !(f.tcp || f.sctp || f.udp || f.udplite || f.raw)) {
    f.noprot = f.tcp = f.sctp = f.udp = f.udplite = f.raw = 1;
  }
  if ((f.tcp || f.sctp || f.udp || f.udplite || f.raw || f.igmp) && !(inet || inet6)) {
    f.families.add("inet");
    f.families.add("inet6");
  }
  const unx = f.families.has("unix") ? 1 : 0;
  const others = ["ipx", "ax25", "x25", "netrom", "rose"].filter((a) => f.families.has(a));
  const flagArg = f.tcp + f.sctp + f.udplite + f.udp + f.raw + unx + others.length + f.igmp;

  if (f.cnt > 0) {
    ctx.err("netstat: -c (continuous listing) is not modelled by pktsim: it never ends, and a script cannot stop it\n");
    return 1;
  }
  if (f.mas > 0) {
    ctx.err("netstat: no support for `ip_masquerade' on this system.\n");
    return 1;
  }
  if (f.sta > 0) {
    const af = f.afname[0] ?? "inet";
    if (af === "inet6") {
      ctx.err("netstat: -s for inet6 (/proc/net/snmp6) is not modelled by pktsim\n");
      return 1;
    }
    if (af !== "inet") {
      ctx.out(`netstat: No statistics support for specified address family: ${af}\n`);
      return 1;
    }
    ctx.out(parseSnmp(ctx.ns, f.raw !== 0, f.tcp !== 0, f.udp !== 0));
    return 0;
  }
  if (f.rou > 0) {
    // netstat swaps -e's meaning for the routing table: one -e is route's default layout.
    const exp = f.exp === 2 ? 1 : f.exp === 1 ? 2 : f.exp;
    const ext = exp === 1 ? 1 : exp === 2 ? 2 : 3;
    ctx.out((f.cf & 1) !== 0 ? rprintCache(ext) : rprintFib(ctx.ns, ext, (f.not & NUM_HOST) !== 0));
    return 0;
  }
  if (f.int > 0) {
    ctx.out(ifaceInfo(ctx.ns, f));
    return 0;
  }

  const families = f.families;
  const useInet = flagArg === 0 || families.has("inet");
  const useInet6 = flagArg === 0 || families.has("inet6");
  let out = "";
  if (flagArg === 0 || f.tcp || f.sctp || f.udp || f.udplite || f.raw) {
    out += `Active Internet connections ${f.all ? "(servers and established)" : f.lst ? "(only servers)" : "(w/o servers)"}`;
    out += "\nProto Recv-Q Send-Q Local Address           Foreign Address         State      ";
    if (f.exp > 1) out += " User       Inode     ";
    if (f.prg) out += ` ${"PID/Program name".padEnd(20)}`;
    if (f.opt) out += " Timer";
    out += "\n";
  }
  if (flagArg === 0 || f.tcp) if (useInet) out += tcpUdpRawLines(ctx.ns, tcpSockets(ctx.ns), f);
  // tcp6, sctp, udplite and raw6 have no sockets in the model; sctp's /proc files do not exist.
  if (flagArg === 0 || f.udp) if (useInet) out += tcpUdpRawLines(ctx.ns, udpSockets(ctx.ns), f);
  if (flagArg === 0 || f.raw) if (useInet) out += tcpUdpRawLines(ctx.ns, rawSockets(ctx.ns), f);
  void useInet6;
  if (f.igmp) {
    out += "IPv6/IPv4 Group Memberships\nInterface       RefCnt Group\n--------------- ------ ---------------------\n";
    out += igmpLines(ctx.ns, (f.not & NUM_HOST) !== 0);
  }
  if (flagArg === 0 || unx) {
    out += `Active UNIX domain sockets ${f.all ? "(servers and established)" : f.lst ? "(only servers)" : "(w/o servers)"}`;
    out += "\nProto RefCnt Flags       Type       State         I-Node  ";
    if (f.prg) out += ` ${"PID/Program name".padEnd(20)}`;
    out += " Path\n";
  }
  ctx.out(out);
  let status = 0;
  for (const af of others) {
    // Their /proc files do not exist here: INFO_GUTS's ESYSNOT.
    const name = { ipx: "AF IPX", ax25: "AF AX25", x25: "AF X25", netrom: "AF NETROM", rose: "AF ROSE" }[af];
    ctx.err(`netstat: no support for \`${name}' on this system.\n`);
    status = 1;
  }
  return status;
}

/** INET_rresolve: /etc/hosts names the loopback address; other lookups fail in a namespace without DNS. */
function hostName(addr: Ipv4Addr, numeric: boolean): string {
  if (!numeric && addr === 0x7f000001) return "localhost";
  return formatIpv4(addr);
}

/** addr_do_one: "addr:port", cut to 22 characters unless -W. */
function addrPort(addr: Ipv4Addr, port: number, proto: "tcp" | "udp" | "raw", f: Flags): string {
  const saddr = hostName(addr, (f.not & NUM_HOST) !== 0);
  let sport: string;
  if (port === 0) sport = "*";
  else if ((f.not & NUM_PORT) !== 0) sport = String(port);
  else sport = (proto === "raw" ? protocolName(port) : serviceName(port, proto, "last")) ?? String(port);
  const shortLen = 22;
  if (f.wide === 0 && saddr.length + sport.length > shortLen) {
    const portLen = Math.min(sport.length, shortLen - 4);
    return `${saddr.slice(0, shortLen - portLen)}:${sport.slice(0, portLen)}`;
  }
  return `${saddr}:${sport}`;
}

/** "%2.2f" of a clock-tick count in seconds. */
const secs = (ticks: number): string => (ticks / 100).toFixed(2);

function tcpUdpRawLines(ns: Namespace, entries: readonly InetSockEntry[], f: Flags): string {
  let out = "";
  for (const e of entries) {
    if (e.proto === "tcp") {
      if (!f.all && ((f.lst && e.rport !== 0) || (!f.lst && e.rport === 0))) continue;
    } else if (!(f.all || (e.raddr !== 0 && !f.lst) || (e.raddr === 0 && f.lst))) continue;
    const local = addrPort(e.laddr, e.lport, e.proto, f);
    const rem = addrPort(e.raddr, e.rport, e.proto, f);
    // The /proc line's timer fields (udp and raw lines always say 0).
    const retr = e.kind === "full" ? e.retransmits : 0;
    const ticks = e.timer === 0 ? 0 : Math.max(0, Math.floor((e.expires - ns.sim.now) / 10_000_000));
    let timers = "";
    if (e.proto === "tcp") {
      const name = ["off", "on", "keepalive", "timewait", "probe"][e.timer] ?? `unkn-${e.timer}`;
      timers = e.timer === 0 ? `off (0.00/${retr}/0)` : `${name} (${secs(ticks)}/${retr}/0)`;
    } else {
      timers = "off (0.00/0/0)";
    }
    if (e.proto === "tcp") {
      out += `${"tcp".padEnd(4)}  ${String(e.rxQueue).padStart(6)} ${String(e.txQueue).padStart(6)} ${local.padEnd(23)} ${rem.padEnd(23)} ${(TCP_STATE[e.state] ?? "").padEnd(11)}`;
    } else if (e.proto === "udp") {
      const state = e.state === 1 ? "ESTABLISHED" : e.state === 7 ? "" : "UNKNOWN";
      out += `${"udp".padEnd(5)} ${String(e.rxQueue).padStart(6)} ${String(e.txQueue).padStart(6)} ${local.padEnd(23)} ${rem.padEnd(23)} ${state.padEnd(11)}`;
    } else {
      out += `${"raw".padEnd(4)}  ${String(e.rxQueue).padStart(6)} ${String(e.txQueue).padStart(6)} ${local.padEnd(23)} ${rem.padEnd(23)} ${String(e.state).padEnd(11)}`;
    }
    out += finishThisOne(e, f, timers);
  }
  return out;
}

/** finish_this_one: -e's user and inode, -p's program, -o's timers. */
function finishThisOne(e: InetSockEntry, f: Flags, timers: string): string {
  let out = "";
  if (f.exp > 1) {
    out += (f.not & NUM_USER) !== 0 ? ` ${"0".padEnd(10)} ` : ` ${"root".padEnd(10)} `;
    out += String(e.inode).padEnd(10);
  }
  if (f.prg) {
    // prg_cache_get: "PID/name" of the process holding socket:[INODE], "-" when none does.
    const prog = e.owner !== null && e.inode !== 0 ? `${e.owner.pid}/${e.owner.comm}`.slice(0, 19) : "-";
    out += ` ${prog.padEnd(20)}`;
  }
  if (f.opt) out += ` ${timers}`;
  return `${out}\n`;
}

/** The IPv4 and IPv6 groups each device has joined, as /proc/net/igmp and /proc/net/igmp6 list them. */
function igmpLines(ns: Namespace, numeric: boolean): string {
  let out = "";
  const row = (dev: string, group: string): string => `${dev.padEnd(10).padEnd(15)} ${"1".padEnd(6)} ${group}\n`;
  for (const dev of ns.devices()) {
    // ip_mc_up joins 224.0.0.1 while the device is up.
    if (dev.adminUp) out += row(dev.name, hostName(0xe0000001, numeric));
  }
  for (const dev of ns.devices()) {
    if (dev.mtu < 1280) continue;
    // ipv6_add_dev joins ff01::1 then ff02::1; each address adds its solicited-node group; the list is newest first.
    const solicited = ns.addrconf
      .addresses(dev)
      .filter((a) => a.scope !== "host")
      .map((a) => {
        const b = new Uint8Array(16);
        b.set([0xff, 0x02], 0);
        b[11] = 1;
        b[12] = 0xff;
        b[13] = a.addr[13]!;
        b[14] = a.addr[14]!;
        b[15] = a.addr[15]!;
        return formatIpv6(b);
      });
    for (const g of [...new Set(solicited)].reverse()) out += row(dev.name, g);
    out += row(dev.name, "ff02::1");
    out += row(dev.name, "ff01::1");
  }
  return out;
}

/** lib/nstrcmp.c: names compared up to their trailing digits, then by the number those make. */
export function nstrcmp(a: string, b: string): number {
  const nondigit = (s: string): number => {
    let pos = s.length;
    while (pos > 0 && s.charCodeAt(pos - 1) >= 48 && s.charCodeAt(pos - 1) <= 57) pos--;
    return pos;
  };
  const ai = nondigit(a);
  const bi = nondigit(b);
  const n = Math.min(ai, bi);
  const pa = a.slice(0, n);
  const pb = b.slice(0, n);
  if (pa !== pb) return pa < pb ? -1 : 1;
  if (ai !== bi) return ai > bi ? 1 : -1;
  const av = Number(a.slice(ai) || "0");
  const bv = Number(b.slice(bi) || "0");
  if (av !== bv) return av < bv ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** iface_info: the short table (ife_print_short) or, with -e, ifconfig's long form. */
function ifaceInfo(ns: Namespace, f: Flags): string {
  let out = "Kernel Interface table\n";
  const short = f.exp < 2;
  if (short) out += "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n";
  // if_cache_add keeps the interfaces sorted by nstrcmp ("eth2" before "eth10").
  for (const dev of [...ns.devices()].sort((a, b) => nstrcmp(a.name, b.name))) {
    if (!dev.adminUp && !f.all) continue;
    if (!short) {
      out += ifconfigShow(ns, dev);
      continue;
    }
    out += showShort(dev);
  }
  return out;
}

// ---------------------------------------------------------------- statistics.c

const NUMBER = 0;
const OPT_NUMBER = 1;
const I_FORWARD = 2;
const I_INP_ICMP = 3;
const I_OUTP_ICMP = 4;
const I_RTO_ALG = 5;
const I_STATIC = 1 << 16;
const I_TITLE = 1 << 17;

/** states[]: indent and histogram title of each state (i_rto_alg's slot is zero-filled). */
const STATES: ReadonlyArray<{ indent: number; title: string }> = [
  { indent: 4, title: "" },
  { indent: 4, title: "" },
  { indent: 4, title: "" },
  { indent: 8, title: "ICMP input histogram:" },
  { indent: 8, title: "ICMP output histogram:" },
  { indent: 0, title: "" },
];

type Entry = readonly [string, string, number];

/** statistics.c's tables, in its order ("Keep the entries sorted!" — they are not quite, and bsearch shows it). */
const IPTAB: readonly Entry[] = [
  ["DefaultTTL", "Default TTL is %llu", NUMBER | I_STATIC],
  ["Forwarding", "Forwarding is %s", I_FORWARD | I_STATIC],
  ["ForwDatagrams", "%llu forwarded", NUMBER],
  ["FragCreates", "%llu fragments created", OPT_NUMBER],
  ["FragFails", "%llu outgoing packets failed fragmentation", OPT_NUMBER],
  ["FragOKs", "%llu outgoing packets fragmented ok", OPT_NUMBER],
  ["InAddrErrors", "%llu with invalid addresses", OPT_NUMBER],
  ["InDelivers", "%llu incoming packets delivered", NUMBER],
  ["InDiscards", "%llu incoming packets discarded", NUMBER],
  ["InHdrErrors", "%llu with invalid headers", OPT_NUMBER],
  ["InReceives", "%llu total packets received", NUMBER],
  ["InUnknownProtos", "%llu with unknown protocol", OPT_NUMBER],
  ["OutDiscards", "%llu outgoing packets dropped", OPT_NUMBER],
  ["OutNoRoutes", "%llu dropped because of missing route", OPT_NUMBER],
  ["OutRequests", "%llu requests sent out", NUMBER],
  ["ReasmFails", "%llu packet reassemblies failed", OPT_NUMBER],
  ["ReasmOKs", "%llu packets reassembled ok", OPT_NUMBER],
  ["ReasmReqds", "%llu reassemblies required", OPT_NUMBER],
  ["ReasmTimeout", "%llu fragments dropped after timeout", OPT_NUMBER],
];

const ICMPTAB: readonly Entry[] = [
  ["InAddrMaskReps", "address mask replies: %llu", I_INP_ICMP | I_TITLE],
  ["InAddrMasks", "address mask request: %llu", I_INP_ICMP | I_TITLE],
  ["InDestUnreachs", "destination unreachable: %llu", I_INP_ICMP | I_TITLE],
  ["InEchoReps", "echo replies: %llu", I_INP_ICMP | I_TITLE],
  ["InEchos", "echo requests: %llu", I_INP_ICMP | I_TITLE],
  ["InErrors", "%llu input ICMP message failed", NUMBER],
  ["InMsgs", "%llu ICMP messages received", NUMBER],
  ["InParmProbs", "wrong parameters: %llu", I_INP_ICMP | I_TITLE],
  ["InRedirects", "redirects: %llu", I_INP_ICMP | I_TITLE],
  ["InSrcQuenchs", "source quenches: %llu", I_INP_ICMP | I_TITLE],
  ["InTimeExcds", "timeout in transit: %llu", I_INP_ICMP | I_TITLE],
  ["InTimestampReps", "timestamp reply: %llu", I_INP_ICMP | I_TITLE],
  ["InTimestamps", "timestamp request: %llu", I_INP_ICMP | I_TITLE],
  ["OutAddrMaskReps", "address mask replies: %llu", I_OUTP_ICMP | I_TITLE],
  ["OutAddrMasks", "address mask requests: %llu", I_OUTP_ICMP | I_TITLE],
  ["OutDestUnreachs", "destination unreachable: %llu", I_OUTP_ICMP | I_TITLE],
  ["OutEchoReps", "echo replies: %llu", I_OUTP_ICMP | I_TITLE],
  ["OutEchos", "echo requests: %llu", I_OUTP_ICMP | I_TITLE],
  ["OutErrors", "%llu ICMP messages failed", NUMBER],
  ["OutMsgs", "%llu ICMP messages sent", NUMBER],
  ["OutParmProbs", "wrong parameters: %llu", I_OUTP_ICMP | I_TITLE],
  ["OutRedirects", "redirect: %llu", I_OUTP_ICMP | I_TITLE],
  ["OutSrcQuenchs", "source quench: %llu", I_OUTP_ICMP | I_TITLE],
  ["OutTimeExcds", "time exceeded: %llu", I_OUTP_ICMP | I_TITLE],
  ["OutTimestampReps", "timestamp replies: %llu", I_OUTP_ICMP | I_TITLE],
  ["OutTimestamps", "timestamp requests: %llu", I_OUTP_ICMP | I_TITLE],
];

const TCPTAB: readonly Entry[] = [
  ["ActiveOpens", "%llu active connection openings", NUMBER],
  ["AttemptFails", "%llu failed connection attempts", NUMBER],
  ["CurrEstab", "%llu connections established", NUMBER],
  ["EstabResets", "%llu connection resets received", NUMBER],
  ["InErrs", "%llu bad segments received", NUMBER],
  ["InSegs", "%llu segments received", NUMBER],
  ["MaxConn", "", NUMBER],
  ["OutRsts", "%llu resets sent", NUMBER],
  ["OutSegs", "%llu segments sent out", NUMBER],
  ["PassiveOpens", "%llu passive connection openings", NUMBER],
  ["RetransSegs", "%llu segments retransmitted", NUMBER],
  ["RtoAlgorithm", "RTO algorithm is %s", I_RTO_ALG | I_STATIC],
  ["RtoMax", "", NUMBER],
  ["RtoMin", "", NUMBER],
];

const UDPTAB: readonly Entry[] = [
  ["InDatagrams", "%llu packets received", NUMBER],
  ["InErrors", "%llu packet receive errors", NUMBER],
  ["NoPorts", "%llu packets to unknown port received", NUMBER],
  ["OutDatagrams", "%llu packets sent", NUMBER],
  ["RcvbufErrors", "%llu receive buffer errors", NUMBER],
  ["SndbufErrors", "%llu send buffer errors", NUMBER],
];

const TCPEXTTAB: readonly Entry[] = [
  ["DelayedACKLocked", "%llu delayed acks further delayed because of locked socket", OPT_NUMBER],
  ["DelayedACKLost", "Quick ack mode was activated %llu times", OPT_NUMBER],
  ["DelayedACKs", "%llu delayed acks sent", OPT_NUMBER],
  ["EmbryonicRsts", "%llu resets received for embryonic SYN_RECV sockets", OPT_NUMBER],
  ["ListenDrops", "%llu SYNs to LISTEN sockets dropped", OPT_NUMBER],
  ["ListenOverflows", "%llu times the listen queue of a socket overflowed", OPT_NUMBER],
  ["LockDroppedIcmps", "%llu ICMP packets dropped because socket was locked", OPT_NUMBER],
  ["OfoPruned", "%llu packets dropped from out-of-order queue because of socket buffer overrun", OPT_NUMBER],
  ["OutOfWindowIcmps", "%llu ICMP packets dropped because they were out-of-window", OPT_NUMBER],
  ["PAWSActive", "%llu active connections rejected because of time stamp", OPT_NUMBER],
  ["PAWSEstab", "%llu packets rejected in established connections because of timestamp", OPT_NUMBER],
  ["PAWSPassive", "%llu passive connections rejected because of time stamp", OPT_NUMBER],
  ["PruneCalled", "%llu packets pruned from receive queue because of socket buffer overrun", OPT_NUMBER],
  ["RcvPruned", "%llu packets pruned from receive queue", OPT_NUMBER],
  ["SockMallocOOM", "Ran %llu times out of system memory during packet sending", OPT_NUMBER],
  ["SyncookiesFailed", "%llu invalid SYN cookies received", OPT_NUMBER],
  ["SyncookiesRecv", "%llu SYN cookies received", OPT_NUMBER],
  ["SyncookiesSent", "%llu SYN cookies sent", OPT_NUMBER],
  ["TCPAbortFailed", "%llu times unable to send RST due to no memory", OPT_NUMBER],
  ["TCPAbortOnClose", "%llu connections reset due to early user close", OPT_NUMBER],
  ["TCPAbortOnData", "%llu connections reset due to unexpected data", OPT_NUMBER],
  ["TCPAbortOnLinger", "%llu connections aborted after user close in linger timeout", OPT_NUMBER],
  ["TCPAbortOnMemory", "%llu connections aborted due to memory pressure", OPT_NUMBER],
  ["TCPAbortOnSyn", "%llu connections reset due to unexpected SYN", OPT_NUMBER],
  ["TCPAbortOnTimeout", "%llu connections aborted due to timeout", OPT_NUMBER],
  ["TCPDirectCopyFromBacklog", "%llu bytes directly in process context from backlog", OPT_NUMBER],
  ["TCPDirectCopyFromPrequeue", "%llu bytes directly received in process context from prequeue", OPT_NUMBER],
  ["TCPDSACKOfoRecv", "%llu DSACKs for out of order packets received", OPT_NUMBER],
  ["TCPDSACKOfoSent", "%llu DSACKs sent for out of order packets", OPT_NUMBER],
  ["TCPDSACKOldSent", "%llu DSACKs sent for old packets", OPT_NUMBER],
  ["TCPDSACKRecv", "%llu DSACKs received", OPT_NUMBER],
  ["TCPDSackUndo", "%llu congestion window recovered without slow start using DSACK", OPT_NUMBER],
  ["TCPDSACKUndo", "%llu congestion windows recovered without slow start by DSACK", OPT_NUMBER],
  ["TCPFACKReorder", "Detected reordering %llu times using FACK", OPT_NUMBER],
  ["TCPFastRetrans", "%llu fast retransmits", OPT_NUMBER],
  ["TCPForwardRetrans", "%llu forward retransmits", OPT_NUMBER],
  ["TCPFullUndo", "%llu congestion windows fully recovered without slow start", OPT_NUMBER],
  ["TCPHPAcks", "%llu predicted acknowledgments", OPT_NUMBER],
  ["TCPHPHits", "%llu packet headers predicted", NUMBER],
  ["TCPHPHitsToUser", "%llu packet headers predicted and directly queued to user", OPT_NUMBER],
  ["TCPLossFailures", "%llu timeouts in loss state", OPT_NUMBER],
  ["TCPLoss", "%llu TCP data loss events", OPT_NUMBER],
  ["TCPLossUndo", "%llu congestion windows recovered without slow start after partial ack", OPT_NUMBER],
  ["TCPLostRetransmits", "%llu retransmits lost", OPT_NUMBER],
  ["TCPMemoryPressures", "TCP ran low on memory %llu times", OPT_NUMBER],
  ["TCPPartialUndo", "%llu congestion windows partially recovered using Hoe heuristic", OPT_NUMBER],
  ["TCPPrequeued", "%llu packets directly queued to recvmsg prequeue", OPT_NUMBER],
  ["TCPPrequeueDropped", "%llu packets dropped from prequeue", OPT_NUMBER],
  ["TCPPureAcks", "%llu acknowledgments not containing data payload received", OPT_NUMBER],
  ["TCPRcvCollapsed", "%llu packets collapsed in receive queue due to low socket buffer", OPT_NUMBER],
  ["TCPRenoFailures", "%llu timeouts after reno fast retransmit", OPT_NUMBER],
  ["TCPRenoRecoveryFailed", "%llu reno fast retransmits failed", OPT_NUMBER],
  ["TCPRenoRecoveryFail", "%llu classic Reno fast retransmits failed", OPT_NUMBER],
  ["TCPRenoRecovery", "%llu times recovered from packet loss due to fast retransmit", OPT_NUMBER],
  ["TCPRenoReorder", "Detected reordering %llu times using reno fast retransmit", OPT_NUMBER],
  ["TCPSackFailures", "%llu timeouts after SACK recovery", OPT_NUMBER],
  ["TCPSackRecoveryFail", "%llu SACK retransmits failed", OPT_NUMBER],
  ["TCPSackRecovery", "%llu times recovered from packet loss by selective acknowledgements", OPT_NUMBER],
  ["TCPSACKReneging", "%llu bad SACK blocks received", OPT_NUMBER],
  ["TCPSACKReorder", "Detected reordering %llu times using SACK", OPT_NUMBER],
  ["TCPSchedulerFailed", "%llu times receiver scheduled too late for direct processing", OPT_NUMBER],
  ["TCPSlowStartRetrans", "%llu retransmits in slow start", OPT_NUMBER],
  ["TCPTimeouts", "%llu other TCP timeouts", OPT_NUMBER],
  ["TCPTSReorder", "Detected reordering %llu times using time stamp", OPT_NUMBER],
  ["TWKilled", "%llu TCP sockets finished time wait in slow timer", OPT_NUMBER],
  ["TW", "%llu TCP sockets finished time wait in fast timer", OPT_NUMBER],
  ["TWRecycled", "%llu time wait sockets recycled by time stamp", OPT_NUMBER],
];

interface TabTab {
  readonly title: string;
  readonly tab: readonly Entry[] | null;
  readonly flag: "raw" | "tcp" | "udp" | "sctp" | "unknown";
}

const SNMPTABS: readonly TabTab[] = [
  { title: "Ip", tab: IPTAB, flag: "raw" },
  { title: "Icmp", tab: ICMPTAB, flag: "raw" },
  { title: "Tcp", tab: TCPTAB, flag: "tcp" },
  { title: "Udp", tab: UDPTAB, flag: "udp" },
  { title: "Sctp", tab: null, flag: "sctp" },
  { title: "TcpExt", tab: TCPEXTTAB, flag: "tcp" },
];

/** glibc's bsearch with strcmp on a table that may not be sorted. */
function bsearch(tab: readonly Entry[], key: string): Entry | undefined {
  let l = 0;
  let u = tab.length;
  while (l < u) {
    const idx = (l + u) >> 1;
    const e = tab[idx]!;
    const c = key < e[0] ? -1 : key > e[0] ? 1 : 0;
    if (c < 0) u = idx;
    else if (c > 0) l = idx + 1;
    else return e;
  }
  return undefined;
}

/** parsesnmp(flag_raw, flag_tcp, flag_udp, 0): /proc/net/snmp then /proc/net/netstat through process_fd. */
function parseSnmp(ns: Namespace, raw: boolean, tcp: boolean, udp: boolean): string {
  const flags: Record<TabTab["flag"], boolean> = { raw, tcp, udp, sctp: false, unknown: true };
  let state = NUMBER;
  let out = "";
  const printval = (tab: TabTab, title: string, val: bigint): void => {
    const ent = tab.tab === null ? undefined : bsearch(tab.tab, title);
    if (ent === undefined) {
      if (val !== 0n) out += `${" ".repeat(STATES[state]!.indent)}${title}: ${val}\n`;
      return;
    }
    let type = ent[2];
    if ((type & I_STATIC) !== 0) return; // print_static is never set
    if (ent[1] === "") return;
    if ((type & I_TITLE) !== 0) {
      type &= ~I_TITLE;
      if (state !== type) out += `${" ".repeat(STATES[state]!.indent)}${STATES[type]!.title}\n`;
    }
    let buf = "";
    switch (type) {
      case OPT_NUMBER:
        if (val !== 0n) buf = ent[1].replace("%llu", String(val));
        break;
      case NUMBER:
        buf = ent[1].replace("%llu", String(val));
        break;
      case I_FORWARD:
        type = NUMBER;
        buf = ent[1].replace("%s", val === 2n ? "enabled" : "disabled");
        break;
      case I_OUTP_ICMP:
      case I_INP_ICMP:
        if (val > 0n) buf = ent[1].replace("%llu", String(val));
        break;
      default:
        break;
    }
    if (buf !== "") out += `${" ".repeat(STATES[type]!.indent)}${buf}\n`;
    state = type;
  };
  const processFd = (text: string): void => {
    const lines = text.split("\n");
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const l1 = lines[i]!;
      const l2 = lines[i + 1]!;
      const sp = l1.indexOf(":");
      const np = l2.indexOf(":");
      if (sp < 0 || np < 0) return;
      const title = l1.slice(0, sp);
      let tab = SNMPTABS.find((t) => t.title === title);
      if (tab !== undefined) {
        if (flags[tab.flag]) out += `${title}:\n`;
        state = NUMBER;
      } else {
        out += `${title}:\n`;
        tab = { title, tab: null, flag: "unknown" };
      }
      const names = l1.slice(sp + 1).trim().split(/\s+/);
      const values = l2.slice(np + 1).trim().split(/\s+/);
      names.forEach((name, k) => {
        // strtoull: a negative number wraps around.
        let v = BigInt(values[k] ?? "0");
        if (v < 0n) v += 1n << 64n;
        if (name !== "" && flags[tab.flag]) printval(tab, name, v);
      });
    }
  };
  processFd(procNetSnmpText(ns));
  processFd(procNetNetstatText(ns));
  return out;
}
