/**
 * A rule: the IPv4 header part every rule has (struct ipt_ip: addresses with masks,
 * interfaces with `+` wildcards, protocol, fragment flag, inversions), its matches, and what
 * it does — a standard verdict, a jump or goto to a user chain, or a target extension — with
 * the packet and byte counters the kernel keeps for it.
 *
 * `parseRuleSpec` reads a rule the way iptables' command line and iptables-restore do (the
 * rule-spec part: -s -d -i -o -p -f -m -j -g -c and extension options); `saveRule` prints it
 * back canonicalised as iptables 1.8.9 (nf_tables) does.
 */
import { formatIpv4 } from "@pktsim/core";
import { XtablesError, paramError } from "./errors";
import type { TableName } from "./hooks";
import { IPPROTO, formatAddrMask, parseAddrList, parseProtocol, protocolName } from "./names";
import { MATCH_EXTENSIONS, STANDARD_TARGETS, TARGETS } from "./ext/registry";
import { nftMergeMatches } from "./ext/tcpudp";
import { ArgCursor, type Match, type ParseContext, type Target } from "./ext/types";
import type { XtPacket } from "./xtpacket";

const U64 = (1n << 64n) - 1n;

/** A counter as the kernel's u64 holds it (wrapping). */
export function u64(v: bigint): bigint {
  return v & U64;
}

/**
 * sscanf("%llu"): blanks, an optional sign, decimal digits (the rest ignored); too large
 * saturates (strtoull), a minus negates modulo 2^64 (-1 is 18446744073709551615).
 */
export function scanLlu(text: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)/.exec(text);
  if (m === null) return undefined;
  let v = BigInt(m[2]!);
  if (v > U64) return U64;
  if (m[1] === "-") v = u64(-v);
  return v;
}

/** IPT_INV_* bits. */
export const IptInv = { VIA_IN: 0x01, VIA_OUT: 0x02, SRCIP: 0x08, DSTIP: 0x10, FRAG: 0x20, PROTO: 0x40 } as const;

export interface IpSpec {
  src: number;
  smsk: number;
  dst: number;
  dmsk: number;
  /** Interface name without the trailing "+"; `inWild` when it had one. */
  iniface: string;
  inWild: boolean;
  outiface: string;
  outWild: boolean;
  proto: number;
  fragment: boolean;
  invflags: number;
}

export function emptyIpSpec(): IpSpec {
  return { src: 0, smsk: 0, dst: 0, dmsk: 0, iniface: "", inWild: false, outiface: "", outWild: false, proto: 0, fragment: false, invflags: 0 };
}

/** What a rule does when it matches. */
export type RuleAction =
  | { readonly kind: "none" }
  | { readonly kind: "accept" }
  | { readonly kind: "drop" }
  | { readonly kind: "return" }
  | { readonly kind: "queue" }
  | { readonly kind: "jump"; readonly chain: string }
  | { readonly kind: "goto"; readonly chain: string }
  | { readonly kind: "target"; readonly target: Target };

/**
 * A pair of xt_counters (a rule's, or a built-in chain's policy): the counts the packet path bumps
 * (plain numbers: exact up to 2^53) on top of `pbase` and `bbase`, what -c or a restore set (exact
 * u64). `packets`/`bytes` are the kernel's u64 values.
 */
export class XtCounters {
  pcnt = 0;
  bcnt = 0;
  pbase = 0n;
  bbase = 0n;

  get packets(): bigint {
    return u64(this.pbase + BigInt(this.pcnt));
  }

  get bytes(): bigint {
    return u64(this.bbase + BigInt(this.bcnt));
  }

  setCounters(p: bigint, b: bigint): void {
    this.pcnt = this.bcnt = 0;
    this.pbase = p;
    this.bbase = b;
  }

  /** The same counts on `to` (a copy of this rule or chain). */
  protected copyCountersTo(to: XtCounters): void {
    to.pcnt = this.pcnt;
    to.bcnt = this.bcnt;
    to.pbase = this.pbase;
    to.bbase = this.bbase;
  }
}

export class Rule extends XtCounters {
  readonly ip: IpSpec;
  readonly matches: readonly Match[];
  readonly action: RuleAction;
  /** The nftables rule handle (what xtables-monitor --trace shows). */
  handle = 0;
  /** Whether the command line had -i (1) / -o (2), even "-i +" that the rule drops (do_parse's checks). */
  via = 0;
  /** Messages iptables-nft printed while adding it (the kernel's compat warnings). */
  readonly warnings: readonly string[];

