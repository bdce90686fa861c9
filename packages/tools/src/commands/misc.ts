/**
 * Small shell utilities scripts use between network commands. `sleep` lets virtual time
 * pass: timers fire and packets move while the script waits.
 */
import type { CommandContext } from "../command";

export function sleep(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  if (args.length === 0) {
    ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(a);
    if (m === null) {
      ctx.err(`sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
    total += Number(m[1]) * unit;
  }
  ctx.host.sim.scheduler.runFor(Math.round(total * 1e9));
  return 0;
}

export function echo(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const noNewline = args[0] === "-n";
  if (noNewline) args.shift();
  ctx.out(args.join(" ") + (noNewline ? "" : "\n"));
  return 0;
}
