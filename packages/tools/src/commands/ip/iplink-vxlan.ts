/**
 * `ip link … type vxlan` (iproute2 6.1 ip/iplink_vxlan.c): vxlan_parse_opt's words, checks,
 * messages and exit statuses, the request it builds (IFLA_VXLAN_* attributes), and
 * vxlan_print_opt for `ip -d link` in text and JSON.
 */
import { formatIpv4 } from "@pktsim/core";
import { type NetDevice, Vxlan } from "@pktsim/devices";
import { type Namespace, type VxlanAttrs, type VxlanLinkAttrs, Errno, KernelError, strerror, vxlanChangelink, vxlanNewlink } from "@pktsim/stack";
import { type CommandContext, Exit } from "../../command";
import type { IpPrinter } from "./json-print";
import { Args, duparg2, invarg, matches } from "./options";
import { getU32, parseDsfield, parseInetPrefix, strtoul } from "./rt-names";

const EXPLAIN =
  "Usage: ... vxlan id VNI\n" +
  "\t\t[ { group | remote } IP_ADDRESS ]\n" +
  "\t\t[ local ADDR ]\n" +
  "\t\t[ ttl TTL ]\n" +
  "\t\t[ tos TOS ]\n" +
  "\t\t[ df DF ]\n" +
  "\t\t[ flowlabel LABEL ]\n" +
  "\t\t[ dev PHYS_DEV ]\n" +
  "\t\t[ dstport PORT ]\n" +
  "\t\t[ srcport MIN MAX ]\n" +
  "\t\t[ [no]learning ]\n" +
  "\t\t[ [no]proxy ]\n" +
  "\t\t[ [no]rsc ]\n" +
  "\t\t[ [no]l2miss ]\n" +
  "\t\t[ [no]l3miss ]\n" +
  "\t\t[ ageing SECONDS ]\n" +
  "\t\t[ maxaddress NUMBER ]\n" +
  "\t\t[ [no]udpcsum ]\n" +
  "\t\t[ [no]udp6zerocsumtx ]\n" +
  "\t\t[ [no]udp6zerocsumrx ]\n" +
  "\t\t[ [no]remcsumtx ] [ [no]remcsumrx ]\n" +
  "\t\t[ [no]external ] [ gbp ] [ gpe ]\n" +
  "\t\t[ [no]vnifilter ]\n" +
  "\n" +
  "Where:\tVNI\t:= 0-16777215\n" +
  "\tADDR\t:= { IP_ADDRESS | any }\n" +
  "\tTOS\t:= { NUMBER | inherit }\n" +
  "\tTTL\t:= { 1..255 | auto | inherit }\n" +
  "\tDF\t:= { unset | set | inherit }\n" +
  "\tLABEL := 0-1048575\n";

/** An address as get_addr leaves it in an inet_prefix: its family and set_address_type's class. */
interface InetAddr {
  family: "unspec" | "inet" | "inet6";
  /** "zero": 0.0.0.0 (ADDRTYPE_INET_UNSPEC), "multi", "unicast"; "none" for "any" (no type). */
  kind: "none" | "zero" | "multi" | "unicast";
  addr: number;
}

const NO_ADDR: InetAddr = { family: "unspec", kind: "none", addr: 0 };

/** is_addrtype_inet_not_multi */
function inetNotMulti(a: InetAddr): boolean {
  return a.kind === "zero" || a.kind === "unicast";
}

/** get_addr(&addr, arg, family): exits 1 with "<family> address is expected" when it cannot parse. */
function getAddr(ctx: CommandContext, text: string, family: InetAddr["family"]): InetAddr {
  const fail = (): never => {
    const name = family === "inet" ? "inet" : family === "inet6" ? "inet6" : "any valid";
    ctx.err(`Error: ${name} address is expected rather than "${text}".\n`);
    throw new Exit(1);
  };
  if (text.includes(":")) {
    // IPv6 endpoints: parsed for their family only; the request is refused once parsed.
    if (family === "inet" || !/^[0-9a-fA-F:.]+$/.test(text)) fail();
    return { family: "inet6", kind: "unicast", addr: 0 };
  }
  const p = parseInetPrefix(text);
  if (p === undefined || text.includes("/") || family === "inet6") return fail();
  if (p.any) return { ...NO_ADDR, family };
  const addr = p.addr;
  const kind = addr === 0 ? "zero" : (addr & 0xf0000000) >>> 0 === 0xe0000000 ? "multi" : "unicast";
  return { family: "inet", kind, addr };
}

