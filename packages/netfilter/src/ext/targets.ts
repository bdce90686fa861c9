/**
 * Targets: REJECT (libipt_REJECT.c, ipt_REJECT.c), LOG (libxt_LOG.c), MARK and CONNMARK
 * (libxt_MARK.c, libxt_CONNMARK.c revision 1), CT/NOTRACK and TRACE (libxt_CT.c,
 * libxt_TRACE.c), DNAT/SNAT/MASQUERADE/REDIRECT (libxt_DNAT.c, libxt_SNAT.c,
 * libxt_MASQUERADE.c, libxt_REDIRECT.c).
 */
import { formatIpv4, parseIpv4 } from "@pktsim/core";
import { paramError } from "../errors";
import { NfInetHook, Verdict } from "../hooks";
import { IPPROTO, hex, parseMarkMask, parseUint } from "../names";
import type { XtPacket } from "../xtpacket";
import { saveString } from "./simple";
import {
  type ArgCursor,
  type NatRange,
  NatRangeFlags,
  type ParseContext,
  type Target,
  type TargetExtension,
  type TargetServices,
  type XtRuntime,
  opts,
} from "./types";

const H = NfInetHook;
const bit = (h: number): number => 1 << h;
const INPUT_FORWARD_OUTPUT = bit(H.LOCAL_IN) | bit(H.FORWARD) | bit(H.LOCAL_OUT);

// ---- REJECT ----------------------------------------------------------------------------------

export const REJECT_TYPES: ReadonlyArray<readonly [string, string]> = [
  ["icmp-net-unreachable", "net-unreach"],
  ["icmp-host-unreachable", "host-unreach"],
  ["icmp-port-unreachable", "port-unreach"],
  ["icmp-proto-unreachable", "proto-unreach"],
  ["icmp-net-prohibited", "net-prohib"],
  ["icmp-host-prohibited", "host-prohib"],
  ["tcp-reset", "tcp-rst"],
  ["icmp-admin-prohibited", "admin-prohib"],
];

class RejectTarget implements Target {
  readonly name = "REJECT";
  readonly saveName = "REJECT";
  with = "icmp-port-unreachable";
  readonly needsConntrack = false;

  parse(option: string, args: ArgCursor): void {
    if (option !== "reject-with") throw paramError(`unknown option "--${option}"`);
    const v = args.need("--reject-with");
    const e = REJECT_TYPES.find(([name, alias]) => v === name || v === alias);
    if (e === undefined) throw paramError(`unknown reject type "${v}"`);
    this.with = e[0];
  }
  finalCheck(): void {}
  save(): string {
    return ` --reject-with ${this.with}`;
  }
  print(): string {
    return ` reject-with ${this.with}`;
  }
  check(_t: string, hookMask: number, proto: number, invProto: boolean): string | null {
    if ((hookMask & ~INPUT_FORWARD_OUTPUT) !== 0) return "hook";
    if (this.with === "tcp-reset" && (proto !== IPPROTO.TCP || invProto)) return "TCP_RESET invalid for non-tcp";
    return null;
  }
  fire(xp: XtPacket, _rt: XtRuntime, services: TargetServices): number {
    services.reject(xp, this.with);
    return Verdict.DROP;
  }
}

// ---- LOG -------------------------------------------------------------------------------------

const LOG_LEVEL_PARSE: ReadonlyArray<readonly [string, number]> = [
  ["alert", 1], ["crit", 2], ["debug", 7], ["emerg", 0], ["error", 3], ["info", 6], ["notice", 5], ["panic", 0], ["warning", 4],
];
const LOG_LEVEL_PRINT = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"];
export const LogFlags = { TCPSEQ: 1, TCPOPT: 2, IPOPT: 4, UID: 8, MACDECODE: 0x20 } as const;

class LogTarget implements Target {
  readonly name = "LOG";
  readonly saveName = "LOG";
  level = 4;
  flags = 0;
  prefix = "";
  readonly needsConntrack = false;

