/**
 * `ip link show` and `ip address show` (ip/ipaddress.c ipaddr_list_flush_or_save, print_linkinfo,
 * print_addrinfo), written against IpPrinter as iproute2 writes against json_print, so the plain,
 * `-o`, `-br`, `-j`, `-d` and `-s` forms come from one path. What the kernel sends decides what
 * is printed: a full RTM_NEWLINK (rtnl_fill_ifinfo), or for an `-6` dump the few attributes
 * inet6_fill_ifinfo puts (no qdisc, master, group or netnsid, so a veth's peer index is resolved
 * in the viewer's namespace — `va@br0` when index 2 is br0 there).
 */
import { formatIpv4, formatMac } from "@pktsim/core";
import { type NetDevice, Bridge, BR_PORT_STATE_NAMES, BrPortFlag, IFF, Veth, Vxlan } from "@pktsim/devices";
import { type IfAddr, type Namespace, IfaFlags, INFINITY_LIFE_TIME, KernelError, formatIpv6 } from "@pktsim/stack";
import { type CommandContext, Exit } from "../../command";
import { IpPrinter, JsonRaw } from "./json-print";
import { linkNetns, nameOfNsid, printLinkFlags } from "./linkinfo";
import { printVxlanOpt } from "./iplink-vxlan";
import { type Args, type IpOptions, duparg2, invarg } from "./options";
import { type InetPrefix, getPrefix, parseScope, scopeName } from "./rt-names";

type Family = IpOptions["family"];

/** struct link_filter, as far as pktsim's devices and addresses give it meaning. */
interface LinkFilter {
  family: Family;
  ifindex: number;
  up: boolean;
  scope: number;
  scopemask: number;
  flags: number;
  flagmask: number;
  label: string | undefined;
  pfx: InetPrefix | undefined;
  group: number;
  /** 0: none; a master's ifindex; -1: `nomaster`. */
  master: number;
  kind: string | undefined;
  slaveKind: string | undefined;
}

/** One RTM_NEWADDR as print_addrinfo reads it. */
interface AddrMsg {
  family: "inet" | "inet6";
  ifindex: number;
  local: string;
  /** IFA_ADDRESS when it differs from IFA_LOCAL (a peer). */
  peer: string | undefined;
  /** IPv4 local address, for `to` matching. */
  local4: number | undefined;
  prefixLen: number;
  broadcast: string | undefined;
  scope: number;
  flags: number;
  label: string | undefined;
  metric: number;
  valid: number;
  preferred: number;
  /** The address itself, for a flush's RTM_DELADDR. */
  ifa4?: IfAddr;
  addr6?: Uint8Array;
}

/** The run's settings print_linkinfo/print_addrinfo read from globals. */
interface Show {
  ctx: CommandContext;
  ns: Namespace;
  p: IpPrinter;
  f: LinkFilter;
  doLink: boolean;
  brief: boolean;
  details: boolean;
  stats: number;
  oneline: boolean;
}

/** One RTM_NEWLINK: `full` from rtnl_fill_ifinfo, else inet6_fill_ifinfo's subset. */
interface LinkMsg {
  dev: NetDevice;
  full: boolean;
}

const SCOPE_NOWHERE = 255;

/** ifa_flag_data: the flags `ip addr` prints and filters by, in its order. */
const IFA_FLAG_DATA: ReadonlyArray<readonly [name: string, mask: number]> = [
  ["secondary", IfaFlags.SECONDARY],
  ["temporary", IfaFlags.SECONDARY],
  ["nodad", IfaFlags.NODAD],
  ["optimistic", IfaFlags.OPTIMISTIC],
  ["dadfailed", IfaFlags.DADFAILED],
  ["home", IfaFlags.HOMEADDRESS],
  ["deprecated", IfaFlags.DEPRECATED],
  ["tentative", IfaFlags.TENTATIVE],
  ["permanent", IfaFlags.PERMANENT],
  ["mngtmpaddr", IfaFlags.MANAGETEMPADDR],
  ["noprefixroute", IfaFlags.NOPREFIXROUTE],
  ["autojoin", IfaFlags.MCAUTOJOIN],
  ["stable-privacy", IfaFlags.STABLE_PRIVACY],
];

// ---- argument parsing ---------------------------------------------------------------------

/** get_filter: a flag name, `-name` to exclude it, `dynamic`/`primary` as the inverses. */
function getFlagFilter(f: LinkFilter, word: string): boolean {
  let arg = word;
  let inv = false;
  if (arg.startsWith("-")) {
    inv = true;
    arg = arg.slice(1);
  }
  if (arg === "dynamic") {
    inv = !inv;
    arg = "permanent";
  } else if (arg === "primary") {
    inv = !inv;
    arg = "secondary";
  }
  const data = IFA_FLAG_DATA.find(([name]) => name === arg);
  if (data === undefined) return false;
  if (inv) f.flags &= ~data[1];
  else f.flags |= data[1];
  f.flagmask |= data[1];
  return true;
}

/** rtnl_group_a2n for the one group pktsim's devices are in. */
function parseGroup(text: string): number | undefined {
  if (text === "default") return 0;
  return /^(0|[1-9][0-9]*|0[xX][0-9a-fA-F]+)$/.test(text) ? Number(text) : undefined;
}

