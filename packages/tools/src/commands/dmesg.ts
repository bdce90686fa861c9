/**
 * dmesg (util-linux 2.38): the machine's kernel log with its "[seconds.micros]" stamps in
 * virtual time since boot; -c/-C clear it. Lines LOG wrote keep their trailing blank.
 */
import { formatKernelTime } from "@pktsim/stack";
import type { CommandContext } from "../command";

export function dmesg(ctx: CommandContext): number {
  const log = ctx.host.klog;
  const args = ctx.argv.slice(1);
  const clear = args.includes("-C") || args.includes("--clear");
  const readClear = args.includes("-c") || args.includes("--read-clear");
  if (!clear) for (const line of log.lines) ctx.out(`${formatKernelTime(line.time)} ${line.text}\n`);
  if (clear || readClear) log.clear();
  return 0;
}