  /** What the packet path evaluates: the matches as given, before nftMergeMatches merged them for listing. */
  readonly evalMatches: readonly Match[];

  constructor(ip: IpSpec, matches: readonly Match[], action: RuleAction, warnings: readonly string[] = [], evalMatches: readonly Match[] = matches) {
    super();
    this.ip = ip;
    this.matches = matches;
    this.evalMatches = evalMatches;
    this.action = action;
    this.warnings = warnings;
  }

  zeroCounters(): void {
    this.setCounters(0n, 0n);
  }

  get needsConntrack(): boolean {
    return this.evalMatches.some((m) => m.needsConntrack) || (this.action.kind === "target" && this.action.target.needsConntrack);
  }

  /** The name in the target column of -L ("" for none). */
  get targetName(): string {
    switch (this.action.kind) {
      case "none":
        return "";
      case "accept":
        return "ACCEPT";
      case "drop":
        return "DROP";
      case "return":
        return "RETURN";
      case "queue":
        return "QUEUE";
      case "jump":
      case "goto":
        return this.action.chain;
      default:
        return this.action.target.name;
    }
  }

  /** The rule as `-S` prints it after "-A CHAIN" (leading space included). */
  spec(): string {
    return saveRuleBody(this);
  }

  /** The same rule with another jump/goto target chain name (after -E). */
  withChainRenamed(from: string, to: string): Rule {
    const a = this.action;
    if ((a.kind === "jump" || a.kind === "goto") && a.chain === from) {
      const r = new Rule(this.ip, this.matches, { kind: a.kind, chain: to }, this.warnings, this.evalMatches);
      this.copyCountersTo(r);
      r.handle = this.handle;
      r.via = this.via;
      return r;
    }
    return this;
  }
}

/** ip_packet_match. */
export function ipPacketMatch(ip: IpSpec, xp: XtPacket): boolean {
  const inv = ip.invflags;
  if ((((xp.src & ip.smsk) >>> 0) !== ip.src) !== ((inv & IptInv.SRCIP) !== 0)) return false;
  if ((((xp.dst & ip.dmsk) >>> 0) !== ip.dst) !== ((inv & IptInv.DSTIP) !== 0)) return false;
  if (ip.iniface !== "" || ip.inWild) {
    const name = xp.inDev?.name ?? "";
    if (ifaceMatch(name, ip.iniface, ip.inWild) === ((inv & IptInv.VIA_IN) !== 0)) return false;
  }
  if (ip.outiface !== "" || ip.outWild) {
    const name = xp.outDev?.name ?? "";
    if (ifaceMatch(name, ip.outiface, ip.outWild) === ((inv & IptInv.VIA_OUT) !== 0)) return false;
  }
  if (ip.proto !== 0 && (xp.proto !== ip.proto) !== ((inv & IptInv.PROTO) !== 0)) return false;
  if (ip.fragment && (xp.fragOff === 0) !== ((inv & IptInv.FRAG) !== 0)) return false;
  return true;
}

function ifaceMatch(name: string, want: string, wild: boolean): boolean {
  return wild ? name.startsWith(want) : name === want;
}

// ---------------------------------------------------------------------------------------------
// Parsing

export interface RuleSpecResult {
  /** The first of `rules`. */
  rule: Rule;
  /**
   * One rule per source × destination address of comma lists (-s A,B -d C,D gives A→C, A→D,
   * B→C, B→D: xtables_ipparse_multiple and add_entry's loops); a single rule otherwise.
   */
  rules: Rule[];
  /** -c PKTS BYTES. */
  counters?: { pcnt: bigint; bcnt: bigint };
}

/** Whether a jump target names a user chain of the table being edited. */
export type ChainExists = (name: string) => boolean;

const SHORT: Record<string, string> = {
  "-s": "source",
  "--source": "source",
  "--src": "source",
  "-d": "destination",
  "--destination": "destination",
  "--dst": "destination",
  "-i": "in-interface",
  "--in-interface": "in-interface",
  "-o": "out-interface",
  "--out-interface": "out-interface",
  "-p": "protocol",
  "--protocol": "protocol",
  "-f": "fragment",
  "--fragment": "fragment",
  "-m": "match",
  "--match": "match",
  "-j": "jump",
  "--jump": "jump",
  "-g": "goto",
  "--goto": "goto",
  "-c": "set-counters",
  "--set-counters": "set-counters",
};

