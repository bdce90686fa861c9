/**
 * arp (net-tools 2.10, arp.c): the ARP cache as /proc/net/arp shows it (arp_seq_show in
 * net/ipv4/arp.c), in the Linux (-e, the default) or BSD (-a) style, and the SIOCSARP /
 * SIOCDARP ioctls behind `arp -s` and `arp -d` (arp_req_set, arp_req_delete). Names are never
 * resolved: a simulated host has no resolver, so every address prints as the kernel's would
 * without one (`?` in the BSD style).
 */
import { formatIpv4, formatMac, parseMac } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import { Errno, type Namespace, NeighUpdate, Nud, strerror } from "@pktsim/stack";
import { type CommandContext, Exit } from "../command";
import { inetAton, lookupFailure } from "./inet";

/** ATF_* (include/uapi/linux/if_arp.h). */
const ATF = { COM: 0x02, PERM: 0x04, PUBL: 0x08, USETRAILERS: 0x10, NETMASK: 0x20, DONTPUB: 0x40 } as const;

/** net-tools' exit codes (lib/net-support.h). */
const E_OPTERR = 3;
const E_USAGE = 4;

const SCOPE_LINK = 253;
const NUD_VALID = Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE | Nud.PROBE | Nud.STALE | Nud.DELAY;

const USAGE =
  "Usage:\n" +
  "  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n" +
  "  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry\n" +
  "  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file\n" +
  "  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry\n" +
  "  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-\n\n" +
  "        -a                       display (all) hosts in alternative (BSD) style\n" +
  "        -e                       display (all) hosts in default (Linux) style\n" +
  "        -s, --set                set a new ARP entry\n" +
  "        -d, --delete             delete a specified entry\n" +
  "        -v, --verbose            be verbose\n" +
  "        -n, --numeric            don't resolve names\n" +
  "        -i, --device             specify network interface (e.g. eth0)\n" +
  "        -D, --use-device         read <hwaddr> from given device\n" +
  "        -A, -p, --protocol       specify protocol family\n" +
  "        -f, --file               read new entries from file or from /etc/ethers\n\n" +
  "  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether\n" +
  "  List of possible hardware types (which support ARP):\n" +
  "    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n" +
  "    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) \n" +
  "    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n" +
  "    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) \n";

const VERSION =
  "net-tools 2.10\n" +
  "+I18N +SELINUX\n" +
  "AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n" +
  "HW: (ether) +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n";

/** getopt_long's table: short letter, takes an argument. */
const SHORT: Readonly<Record<string, boolean>> = {
  A: true, H: true, a: false, d: false, f: false, p: true, n: false, s: false, e: false,
  i: true, t: true, v: false, h: false, "?": false, D: false, N: false, V: false,
};
const LONG: ReadonlyArray<readonly [string, string, boolean]> = [
  ["verbose", "v", false],
  ["version", "V", false],
  ["all", "a", false],
  ["delete", "d", false],
  ["file", "f", false],
  ["numeric", "n", false],
  ["set", "s", false],
  ["protocol", "A", true],
  ["hw-type", "H", true],
  ["device", "i", true],
  ["help", "h", false],
  ["use-device", "D", false],
  ["symbolic", "N", false],
];

interface ArpOpts {
  what: 0 | 1 | 2 | 3 | 4;
  all: boolean;
  linuxStyle: boolean;
  verbose: boolean;
  useDevice: boolean;
  device: string;
  hwSet: boolean;
}

function usage(ctx: CommandContext, rc: number): never {
  if (rc === 0) ctx.out(USAGE);
  else ctx.err(USAGE);
  throw new Exit(rc);
}

