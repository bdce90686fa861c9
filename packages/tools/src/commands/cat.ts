/**
 * cat (coreutils): files the session can read, and the /proc files of the namespace the
 * command runs in that the model renders (/proc/net/route, arp, tcp, udp, raw, dev, snmp,
 * netstat, sockstat).
 */
import type { CommandContext } from "../command";
import { procNetArpText } from "./arp";
import { procNetRouteText } from "./route";
import { procNetDevText, procNetRawText, procNetTcpText, procNetUdpText } from "./procnet";
import { procNetNetstatText, procNetSnmpText, procNetSockstatText } from "./procsnmp";

/** /proc files by path, rendered from the namespace (the kernel's seq_file output). */
const PROC_FILES: ReadonlyMap<string, (ctx: CommandContext) => string> = new Map([
  ["/proc/net/route", (ctx) => procNetRouteText(ctx.ns)],
  ["/proc/net/arp", (ctx) => procNetArpText(ctx.ns)],
  ["/proc/net/tcp", (ctx) => procNetTcpText(ctx.ns)],
  ["/proc/net/udp", (ctx) => procNetUdpText(ctx.ns)],
  ["/proc/net/raw", (ctx) => procNetRawText(ctx.ns)],
  ["/proc/net/dev", (ctx) => procNetDevText(ctx.ns)],
  ["/proc/net/snmp", (ctx) => procNetSnmpText(ctx.ns)],
  ["/proc/net/netstat", (ctx) => procNetNetstatText(ctx.ns)],
  ["/proc/net/sockstat", (ctx) => procNetSockstatText(ctx.ns)],
]);

export function cat(ctx: CommandContext): number {
  const files = ctx.argv.slice(1);
  if (files.length === 0) {
    ctx.out(ctx.stdin);
    return 0;
  }
  let status = 0;
  for (const path of files) {
    const text = PROC_FILES.get(path)?.(ctx) ?? ctx.readFile(path);
    if (text === undefined) {
      ctx.err(`cat: ${path}: No such file or directory\n`);
      status = 1;
      continue;
    }
    ctx.out(text);
  }
  return status;
}
