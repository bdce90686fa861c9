/**
 * ifconfig (net-tools 2.10): show interfaces (up ones, or all with -a, in /proc/net/dev
 * order), bring them up or down, set an address.
 */
import { formatIpv4, formatMac, maskToPrefixLen, prefixMask } from "@pktsim/core";
import { IFF, type NetDevice } from "@pktsim/devices";
import { Errno, IfaFlags, KernelError, type Namespace, formatIpv6 } from "@pktsim/stack";
import type { CommandContext } from "../command";
import { inetAton, lookupFailure } from "./inet";

const FLAG_NAMES: Array<[number, string]> = [
  [IFF.UP, "UP"],
  [IFF.BROADCAST, "BROADCAST"],
  [IFF.DEBUG, "DEBUG"],
  [IFF.LOOPBACK, "LOOPBACK"],
  [IFF.POINTOPOINT, "POINTOPOINT"],
  [IFF.NOTRAILERS, "NOTRAILERS"],
  [IFF.RUNNING, "RUNNING"],
  [IFF.NOARP, "NOARP"],
  [IFF.PROMISC, "PROMISC"],
  [IFF.ALLMULTI, "ALLMULTI"],
  [IFF.MASTER, "MASTER"],
  [IFF.SLAVE, "SLAVE"],
  [IFF.MULTICAST, "MULTICAST"],
  [IFF.PORTSEL, "PORTSEL"],
  [IFF.AUTOMEDIA, "AUTOMEDIA"],
  [IFF.DYNAMIC, "DYNAMIC"],
];

/** print_bytes_scaled: "(42.2 KiB)". */
function scaled(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let whole = bytes;
  let frac = 0;
  let i = 0;
  while (whole >= 1024 && i < units.length - 1) {
    frac = Math.floor(((whole % 1024) * 10) / 1024);
    whole = Math.floor(whole / 1024);
    i++;
  }
  return `${whole}.${frac} ${units[i]}`;
}

function show(ns: Namespace, dev: NetDevice): string {
  const flags = dev.flags & 0xffff;
  const names = FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, n]) => n);
  let out = `${dev.name}: flags=${flags}<${names.join(",")}>  mtu ${dev.mtu}\n`;
  const primary = (ns.inDevice(dev)?.addrs ?? []).find((a) => (a.flags & IfaFlags.SECONDARY) === 0 && a.label === dev.name);
  if (primary !== undefined) {
    out += `        inet ${formatIpv4(primary.local)}  netmask ${formatIpv4(prefixMask(primary.prefixLen))}`;
    if ((dev.flags & IFF.BROADCAST) !== 0) out += `  broadcast ${formatIpv4(primary.broadcast)}`;
    out += "\n";
  }
  for (const a of ns.addrconf.addresses(dev)) {
    out += `        inet6 ${formatIpv6(a.addr)}  prefixlen ${a.prefixLen}  scopeid ${a.scope === "host" ? "0x10<host>" : "0x20<link>"}\n`;
  }
  if (dev.kind === "loopback") out += `        loop  txqueuelen ${dev.txqueuelen}  (Local Loopback)\n`;
  else out += `        ether ${formatMac(dev.mac)}  txqueuelen ${dev.txqueuelen}  (Ethernet)\n`;
  const s = dev.stats;
  out += `        RX packets ${s.rxPackets}  bytes ${s.rxBytes} (${scaled(s.rxBytes)})\n`;
  out += `        RX errors ${s.rxErrors}  dropped ${s.rxDropped}  overruns ${s.rxFifoErrors}  frame ${s.rxFrameErrors}\n`;
  out += `        TX packets ${s.txPackets}  bytes ${s.txBytes} (${scaled(s.txBytes)})\n`;
  out += `        TX errors ${s.txErrors}  dropped ${s.txDropped} overruns ${s.txFifoErrors}  carrier ${s.txCarrierErrors}  collisions ${s.collisions}\n\n`;
  return out;
}

