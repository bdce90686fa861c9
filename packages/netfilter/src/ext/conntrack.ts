/**
 * -m conntrack (libxt_conntrack.c revision 3, net/netfilter/xt_conntrack.c) and -m state,
 * which iptables implements as the same match printed under its own name.
 */
import { formatIpv4 } from "@pktsim/core";
import { paramError } from "../errors";
import { addrToAnyname, parseAddrMask, parseProtocol, prefixLenOf } from "../names";
import { CtInfo, IP_CT_IS_REPLY, IPS } from "../conntrack";
import type { XtPacket } from "../xtpacket";
import { type ArgCursor, type Match, type MatchExtension, type XtRuntime, opts } from "./types";

/** XT_CONNTRACK_STATE_* bits. */
export const CtState = {
  INVALID: 1,
  ESTABLISHED: 2,
  RELATED: 4,
  NEW: 8,
  UNTRACKED: 16,
  SNAT: 64,
  DNAT: 128,
} as const;
const STATE_PRINT_ORDER: ReadonlyArray<readonly [string, number]> = [
  ["INVALID", CtState.INVALID], ["NEW", CtState.NEW], ["RELATED", CtState.RELATED], ["ESTABLISHED", CtState.ESTABLISHED],
  ["UNTRACKED", CtState.UNTRACKED], ["SNAT", CtState.SNAT], ["DNAT", CtState.DNAT],
];
const STATUS_NAMES: ReadonlyArray<readonly [string, number]> = [
  ["EXPECTED", IPS.EXPECTED], ["SEEN_REPLY", IPS.SEEN_REPLY], ["ASSURED", IPS.ASSURED], ["CONFIRMED", IPS.CONFIRMED],
];

const F = {
  STATE: 1 << 0, PROTO: 1 << 1, ORIGSRC: 1 << 2, ORIGDST: 1 << 3, REPLSRC: 1 << 4, REPLDST: 1 << 5,
  STATUS: 1 << 6, EXPIRES: 1 << 7, ORIGSRC_PORT: 1 << 8, ORIGDST_PORT: 1 << 9, REPLSRC_PORT: 1 << 10,
  REPLDST_PORT: 1 << 11, DIRECTION: 1 << 12,
} as const;

function parseNames(text: string, table: ReadonlyArray<readonly [string, number]>, what: string, allowNone: boolean): number {
  let bits = 0;
  for (const part of text.split(",")) {
    if (allowNone && part === "NONE") continue;
    const e = table.find(([n]) => n === part);
    if (e === undefined) throw paramError(`Bad ${what} "${part}"`);
    bits |= e[1];
  }
  return bits;
}

function namesText(bits: number, table: ReadonlyArray<readonly [string, number]>, none: string): string {
  const names = table.filter(([, b]) => (bits & b) !== 0).map(([n]) => n);
  return names.length === 0 ? none : names.join(",");
}

function addrText(addr: number, mask: number, numeric: boolean): string {
  const len = prefixLenOf(mask);
  const name = numeric ? formatIpv4(addr) : addrToAnyname(addr);
  if (len === 32) return name;
  return `${name}/${len >= 0 ? len : formatIpv4(mask)}`;
}