/** get_u16 / get_be16: strtoul base 0 within 0..65535. */
function getU16(text: string): number | undefined {
  if (text === "") return undefined;
  const v = strtoul(text, 0);
  return v === undefined || v > 0xffff ? undefined : v;
}

/**
 * vxlan_parse_opt: the IFLA_VXLAN_* attributes of `ip link add|set … type vxlan ARGS`.
 * `setOp` is a change (RTM_NEWLINK without NLM_F_CREATE): no VNI needed, no port warning, and
 * learning only when given. Exits as iproute2 does on bad input.
 */
export function parseVxlanOpts(ctx: CommandContext, ns: Namespace, args: Args, setOp: boolean): VxlanAttrs {
  const a: VxlanAttrs = {};
  const seen = new Set<string>();
  const dup = (attr: string, key: string, arg: string): void => {
    if (seen.has(attr)) duparg2(ctx, key, arg);
    seen.add(attr);
  };
  let saddr: InetAddr = NO_ADDR;
  let daddr: InetAddr = NO_ADDR;
  let learning = true;
  let dstport = 0;
  let metadata = false;
  let vnifilter = false;
  let vni = 0;
  const bothError = (): never => {
    ctx.err("vxlan: both group and remote cannot be specified\n");
    throw new Exit(1);
  };
  const flag = (attr: string, word: string, set: () => void): void => {
    dup(attr, word, word);
    set();
  };
  while (!args.done) {
    const w = args.next()!;
    if (matches(w, "id") || matches(w, "vni")) {
      const v = args.value();
      dup("id", "id", v);
      const n = getU32(v);
      if (n === undefined || n >= 1 << 24) invarg(ctx, "invalid id", v);
      vni = n;
    } else if (matches(w, "group")) {
      if (inetNotMulti(daddr)) bothError();
      const v = args.value();
      dup("group", "group", v);
      daddr = getAddr(ctx, v, saddr.family);
      if (daddr.kind !== "multi") invarg(ctx, "invalid group address", v);
    } else if (matches(w, "remote")) {
      if (daddr.kind === "multi") bothError();
      const v = args.value();
      dup("group", "remote", v);
      daddr = getAddr(ctx, v, saddr.family);
      if (!inetNotMulti(daddr)) invarg(ctx, "invalid remote address", v);
    } else if (matches(w, "local")) {
      const v = args.value();
      dup("local", "local", v);
      saddr = getAddr(ctx, v, daddr.family);
      if (!inetNotMulti(saddr)) invarg(ctx, "invalid local address", v);
    } else if (matches(w, "dev")) {
      const v = args.value();
      dup("link", "dev", v);
      const link = ns.deviceByName(v);
      if (link === undefined) {
        ctx.err(`Cannot find device "${v}"\n`);
        throw new Exit(255);
      }
      a.link = link.ifindex;
    } else if (matches(w, "ttl") || matches(w, "hoplimit")) {
      const v = args.value();
      dup("ttl", "ttl", v);
      if (v === "inherit") a.ttlInherit = true;
      else if (v === "auto") a.ttl = 0;
      else {
        const n = getU32(v);
        if (n === undefined) invarg(ctx, "invalid TTL", v);
        if (n > 255) invarg(ctx, "TTL must be <= 255", v);
        a.ttl = n;
      }
    } else if (matches(w, "tos") || matches(w, "dsfield")) {
      const v = args.value();
      dup("tos", "tos", v);
      if (v !== "inherit") {
        const n = parseDsfield(v);
        if (n === undefined) invarg(ctx, "bad TOS value", v);
        a.tos = n;
      } else a.tos = 1;
    } else if (matches(w, "df")) {
      const v = args.value();
      dup("df", "df", v);
      if (v === "unset") a.df = 0;
      else if (v === "set") a.df = 1;
      else if (v === "inherit") a.df = 2;
      else invarg(ctx, "DF must be 'unset', 'set' or 'inherit'", v);
    } else if (matches(w, "label") || matches(w, "flowlabel")) {
      const v = args.value();
      dup("label", "flowlabel", v);
      const n = getU32(v);
      if (n === undefined || n > 0xfffff) invarg(ctx, "invalid flowlabel", v);
      a.label = n;
    } else if (matches(w, "ageing")) {
      const v = args.value();
      dup("ageing", "ageing", v);
      const n = v === "none" ? 0 : getU32(v);
      if (n === undefined) invarg(ctx, "ageing timer", v);
      a.ageing = n;
    } else if (matches(w, "maxaddress")) {
      const v = args.value();
      dup("limit", "maxaddress", v);
      const n = v === "unlimited" ? 0 : getU32(v);
      if (n === undefined) invarg(ctx, "max addresses", v);
      a.limit = n;
    } else if (matches(w, "port") || matches(w, "srcport")) {
      const lowText = args.value();
      dup("port_range", "srcport", lowText);
      const low = getU16(lowText);
      if (low === undefined) invarg(ctx, "min port", lowText);
      const highText = args.value();
      const high = getU16(highText);
      if (high === undefined) invarg(ctx, "max port", highText);
      if (low !== 0 || high !== 0) a.portRange = [low, high];
    } else if (matches(w, "dstport")) {
      const v = args.value();
      dup("port", "dstport", v);
      const n = getU16(v);
      if (n === undefined) invarg(ctx, "dst port", v);
      dstport = n;
    } else if (matches(w, "nolearning")) flag("learning", w, () => (learning = false));
    else if (matches(w, "learning")) flag("learning", w, () => (learning = true));
    else if (matches(w, "noproxy")) flag("proxy", w, () => (a.proxy = false));
    else if (matches(w, "proxy")) flag("proxy", w, () => (a.proxy = true));
    else if (matches(w, "norsc")) flag("rsc", w, () => (a.rsc = false));
    else if (matches(w, "rsc")) flag("rsc", w, () => (a.rsc = true));
    else if (matches(w, "nol2miss")) flag("l2miss", w, () => (a.l2miss = false));
    else if (matches(w, "l2miss")) flag("l2miss", w, () => (a.l2miss = true));
    else if (matches(w, "nol3miss")) flag("l3miss", w, () => (a.l3miss = false));
    else if (matches(w, "l3miss")) flag("l3miss", w, () => (a.l3miss = true));
    else if (matches(w, "udpcsum")) flag("udp_csum", w, () => (a.udpCsum = true));
    else if (matches(w, "noudpcsum")) flag("udp_csum", w, () => (a.udpCsum = false));
    else if (matches(w, "udp6zerocsumtx")) flag("csum6tx", w, () => (a.udpZeroCsum6Tx = true));
    else if (matches(w, "noudp6zerocsumtx")) flag("csum6tx", w, () => (a.udpZeroCsum6Tx = false));
    else if (matches(w, "udp6zerocsumrx")) flag("csum6rx", w, () => (a.udpZeroCsum6Rx = true));
    else if (matches(w, "noudp6zerocsumrx")) flag("csum6rx", w, () => (a.udpZeroCsum6Rx = false));
    else if (matches(w, "remcsumtx")) flag("remcsumtx", w, () => (a.remcsumTx = true));
    else if (matches(w, "noremcsumtx")) flag("remcsumtx", w, () => (a.remcsumTx = false));
    else if (matches(w, "remcsumrx")) flag("remcsumrx", w, () => (a.remcsumRx = true));
    else if (matches(w, "noremcsumrx")) flag("remcsumrx", w, () => (a.remcsumRx = false));
    else if (matches(w, "external")) {
      flag("metadata", w, () => {
        metadata = true;
        learning = false;
        a.collectMetadata = true;
      });
    } else if (matches(w, "noexternal")) {
      flag("metadata", w, () => {
        metadata = false;
        a.collectMetadata = false;
      });
    } else if (matches(w, "gbp")) flag("gbp", w, () => (a.gbp = true));
    else if (matches(w, "gpe")) flag("gpe", w, () => (a.gpe = true));
    else if (w === "vnifilter") {
      flag("vnifilter", w, () => {
        a.vnifilter = true;
        vnifilter = true;
      });
    } else if (w === "novnifilter") flag("vnifilter", w, () => (a.vnifilter = false));
    else if (matches(w, "help")) {
      ctx.err(EXPLAIN);
      throw new Exit(1);
    } else {
      ctx.err(`vxlan: unknown command "${w}"?\n`);
      ctx.err(EXPLAIN);
      throw new Exit(1);
    }
  }
  const fail = (msg: string): never => {
    ctx.err(`${msg}\n`);
    throw new Exit(1);
  };
  if (!metadata && vnifilter) fail("vxlan: vnifilter is valid only when 'external' is set");
  if (metadata && seen.has("id")) fail("vxlan: both 'external' and vni cannot be specified");
  if (!metadata && !vnifilter && !seen.has("id") && !setOp) fail("vxlan: missing virtual network identifier");
  if (daddr.kind === "multi" && !seen.has("link")) fail("vxlan: 'group' requires 'dev' to be specified");
  if (!seen.has("port") && seen.has("gpe")) dstport = 4790;
  else if (!seen.has("port") && !setOp) {
    ctx.err(
      "vxlan: destination port not specified\n" +
        "Will use Linux kernel default (non-standard value)\n" +
        "Use 'dstport 4789' to get the IANA assigned value\n" +
        "Use 'dstport 0' to get default and quiet this message\n",
    );
  }
  if (saddr.family === "inet6" || daddr.family === "inet6") {
    ctx.err("Error: pktsim: IPv6 VXLAN endpoints are not modelled.\n");
    throw new Exit(2);
  }
  if (seen.has("id")) a.id = vni;
  if (saddr.kind !== "none") a.local = saddr.addr;
  if (daddr.kind !== "none") a.group = daddr.addr;
  if (!setOp || seen.has("learning")) a.learning = learning;
  if (dstport !== 0) a.port = dstport;
  return a;
}

