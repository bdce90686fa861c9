/**
 * `bridge fdb add|append|replace|del|get` (iproute2 6.1 bridge/fdb.c fdb_modify, fdb_get) and
 * the VXLAN half of `bridge fdb show`: what a VXLAN device's own FDB dump (vxlan_fdb_dump →
 * vxlan_fdb_info) sends and how print_fdb prints it. Requests reach a VXLAN device's
 * ndo_fdb_add/ndo_fdb_del (the `self` default); other devices' FDBs are not changed here.
 */
import { type MacAddr, formatIpv4, formatMac } from "@pktsim/core";
import { type FdbRequestFlags, type NetDevice, type VxlanFdbEntry, Bridge, Ntf, VxlanNud, Vxlan } from "@pktsim/devices";
import { type Namespace, type VxlanFdbRequest, Errno, KernelError, strerror, vxlanFdbAdd, vxlanFdbDelete, vxlanLinkNet } from "@pktsim/stack";
import { type CommandContext, Exit } from "../command";
import type { IpPrinter } from "./ip/json-print";
import { matches } from "./ip/options";
import { parseInetPrefix, strtoul } from "./ip/rt-names";

const FDB_USAGE =
  "Usage: bridge fdb { add | append | del | replace } ADDR dev DEV\n" +
  "              [ self ] [ master ] [ use ] [ router ] [ extern_learn ]\n" +
  "              [ sticky ] [ local | static | dynamic ] [ vlan VID ]\n" +
  "              { [ dst IPADDR ] [ port PORT] [ vni VNI ] | [ nhid NHID ] }\n" +
  "\t       [ via DEV ] [ src_vni VNI ]\n" +
  "       bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ]\n" +
  "              [ state STATE ] [ dynamic ] ]\n" +
  "       bridge fdb get [ to ] LLADDR [ br BRDEV ] { brport | dev } DEV\n" +
  "              [ vlan VID ] [ vni VNI ] [ self ] [ master ] [ dynamic ]\n" +
  "       bridge fdb flush dev DEV [ brport DEV ] [ vlan VID ]\n" +
  "              [ self ] [ master ] [ [no]permanent | [no]static | [no]dynamic ]\n" +
  "              [ [no]added_by_user ] [ [no]extern_learn ] [ [no]sticky ]\n" +
  "              [ [no]offloaded ]\n";

/** usage(): exit(-1). */
export function fdbUsage(ctx: CommandContext): never {
  ctx.err(FDB_USAGE);
  throw new Exit(255);
}

const NUD_NOARP = 0x40;
const NUD_PERMANENT = 0x80;
const NUD_REACHABLE = 0x02;

/** The requests fdb_modify sends: RTM_NEWNEIGH with these NLM_F flags, or RTM_DELNEIGH. */
const REQUESTS: Readonly<Record<string, FdbRequestFlags | "del">> = {
  add: { create: true, excl: true, replace: false, append: false },
  append: { create: true, excl: false, replace: false, append: true },
  replace: { create: true, excl: false, replace: true, append: false },
  del: "del",
};

