/**
 * brctl from bridge-utils 1.7.1 (Debian 12): the bridge ioctls (SIOCBRADDBR, SIOCBRADDIF, …)
 * and the sysfs files it reads, with its messages and exit statuses as checked on the kernel.
 *
 * Listing order: bridges and their ports as brctl reads them from sysfs (/sys/class/net and
 * brif/, scandir with alphasort), i.e. sorted by name. (Where sysfs belongs to another network
 * namespace, brctl falls back to ioctls that list in ifindex and port-number order; a script
 * whose names sort in creation order prints the same either way.)
 */
import { formatMac } from "@pktsim/core";
import { Bridge, BridgeError, BrPortFlag, FdbFlag, type NetDevice } from "@pktsim/devices";
import { Errno, KernelError, type Namespace, strerror } from "@pktsim/stack";
import type { CommandContext } from "../command";

const COMMANDS: ReadonlyArray<readonly [name: string, nargs: number, help: string]> = [
  ["addbr", 1, "<bridge>\t\tadd bridge"],
  ["delbr", 1, "<bridge>\t\tdelete bridge"],
  ["addif", 2, "<bridge> <device>\tadd interface to bridge"],
  ["delif", 2, "<bridge> <device>\tdelete interface from bridge"],
  ["hairpin", 3, "<bridge> <port> {on|off}\tturn hairpin on/off"],
  ["setageing", 2, "<bridge> <time>\t\tset ageing time"],
  ["setbridgeprio", 2, "<bridge> <prio>\t\tset bridge priority"],
  ["setfd", 2, "<bridge> <time>\t\tset bridge forward delay"],
  ["sethello", 2, "<bridge> <time>\t\tset hello time"],
  ["setmaxage", 2, "<bridge> <time>\t\tset max message age"],
  ["setpathcost", 3, "<bridge> <port> <cost>\tset path cost"],
  ["setportprio", 3, "<bridge> <port> <prio>\tset port priority"],
  ["show", 0, "[ <bridge> ]\t\tshow a list of bridges"],
  ["showmacs", 1, "<bridge>\t\tshow a list of mac addrs"],
  ["showstp", 1, "<bridge>\t\tshow bridge stp info"],
  ["stp", 2, "<bridge> {on|off}\tturn stp on/off"],
];

function help(ctx: CommandContext): void {
  ctx.err(`Usage: brctl [commands]\ncommands:\n${COMMANDS.map(([n, , h]) => `\t${n.padEnd(10)}\t${h}\n`).join("")}`);
}

/** IFNAMSIZ: brctl copies names into a 16-byte buffer. */
const truncName = (name: string): string => name.slice(0, 15);

export function brctl(ctx: CommandContext): number {
  const argv = ctx.argv.slice(1);
  const ns = ctx.ns;
  // getopt: only -h and -V are options; anything else starting with '-' is an error.
  const opt = argv[0];
  if (opt !== undefined && opt.startsWith("-") && opt.length > 1) {
    if (opt === "-V") {
      ctx.out("bridge-utils, 1.7.1\n");
      return 0;
    }
    if (opt !== "-h") {
      ctx.err(`brctl: invalid option -- '${opt[1]}'\nUnknown option '?'\n`);
    }
    help(ctx);
    return 1;
  }
  const name = argv[0];
  if (name === undefined) {
    help(ctx);
    return 1;
  }
  const cmd = COMMANDS.find(([n]) => n === name);
  if (cmd === undefined) {
    ctx.err(`never heard of command [${name}]\n`);
    help(ctx);
    return 1;
  }
  const args = argv.slice(1);
  const [, nargs, usage] = cmd;
  if (args.length < nargs) {
    ctx.err(`Incorrect number of arguments for command\nUsage: brctl ${name} ${usage}\n`);
    return 1;
  }
  for (const a of args) {
    if (a.startsWith("-") && a.length > 1) {
      ctx.err(`brctl: invalid option -- '${a[1]}'\nUnknown option '?'\n`);
      help(ctx);
      return 1;
    }
  }
  switch (name) {
    case "addbr":
      return addbr(ctx, ns, truncName(args[0]!));
    case "delbr":
      return delbr(ctx, ns, truncName(args[0]!));
    case "addif":
      return addif(ctx, ns, args[0]!, args.slice(1));
    case "delif":
      return delif(ctx, ns, args[0]!, args.slice(1));
    case "show":
      return show(ctx, ns, args);
    case "showmacs":
      return showmacs(ctx, ns, args[0]!);
    case "setageing":
      return setageing(ctx, ns, args[0]!, args[1]!);
    case "hairpin":
      return hairpin(ctx, ns, args[0]!, args[1]!, args[2]!);
    default:
      ctx.err(`brctl ${name}: not supported by pktsim (no STP model).\n`);
      return 1;
  }
}

