/**
 * ifconfig (net-tools 2.10 ifconfig.c): show interfaces (up ones, or all with -a, sorted by
 * nstrcmp as if_readlist keeps them, aliases from SIOCGIFCONF after their device; -s the short
 * table), and apply the arguments one ioctl at a time, in order, as main() does: flags through
 * set_flag/clr_flag (SIOCGIFFLAGS + SIOCSIFFLAGS), mtu, txqueuelen, hw ether, netmask, broadcast
 * and the address (devinet_ioctl SIOCSIFADDR, then set_flag(IFF_UP | IFF_RUNNING)).
 */
import { formatIpv4, formatMac, isMulticastMac, maskToPrefixLen, parseMac, prefixMask } from "@pktsim/core";
import { ETH_MIN_MTU, IFF, type NetDevice } from "@pktsim/devices";
import { Errno, type IfAddr, IfaFlags, KernelError, type Namespace, formatIpv6, strerror } from "@pktsim/stack";
import type { CommandContext } from "../command";
import { inetAton, lookupFailure } from "./inet";
import { changeFlags } from "./ip/link";
import { nstrcmp } from "./netstat";

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

/** ife_print_long; an alias (label NAME:N) has no /proc/net/dev line, so no inet6 and no counters. */
function show(ns: Namespace, dev: NetDevice, label: string = dev.name): string {
  const flags = dev.flags & 0xffff;
  const names = FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, n]) => n);
  let out = `${label}: flags=${flags}<${names.join(",")}>  mtu ${dev.mtu}\n`;
  // SIOCGIFADDR: the first address whose label is the name asked for.
  const primary = (ns.inDevice(dev)?.addrs ?? []).find((a) => a.label === label);
  if (primary !== undefined) {
    out += `        inet ${formatIpv4(primary.local)}  netmask ${formatIpv4(prefixMask(primary.prefixLen))}`;
    if ((dev.flags & IFF.BROADCAST) !== 0) out += `  broadcast ${formatIpv4(primary.broadcast)}`;
    out += "\n";
  }
  const alias = label !== dev.name;
  if (!alias) for (const a of ns.addrconf.addresses(dev)) {
    out += `        inet6 ${formatIpv6(a.addr)}  prefixlen ${a.prefixLen}  scopeid ${a.scope === "host" ? "0x10<host>" : "0x20<link>"}\n`;
  }
  if (dev.kind === "loopback") out += `        loop  txqueuelen ${dev.txqueuelen | 0}  (Local Loopback)\n`;
  else out += `        ether ${formatMac(dev.mac)}  txqueuelen ${dev.txqueuelen | 0}  (Ethernet)\n`;
  if (alias) return `${out}\n`;
  const s = dev.stats;
  out += `        RX packets ${s.rxPackets}  bytes ${s.rxBytes} (${scaled(s.rxBytes)})\n`;
  out += `        RX errors ${s.rxErrors}  dropped ${s.rxDropped}  overruns ${s.rxFifoErrors}  frame ${s.rxFrameErrors}\n`;
  out += `        TX packets ${s.txPackets}  bytes ${s.txBytes} (${scaled(s.txBytes)})\n`;
  out += `        TX errors ${s.txErrors}  dropped ${s.txDropped} overruns ${s.txFifoErrors}  carrier ${s.txCarrierErrors}  collisions ${s.collisions}\n\n`;
  return out;
}