/** The argument loop of ipaddr_list_flush_or_save; returns the named device, if any. */
function parseShowArgs(ctx: CommandContext, ns: Namespace, args: Args, f: LinkFilter): string | undefined {
  let filterDev: string | undefined;
  while (!args.done) {
    const a = args.next()!;
    if (a === "to") {
      const v = args.value();
      f.pfx = getPrefix(ctx, v, { known: f.family === "inet" });
      if (f.family === "unspec" && !f.pfx.familyless) f.family = "inet";
    } else if (a === "scope") {
      const v = args.value();
      f.scopemask = -1;
      const s = parseScope(v);
      if (s === undefined) {
        if (v !== "all") invarg(ctx, 'invalid "scope"\n', v);
        f.scope = SCOPE_NOWHERE;
        f.scopemask = 0;
      } else {
        f.scope = s;
      }
    } else if (a === "up") {
      f.up = true;
    } else if (getFlagFilter(f, a)) {
      // an address flag
    } else if (a === "label") {
      f.label = args.value();
    } else if (a === "group") {
      const v = args.value();
      const g = parseGroup(v);
      if (g === undefined) invarg(ctx, 'Invalid "group" value\n', v);
      f.group = g;
    } else if (a === "master") {
      const v = args.value();
      const m = ns.deviceByName(v);
      if (m === undefined) invarg(ctx, "Device does not exist\n", v);
      f.master = m.ifindex;
    } else if (a === "vrf") {
      const v = args.value();
      invarg(ctx, "Not a valid VRF name\n", v);
    } else if (a === "nomaster") {
      f.master = -1;
    } else if (a === "type") {
      const v = args.value();
      if (v.endsWith("_slave")) f.slaveKind = v.slice(0, -"_slave".length);
      else f.kind = v;
    } else {
      let name = a;
      if (a === "dev") name = args.value();
      else if (a.length > 0 && "help".startsWith(a)) {
        ctx.err("Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]\n");
        throw new Exit(255);
      }
      if (filterDev !== undefined) duparg2(ctx, "dev", name);
      filterDev = name;
    }
  }
  return filterDev;
}

// ---- the listing --------------------------------------------------------------------------

/** The filter iproute2 starts from (ipaddr_reset_filter): everything matches. */
function newLinkFilter(family: LinkFilter["family"]): LinkFilter {
  return {
    family,
    ifindex: 0,
    up: false,
    scope: 0,
    scopemask: 0,
    flags: 0,
    flagmask: 0,
    label: undefined,
    pfx: undefined,
    group: -1,
    master: 0,
    kind: undefined,
    slaveKind: undefined,
  };
}

/** The show/flush arguments into `f`; the device named by `dev` (undefined: none), null after an error. */
function parseFilter(ctx: CommandContext, ns: Namespace, args: Args, f: LinkFilter): string | undefined | null {
  const filterDev = parseShowArgs(ctx, ns, args, f);
  if (filterDev !== undefined) {
    const d = ns.deviceByName(filterDev);
    if (d === undefined) {
      ctx.err(`Device "${filterDev}" does not exist.\n`);
      return null;
    }
    f.ifindex = d.ifindex;
  }
  return filterDev;
}

/** ipaddr_list_flush_or_save(IPADD_LIST): `ip addr show` (doLink false) and `ip link show`. */
export function ipaddrList(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions, doLink: boolean): number {
  const f = newLinkFilter(doLink ? "link" : opts.family);
  const filterDev = parseFilter(ctx, ns, args, f);
  if (filterDev === null) return 1;
  const p = new IpPrinter(opts.json, opts.oneline, opts.pretty);
  const show: Show = { ctx, ns, p, f, doLink, brief: opts.brief, details: opts.details, stats: opts.stats, oneline: opts.oneline };
  p.begin();
  if (filterDev !== undefined && f.group === -1 && doLink) {
    // iplink_get: one RTM_GETLINK, printed whatever the filters say.
    p.openObject(null);
    printLinkinfo(show, { dev: ns.deviceByIndex(f.ifindex)!, full: true });
    p.closeObject();
    ctx.out(p.finish());
    return 0;
  }
  let links: LinkMsg[];
  if (f.ifindex !== 0) links = [{ dev: ns.deviceByIndex(f.ifindex)!, full: true }];
  else links = linkDump(ns, f);
  let addrs: AddrMsg[] = [];
  let noLink = false;
  if (f.family !== "link") {
    noLink = opts.oneline;
    addrs = addrDump(ns, f.family);
    links = links.filter((l) => keepLink(f, ns, l.dev, addrs));
  }
  for (const l of links) {
    p.openObject(null);
    let res = 0;
    if (show.brief || !noLink) res = printLinkinfo(show, l);
    if (res >= 0 && f.family !== "link") printSelectedAddrinfo(show, l.dev, addrs);
    if (res > 0 && !doLink && show.stats > 0) {
      printStats64(show, l.dev);
      p.nl();
    }
    p.closeObject();
  }
  ctx.out(p.finish());
  return 0;
}

const MAX_FLUSH_LOOPS = 10;

/**
 * ipaddr_list_flush_or_save(IPADD_FLUSH) → ipaddr_flush: dump, turn every address the filter
 * keeps into an RTM_DELADDR (print_addrinfo with filter.flushb), send them in dump order, and
 * go again until a round finds nothing. A secondary its primary took with it answers
 * EADDRNOTAVAIL, which rtnl_send_check does not see (checked on 6.18: `ip addr flush dev X`
 * with secondaries exits 0). `primary` flushes a single round.
 */