function errnoOf(e: unknown): number {
  if (e instanceof KernelError || e instanceof BridgeError) return e.errno;
  throw e;
}

/** SIOCBRADDBR → br_add_bridge. */
function addbr(ctx: CommandContext, ns: Namespace, name: string): number {
  try {
    ns.addBridge(name);
    return 0;
  } catch (e) {
    const errno = errnoOf(e);
    if (errno === Errno.EEXIST) ctx.err(`device ${name} already exists; can't create bridge with the same name\n`);
    else ctx.err(`add bridge failed: ${strerror(errno)}\n`);
    return 1;
  }
}

/** SIOCBRDELBR → br_del_bridge: only a bridge that is down. */
function delbr(ctx: CommandContext, ns: Namespace, name: string): number {
  const dev = ns.deviceByName(name);
  if (dev === undefined) {
    ctx.err(`bridge ${name} doesn't exist; can't delete it\n`);
    return 1;
  }
  if (!(dev instanceof Bridge)) {
    ctx.err(`can't delete bridge ${name}: ${strerror(Errno.EPERM)}\n`);
    return 1;
  }
  if (dev.adminUp) {
    ctx.err(`bridge ${name} is still up; can't delete it\n`);
    return 1;
  }
  ns.destroyDevice(dev);
  return 0;
}

/** SIOCBRADDIF for each interface. */
function addif(ctx: CommandContext, ns: Namespace, brName: string, ifNames: readonly string[]): number {
  const br = ns.deviceByName(brName);
  if (br === undefined) {
    ctx.err(`bridge ${brName} does not exist!\n`);
    return 1;
  }
  let status = 0;
  for (const ifName of ifNames) {
    const dev = ns.deviceByName(ifName);
    if (dev === undefined) {
      ctx.err(`interface ${ifName} does not exist!\n`);
      status = 1;
      continue;
    }
    let errno = 0;
    try {
      // The ioctl goes to the bridge device (br_add_if): anything else does not know it, and
      // unlike `ip link set master` a port of another bridge is refused, not moved.
      if (!(br instanceof Bridge)) throw new KernelError(Errno.EOPNOTSUPP);
      br.addIf(dev);
    } catch (e) {
      errno = errnoOf(e);
    }
    if (errno === 0) continue;
    status = 1;
    if (errno === Errno.EBUSY) ctx.err(`device ${ifName} is already a member of a bridge; can't add it to bridge ${brName}.\n`);
    else if (errno === 40) ctx.err(`device ${ifName} is a bridge device itself; can't add a bridge device to a bridge device.\n`);
    else ctx.err(`can't add ${ifName} to bridge ${brName}: ${strerror(errno)}\n`);
  }
  return status;
}

/** SIOCBRDELIF for each interface. */
function delif(ctx: CommandContext, ns: Namespace, brName: string, ifNames: readonly string[]): number {
  const br = ns.deviceByName(brName);
  if (br === undefined) {
    ctx.err(`bridge ${brName} does not exist!\n`);
    return 1;
  }
  let status = 0;
  for (const ifName of ifNames) {
    const dev = ns.deviceByName(ifName);
    if (dev === undefined) {
      ctx.err(`interface ${ifName} does not exist!\n`);
      status = 1;
      continue;
    }
    if (!(br instanceof Bridge)) {
      ctx.err(`can't delete ${ifName} from ${brName}: ${strerror(Errno.EOPNOTSUPP)}\n`);
      status = 1;
    } else if (dev.master !== br) {
      ctx.err(`device ${ifName} is not a port of ${brName}\n`);
      status = 1;
    } else {
      ns.enslave(dev, null);
    }
  }
  return status;
}

/** "8000.0a69e9dcc3d7": priority and MAC, as brctl prints a bridge id. */
function bridgeId(br: Bridge): string {
  return `${br.priority.toString(16).padStart(4, "0")}.${formatMac(br.bridgeIdMac).replaceAll(":", "")}`;
}

