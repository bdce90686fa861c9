/**
 * `ip neigh` (ip/ipneigh.c): show and flush with their filters (dev, nud, proxy, to PREFIX,
 * unused, master), get, and add/change/replace/del of entries and proxy entries, answered as
 * the kernel's neigh_add/neigh_delete/neigh_get answer them (net/core/neighbour.c).
 */
import { formatIpv4, formatMac, parseMac } from "@pktsim/core";
import { Bridge, type NetDevice } from "@pktsim/devices";
import { type Namespace, type Neighbour, NeighUpdate, Nud, nudName } from "@pktsim/stack";
import { type CommandContext, Exit } from "../../command";
import { IpPrinter } from "./json-print";
import { type Args, type IpOptions, duparg, duparg2, invarg, matches } from "./options";
import { type InetPrefix, getAddr, getPrefix } from "./rt-names";

const USAGE =
  "Usage: ip neigh { add | del | change | replace }\n" +
  "                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }\n" +
  "                [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]\n" +
  "                [ protocol PROTO ]\n" +
  "\n" +
  "\tip neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]\n" +
  "\t\t\t\t  [ vrf NAME ] [ nomaster ]\n" +
  "\tip neigh get { ADDR | proxy ADDR } dev DEV\n" +
  "\n" +
  "STATE := { delay | failed | incomplete | noarp | none |\n" +
  "           permanent | probe | reachable | stale }\n";

function usage(ctx: CommandContext): never {
  ctx.err(USAGE);
  throw new Exit(255);
}

export function ipNeigh(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  const sub = args.next();
  if (sub === undefined) return showOrFlush(ctx, ns, args, false, opts);
  if (matches(sub, "add")) return modify(ctx, ns, args, "add");
  if (matches(sub, "change") || sub === "chg") return modify(ctx, ns, args, "change");
  if (matches(sub, "replace")) return modify(ctx, ns, args, "replace");
  if (matches(sub, "delete")) return modify(ctx, ns, args, "del");
  if (matches(sub, "get")) return get(ctx, ns, args, opts);
  if (matches(sub, "show") || matches(sub, "lst") || matches(sub, "list")) return showOrFlush(ctx, ns, args, false, opts);
  if (matches(sub, "flush")) return showOrFlush(ctx, ns, args, true, opts);
  if (matches(sub, "help")) usage(ctx);
  ctx.err(`Command "${sub}" is unknown, try "ip neigh help".\n`);
  return 255;
}

/** nud_state_a2n. */
function nudStateA2n(text: string): number | undefined {
  if (matches(text, "permanent")) return Nud.PERMANENT;
  if (matches(text, "reachable")) return Nud.REACHABLE;
  const exact: Record<string, number> = {
    noarp: Nud.NOARP,
    none: Nud.NONE,
    stale: Nud.STALE,
    incomplete: Nud.INCOMPLETE,
    delay: Nud.DELAY,
    probe: Nud.PROBE,
  };
  if (exact[text] !== undefined) return exact[text];
  if (matches(text, "failed")) return Nud.FAILED;
  if (!/^(0|[1-9][0-9]*|0[xX][0-9a-fA-F]+|0[0-7]+)$/.test(text)) return undefined;
  const v = text.startsWith("0x") || text.startsWith("0X") ? parseInt(text, 16) : /^0[0-7]+$/.test(text) ? parseInt(text, 8) : Number(text);
  if (v >= 0x100 || (v & (v - 1)) !== 0) return undefined;
  return v;
}

interface NeighFilter {
  index: number;
  state: number;
  proxy: boolean;
  pfx: InetPrefix | undefined;
  master: number;
  unused: boolean;
}