/** sscanf(addr, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx"): six conversions or nothing. */
function scanMac(text: string): MacAddr | undefined {
  let at = 0;
  let mac = 0;
  for (let i = 0; i < 6; i++) {
    if (i > 0) {
      if (text[at] !== ":") return undefined;
      at++;
    }
    const m = /^\s*[+-]?(0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(text.slice(at));
    if (m === null) return undefined;
    const neg = m[0].includes("-");
    let v = parseInt(m[2]!.slice(-2), 16);
    if (neg) v = -v & 0xff;
    mac = mac * 256 + v;
    at += m[0].length;
  }
  return mac;
}

/** C's atoi. */
function atoi(text: string): number {
  const m = /^\s*([+-]?[0-9]+)/.exec(text);
  return m === null ? 0 : Number(m[1]);
}

/** rtnl_talk's failure: the extack or strerror; bridge returns -1 (exit 255). */
function talkFail(ctx: CommandContext, e: unknown): never {
  if (e instanceof KernelError) {
    if (e.extack !== undefined) ctx.err(`Error: ${e.extack}.\n`);
    else ctx.err(`RTNETLINK answers: ${strerror(e.errno)}\n`);
    throw new Exit(255);
  }
  throw e;
}

/**
 * fdb_modify for add, append, replace and del, then rtnl_fdb_add / rtnl_fdb_del: `self`
 * (the default) goes to the device's own FDB — a VXLAN device's; `master` to the bridge of a
 * port. Returns the exit status.
 */
export function fdbModify(ctx: CommandContext, ns: Namespace, sub: string, args: readonly string[]): number {
  const request = REQUESTS[sub];
  if (request === undefined) throw new Error(`fdbModify: ${sub}`);
  let d: string | undefined;
  let addr: string | undefined;
  let dst: number | undefined;
  let port = 0;
  let vni: number | undefined;
  let srcVni: number | undefined;
  let via = 0;
  let flags = 0;
  let state = NUD_NOARP;
  let vid = -1;
  let nhid = 0;
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
    const invarg: (msg: string, v: string) => never = (msg, v) => {
      ctx.err(`Error: argument "${v}" is wrong: ${msg}\n`);
      throw new Exit(255);
    };
    const duparg2: (key: string, v: string) => never = (key, v) => {
      ctx.err(`Error: either "${key}" is duplicate, or "${v}" is a garbage.\n`);
      throw new Exit(255);
    };
    if (a === "dev") d = next();
    else if (a === "dst") {
      const v = next();
      if (dst !== undefined) duparg2("dst", v);
      const p = parseInetPrefix(v);
      if (p === undefined || v.includes("/")) {
        if (/^[0-9a-fA-F:]+$/.test(v) && v.includes(":")) {
          // An IPv6 destination: the IPv4-only VXLAN devices refuse its family.
          dst = -1;
          continue;
        }
        ctx.err(`Error: any valid address is expected rather than "${v}".\n`);
        throw new Exit(1);
      }
      dst = p.addr;
    } else if (a === "nhid") {
      const v = next();
      const n = strtoul(v);
      if (n === undefined || n > 0xffffffff) invarg('"id" value is invalid\n', v);
      nhid = n;
    } else if (a === "port") {
      const v = next();
      const n = strtoul(v);
      if (n === undefined) {
        // getservbyname(…, "udp") for a name; /etc/services knows vxlan's.
        const known: Record<string, number> = { vxlan: 4789 };
        const s = known[v];
        if (s === undefined) invarg("invalid port\n", v);
        port = s;
      } else if (n > 0xffff) invarg("invalid port\n", v);
      else port = n;
    } else if (a === "vni") {
      const v = next();
      const n = strtoul(v);
      if (n === undefined || n >= 1 << 24) invarg("invalid VNI\n", v);
      vni = n;
    } else if (a === "src_vni") {
      const v = next();
      const n = strtoul(v);
      if (n === undefined || n >= 1 << 24) invarg("invalid src VNI\n", v);
      srcVni = n;
    } else if (a === "via") {
      const v = next();
      const dev = ns.deviceByName(v);
      if (dev === undefined) {
        ctx.err(`Cannot find device "${v}"\n`);
        throw new Exit(255);
      }
      via = dev.ifindex;
    } else if (a === "self") flags |= Ntf.SELF;
    else if (matches(a, "master")) flags |= Ntf.MASTER;
    else if (matches(a, "router")) flags |= Ntf.ROUTER;
    else if (matches(a, "local") || matches(a, "permanent")) state |= NUD_PERMANENT;
    else if (matches(a, "temp") || matches(a, "static")) state |= NUD_REACHABLE;
    else if (matches(a, "dynamic")) {
      state |= NUD_REACHABLE;
      state &= ~NUD_NOARP;
    } else if (matches(a, "vlan")) {
      if (vid >= 0) duparg2("vlan", a);
      vid = atoi(next());
    } else if (matches(a, "use")) flags |= Ntf.USE;
    else if (matches(a, "extern_learn")) flags |= Ntf.EXT_LEARNED;
    else if (matches(a, "sticky")) flags |= Ntf.STICKY;
    else {
      let w = a;
      if (w === "to") w = next();
      if (matches(w, "help")) fdbUsage(ctx);
      if (addr !== undefined) duparg2("to", w);
      addr = w;
    }
  }
  if (d === undefined || addr === undefined) {
    ctx.err("Device and address are required arguments.\n");
    return 255;
  }
  if (nhid !== 0 && (dst !== undefined || port !== 0 || vni !== undefined)) {
    ctx.err("dst, port, vni are mutually exclusive with nhid\n");
    return 255;
  }
  if ((flags & (Ntf.SELF | Ntf.MASTER)) === 0) flags |= Ntf.SELF;
  if ((state & (NUD_PERMANENT | NUD_REACHABLE)) === 0) state |= NUD_PERMANENT;
  const mac = scanMac(addr);
  if (mac === undefined) {
    ctx.err(`Invalid mac address ${addr}\n`);
    return 255;
  }
  const dev = ns.deviceByName(d);
  if (dev === undefined) {
    ctx.err(`Cannot find device "${d}"\n`);
    return 255;
  }
  try {
    rtnlFdbModify(dev, request, { mac, dst, port, vni, srcVni, via, flags, state, nhid });
  } catch (e) {
    talkFail(ctx, e);
  }
  return 0;
}