/** GNU getopt_long with argument permutation: options anywhere, the rest in order. */
function parseArgs(ctx: CommandContext): { opts: ArpOpts; rest: string[] } {
  const opts: ArpOpts = { what: 0, all: false, linuxStyle: false, verbose: false, useDevice: false, device: "", hwSet: false };
  const rest: string[] = [];
  const argv = ctx.argv;
  const apply = (c: string, arg: string | undefined): void => {
    switch (c) {
      case "a":
        opts.what = 1;
        opts.all = true;
        break;
      case "f":
        opts.what = 2;
        break;
      case "d":
        opts.what = 3;
        break;
      case "s":
        opts.what = 4;
        break;
      case "e":
        opts.linuxStyle = true;
        break;
      case "n":
        break;
      case "D":
        opts.useDevice = true;
        break;
      case "N":
        ctx.err("arp: -N not yet supported.\n");
        break;
      case "v":
        opts.verbose = true;
        break;
      case "A":
      case "p":
        if (arg !== "inet") {
          ctx.err(`arp: ${arg}: unknown address family.\n`);
          throw new Exit(255);
        }
        break;
      case "H":
      case "t":
        if (arg !== "ether") {
          ctx.err(`arp: ${arg}: unknown hardware type.\n`);
          throw new Exit(255);
        }
        opts.hwSet = true;
        break;
      case "i":
        opts.device = arg!.slice(0, 15);
        break;
      case "V":
        // version(): exit(E_VERSION) upstream, but Debian's 2.10 exits 0 (checked).
        ctx.out(VERSION);
        throw new Exit(0);
      case "h":
        usage(ctx, E_USAGE);
        break;
      default:
        usage(ctx, E_OPTERR);
    }
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const hits = LONG.filter(([n]) => n.startsWith(name));
      const exact = hits.find(([n]) => n === name);
      const hit = exact ?? (hits.length === 1 ? hits[0] : undefined);
      if (hit === undefined) {
        ctx.err(hits.length > 1 ? `arp: option '${a}' is ambiguous\n` : `arp: unrecognized option '${a}'\n`);
        usage(ctx, E_OPTERR);
      }
      let arg: string | undefined;
      if (hit[2]) {
        arg = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (arg === undefined) {
          ctx.err(`arp: option '--${hit[0]}' requires an argument\n`);
          usage(ctx, E_OPTERR);
        }
      } else if (eq >= 0) {
        ctx.err(`arp: option '--${hit[0]}' doesn't allow an argument\n`);
        usage(ctx, E_OPTERR);
      }
      apply(hit[1], arg);
      continue;
    }
    if (!a.startsWith("-") || a === "-") {
      rest.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const takes = SHORT[c];
      if (takes === undefined) {
        ctx.err(`arp: invalid option -- '${c}'\n`);
        usage(ctx, E_OPTERR);
      }
      if (takes) {
        let arg: string | undefined = a.slice(j + 1);
        if (arg === "") arg = argv[++i];
        if (arg === undefined) {
          ctx.err(`arp: option requires an argument -- '${c}'\n`);
          usage(ctx, E_OPTERR);
        }
        apply(c, arg);
        break;
      }
      apply(c, undefined);
    }
  }
  return { opts, rest };
}

/** INET_input: a dotted address (no resolver: anything else is an unknown host). */
function hostAddr(ctx: CommandContext, name: string): number {
  const a = inetAton(name);
  if (a === undefined) {
    ctx.err(lookupFailure(name));
    throw new Exit(255);
  }
  return a;
}

export function arp(ctx: CommandContext): number {
  const { opts, rest } = parseArgs(ctx);
  switch (opts.what) {
    case 0:
      opts.linuxStyle = true;
      return show(ctx, opts, rest[0]);
    case 1:
      return show(ctx, opts, rest[0]);
    case 2:
      ctx.err("arp: -f (entries from /etc/ethers) is not supported by pktsim\n");
      return 255;
    case 3:
      return del(ctx, opts, rest);
    case 4:
      return set(ctx, opts, rest);
  }
}

/** One line of /proc/net/arp (arp_format_neigh_entry). */
interface ProcArp {
  ip: string;
  flags: number;
  hw: string;
  dev: string;
}

