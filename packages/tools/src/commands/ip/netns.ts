/**
 * `ip netns` (ip/ipnetns.c): add, delete, list (newest first, with the ids the current
 * namespace gave them), exec.
 */
import { KernelError, type Namespace } from "@pktsim/stack";
import type { CommandContext } from "../../command";
import { Args, matches } from "./options";

export function ipNetns(ctx: CommandContext, ns: Namespace, args: Args, hasCommand: (name: string) => boolean): number {
  const sub = args.next();
  if (sub === undefined || matches(sub, "list") || matches(sub, "show")) return list(ctx, ns);
  if (matches(sub, "add")) return add(ctx, args);
  if (matches(sub, "delete")) return del(ctx, args);
  if (matches(sub, "exec")) return exec(ctx, args, hasCommand);
  if (matches(sub, "identify") || matches(sub, "pids") || matches(sub, "monitor") || matches(sub, "set") || matches(sub, "attach")) {
    ctx.err(`Command "${sub}" is not supported by pktsim.\n`);
    return 255;
  }
  ctx.err(`Command "${sub}" is unknown, try "ip netns help".\n`);
  return 255;
}

/** netns_list: /run/netns is a tmpfs, whose readdir lists the newest entry first. */
function list(ctx: CommandContext, ns: Namespace): number {
  for (const other of [...ctx.host.netnsList()].reverse()) {
    const id = ns.idOf(other);
    ctx.out(id !== undefined ? `${other.name} (id: ${id})\n` : `${other.name}\n`);
  }
  return 0;
}

/** netns_add's name check: no '/', not '.' or '..', not empty. */
function validName(name: string): boolean {
  return name.length > 0 && !name.includes("/") && name !== "." && name !== "..";
}

function add(ctx: CommandContext, args: Args): number {
  const name = args.next();
  if (name === undefined) {
    ctx.err("No netns name specified\n");
    return 255;
  }
  if (!validName(name)) {
    ctx.err(`Invalid netns name "${name}"\n`);
    return 255;
  }
  try {
    ctx.host.addNetns(name);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    ctx.err(`Cannot create namespace file "/run/netns/${name}": File exists\n`);
    return 1;
  }
  return 0;
}

function del(ctx: CommandContext, args: Args): number {
  const name = args.next();
  if (name === undefined) {
    ctx.err("No netns name specified\n");
    return 255;
  }
  if (!validName(name)) {
    ctx.err(`Invalid netns name "${name}"\n`);
    return 255;
  }
  try {
    ctx.host.delNetns(name);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    ctx.err(`Cannot remove namespace file "/run/netns/${name}": No such file or directory\n`);
    return 1;
  }
  return 0;
}

function exec(ctx: CommandContext, args: Args, hasCommand: (name: string) => boolean): number {
  const name = args.next();
  if (name === undefined) {
    ctx.err("No netns name specified\n");
    return 255;
  }
  const target = ctx.host.netns(name);
  if (target === undefined) {
    ctx.err(`Cannot open network namespace "${name}": No such file or directory\n`);
    return 255;
  }
  const command = args.rest();
  if (command.length === 0) {
    ctx.err("No command specified\n");
    return 1;
  }
  if (!hasCommand(command[0]!)) {
    ctx.err(`exec of "${command[0]}" failed: No such file or directory\n`);
    return 1;
  }
  return ctx.run(command, target);
}