/** do_show_or_flush. */
function showOrFlush(ctx: CommandContext, ns: Namespace, args: Args, flush: boolean, opts: IpOptions): number {
  if (flush && args.done) {
    ctx.err("Flush requires arguments.\n");
    return 1;
  }
  const f: NeighFilter = { index: 0, state: flush ? ~(Nud.PERMANENT | Nud.NOARP) : 0xff & ~Nud.NOARP, proxy: false, pfx: undefined, master: 0, unused: false };
  let filterDev: string | undefined;
  let stateGiven = false;
  while (!args.done) {
    const a = args.next()!;
    if (a === "dev") {
      const v = args.value();
      if (filterDev !== undefined) duparg(ctx, "dev", v);
      filterDev = v;
    } else if (a === "master") {
      const v = args.value();
      const m = ns.deviceByName(v);
      if (m === undefined) invarg(ctx, "Device does not exist\n", v);
      f.master = m.ifindex;
    } else if (a === "vrf") {
      invarg(ctx, "Not a valid VRF name\n", args.value());
    } else if (a === "nomaster") {
      f.master = -1;
    } else if (a === "unused") {
      f.unused = true;
    } else if (a === "nud") {
      const v = args.value();
      if (!stateGiven) {
        stateGiven = true;
        f.state = 0;
      }
      let state = nudStateA2n(v);
      if (state === undefined) {
        if (v !== "all") invarg(ctx, "nud state is bad", v);
        state = ~0;
        if (flush) state &= ~Nud.NOARP;
      }
      if (state === 0) state = 0x100;
      f.state |= state;
    } else if (a === "proxy") {
      f.proxy = true;
    } else {
      let v = a;
      if (a === "to") v = args.value();
      if (matches(v, "help")) usage(ctx);
      f.pfx = getPrefix(ctx, v, { known: false });
    }
  }
  if (filterDev !== undefined) {
    const d = ns.deviceByName(filterDev);
    if (d === undefined) {
      ctx.err(`Cannot find device "${filterDev}"\n`);
      return 1;
    }
    f.index = d.ifindex;
  }
  if (flush) return doFlush(ctx, ns, f, opts);
  const p = new IpPrinter(opts.json, false, opts.pretty);
  p.begin();
  if (f.proxy) {
    for (const e of ns.neigh.proxyDump()) {
      const index = e.dev?.ifindex ?? 0;
      if (f.index !== 0 && f.index !== index) continue;
      if (!prefixMatches(f.pfx, e.key)) continue;
      p.openObject(null);
      printDst(p, e.key);
      if (f.index === 0 && e.dev !== null) printDev(p, e.dev);
      p.any("proxy", "proxy ", null);
      p.fp("\n");
      p.closeObject();
    }
  } else {
    for (const n of ns.neigh.dump()) {
      if (!selected(f, n)) continue;
      printNeigh(p, ns, n, f.index === 0, opts.stats > 0);
    }
  }
  ctx.out(p.finish());
  return 0;
}

/** print_neigh's filters (and the kernel's dump filters: device, master). */
function selected(f: NeighFilter, n: Neighbour): boolean {
  if (f.index !== 0 && n.dev.ifindex !== f.index) return false;
  if (f.master !== 0) {
    const m = n.dev.master;
    if (f.master === -1 ? m !== null : m === null || m.ifindex !== f.master || !(m instanceof Bridge)) return false;
  }
  if ((f.state & n.state) === 0 && (n.state !== 0 || (f.state & 0x100) === 0)) return false;
  if (!prefixMatches(f.pfx, n.key)) return false;
  if (f.unused && n.timer.pending) return false;
  return true;
}

function prefixMatches(pfx: InetPrefix | undefined, addr: number): boolean {
  if (pfx === undefined || pfx.familyless || pfx.len === 0) return true;
  const mask = pfx.len >= 32 ? 0xffffffff : ~(0xffffffff >>> pfx.len) >>> 0;
  return ((addr ^ pfx.addr) & mask) >>> 0 === 0;
}

function printDst(p: IpPrinter, key: number): void {
  const dst = formatIpv4(key);
  p.any("dst", `${dst} `, dst);
}

function printDev(p: IpPrinter, dev: NetDevice): void {
  p.fp("dev ");
  p.any("dev", `${dev.name} `, dev.name);
}

/** print_neigh for one entry. */
function printNeigh(p: IpPrinter, ns: Namespace, n: Neighbour, withDev: boolean, stats: boolean): void {
  p.openObject(null);
  printDst(p, n.key);
  if (withDev) printDev(p, n.dev);
  // NDA_LLADDR is sent while the entry is valid (neigh_fill_info reads it under NUD_VALID).
  if ((n.state & (Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE | Nud.PROBE | Nud.STALE | Nud.DELAY)) !== 0 && n.hasLladdr) {
    const ll = formatMac(n.lladdr);
    p.fp("lladdr ");
    p.any("lladdr", `${ll} `, ll);
  }
  if (stats) {
    // print_cacheinfo: ref (when not zero: a pending timer holds one), used/confirmed/updated in
    // seconds (clock_t / USER_HZ), then NDA_PROBES.
    const now = ns.sim.now;
    const secs = (t: number): number => Math.floor(Math.floor((now - t) / 1e7) / 100);
    if (n.timer.pending) p.any("refcnt", " ref 1", 1);
    p.any("used", ` used ${secs(n.used)}`, secs(n.used));
    p.any("confirmed", `/${secs(n.confirmed)}`, secs(n.confirmed));
    p.any("updated", `/${secs(n.updated)}`, secs(n.updated));
    p.any("probes", `probes ${n.probes} `, n.probes);
  }
  if (n.state !== 0) {
    p.openArray("state");
    for (const bit of [Nud.INCOMPLETE, Nud.REACHABLE, Nud.STALE, Nud.DELAY, Nud.PROBE, Nud.FAILED, Nud.NOARP, Nud.PERMANENT]) {
      if ((n.state & bit) !== 0) p.any(null, `${nudName(bit)} `, nudName(bit));
    }
    p.closeArray();
  }
  p.fp("\n");
  p.closeObject();
}

