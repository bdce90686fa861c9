/**
 * -m comment (libxt_comment.c), -m iprange (libxt_iprange.c, xt_iprange.c) and -m addrtype
 * (libxt_addrtype.c revision 1, xt_addrtype.c).
 */
import { formatIpv4, parseIpv4 } from "@pktsim/core";
import { paramError } from "../errors";
import { NfInetHook } from "../hooks";
import type { XtPacket } from "../xtpacket";
import { type ArgCursor, type Match, type MatchExtension, type XtRuntime, opts } from "./types";

/** xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with \" \\ \' escaped. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return ` ${value}`;
  return ` "${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

class CommentMatch implements Match {
  readonly name = "comment";
  comment: string | undefined;
  readonly needsConntrack = false;

  parse(option: string, args: ArgCursor): void {
    if (option !== "comment") throw paramError(`unknown option "--${option}"`);
    const c = args.need("--comment");
    if (c.length > 255) throw paramError(`comment: option "--comment" must be shorter than 256 characters\n`);
    this.comment = c;
  }

  finalCheck(): void {
    if (this.comment === undefined) throw paramError('comment: option "--comment" must be specified\n');
  }

  save(): string {
    return ` --comment${saveString(this.comment!)}`;
  }

  print(): string {
    return ` /* ${this.comment!} */`;
  }

  matches(): boolean {
    return true;
  }
}

export const commentMatch: MatchExtension = { name: "comment", options: opts({ comment: true }), create: () => new CommentMatch() };

class IprangeMatch implements Match {
  readonly name = "iprange";
  src: [number, number] | undefined;
  dst: [number, number] | undefined;
  srcInv = false;
  dstInv = false;
  readonly needsConntrack = false;
  /** The kernel's complaint about a reversed range (printed by iptables-nft's compat check). */
  warnings: string[] = [];

  parse(option: string, args: ArgCursor, invert: boolean): void {
    const text = args.need(`--${option}`);
    const dash = text.indexOf("-");
    const lo = parseIpv4(dash < 0 ? text : text.slice(0, dash));
    const hi = dash < 0 ? lo : parseIpv4(text.slice(dash + 1));
    if (lo === undefined || hi === undefined) throw paramError(`iprange: Bad IP address "${text}"`);
    if (lo > hi) this.warnings.push(`xt_iprange: range ${formatIpv4(lo)}-${formatIpv4(hi)} is reversed and will never match`);
    if (option === "src-range") {
      this.src = [lo, hi];
      this.srcInv = invert;
    } else if (option === "dst-range") {
      this.dst = [lo, hi];
      this.dstInv = invert;
    } else throw paramError(`unknown option "--${option}"`);
  }

  finalCheck(): void {}

  save(): string {
    let s = "";
    if (this.src) s += `${this.srcInv ? " !" : ""} --src-range ${formatIpv4(this.src[0])}-${formatIpv4(this.src[1])}`;
    if (this.dst) s += `${this.dstInv ? " !" : ""} --dst-range ${formatIpv4(this.dst[0])}-${formatIpv4(this.dst[1])}`;
    return s;
  }

  print(): string {
    let s = "";
    if (this.src) s += ` source IP range ${this.srcInv ? "! " : ""}${formatIpv4(this.src[0])}-${formatIpv4(this.src[1])}`;
    if (this.dst) s += ` destination IP range ${this.dstInv ? "! " : ""}${formatIpv4(this.dst[0])}-${formatIpv4(this.dst[1])}`;
    return s;
  }

  /** iprange_mt4. */
  matches(xp: XtPacket): boolean {
    if (this.src && (xp.src < this.src[0] || xp.src > this.src[1]) !== this.srcInv) return false;
    if (this.dst && (xp.dst < this.dst[0] || xp.dst > this.dst[1]) !== this.dstInv) return false;
    return true;
  }
}

export const iprangeMatch: MatchExtension = { name: "iprange", options: opts({ "src-range": true, "dst-range": true }), create: () => new IprangeMatch() };

/** enum rtn_type, as addrtype names them. */
export const RTN_NAMES: readonly string[] = [
  "UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE",
];

const AT = { INVERT_SOURCE: 1, INVERT_DEST: 2, LIMIT_IFACE_IN: 4, LIMIT_IFACE_OUT: 8 } as const;

class AddrtypeMatch implements Match {
  readonly name = "addrtype";
  source = 0;
  dest = 0;
  flags = 0;
  readonly needsConntrack = false;

  private types(text: string): number {
    let mask = 0;
    for (const part of text.split(",")) {
      const i = RTN_NAMES.indexOf(part.toUpperCase());
      if (i < 0) throw paramError(`addrtype: bad type "${part}"`);
      mask |= 1 << i;
    }
    return mask;
  }

  parse(option: string, args: ArgCursor, invert: boolean): void {
    switch (option) {
      case "src-type":
        if (this.source !== 0) throw paramError("addrtype: can't specify src-type twice");
        this.source = this.types(args.need("--src-type"));
        if (invert) this.flags |= AT.INVERT_SOURCE;
        return;
      case "dst-type":
        if (this.dest !== 0) throw paramError("addrtype: can't specify dst-type twice");
        this.dest = this.types(args.need("--dst-type"));
        if (invert) this.flags |= AT.INVERT_DEST;
        return;
      case "limit-iface-in":
        if (this.flags & AT.LIMIT_IFACE_OUT) throw paramError("addrtype: you can't specify both --limit-iface-in and --limit-iface-out");
        this.flags |= AT.LIMIT_IFACE_IN;
        return;
      case "limit-iface-out":
        if (this.flags & AT.LIMIT_IFACE_IN) throw paramError("addrtype: you can't specify both --limit-iface-in and --limit-iface-out");
        this.flags |= AT.LIMIT_IFACE_OUT;
        return;
      default:
        throw paramError(`unknown option "--${option}"`);
    }
  }

  finalCheck(): void {
    if (this.source === 0 && this.dest === 0) throw paramError("addrtype: you must specify --src-type or --dst-type");
  }

  private names(mask: number): string {
    return RTN_NAMES.filter((_, i) => (mask & (1 << i)) !== 0).join(",");
  }

  save(): string {
    let s = "";
    if (this.source) s += `${this.flags & AT.INVERT_SOURCE ? " !" : ""} --src-type ${this.names(this.source)}`;
    if (this.dest) s += `${this.flags & AT.INVERT_DEST ? " !" : ""} --dst-type ${this.names(this.dest)}`;
    if (this.flags & AT.LIMIT_IFACE_IN) s += " --limit-iface-in";
    if (this.flags & AT.LIMIT_IFACE_OUT) s += " --limit-iface-out";
    return s;
  }

  print(): string {
    let s = " ADDRTYPE match";
    if (this.source) s += ` src-type ${this.flags & AT.INVERT_SOURCE ? "!" : ""}${this.names(this.source)}`;
    if (this.dest) s += ` dst-type ${this.flags & AT.INVERT_DEST ? "!" : ""}${this.names(this.dest)}`;
    if (this.flags & AT.LIMIT_IFACE_IN) s += " limit-in";
    if (this.flags & AT.LIMIT_IFACE_OUT) s += " limit-out";
    return s;
  }

  /** addrtype_mt_v1. */
  matches(xp: XtPacket, rt: XtRuntime): boolean {
    let dev = null;
    if (this.flags & AT.LIMIT_IFACE_IN) dev = xp.inDev;
    else if (this.flags & AT.LIMIT_IFACE_OUT) dev = xp.outDev;
    if (this.source !== 0) {
      const ok = ((1 << rt.addrType(xp.src, dev)) & this.source) !== 0;
      if (ok === ((this.flags & AT.INVERT_SOURCE) !== 0)) return false;
    }
    if (this.dest !== 0) {
      const ok = ((1 << rt.addrType(xp.dst, dev)) & this.dest) !== 0;
      if (ok === ((this.flags & AT.INVERT_DEST) !== 0)) return false;
    }
    return true;
  }

  /** addrtype_mt_checkentry_v1: the interface limits are tied to hooks. */
  hookError(hookMask: number): string | null {
    const inHooks = (1 << NfInetHook.PRE_ROUTING) | (1 << NfInetHook.LOCAL_IN) | (1 << NfInetHook.FORWARD);
    const outHooks = (1 << NfInetHook.POST_ROUTING) | (1 << NfInetHook.LOCAL_OUT) | (1 << NfInetHook.FORWARD);
    if (this.flags & AT.LIMIT_IFACE_IN && (hookMask & ~inHooks) !== 0) return "both incoming and outgoing interface limitation cannot be selected";
    if (this.flags & AT.LIMIT_IFACE_OUT && (hookMask & ~outHooks) !== 0) return "output interface limitation not valid in PREROUTING and INPUT";
    return null;
  }
}

export const addrtypeMatch: MatchExtension = {
  name: "addrtype",
  options: opts({ "src-type": true, "dst-type": true, "limit-iface-in": false, "limit-iface-out": false }),
  create: () => new AddrtypeMatch(),
};
