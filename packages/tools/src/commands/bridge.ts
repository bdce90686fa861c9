/**
 * The `bridge` command of iproute2 6.1 (bridge/bridge.c, fdb.c, link.c): `fdb show`, `link
 * show` and `link set`, printing what the kernel's dumps give (br_fdb_dump and
 * ndo_dflt_fdb_dump for the FDB, br_ifinfo for the ports).
 */
import { formatMac, type MacAddr } from "@pktsim/core";
import { Bridge, BR_PORT_STATE_NAMES, BrPortFlag, type BridgePort, FdbFlag, type NetDevice, Veth, Vxlan } from "@pktsim/devices";
import { Errno, KernelError, type Namespace, strerror } from "@pktsim/stack";
import { type CommandContext, Exit } from "../command";
import { IpPrinter, writeJson } from "./ip/json-print";
import { printLinkFlags } from "./ip/linkinfo";
import { matches } from "./ip/options";
import { type BridgeSlaveOpts, applyBridgeSlaveOpts } from "./ip/iplink-bridge";
import { type VxlanFdbLine, fdbGet, fdbModify, printVxlanFdbLine, vxlanFdbLines } from "./bridge-fdb-vxlan";

const USAGE =
  "Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n" +
  "       bridge [ -force ] -batch filename\n" +
  "where  OBJECT := { link | fdb | mdb | vlan | monitor }\n" +
  "       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n" +
  "                    -o[neline] | -t[imestamp] | -n[etns] name |\n" +
  "                    -c[ompressvlans] -color -p[retty] -j[son] }\n";

interface BridgeOpts {
  stats: boolean;
  details: boolean;
  json: boolean;
  pretty: boolean;
  oneline: boolean;
}

/** new_json_obj for a show command: one printer per listing. */
function printer(opts: BridgeOpts): IpPrinter {
  const p = new IpPrinter(opts.json, opts.oneline, opts.pretty);
  p.begin();
  return p;
}

function usage(ctx: CommandContext): never {
  ctx.err(USAGE);
  throw new Exit(255);
}

export function bridge(ctx: CommandContext): number {
  const argv = ctx.argv;
  const opts: BridgeOpts = { stats: false, details: false, json: false, pretty: false, oneline: false };
  let ns = ctx.ns;
  let i = 1;
  while (i < argv.length) {
    let opt = argv[i]!;
    if (opt === "--") {
      i++;
      break;
    }
    if (!opt.startsWith("-")) break;
    if (opt.startsWith("--")) opt = opt.slice(1);
    if (matches(opt, "-help")) usage(ctx);
    else if (matches(opt, "-Version")) {
      ctx.out("bridge utility, 6.1.0\n");
      return 0;
    } else if (matches(opt, "-stats") || matches(opt, "-statistics")) opts.stats = true;
    else if (matches(opt, "-details")) opts.details = true;
    else if (matches(opt, "-oneline")) opts.oneline = true;
    else if (matches(opt, "-json")) opts.json = true;
    else if (matches(opt, "-pretty")) opts.pretty = true;
    else if (matches(opt, "-netns")) {
      const name = argv[++i];
      if (name === undefined) {
        ctx.err('Command line is not complete. Try option "help"\n');
        return 255;
      }
      const target = ctx.host.netns(name);
      if (target === undefined) {
        ctx.err(`Cannot open network namespace "${name}": No such file or directory\n`);
        return 255;
      }
      ns = target;
    } else if (matches(opt, "-timestamp") || matches(opt, "-compressvlans") || matches(opt, "-force") || opt === "-color" || opt.startsWith("-color=")) {
      // presentation options without effect on this output
    } else {
      ctx.err(`Option "${argv[i]}" is unknown, try "bridge help".\n`);
      return 255;
    }
    i++;
  }
  const object = argv[i];
  if (object === undefined) usage(ctx);
  const rest = argv.slice(i + 1);
  if (matches(object, "link")) return doLink(ctx, ns, rest, opts);
  if (matches(object, "fdb")) return doFdb(ctx, ns, rest, opts);
  if (matches(object, "vlan")) return doVlan(ctx, ns, rest, opts);
  if (matches(object, "mdb")) return doMdb(ctx, rest, opts);
  if (matches(object, "vni") || matches(object, "monitor")) {
    ctx.err(`Object "${object}" is not supported by pktsim.\n`);
    return 255;
  }
  if (matches(object, "help")) usage(ctx);
  ctx.err(`Object "${object}" is unknown, try "bridge help".\n`);
  return 255;
}