interface FdbMsg {
  mac: MacAddr;
  dst: number | undefined;
  port: number;
  vni: number | undefined;
  srcVni: number | undefined;
  via: number;
  flags: number;
  state: number;
  nhid: number;
}

/** rtnl_fdb_add / rtnl_fdb_del: master to a port's bridge, self to the device's own ndo_fdb_*. */
function rtnlFdbModify(dev: NetDevice, request: FdbRequestFlags | "del", m: FdbMsg): void {
  const toMaster = (m.flags & (Ntf.SELF | Ntf.MASTER)) === 0 || (m.flags & Ntf.MASTER) !== 0;
  if (toMaster && dev.master instanceof Bridge) throw new KernelError(Errno.EOPNOTSUPP, "pktsim: bridge fdb add/del on a bridge port is not modelled");
  if ((m.flags & Ntf.SELF) === 0) throw new KernelError(Errno.EOPNOTSUPP);
  if (!(dev instanceof Vxlan)) throw new KernelError(Errno.EOPNOTSUPP, "pktsim: bridge fdb add/del … self is only modelled for VXLAN devices");
  if (m.nhid !== 0) throw new KernelError(Errno.EOPNOTSUPP, "pktsim: nexthop groups in a VXLAN FDB are not modelled");
  if (m.dst === -1) throw new KernelError(Errno.EAFNOSUPPORT);
  const r: VxlanFdbRequest = { mac: m.mac, state: m.state, flags: m.flags };
  if (m.dst !== undefined) r.dst = m.dst;
  if (m.port !== 0) r.port = m.port;
  if (m.vni !== undefined) r.vni = m.vni;
  if (m.srcVni !== undefined) r.srcVni = m.srcVni;
  if (m.via !== 0) r.ifindex = m.via;
  if (request === "del") vxlanFdbDelete(dev, r);
  else vxlanFdbAdd(dev, r, request);
}

/** One RTM_NEWNEIGH of vxlan_fdb_dump (one per remote), ready for print_fdb. */
export interface VxlanFdbLine {
  readonly mac: MacAddr;
  readonly dev: Vxlan;
  readonly entry: VxlanFdbEntry;
  readonly remote: number;
}

/** vxlan_fdb_dump: entries newest first, each remote in the order it was added. */
export function vxlanFdbLines(dev: Vxlan): VxlanFdbLine[] {
  const out: VxlanFdbLine[] = [];
  for (const f of dev.fdbEntries()) for (let i = 0; i < f.remotes.length; i++) out.push({ mac: f.mac, dev, entry: f, remote: i });
  return out;
}

/** state_n2a */
function stateText(s: number, json: boolean): string {
  if ((s & VxlanNud.PERMANENT) !== 0) return "permanent";
  if ((s & VxlanNud.NOARP) !== 0) return "static";
  if ((s & VxlanNud.STALE) !== 0) return "stale";
  if ((s & VxlanNud.REACHABLE) !== 0) return "";
  return json ? `0x${s.toString(16)}` : `state=0x${s.toString(16)}`;
}

/**
 * print_fdb for what vxlan_fdb_info puts in a message: NDA_DST, NDA_PORT and NDA_VNI when they
 * differ from the device's, NDA_IFINDEX, NDA_LINK_NETNSID when the tunnel is in another
 * namespace, the cache info (`-s`), the flags and the state.
 */