const USAGE =
  "Usage:\n" +
  "  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n" +
  "  [add <address>[/<prefixlen>]]\n" +
  "  [del <address>[/<prefixlen>]]\n" +
  "  [[-]broadcast [<address>]]  [[-]pointopoint [<address>]]\n" +
  "  [netmask <address>]  [dstaddr <address>]  [tunnel <address>]\n" +
  "  [outfill <NN>] [keepalive <NN>]\n" +
  "  [hw <HW> <address>]  [mtu <NN>]\n" +
  "  [[-]trailers]  [[-]arp]  [[-]allmulti]\n" +
  "  [multicast]  [[-]promisc]\n" +
  "  [mem_start <NN>]  [io_addr <NN>]  [irq <NN>]  [media <type>]\n" +
  "  [txqueuelen <NN>]\n" +
  "  [name <newname>]\n" +
  "  [[-]dynamic]\n" +
  "  [up|down] ...\n" +
  "\n" +
  "  <HW>=Hardware Type.\n" +
  "  List of possible hardware types:\n" +
  "    loop (Local Loopback) slip (Serial Line IP) cslip (VJ Serial Line IP) \n" +
  "    slip6 (6-bit Serial Line IP) cslip6 (VJ 6-bit Serial Line IP) adaptive (Adaptive Serial Line IP) \n" +
  "    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n" +
  "    netrom (AMPR NET/ROM) rose (AMPR ROSE) tunnel (IPIP Tunnel) \n" +
  "    ppp (Point-to-Point Protocol) hdlc ((Cisco)-HDLC) lapb (LAPB) \n" +
  "    arcnet (ARCnet) dlci (Frame Relay DLCI) frad (Frame Relay Access Device) \n" +
  "    sit (IPv6-in-IPv4) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n" +
  "    irda (IrLAP) ec (Econet) x25 (generic X.25) \n" +
  "    eui64 (Generic EUI-64) \n" +
  "  <AF>=Address family. Default: inet\n" +
  "  List of possible address families:\n" +
  "    unix (UNIX Domain) inet (DARPA Internet) inet6 (IPv6) \n" +
  "    ax25 (AMPR AX.25) netrom (AMPR NET/ROM) rose (AMPR ROSE) \n" +
  "    ipx (Novell IPX) ddp (Appletalk DDP) ec (Econet) \n" +
  "    ash (Ash) x25 (CCITT X.25) \n";

/** usage(E_OPTERR): the whole text on stderr, exit 3. */
class Usage extends Error {}

const SHORT_HEADER = "Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n";

/** ife_print_short (net-tools lib/interface.c; netstat -i prints the same rows); an alias has no counters. */
export function showShort(dev: NetDevice, label: string = dev.name): string {
  const s = dev.stats;
  const flags = dev.flags;
  let letters = "";
  if ((flags & 0xffff) === 0) letters += "[NO FLAGS]";
  if (flags & IFF.ALLMULTI) letters += "A";
  if (flags & IFF.BROADCAST) letters += "B";
  if (flags & IFF.DEBUG) letters += "D";
  if (flags & IFF.LOOPBACK) letters += "L";
  if (flags & IFF.MULTICAST) letters += "M";
  if (flags & IFF.PROMISC) letters += "P";
  if (flags & IFF.NOTRAILERS) letters += "N";
  if (flags & IFF.NOARP) letters += "O";
  if (flags & IFF.POINTOPOINT) letters += "P";
  if (flags & IFF.SLAVE) letters += "s";
  if (flags & IFF.MASTER) letters += "m";
  if (flags & IFF.RUNNING) letters += "R";
  if (flags & IFF.UP) letters += "U";
  const head = `${label.slice(0, 15).padEnd(15)} ${String(dev.mtu).padStart(5)} `;
  if (label !== dev.name) return `${head}${"     - no statistics available -".padEnd(56)}${letters}\n`;
  return (
    head +
    `${String(s.rxPackets).padStart(8)} ${String(s.rxErrors).padStart(6)} ${String(s.rxDropped + s.rxMissedErrors).padStart(6)} ${String(s.rxFifoErrors).padEnd(6)} ` +
    `${String(s.txPackets).padStart(8)} ${String(s.txErrors).padStart(6)} ${String(s.txDropped).padStart(6)} ${String(s.txFifoErrors).padStart(6)} ` +
    `${letters}\n`
  );
}

/** if_readlist: /proc/net/dev's devices plus SIOCGIFCONF's labels, kept sorted by nstrcmp. */
function interfaces(ns: Namespace): Array<{ name: string; dev: NetDevice }> {
  const list: Array<{ name: string; dev: NetDevice }> = [];
  for (const dev of ns.devices()) {
    list.push({ name: dev.name, dev });
    const labels = new Set<string>();
    for (const a of ns.inDevice(dev)?.addrs ?? []) if (a.label !== dev.name) labels.add(a.label);
    for (const label of labels) list.push({ name: label, dev });
  }
  return list.sort((a, b) => nstrcmp(a.name, b.name));
}

/** The device an ioctl names: dev_ioctl and devinet_ioctl cut the name at its colon. */
function ioctlDev(ns: Namespace, name: string): NetDevice | undefined {
  const colon = name.indexOf(":");
  return ns.deviceByName(colon < 0 ? name : name.slice(0, colon));
}