// ---- fdb -----------------------------------------------------------------------------

function doFdb(ctx: CommandContext, ns: Namespace, args: readonly string[], opts: BridgeOpts): number {
  const sub = args[0];
  if (sub === undefined || matches(sub, "show") || matches(sub, "lst") || matches(sub, "list")) return fdbShow(ctx, ns, args.slice(1), opts);
  // do_fdb's order of prefixes: add, append, replace, delete, get.
  if (matches(sub, "add")) return fdbModify(ctx, ns, "add", args.slice(1));
  if (matches(sub, "append")) return fdbModify(ctx, ns, "append", args.slice(1));
  if (matches(sub, "replace")) return fdbModify(ctx, ns, "replace", args.slice(1));
  if (matches(sub, "delete")) return fdbModify(ctx, ns, "del", args.slice(1));
  if (matches(sub, "get")) return fdbGet(ctx, ns, args.slice(1), printer(opts), opts.stats);
  if (sub === "flush") {
    ctx.err(`bridge fdb ${sub}: not supported by pktsim.\n`);
    return 255;
  }
  if (matches(sub, "help")) {
    ctx.err("Usage: bridge fdb { add | append | del | replace } ADDR dev DEV\n");
    return 255;
  }
  ctx.err(`Command "${sub}" is unknown, try "bridge fdb help".\n`);
  return 255;
}

interface FdbLine {
  mac: MacAddr;
  dev: NetDevice;
  /** NTF_SELF (the device's own address list) or NTF_MASTER (the bridge's FDB). */
  self: boolean;
  master: Bridge | null;
  state: "permanent" | "static" | "";
  /** -s: seconds since last used / updated. */
  used?: number;
  updated?: number;
  /** An entry of a VXLAN device's own FDB (vxlan_fdb_dump), printed with its remote. */
  vxlan?: VxlanFdbLine;
}