export function printVxlanFdbLine(p: IpPrinter, viewer: Namespace, l: VxlanFdbLine, showDev: boolean, stats: boolean): void {
  const f = l.entry;
  const rd = f.remotes[l.remote]!;
  const dev = l.dev;
  p.openObject(null);
  const mac = formatMac(f.mac);
  p.any("mac", `${mac} `, mac);
  if (showDev) {
    p.fp("dev ");
    p.any("ifname", `${dev.name} `, dev.name);
  }
  if (rd.ip !== 0) {
    const ip = formatIpv4(rd.ip);
    p.fp("dst ");
    p.any("dst", `${ip} `, ip);
  }
  if (rd.port !== 0 && rd.port !== dev.cfg.dstPort) p.any("port", `port ${rd.port} `, rd.port);
  if (rd.vni !== dev.cfg.vni) p.any("vni", `vni ${rd.vni} `, rd.vni);
  const linkNet = vxlanLinkNet(dev);
  const nsid = linkNet !== undefined && linkNet !== dev.ns ? (viewer.idOf(linkNet) ?? -1) : undefined;
  if (rd.ifindex !== 0) {
    if (nsid !== undefined) p.any("viaIfIndex", `via ifindex ${rd.ifindex} `, rd.ifindex);
    else {
      const name = viewer.deviceByIndex(rd.ifindex)?.name ?? `if${rd.ifindex}`;
      p.any("viaIf", `via ${name} `, name);
    }
  }
  if (nsid !== undefined) p.any("linkNetNsId", `link-netnsid ${nsid} `, nsid);
  if (stats) {
    const now = dev.sim.now;
    const used = Math.floor((now - f.used) / 1e9);
    const updated = Math.floor((now - f.updated) / 1e9);
    if (p.json) {
      p.jsonOnly("used", used);
      p.jsonOnly("updated", updated);
    } else p.fp(`used ${used}/${updated} `);
  }
  p.openArray("flags");
  const fl = f.flags & 0xff;
  for (const [bit, word] of FLAG_WORDS) if ((fl & bit) !== 0) p.any(null, `${word} `, word);
  p.closeArray();
  const st = stateText(f.state, p.json);
  p.any("state", `${st}\n`, st);
  p.closeObject();
}

/** fdb_print_flags' words in its order. */
const FLAG_WORDS: ReadonlyArray<readonly [number, string]> = [
  [Ntf.SELF, "self"],
  [Ntf.ROUTER, "router"],
  [Ntf.EXT_LEARNED, "extern_learn"],
  [Ntf.OFFLOADED, "offload"],
  [Ntf.MASTER, "master"],
  [Ntf.STICKY, "sticky"],
];

/**
 * fdb_get for a VXLAN device's own entry (`self`): print_fdb of vxlan_fdb_get's answer (the
 * first remote), or the extack when there is none. Returns the exit status.
 */
export function fdbGet(ctx: CommandContext, ns: Namespace, args: readonly string[], p: IpPrinter, stats: boolean): number {
  let addr: string | undefined;
  let d: string | undefined;
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
    if (a === "dev" || a === "brport") d = next();
    else if (a === "br" || a === "vni" || a === "vlan") next();
    else if (a === "self") self = true;
    else if (a === "master" || a === "dynamic") {
      // flags the lookup below does not need
    } else {
      let w = a;
      if (w === "to") w = next();
      if (matches(w, "help")) fdbUsage(ctx);
      addr = w;
    }
  }
  if (d === undefined || addr === undefined) {
    ctx.err("Device and address are required arguments.\n");
    return 255;
  }
  const mac = scanMac(addr);
  if (mac === undefined) {
    ctx.err(`Invalid mac address ${addr}\n`);
    return 255;
  }
  const dev = ns.deviceByName(d);
  if (dev === undefined) {
    ctx.err(`Cannot find device "${d}"\n`);
    return 255;
  }
  try {
    if (!self) {
      if (!(dev.master instanceof Bridge)) throw new KernelError(Errno.EINVAL, "Device is not a bridge port");
      throw new KernelError(Errno.EOPNOTSUPP, "pktsim: bridge fdb get on a bridge port is not modelled");
    }
    if (!(dev instanceof Vxlan)) throw new KernelError(Errno.EOPNOTSUPP, "Fdb get operation not supported by device");
    const f = dev.findMac(mac);
    if (f === undefined || f.remotes.length === 0) throw new KernelError(Errno.ENOENT, "Fdb entry not found");
    printVxlanFdbLine(p, ns, { mac, dev, entry: f, remote: 0 }, true, stats);
  } catch (e) {
    // fdb_get returns -2 when rtnl_talk fails (exit 254).
    try {
      talkFail(ctx, e);
    } catch (x) {
      if (x instanceof Exit) return 254;
      throw x;
    }
  }
  ctx.out(p.finish());
  return 0;
}