const byName = (a: NetDevice, b: NetDevice): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function showBridge(ctx: CommandContext, br: Bridge): void {
  const ports = br
    .ports()
    .map((p) => p.dev)
    .sort(byName);
  let text = `${br.name}\t\t${bridgeId(br)}\t${br.stpState === 0 ? "no" : "yes"}\t\t`;
  if (ports.length === 0) text += "\n";
  ports.forEach((dev, i) => {
    text += i === 0 ? `${dev.name}\n` : `\t\t\t\t\t\t\t${dev.name}\n`;
  });
  ctx.out(text);
}

const SHOW_HEADER = "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n";

function show(ctx: CommandContext, ns: Namespace, names: readonly string[]): number {
  // The header comes with the first bridge shown (none: nothing is printed).
  let header = false;
  if (names.length === 0) {
    for (const dev of [...ns.devices()].sort(byName)) {
      if (!(dev instanceof Bridge)) continue;
      if (!header) ctx.out(SHOW_HEADER);
      header = true;
      showBridge(ctx, dev);
    }
    return 0;
  }
  let status = 0;
  for (const name of names) {
    const dev = ns.deviceByName(name);
    if (dev === undefined) {
      ctx.err(`bridge ${name} does not exist!\n`);
      status = 1;
    } else if (!(dev instanceof Bridge)) {
      ctx.err(`device ${name} is not a bridge!\n`);
      status = 1;
    } else {
      if (!header) ctx.out(SHOW_HEADER);
      header = true;
      showBridge(ctx, dev);
    }
  }
  return status;
}

/** "%4i.%.2i": seconds and hundredths. */
function timer(ns: number): string {
  const cs = Math.floor(ns / 10_000_000);
  return `${String(Math.floor(cs / 100)).padStart(4)}.${String(cs % 100).padStart(2, "0")}`;
}

/** brforward: the entries with a port, sorted by MAC; local ones show no ageing. */
function showmacs(ctx: CommandContext, ns: Namespace, name: string): number {
  const br = ns.deviceByName(name);
  if (!(br instanceof Bridge)) {
    ctx.err(`read of forward table failed: ${strerror(br === undefined ? Errno.ENODEV : Errno.EOPNOTSUPP)}\n`);
    return 1;
  }
  const now = ns.sim.now;
  const entries = br
    .fdbEntries()
    .filter((f) => f.port !== 0)
    .sort((a, b) => a.mac - b.mac);
  let text = "port no\tmac addr\t\tis local?\tageing timer\n";
  for (const f of entries) {
    const local = (f.flags & FdbFlag.LOCAL) !== 0;
    text += `${String(f.port).padStart(3)}\t${formatMac(f.mac)}\t${local ? "yes" : "no"}\t\t${timer(local ? 0 : now - f.updated)}\n`;
  }
  ctx.out(text);
  return 0;
}

/** br_set_ageing_time through sysfs: seconds, fractional allowed (strtod). */
function setageing(ctx: CommandContext, ns: Namespace, name: string, value: string): number {
  if (!/^\s*[+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(value)) {
    ctx.err("bad ageing time value\n");
    return 1;
  }
  const br = ns.deviceByName(name);
  if (!(br instanceof Bridge)) {
    ctx.err(`set ageing time failed: ${strerror(br === undefined ? Errno.ENODEV : Errno.EOPNOTSUPP)}\n`);
    return 1;
  }
  // __tv_to_jiffies then jiffies_to_clock_t: kept in centiseconds, as sysfs stores it.
  br.setAgeingTime(Math.floor(Number(value) * 100) * 10_000_000);
  return 0;
}

function hairpin(ctx: CommandContext, ns: Namespace, brName: string, portName: string, value: string): number {
  if (value !== "on" && value !== "off") {
    ctx.err("expect on/off for argument\n");
    return 1;
  }
  const br = ns.deviceByName(brName);
  const dev = ns.deviceByName(portName);
  const p = br instanceof Bridge && dev !== undefined ? br.portOf(dev) : undefined;
  if (p === undefined) {
    ctx.err(`can't set ${portName} to hairpin on bridge ${brName}: ${strerror(Errno.ENOENT)}\n`);
    return 1;
  }
  p.setFlag(BrPortFlag.HAIRPIN_MODE, value === "on");
  return 0;
}

