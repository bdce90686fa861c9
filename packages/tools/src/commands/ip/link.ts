/**
 * `ip link` (ip/iplink.c): show, add (veth), set, delete — with iproute2's argument
 * parsing order, messages and exit statuses, and the kernel's do_setlink order of changes.
 */
import { parseMac, isMulticastMac } from "@pktsim/core";
import { type NetDevice, Bridge, ETH_MIN_MTU, IFF } from "@pktsim/devices";
import { Errno, KernelError, Namespace, strerror } from "@pktsim/stack";
import type { CommandContext } from "../../command";
import { Exit } from "../../command";
import { Args, type IpOptions, checkAltifname, checkIfname, duparg, getInteger, incomplete, invarg, matches } from "./options";
import { ipaddrList } from "./ipaddress";
import { applyBridgeOpts, applyBridgeSlaveOpts, parseBridgeOpts, parseBridgeSlaveOpts } from "./iplink-bridge";
import { type VxlanAddRequest, ipLinkAddVxlan, ipLinkChangeVxlan } from "./iplink-vxlan";

export function ipLink(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  const sub = args.next();
  if (sub === undefined || matches(sub, "show") || matches(sub, "lst") || matches(sub, "list")) return linkShow(ctx, ns, args, opts);
  if (matches(sub, "add")) return linkModify(ctx, ns, args, "add");
  if (matches(sub, "set") || matches(sub, "change")) return linkModify(ctx, ns, args, "set");
  if (matches(sub, "delete")) return linkModify(ctx, ns, args, "del");
  if (matches(sub, "help")) {
    ctx.err("Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME\n");
    return 255;
  }
  ctx.err(`Command "${sub}" is unknown, try "ip link help".\n`);
  return 255;
}

/** ipaddr_list_link: `ip link show` is `ip address show` of links only. */
function linkShow(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  return ipaddrList(ctx, ns, args, opts, true);
}

/** The parsed request of iplink_parse. */
interface LinkRequest {
  dev?: string;
  name?: string;
  up?: boolean;
  mtu?: number;
  address?: number;
  netns?: Namespace;
  txqlen?: number;
  master?: string;
  nomaster?: boolean;
  type?: string;
  typeArgs: string[];
  /** ifi_flags / ifi_change: up, arp, multicast, allmulticast, promisc, dynamic, trailers. */
  flags: number;
  change: number;
  alias?: string;
  group?: number;
  carrier?: boolean;
  protodown?: boolean;
  gsoMaxSize?: number;
  gsoMaxSegs?: number;
  groMaxSize?: number;
}

/** on_off(): iplink_parse returns -1 (ip exits 1). */
function onOff(ctx: CommandContext, what: string, v: string): never {
  ctx.err(`Error: argument of "${what}" must be "on" or "off", not "${v}"\n`);
  throw new Exit(1);
}

/** parse_on_off() (parse_one_of): the caller returns -EINVAL (ip exits 22). */
function parseOnOff(ctx: CommandContext, what: string, v: string): boolean {
  if (v === "on") return true;
  if (v === "off") return false;
  // parse_one_of's wording.
  ctx.err(`Error: argument of "${what}" must be one of "off", "on", not "${v}"\n`);
  throw new Exit(22);
}

/** get_unsigned(…, 0). */
function unsignedArg(text: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text, 16);
  if (/^0[0-7]*$/.test(text)) return parseInt(text, 8);
  if (/^[1-9][0-9]*$/.test(text)) return Number(text);
  return undefined;
}

/** ll_addr_a2n for Ethernet: hex octets separated by ':' (one or two digits each). */
function parseLladdr(ctx: CommandContext, text: string): number {
  const parts = text.split(":");
  for (const p of parts) {
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) {
      ctx.err(`"${p}" is invalid lladdr.\n`);
      throw new Exit(1);
    }
  }
  if (parts.length !== 6) {
    ctx.err(`Invalid address length ${parts.length} - must be 6 bytes\n`);
    throw new Exit(1);
  }
  return parseMac(parts.map((p) => p.padStart(2, "0")).join(":"))!;
}

