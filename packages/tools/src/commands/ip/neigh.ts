/**
 * `ip neigh` (ip/ipneigh.c): show (in the table's hash order, NOARP and NONE hidden unless
 * `nud all`), add/replace/change/del of static entries, flush.
 */
import { formatIpv4, formatMac, parseIpv4, parseMac } from "@pktsim/core";
import { type Namespace, NeighUpdate, Nud, nudName } from "@pktsim/stack";
import type { CommandContext } from "../../command";
import { IpPrinter } from "./json-print";
import { Args, type IpOptions, matches } from "./options";

export function ipNeigh(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  const sub = args.next();
  if (sub === undefined || matches(sub, "show") || matches(sub, "list") || matches(sub, "lst")) return show(ctx, ns, args, false, opts);
  if (matches(sub, "flush")) return show(ctx, ns, args, true, opts);
  if (matches(sub, "add") || matches(sub, "replace") || matches(sub, "change") || matches(sub, "delete")) return modify(ctx, ns, args, sub);
  ctx.err(`Command "${sub}" is unknown, try "ip neigh help".\n`);
  return 255;
}

const STATE_NAMES: Record<string, number> = {
  permanent: Nud.PERMANENT,
  reachable: Nud.REACHABLE,
  noarp: Nud.NOARP,
  none: Nud.NONE,
  stale: Nud.STALE,
  incomplete: Nud.INCOMPLETE,
  delay: Nud.DELAY,
  probe: Nud.PROBE,
  failed: Nud.FAILED,
};

function show(ctx: CommandContext, ns: Namespace, args: Args, flush: boolean, opts: IpOptions): number {
  let devName: string | undefined;
  let addr: number | undefined;
  let states = 0xff & ~Nud.NOARP;
  let all = false;
  while (!args.done) {
    const a = args.next()!;
    if (a === "dev") devName = args.value();
    else if (a === "nud") {
      const v = args.value().toLowerCase();
      if (v === "all") {
        all = true;
        states = 0x1ff;
      } else {
        states = STATE_NAMES[v] ?? 0;
      }
    } else if (a === "to") addr = parseIpv4(args.value());
    else addr = parseIpv4(a);
  }
  let filterDev;
  if (devName !== undefined) {
    filterDev = ns.deviceByName(devName);
    if (filterDev === undefined) {
      ctx.err(`Cannot find device "${devName}"\n`);
      return 1;
    }
  }
  // print_neigh: a dump is one JSON array (new_json_obj), a flush prints nothing.
  const p = new IpPrinter(opts.json && !flush, false, opts.pretty);
  p.begin();
  for (const n of ns.neigh.dump()) {
    if (filterDev !== undefined && n.dev !== filterDev) continue;
    if (addr !== undefined && n.key !== addr) continue;
    if (n.state === Nud.NONE ? !all : (states & n.state) === 0) continue;
    if (flush) {
      if (n.state !== Nud.PERMANENT && n.state !== Nud.NOARP) ns.neigh.remove(n);
      continue;
    }
    p.openObject(null);
    const dst = formatIpv4(n.key);
    p.any("dst", `${dst} `, dst);
    if (filterDev === undefined) {
      p.fp("dev ");
      p.any("dev", `${n.dev.name} `, n.dev.name);
    }
    if (n.hasLladdr && (n.state & (Nud.INCOMPLETE | Nud.FAILED | Nud.NONE)) === 0) {
      const ll = formatMac(n.lladdr);
      p.fp("lladdr ");
      p.any("lladdr", `${ll} `, ll);
    }
    if (n.state !== 0) {
      p.openArray("state");
      p.any(null, `${nudName(n.state)} `, nudName(n.state));
      p.closeArray();
    }
    p.fp("\n");
    p.closeObject();
  }
  if (!flush) ctx.out(p.finish());
  return 0;
}

function modify(ctx: CommandContext, ns: Namespace, args: Args, verb: string): number {
  let addr: number | undefined;
  let lladdr: number | undefined;
  let devName: string | undefined;
  let state: number = Nud.PERMANENT;
  while (!args.done) {
    const a = args.next()!;
    if (a === "lladdr") lladdr = parseMac(args.value());
    else if (a === "dev") devName = args.value();
    else if (a === "nud") state = STATE_NAMES[args.value().toLowerCase()] ?? Nud.PERMANENT;
    else addr = parseIpv4(a === "to" ? args.value() : a);
  }
  if (addr === undefined || devName === undefined) {
    ctx.err("Device and destination are required arguments.\n");
    return 255;
  }
  const dev = ns.deviceByName(devName);
  if (dev === undefined) {
    ctx.err(`Cannot find device "${devName}"\n`);
    return 1;
  }
  const existing = ns.neigh.lookup(addr, dev);
  if (matches(verb, "delete")) {
    if (existing === undefined) {
      ctx.err("RTNETLINK answers: No such file or directory\n");
      return 2;
    }
    ns.neigh.remove(existing);
    return 0;
  }
  if (matches(verb, "add") && existing !== undefined && existing.state !== Nud.NONE && existing.state !== Nud.FAILED) {
    ctx.err("RTNETLINK answers: File exists\n");
    return 2;
  }
  if (matches(verb, "change") && existing === undefined) {
    ctx.err("RTNETLINK answers: No such file or directory\n");
    return 2;
  }
  const n = existing ?? ns.neigh.lookupOrCreate(addr, dev, false);
  ns.neigh.update(n, lladdr, state, NeighUpdate.OVERRIDE | NeighUpdate.ADMIN);
  return 0;
}