/** fdb_show: the kernel's rtnl_fdb_dump walks devices by ifindex; iproute2 filters and prints. */
function fdbShow(ctx: CommandContext, ns: Namespace, args: readonly string[], opts: BridgeOpts): number {
  let filterDev: string | undefined;
  let br: string | undefined;
  let dynamic = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = (): string => {
      const v = args[++i];
      if (v === undefined) {
        ctx.err('Command line is not complete. Try option "help"\n');
        throw new Exit(255);
      }
      return v;
    };
    if (a === "brport" || a === "dev") filterDev = next();
    else if (a === "br") br = next();
    else if (a === "vlan" || a === "state") next();
    else if (a === "dynamic") dynamic = true;
    else if (matches(a, "help")) {
      ctx.err("Usage: bridge fdb { add | append | del | replace } ADDR dev DEV\n");
      return 255;
    }
  }
  let master: NetDevice | undefined;
  if (br !== undefined) {
    master = ns.deviceByName(br);
    if (master === undefined) {
      ctx.err(`Cannot find bridge device "${br}"\n`);
      return 255;
    }
  }
  let filter: NetDevice | undefined;
  if (filterDev !== undefined) {
    filter = ns.deviceByName(filterDev);
    if (filter === undefined) {
      ctx.err(`Cannot find device "${filterDev}"\n`);
      return 255;
    }
  }
  const now = ns.sim.now;
  const secs = (t: number): number => Math.floor((now - t) / 1e9);
  const lines: FdbLine[] = [];
  for (const dev of [...ns.devices()].sort((a, b) => a.ifindex - b.ifindex)) {
    if (master !== undefined && dev !== master && dev.master !== master) continue;
    if (dev.kind === "loopback") continue;
    // A device with its own ndo_fdb_dump (VXLAN) replaces the address-list dump (ndo_dflt_fdb_dump).
    const selfLines =
      dev instanceof Vxlan
        ? vxlanFdbLines(dev).map((vxlan): FdbLine => ({ mac: vxlan.mac, dev, self: true, master: null, state: (vxlan.entry.state & 0x80) !== 0 ? "permanent" : "", vxlan }))
        : ns.mc.list(dev).map((mac): FdbLine => ({ mac, dev, self: true, master: null, state: "permanent" }));
    const brLines = (b: Bridge, port: BridgePort | null): FdbLine[] =>
      b
        .fdbEntries()
        .filter((f) => (port === null ? f.port === 0 : f.port === port.portNo))
        .map((f) => ({
          mac: f.mac,
          dev,
          self: false,
          master: b,
          state: (f.flags & FdbFlag.LOCAL) !== 0 ? "permanent" : (f.flags & FdbFlag.STATIC) !== 0 ? "static" : "",
          used: secs(f.used),
          updated: secs(f.updated),
        }));
    if (dev.master instanceof Bridge) {
      const port = dev.master.portOf(dev);
      if (port !== undefined) lines.push(...brLines(dev.master, port));
      lines.push(...selfLines);
    } else if (dev instanceof Bridge) {
      // br_fdb_dump on the bridge itself: its address lists, then the entries without a port.
      lines.push(...selfLines, ...brLines(dev, null));
    } else {
      lines.push(...selfLines);
    }
  }
  // print_fdb
  const p = printer(opts);
  for (const l of lines) {
    if (filter !== undefined && l.dev !== filter) continue;
    if (dynamic && l.state === "permanent") continue;
    if (l.vxlan !== undefined) {
      printVxlanFdbLine(p, ns, l.vxlan, filter === undefined, opts.stats);
      continue;
    }
    p.openObject(null);
    const mac = formatMac(l.mac);
    p.any("mac", `${mac} `, mac);
    if (filter === undefined) {
      p.fp("dev ");
      p.any("ifname", `${l.dev.name} `, l.dev.name);
    }
    if (opts.stats && l.used !== undefined) {
      if (p.json) {
        p.jsonOnly("used", l.used);
        p.jsonOnly("updated", l.updated!);
      } else p.fp(`used ${l.used}/${l.updated} `);
    }
    p.openArray("flags");
    if (l.self) p.any(null, "self ", "self");
    p.closeArray();
    if (l.master !== null) p.any("master", `master ${l.master.name} `, l.master.name);
    p.any("state", `${l.state}\n`, l.state);
    p.closeObject();
  }
  ctx.out(p.finish());
  return 0;
}

// ---- link ----------------------------------------------------------------------------

function doLink(ctx: CommandContext, ns: Namespace, args: readonly string[], opts: BridgeOpts): number {
  const sub = args[0];
  if (sub === undefined || matches(sub, "show") || matches(sub, "lst") || matches(sub, "list")) return linkShow(ctx, ns, args.slice(1), opts);
  if (matches(sub, "set") || matches(sub, "change")) return linkSet(ctx, ns, args.slice(1));
  if (matches(sub, "help")) linkUsage(ctx);
  ctx.err(`Command "${sub}" is unknown, try "bridge link help".\n`);
  return 255;
}

function linkUsage(ctx: CommandContext): never {
  ctx.err(
    "Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]\n" +
      "                               [ guard {on | off} ]\n" +
      "                               [ hairpin {on | off} ]\n" +
      "                               [ fastleave {on | off} ]\n" +
      "                               [ root_block {on | off} ]\n" +
      "                               [ learning {on | off} ]\n" +
      "                               [ learning_sync {on | off} ]\n" +
      "                               [ flood {on | off} ]\n" +
      "                               [ mcast_router MULTICAST_ROUTER ]\n" +
      "                               [ mcast_flood {on | off} ]\n" +
      "                               [ bcast_flood {on | off} ]\n" +
      "                               [ mcast_to_unicast {on | off} ]\n" +
      "                               [ neigh_suppress {on | off} ]\n" +
      "                               [ vlan_tunnel {on | off} ]\n" +
      "                               [ isolated {on | off} ]\n" +
      "                               [ locked {on | off} ]\n" +
      "                               [ hwmode {vepa | veb} ]\n" +
      "                               [ backup_port DEVICE ] [ nobackup_port ]\n" +
      "                               [ self ] [ master ]\n" +
      "       bridge link show [dev DEV]\n",
  );
  throw new Exit(255);
}