/** C atoi: blanks, a sign, decimal digits; the rest ignored. */
function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]*)/.exec(text)!;
  const v = Number.parseInt(m[1]!, 10);
  return Number.isNaN(v) ? 0 : v | 0;
}

/** strtoul(text, NULL, 0) stored into an int (ifr_qlen): "-1" is -1, junk is 0. */
function strtoulInt(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)?/.exec(text)!;
  if (m[2] === undefined) return 0;
  const digits = m[2];
  let v = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits.startsWith("0") ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  if (m[1] === "-") v = -v;
  return Number(BigInt.asIntN(32, v));
}

/** bad_mask: a netmask must be contiguous ones. */
function badMask(mask: number): boolean {
  const inv = ~mask >>> 0;
  return (inv & (inv + 1)) !== 0;
}

/** inet_abc_len: the classful length SIOCSIFADDR gives (-1: class D, refused). */
function inetAbcLen(addr: number): number {
  if (addr >>> 24 === 0 || addr === 0xffffffff) return 0;
  if (addr >>> 31 === 0) return 8;
  if (addr >>> 30 === 2) return 16;
  if (addr >>> 29 === 6) return 24;
  if (addr >>> 28 === 15) return 32;
  return -1;
}

/** inet_del_ifa + inet_insert_ifa with changed fields, as the SIOCSIF* cases do. */
function reinsert(ns: Namespace, dev: NetDevice, ifa: IfAddr, change: { prefixLen?: number; broadcast?: number }): void {
  ns.ip.delAddress(dev, ifa.local, ifa.address === ifa.local ? ifa.prefixLen : undefined, ifa.label);
  ns.ip.addAddress(dev, {
    local: ifa.local,
    prefixLen: change.prefixLen ?? ifa.prefixLen,
    peer: ifa.address !== ifa.local ? ifa.address : undefined,
    broadcast: change.broadcast ?? ifa.broadcast,
    scope: ifa.scope,
    label: ifa.label,
    flags: ifa.flags & ~IfaFlags.SECONDARY,
    metric: ifa.rtPriority,
  });
}

export function ifconfig(ctx: CommandContext): number {
  const ns = ctx.ns;
  const argv = ctx.argv.slice(1);
  let all = false;
  let short = false;
  while (argv.length > 0 && argv[0]!.startsWith("-")) {
    const o = argv[0]!;
    if (o === "-a") all = true;
    else if (o === "-s") short = true;
    else if (o === "-v") {
      // verbose: nothing more to say here
    } else if (o === "-?" || o === "-h" || o === "--help") {
      ctx.out(USAGE);
      return 0;
    } else {
      ctx.err(`ifconfig: option \`${o}' not recognised.\nifconfig: \`--help' gives usage information.\n`);
      return 1;
    }
    argv.shift();
  }
  if (argv.length === 0) {
    // if_print(NULL): for_all_interfaces(do_if_print), up ones unless -a.
    if (short) ctx.out(SHORT_HEADER);
    for (const { name, dev } of interfaces(ns)) {
      if (!all && (dev.flags & IFF.UP) === 0) continue;
      ctx.out(short ? showShort(dev, name) : show(ns, dev, name));
    }
    return 0;
  }
  const name = argv.shift()!;
  if (argv.length === 0) {
    if (short) ctx.out(SHORT_HEADER);
    const dev = ioctlDev(ns, name);
    if (dev === undefined) {
      ctx.err(`${name}: error fetching interface information: Device not found\n`);
      return 1;
    }
    ctx.out(short ? showShort(dev, name) : show(ns, dev, name));
    return 0;
  }
  try {
    return applyArgs(ctx, ns, name, argv);
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    ctx.err(USAGE);
    return 3;
  }
}