function parseLinkArgs(ctx: CommandContext, args: Args): LinkRequest {
  const req: LinkRequest = { typeArgs: [], flags: 0, change: 0 };
  // ifi_flags for `on` (set) / `off` (clear) words; trailers and arp are inverted flags.
  const setFlag = (what: string, bit: number, inverted: boolean): void => {
    const v = args.value();
    req.change |= bit;
    if (v === "on") req.flags = inverted ? req.flags & ~bit : req.flags | bit;
    else if (v === "off") req.flags = inverted ? req.flags | bit : req.flags & ~bit;
    else onOff(ctx, what, v);
  };
  while (!args.done) {
    const a = args.next()!;
    if (a === "up") {
      req.up = true;
      req.change |= IFF.UP;
      req.flags |= IFF.UP;
    } else if (a === "down") {
      req.up = false;
      req.change |= IFF.UP;
      req.flags &= ~IFF.UP;
    }
    else if (a === "name") {
      const v = args.value();
      if (req.name !== undefined) duparg(ctx, "name", v);
      if (!checkIfname(v)) invarg(ctx, '"name" not a valid ifname', v);
      req.name = v;
      req.dev ??= v;
    } else if (a === "index") {
      const v = args.value();
      if (!/^[0-9]+$/.test(v) || Number(v) <= 0) invarg(ctx, 'Invalid "index" value', v);
    } else if (matches(a, "link")) {
      // The lower device of a stacked type (vlan, macvlan…): none of pktsim's types takes one.
      args.value();
    } else if (matches(a, "address")) {
      req.address = parseLladdr(ctx, args.value());
    } else if (matches(a, "txqueuelen") || a === "qlen" || matches(a, "txqlen")) {
      const v = args.value();
      // get_integer into an int sent as IFLA_TXQLEN (u32): -1 is 4294967295, shown as qlen -1;
      // qlen -1 is also iplink_parse's "not given", so it does not count for duparg.
      if (req.txqlen !== undefined && req.txqlen !== 0xffffffff) duparg(ctx, "txqueuelen", v);
      const q = getInteger(v);
      if (q === undefined) invarg(ctx, 'Invalid "txqueuelen" value\n', v);
      req.txqlen = q >>> 0;
    } else if (a === "mtu") {
      const v = args.value();
      if (req.mtu !== undefined) duparg(ctx, "mtu", v);
      if (!/^-?(0|[1-9][0-9]*|0x[0-9a-fA-F]+)$/.test(v)) invarg(ctx, 'Invalid "mtu" value\n', v);
      req.mtu = Number(v);
    } else if (a === "netns") {
      const v = args.value();
      if (req.netns !== undefined) duparg(ctx, "netns", v);
      const target = ctx.host.netns(v);
      if (target === undefined) invarg(ctx, 'Invalid "netns" value\n', v);
      req.netns = target;
    } else if (a === "multicast") {
      setFlag(a, IFF.MULTICAST, false);
    } else if (a === "allmulticast") {
      setFlag(a, IFF.ALLMULTI, false);
    } else if (a === "promisc") {
      setFlag(a, IFF.PROMISC, false);
    } else if (a === "trailers") {
      setFlag(a, IFF.NOTRAILERS, true);
    } else if (a === "arp") {
      setFlag(a, IFF.NOARP, true);
    } else if (a === "carrier") {
      req.carrier = parseOnOff(ctx, a, args.value());
    } else if (matches(a, "master")) {
      req.master = args.value();
    } else if (matches(a, "nomaster")) {
      req.nomaster = true;
    } else if (matches(a, "dynamic")) {
      setFlag("dynamic", IFF.DYNAMIC, false);
    } else if (matches(a, "type")) {
      req.type = args.value();
      req.typeArgs = args.rest();
    } else if (matches(a, "alias")) {
      const v = args.value();
      if (v.length >= 256) invarg(ctx, "alias too long\n", v);
      req.alias = v;
    } else if (a === "group") {
      const v = args.value();
      if (req.group !== undefined) duparg(ctx, "group", v);
      const g = v === "default" ? 0 : unsignedArg(v);
      if (g === undefined) invarg(ctx, 'Invalid "group" value\n', v);
      req.group = g;
    } else if (matches(a, "numtxqueues") || matches(a, "numrxqueues")) {
      // Only a new device takes them (rtnl_create_link); do_setlink ignores them.
      const v = args.value();
      if (!/^[+-]?[0-9]+$/.test(v)) invarg(ctx, `Invalid "${matches(a, "numtxqueues") ? "numtxqueues" : "numrxqueues"}" value\n`, v);
    } else if (a === "protodown") {
      req.protodown = parseOnOff(ctx, a, args.value());
    } else if (a === "gso_max_size" || a === "gso_max_segs" || a === "gro_max_size") {
      const v = args.value();
      const n = unsignedArg(v);
      if (n === undefined || (a === "gso_max_segs" && n > 65535)) invarg(ctx, `Invalid "${a}" value\n`, v);
      if (a === "gso_max_size") req.gsoMaxSize = n;
      else if (a === "gso_max_segs") req.gsoMaxSegs = n;
      else req.groMaxSize = n;
    } else {
      if (matches(a, "help")) {
        ctx.err('Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME\n');
        throw new Exit(255);
      }
      let dev = a;
      if (a === "dev") dev = args.value();
      if (req.dev !== undefined && req.dev !== req.name) {
        ctx.err(`Error: either "dev" is duplicate, or "${dev}" is a garbage.\n`);
        throw new Exit(255);
      }
      // iplink_parse checks the bare name with check_altifname: no length limit here.
      if (!checkAltifname(dev)) invarg(ctx, '"dev" not a valid ifname', dev);
      req.dev = dev;
    }
  }
  return req;
}