function parseRange(text: string, option: string): [number, number] {
  const m = /^([0-9]+)(?::([0-9]+))?$/.exec(text);
  if (m === null) throw paramError(`conntrack: bad value for option "${option}", or out of range.`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return [lo, hi];
}

const STATE_OPTION_PARSE: ReadonlyArray<readonly [string, number]> = [
  ["INVALID", CtState.INVALID], ["ESTABLISHED", CtState.ESTABLISHED], ["NEW", CtState.NEW], ["RELATED", CtState.RELATED],
  ["UNTRACKED", CtState.UNTRACKED], ["SNAT", CtState.SNAT], ["DNAT", CtState.DNAT],
];

class ConntrackMatch implements Match {
  readonly name: "conntrack" | "state";
  flags = 0;
  invert = 0;
  stateMask = 0;
  proto = 0;
  readonly addrs: Record<"origsrc" | "origdst" | "replsrc" | "repldst", { addr: number; mask: number }> = {
    origsrc: { addr: 0, mask: 0 },
    origdst: { addr: 0, mask: 0 },
    replsrc: { addr: 0, mask: 0 },
    repldst: { addr: 0, mask: 0 },
  };
  readonly ports: Record<"origsrcport" | "origdstport" | "replsrcport" | "repldstport", [number, number]> = {
    origsrcport: [0, 0],
    origdstport: [0, 0],
    replsrcport: [0, 0],
    repldstport: [0, 0],
  };
  statusMask = 0;
  expires: [number, number] = [0, 0];
  readonly needsConntrack = true;

  constructor(name: "conntrack" | "state") {
    this.name = name;
  }

  private set(flag: number, invert: boolean): void {
    this.flags |= flag;
    if (invert) this.invert |= flag;
  }

  parse(option: string, args: ArgCursor, invert: boolean): void {
    const arg = args.need(`--${option}`);
    switch (option) {
      case "state":
      case "ctstate":
        this.stateMask = parseNames(arg, STATE_OPTION_PARSE, this.name === "state" ? "state" : "ctstate", false);
        if (this.name === "state" && (this.stateMask & (CtState.SNAT | CtState.DNAT)) !== 0) throw paramError(`Bad state "${arg}"`);
        this.set(F.STATE, invert);
        return;
      case "ctproto":
        this.proto = parseProtocol(arg);
        if (this.proto === 0) throw paramError("conntrack: --ctproto all is not supported");
        this.set(F.PROTO, invert);
        return;
      case "ctorigsrc":
      case "ctorigdst":
      case "ctreplsrc":
      case "ctrepldst": {
        const key = option.slice(2) as "origsrc" | "origdst" | "replsrc" | "repldst";
        this.addrs[key] = parseAddrMask(arg);
        this.set({ origsrc: F.ORIGSRC, origdst: F.ORIGDST, replsrc: F.REPLSRC, repldst: F.REPLDST }[key], invert);
        return;
      }
      case "ctorigsrcport":
      case "ctorigdstport":
      case "ctreplsrcport":
      case "ctrepldstport": {
        const key = option.slice(2) as "origsrcport" | "origdstport" | "replsrcport" | "repldstport";
        this.ports[key] = parseRange(arg, `--${option}`);
        this.set({ origsrcport: F.ORIGSRC_PORT, origdstport: F.ORIGDST_PORT, replsrcport: F.REPLSRC_PORT, repldstport: F.REPLDST_PORT }[key], invert);
        return;
      }
      case "ctstatus":
        this.statusMask = parseNames(arg, STATUS_NAMES, "ctstatus", true);
        this.set(F.STATUS, invert);
        return;
      case "ctexpire":
        this.expires = parseRange(arg, "--ctexpire");
        this.set(F.EXPIRES, invert);
        return;
      case "ctdir":
        if (arg !== "ORIGINAL" && arg !== "REPLY") throw paramError(`Unknown --ctdir "${arg}"`);
        this.flags |= F.DIRECTION;
        if (arg === "REPLY") this.invert |= F.DIRECTION;
        else this.invert &= ~F.DIRECTION;
        return;
      default:
        throw paramError(`unknown option "--${option}"`);
    }
  }

  finalCheck(): void {
    if (this.flags === 0) {
      throw paramError(this.name === "state" ? 'state: option "--state" must be specified\n' : "You must specify one or more options");
    }
  }

  /** conntrack_dump with its fixed option order; `save` picks the "--" spelling. */
  private dump(save: boolean, numeric = true): string {
    const o = (name: string): string => (save ? `--${name}` : name);
    const inv = (flag: number): string => ((this.invert & flag) !== 0 ? (save ? " !" : " !") : "");
    let s = "";
    if (this.flags & F.STATE) s += `${inv(F.STATE)} ${o(this.name === "state" ? "state" : "ctstate")} ${namesText(this.stateMask, STATE_PRINT_ORDER, "")}`;
    if (this.flags & F.PROTO) s += `${inv(F.PROTO)} ${o("ctproto")} ${this.proto}`;
    const a = this.addrs;
    if (this.flags & F.ORIGSRC) s += `${inv(F.ORIGSRC)} ${o("ctorigsrc")} ${addrText(a.origsrc.addr, a.origsrc.mask, numeric)}`;
    if (this.flags & F.ORIGDST) s += `${inv(F.ORIGDST)} ${o("ctorigdst")} ${addrText(a.origdst.addr, a.origdst.mask, numeric)}`;
    if (this.flags & F.REPLSRC) s += `${inv(F.REPLSRC)} ${o("ctreplsrc")} ${addrText(a.replsrc.addr, a.replsrc.mask, numeric)}`;
    if (this.flags & F.REPLDST) s += `${inv(F.REPLDST)} ${o("ctrepldst")} ${addrText(a.repldst.addr, a.repldst.mask, numeric)}`;
    const p = this.ports;
    const r = (x: [number, number]): string => (x[0] === x[1] ? `${x[0]}` : `${x[0]}:${x[1]}`);
    if (this.flags & F.ORIGSRC_PORT) s += `${inv(F.ORIGSRC_PORT)} ${o("ctorigsrcport")} ${r(p.origsrcport)}`;
    if (this.flags & F.ORIGDST_PORT) s += `${inv(F.ORIGDST_PORT)} ${o("ctorigdstport")} ${r(p.origdstport)}`;
    if (this.flags & F.REPLSRC_PORT) s += `${inv(F.REPLSRC_PORT)} ${o("ctreplsrcport")} ${r(p.replsrcport)}`;
    if (this.flags & F.REPLDST_PORT) s += `${inv(F.REPLDST_PORT)} ${o("ctrepldstport")} ${r(p.repldstport)}`;
    if (this.flags & F.STATUS) s += `${inv(F.STATUS)} ${o("ctstatus")} ${namesText(this.statusMask, STATUS_NAMES, "NONE")}`;
    if (this.flags & F.EXPIRES) s += `${inv(F.EXPIRES)} ${o("ctexpire")} ${r(this.expires)}`;
    if (this.flags & F.DIRECTION) s += ` ${o("ctdir")} ${this.invert & F.DIRECTION ? "REPLY" : "ORIGINAL"}`;
    return s;
  }

  save(): string {
    return this.dump(true);
  }

  print(numeric: boolean): string {
    return this.dump(false, numeric);
  }

  /** conntrack_mt (revision 3). */
  matches(xp: XtPacket, rt: XtRuntime): boolean {
    const pkt = xp.pkt;
    const ct = rt.ct(pkt);
    const untracked = rt.untracked(pkt);
    let statebit: number;
    if (untracked) statebit = CtState.UNTRACKED;
    else if (ct !== null) statebit = 1 << ((pkt.ctInfo % IP_CT_IS_REPLY) + 1);
    else statebit = CtState.INVALID;
    const not = (flag: number): boolean => (this.invert & flag) === 0;
    if (this.flags & F.STATE) {
      if (ct !== null) {
        if (ct.status & IPS.SRC_NAT) statebit |= CtState.SNAT;
        if (ct.status & IPS.DST_NAT) statebit |= CtState.DNAT;
      }
      if (((this.stateMask & statebit) !== 0) !== not(F.STATE)) return false;
    }
    if (ct === null) return (this.flags & F.STATE) !== 0;
    const dirIsOrig = pkt.ctInfo < IP_CT_IS_REPLY;
    if (this.flags & F.DIRECTION && dirIsOrig !== not(F.DIRECTION)) return false;
    const [orig, reply] = ct.tuple;
    const addrOk = (addr: number, m: { addr: number; mask: number }): boolean => ((addr & m.mask) >>> 0) === m.addr;
    if (this.flags & F.ORIGSRC && addrOk(orig.src, this.addrs.origsrc) !== not(F.ORIGSRC)) return false;
    if (this.flags & F.ORIGDST && addrOk(orig.dst, this.addrs.origdst) !== not(F.ORIGDST)) return false;
    if (this.flags & F.REPLSRC && addrOk(reply.src, this.addrs.replsrc) !== not(F.REPLSRC)) return false;
    if (this.flags & F.REPLDST && addrOk(reply.dst, this.addrs.repldst) !== not(F.REPLDST)) return false;
    if (this.flags & F.PROTO && (orig.proto === this.proto) !== not(F.PROTO)) return false;
    const portOk = (v: number, r: [number, number]): boolean => v >= r[0] && v <= r[1];
    if (this.flags & F.ORIGSRC_PORT && portOk(orig.sport, this.ports.origsrcport) !== not(F.ORIGSRC_PORT)) return false;
    if (this.flags & F.ORIGDST_PORT && portOk(orig.dport, this.ports.origdstport) !== not(F.ORIGDST_PORT)) return false;
    if (this.flags & F.REPLSRC_PORT && portOk(reply.sport, this.ports.replsrcport) !== not(F.REPLSRC_PORT)) return false;
    if (this.flags & F.REPLDST_PORT && portOk(reply.dport, this.ports.repldstport) !== not(F.REPLDST_PORT)) return false;
    if (this.flags & F.STATUS && ((this.statusMask & ct.status) !== 0) !== not(F.STATUS)) return false;
    if (this.flags & F.EXPIRES) {
      const secs = Math.floor(ct.expiresIn(rt.now) / 1e9);
      if ((secs >= this.expires[0] && secs <= this.expires[1]) !== not(F.EXPIRES)) return false;
    }
    return true;
  }
}

export const conntrackMatch: MatchExtension = {
  name: "conntrack",
  options: opts({
    ctstate: true, ctproto: true, ctorigsrc: true, ctorigdst: true, ctreplsrc: true, ctrepldst: true,
    ctorigsrcport: true, ctorigdstport: true, ctreplsrcport: true, ctrepldstport: true, ctstatus: true, ctexpire: true, ctdir: true,
  }),
  create: () => new ConntrackMatch("conntrack"),
};

export const stateMatch: MatchExtension = {
  name: "state",
  options: opts({ state: true }),
  create: () => new ConntrackMatch("state"),
};

export { CtInfo };