/** main()'s argument loop: each word is one ioctl, errors are reported and the loop goes on. */
function applyArgs(ctx: CommandContext, ns: Namespace, name: string, argv: string[]): number {
  const colon = name.includes(":");
  let goterr = 0;
  let didnetmask = false;
  const need = (): string => {
    const v = argv.shift();
    if (v === undefined) throw new Usage();
    return v;
  };
  /** An ioctl: its errno printed as "NAME: message" (perror). */
  const ioctl = (what: string, fn: (dev: NetDevice) => void): void => {
    const dev = ioctlDev(ns, name);
    try {
      if (dev === undefined) throw new KernelError(Errno.ENODEV);
      fn(dev);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.err(`${what}: ${strerror(e.errno)}\n`);
      goterr |= 1;
    }
  };
  /** set_flag / clr_flag: SIOCGIFFLAGS, then SIOCSIFFLAGS with the bit changed. */
  const flag = (bit: number, on: boolean): void => {
    const dev = ioctlDev(ns, name);
    if (dev === undefined) {
      ctx.err(`${name}: ERROR while getting interface flags: No such device\n`);
      goterr = -1;
      return;
    }
    const want = on ? dev.flags | bit : dev.flags & ~bit;
    if (colon) {
      // devinet_ioctl SIOCSIFFLAGS on an alias: clearing IFF_UP deletes its address.
      if ((want & IFF.UP) !== 0) return;
      const ifa = ns.inDevice(dev)?.addrs.find((a) => a.label === name);
      if (ifa === undefined) {
        ctx.err(`SIOCSIFFLAGS: ${strerror(Errno.EADDRNOTAVAIL)}\n`);
        goterr = -1;
        return;
      }
      ns.ip.delAddress(dev, ifa.local, ifa.address === ifa.local ? ifa.prefixLen : undefined, ifa.label);
      return;
    }
    changeFlags(ns, dev, want, 0xffff);
  };
  /** The address argument resolved by INET_resolve. */
  const resolve = (host: string): number | undefined => {
    const addr = inetAton(host);
    if (addr === undefined) {
      ctx.err(lookupFailure(host));
      goterr |= 1;
    }
    return addr;
  };
  while (argv.length > 0) {
    const a = argv.shift()!;
    if (a === "arp") flag(IFF.NOARP, false);
    else if (a === "-arp") flag(IFF.NOARP, true);
    else if (a === "trailers") flag(IFF.NOTRAILERS, false);
    else if (a === "-trailers") flag(IFF.NOTRAILERS, true);
    else if (a === "promisc") flag(IFF.PROMISC, true);
    else if (a === "-promisc") flag(IFF.PROMISC, false);
    else if (a === "multicast") flag(IFF.MULTICAST, true);
    else if (a === "-multicast") flag(IFF.MULTICAST, false);
    else if (a === "allmulti") flag(IFF.ALLMULTI, true);
    else if (a === "-allmulti") flag(IFF.ALLMULTI, false);
    else if (a === "dynamic") flag(IFF.DYNAMIC, true);
    else if (a === "-dynamic") flag(IFF.DYNAMIC, false);
    else if (a === "up") flag(IFF.UP | IFF.RUNNING, true);
    else if (a === "down") flag(IFF.UP, false);
    else if (a === "mtu") {
      const mtu = atoi(need());
      // dev_set_mtu → dev_validate_mtu.
      ioctl("SIOCSIFMTU", (dev) => {
        if (mtu < 0 || mtu < dev.minMtu || (dev.kind !== "loopback" && mtu < ETH_MIN_MTU)) throw new KernelError(Errno.EINVAL);
        if (dev.maxMtu > 0 && mtu > dev.maxMtu) throw new KernelError(Errno.EINVAL);
        dev.setMtu(mtu);
      });
    } else if (a === "txqueuelen") {
      const qlen = strtoulInt(need());
      // dev_ioctl SIOCSIFTXQLEN → dev_change_tx_queue_len.
      ioctl("SIOCSIFTXQLEN", (dev) => {
        if (qlen < 0) throw new KernelError(Errno.EINVAL);
        dev.txqueuelen = qlen;
      });
    } else if (a === "hw") {
      const type = need();
      if (type !== "ether") throw new Usage();
      const text = need();
      const mac = /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(text) ? parseMac(text) : undefined;
      if (mac === undefined) {
        ctx.err(`${text}: invalid ether address.\n`);
        goterr |= 1;
        continue;
      }
      // dev_set_mac_address → eth_prepare_mac_addr_change (veth and bridges change it live).
      ioctl("SIOCSIFHWADDR", (dev) => {
        if (isMulticastMac(mac) || mac === 0) throw new KernelError(Errno.EADDRNOTAVAIL);
        dev.setMac(mac);
      });
    } else if (a === "netmask") {
      const v = argv.shift();
      if (v === undefined || didnetmask) throw new Usage();
      didnetmask = true;
      const mask = resolve(v);
      if (mask === undefined) continue;
      ioctl("SIOCSIFNETMASK", (dev) => setNetmask(ns, dev, name, mask));
    } else if (a === "broadcast") {
      const v = argv.shift();
      if (v !== undefined) {
        const brd = resolve(v);
        if (brd === undefined) continue;
        ioctl("SIOCSIFBRDADDR", (dev) => setBroadcast(ns, dev, name, brd));
      }
      flag(IFF.BROADCAST, true);
    } else if (a === "pointopoint" || a === "-pointopoint" || a === "dstaddr") {
      ctx.err("ifconfig: pointopoint (SIOCSIFDSTADDR) is not modelled by pktsim\n");
      return 1;
    } else {
      // INET_getmask: A.B.C.D/N sets the netmask too.
      const slash = a.indexOf("/");
      const host = slash < 0 ? a : a.slice(0, slash);
      let mask: number | undefined;
      if (slash >= 0) {
        const l = a.slice(slash + 1);
        if (!/^[0-9]+$/.test(l) || Number(l) > 32) throw new Usage();
        if (didnetmask) throw new Usage();
        didnetmask = true;
        mask = prefixMask(Number(l));
      }
      const addr = inetAton(host);
      if (addr === undefined) {
        // glibc's res_hnok refuses a name starting with '-' before asking DNS: HOST_NOT_FOUND.
        ctx.err(`${lookupFailure(host, host.startsWith("-"))}ifconfig: \`--help' gives usage information.\n`);
        return 1;
      }
      ioctl("SIOCSIFADDR", (dev) => setAddress(ns, dev, name, addr));
      if (mask !== undefined) ioctl("SIOCSIFNETMASK", (dev) => setNetmask(ns, dev, name, mask));
      flag(IFF.UP | IFF.RUNNING, true);
    }
  }
  return goterr & 0xff;
}