/** vxlan_print_opt over what vxlan_fill_info sends; `viewer` resolves the lower device's index. */
export function printVxlanOpt(p: IpPrinter, dev: Vxlan, viewer: Namespace): void {
  const c = dev.cfg;
  p.any("id", `id ${c.vni} `, c.vni);
  if (c.remote !== 0) {
    const ip = formatIpv4(c.remote);
    if ((c.remote & 0xf0000000) >>> 0 === 0xe0000000) p.any("group", `group ${ip} `, ip);
    else p.any("remote", `remote ${ip} `, ip);
  }
  if (c.local !== 0) {
    const ip = formatIpv4(c.local);
    p.any("local", `local ${ip} `, ip);
  }
  if (c.link !== 0) {
    // ll_index_to_name: the index as the viewing namespace names it.
    const name = viewer.deviceByIndex(c.link)?.name ?? `if${c.link}`;
    p.any("link", `dev ${name} `, name);
  }
  if (p.json) {
    p.openObject("port_range");
    p.jsonOnly("low", c.portMin);
    p.jsonOnly("high", c.portMax);
    p.closeObject();
  } else {
    p.fp(`srcport ${c.portMin} ${c.portMax} `);
  }
  p.any("port", `dstport ${c.dstPort} `, c.dstPort);
  p.jsonOnly("learning", c.learning);
  if (!c.learning) p.fp("nolearning ");
  if (c.proxy) p.any("proxy", "proxy ", true);
  if (c.rsc) p.any("rsc", "rsc ", true);
  if (c.l2miss) p.any("l2miss", "l2miss ", true);
  if (c.l3miss) p.any("l3miss", "l3miss ", true);
  if (c.tos !== 0) {
    const hex = `0x${c.tos.toString(16)}`;
    if (p.json || c.tos !== 1) p.any("tos", `tos ${hex} `, hex);
    else p.fp("tos inherit ");
  }
  if (c.ttlInherit) p.fp("ttl inherit ");
  else if (p.json || c.ttl !== 0) p.any("ttl", `ttl ${c.ttl} `, c.ttl);
  else p.fp("ttl auto ");
  if (c.df === 0) p.jsonOnly("df", "unset");
  else {
    const df = c.df === 1 ? "set" : "inherit";
    p.any("df", `df ${df} `, df);
  }
  if (c.ageing === 0) p.any("ageing", "ageing none ", 0);
  else p.any("ageing", `ageing ${c.ageing} `, c.ageing);
  if (c.maxAddress !== 0) p.any("limit", `maxaddr ${c.maxAddress} `, c.maxAddress);
  const csum = (key: string, word: string, on: boolean): void => {
    if (p.json) p.jsonOnly(key, on);
    else p.fp(`${on ? "" : "no"}${word} `);
  };
  csum("udp_csum", "udpcsum", c.udpCsum);
  csum("udp_zero_csum6_tx", "udp6zerocsumtx", c.udp6ZeroCsumTx);
  csum("udp_zero_csum6_rx", "udp6zerocsumrx", c.udp6ZeroCsumRx);
  if (c.remcsumTx) p.any("remcsum_tx", "remcsumtx ", true);
  if (c.remcsumRx) p.any("remcsum_rx", "remcsumrx ", true);
}