export function ipaddrFlush(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  if (args.done) {
    ctx.err("Flush requires arguments.\n");
    return 1;
  }
  const f = newLinkFilter(opts.family === "link" ? "unspec" : opts.family);
  const filterDev = parseFilter(ctx, ns, args, f);
  if (filterDev === null) return 1;
  const p = new IpPrinter(false, opts.oneline, false);
  const show: Show = { ctx, ns, p, f, doLink: false, brief: false, details: false, stats: opts.stats, oneline: true };
  let round = 0;
  const done = (): number => {
    if (opts.stats > 0) {
      if (round === 0) ctx.out("Nothing to flush.\n");
      else ctx.out(`*** Flush is complete after ${round} round${round > 1 ? "s" : ""} ***\n`);
    }
    return 0;
  };
  while (round < MAX_FLUSH_LOOPS) {
    const selected = addrDump(ns, f.family).filter((a) => {
      if (f.ifindex !== 0 && a.ifindex !== f.ifindex) return false;
      const dev = ns.deviceByIndex(a.ifindex);
      if (dev === undefined || (f.up && (dev.flags & IFF.UP) === 0)) return false;
      return addrSelected(f, ns, a);
    });
    if (opts.stats >= 2) {
      p.begin();
      for (const a of selected) printAddrinfo(show, a);
      ctx.out(p.finish());
    }
    if (selected.length === 0) return done();
    round++;
    for (const a of selected) {
      const dev = ns.deviceByIndex(a.ifindex)!;
      try {
        if (a.ifa4 !== undefined) {
          const ifa = a.ifa4;
          if (!(ns.inDevice(dev)?.addrs.includes(ifa) ?? false)) continue;
          ns.ip.delAddress(dev, ifa.local, ifa.address === ifa.local ? ifa.prefixLen : undefined, ifa.label);
        } else if (a.addr6 !== undefined) {
          ns.addrconf.delAddress(dev, a.addr6, a.prefixLen);
        }
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
      }
    }
    if (opts.stats > 0) ctx.out(`\n*** Round ${round}, deleting ${selected.length} addresses ***\n`);
    if ((f.flags & IfaFlags.SECONDARY) === 0 && (f.flagmask & IfaFlags.SECONDARY) !== 0) return done();
  }
  ctx.err(`*** Flush remains incomplete after ${MAX_FLUSH_LOOPS} rounds. ***\n`);
  return 1;
}

/** Devices in dump order (the ifindex hash, i.e. by index). */
function devicesByIndex(ns: Namespace): NetDevice[] {
  return [...ns.devices()].sort((a, b) => a.ifindex - b.ifindex);
}

/** Kinds the kernel has rtnl_link_ops for: a dump filtered by one of them is filtered by the kernel. */
const KERNEL_KINDS = new Set(["bridge", "veth"]);

/**
 * rtnl_dump_ifinfo with iplink_filter_req's IFLA_MASTER and IFLA_INFO_KIND: the kernel drops
 * what does not match (an unknown kind filters nothing here; print_linkinfo then does).
 * An `-6` request is answered by inet6_dump_ifinfo instead.
 */
function linkDump(ns: Namespace, f: LinkFilter): LinkMsg[] {
  const full = f.family !== "inet6";
  const out: LinkMsg[] = [];
  for (const dev of devicesByIndex(ns)) {
    if (full && f.master !== 0) {
      const m = dev.master;
      if (f.master === -1 ? m !== null : m === null || m.ifindex !== f.master) continue;
    }
    if (full && f.kind !== undefined && KERNEL_KINDS.has(f.kind) && linkKind(dev) !== f.kind) continue;
    out.push({ dev, full });
  }
  return out;
}

/** IFLA_INFO_KIND: the rtnl_link_ops kind ("" for lo and NICs, which have none). */
function linkKind(dev: NetDevice): string {
  if (dev instanceof Veth) return "veth";
  if (dev instanceof Bridge) return "bridge";
  if (dev instanceof Vxlan) return "vxlan";
  return "";
}

/** IFLA_INFO_SLAVE_KIND. */
function slaveKind(dev: NetDevice): string {
  return dev.master instanceof Bridge ? "bridge" : "";
}

/** RTM_GETADDR dump of one family (or both, IPv4 first), in the kernel's order. */
function addrDump(ns: Namespace, family: Family): AddrMsg[] {
  const out: AddrMsg[] = [];
  const devs = devicesByIndex(ns);
  if (family !== "inet6") {
    for (const dev of devs) {
      for (const ifa of ns.inDevice(dev)?.addrs ?? []) {
        out.push({
          family: "inet",
          ifindex: dev.ifindex,
          local: formatIpv4(ifa.local),
          peer: ifa.address !== ifa.local ? formatIpv4(ifa.address) : undefined,
          local4: ifa.local,
          prefixLen: ifa.prefixLen,
          broadcast: ifa.broadcast !== 0 ? formatIpv4(ifa.broadcast) : undefined,
          scope: ifa.scope,
          flags: ifa.flags,
          label: ifa.label,
          metric: ifa.rtPriority,
          valid: ifa.validLft,
          preferred: ifa.preferredLft,
          ifa4: ifa,
        });
      }
    }
  }
  if (family !== "inet") {
    for (const dev of devs) {
      for (const a of ns.addrconf.addresses(dev)) {
        out.push({
          family: "inet6",
          ifindex: dev.ifindex,
          local: formatIpv6(a.addr),
          peer: undefined,
          local4: undefined,
          prefixLen: a.prefixLen,
          broadcast: undefined,
          scope: a.scope === "host" ? 254 : 253,
          flags: IfaFlags.PERMANENT | (a.tentative ? IfaFlags.TENTATIVE : 0),
          label: undefined,
          metric: 0,
          valid: INFINITY_LIFE_TIME,
          preferred: INFINITY_LIFE_TIME,
          addr6: a.addr,
        });
      }
    }
  }
  return out;
}

