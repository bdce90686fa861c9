/**
 * xtables-monitor --trace: on Linux a long-running listener that prints the nftables trace
 * events of packets marked by `-j TRACE`. A script cannot run it in the background, so here it
 * prints the events collected in the namespace since the previous call (as if it had been
 * started before the traffic), in xtables-monitor's format, and returns.
 */
import type { CommandContext } from "../command";

export function xtablesMonitor(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  if (!args.includes("--trace") && !args.includes("-t")) {
    ctx.err("xtables-monitor: only --trace is modelled\n");
    return 1;
  }
  const log = ctx.ns.netfilter.traceLog;
  for (const line of log) ctx.out(`${line}\n`);
  log.length = 0;
  return 0;
}