/** neigh_seq with NEIGH_SEQ_SKIP_NOARP: the entries /proc/net/arp lists, in table order. */
function procArpEntries(ns: Namespace): ProcArp[] {
  const out: ProcArp[] = [];
  for (const n of ns.neigh.dump()) {
    if ((n.state & ~Nud.NOARP) === 0) continue;
    let flags = 0;
    if ((n.state & NUD_VALID) !== 0) flags |= ATF.COM;
    if ((n.state & Nud.PERMANENT) !== 0) flags |= ATF.PERM;
    out.push({ ip: formatIpv4(n.key), flags, hw: formatMac(n.hasLladdr ? n.lladdr : 0), dev: n.dev.name });
  }
  return out;
}

/** The text of /proc/net/arp. */
export function procNetArpText(ns: Namespace): string {
  let text = "IP address       HW type     Flags       HW address            Mask     Device\n";
  for (const e of procArpEntries(ns)) {
    text += `${e.ip.padEnd(16)} 0x${"1".padEnd(10)}0x${e.flags.toString(16).padEnd(10)}${e.hw.padEnd(17)}     ${"*".padEnd(8)} ${e.dev}\n`;
  }
  return text;
}

/** arp_show. */
function show(ctx: CommandContext, opts: ArpOpts, name: string | undefined): number {
  let host = "";
  if (name !== undefined) host = formatIpv4(hostAddr(ctx, name));
  let entries = 0;
  let showed = 0;
  let title = false;
  for (const e of procArpEntries(ctx.ns)) {
    entries++;
    if (host !== "" && e.ip !== host) continue;
    if (opts.device !== "" && e.dev !== opts.device) continue;
    showed++;
    if (opts.linuxStyle) {
      if (!title) ctx.out("Address                  HWtype  HWaddress           Flags Mask            Iface\n");
      title = true;
      let flags = "";
      if ((e.flags & ATF.COM) !== 0) flags += "C";
      if ((e.flags & ATF.PERM) !== 0) flags += "M";
      if ((e.flags & ATF.PUBL) !== 0) flags += "P";
      const hw = (e.flags & ATF.COM) === 0 ? `${"".padEnd(8)}${"(incomplete)".padEnd(20)}` : `${"ether".padEnd(8)}${e.hw.padEnd(20)}`;
      ctx.out(`${e.ip.padEnd(23)}  ${hw}${flags.padEnd(6)}${"".padEnd(15)} ${e.dev}\n`);
    } else {
      let line = `? (${e.ip}) at `;
      line += (e.flags & ATF.COM) === 0 ? "<incomplete> " : `${e.hw} [ether] `;
      if ((e.flags & ATF.PERM) !== 0) line += "PERM ";
      ctx.out(`${line}on ${e.dev}\n`);
    }
  }
  if (opts.verbose) ctx.out(`Entries: ${entries}\tSkipped: ${entries - showed}\tFound: ${showed}\n`);
  if (showed === 0) {
    if (host !== "" && !opts.all) ctx.out(`${name} (${host}) -- no entry\n`);
    else if (opts.hwSet || host !== "" || opts.device !== "") ctx.out(`arp: in ${entries} entries no match found.\n`);
  }
  return 0;
}

/** The device an ioctl names, or the one a link-scope route to `ip` leaves by. */
function ioctlDevice(ctx: CommandContext, device: string, ip: number): NetDevice | Errno {
  if (device !== "") return ctx.ns.deviceByName(device) ?? Errno.ENODEV;
  const rt = ctx.ns.ip.routeOutput({ dst: ip, scope: SCOPE_LINK });
  return typeof rt === "number" ? (rt as Errno) : rt.dev;
}