export function ifconfig(ctx: CommandContext): number {
  const ns = ctx.ns;
  const argv = ctx.argv.slice(1);
  let all = false;
  while (argv[0] === "-a" || argv[0] === "-s" || argv[0] === "-v") {
    if (argv[0] === "-a") all = true;
    argv.shift();
  }
  if (argv.length === 0) {
    for (const dev of ns.devices()) if (all || dev.adminUp) ctx.out(show(ns, dev));
    return 0;
  }
  const name = argv.shift()!;
  const dev = ns.deviceByName(name);
  if (argv.length === 0) {
    if (dev === undefined) {
      ctx.err(`${name}: error fetching interface information: Device not found\n`);
      return 1;
    }
    ctx.out(show(ns, dev));
    return 0;
  }
  if (dev === undefined) {
    ctx.err(`${name}: ERROR while getting interface flags: No such device\n`);
    return 255;
  }
  let address: number | undefined;
  let mask: number | undefined;
  let broadcast: number | undefined;
  let up: boolean | undefined;
  while (argv.length > 0) {
    const a = argv.shift()!;
    if (a === "up") up = true;
    else if (a === "down") up = false;
    else if (a === "netmask" || a === "broadcast" || a === "pointopoint") {
      const v = argv.shift();
      if (v === undefined) {
        ctx.err("ifconfig: `--help' gives usage information.\n");
        return 1;
      }
      const addr = inetAton(v);
      if (addr === undefined) {
        ctx.err(lookupFailure(v));
        return 1;
      }
      if (a === "netmask") mask = addr;
      else if (a === "broadcast") broadcast = addr;
      else {
        ctx.err("ifconfig: pointopoint (SIOCSIFDSTADDR) is not modelled by pktsim\n");
        return 1;
      }
    } else if (a === "mtu") {
      dev.setMtu(Number(argv.shift()));
    } else {
      const slash = a.indexOf("/");
      const host = slash < 0 ? a : a.slice(0, slash);
      address = inetAton(host);
      if (address === undefined) {
        ctx.err(`${lookupFailure(host)}ifconfig: \`--help' gives usage information.\n`);
        return 1;
      }
      if (slash >= 0) mask = prefixMask(Number(a.slice(slash + 1)));
    }
  }
  try {
    if (address !== undefined) setAddress(ns, dev, address, mask);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    ctx.err(`SIOCSIFADDR: ${e.message}\n`);
    return 1;
  }
  try {
    if (broadcast !== undefined) setBroadcast(ns, dev, broadcast);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    ctx.err(`SIOCSIFBRDADDR: ${e.message}\n`);
    return 1;
  }
  if (up !== undefined) dev.setAdminUp(up);
  return 0;
}

/** devinet_ioctl SIOCSIFADDR (+SIOCSIFNETMASK): replaces the primary address, classful mask by default. */
function setAddress(ns: Namespace, dev: NetDevice, address: number, mask: number | undefined): void {
  const inDev = ns.inDevice(dev);
  const old = inDev?.addrs.find((a) => a.label === dev.name);
  if (old !== undefined) ns.ip.delAddress(dev, old.local, old.prefixLen);
  const classful = address >>> 31 === 0 ? 8 : address >>> 30 === 2 ? 16 : 24;
  const prefixLen = mask !== undefined ? Math.max(0, maskToPrefixLen(mask)) : classful;
  const broadcast = (dev.flags & IFF.BROADCAST) !== 0 && prefixLen < 31 ? (address | ~prefixMask(prefixLen)) >>> 0 : 0;
  ns.ip.addAddress(dev, { local: address, prefixLen, broadcast });
}

/** devinet_ioctl SIOCSIFBRDADDR: the primary address is taken out and put back with it. */
function setBroadcast(ns: Namespace, dev: NetDevice, broadcast: number): void {
  const ifa = ns.inDevice(dev)?.addrs.find((x) => x.label === dev.name);
  if (ifa === undefined) throw new KernelError(Errno.EADDRNOTAVAIL);
  if (ifa.broadcast === broadcast) return;
  ns.ip.delAddress(dev, ifa.local, ifa.prefixLen);
  ns.ip.addAddress(dev, { local: ifa.local, prefixLen: ifa.prefixLen, broadcast, scope: ifa.scope });
}

/** The long form of one interface (ife_print_long), which netstat -ie prints too. */
export { show as ifconfigShow };
