/**
 * What a command gets when it runs (the process it would be on Linux): the host, the
 * namespace it runs in (changed by `ip netns exec`), its arguments, and its two output
 * streams. A command returns its exit status.
 */
import type { Host, Namespace } from "@pktsim/stack";

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext extends Output {
  readonly host: Host;
  readonly ns: Namespace;
  /** argv[0] is the command name. */
  readonly argv: readonly string[];
  /**
   * Runs another command line (already split) in a namespace, with the same output and input.
   * `detached` starts it as a background process (what `setsid -f` does): it returns at once
   * and the program lives on in virtual time, writing to whatever output is current.
   */
  run(argv: readonly string[], ns: Namespace, options?: { readonly detached?: boolean }): number;
  /** True for a background process: it must not block (drive the simulation) and returns at once. */
  readonly detached?: boolean;
  /** Standard input ("" when none was given). */
  readonly stdin: string;
  /** Reads a file the way the command would open it; undefined when it does not exist. */
  readFile(path: string): string | undefined;
}

export type Command = (ctx: CommandContext) => number;

/** Thrown by a command to stop with a status after its message (like exit(N) in C). */
export class Exit extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`exit ${status}`);
    this.status = status;
  }
}