/** The words after the host (and hardware address) that arp_set/arp_del take. */
function modifiers(ctx: CommandContext, opts: ArpOpts, args: readonly string[], flags: number): number {
  let f = flags;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "temp") f &= ~ATF.PERM;
    else if (a === "pub") f |= ATF.PUBL;
    else if (a === "priv") f &= ~ATF.PUBL;
    else if (a === "trail") f |= ATF.USETRAILERS;
    else if (a === "dontpub") f |= ATF.DONTPUB;
    else if (a === "auto") {
      // ATF_MAGIC: accepted, without effect
    } else if (a === "dev" || a === "netmask") {
      const v = args[++i];
      if (v === undefined) usage(ctx, E_OPTERR);
      if (a === "dev") opts.device = v.slice(0, 15);
      else if (v !== "255.255.255.255") {
        hostAddr(ctx, v);
        f |= ATF.NETMASK;
      }
    } else usage(ctx, E_OPTERR);
  }
  return f;
}

/** arp_set → SIOCSARP → arp_req_set. */
function set(ctx: CommandContext, opts: ArpOpts, args: readonly string[]): number {
  if (args[0] === undefined) {
    ctx.err("arp: need host name\n");
    return 255;
  }
  const ip = hostAddr(ctx, args[0]);
  if (args[1] === undefined) {
    ctx.err("arp: need hardware address\n");
    return 255;
  }
  let mac: number | undefined;
  if (opts.useDevice) {
    const d = ctx.ns.deviceByName(args[1]);
    if (d === undefined) {
      ctx.err(`arp: cant get HW-Address for \`${args[1]}': ${strerror(Errno.ENODEV)}.\n`);
      return 255;
    }
    mac = d.mac;
  } else {
    mac = etherInput(args[1]);
    if (mac === undefined) {
      ctx.err("arp: invalid hardware address\n");
      return 255;
    }
  }
  const flags = modifiers(ctx, opts, args.slice(2), ATF.PERM | ATF.COM);
  if ((flags & ATF.PUBL) !== 0) {
    ctx.err("arp: published (proxy) entries are not modelled by pktsim\n");
    return 255;
  }
  const dev = ioctlDevice(ctx, opts.device, ip);
  // arp_req_set: the hardware type must be the device's (ARPHRD_ETHER; lo is ARPHRD_LOOPBACK).
  const err = typeof dev === "number" ? dev : dev.kind === "loopback" ? Errno.EINVAL : 0;
  if (err !== 0 || typeof dev === "number") {
    ctx.err(`SIOCSARP: ${strerror(err)}\n`);
    return 255;
  }
  const ns = ctx.ns;
  const n = ns.neigh.lookup(ip, dev) ?? ns.neigh.lookupOrCreate(ip, dev);
  ns.neigh.update(n, mac, (flags & ATF.PERM) !== 0 ? Nud.PERMANENT : Nud.STALE, NeighUpdate.OVERRIDE | NeighUpdate.ADMIN);
  return 0;
}

/** ether_input: six hex octets separated by ':' (one or two digits each). */
function etherInput(text: string): number | undefined {
  const parts = text.split(":");
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
  return parseMac(parts.map((p) => p.padStart(2, "0")).join(":"));
}

/** arp_del → SIOCDARP → arp_req_delete → arp_invalidate (force): the entry goes. */
function del(ctx: CommandContext, opts: ArpOpts, args: readonly string[]): number {
  if (args[0] === undefined) {
    ctx.err("arp: need host name\n");
    return 255;
  }
  const ip = hostAddr(ctx, args[0]);
  const flags = modifiers(ctx, opts, args.slice(1), ATF.PERM);
  if ((flags & ATF.PUBL) !== 0) {
    // Only SIOCDARP(pub): there are no proxy entries to find.
    ctx.out(`No ARP entry for ${args[0]}\n`);
    return 255;
  }
  const dev = ioctlDevice(ctx, opts.device, ip);
  if (typeof dev === "number") {
    ctx.err(`SIOCDARP(dontpub): ${strerror(dev)}\n`);
    return 255;
  }
  const n = ctx.ns.neigh.lookup(ip, dev);
  if (n === undefined || (n.state & ~Nud.NOARP) === 0) {
    ctx.out(`No ARP entry for ${args[0]}\n`);
    return 255;
  }
  ctx.ns.neigh.remove(n);
  return 0;
}
