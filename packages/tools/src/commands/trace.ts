/**
 * pktsim-trace: the whole way of the packets a command sends or causes, in the spirit of pwru
 * and `iptables -j TRACE` (not a Linux tool; pktsim's own). It runs COMMAND with a tracer
 * attached and then prints, per selected packet, every step the models reported (ip_rcv,
 * routing, each netfilter hook with table, chain, rule and verdict, conntrack state, NAT
 * rewrites, the output device) and where and why it was dropped, with virtual times.
 *
 *   pktsim-trace [--host ADDR] [--src ADDR] [--dst ADDR] [--proto tcp|udp|icmp|N] [--port N]
 *                [--id N] [--drops] -- COMMAND [ARG...]
 *
 * The filters select packets by their headers when first seen (a selected packet stays
 * selected through NAT); --drops prints only the packets that were dropped.
 */
import { parseIpv4 } from "@pktsim/core";
import { PacketTracer, type TraceFilterSpec, packetFilter, parseProtocol } from "@pktsim/netfilter";
import type { CommandContext } from "../command";

const USAGE = "usage: pktsim-trace [--host ADDR] [--src ADDR] [--dst ADDR] [--proto P] [--port N] [--id N] [--drops] -- COMMAND [ARG...]\n";

export function pktsimTrace(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const spec: TraceFilterSpec = {};
  let dropsOnly = false;
  let i = 0;
  const addr = (text: string | undefined): number | undefined => (text === undefined ? undefined : parseIpv4(text));
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    const v = args[i + 1];
    switch (a) {
      case "--host":
      case "--src":
      case "--dst": {
        const ip = addr(v);
        if (ip === undefined) {
          ctx.err(`pktsim-trace: bad address '${v ?? ""}'\n`);
          return 2;
        }
        if (a === "--host") spec.host = ip;
        else if (a === "--src") spec.src = ip;
        else spec.dst = ip;
        i++;
        break;
      }
      case "--proto":
        try {
          spec.proto = parseProtocol(v ?? "");
        } catch {
          ctx.err(`pktsim-trace: unknown protocol '${v ?? ""}'\n`);
          return 2;
        }
        i++;
        break;
      case "--port":
      case "--id":
        if (v === undefined || !/^[0-9]+$/.test(v)) {
          ctx.err(`pktsim-trace: ${a} needs a number\n`);
          return 2;
        }
        if (a === "--port") spec.port = Number(v);
        else spec.id = Number(v);
        i++;
        break;
      case "--drops":
        dropsOnly = true;
        break;
      default:
        ctx.err(USAGE);
        return 2;
    }
  }
  const command = args.slice(i);
  if (command.length === 0) {
    ctx.err(USAGE);
    return 2;
  }
  const tracer = new PacketTracer(ctx.host.sim, packetFilter(spec));
  let status: number;
  try {
    status = ctx.run(command, ctx.ns);
  } finally {
    tracer.stop();
  }
  if (dropsOnly) {
    const dropped = new Set(tracer.drops().map((e) => e.packet));
    const keep = tracer.events.filter((e) => dropped.has(e.packet));
    tracer.events.length = 0;
    tracer.events.push(...keep);
  }
  ctx.out(tracer.format());
  return status;
}