/** fnmatch(pattern, s, 0): `*`, `?`, `[...]` (with `!`/`^` and ranges), `\` escapes. */
export function fnmatch(pattern: string, s: string): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "\\" && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) {
        re += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, end);
      let neg = false;
      if (body.startsWith("!") || body.startsWith("^")) {
        neg = true;
        body = body.slice(1);
      }
      re += `[${neg ? "^" : ""}${body.replace(/[\\\]^]/g, (x) => `\\${x}`)}]`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`${re}$`).test(s);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** ifa_label_match_rta: an IPv6 address (no IFA_LABEL) matches by its device's name. */
function labelMatches(f: LinkFilter, ns: Namespace, a: AddrMsg): boolean {
  if (f.label === undefined) return true;
  return fnmatch(f.label, a.label ?? ns.deviceByIndex(a.ifindex)?.name ?? "");
}

/** inet_addr_match_rta against `to`. */
function prefixMatches(f: LinkFilter, a: AddrMsg): boolean {
  const pfx = f.pfx;
  if (pfx === undefined || pfx.familyless || pfx.len <= 0) return true;
  if (a.local4 === undefined) return false;
  const mask = pfx.len >= 32 ? 0xffffffff : ~(0xffffffff >>> pfx.len) >>> 0;
  return ((a.local4 ^ pfx.addr) & mask) >>> 0 === 0;
}

/** The per-address tests ipaddr_filter and print_addrinfo share. */
function addrSelected(f: LinkFilter, ns: Namespace, a: AddrMsg): boolean {
  if (f.family !== "unspec" && f.family !== a.family) return false;
  if (((f.scope ^ a.scope) & f.scopemask) !== 0) return false;
  if (((f.flags ^ a.flags) & f.flagmask) !== 0) return false;
  if (!labelMatches(f, ns, a)) return false;
  return prefixMatches(f, a);
}

/** ipaddr_filter: with a family asked for, links without a matching address are dropped. */
function keepLink(f: LinkFilter, ns: Namespace, dev: NetDevice, addrs: readonly AddrMsg[]): boolean {
  const own = addrs.filter((a) => a.ifindex === dev.ifindex);
  if (own.length === 0) return f.family === "unspec" || f.family === "link";
  return own.some((a) => addrSelected(f, ns, a));
}

// ---- print_linkinfo -------------------------------------------------------------------------

/** rtnl_fill_link_netnsid: the id (allocated on the way) of a veth peer's other namespace. */
function linkNetnsid(viewer: Namespace, dev: NetDevice): number | undefined {
  const other = linkNetns(dev);
  return other === null ? undefined : viewer.allocId(other);
}

/** print_name_and_link: `name@peer`, `name@ifN`; returns the M-DOWN flag. */
function printNameAndLink(show: Show, l: LinkMsg, fmt: (name: string) => string): boolean {
  const { p, ns } = show;
  const dev = l.dev;
  let name = dev.name;
  let mflag = false;
  const iflink = dev.iflink;
  const nsid = l.full ? linkNetnsid(ns, dev) : undefined;
  // nla_put_iflink: IFLA_LINK when it differs from the ifindex, or always when the link is in
  // another namespace (inet6_fill_ifinfo has only the first rule).
  if ((iflink !== dev.ifindex || nsid !== undefined) && iflink !== 0) {
    let link: string | undefined;
    if (nsid !== undefined) {
      if (p.json) p.jsonOnly("link_index", iflink);
      else link = `if${iflink}`;
    } else {
      const peer = ns.deviceByIndex(iflink);
      link = peer?.name ?? `if${iflink}`;
      if (p.json) {
        p.jsonOnly("link", link);
        link = undefined;
      }
      mflag = peer === undefined || (peer.flags & IFF.UP) === 0;
    }
    if (link !== undefined) name = `${name}@${link}`;
  }
  p.any("ifname", fmt(name), name);
  return mflag;
}

function printOperstate(show: Show, dev: NetDevice): void {
  const state = dev.operState;
  if (show.brief) show.p.any("operstate", `${state.padEnd(14)} `, state);
  else show.p.any("operstate", `state ${state} `, state);
}


/** print_linkinfo_brief. */
function printLinkinfoBrief(show: Show, l: LinkMsg): number {
  const { p, f } = show;
  const mflag = printNameAndLink(show, l, (n) => `${n.padEnd(16)} `);
  printOperstate(show, l.dev);
  if (f.family === "link") {
    const mac = formatMac(l.dev.mac);
    p.any("address", `${mac} `, mac);
    printLinkFlags(p, l.dev.flags, mflag);
    p.fp("\n");
  }
  return 0;
}

