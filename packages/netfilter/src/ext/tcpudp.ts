/**
 * The protocol matches -p loads implicitly: tcp and udp (libxt_tcp.c/libxt_udp.c,
 * net/netfilter/xt_tcpudp.c) and icmp (libxt_icmp.c, ip_tables.c icmp_match).
 */
import { paramError } from "../errors";
import { ICMP_TYPE_NAMES, IPPROTO, parseIcmpType } from "../names";
import type { XtPacket } from "../xtpacket";
import { type ArgCursor, type Match, type MatchExtension, type ParseContext, type XtRuntime, opts } from "./types";
import { parsePortRange, printPorts, savePorts } from "./ports";

const TCP_FLAG_NAMES: ReadonlyArray<readonly [string, number]> = [
  ["FIN", 0x01], ["SYN", 0x02], ["RST", 0x04], ["PSH", 0x08], ["ACK", 0x10], ["URG", 0x20], ["ALL", 0x3f], ["NONE", 0],
];

function parseTcpFlags(text: string): number {
  let flags = 0;
  for (const part of text.split(",")) {
    const e = TCP_FLAG_NAMES.find(([n]) => n === part.toUpperCase());
    if (e === undefined) throw paramError(`Unknown TCP flag \`${part}'`);
    flags |= e[1];
  }
  return flags;
}

function tcpFlagsText(flags: number): string {
  const names: string[] = [];
  let f = flags & 0x3f;
  while (f !== 0) {
    const e = TCP_FLAG_NAMES.find(([, bit]) => (f & bit) !== 0)!;
    names.push(e[0]);
    f &= ~e[1];
  }
  return names.length === 0 ? "NONE" : names.join(",");
}

const INV = { SRCPT: 1, DSTPT: 2, FLAGS: 4, OPTION: 8 } as const;

class TcpUdpMatch implements Match {
  readonly name: "tcp" | "udp";
  spts: [number, number] = [0, 0xffff];
  dpts: [number, number] = [0, 0xffff];
  option = 0;
  flgMask = 0;
  flgCmp = 0;
  invflags = 0;
  readonly needsConntrack = false;
  private seen = new Set<string>();

  constructor(name: "tcp" | "udp") {
    this.name = name;
  }

  parse(option: string, args: ArgCursor, invert: boolean): void {
    const canon = option === "source-port" ? "sport" : option === "destination-port" ? "dport" : option;
    if (this.seen.has(canon) || (canon === "syn" && this.seen.has("tcp-flags")) || (canon === "tcp-flags" && this.seen.has("syn"))) {
      throw paramError(`${this.name}: "--${option}" option may only be specified once`);
    }
    this.seen.add(canon);
    switch (canon) {
      case "sport":
        this.spts = parsePortRange(args.need(`--${option}`), this.name);
        if (invert) this.invflags |= INV.SRCPT;
        return;
      case "dport":
        this.dpts = parsePortRange(args.need(`--${option}`), this.name);
        if (invert) this.invflags |= INV.DSTPT;
        return;
      case "syn":
        this.flgMask = 0x17;
        this.flgCmp = 0x02;
        if (invert) this.invflags |= INV.FLAGS;
        return;
      case "tcp-flags": {
        const mask = args.need(`--${option}`);
        const cmp = args.next();
        if (cmp === undefined || cmp.startsWith("-") || cmp === "!") throw paramError("--tcp-flags requires two args.");
        this.flgMask = parseTcpFlags(mask);
        this.flgCmp = parseTcpFlags(cmp);
        if (invert) this.invflags |= INV.FLAGS;
        return;
      }
      case "tcp-option": {
        const v = args.need(`--${option}`);
        if (!/^[0-9]+$/.test(v) || Number(v) < 1 || Number(v) > 255) throw paramError(`tcp: Bad value for "--tcp-option" option: "${v}"`);
        this.option = Number(v);
        if (invert) this.invflags |= INV.OPTION;
        return;
      }
      default:
        throw paramError(`unknown option "--${option}"`);
    }
  }

  finalCheck(): void {}

  /** Whether iptables-nft turns it into payload expressions only (no --tcp-option, something set). */
  payloadOnly(): boolean {
    if (this.option !== 0 || (this.invflags & INV.OPTION) !== 0) return false;
    return this.portsSet(this.spts, INV.SRCPT) || this.portsSet(this.dpts, INV.DSTPT) || this.flgMask !== 0 || (this.invflags & INV.FLAGS) !== 0;
  }

  private portsSet(r: [number, number], bit: number): boolean {
    return r[0] !== 0 || r[1] !== 0xffff || (this.invflags & bit) !== 0;
  }