/**
 * print_name_and_link as `bridge link` prints it: the AF_BRIDGE dump carries IFLA_LINK without
 * a netns id, so the link's index is looked up in this namespace (`vb1@br0` when the peer's
 * index here is br0's, `if5` when nothing has it) and M-DOWN follows that device's UP flag.
 */
function nameAndLink(ns: Namespace, dev: NetDevice): { link: string | undefined; mdown: boolean } {
  if (!(dev instanceof Veth)) return { link: undefined, mdown: false };
  const iflink = dev.peer.ifindex;
  const local = ns.deviceByIndex(iflink);
  return { link: local?.name ?? `if${iflink}`, mdown: local === undefined || !local.adminUp };
}

/** brlink_show: every bridge port, in the namespace's device list order (rtnl_bridge_getlink). */
function linkShow(ctx: CommandContext, ns: Namespace, args: readonly string[], opts: BridgeOpts): number {
  let filterDev: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== "dev") continue;
    const v = args[++i];
    if (v === undefined) {
      ctx.err('Command line is not complete. Try option "help"\n');
      return 255;
    }
    if (filterDev !== undefined) {
      ctx.err(`Error: duplicate "dev": "${v}" is the second value.\n`);
      return 255;
    }
    filterDev = v;
  }
  let filter: NetDevice | undefined;
  if (filterDev !== undefined) {
    filter = ns.deviceByName(filterDev);
    if (filter === undefined) {
      ctx.err(`Cannot find device "${filterDev}"\n`);
      return 255;
    }
  }
  // print_linkinfo (bridge/link.c)
  const pr = printer(opts);
  for (const dev of ns.devices()) {
    if (filter !== undefined && dev !== filter) continue;
    const br = dev.master;
    if (!(br instanceof Bridge)) continue;
    const p = br.portOf(dev);
    if (p === undefined) continue;
    pr.openObject(null);
    pr.any("ifindex", `${dev.ifindex}: `, dev.ifindex);
    const { link, mdown } = nameAndLink(ns, dev);
    if (link !== undefined) pr.jsonOnly("link", link);
    pr.any("ifname", `${link === undefined ? dev.name : `${dev.name}@${link}`}: `, dev.name);
    printLinkFlags(pr, dev.flags, mdown);
    pr.any("mtu", `mtu ${dev.mtu} `, dev.mtu);
    pr.any("master", `master ${br.name} `, br.name);
    const state = BR_PORT_STATE_NAMES[p.state]!;
    pr.any("state", `state ${state} `, state);
    pr.any("priority", `priority ${p.priority} `, p.priority);
    pr.any("cost", `cost ${p.pathCost} `, p.pathCost);
    if (opts.details) {
      pr.fp(`${pr.sl}    `);
      const onOff = (key: string, flag: number): void => {
        const on = (p.flags & flag) !== 0;
        pr.any(key, `${key} ${on ? "on" : "off"} `, on);
      };
      onOff("hairpin", BrPortFlag.HAIRPIN_MODE);
      onOff("guard", BrPortFlag.BPDU_GUARD);
      onOff("root_block", BrPortFlag.ROOT_BLOCK);
      onOff("fastleave", BrPortFlag.MULTICAST_FAST_LEAVE);
      onOff("learning", BrPortFlag.LEARNING);
      onOff("flood", BrPortFlag.FLOOD);
      onOff("mcast_flood", BrPortFlag.MCAST_FLOOD);
      onOff("bcast_flood", BrPortFlag.BCAST_FLOOD);
      pr.any("mcast_router", "mcast_router 1 ", 1);
      onOff("mcast_to_unicast", BrPortFlag.MULTICAST_TO_UNICAST);
      onOff("neigh_suppress", BrPortFlag.NEIGH_SUPPRESS);
      onOff("vlan_tunnel", BrPortFlag.VLAN_TUNNEL);
      onOff("isolated", BrPortFlag.ISOLATED);
      onOff("locked", BrPortFlag.PORT_LOCKED);
    }
    pr.fp("\n");
    pr.closeObject();
  }
  ctx.out(pr.finish());
  return 0;
}