/** print_linkinfo: -1 filtered out, 0 nothing of the link printed (label filter), 1 printed. */
function printLinkinfo(show: Show, l: LinkMsg): number {
  const { p, f, ns } = show;
  const dev = l.dev;
  if (f.ifindex !== 0 && dev.ifindex !== f.ifindex) return -1;
  if (f.up && (dev.flags & IFF.UP) === 0) return -1;
  if (f.label !== undefined) return 0;
  if (l.full && f.group !== -1 && f.group !== dev.group) return -1;
  const master = l.full ? dev.master : null;
  if (master !== null) {
    if (f.master > 0 && master.ifindex !== f.master) return -1;
  } else if (f.master > 0) return -1;
  const hasLinkinfo = l.full && (linkKind(dev) !== "" || slaveKind(dev) !== "");
  if (f.kind !== undefined && (!hasLinkinfo || linkKind(dev) !== f.kind)) return -1;
  if (f.slaveKind !== undefined && (!hasLinkinfo || slaveKind(dev) !== f.slaveKind)) return -1;

  if (show.brief) return printLinkinfoBrief(show, l);

  p.any("ifindex", `${dev.ifindex}: `, dev.ifindex);
  const mflag = printNameAndLink(show, l, (n) => `${n}: `);
  printLinkFlags(p, dev.flags, mflag);
  p.any("mtu", `mtu ${dev.mtu} `, dev.mtu);
  if (l.full) p.any("qdisc", `qdisc ${dev.qdisc} `, dev.qdisc);
  if (master !== null) p.any("master", `master ${master.name} `, master.name);
  printOperstate(show, dev);
  if (show.doLink && l.full) p.any("linkmode", "mode DEFAULT ", "DEFAULT");
  if (l.full) {
    // rtnl_group_n2a: /etc/iproute2/group names 0 "default"; others print as numbers.
    const group = dev.group === 0 ? "default" : String(dev.group);
    p.any("group", `group ${group} `, group);
  }
  // print_queuelen: IFLA_TXQLEN, or for an -6 dump the SIOCGIFTXQLEN ioctl.
  // print_int of the u32 IFLA_TXQLEN: 4294967295 is "qlen -1".
  if (dev.txqueuelen !== 0) p.any("txqlen", `qlen ${dev.txqueuelen | 0}`, dev.txqueuelen | 0);

  if (f.family === "unspec" || f.family === "link" || show.details) {
    p.nl();
    const type = dev.kind === "loopback" ? "loopback" : "ether";
    p.any("link_type", `    link/${type} `, type);
    const mac = formatMac(dev.mac);
    p.any("address", mac, mac);
    if (l.full) {
      p.fp(" brd ");
      const brd = formatMac(dev.broadcast);
      p.any("broadcast", brd, brd);
    }
  }
  const nsid = l.full ? linkNetnsid(ns, dev) : undefined;
  if (nsid !== undefined) {
    if (p.json) p.jsonOnly("link_netnsid", nsid);
    else {
      const name = nameOfNsid(ns, nsid);
      p.fp(name !== undefined ? ` link-netns ${name}` : ` link-netnsid ${nsid}`);
    }
  }
  if (show.details && l.full) printDetails(show, dev, hasLinkinfo);
  if ((show.doLink || show.details) && l.full && dev.ifalias !== null) {
    p.fp(`${p.sl}    `);
    p.any("ifalias", `alias ${dev.ifalias}`, dev.ifalias);
  }
  if (show.doLink && show.stats > 0 && l.full) {
    p.nl();
    printStats64(show, dev);
  }
  p.fp("\n");
  return 1;
}

/** The show_details block of print_linkinfo. */
function printDetails(show: Show, dev: NetDevice, hasLinkinfo: boolean): void {
  const p = show.p;
  const prom = dev.promiscuity;
  p.any("promiscuity", ` promiscuity ${prom} `, prom);
  const am = dev.allmulti;
  p.any("allmulti", ` allmulti ${am} `, am);
  p.any("min_mtu", `minmtu ${dev.minMtu} `, dev.minMtu);
  p.any("max_mtu", `maxmtu ${dev.maxMtu} `, dev.maxMtu);
  if (hasLinkinfo) printLinktype(show, dev);
  if (show.doLink) p.any("inet6_addr_gen_mode", "addrgenmode eui64 ", "eui64");
  const u = (key: string, text: string, v: number): void => p.any(key, `${text} ${v} `, v);
  u("num_tx_queues", "numtxqueues", dev.numTxQueues);
  u("num_rx_queues", "numrxqueues", dev.numRxQueues);
  u("gso_max_size", "gso_max_size", dev.gsoMaxSize);
  u("gso_max_segs", "gso_max_segs", dev.gsoMaxSegs);
  u("tso_max_size", "tso_max_size", dev.tsoMaxSize);
  u("tso_max_segs", "tso_max_segs", TSO_MAX_SEGS);
  u("gro_max_size", "gro_max_size", dev.groMaxSize);
}

/** TSO_MAX_SEGS: what every device here keeps. */
const TSO_MAX_SEGS = 65535;

/** print_linktype: IFLA_INFO_KIND with its data, then IFLA_INFO_SLAVE_KIND with its data. */
function printLinktype(show: Show, dev: NetDevice): void {
  const p = show.p;
  p.openObject("linkinfo");
  const kind = linkKind(dev);
  if (kind !== "") {
    p.nl();
    p.any("info_kind", `    ${kind} `, kind);
    if (dev instanceof Bridge) {
      p.openObject("info_data");
      printBridgeOpt(show, dev);
      p.closeObject();
    } else if (dev instanceof Vxlan) {
      p.openObject("info_data");
      printVxlanOpt(p, dev, show.ns);
      p.closeObject();
    }
  }
  const sk = slaveKind(dev);
  if (sk !== "") {
    p.nl();
    p.any("info_slave_kind", `    ${sk}_slave `, sk);
    p.openObject("info_slave_data");
    printBridgeSlaveOpt(show, dev);
    p.closeObject();
  }
  p.closeObject();
}

/** br_dump_bridge_id: `8000.` then ether_ntoa (octets without leading zeros). */
function bridgeId(br: Bridge): string {
  const prio = br.priority.toString(16).padStart(4, "0");
  const mac = formatMac(br.bridgeIdMac)
    .split(":")
    .map((o) => o.replace(/^0/, ""))
    .join(":");
  return `${prio}.${mac}`;
}

/** _bridge_print_timer: clock_t ticks left (truncated to centiseconds) as `%4i.%.2i`. */
function printTimer(p: IpPrinter, name: string, remainingNs: number): void {
  const cs = Math.max(0, Math.floor(remainingNs / 10_000_000));
  const sec = Math.floor(cs / 100);
  const frac = String(cs % 100).padStart(2, "0");
  if (p.json) p.jsonOnly(name, new JsonRaw(`${sec}.${frac}`));
  else p.fp(`${name} ${String(sec).padStart(4)}.${frac} `);
}

