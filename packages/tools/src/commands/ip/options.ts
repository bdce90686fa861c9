/**
 * iproute2's global options and its argument helpers (ip/ip.c, lib/utils.c): `matches()`
 * prefix matching, the invarg/incomplete-command errors and their exit statuses.
 */
import { type CommandContext, Exit } from "../../command";
import type { Namespace } from "@pktsim/stack";

export interface IpOptions {
  family: "inet" | "inet6" | "link" | "unspec";
  stats: number;
  details: boolean;
  oneline: boolean;
  brief: boolean;
  json: boolean;
  /** `-p`: pretty JSON. */
  pretty: boolean;
  all: boolean;
}

/** matches(arg, word): `arg` is a non-empty prefix of `word`. */
export function matches(arg: string | undefined, word: string): boolean {
  return arg !== undefined && arg.length > 0 && word.startsWith(arg);
}

/** Walks the arguments of a sub-command. */
export class Args {
  private readonly list: readonly string[];
  private at = 0;
  readonly ctx: CommandContext;

  constructor(ctx: CommandContext, list: readonly string[]) {
    this.ctx = ctx;
    this.list = list;
  }

  get done(): boolean {
    return this.at >= this.list.length;
  }

  peek(): string | undefined {
    return this.list[this.at];
  }

  next(): string | undefined {
    return this.list[this.at++];
  }

  /** NEXT_ARG(): the value after a keyword, or "Command line is not complete". */
  value(): string {
    const v = this.list[this.at++];
    if (v === undefined) incomplete(this.ctx);
    return v;
  }

  rest(): string[] {
    const r = this.list.slice(this.at);
    this.at = this.list.length;
    return r;
  }
}

/** incomplete_command(): exit -1. */
export function incomplete(ctx: CommandContext): never {
  ctx.err('Command line is not complete. Try option "help"\n');
  throw new Exit(255);
}

/** invarg(): `Error: argument "X" is wrong: MSG`, exit -1 (MSG often ends in its own newline). */
export function invarg(ctx: CommandContext, msg: string, arg: string): never {
  ctx.err(`Error: argument "${arg}" is wrong: ${msg}\n`);
  throw new Exit(255);
}

/** duparg(): `Error: duplicate "KEY": "ARG" is the second value.` */
export function duparg(ctx: CommandContext, key: string, arg: string): never {
  ctx.err(`Error: duplicate "${key}": "${arg}" is the second value.\n`);
  throw new Exit(255);
}

/** duparg2(): `Error: either "KEY" is duplicate, or "ARG" is a garbage.` */
export function duparg2(ctx: CommandContext, key: string, arg: string): never {
  ctx.err(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`);
  throw new Exit(255);
}

/** An errno answer from the kernel: "RTNETLINK answers: …" or the extack "Error: …". */
export function rtnlError(ctx: CommandContext, errno: number, extack: string | undefined, strerror: (e: number) => string): never {
  if (extack !== undefined) ctx.err(`Error: ${extack}.\n`);
  else ctx.err(`RTNETLINK answers: ${strerror(errno)}\n`);
  throw new Exit(2);
}

/** netns_switch() for `ip -n NAME` and `ip link set … netns NAME`. */
export function findNetns(ctx: CommandContext, name: string): Namespace | undefined {
  return ctx.host.netns(name);
}

/** __check_ifname (lib/utils.c): not empty, no '/' and no blank. */
export function checkAltifname(name: string): boolean {
  return name.length > 0 && !/[/ \t\n\v\f\r]/.test(name);
}

/** check_ifname: also shorter than IFNAMSIZ (the kernel's other rules are left to it). */
export function checkIfname(name: string): boolean {
  return name.length < 16 && checkAltifname(name);
}

/** get_integer(&val, arg, 0): strtol with base 0, all of it consumed, within an int. */
export function getInteger(text: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (m === null) return undefined;
  const d = m[2]!;
  let v = /^0[xX]/.test(d) ? Number.parseInt(d.slice(2), 16) : d.length > 1 && d.startsWith("0") ? Number.parseInt(d.slice(1), 8) : Number(d);
  if (m[1] === "-") v = -v;
  return v > 2147483647 || v < -2147483648 ? undefined : v;
}