  copy(): TcpUdpMatch {
    const c = new TcpUdpMatch(this.name);
    c.spts = [...this.spts];
    c.dpts = [...this.dpts];
    c.option = this.option;
    c.flgMask = this.flgMask;
    c.flgCmp = this.flgCmp;
    c.invflags = this.invflags;
    return c;
  }

  /** Takes the fields `other` sets (nft_parse_tcp/udp writing into a reused match). */
  absorb(other: TcpUdpMatch): void {
    if (other.portsSet(other.spts, INV.SRCPT)) {
      this.spts = [...other.spts];
      this.invflags = (this.invflags & ~INV.SRCPT) | (other.invflags & INV.SRCPT);
    }
    if (other.portsSet(other.dpts, INV.DSTPT)) {
      this.dpts = [...other.dpts];
      this.invflags = (this.invflags & ~INV.DSTPT) | (other.invflags & INV.DSTPT);
    }
    if (other.flgMask !== 0 || (other.invflags & INV.FLAGS) !== 0) {
      this.flgMask = other.flgMask;
      this.flgCmp = other.flgCmp;
      this.invflags = (this.invflags & ~INV.FLAGS) | (other.invflags & INV.FLAGS);
    }
  }

  save(): string {
    let s = savePorts("--sport", this.spts[0], this.spts[1], (this.invflags & INV.SRCPT) !== 0);
    s += savePorts("--dport", this.dpts[0], this.dpts[1], (this.invflags & INV.DSTPT) !== 0);
    if (this.option !== 0 || (this.invflags & INV.OPTION) !== 0) s += `${this.invflags & INV.OPTION ? " !" : ""} --tcp-option ${this.option}`;
    if (this.flgMask !== 0 || (this.invflags & INV.FLAGS) !== 0) {
      s += `${this.invflags & INV.FLAGS ? " !" : ""} --tcp-flags ${tcpFlagsText(this.flgMask)} ${tcpFlagsText(this.flgCmp)}`;
    }
    return s;
  }

  print(numeric: boolean): string {
    let s = ` ${this.name}`;
    s += printPorts("spt", this.spts[0], this.spts[1], (this.invflags & INV.SRCPT) !== 0, numeric, this.name);
    s += printPorts("dpt", this.dpts[0], this.dpts[1], (this.invflags & INV.DSTPT) !== 0, numeric, this.name);
    if (this.option !== 0 || (this.invflags & INV.OPTION) !== 0) s += ` option=${this.invflags & INV.OPTION ? "!" : ""}${this.option}`;
    if (this.flgMask !== 0 || (this.invflags & INV.FLAGS) !== 0) {
      const inv = this.invflags & INV.FLAGS ? "!" : "";
      const h = (v: number): string => `0x${v.toString(16).toUpperCase().padStart(2, "0")}`;
      s += ` flags:${inv}${numeric ? `${h(this.flgMask)}/${h(this.flgCmp)}` : `${tcpFlagsText(this.flgMask)}/${tcpFlagsText(this.flgCmp)}`}`;
    }
    return s;
  }

  /** tcp_mt / udp_mt. */
  matches(xp: XtPacket, rt: XtRuntime): boolean {
    if (xp.fragOff !== 0) {
      // "Don't allow a fragment of TCP 8 bytes in": offset 1 would overwrite the flags.
      if (this.name === "tcp" && xp.fragOff === 1) rt.hotdrop = true;
      return false;
    }
    if (xp.l4len < (this.name === "tcp" ? 20 : 8)) {
      rt.hotdrop = true;
      return false;
    }
    const inRange = (p: number, r: [number, number], inv: boolean): boolean => (p >= r[0] && p <= r[1]) !== inv;
    if (!inRange(xp.sport, this.spts, (this.invflags & INV.SRCPT) !== 0)) return false;
    if (!inRange(xp.dport, this.dpts, (this.invflags & INV.DSTPT) !== 0)) return false;
    if (this.name === "udp") return true;
    if (((xp.tcpFlags & this.flgMask) === this.flgCmp) === ((this.invflags & INV.FLAGS) !== 0)) return false;
    if (this.option !== 0) {
      const found = tcpFindOption(xp, this.option);
      if (found === undefined) {
        rt.hotdrop = true;
        return false;
      }
      if (found === ((this.invflags & INV.OPTION) !== 0)) return false;
    }
    return true;
  }
}

/**
 * iptables-nft keeps a tcp or udp match without --tcp-option as payload expressions (ports,
 * flags), not as an xt match. Reading a rule back (nft_parse_tcp/nft_parse_udp through
 * nft_create_match with reuse) puts those fields into the rule's first match of that name —
 * created where the first such expression is, never an xt match — and a later field overwrites an earlier one:
 * "-p tcp --dport 80 -m tcp --sport 1" lists as "-m tcp --sport 1 --dport 80". A match with
 * --tcp-option, or with nothing set, stays an xt match of its own (nft_parse_match appends it;
 * verified: "-m udp -m udp --dport 5" and "--tcp-option 7 -m tcp --sport 1" list as two). The
 * kernel's rule still holds every expression, so the rule keeps evaluating the matches as
 * given (Rule.evalMatches: --sport 1 with --sport 2 never matches, though it lists as --sport 2).
 */