/** iptables' own long options (xtables.c original_opts), for getopt's abbreviations. */
const BUILTIN_LONG = [
  "append", "delete", "insert", "replace", "list", "list-rules", "flush", "zero", "new-chain", "delete-chain", "policy",
  "rename-chain", "source", "src", "destination", "dst", "protocol", "in-interface", "jump", "table", "match", "numeric",
  "out-interface", "verbose", "wait", "wait-interval", "exact", "fragment", "version", "help", "line-numbers", "modprobe",
  "set-counters", "goto", "ipv4", "ipv6", "check",
];

function parseIface(text: string): { name: string; wild: boolean } {
  if (text.length > 15) throw paramError(`interface name \`${text}' must be shorter than IFNAMSIZ (15)`);
  if (text.endsWith("+")) return { name: text.slice(0, -1), wild: true };
  return { name: text, wild: false };
}

/**
 * Parses a rule-spec (everything of an iptables command line that is not the command, the
 * chain or the table). Throws XtablesError with iptables' message.
 */
export function parseRuleSpec(args: readonly string[], table: TableName, chainExists: ChainExists): RuleSpecResult {
  const first = parseOne(args, table, chainExists, undefined);
  const { srcs, dsts } = first;
  if (srcs.length === 1 && dsts.length === 1) return first.result;
  // Each rule gets its own match and target objects (their state is per rule in the kernel).
  const rules: Rule[] = [];
  for (const s of srcs) for (const d of dsts) rules.push(parseOne(args, table, chainExists, { s, d }).result.rule);
  return { ...first.result, rule: rules[0]!, rules };
}

type AddrMask = { addr: number; mask: number };