  parse(option: string, args: ArgCursor): void {
    switch (option) {
      case "log-level": {
        const v = args.need("--log-level");
        const n = parseUint(v, 7);
        const named = LOG_LEVEL_PARSE.find(([name]) => name === v);
        if (n === undefined && named === undefined) throw paramError(`log level "${v}" unknown\n`);
        this.level = n ?? named![1];
        return;
      }
      case "log-prefix": {
        const v = args.need("--log-prefix");
        if (v.length > 29) throw paramError(`Maximum prefix length 29 for --log-prefix`);
        this.prefix = v;
        return;
      }
      case "log-tcp-sequence":
        this.flags |= LogFlags.TCPSEQ;
        return;
      case "log-tcp-options":
        this.flags |= LogFlags.TCPOPT;
        return;
      case "log-ip-options":
        this.flags |= LogFlags.IPOPT;
        return;
      case "log-uid":
        this.flags |= LogFlags.UID;
        return;
      case "log-macdecode":
        this.flags |= LogFlags.MACDECODE;
        return;
      default:
        throw paramError(`unknown option "--${option}"`);
    }
  }
  finalCheck(): void {}
  save(): string {
    let s = "";
    if (this.prefix !== "") s += ` --log-prefix${saveString(this.prefix)}`;
    if (this.level !== 4) s += ` --log-level ${this.level}`;
    if (this.flags & LogFlags.TCPSEQ) s += " --log-tcp-sequence";
    if (this.flags & LogFlags.TCPOPT) s += " --log-tcp-options";
    if (this.flags & LogFlags.IPOPT) s += " --log-ip-options";
    if (this.flags & LogFlags.UID) s += " --log-uid";
    if (this.flags & LogFlags.MACDECODE) s += " --log-macdecode";
    return s;
  }
  print(numeric: boolean): string {
    let s = " LOG";
    if (numeric) s += ` flags ${this.flags} level ${this.level}`;
    else {
      s += ` level ${LOG_LEVEL_PRINT[this.level]}`;
      if (this.flags & LogFlags.TCPSEQ) s += " tcp-sequence";
      if (this.flags & LogFlags.TCPOPT) s += " tcp-options";
      if (this.flags & LogFlags.IPOPT) s += " ip-options";
      if (this.flags & LogFlags.UID) s += " uid";
      if (this.flags & LogFlags.MACDECODE) s += " macdecode";
    }
    if (this.prefix !== "") s += ` prefix "${this.prefix}"`;
    return s;
  }
  check(): string | null {
    return null;
  }
  fire(xp: XtPacket, _rt: XtRuntime, services: TargetServices): number {
    services.log(xp, this.level, this.prefix, this.flags);
    return Verdict.CONTINUE;
  }
}

// ---- MARK and CONNMARK -----------------------------------------------------------------------

/** The "set/and/or/xor/xset" rendering both MARK and CONNMARK use for a value/mask pair. */
function xsetText(prefix: string, mark: number, mask: number): string {
  if (mark === 0) return ` ${prefix} and ${hex(~mask >>> 0)}`;
  if (mark === mask) return ` ${prefix} or ${hex(mark)}`;
  if (mask === 0) return ` ${prefix} xor ${hex(mark)}`;
  if (mask === 0xffffffff) return ` ${prefix} set ${hex(mark)}`;
  return ` ${prefix} xset ${hex(mark)}/${hex(mask)}`;
}

/** --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark → (mark, mask) as xt_mark_tginfo2. */
function parseXmark(option: string, value: string, ext: string): { mark: number; mask: number } | undefined {
  switch (option) {
    case "set-xmark": {
      const { value: v, mask } = parseMarkMask(value, `--${option}`, ext);
      return { mark: v, mask };
    }
    case "set-mark": {
      const { value: v, mask } = parseMarkMask(value, `--${option}`, ext);
      return { mark: v, mask: (mask | v) >>> 0 };
    }
    case "and-mark": {
      const v = parseUint(value);
      if (v === undefined) throw paramError(`${ext}: bad integer value for option "--${option}", or out of range.\n`);
      return { mark: 0, mask: ~v >>> 0 };
    }
    case "or-mark": {
      const v = parseUint(value);
      if (v === undefined) throw paramError(`${ext}: bad integer value for option "--${option}", or out of range.\n`);
      return { mark: v, mask: v };
    }
    case "xor-mark": {
      const v = parseUint(value);
      if (v === undefined) throw paramError(`${ext}: bad integer value for option "--${option}", or out of range.\n`);
      return { mark: v, mask: 0 };
    }
    default:
      return undefined;
  }
}