function remaining(dev: NetDevice, expires: number | undefined): number {
  return expires === undefined ? 0 : expires - dev.sim.now;
}

/** bridge_print_opt, for the attributes br_fill_info sends on a kernel without VLAN filtering. */
function printBridgeOpt(show: Show, br: Bridge): void {
  const p = show.p;
  const u = (key: string, text: string, v: number): void => p.any(key, `${text} ${v} `, v);
  const cs = (ns: number): number => Math.round(ns / 10_000_000);
  u("forward_delay", "forward_delay", cs(br.forwardDelay));
  u("hello_time", "hello_time", cs(br.helloTime));
  u("max_age", "max_age", cs(br.maxAge));
  u("ageing_time", "ageing_time", br.ageingTimeCs);
  u("stp_state", "stp_state", br.stpState);
  u("priority", "priority", br.priority);
  u("vlan_filtering", "vlan_filtering", 0);
  const id = bridgeId(br);
  p.any("bridge_id", `bridge_id ${id} `, id);
  // iproute2 prints IFLA_BR_BRIDGE_ID again as the root id.
  p.any("root_id", `designated_root ${id} `, id);
  u("root_port", "root_port", 0);
  u("root_path_cost", "root_path_cost", 0);
  u("topology_change", "topology_change", 0);
  u("topology_change_detected", "topology_change_detected", 0);
  printTimer(p, "hello_timer", 0);
  printTimer(p, "tcn_timer", 0);
  printTimer(p, "topology_change_timer", 0);
  printTimer(p, "gc_timer", remaining(br, br.gcExpires));
  const mask = br.groupFwdMask;
  const hex = mask === 0 ? "0" : `0x${mask.toString(16)}`;
  p.any("group_fwd_mask", `group_fwd_mask ${hex} `, hex);
  p.any("group_addr", "group_address 01:80:c2:00:00:00 ", "01:80:c2:00:00:00");
  u("mcast_snooping", "mcast_snooping", br.mcastSnooping);
  for (const [key, text] of BRIDGE_MCAST_OPTS) u(key, text, br.multicastOptions[text]!);
  u("nf_call_iptables", "nf_call_iptables", br.nfCallIptables);
  u("nf_call_ip6tables", "nf_call_ip6tables", br.nfCallIp6tables);
  u("nf_call_arptables", "nf_call_arptables", br.nfCallArptables);
}

/** The multicast tunables between mcast_snooping and nf_call_*: JSON key, text name. */
const BRIDGE_MCAST_OPTS: ReadonlyArray<readonly [string, string]> = [
  ["no_linklocal_learn", "no_linklocal_learn"],
  ["mcast_vlan_snooping", "mcast_vlan_snooping"],
  ["mcast_router", "mcast_router"],
  ["mcast_query_use_ifaddr", "mcast_query_use_ifaddr"],
  ["mcast_querier", "mcast_querier"],
  ["mcast_hash_elasticity", "mcast_hash_elasticity"],
  ["mcast_hash_max", "mcast_hash_max"],
  ["mcast_last_member_cnt", "mcast_last_member_count"],
  ["mcast_startup_query_cnt", "mcast_startup_query_count"],
  ["mcast_last_member_intvl", "mcast_last_member_interval"],
  ["mcast_membership_intvl", "mcast_membership_interval"],
  ["mcast_querier_intvl", "mcast_querier_interval"],
  ["mcast_query_intvl", "mcast_query_interval"],
  ["mcast_query_response_intvl", "mcast_query_response_interval"],
  ["mcast_startup_query_intvl", "mcast_startup_query_interval"],
  ["mcast_stats_enabled", "mcast_stats_enabled"],
  ["mcast_igmp_version", "mcast_igmp_version"],
  ["mcast_mld_version", "mcast_mld_version"],
];