function parseOne(
  args: readonly string[],
  table: TableName,
  chainExists: ChainExists,
  pick: { s: AddrMask; d: AddrMask } | undefined,
): { result: RuleSpecResult; srcs: AddrMask[]; dsts: AddrMask[] } {
  const ip = emptyIpSpec();
  let srcText: string | undefined;
  let dstText: string | undefined;
  /** OPT_VIANAMEIN/OUT as do_parse saw them (-i + is dropped from the rule but still counts). */
  let via = 0;
  const matches: Array<{ ext: string; m: Match }> = [];
  let action: RuleAction = { kind: "none" };
  let target: Target | undefined;
  let counters: { pcnt: bigint; bcnt: bigint } | undefined;
  const seen = new Set<string>();
  const cur = new ArgCursor(args);
  let invert = false;
  const ctx = (): ParseContext => ({ table, proto: ip.proto, invProto: (ip.invflags & IptInv.PROTO) !== 0 });
  const once = (flag: string, letter: string): void => {
    if (seen.has(flag)) throw paramError(`multiple -${letter} flags not allowed`);
    seen.add(flag);
  };
  const noInvert = (what: string): void => {
    if (invert) throw paramError(`cannot have ! before -${what}`);
  };

  while (!cur.done) {
    const a = cur.next()!;
    if (a === "!") {
      if (invert) throw paramError("Multiple `!' flags not allowed");
      invert = true;
      continue;
    }
    const std = SHORT[a];
    if (std !== undefined) {
      switch (std) {
        case "source":
        case "destination": {
          const letter = std === "source" ? "s" : "d";
          once(std, letter);
          // Resolved after the extensions' final checks (ipv4_post_parse).
          if (std === "source") {
            srcText = cur.need(a);
            if (invert) ip.invflags |= IptInv.SRCIP;
          } else {
            dstText = cur.need(a);
            if (invert) ip.invflags |= IptInv.DSTIP;
          }
          break;
        }
        case "in-interface":
        case "out-interface": {
          const letter = std === "in-interface" ? "i" : "o";
          once(std, letter);
          const { name, wild } = parseIface(cur.need(a));
          via |= std === "in-interface" ? 1 : 2;
          // "-i +" matches every interface: iptables-nft emits nothing for it (add_iniface),
          // so the rule lists without it; "! -i +" is kept.
          if (name === "" && wild && !invert) break;
          if (std === "in-interface") {
            ip.iniface = name;
            ip.inWild = wild;
            if (invert) ip.invflags |= IptInv.VIA_IN;
          } else {
            ip.outiface = name;
            ip.outWild = wild;
            if (invert) ip.invflags |= IptInv.VIA_OUT;
          }
          break;
        }
        case "protocol":
          once(std, "p");
          ip.proto = parseProtocol(cur.need(a));
          if (invert) {
            if (ip.proto === 0) throw paramError("rule would never match protocol");
            ip.invflags |= IptInv.PROTO;
          }
          break;
        case "fragment":
          once(std, "f");
          ip.fragment = true;
          if (invert) ip.invflags |= IptInv.FRAG;
          break;
        case "match": {
          noInvert("m");
          const name = cur.need(a);
          const ext = MATCH_EXTENSIONS.get(name);
          if (ext === undefined) throw paramError(`Couldn't load match \`${name}':No such file or directory\n`);
          matches.push({ ext: name, m: ext.create() });
          break;
        }
        case "jump":
        case "goto": {
          noInvert(std === "jump" ? "j" : "g");
          if (seen.has("jump") || seen.has("goto")) throw paramError("multiple -j flags not allowed");
          seen.add(std);
          const name = cur.need(a);
          if (std === "goto") {
            if (!chainExists(name)) throw paramError(`Chain '${name}' does not exist`);
            action = { kind: "goto", chain: name };
            break;
          }
          if (STANDARD_TARGETS.has(name)) {
            action = { kind: name.toLowerCase() as "accept" | "drop" | "return" | "queue" };
            break;
          }
          const ext = TARGETS.get(name);
          if (ext !== undefined) {
            target = ext.create();
            action = { kind: "target", target };
            break;
          }
          if (!chainExists(name)) throw paramError(`Chain '${name}' does not exist`);
          action = { kind: "jump", chain: name };
          break;
        }
        case "set-counters": {
          // do_parse: "-c P,B" or "-c P B" (the next word unless it starts with - or !),
          // each read by sscanf("%llu").
          noInvert("c");
          const p = cur.need(a);
          let b: string | undefined;
          const comma = p.indexOf(",", 1);
          if (comma >= 0) b = p.slice(comma + 1);
          else {
            const nx = cur.peek();
            if (nx !== undefined && !nx.startsWith("-") && !nx.startsWith("!")) b = cur.next();
          }
          if (b === undefined) throw paramError("-c requires packet and byte counter");
          const pv = scanLlu(p);
          if (pv === undefined) throw paramError(`-c packet counter not numeric`);
          const bv = scanLlu(b);
          if (bv === undefined) throw paramError(`-c byte counter not numeric`);
          counters = { pcnt: pv, bcnt: bv };
          break;
        }
        default:
          break;
      }
      invert = false;
      continue;
    }
    if (a.startsWith("--")) {
      const opt = a.slice(2);
      // The most recently loaded extension that knows the option takes it (the target first,
      // as its options are merged last), then an implicit match for -p.
      let owner: { parse: Match["parse"] } | undefined;
      if (target !== undefined && TARGETS.get(target.saveName)?.options.has(opt)) owner = target;
      if (owner === undefined) {
        for (let i = matches.length - 1; i >= 0; i--) {
          const e = MATCH_EXTENSIONS.get(matches[i]!.ext)!;
          if (e.options.has(opt)) {
            owner = matches[i]!.m;
            break;
          }
        }
      }
      // getopt_long takes an unambiguous abbreviation of a loaded extension's option:
      // "--dport" after -m multiport is its --dports, before -p's implicit match is loaded.
      if (owner === undefined) {
        const cands: Array<{ owner: { parse: Match["parse"] }; name: string }> = [];
        if (target !== undefined) {
          for (const name of TARGETS.get(target.saveName)!.options.keys()) if (name.startsWith(opt)) cands.push({ owner: target, name });
        }
        for (const { ext, m } of matches) {
          for (const name of MATCH_EXTENSIONS.get(ext)!.options.keys()) if (name.startsWith(opt)) cands.push({ owner: m, name });
        }
        const builtinPrefix = BUILTIN_LONG.some((n) => n.startsWith(opt));
        if (cands.length === 1 && !builtinPrefix) {
          cands[0]!.owner.parse(cands[0]!.name, cur, invert, ctx());
          invert = false;
          continue;
        }
      }
      if (owner === undefined && ip.proto !== 0 && (ip.invflags & IptInv.PROTO) === 0) {
        const implicit = ip.proto === IPPROTO.TCP ? "tcp" : ip.proto === IPPROTO.UDP ? "udp" : ip.proto === IPPROTO.ICMP ? "icmp" : undefined;
        const ext = implicit === undefined ? undefined : MATCH_EXTENSIONS.get(implicit);
        // getopt runs again with the protocol's options merged: an unambiguous abbreviation
        // works there too (verified: -p tcp --dpo 80).
        let name: string | undefined = ext?.options.has(opt) === true ? opt : undefined;
        if (name === undefined && ext !== undefined && !BUILTIN_LONG.some((n) => n.startsWith(opt))) {
          const cands = [...ext.options.keys()].filter((n) => n.startsWith(opt));
          if (cands.length === 1) name = cands[0];
        }
        if (ext !== undefined && name !== undefined) {
          const m = ext.create();
          matches.push({ ext: ext.name, m });
          m.parse(name, cur, invert, ctx());
          invert = false;
          continue;
        }
      }
      if (owner === undefined) throw paramError(`unknown option "${a}"`);
      owner.parse(opt, cur, invert, ctx());
      invert = false;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) throw paramError(`unknown option "${a}"`);
    throw new XtablesError("bare", `Bad argument \`${a}'`);
  }
  if (invert) throw paramError("Invalid use of `!' at the end");

  for (const { m } of matches) m.finalCheck(ctx());
  target?.finalCheck(ctx());
  // ipv4_post_parse: the address lists, then "!" with several of them.
  const srcs = srcText === undefined ? [{ addr: 0, mask: 0 }] : parseAddrList(srcText);
  const dsts = dstText === undefined ? [{ addr: 0, mask: 0 }] : parseAddrList(dstText);
  if ((srcs.length > 1 || dsts.length > 1) && (ip.invflags & (IptInv.SRCIP | IptInv.DSTIP)) !== 0) {
    throw paramError("! not allowed with multiple source or destination IP addresses");
  }
  const s = pick?.s ?? srcs[0]!;
  const d = pick?.d ?? dsts[0]!;
  ip.src = s.addr;
  ip.smsk = s.mask;
  ip.dst = d.addr;
  ip.dmsk = d.mask;
  if (table === "nat" && action.kind === "drop") {
    throw paramError('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
  }
  const warnings = matches.flatMap(({ m }) => ((m as { warnings?: string[] }).warnings ?? []));
  const given = matches.map((x) => x.m);
  const rule = new Rule(ip, nftMergeMatches(given), action, warnings, given);
  rule.via = via;
  if (counters !== undefined) rule.setCounters(counters.pcnt, counters.bcnt);
  const result: RuleSpecResult = counters === undefined ? { rule, rules: [rule] } : { rule, rules: [rule], counters };
  return { result, srcs, dsts };
}

// ---------------------------------------------------------------------------------------------
// Printing

function ipPartSave(ip: IpSpec): string {
  let s = "";
  const inv = (bit: number): string => ((ip.invflags & bit) !== 0 ? " !" : "");
  if (ip.smsk !== 0 || ip.invflags & IptInv.SRCIP) s += `${inv(IptInv.SRCIP)} -s ${formatAddrMask(ip.src, ip.smsk)}`;
  if (ip.dmsk !== 0 || ip.invflags & IptInv.DSTIP) s += `${inv(IptInv.DSTIP)} -d ${formatAddrMask(ip.dst, ip.dmsk)}`;
  if (ip.iniface !== "" || ip.inWild) s += `${inv(IptInv.VIA_IN)} -i ${ip.iniface}${ip.inWild ? "+" : ""}`;
  if (ip.outiface !== "" || ip.outWild) s += `${inv(IptInv.VIA_OUT)} -o ${ip.outiface}${ip.outWild ? "+" : ""}`;
  if (ip.proto !== 0) s += `${inv(IptInv.PROTO)} -p ${protocolName(ip.proto) ?? String(ip.proto)}`;
  if (ip.fragment) s += `${inv(IptInv.FRAG)} -f`;
  return s;
}

/** Everything after "-A CHAIN": " -s … -m … -j …"; `-S -v` puts " -c P B" before the target. */
export function saveRuleBody(rule: Rule, withCounters = false): string {
  let s = ipPartSave(rule.ip);
  for (const m of rule.matches) s += ` -m ${m.name}${m.save()}`;
  if (withCounters) s += ` -c ${rule.packets} ${rule.bytes}`;
  const a = rule.action;
  switch (a.kind) {
    case "none":
      break;
    case "goto":
      s += ` -g ${a.chain}`;
      break;
    case "target":
      s += ` -j ${a.target.saveName}${a.target.save()}`;
      break;
    default:
      s += ` -j ${rule.targetName}`;
  }
  return s;
}

/** The address column of -L: "0.0.0.0/0", "10.0.0.1" (host), "10.0.0.0/8". */
export function addrColumn(addr: number, mask: number): string {
  if (mask === 0) return "0.0.0.0/0";
  return mask === 0xffffffff ? formatIpv4(addr) : formatAddrMask(addr, mask);
}