class MarkTarget implements Target {
  readonly name = "MARK";
  readonly saveName = "MARK";
  mark = 0;
  mask = 0;
  private given = false;
  readonly needsConntrack = false;

  parse(option: string, args: ArgCursor): void {
    if (this.given) throw paramError("MARK: Can't specify --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark twice");
    const r = parseXmark(option, args.need(`--${option}`), "MARK");
    if (r === undefined) throw paramError(`unknown option "--${option}"`);
    this.mark = r.mark;
    this.mask = r.mask;
    this.given = true;
  }
  finalCheck(): void {
    if (!this.given) throw paramError("MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required");
  }
  save(): string {
    return ` --set-xmark ${hex(this.mark)}/${hex(this.mask)}`;
  }
  print(): string {
    return xsetText("MARK", this.mark, this.mask);
  }
  check(): string | null {
    return null;
  }
  /** mark_tg: mark = (mark & ~mask) ^ value. */
  fire(xp: XtPacket): number {
    xp.pkt.mark = ((xp.pkt.mark & ~this.mask) ^ this.mark) >>> 0;
    return Verdict.CONTINUE;
  }
}

class ConnmarkTarget implements Target {
  readonly name = "CONNMARK";
  readonly saveName = "CONNMARK";
  mode: "set" | "save" | "restore" | undefined;
  ctmark = 0;
  ctmask = 0xffffffff;
  nfmask = 0xffffffff;
  readonly needsConntrack = true;

  parse(option: string, args: ArgCursor): void {
    if (option === "save-mark" || option === "restore-mark") {
      if (this.mode !== undefined) throw paramError("CONNMARK: Can't specify --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark, --save-mark or --restore-mark twice");
      this.mode = option === "save-mark" ? "save" : "restore";
      return;
    }
    if (option === "mask" || option === "nfmask" || option === "ctmask") {
      const v = parseUint(args.need(`--${option}`));
      if (v === undefined) throw paramError(`CONNMARK: bad integer value for option "--${option}", or out of range.\n`);
      if (option !== "ctmask") this.nfmask = v;
      if (option !== "nfmask") this.ctmask = v;
      return;
    }
    const r = parseXmark(option, args.need(`--${option}`), "CONNMARK");
    if (r === undefined) throw paramError(`unknown option "--${option}"`);
    if (this.mode !== undefined) throw paramError("CONNMARK: Can't specify --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark, --save-mark or --restore-mark twice");
    this.mode = "set";
    this.ctmark = r.mark;
    this.ctmask = r.mask;
  }
  finalCheck(): void {
    if (this.mode === undefined) throw paramError("CONNMARK target: No operation specified");
  }
  save(): string {
    if (this.mode === "set") return ` --set-xmark ${hex(this.ctmark)}/${hex(this.ctmask)}`;
    return ` --${this.mode}-mark --nfmask ${hex(this.nfmask)} --ctmask ${hex(this.ctmask)}`;
  }
  print(): string {
    if (this.mode === "set") return xsetText("CONNMARK", this.ctmark, this.ctmask);
    const all = 0xffffffff;
    if (this.mode === "save") {
      if (this.nfmask === all && this.ctmask === all) return " CONNMARK save";
      if (this.nfmask === this.ctmask) return ` CONNMARK save mask ${hex(this.nfmask)}`;
      return ` CONNMARK save nfmask ${hex(this.nfmask)} ctmask ~${hex(this.ctmask)}`;
    }
    if (this.ctmask === all && this.nfmask === all) return " CONNMARK restore";
    if (this.ctmask === this.nfmask) return ` CONNMARK restore mask ${hex(this.ctmask)}`;
    return ` CONNMARK restore ctmask ${hex(this.ctmask)} nfmask ~${hex(this.nfmask)}`;
  }
  check(): string | null {
    return null;
  }
  /** connmark_tg (revision 1). */
  fire(xp: XtPacket, rt: XtRuntime): number {
    const ct = rt.ct(xp.pkt);
    if (ct === null) return Verdict.CONTINUE;
    const pkt = xp.pkt;
    if (this.mode === "set") ct.mark = ((ct.mark & ~this.ctmask) ^ this.ctmark) >>> 0;
    else if (this.mode === "save") ct.mark = ((ct.mark & ~this.ctmask) ^ (pkt.mark & this.nfmask)) >>> 0;
    else pkt.mark = ((pkt.mark & ~this.nfmask) ^ (ct.mark & this.ctmask)) >>> 0;
    return Verdict.CONTINUE;
  }
}