/** bridge_slave_print_opt. */
function printBridgeSlaveOpt(show: Show, dev: NetDevice): void {
  const p = show.p;
  const br = dev.master as Bridge;
  const port = br.portOf(dev);
  if (port === undefined) return;
  const onOff = (key: string, text: string, on: boolean): void => p.any(key, `${text} ${on ? "on" : "off"} `, on);
  const flag = (bit: number): boolean => (port.flags & bit) !== 0;
  const stateName = BR_PORT_STATE_NAMES[port.state]!;
  p.any("state", `state ${stateName} `, stateName);
  p.any("priority", `priority ${port.priority} `, port.priority);
  p.any("cost", `cost ${port.pathCost} `, port.pathCost);
  onOff("hairpin", "hairpin", flag(BrPortFlag.HAIRPIN_MODE));
  onOff("guard", "guard", flag(BrPortFlag.BPDU_GUARD));
  onOff("root_block", "root_block", flag(BrPortFlag.ROOT_BLOCK));
  onOff("fastleave", "fastleave", flag(BrPortFlag.MULTICAST_FAST_LEAVE));
  onOff("learning", "learning", flag(BrPortFlag.LEARNING));
  onOff("flood", "flood", flag(BrPortFlag.FLOOD));
  const portId = `0x${port.portId.toString(16)}`;
  p.any("id", `port_id ${portId} `, portId);
  const portNo = `0x${port.portNo.toString(16)}`;
  p.any("no", `port_no ${portNo} `, portNo);
  p.any("designated_port", `designated_port ${port.portId} `, port.portId);
  p.any("designated_cost", "designated_cost 0 ", 0);
  const id = bridgeId(br);
  p.any("bridge_id", `designated_bridge ${id} `, id);
  p.any("root_id", `designated_root ${id} `, id);
  printTimer(p, "hold_timer", 0);
  printTimer(p, "message_age_timer", 0);
  printTimer(p, "forward_delay_timer", remaining(dev, port.forwardDelayExpires));
  p.any("topology_change_ack", "topology_change_ack 0 ", 0);
  p.any("config_pending", "config_pending 0 ", 0);
  onOff("proxy_arp", "proxy_arp", flag(BrPortFlag.PROXYARP));
  onOff("proxy_arp_wifi", "proxy_arp_wifi", flag(BrPortFlag.PROXYARP_WIFI));
  p.any("multicast_router", `mcast_router ${port.mcastRouter} `, port.mcastRouter);
  p.fp(`mcast_fast_leave ${flag(BrPortFlag.MULTICAST_FAST_LEAVE) ? "on" : "off"} `);
  onOff("mcast_flood", "mcast_flood", flag(BrPortFlag.MCAST_FLOOD));
  onOff("bcast_flood", "bcast_flood", flag(BrPortFlag.BCAST_FLOOD));
  onOff("mcast_to_unicast", "mcast_to_unicast", flag(BrPortFlag.MULTICAST_TO_UNICAST));
  onOff("neigh_suppress", "neigh_suppress", flag(BrPortFlag.NEIGH_SUPPRESS));
  const mask = port.groupFwdMask;
  const maskHex = mask === 0 ? "0" : `0x${mask.toString(16)}`;
  p.any("group_fwd_mask", `group_fwd_mask ${maskHex} `, maskHex);
  const maskStr = fwdMaskStr(mask);
  p.any("group_fwd_mask_str", `group_fwd_mask_str ${maskStr} `, maskStr);
  onOff("vlan_tunnel", "vlan_tunnel", flag(BrPortFlag.VLAN_TUNNEL));
  onOff("isolated", "isolated", flag(BrPortFlag.ISOLATED));
  onOff("locked", "locked", flag(BrPortFlag.PORT_LOCKED));
  if (port.backupPort !== null) p.any("backup_port", `backup_port ${port.backupPort.dev.name} `, port.backupPort.dev.name);
}

/** _bitmask2str with fwd_mask_tbl: the named link-local groups (stp, lacp, lldp), others in hex. */
function fwdMaskStr(mask: number): string {
  const names: Record<number, string> = { 0: "stp", 2: "lacp", 14: "lldp" };
  const parts: string[] = [];
  for (let i = 0; i < 16; i++) if ((mask & (1 << i)) !== 0) parts.push(names[i] ?? `0x${(1 << i).toString(16)}`);
  return parts.length === 0 ? "0x0" : parts.join(",");
}

// ---- statistics ---------------------------------------------------------------------------

/** print_stats64 (text: columns sized to the widest number; JSON: the "stats64" object). */
function printStats64(show: Show, dev: NetDevice): void {
  const { p } = show;
  const s = dev.stats;
  const more = show.stats > 1;
  const carrierChanges = dev.carrierChanges;
  if (p.json) {
    p.openObject("stats64");
    p.openObject("rx");
    const rx: Array<[string, number]> = [
      ["bytes", s.rxBytes],
      ["packets", s.rxPackets],
      ["errors", s.rxErrors],
      ["dropped", s.rxDropped],
      ["over_errors", s.rxOverErrors],
      ["multicast", s.multicast],
    ];
    if (more) {
      rx.push(["length_errors", s.rxLengthErrors], ["crc_errors", s.rxCrcErrors], ["frame_errors", s.rxFrameErrors]);
      rx.push(["fifo_errors", s.rxFifoErrors], ["missed_errors", s.rxMissedErrors]);
      if (s.rxNohandler !== 0) rx.push(["nohandler", s.rxNohandler]);
    }
    for (const [k, v] of rx) p.jsonOnly(k, v);
    p.closeObject();
    p.openObject("tx");
    const tx: Array<[string, number]> = [
      ["bytes", s.txBytes],
      ["packets", s.txPackets],
      ["errors", s.txErrors],
      ["dropped", s.txDropped],
      ["carrier_errors", s.txCarrierErrors],
      ["collisions", s.collisions],
    ];
    if (more) {
      tx.push(["aborted_errors", s.txAbortedErrors], ["fifo_errors", s.txFifoErrors], ["window_errors", s.txWindowErrors]);
      tx.push(["heartbeat_errors", s.txHeartbeatErrors], ["carrier_changes", carrierChanges]);
    }
    for (const [k, v] of tx) p.jsonOnly(k, v);
    p.closeObject();
    p.closeObject();
    return;
  }
  // "*X errors:", packets, errors, dropped, heartbt, overrun, compressed, otherhost
  const cols = [10, 7, 6, 7, 7, 7, 10, 9];
  const size = (values: number[]): void => {
    values.forEach((v, i) => {
      const len = String(v).length;
      if (len > cols[i]!) cols[i] = len;
    });
  };
  size([s.rxBytes, s.rxPackets, s.rxErrors, s.rxDropped, s.rxMissedErrors, s.multicast, 0, 0]);
  if (more) size([0, s.rxLengthErrors, s.rxCrcErrors, s.rxFrameErrors, s.rxFifoErrors, s.rxOverErrors, s.rxNohandler, 0]);
  size([s.txBytes, s.txPackets, s.txErrors, s.txDropped, s.txCarrierErrors, s.collisions, 0, 0]);
  if (more) size([0, 0, s.txAbortedErrors, s.txFifoErrors, s.txWindowErrors, s.txHeartbeatErrors, carrierChanges, 0]);
  const c = (i: number): number => cols[i]!;
  const num = (w: number, v: number): string => `${String(v).padStart(w)} `;
  const sl = p.sl;
  const head = (dir: string, names: string[]): string =>
    `    ${dir}: ${"bytes".padStart(c(0) - 4)} ${names.map((n, i) => n.padStart(c(i + 1))).join(" ")} ${"".padStart(c(6))}${sl}`;
  let t = head("RX", ["packets", "errors", "dropped", "missed", "mcast"]);
  t += `    ${[s.rxBytes, s.rxPackets, s.rxErrors, s.rxDropped, s.rxMissedErrors, s.multicast].map((v, i) => num(c(i), v)).join("")}`;
  if (more) {
    t += sl;
    t += `    RX errors:${"".padStart(c(0) - 10)} ${["length", "crc", "frame", "fifo", "overrun"].map((n, i) => n.padStart(c(i + 1))).join(" ")}`;
    if (s.rxNohandler !== 0) t += " nohandler".padStart(c(6) + 1);
    t += sl;
    t += "".padStart(c(0) + 5);
    t += [s.rxLengthErrors, s.rxCrcErrors, s.rxFrameErrors, s.rxFifoErrors, s.rxOverErrors].map((v, i) => num(c(i + 1), v)).join("");
    if (s.rxNohandler !== 0) t += num(c(6), s.rxNohandler);
  }
  t += sl;
  t += head("TX", ["packets", "errors", "dropped", "carrier", "collsns"]);
  t += `    ${[s.txBytes, s.txPackets, s.txErrors, s.txDropped, s.txCarrierErrors, s.collisions].map((v, i) => num(c(i), v)).join("")}`;
  if (more) {
    t += sl;
    t += `    TX errors:${"".padStart(c(0) - 10)} ${["aborted", "fifo", "window", "heartbt", "transns"].map((n, i) => n.padStart(c(i + 1))).join(" ")}${sl}`;
    t += "".padStart(c(0) + 5);
    t += [s.txAbortedErrors, s.txFifoErrors, s.txWindowErrors, s.txHeartbeatErrors, carrierChanges].map((v, i) => num(c(i + 1), v)).join("");
  }
  p.fp(t);
}