/** rtnl's answer to a refused request: the extack, or strerror (ip exits 2). */
function rtnlFail(ctx: CommandContext, e: unknown): never {
  if (e instanceof KernelError) {
    if (e.extack !== undefined) ctx.err(`Error: ${e.extack}.\n`);
    else ctx.err(`RTNETLINK answers: ${strerror(e.errno)}\n`);
    throw new Exit(2);
  }
  throw e;
}

/** What `ip link add` puts around the vxlan data (IFLA_IFNAME, IFLA_MTU, IFLA_ADDRESS, …). */
export interface VxlanAddRequest {
  name: string | undefined;
  home: Namespace;
  typeArgs: readonly string[];
  mtu?: number;
  address?: number;
  txqlen?: number;
  up?: boolean;
}

/**
 * `ip link add [NAME] … type vxlan ARGS`: vxlan_parse_opt (no IFLA_INFO_DATA at all without
 * ARGS), then rtnl_newlink in the caller's namespace `ns` (the tunnel's) for a device in
 * `r.home`, then rtnl_configure_link (`up`): a device that cannot open is unregistered again.
 */
export function ipLinkAddVxlan(ctx: CommandContext, ns: Namespace, r: VxlanAddRequest): number {
  const attrs = r.typeArgs.length === 0 ? null : parseVxlanOpts(ctx, ns, new Args(ctx, r.typeArgs), false);
  try {
    const link: VxlanLinkAttrs = {};
    if (r.mtu !== undefined) link.mtu = r.mtu;
    if (r.address !== undefined) link.address = r.address;
    const dev = vxlanNewlink(ns, r.home, r.name ?? allocName(r.home, "vxlan"), attrs, link);
    if (r.txqlen !== undefined) dev.txqueuelen = r.txqlen;
    if (r.up === true) {
      try {
        dev.setAdminUp(true);
      } catch (e) {
        r.home.destroyDevice(dev);
        throw e;
      }
    }
  } catch (e) {
    rtnlFail(ctx, e);
  }
  return 0;
}

/**
 * `ip link set DEV type vxlan ARGS`: rtnl_changelink before do_setlink; a device of another
 * kind has no vxlan changelink (EOPNOTSUPP). Without ARGS nothing is sent for the type.
 */
export function ipLinkChangeVxlan(ctx: CommandContext, ns: Namespace, dev: NetDevice, typeArgs: readonly string[]): void {
  if (typeArgs.length === 0) return;
  const attrs = parseVxlanOpts(ctx, ns, new Args(ctx, typeArgs), true);
  try {
    if (!(dev instanceof Vxlan)) throw new KernelError(Errno.EOPNOTSUPP);
    vxlanChangelink(dev, attrs);
  } catch (e) {
    rtnlFail(ctx, e);
  }
}

/** dev_alloc_name: the first free NAME%d. */
function allocName(ns: Namespace, base: string): string {
  for (let i = 0; ; i++) {
    const candidate = `${base}${i}`;
    if (ns.deviceByName(candidate) === undefined) return candidate;
  }
}
