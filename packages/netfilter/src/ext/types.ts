/**
 * The extension interface, in the shape of libxtables' match/target modules: each parses its
 * own options, checks them at the end (x6_fcheck), prints itself for `-L` (print) and
 * `iptables-save` (save), and evaluates a packet (the kernel's xt_match/xt_target).
 */
import type { Nanos, Packet, Rng } from "@pktsim/core";
import type { TableName } from "../hooks";
import type { XtPacket } from "../xtpacket";
import type { Conn } from "../conntrack";
import { paramError } from "../errors";

/** The arguments still to parse, for options that take more than one (`--tcp-flags M C`). */
export class ArgCursor {
  private readonly args: readonly string[];
  index: number;
  constructor(args: readonly string[], index = 0) {
    this.args = args;
    this.index = index;
  }
  peek(): string | undefined {
    return this.args[this.index];
  }
  next(): string | undefined {
    const a = this.args[this.index];
    if (a !== undefined) this.index++;
    return a;
  }
  /** The required argument of `option`, or getopt's complaint. */
  need(option: string): string {
    const a = this.next();
    if (a === undefined) throw paramError(`option "${option}" requires an argument`);
    return a;
  }
  get done(): boolean {
    return this.index >= this.args.length;
  }
}

/** What an extension may look at while parsing: the rule built so far. */
export interface ParseContext {
  readonly table: TableName;
  /** -p so far (0 = any) and whether it is inverted. */
  readonly proto: number;
  readonly invProto: boolean;
}

/** The kernel state a match or target sees at run time. */
export interface XtRuntime {
  readonly now: Nanos;
  readonly rng: Rng;
  /** par->hotdrop: the match says "drop this packet". */
  hotdrop: boolean;
  readonly table: TableName;
  /** inet_dev_addr_type for -m addrtype. */
  addrType(addr: number, dev: import("@pktsim/core").DeviceRef | null): number;
  /** The packet's conntrack entry (null: invalid/none) and ctinfo; `untracked` for NOTRACK. */
  ct(pkt: Packet): Conn | null;
  untracked(pkt: Packet): boolean;
}

export interface Match {
  readonly name: string;
  /** Consumes one option (already stripped of a leading "!", given as `invert`). */
  parse(option: string, args: ArgCursor, invert: boolean, ctx: ParseContext): void;
  /** x6_fcheck: complaints about what is missing or inconsistent. */
  finalCheck(ctx: ParseContext): void;
  /** " --dport 80" as iptables-save prints it after "-m NAME". */
  save(): string;
  /** " tcp dpt:80" as `iptables -L` prints it. */
  print(numeric: boolean): string;
  matches(xp: XtPacket, rt: XtRuntime): boolean;
  readonly needsConntrack: boolean;
}

export interface MatchExtension {
  readonly name: string;
  /** Long options (without "--") and whether each takes an argument. */
  readonly options: ReadonlyMap<string, boolean>;
  create(): Match;
}

export interface Target {
  /** The name in the target column of `-L` (NOTRACK lists as CT). */
  readonly name: string;
  /** The name after -j in -S/iptables-save. */
  readonly saveName: string;
  parse(option: string, args: ArgCursor, invert: boolean, ctx: ParseContext): void;
  finalCheck(ctx: ParseContext): void;
  save(): string;
  print(numeric: boolean): string;
  /**
   * The kernel's checkentry: a message for "RULE_APPEND failed (Invalid argument)" when the
   * target may not be used at these hooks or with this rule, else null.
   */
  check(table: TableName, hookMask: number, proto: number, invProto: boolean): string | null;
  /** Runs the target; returns a verdict (Verdict.CONTINUE to go on). */
  fire(xp: XtPacket, rt: XtRuntime, services: TargetServices): number;
  readonly needsConntrack: boolean;
}

/** What targets ask of the netfilter instance (NAT setup, REJECT, logging, tracing). */
export interface TargetServices {
  natSetup(xp: XtPacket, range: NatRange, manip: "src" | "dst"): number;
  masquerade(xp: XtPacket, range: NatRange): number;
  redirect(xp: XtPacket, range: NatRange): number;
  reject(xp: XtPacket, kind: string): void;
  log(xp: XtPacket, level: number, prefix: string, flags: number): void;
  notrack(pkt: Packet): void;
  trace(pkt: Packet): void;
}

/** struct nf_nat_range2. */
export interface NatRange {
  flags: number;
  minAddr: number;
  maxAddr: number;
  minPort: number;
  maxPort: number;
}

export const NatRangeFlags = {
  MAP_IPS: 1,
  PROTO_SPECIFIED: 2,
  PROTO_RANDOM: 4,
  PERSISTENT: 8,
  PROTO_RANDOM_FULLY: 16,
} as const;

export interface TargetExtension {
  readonly name: string;
  readonly options: ReadonlyMap<string, boolean>;
  create(): Target;
}

export function opts(spec: Record<string, boolean>): ReadonlyMap<string, boolean> {
  return new Map(Object.entries(spec));
}

export function hookBit(hook: number): number {
  return 1 << hook;
}