// ---- print_addrinfo -----------------------------------------------------------------------

/** print_selected_addrinfo: the addresses of one link. */
function printSelectedAddrinfo(show: Show, dev: NetDevice, addrs: readonly AddrMsg[]): void {
  const { p, f } = show;
  p.openArray("addr_info");
  for (const a of addrs) {
    if (a.ifindex !== dev.ifindex) continue;
    if (f.family !== "unspec" && f.family !== a.family) continue;
    if (f.up && (dev.flags & IFF.UP) === 0) continue;
    p.openObject(null);
    printAddrinfo(show, a);
    p.closeObject();
  }
  p.closeArray();
  if (show.brief) p.fp("\n");
}

function printAddrinfo(show: Show, a: AddrMsg): void {
  const { p, f } = show;
  if (f.ifindex !== 0 && f.ifindex !== a.ifindex) return;
  if (!addrSelected(f, show.ns, a)) return;
  if (!show.brief) {
    if (show.oneline) {
      const dev = show.ns.deviceByIndex(a.ifindex)?.name ?? `if${a.ifindex}`;
      if (p.json) {
        p.jsonOnly("index", a.ifindex);
        p.jsonOnly("dev", dev);
      } else p.fp(`${a.ifindex}: ${dev}`);
    }
    p.any("family", `    ${a.family} `, a.family);
  }
  p.any("local", a.local, a.local);
  if (a.peer !== undefined) {
    p.fp(" peer ");
    p.any("address", a.peer, a.peer);
  }
  p.any("prefixlen", `/${a.prefixLen} `, a.prefixLen);
  if (a.metric !== 0) p.any("metric", `metric ${a.metric} `, a.metric);
  if (show.brief) return;
  if (a.broadcast !== undefined) {
    p.fp("brd ");
    p.any("broadcast", `${a.broadcast} `, a.broadcast);
  }
  const scope = scopeName(a.scope);
  p.any("scope", `scope ${scope} `, scope);
  printIfaFlags(p, a);
  if (a.label !== undefined) p.any("label", a.label, a.label);
  p.nl();
  p.fp("       valid_lft ");
  printLifetime(p, "valid_life_time", a.valid);
  p.fp(" preferred_lft ");
  printLifetime(p, "preferred_life_time", a.preferred);
  p.fp("\n");
}

function printLifetime(p: IpPrinter, key: string, v: number): void {
  if (v === INFINITY_LIFE_TIME) {
    p.jsonOnly(key, INFINITY_LIFE_TIME);
    p.fp("forever");
  } else p.any(key, `${v}sec`, v);
}

/** print_ifa_flags. */
function printIfaFlags(p: IpPrinter, a: AddrMsg): void {
  let flags = a.flags;
  for (const [name, mask] of IFA_FLAG_DATA) {
    if (mask === IfaFlags.PERMANENT) {
      if ((flags & mask) === 0) p.any("dynamic", "dynamic ", true);
    } else if ((flags & mask) !== 0) {
      if (mask === IfaFlags.SECONDARY && a.family === "inet6") p.any("temporary", "temporary ", true);
      else p.any(name, `${name} `, true);
    }
    flags &= ~mask;
  }
  if (flags !== 0) {
    const hex = flags.toString(16).padStart(2, "0");
    p.any("ifa_flags", `flags ${hex} `, hex);
  }
}
