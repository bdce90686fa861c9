/**
 * `ip link` (ip/iplink.c): show, add (veth), set, delete — with iproute2's argument
 * parsing order, messages and exit statuses, and the kernel's do_setlink order of changes.
 */
import { parseMac, isMulticastMac } from "@pktsim/core";
import { type NetDevice, Bridge, ETH_MIN_MTU } from "@pktsim/devices";
import { Errno, KernelError, Namespace, strerror } from "@pktsim/stack";
import type { CommandContext } from "../../command";
import { Exit } from "../../command";
import { Args, type IpOptions, duparg, incomplete, invarg, matches } from "./options";
import { ipaddrList } from "./ipaddress";
import { applyBridgeOpts, parseBridgeOpts } from "./iplink-bridge";

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
  promisc?: boolean;
  arp?: boolean;
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
  const req: LinkRequest = { typeArgs: [] };
  while (!args.done) {
    const a = args.next()!;
    if (a === "up") req.up = true;
    else if (a === "down") req.up = false;
    else if (a === "name") {
      const v = args.value();
      if (req.name !== undefined) duparg(ctx, "name", v);
      if (!Namespace.validName(v)) invarg(ctx, '"name" not a valid ifname', v);
      req.name = v;
      req.dev ??= v;
    } else if (matches(a, "address")) {
      req.address = parseLladdr(ctx, args.value());
    } else if (matches(a, "txqueuelen") || a === "qlen" || matches(a, "txqlen")) {
      const v = args.value();
      if (req.txqlen !== undefined) duparg(ctx, "txqueuelen", v);
      if (!/^(0|[1-9][0-9]*|0x[0-9a-fA-F]+)$/.test(v)) invarg(ctx, 'Invalid "txqueuelen" value\n', v);
      req.txqlen = Number(v);
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
    } else if (a === "promisc" || a === "arp") {
      const v = args.value();
      if (v !== "on" && v !== "off") invarg(ctx, `Invalid "${a}" value\n`, v);
      if (a === "promisc") req.promisc = v === "on";
      else req.arp = v === "on";
    } else if (matches(a, "master")) {
      req.master = args.value();
    } else if (matches(a, "nomaster")) {
      req.nomaster = true;
    } else if (matches(a, "type")) {
      req.type = args.value();
      req.typeArgs = args.rest();
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
      if (!Namespace.validName(dev)) invarg(ctx, '"dev" not a valid ifname', dev);
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
  if (bridgeOpts !== undefined) return addBridge(ctx, ns, req, bridgeOpts);
  if (req.type !== "veth") {
    ctx.err(`Error: Unknown device type.\n`);
    return 2;
  }
  // veth options: [peer [name] NAME [netns NS] ...]
  const typeArgs = new Args(ctx, req.typeArgs);
  let peer: LinkRequest = { typeArgs: [] };
  if (!typeArgs.done) {
    const p = typeArgs.next();
    if (p !== "peer") {
      ctx.err(`Garbage instead of arguments "${p} ...". Try "ip link help".\n`);
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
    if (name === undefined) name = autoName(home, "veth", peerNs === home ? peer.dev : undefined);
    const peerName = peer.dev ?? autoName(peerNs, "veth", peerNs === home ? name : undefined);
    const [dev, peerDev] = home.addVethPair(name, peerName, peerNs, ns);
    if (peer.mtu !== undefined) peerDev.setMtu(peer.mtu);
    if (peer.address !== undefined) peerDev.setMac(peer.address);
    if (req.mtu !== undefined) dev.setMtu(req.mtu);
    if (req.address !== undefined) dev.setMac(req.address);
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
    if (req.mtu !== undefined) br.setMtu(req.mtu);
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

/** do_setlink, in the kernel's order: namespace, address, MTU, name, flags, master. */
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
  if (req.name !== undefined && req.name !== dev.name) current.rename(dev, req.name);
  if (req.txqlen !== undefined) dev.txqueuelen = req.txqlen;
  if (req.promisc !== undefined) dev.promiscuity = Math.max(0, dev.promiscuity + (req.promisc ? 1 : -1));
  if (req.up !== undefined) dev.setAdminUp(req.up);
  if (req.master !== undefined || req.nomaster === true) current.setMaster(dev, req.nomaster === true ? undefined : req.master);
}

export { incomplete };
