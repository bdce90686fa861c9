/**
 * setsid (util-linux 2.38): runs a program in a new session. With -f it forks and returns at
 * once — the way a script starts a server without `&` (`setsid -f nc -l -k 8080`): the
 * program runs on in the background, in virtual time. Without -f the program runs in the
 * foreground as usual.
 */
import type { CommandContext } from "../command";

const TRY = "Try 'setsid --help' for more information.\n";

export function setsid(ctx: CommandContext, hasCommand: (name: string) => boolean): number {
  const argv = ctx.argv;
  let fork = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-f" || a === "--fork") fork = true;
    else if (a === "-w" || a === "--wait" || a === "-c" || a === "--ctty") continue;
    else if (a.startsWith("-") && a !== "-") {
      ctx.err(a.startsWith("--") ? `setsid: unrecognized option '${a}'\n${TRY}` : `setsid: invalid option -- '${a[1]}'\n${TRY}`);
      return 1;
    } else break;
  }
  const command = argv.slice(i);
  if (command.length === 0) {
    ctx.err(`setsid: no command specified\n${TRY}`);
    return 1;
  }
  if (!hasCommand(command[0]!)) {
    // execvp fails in the child (after the fork with -f, so setsid itself succeeds).
    ctx.err(`setsid: failed to execute ${command[0]}: No such file or directory\n`);
    return fork ? 0 : 1;
  }
  if (!fork) return ctx.run(command, ctx.ns);
  ctx.run(command, ctx.ns, { detached: true });
  return 0;
}
