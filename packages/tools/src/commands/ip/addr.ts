/**
 * `ip address` (ip/ipaddress.c): show, add, del, flush — IPv4 addresses as the kernel keeps
 * them (primaries first, secondaries after) and the IPv6 addresses addrconf made.
 */
import { formatIpv4, parseIpv4, prefixMask } from "@pktsim/core";
import { IfaFlags, KernelError, type Namespace, Scope, strerror } from "@pktsim/stack";
import { type CommandContext, Exit } from "../../command";
import { Args, type IpOptions, matches } from "./options";
import { ipaddrFlush, ipaddrList } from "./ipaddress";

export function ipAddr(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  const sub = args.next();
  if (sub === undefined || matches(sub, "show") || matches(sub, "lst") || matches(sub, "list")) return addrShow(ctx, ns, args, opts);
  if (matches(sub, "add")) return addrModify(ctx, ns, args, "add");
  if (matches(sub, "change") || sub === "chg") return addrModify(ctx, ns, args, "replace");
  if (matches(sub, "replace")) return addrModify(ctx, ns, args, "replace");
  if (matches(sub, "delete")) return addrModify(ctx, ns, args, "del");
  if (matches(sub, "flush")) return ipaddrFlush(ctx, ns, args, opts);
  ctx.err(`Command "${sub}" is unknown, try "ip address help".\n`);
  return 255;
}

function addrShow(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  return ipaddrList(ctx, ns, args, opts, false);
}

/** get_prefix for `ip addr`: A.B.C.D[/N]. */
function parsePrefix(ctx: CommandContext, text: string): { addr: number; len: number; hasLen: boolean } {
  const slash = text.indexOf("/");
  const addr = parseIpv4(slash < 0 ? text : text.slice(0, slash));
  let len = 32;
  let ok = addr !== undefined;
  if (ok && slash >= 0) {
    const l = text.slice(slash + 1);
    ok = /^[0-9]+$/.test(l) && Number(l) <= 32;
    len = Number(l);
  }
  if (!ok) {
    ctx.err(`Error: any valid prefix is expected rather than "${text}".\n`);
    throw new Exit(1);
  }
  return { addr: addr!, len, hasLen: slash >= 0 };
}

function addrModify(ctx: CommandContext, ns: Namespace, args: Args, mode: "add" | "replace" | "del"): number {
  let local: { addr: number; len: number; hasLen: boolean } | undefined;
  let peer: { addr: number; len: number } | undefined;
  let devName: string | undefined;
  let broadcast: number | undefined;
  let brdPlus = false;
  let scope: number | undefined;
  let label: string | undefined;
  let metric: number | undefined;
  let noprefixroute = false;
  while (!args.done) {
    const a = args.next()!;
    if (a === "peer" || a === "remote") {
      const p = parsePrefix(ctx, args.value());
      peer = p;
    } else if (matches(a, "broadcast") || a === "brd") {
      const v = args.value();
      if (v === "+") brdPlus = true;
      else if (v === "-") broadcast = 0;
      else broadcast = parsePrefix(ctx, v).addr;
    } else if (a === "dev") {
      devName = args.value();
    } else if (a === "label") {
      label = args.value();
    } else if (a === "scope") {
      const v = args.value();
      const names: Record<string, number> = { global: 0, universe: 0, site: 200, link: 253, host: 254, nowhere: 255 };
      scope = names[v] ?? (/^[0-9]+$/.test(v) ? Number(v) : undefined);
      if (scope === undefined) {
        ctx.err(`Error: argument "${v}" is wrong: invalid scope value.\n`);
        throw new Exit(255);
      }
    } else if (a === "metric" || a === "priority" || a === "preference") {
      metric = Number(args.value());
    } else if (a === "noprefixroute") {
      noprefixroute = true;
    } else if (a === "valid_lft" || a === "preferred_lft") {
      args.value();
    } else {
      const v = a === "local" ? args.value() : a;
      if (local !== undefined) {
        ctx.err(`Error: either "local" is duplicate, or "${v}" is a garbage.\n`);
        throw new Exit(255);
      }
      local = parsePrefix(ctx, v);
    }
  }
  if (devName === undefined) {
    ctx.err('Not enough information: "dev" argument is required.\n');
    return 1;
  }
  const dev = ns.deviceByName(devName);
  if (dev === undefined) {
    ctx.err(`Cannot find device "${devName}"\n`);
    return 1;
  }
  try {
    if (mode === "del") {
      if (local === undefined) {
        // "ip addr del dev X" deletes the first address.
        const first = ns.inDevice(dev)?.addrs[0];
        if (first === undefined) throw new KernelError(99);
        ns.ip.delAddress(dev, first.local, first.prefixLen);
        return 0;
      }
      if (peer !== undefined) {
        // ipaddr_modify with a peer: IFA_LOCAL, IFA_ADDRESS = the peer, ifa_prefixlen from the
        // peer; inet_rtm_deladdr matches the peer under the address's mask (inet_ifa_match).
        const len = peer.len;
        const mask = prefixMask(len);
        const ifa = ns.inDevice(dev)?.addrs.find(
          (a) => a.local === local.addr && a.prefixLen === len && ((peer.addr ^ a.address) & mask) === 0 && (label === undefined || a.label === label),
        );
        if (ifa === undefined) throw new KernelError(99, "ipv4: Address not found");
        ns.ip.delAddress(dev, ifa.local, undefined, ifa.label);
        return 0;
      }
      if (!local.hasLen) {
        ctx.err(
          "Warning: Executing wildcard deletion to stay compatible with old scripts.\n" +
            "         Explicitly specify the prefix length (" +
            `${formatIpv4(local.addr)}/32) to avoid this warning.\n` +
            "         This special behaviour is likely to disappear in further releases,\n" +
            "         fix your scripts!\n",
        );
        ns.ip.delAddress(dev, local.addr, undefined, label);
      } else {
        ns.ip.delAddress(dev, local.addr, local.len, label);
      }
      return 0;
    }
    if (local === undefined) {
      ctx.err('Not enough information: "local" argument is required.\n');
      return 1;
    }
    // ipaddr_modify: `peer` sets ifa_prefixlen from its own length (32 when it has none); the
    // local's length is used only without a peer.
    const len = peer !== undefined ? peer.len : local.len;
    if (brdPlus && len < 31) broadcast = (local.addr | ~prefixMask(len)) >>> 0;
    // iproute2's default_scope: 127/8 gets scope host.
    const defaultScope = local.addr >>> 24 === 127 ? Scope.HOST : Scope.UNIVERSE;
    ns.ip.addAddress(
      dev,
      {
        local: local.addr,
        prefixLen: len,
        peer: peer?.addr,
        broadcast,
        scope: scope ?? defaultScope,
        label,
        metric,
        flags: noprefixroute ? IfaFlags.NOPREFIXROUTE : 0,
      },
      mode === "replace",
    );
  } catch (e) {
    if (e instanceof KernelError) {
      ctx.err(e.extack !== undefined ? `Error: ${e.extack}.\n` : `RTNETLINK answers: ${strerror(e.errno)}\n`);
      return 2;
    }
    throw e;
  }
  return 0;
}