/** The on/off options of `bridge link set` and the port flag each sets (exact words). */
const PORT_FLAGS: Readonly<Record<string, number>> = {
  guard: BrPortFlag.BPDU_GUARD,
  hairpin: BrPortFlag.HAIRPIN_MODE,
  fastleave: BrPortFlag.MULTICAST_FAST_LEAVE,
  root_block: BrPortFlag.ROOT_BLOCK,
  learning: BrPortFlag.LEARNING,
  flood: BrPortFlag.FLOOD,
  mcast_flood: BrPortFlag.MCAST_FLOOD,
  bcast_flood: BrPortFlag.BCAST_FLOOD,
  mcast_to_unicast: BrPortFlag.MULTICAST_TO_UNICAST,
  neigh_suppress: BrPortFlag.NEIGH_SUPPRESS,
  vlan_tunnel: BrPortFlag.VLAN_TUNNEL,
  isolated: BrPortFlag.ISOLATED,
  locked: BrPortFlag.PORT_LOCKED,
};

/** C's atoi: leading digits (with a sign), 0 when there are none. */
function atoi(text: string): number {
  const m = /^\s*([+-]?[0-9]+)/.exec(text);
  return m === null ? 0 : Number(m[1]);
}

/**
 * brlink_modify (bridge/link.c) → rtnl_bridge_setlink → br_setlink/br_setport: IFLA_PROTINFO
 * for the port's master, or with `self`/`hwmode` the device's own ndo_bridge_setlink (which
 * veths and NICs do not have).
 */
function linkSet(ctx: CommandContext, ns: Namespace, args: readonly string[]): number {
  let devName: string | undefined;
  const o: BridgeSlaveOpts = { flags: [], flush: false };
  let self = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = (): string => {
      const v = args[++i];
      if (v === undefined) {
        ctx.err('Command line is not complete. Try option "help"\n');
        throw new Exit(255);
      }
      return v;
    };
    if (a === "dev") devName = next();
    else if (PORT_FLAGS[a] !== undefined || a === "learning_sync") {
      const v = next();
      if (v !== "on" && v !== "off") {
        // parse_on_off returns -EINVAL, and bridge exits with it.
        ctx.err(`Error: argument of "${a}" must be one of "off", "on", not "${v}"\n`);
        return 234;
      }
      if (a !== "learning_sync") o.flags.push([PORT_FLAGS[a]!, v === "on"]);
    } else if (a === "mcast_router") o.mcastRouter = atoi(next()) & 0xff;
    else if (a === "cost") {
      const c = atoi(next());
      o.cost = c > 0 ? c >>> 0 : undefined;
    } else if (a === "priority") {
      const pr = atoi(next());
      o.priority = pr >= 0 ? pr & 0xffff : undefined;
    } else if (a === "state") {
      const v = next();
      let st = /^[+-]?[0-9]+$/.test(v) ? Number(v) : BR_PORT_STATE_NAMES.indexOf(v);
      if (!/^[+-]?[0-9]+$/.test(v) && st < 0) {
        ctx.err("Error: invalid STP port state\n");
        return 255;
      }
      st = ((st << 24) >> 24);
      o.state = st >= 0 ? st : undefined;
    } else if (a === "hwmode") {
      const v = next();
      if (v !== "vepa" && v !== "veb") {
        ctx.err('Mode argument must be "vepa" or "veb".\n');
        return 255;
      }
      self = true;
    } else if (a === "self") self = true;
    else if (a === "master") {
      // the default: the request goes to the port's bridge
    } else if (a === "backup_port") {
      const v = next();
      const d = ns.deviceByName(v);
      if (d === undefined) {
        ctx.err(`Error: device ${v} does not exist\n`);
        return 255;
      }
      o.backupIfindex = d.ifindex;
    } else if (a === "nobackup_port") o.backupIfindex = 0;
    else linkUsage(ctx);
  }
  if (devName === undefined) {
    ctx.err("Device is a required argument.\n");
    return 255;
  }
  const dev = ns.deviceByName(devName);
  if (dev === undefined) {
    ctx.err(`Cannot find bridge device "${devName}"\n`);
    return 255;
  }
  const br = dev.master;
  const p = br instanceof Bridge ? br.portOf(dev) : undefined;
  try {
    if (self || !(br instanceof Bridge) || p === undefined) throw new KernelError(Errno.EOPNOTSUPP);
    applyBridgeSlaveOpts(br, p, o);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    ctx.err(`RTNETLINK answers: ${strerror(e.errno)}\n`);
    return 255;
  }
  return 0;
}