/** devinet_ioctl's lookup: the first address labelled with the name asked for. */
function labelled(ns: Namespace, dev: NetDevice, label: string): IfAddr | undefined {
  return ns.inDevice(dev)?.addrs.find((a) => a.label === label);
}

/**
 * devinet_ioctl SIOCSIFADDR: the labelled address is replaced (the same address: nothing), with
 * the classful length and broadcast; 0.0.0.0 only deletes (__inet_insert_ifa drops a zero local).
 */
function setAddress(ns: Namespace, dev: NetDevice, label: string, address: number): void {
  const len = inetAbcLen(address);
  if (len < 0) throw new KernelError(Errno.EINVAL);
  const old = labelled(ns, dev, label);
  if (old !== undefined) {
    if (old.local === address) return;
    ns.ip.delAddress(dev, old.local, old.address === old.local ? old.prefixLen : undefined, old.label);
  }
  if (address === 0) return;
  const p2p = (dev.flags & IFF.POINTOPOINT) !== 0;
  const prefixLen = p2p ? 32 : len;
  const broadcast = !p2p && (dev.flags & IFF.BROADCAST) !== 0 && prefixLen < 31 ? (address | ~prefixMask(prefixLen)) >>> 0 : 0;
  ns.ip.addAddress(dev, { local: address, prefixLen, broadcast, label });
}

/** devinet_ioctl SIOCSIFNETMASK: a broadcast that matched the old mask follows the new one. */
function setNetmask(ns: Namespace, dev: NetDevice, label: string, mask: number): void {
  const ifa = labelled(ns, dev, label);
  if (ifa === undefined) throw new KernelError(Errno.EADDRNOTAVAIL);
  if (badMask(mask)) throw new KernelError(Errno.EINVAL);
  const oldMask = prefixMask(ifa.prefixLen);
  if (oldMask === mask) return;
  const prefixLen = maskToPrefixLen(mask);
  let broadcast = ifa.broadcast;
  if ((dev.flags & IFF.BROADCAST) !== 0 && prefixLen < 31 && ifa.broadcast === (ifa.local | ~oldMask) >>> 0) {
    broadcast = (ifa.local | ~mask) >>> 0;
  }
  reinsert(ns, dev, ifa, { prefixLen, broadcast });
}

/** devinet_ioctl SIOCSIFBRDADDR: the address is taken out and put back with it. */
function setBroadcast(ns: Namespace, dev: NetDevice, label: string, broadcast: number): void {
  const ifa = labelled(ns, dev, label);
  if (ifa === undefined) throw new KernelError(Errno.EADDRNOTAVAIL);
  if (ifa.broadcast === broadcast) return;
  reinsert(ns, dev, ifa, { broadcast });
}

/** The long form of one interface (ife_print_long), which netstat -ie prints too. */
export { show as ifconfigShow };