/** The flush loop: RTM_DELNEIGH for every selected entry (rounds until none is left). */
function doFlush(ctx: CommandContext, ns: Namespace, f: NeighFilter, opts: IpOptions): number {
  const verbose = opts.stats > 0;
  let round = 0;
  for (;;) {
    let flushed = 0;
    if (f.proxy) {
      for (const e of ns.neigh.proxyDump()) {
        if (f.index !== 0 && (e.dev?.ifindex ?? 0) !== f.index) continue;
        if (!prefixMatches(f.pfx, e.key)) continue;
        ns.neigh.pneighDelete(e.key, e.dev);
        flushed++;
      }
    } else {
      for (const n of ns.neigh.dump()) {
        if (!selected(f, n)) continue;
        if (verbose && opts.stats > 1) printNeigh(new IpPrinter(false, false), ns, n, f.index === 0, false);
        flushed++;
        // neigh_delete: NOARP and PERMANENT entries are refused only by the state filter.
        ns.neigh.remove(n);
      }
    }
    if (flushed === 0) {
      if (verbose) ctx.out(round === 0 ? "Nothing to flush.\n" : `*** Flush is complete after ${round} round${round > 1 ? "s" : ""} ***\n`);
      return 0;
    }
    round++;
    if (verbose) ctx.out(`\n*** Round ${round}, deleting ${flushed} entries ***\n`);
    f.state &= ~Nud.FAILED;
  }
}

/** ipneigh_get. */
function get(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  let devName: string | undefined;
  let dst: number | undefined;
  let proxy = false;
  let devOk = false;
  while (!args.done) {
    const a = args.next()!;
    if (a === "dev") {
      devName = args.value();
      devOk = true;
    } else if (matches(a, "proxy")) {
      const v = args.value();
      if (matches(v, "help")) usage(ctx);
      if (dst !== undefined) duparg(ctx, "address", v);
      dst = getAddr(ctx, v, { known: false });
      devOk = true;
      proxy = true;
    } else {
      let v = a;
      if (a === "to") v = args.value();
      if (matches(v, "help")) usage(ctx);
      if (dst !== undefined) duparg2(ctx, "to", v);
      dst = getAddr(ctx, v, { known: false });
    }
  }
  if (!devOk || dst === undefined) {
    // ipneigh_get returns -1; ip's do_cmd negates it.
    ctx.err("Device and address are required arguments.\n");
    return 1;
  }
  let dev: NetDevice | undefined;
  if (devName !== undefined) {
    dev = ns.deviceByName(devName);
    if (dev === undefined) {
      ctx.err(`Cannot find device "${devName}"\n`);
      return 1;
    }
  }
  // ipneigh_get prints without new_json_obj: text even with -j.
  const p = new IpPrinter(false, false);
  if (proxy) {
    const e = dev !== undefined ? ns.neigh.pneighLookup(dst, dev) : undefined;
    if (e === undefined) {
      ctx.err("Error: Proxy neighbour entry not found.\n");
      return 2;
    }
    p.openObject(null);
    printDst(p, e.key);
    if (e.dev !== null) printDev(p, e.dev);
    p.any("proxy", "proxy ", null);
    p.fp("\n");
    p.closeObject();
  } else {
    const n = dev !== undefined ? ns.neigh.lookup(dst, dev) : undefined;
    if (n === undefined) {
      ctx.err("Error: Neighbour entry not found.\n");
      return 2;
    }
    printNeigh(p, ns, n, true, opts.stats > 0);
  }
  ctx.out(p.finish());
  return 0;
}