// ---- vlan and mdb --------------------------------------------------------------------

const VLAN_USAGE =
  "Usage: bridge vlan { add | del } vid VLAN_ID dev DEV [ tunnel_info id TUNNEL_ID ]\n" +
  "                                                     [ pvid ] [ untagged ]\n" +
  "                                                     [ self ] [ master ]\n" +
  "       bridge vlan { set } vid VLAN_ID dev DEV [ state STP_STATE ]\n" +
  "                                               [ mcast_router MULTICAST_ROUTER ]\n" +
  "       bridge vlan { show } [ dev DEV ] [ vid VLAN_ID ]\n" +
  "       bridge vlan { tunnelshow } [ dev DEV ] [ vid VLAN_ID ]\n" +
  "       bridge vlan global { set } vid VLAN_ID dev DEV\n" +
  "                      [ mcast_snooping MULTICAST_SNOOPING ]\n" +
  "                      [ mcast_querier MULTICAST_QUERIER ]\n" +
  "                      [ mcast_igmp_version IGMP_VERSION ]\n" +
  "                      [ mcast_mld_version MLD_VERSION ]\n" +
  "                      [ mcast_last_member_count LAST_MEMBER_COUNT ]\n" +
  "                      [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n" +
  "                      [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n" +
  "                      [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n" +
  "                      [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n" +
  "                      [ mcast_querier_interval QUERIER_INTERVAL ]\n" +
  "                      [ mcast_query_interval QUERY_INTERVAL ]\n" +
  "                      [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n" +
  "       bridge vlan global { show } [ dev DEV ] [ vid VLAN_ID ]\n";

/**
 * bridge vlan (bridge/vlan.c) on a kernel without VLAN filtering (the reference kernel's
 * bridge sends no vlan lists): `show` prints the header and nothing under it, `add` is refused
 * by br_setlink with EOPNOTSUPP, `del` succeeds without effect.
 */
function doVlan(ctx: CommandContext, ns: Namespace, args: readonly string[], opts: BridgeOpts): number {
  const sub = args[0];
  if (sub === undefined || matches(sub, "show") || matches(sub, "list") || matches(sub, "lst")) {
    if (opts.json) ctx.out(opts.pretty ? "[ ]\n" : "[]\n");
    else ctx.out(`${"port".padEnd(16)}  ${"vlan-id".padEnd(9)}\n`);
    return 0;
  }
  if (matches(sub, "help")) {
    ctx.err(VLAN_USAGE);
    return 255;
  }
  if (matches(sub, "add") || matches(sub, "delete")) {
    let devName: string | undefined;
    for (let i = 1; i < args.length; i++) if (args[i] === "dev") devName = args[++i];
    if (devName !== undefined && ns.deviceByName(devName) === undefined) {
      ctx.err(`Cannot find bridge device "${devName}"\n`);
      return 255;
    }
    if (matches(sub, "delete")) return 0;
    ctx.err("RTNETLINK answers: Operation not supported\n");
    return 255;
  }
  ctx.err(`bridge vlan ${sub}: not supported by pktsim.\n`);
  return 255;
}

/** bridge mdb show: no multicast database entries or router ports (snooping is not modelled). */
function doMdb(ctx: CommandContext, args: readonly string[], opts: BridgeOpts): number {
  const sub = args[0];
  if (sub === undefined || matches(sub, "show") || matches(sub, "list") || matches(sub, "lst")) {
    if (opts.json) ctx.out(`${writeJson([{ mdb: [], router: {} }], opts.pretty)}\n`);
    return 0;
  }
  ctx.err(`bridge mdb ${sub}: not supported by pktsim.\n`);
  return 255;
}