export function nftMergeMatches(matches: readonly Match[]): Match[] {
  const out: Match[] = [];
  // The matches given stay as they are (the rule still evaluates them all); a host is copied.
  const copies = new Set<Match>();
  for (const m of matches) {
    const i = m instanceof TcpUdpMatch && m.payloadOnly() ? out.findIndex((o) => o.name === m.name && o instanceof TcpUdpMatch && o.payloadOnly()) : -1;
    if (i < 0) {
      out.push(m);
      continue;
    }
    let host = out[i] as TcpUdpMatch;
    if (!copies.has(host)) {
      host = host.copy();
      copies.add(host);
      out[i] = host;
    }
    host.absorb(m as TcpUdpMatch);
  }
  return out;
}

/** tcp_find_option: undefined when the options are truncated (hotdrop). */
function tcpFindOption(xp: XtPacket, option: number): boolean | undefined {
  const b = xp.pkt.buf;
  const doff = (b[xp.thoff + 12]! >>> 4) * 4;
  if (doff < 20 || doff > xp.l4len) return doff < 20 ? undefined : undefined;
  let i = xp.thoff + 20;
  const end = xp.thoff + doff;
  while (i < end) {
    const kind = b[i]!;
    if (kind === option) return true;
    if (kind < 2) i++;
    else i += Math.max(b[i + 1] ?? 1, 1);
  }
  return false;
}

export const tcpMatch: MatchExtension = {
  name: "tcp",
  options: opts({ "source-port": true, sport: true, "destination-port": true, dport: true, syn: false, "tcp-flags": true, "tcp-option": true }),
  create: () => new TcpUdpMatch("tcp"),
};

export const udpMatch: MatchExtension = {
  name: "udp",
  options: opts({ "source-port": true, sport: true, "destination-port": true, dport: true }),
  create: () => new TcpUdpMatch("udp"),
};

class IcmpMatch implements Match {
  readonly name = "icmp";
  type = 0xff;
  codeMin = 0;
  codeMax = 0xff;
  invert = false;
  private given = false;
  readonly needsConntrack = false;

  parse(option: string, args: ArgCursor, invert: boolean): void {
    if (option !== "icmp-type") throw paramError(`unknown option "--${option}"`);
    const t = parseIcmpType(args.need("--icmp-type"));
    this.type = t.type;
    this.codeMin = t.codeMin;
    this.codeMax = t.codeMax;
    this.invert = invert;
    this.given = true;
  }

  finalCheck(_ctx: ParseContext): void {}

  save(): string {
    if (!this.given && this.type === 0xff && !this.invert) return "";
    const inv = this.invert ? " !" : "";
    if (this.type === 0xff) return `${inv} --icmp-type any`;
    const code = this.codeMin !== 0 || this.codeMax !== 0xff ? `/${this.codeMin}` : "";
    return `${inv} --icmp-type ${this.type}${code}`;
  }

  /** print_icmptype, including its missing space ("icmptype 8") in the numeric form. */
  print(numeric: boolean): string {
    if (!numeric) {
      const e = ICMP_TYPE_NAMES.find((n) => n.type === this.type && n.codeMin === this.codeMin && n.codeMax === this.codeMax);
      if (e !== undefined) return ` icmp ${this.invert ? "!" : ""}${e.name}`;
    }
    let s = ` icmp${this.invert ? " !" : ""}type ${this.type}`;
    if (this.codeMin === this.codeMax) s += ` code ${this.codeMin}`;
    else if (this.codeMin !== 0 || this.codeMax !== 0xff) s += ` codes ${this.codeMin}-${this.codeMax}`;
    return s;
  }

  /** icmp_match: type 0xff matches every type. */
  matches(xp: XtPacket, rt: XtRuntime): boolean {
    if (xp.fragOff !== 0) return false;
    if (xp.l4len < 2 || xp.proto !== IPPROTO.ICMP) {
      if (xp.l4len < 2) rt.hotdrop = true;
      return false;
    }
    const m = (this.type === 0xff || (xp.icmpType === this.type && xp.icmpCode >= this.codeMin && xp.icmpCode <= this.codeMax)) !== this.invert;
    return m;
  }
}

export const icmpMatch: MatchExtension = {
  name: "icmp",
  options: opts({ "icmp-type": true }),
  create: () => new IcmpMatch(),
};