// ---- CT, NOTRACK, TRACE ----------------------------------------------------------------------

class CtTarget implements Target {
  readonly name = "CT";
  readonly saveName: string;
  notrack: boolean;
  zone = 0;
  readonly needsConntrack = true;

  constructor(alias: boolean) {
    this.saveName = alias ? "NOTRACK" : "CT";
    this.notrack = alias;
  }
  parse(option: string, args: ArgCursor): void {
    if (this.saveName === "NOTRACK") throw paramError(`unknown option "--${option}"`);
    if (option === "notrack") this.notrack = true;
    else if (option === "zone") {
      const v = parseUint(args.need("--zone"), 0xffff);
      if (v === undefined) throw paramError('CT: bad value for option "--zone", or out of range (0-65535).\n');
      this.zone = v;
    } else throw paramError(`unknown option "--${option}"`);
  }
  finalCheck(): void {}
  save(): string {
    if (this.saveName === "NOTRACK") return "";
    let s = "";
    if (this.notrack) s += " --notrack";
    if (this.zone !== 0) s += ` --zone ${this.zone}`;
    return s;
  }
  print(): string {
    if (this.saveName === "NOTRACK") return " NOTRACK";
    let s = " CT";
    if (this.notrack) s += " notrack";
    if (this.zone !== 0) s += ` zone ${this.zone}`;
    return s;
  }
  check(table: string): string | null {
    return table === "raw" ? null : "table";
  }
  fire(xp: XtPacket, _rt: XtRuntime, services: TargetServices): number {
    if (this.notrack) services.notrack(xp.pkt);
    return Verdict.CONTINUE;
  }
}

class TraceTarget implements Target {
  readonly name = "TRACE";
  readonly saveName = "TRACE";
  readonly needsConntrack = false;
  parse(option: string): void {
    throw paramError(`unknown option "--${option}"`);
  }
  finalCheck(): void {}
  save(): string {
    return "";
  }
  print(): string {
    return "";
  }
  check(): string | null {
    return null;
  }
  fire(xp: XtPacket, _rt: XtRuntime, services: TargetServices): number {
    services.trace(xp.pkt);
    return Verdict.CONTINUE;
  }
}

// ---- NAT -------------------------------------------------------------------------------------

/** parse_to: [IP[-IP]][:PORT[-PORT]] (libxt_DNAT.c/libxt_SNAT.c). */
function parseTo(text: string, ctx: ParseContext, _which: string): NatRange {
  const range: NatRange = { flags: 0, minAddr: 0, maxAddr: 0, minPort: 0, maxPort: 0 };
  const colon = text.indexOf(":");
  const ipPart = colon < 0 ? text : text.slice(0, colon);
  if (colon >= 0) {
    const p = ctx.proto;
    if (p !== IPPROTO.TCP && p !== IPPROTO.UDP && p !== IPPROTO.SCTP && p !== IPPROTO.DCCP && p !== IPPROTO.UDPLITE) {
      throw paramError("Need TCP, UDP, SCTP or DCCP with port specification");
    }
    const ports = text.slice(colon + 1);
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(ports);
    if (m === null) throw paramError(`Port \`${ports}' not valid\n`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo === 0 || lo > 65535 || hi > 65535) throw paramError(`Port \`${ports}' not valid\n`);
    if (hi < lo) throw paramError(`Port range \`${ports}' funky\n`);
    range.flags |= NatRangeFlags.PROTO_SPECIFIED;
    range.minPort = lo;
    range.maxPort = hi;
  }
  if (ipPart !== "") {
    const dash = ipPart.indexOf("-");
    const lo = parseIpv4(dash < 0 ? ipPart : ipPart.slice(0, dash));
    if (lo === undefined) throw paramError(`Bad IP address "${dash < 0 ? ipPart : ipPart.slice(0, dash)}"`);
    const hi = dash < 0 ? lo : parseIpv4(ipPart.slice(dash + 1));
    if (hi === undefined) throw paramError(`Bad IP address "${ipPart.slice(dash + 1)}"`);
    range.flags |= NatRangeFlags.MAP_IPS;
    range.minAddr = lo;
    range.maxAddr = hi;
  }
  return range;
}