function fail(ctx: CommandContext, e: unknown): never {
  if (e instanceof KernelError) {
    if (e.extack !== undefined) ctx.err(`Error: ${e.extack}.\n`);
    else ctx.err(`RTNETLINK answers: ${strerror(e.errno)}\n`);
    throw new Exit(2);
  }
  throw e;
}

function linkModify(ctx: CommandContext, ns: Namespace, args: Args, mode: "add" | "set" | "del"): number {
  const req = parseLinkArgs(ctx, args);
  if (req.master !== undefined && ns.deviceByName(req.master) === undefined) invarg(ctx, "Device does not exist\n", req.master);
  const bridgeOpts = req.type === "bridge" ? parseBridgeOpts(ctx, new Args(ctx, req.typeArgs)) : undefined;
  if (mode !== "add") {
    if (req.dev === undefined) {
      ctx.err('Not enough information: "dev" argument is required.\n');
      throw new Exit(255);
    }
    const dev = ns.deviceByName(req.dev);
    if (dev === undefined) {
      ctx.err(`Cannot find device "${req.dev}"\n`);
      return 1;
    }
    if (bridgeOpts !== undefined && mode === "set") {
      // rtnl_changelink: type options only for a device of that type, before do_setlink.
      try {
        if (!(dev instanceof Bridge)) throw new KernelError(Errno.EOPNOTSUPP);
        applyBridgeOpts(dev, bridgeOpts);
      } catch (e) {
        fail(ctx, e);
      }
    } else if (req.type === "vxlan" && mode === "set") {
      ipLinkChangeVxlan(ctx, ns, dev, req.typeArgs);
    } else if (req.type === "bridge_slave" && mode === "set") {
      // rtnl_newlink on an existing device: IFLA_INFO_SLAVE_DATA goes to the master's
      // slave_changelink before do_setlink.
      const o = parseBridgeSlaveOpts(ctx, new Args(ctx, req.typeArgs), (name) => ns.deviceByName(name)?.ifindex);
      try {
        const br = dev.master;
        const port = br instanceof Bridge ? br.portOf(dev) : undefined;
        if (!(br instanceof Bridge) || port === undefined) throw new KernelError(Errno.EOPNOTSUPP);
        applyBridgeSlaveOpts(br, port, o);
      } catch (e) {
        fail(ctx, e);
      }
    } else if (req.type !== undefined && req.typeArgs.length > 0 && mode === "set") {
      // Type-specific changes (bridge options) are handled by the bridge model when present.
      ctx.err(`Garbage instead of arguments "${req.typeArgs[0]}...". Try "ip link help".\n`);
      return 1;
    }
    try {
      if (mode === "del") ns.destroyDevice(dev);
      else setLink(ns, dev, req);
    } catch (e) {
      fail(ctx, e);
    }
    return 0;
  }
  if (req.type === undefined) {
    ctx.err('Not enough information: "type" argument is required\n');
    return 1;
  }
  // ifla_policy: IFLA_IFNAME is at most IFNAMSIZ - 1 bytes (nlmsg_parse, before anything is made).
  if (req.dev !== undefined && req.dev.length >= 16 && req.type !== "vxlan") {
    fail(ctx, new KernelError(Errno.EINVAL, "Attribute failed policy validation"));
  }
  if (bridgeOpts !== undefined) return addBridge(ctx, ns, req, bridgeOpts);
  if (req.type === "vxlan") {
    const r: VxlanAddRequest = { name: req.dev, home: req.netns ?? ns, typeArgs: req.typeArgs };
    if (req.mtu !== undefined) r.mtu = req.mtu;
    if (req.address !== undefined) r.address = req.address;
    if (req.txqlen !== undefined) r.txqlen = req.txqlen;
    if (req.up !== undefined) r.up = req.up;
    return ipLinkAddVxlan(ctx, ns, r);
  }
  if (req.type !== "veth") {
    ctx.err(`Error: Unknown device type.\n`);
    return 2;
  }
  // veth options: [peer [name] NAME [netns NS] ...]
  const typeArgs = new Args(ctx, req.typeArgs);
  let peer: LinkRequest = { typeArgs: [], flags: 0, change: 0 };
  if (!typeArgs.done) {
    const p = typeArgs.next();
    if (p !== "peer") {
      // veth_parse_opt: usage(), return -1.
      ctx.err("Usage: ip link <options> type veth [peer <options>]\nTo get <options> type 'ip link add help'\n");
      return 1;
    }
    peer = parseLinkArgs(ctx, typeArgs);
  }
  const home = req.netns ?? ns;
  // veth_newlink: the peer is created in the requester's namespace (rtnl_link_get_net(src_net,
  // tbp)) unless it names its own; `netns` before `type` moves only the first end.
  const peerNs = peer.netns ?? ns;
  let name = req.dev;
  try {
    // veth_newlink: the peer registers first ("veth%d" when unnamed), then the device ("veth%d"
    // allocated with the peer already there): `ip link add type veth` makes peer veth0, dev veth1.
    const peerName = peer.dev ?? autoName(peerNs, "veth", undefined);
    if (name === undefined) name = autoName(home, "veth", peerNs === home ? peerName : undefined);
    const [dev, peerDev] = home.addVethPair(name, peerName, peerNs, ns);
    if (peer.mtu !== undefined) peerDev.setMtu(peer.mtu);
    if (peer.address !== undefined) peerDev.setMac(peer.address);
    if (peer.txqlen !== undefined) peerDev.txqueuelen = peer.txqlen;
    if (req.mtu !== undefined) dev.setMtu(req.mtu);
    if (req.address !== undefined) dev.setMac(req.address);
    if (req.txqlen !== undefined) dev.txqueuelen = req.txqlen;
    if (peer.up === true) peerDev.setAdminUp(true);
    if (req.up === true) dev.setAdminUp(true);
  } catch (e) {
    fail(ctx, e);
  }
  return 0;
}

