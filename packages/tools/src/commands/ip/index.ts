/**
 * The `ip` command (iproute2 6.1, ip/ip.c): global options, then an object matched by
 * prefix in iproute2's table order, then its sub-command.
 */
import type { Namespace } from "@pktsim/stack";
import { type CommandContext, Exit } from "../../command";
import { ipAddr } from "./addr";
import { ipLink } from "./link";
import { ipNeigh } from "./neigh";
import { ipNetns } from "./netns";
import { Args, type IpOptions, matches } from "./options";
import { ipRoute } from "./route";
import { ipRule } from "./rule";

type ObjectHandler = (ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions) => number;

/** Objects in ip.c's cmds[] order (matches() picks the first prefix match). */
const OBJECTS: Array<[string, ObjectHandler | null]> = [
  ["address", ipAddr],
  ["addrlabel", null],
  ["maddress", null],
  ["route", ipRoute],
  ["rule", ipRule],
  ["neighbor", ipNeigh],
  ["neighbour", ipNeigh],
  ["ntable", null],
  ["ntbl", null],
  ["link", ipLink],
  ["l2tp", null],
  ["fou", null],
  ["ila", null],
  ["macsec", null],
  ["tunnel", null],
  ["tunl", null],
  ["tuntap", null],
  ["tap", null],
  ["token", null],
  ["tcpmetrics", null],
  ["tcp_metrics", null],
  ["monitor", null],
  ["xfrm", null],
  ["mroute", null],
  ["mrule", null],
  ["netns", null],
  ["netconf", null],
  ["vrf", null],
  ["sr", null],
  ["nexthop", null],
  ["mptcp", null],
  ["ioam", null],
  ["stats", null],
  ["help", null],
];

function usage(ctx: CommandContext): never {
  ctx.err(
    "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n" +
      "       ip [ -force ] -batch filename\n" +
      "where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |\n" +
      "                   link | macsec | maddress | monitor | mptcp | mroute | mrule |\n" +
      "                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n" +
      "                   ntbl | route | rule | sr | tap | tcpmetrics |\n" +
      "                   token | tunnel | tuntap | vrf | xfrm }\n",
  );
  throw new Exit(255);
}

export function ip(ctx: CommandContext, hasCommand: (name: string) => boolean): number {
  const opts: IpOptions = { family: "unspec", stats: 0, details: false, oneline: false, brief: false, json: false, pretty: false, all: false };
  const argv = ctx.argv;
  let i = 1;
  let ns = ctx.ns;
  while (i < argv.length && argv[i]!.startsWith("-")) {
    let opt = argv[i]!;
    if (opt === "--") {
      i++;
      break;
    }
    if (opt.startsWith("--")) opt = opt.slice(1);
    const o = opt.slice(1);
    if (o === "4") opts.family = "inet";
    else if (o === "6") opts.family = "inet6";
    else if (o === "0") opts.family = "link";
    else if (matches(o, "family")) {
      const f = argv[++i];
      if (f === undefined) usage(ctx);
      opts.family = f === "inet6" ? "inet6" : f === "inet" ? "inet" : "link";
    } else if (matches(o, "stats") || matches(o, "statistics")) opts.stats++;
    else if (matches(o, "details")) opts.details = true;
    else if (matches(o, "oneline")) opts.oneline = true;
    else if (o === "br" || matches(o, "brief")) opts.brief = true;
    else if (matches(o, "json")) opts.json = true;
    else if (matches(o, "pretty")) opts.pretty = true;
    else if (matches(o, "all")) opts.all = true;
    else if (matches(o, "netns")) {
      const name = argv[++i];
      if (name === undefined) usage(ctx);
      const target = ctx.host.netns(name);
      if (target === undefined) {
        ctx.err(`Cannot open network namespace "${name}": No such file or directory\n`);
        return 255;
      }
      ns = target;
    } else if (matches(o, "color") || matches(o, "resolve") || matches(o, "numeric") || matches(o, "human") || matches(o, "iec")) {
      // presentation options without effect on the plain numeric output
    } else if (matches(o, "Version") || o === "V") {
      ctx.out("ip utility, iproute2-6.1.0, libbpf 1.1.0\n");
      return 0;
    } else if (matches(o, "help")) {
      usage(ctx);
    } else {
      ctx.err(`Option "${argv[i]}" is unknown, try "ip -help".\n`);
      return 255;
    }
    i++;
  }
  const object = argv[i];
  if (object === undefined) usage(ctx);
  const args = new Args(ctx, argv.slice(i + 1));
  for (const [name, handler] of OBJECTS) {
    if (!matches(object, name)) continue;
    if (name === "netns") return ipNetns(ctx, ns, args, hasCommand);
    if (name === "help") usage(ctx);
    const h = handler;
    if (h === null) {
      ctx.err(`Object "${object}" is not supported by pktsim.\n`);
      return 255;
    }
    return h(ctx, ns, args, opts);
  }
  ctx.err(`Object "${object}" is unknown, try "ip help".\n`);
  return 255;
}