function rangeText(r: NatRange): string {
  let s = "";
  if (r.flags & NatRangeFlags.MAP_IPS) {
    s += formatIpv4(r.minAddr);
    if (r.maxAddr !== r.minAddr) s += `-${formatIpv4(r.maxAddr)}`;
  }
  if (r.flags & NatRangeFlags.PROTO_SPECIFIED) {
    s += `:${r.minPort}`;
    if (r.maxPort !== r.minPort) s += `-${r.maxPort}`;
  }
  return s;
}

function portsText(r: NatRange): string {
  return r.minPort === r.maxPort ? `${r.minPort}` : `${r.minPort}-${r.maxPort}`;
}

function flagsText(r: NatRange, save: boolean): string {
  const d = save ? "--" : "";
  let s = "";
  if (r.flags & NatRangeFlags.PROTO_RANDOM) s += ` ${d}random`;
  if (r.flags & NatRangeFlags.PROTO_RANDOM_FULLY) s += ` ${d}random-fully`;
  if (r.flags & NatRangeFlags.PERSISTENT) s += ` ${d}persistent`;
  return s;
}

type NatKind = "DNAT" | "SNAT" | "MASQUERADE" | "REDIRECT";

class NatTarget implements Target {
  readonly name: NatKind;
  readonly saveName: NatKind;
  range: NatRange = { flags: 0, minAddr: 0, maxAddr: 0, minPort: 0, maxPort: 0 };
  private given = false;
  readonly needsConntrack = true;

  constructor(kind: NatKind) {
    this.name = kind;
    this.saveName = kind;
  }

  parse(option: string, args: ArgCursor, _invert: boolean, ctx: ParseContext): void {
    const k = this.name;
    if ((k === "DNAT" && option === "to-destination") || (k === "SNAT" && option === "to-source")) {
      if (this.given) throw paramError(`${k}: Multiple --${option} not supported`);
      const flags = this.range.flags;
      this.range = { ...parseTo(args.need(`--${option}`), ctx, k), flags: 0 };
      this.range.flags |= flags | (this.range.minPort !== 0 ? NatRangeFlags.PROTO_SPECIFIED : 0) | (this.range.minAddr !== 0 || this.range.maxAddr !== 0 ? NatRangeFlags.MAP_IPS : 0);
      this.given = true;
      return;
    }
    if ((k === "MASQUERADE" || k === "REDIRECT") && option === "to-ports") {
      const text = args.need("--to-ports");
      const p = ctx.proto;
      if (p !== IPPROTO.TCP && p !== IPPROTO.UDP && p !== IPPROTO.SCTP && p !== IPPROTO.DCCP && p !== IPPROTO.UDPLITE) {
        throw paramError("Need TCP, UDP, SCTP or DCCP with port specification");
      }
      const m = /^([0-9]+)(?:[-:]([0-9]+))?$/.exec(text);
      if (m === null) throw paramError(`Port \`${text}' not valid\n`);
      this.range.minPort = Number(m[1]);
      this.range.maxPort = m[2] === undefined ? this.range.minPort : Number(m[2]);
      this.range.flags |= NatRangeFlags.PROTO_SPECIFIED;
      return;
    }
    if (option === "random") this.range.flags |= NatRangeFlags.PROTO_RANDOM;
    else if (option === "random-fully" && k !== "REDIRECT") this.range.flags |= NatRangeFlags.PROTO_RANDOM_FULLY;
    else if (option === "persistent" && (k === "DNAT" || k === "SNAT")) this.range.flags |= NatRangeFlags.PERSISTENT;
    else throw paramError(`unknown option "--${option}"`);
  }

