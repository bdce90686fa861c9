/** -m multiport revision 1 (libxt_multiport.c, xt_multiport.c): up to 15 ports, ranges count two. */
import { paramError } from "../errors";
import { IPPROTO } from "../names";
import type { XtPacket } from "../xtpacket";
import { parsePort, portText } from "./ports";
import { type ArgCursor, type Match, type MatchExtension, type ParseContext, type XtRuntime, opts } from "./types";

const FLAG_NAME = { source: "sports", destination: "dports", either: "ports" } as const;

class MultiportMatch implements Match {
  readonly name = "multiport";
  kind: "source" | "destination" | "either" | undefined;
  /** Single ports as [p, p], ranges as [lo, hi]. */
  ports: Array<[number, number]> = [];
  invert = false;
  private raw = "";
  readonly needsConntrack = false;

  parse(option: string, args: ArgCursor, invert: boolean): void {
    const kind = option === "sports" || option === "source-ports" ? "source" : option === "dports" || option === "destination-ports" ? "destination" : "either";
    // xtables_option_parse: the same option id twice names its first spelling.
    if (this.kind === kind) throw paramError(`multiport: option "--${kind === "either" ? "ports" : `${kind}-ports`}" can only be used once.\n`);
    if (this.kind !== undefined) {
      // Exclusive options: xtables_options_fcheck complains at the end.
      this.kinds.add(kind);
      args.need(`--${option}`);
      return;
    }
    this.kinds.add(kind);
    this.kind = kind;
    this.raw = args.need(`--${option}`);
    this.invert = invert;
  }

  private readonly kinds = new Set<"source" | "destination" | "either">();

  finalCheck(ctx: ParseContext): void {
    if (this.kind === undefined) throw paramError("multiport expects an option");
    if (this.kinds.size > 1) {
      // xtables_options_fcheck walks the option table (source-ports, …, destination-ports, …, ports).
      const [a, b] = (["source", "destination", "either"] as const).filter((k) => this.kinds.has(k));
      const n = (k: string): string => (k === "either" ? "ports" : `${k}-ports`);
      throw paramError(`multiport: option "--${n(a!)}" cannot be used together with "--${n(b!)}".\n`);
    }
    const p = ctx.proto;
    const name = p === IPPROTO.TCP ? "tcp" : p === IPPROTO.UDP ? "udp" : p === IPPROTO.UDPLITE ? "udplite" : p === IPPROTO.SCTP ? "sctp" : p === IPPROTO.DCCP ? "dccp" : undefined;
    // check_proto: no protocol "needs", an inverted or other one "only works with".
    if (ctx.invProto || (name === undefined && p !== 0)) throw paramError("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
    if (name === undefined) throw paramError("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
    let count = 0;
    for (const part of this.raw.split(",")) {
      const colon = part.indexOf(":");
      if (colon < 0) {
        const v = parsePort(part, name);
        this.ports.push([v, v]);
        count++;
      } else {
        const lo = parsePort(part.slice(0, colon), name);
        const hi = parsePort(part.slice(colon + 1), name);
        if (lo > hi) throw paramError("invalid portrange specified");
        this.ports.push([lo, hi]);
        count += 2;
      }
      if (count > 15) throw paramError("too many ports specified");
    }
    this.proto = name === "udp" ? "udp" : "tcp";
  }

  private proto: "tcp" | "udp" = "tcp";

  private list(numeric: boolean): string {
    return this.ports.map(([lo, hi]) => (lo === hi ? portText(lo, numeric, this.proto) : `${portText(lo, numeric, this.proto)}:${portText(hi, numeric, this.proto)}`)).join(",");
  }

  save(): string {
    return `${this.invert ? " !" : ""} --${FLAG_NAME[this.kind!]} ${this.list(true)}`;
  }

  print(numeric: boolean): string {
    return ` multiport ${FLAG_NAME[this.kind!]} ${this.invert ? " !" : ""}${this.list(numeric)}`;
  }

  /** ports_match_v1. */
  matches(xp: XtPacket, rt: XtRuntime): boolean {
    if (xp.fragOff !== 0) return false;
    if (xp.l4len < 4) {
      rt.hotdrop = true;
      return false;
    }
    for (const [lo, hi] of this.ports) {
      const src = xp.sport >= lo && xp.sport <= hi;
      const dst = xp.dport >= lo && xp.dport <= hi;
      if ((this.kind === "source" && src) || (this.kind === "destination" && dst) || (this.kind === "either" && (src || dst))) return !this.invert;
    }
    return this.invert;
  }
}

export const multiportMatch: MatchExtension = {
  name: "multiport",
  options: opts({ sports: true, "source-ports": true, dports: true, "destination-ports": true, ports: true }),
  create: () => new MultiportMatch(),
};