/** ll_addr_a2n for Ethernet: hex octets separated by ':'. */
function llAddr(ctx: CommandContext, text: string): number {
  const parts = text.split(":");
  if (parts.some((x) => !/^[0-9a-fA-F]{1,2}$/.test(x))) {
    ctx.err(`"${text}" is invalid lladdr.\n`);
    throw new Exit(1);
  }
  if (parts.length !== 6) {
    // neigh_add: NDA_LLADDR shorter than dev->addr_len.
    ctx.err("Error: Invalid link address.\n");
    throw new Exit(2);
  }
  return parseMac(parts.map((x) => x.padStart(2, "0")).join(":"))!;
}

/** ipneigh_modify, then neigh_add / neigh_delete. */
function modify(ctx: CommandContext, ns: Namespace, args: Args, verb: "add" | "change" | "replace" | "del"): number {
  let lla: string | undefined;
  let state: number = Nud.PERMANENT;
  let dst: number | undefined;
  let devName: string | undefined;
  let devOk = false;
  let proxy = false;
  let use = false;
  while (!args.done) {
    const a = args.next()!;
    if (matches(a, "lladdr")) {
      const v = args.value();
      if (lla !== undefined) duparg(ctx, "lladdr", v);
      lla = v;
    } else if (a === "nud") {
      const v = args.value();
      const s = nudStateA2n(v);
      if (s === undefined) invarg(ctx, "nud state is bad", v);
      state = s;
    } else if (matches(a, "proxy")) {
      const v = args.value();
      if (matches(v, "help")) usage(ctx);
      if (dst !== undefined) duparg(ctx, "address", v);
      dst = getAddr(ctx, v, { known: false });
      devOk = true;
      proxy = true;
    } else if (a === "router" || a === "managed" || matches(a, "extern_learn")) {
      if (a === "managed") state = Nud.NONE;
    } else if (a === "use") {
      use = true;
    } else if (a === "dev") {
      devName = args.value();
      devOk = true;
    } else if (matches(a, "protocol")) {
      args.value();
    } else {
      let v = a;
      if (a === "to") v = args.value();
      if (matches(v, "help")) v = args.value();
      if (dst !== undefined) duparg2(ctx, "to", v);
      dst = getAddr(ctx, v, { known: false });
    }
  }
  if (!devOk || dst === undefined) {
    ctx.err("Device and destination are required arguments.\n");
    return 255;
  }
  const lladdr = lla !== undefined && lla !== "null" ? llAddr(ctx, lla) : undefined;
  let dev: NetDevice | undefined;
  if (devName !== undefined) {
    dev = ns.deviceByName(devName);
    if (dev === undefined) {
      ctx.err(`Cannot find device "${devName}"\n`);
      return 1;
    }
  }
  const fail = (msg: string): number => {
    ctx.err(msg);
    return 2;
  };
  if (proxy) {
    if (verb === "del") return ns.neigh.pneighDelete(dst, dev ?? null) ? 0 : fail("RTNETLINK answers: No such file or directory\n");
    ns.neigh.pneighAdd(dst, dev ?? null);
    return 0;
  }
  if (dev === undefined) return fail("Error: Device not specified.\n");
  const existing = ns.neigh.lookup(dst, dev);
  if (verb === "del") {
    if (existing === undefined) return fail("RTNETLINK answers: No such file or directory\n");
    ns.neigh.update(existing, undefined, Nud.FAILED, NeighUpdate.OVERRIDE | NeighUpdate.ADMIN);
    ns.neigh.remove(existing);
    return 0;
  }
  if (existing !== undefined && verb === "add") return fail("RTNETLINK answers: File exists\n");
  if (existing === undefined && verb === "change") return fail("RTNETLINK answers: No such file or directory\n");
  if (use) {
    ctx.err("pktsim: ip neigh ... use (NTF_USE) is not modelled\n");
    return 2;
  }
  const n = existing ?? ns.neigh.lookupOrCreate(dst, dev);
  // __neigh_update: a valid state needs an address, given or already known.
  const valid = Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE | Nud.PROBE | Nud.STALE | Nud.DELAY;
  if ((state & valid) !== 0 && lladdr === undefined && (n.state & valid) === 0) return fail("Error: No link layer address given.\n");
  // neigh_add: ADMIN | OVERRIDE; an existing entry keeps its address unless replaced (add on an
  // existing entry already failed above). A new entry the constructor made NOARP (a broadcast
  // or multicast key) is overridden too.
  const flags = NeighUpdate.ADMIN | (existing !== undefined && verb === "add" ? 0 : NeighUpdate.OVERRIDE);
  ns.neigh.update(n, lladdr, state, flags);
  return 0;
}