/** rtnl_newlink for a bridge (br_dev_newlink): create, apply the options, then the generic settings. */
function addBridge(ctx: CommandContext, ns: Namespace, req: LinkRequest, opts: ReturnType<typeof parseBridgeOpts>): number {
  const home = req.netns ?? ns;
  try {
    const br = home.addBridge(req.dev ?? autoName(home, "bridge", undefined));
    applyBridgeOpts(br, opts);
    if (req.mtu !== undefined) br.setInitialMtu(req.mtu);
    if (req.address !== undefined) br.setMac(req.address);
    if (req.txqlen !== undefined) br.txqueuelen = req.txqlen;
    if (req.up === true) br.setAdminUp(true);
  } catch (e) {
    fail(ctx, e);
  }
  return 0;
}

/** dev_alloc_name: the first free NAME%d. */
function autoName(ns: Namespace, base: string, alsoTaken: string | undefined): string {
  for (let i = 0; ; i++) {
    const candidate = `${base}${i}`;
    if (ns.deviceByName(candidate) === undefined && candidate !== alsoTaken) return candidate;
  }
}

/** do_setlink, in the kernel's order: namespace, address, MTU, group, name, alias, flags, master, carrier, txqlen, GSO sizes, protodown. */
function setLink(ns: Namespace, dev: NetDevice, req: LinkRequest): void {
  let current = ns;
  if (req.netns !== undefined) {
    current.moveDevice(dev, req.netns);
    current = req.netns;
  }
  if (req.address !== undefined) {
    if (isMulticastMac(req.address) || req.address === 0) throw new KernelError(Errno.EADDRNOTAVAIL);
    dev.setMac(req.address);
  }
  if (req.mtu !== undefined) {
    if (req.mtu < dev.minMtu || (dev.kind !== "loopback" && req.mtu < ETH_MIN_MTU)) throw new KernelError(Errno.EINVAL, "mtu less than device minimum");
    if (dev.maxMtu > 0 && req.mtu > dev.maxMtu) throw new KernelError(Errno.EINVAL, "mtu greater than device maximum");
    dev.setMtu(req.mtu);
  }
  if (req.group !== undefined) dev.group = req.group;
  if (req.name !== undefined && req.name !== dev.name) current.rename(dev, req.name);
  // dev_set_alias: an empty alias removes it.
  if (req.alias !== undefined) dev.ifalias = req.alias === "" ? null : req.alias;
  if (req.change !== 0) changeFlags(current, dev, req.flags, req.change);
  if (req.master !== undefined || req.nomaster === true) current.setMaster(dev, req.nomaster === true ? undefined : req.master);
  // dev_change_carrier: only devices with ndo_change_carrier (dummy); veth, bridges and NICs refuse.
  if (req.carrier !== undefined) throw new KernelError(Errno.EOPNOTSUPP);
  if (req.txqlen !== undefined) dev.txqueuelen = req.txqlen;
  if (req.gsoMaxSize !== undefined) {
    if (req.gsoMaxSize > dev.tsoMaxSize) throw new KernelError(Errno.EINVAL, "too big gso_max_size");
    dev.gsoMaxSize = req.gsoMaxSize;
  }
  if (req.gsoMaxSegs !== undefined) {
    if (req.gsoMaxSegs > 65535) throw new KernelError(Errno.EINVAL, "too big gso_max_segs");
    dev.gsoMaxSegs = req.gsoMaxSegs;
  }
  if (req.groMaxSize !== undefined) {
    if (req.groMaxSize > 524280) throw new KernelError(Errno.EINVAL, "too big gro_max_size");
    dev.groMaxSize = req.groMaxSize;
  }
  if (req.protodown !== undefined) throw new KernelError(Errno.EOPNOTSUPP, "Protodown not supported by device");
}