  finalCheck(): void {
    if ((this.name === "DNAT" || this.name === "SNAT") && !this.given) {
      throw paramError(`${this.name}: option "--to-${this.name === "DNAT" ? "destination" : "source"}" must be specified\n`);
    }
  }

  save(): string {
    const r = this.range;
    if (this.name === "DNAT" || this.name === "SNAT") {
      return ` --to-${this.name === "DNAT" ? "destination" : "source"} ${rangeText(r)}${flagsText(r, true)}`;
    }
    const ports = r.flags & NatRangeFlags.PROTO_SPECIFIED ? ` --to-ports ${portsText(r)}` : "";
    return `${ports}${flagsText(r, true)}`;
  }

  print(): string {
    const r = this.range;
    if (this.name === "DNAT" || this.name === "SNAT") return ` to:${rangeText(r)}${flagsText(r, false)}`;
    const ports = r.flags & NatRangeFlags.PROTO_SPECIFIED ? (this.name === "MASQUERADE" ? ` masq ports: ${portsText(r)}` : ` redir ports ${portsText(r)}`) : "";
    return `${ports}${flagsText(r, false)}`;
  }

  check(table: string, hookMask: number): string | null {
    if (table !== "nat") return "table";
    const allowed =
      this.name === "DNAT" || this.name === "REDIRECT"
        ? bit(H.PRE_ROUTING) | bit(H.LOCAL_OUT)
        : this.name === "SNAT"
          ? bit(H.POST_ROUTING) | bit(H.LOCAL_IN)
          : bit(H.POST_ROUTING);
    return (hookMask & ~allowed) !== 0 ? "hook" : null;
  }

  fire(xp: XtPacket, _rt: XtRuntime, services: TargetServices): number {
    switch (this.name) {
      case "DNAT":
        return services.natSetup(xp, this.range, "dst");
      case "SNAT":
        return services.natSetup(xp, this.range, "src");
      case "MASQUERADE":
        return services.masquerade(xp, this.range);
      default:
        return services.redirect(xp, this.range);
    }
  }
}

const NAT_OPTIONS = { random: false, "random-fully": false, persistent: false } as const;

export const TARGET_EXTENSIONS: readonly TargetExtension[] = [
  { name: "REJECT", options: opts({ "reject-with": true }), create: () => new RejectTarget() },
  {
    name: "LOG",
    options: opts({ "log-level": true, "log-prefix": true, "log-tcp-sequence": false, "log-tcp-options": false, "log-ip-options": false, "log-uid": false, "log-macdecode": false }),
    create: () => new LogTarget(),
  },
  { name: "MARK", options: opts({ "set-xmark": true, "set-mark": true, "and-mark": true, "or-mark": true, "xor-mark": true }), create: () => new MarkTarget() },
  {
    name: "CONNMARK",
    options: opts({ "set-xmark": true, "set-mark": true, "and-mark": true, "or-mark": true, "xor-mark": true, "save-mark": false, "restore-mark": false, mask: true, nfmask: true, ctmask: true }),
    create: () => new ConnmarkTarget(),
  },
  { name: "CT", options: opts({ notrack: false, zone: true }), create: () => new CtTarget(false) },
  { name: "NOTRACK", options: opts({}), create: () => new CtTarget(true) },
  { name: "TRACE", options: opts({}), create: () => new TraceTarget() },
  { name: "DNAT", options: opts({ "to-destination": true, ...NAT_OPTIONS }), create: () => new NatTarget("DNAT") },
  { name: "SNAT", options: opts({ "to-source": true, ...NAT_OPTIONS }), create: () => new NatTarget("SNAT") },
  { name: "MASQUERADE", options: opts({ "to-ports": true, random: false, "random-fully": false }), create: () => new NatTarget("MASQUERADE") },
  { name: "REDIRECT", options: opts({ "to-ports": true, random: false }), create: () => new NatTarget("REDIRECT") },
];