/**
 * dev_change_flags (__dev_change_flags + __dev_notify_flags): the plain flags are set, UP opens
 * or closes the device, PROMISC and ALLMULTI are the user's gflags holding one count each;
 * changing NOARP flushes the device's neighbours (neigh_changeaddr).
 */
export function changeFlags(ns: Namespace, dev: NetDevice, flags: number, change: number): void {
  const plain = IFF.NOTRAILERS | IFF.NOARP | IFF.DYNAMIC | IFF.MULTICAST;
  const want = (dev.baseFlags & ~(change & plain)) | (flags & change & plain);
  const noarpChanged = ((want ^ dev.baseFlags) & IFF.NOARP) !== 0;
  dev.baseFlags = want;
  if ((change & IFF.UP) !== 0) dev.setAdminUp((flags & IFF.UP) !== 0);
  for (const bit of [IFF.PROMISC, IFF.ALLMULTI]) {
    if ((change & bit) === 0 || ((flags ^ dev.gflags) & bit) === 0) continue;
    const on = (flags & bit) !== 0;
    dev.gflags ^= bit;
    if (bit === IFF.PROMISC) dev.setPromiscuity(on ? 1 : -1);
    else dev.setAllmulti(on ? 1 : -1);
  }
  // __dev_notify_flags → NETDEV_CHANGE (only while up) → arp_netdev_event: a NOARP change runs
  // neigh_changeaddr — every entry goes, proxy entries stay.
  if (noarpChanged && dev.adminUp) ns.neigh.changeaddr(dev);
}

export { incomplete };
